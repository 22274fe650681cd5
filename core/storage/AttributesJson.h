#pragma once
// AttributesJson: compact JSON text for position and event attributes as stored in the database.
// Writing is on the writer's hot path (hundreds of thousands of rows a second), so it appends
// straight into a QString (Qt SQL path) or UTF-8 bytes (SQLite C API path) instead of building a
// QJsonDocument; reading uses Qt's parser.

#include "domain/Attributes.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace fw {

class AttributesJson
{
public:
    // `{"k":v,...}`; an empty string for empty attributes (stored as NULL).
    static QString write(const Attributes &attributes);
    static void append(QString &out, const Attributes &attributes);
    static void appendValue(QString &out, const QVariant &value);
    static void appendString(QString &out, QStringView text);
    // The same JSON as UTF-8, appended to `out` without intermediate QStrings.
    static void appendUtf8(QByteArray &out, const Attributes &attributes);
    static void appendValueUtf8(QByteArray &out, const QVariant &value);
    static void appendStringUtf8(QByteArray &out, QStringView text);
    // Plain text as UTF-8 for storing in a text column: NUL becomes U+FFFD (as in the Qt SQL
    // path: NUL is not allowed in SQL text), an unpaired surrogate '?' (as QString::toUtf8).
    static void appendText(QByteArray &out, QStringView text);
    // Empty or invalid text gives empty attributes.
    static Attributes read(const QString &text);
    static Attributes readUtf8(const char *data, qsizetype size);

    // One top-level value of stored JSON without parsing the rest (reports over millions of
    // rows): a number (or a number in a string), or true/false. nullopt when the key is absent
    // or holds something else.
    static std::optional<double> findNumber(QByteArrayView json, QByteArrayView key);
    static std::optional<bool> findBool(QByteArrayView json, QByteArrayView key);
};

} // namespace fw
