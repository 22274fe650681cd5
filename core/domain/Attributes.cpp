#include "Attributes.h"

#include <QJsonValue>

namespace fw {

void Attributes::set(const QString &key, const QVariant &value)
{
    for (Entry &e : m_entries) {
        if (e.key == key) {
            e.value = value;
            return;
        }
    }
    m_entries.append(Entry { key, value });
}

QVariant Attributes::value(const QString &key, const QVariant &fallback) const
{
    for (const Entry &e : m_entries) {
        if (e.key == key)
            return e.value;
    }
    return fallback;
}

bool Attributes::contains(const QString &key) const
{
    for (const Entry &e : m_entries) {
        if (e.key == key)
            return true;
    }
    return false;
}

void Attributes::remove(const QString &key)
{
    m_entries.removeIf([&key](const Entry &e) { return e.key == key; });
}

QJsonObject Attributes::toJson() const
{
    QJsonObject o;
    for (const Entry &e : m_entries)
        o.insert(e.key, QJsonValue::fromVariant(e.value));
    return o;
}

Attributes Attributes::fromJson(const QJsonObject &object)
{
    Attributes a;
    a.reserve(object.size());
    for (auto it = object.begin(); it != object.end(); ++it)
        a.m_entries.append(Entry { it.key(), it.value().toVariant() });
    return a;
}

bool Attributes::operator==(const Attributes &other) const
{
    if (size() != other.size())
        return false;
    for (const Entry &e : m_entries) {
        if (!other.contains(e.key) || other.value(e.key) != e.value)
            return false;
    }
    return true;
}

} // namespace fw
