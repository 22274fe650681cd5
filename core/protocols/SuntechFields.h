#pragma once
// The ';' fields of a Suntech text report, read front to back, and the readers of the parts
// several report layouts share (UEX user data, the engine-meter / driver / temperature tail).
// Split from SuntechDecoder to keep each file short.

#include "domain/Attributes.h"
#include "domain/Position.h"

#include <QStringList>

namespace fw {

// Cursor over the ';' fields of a text report; reading past the end gives empty fields.
class SuntechFields
{
public:
    explicit SuntechFields(QStringList f) : m_f(std::move(f)) { }
    QString next() { return m_i < m_f.size() ? m_f[m_i++] : QString(); }
    QString peek(int ahead = 0) const { return m_f.value(m_i + ahead); }
    void skip(int n = 1) { m_i += n; }
    bool atEnd() const { return m_i >= m_f.size(); }
    qsizetype left() const { return m_f.size() - m_i; }
    qsizetype size() const { return m_f.size(); }
    const QString &at(qsizetype i) const { return m_f[i]; }

private:
    QStringList m_f;
    qsizetype m_i = 0;
};

namespace suntech {

void setInt(Attributes &a, const QString &key, const QString &text, int base = 10);
void setDouble(Attributes &a, const QString &key, const QString &text);
// "LEN;item;item..": LEN characters of items (temperatures, fuel, driver, free text).
void readUserData(SuntechFields &f, Position &p);
// Engine minutes, backup battery, archive flag, analog inputs, rpm, driver, temperatures.
void readMeterTail(SuntechFields &f, Attributes &a);

} // namespace suntech

} // namespace fw
