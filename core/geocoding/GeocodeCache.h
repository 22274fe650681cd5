#pragma once
// GeocodeCache: the reverse geocoder's answers kept in an SQLite file of their own, so an address
// asked once is never asked of the service again, across restarts (Nominatim's usage policy asks
// clients to cache). Its own QtSql connection name per instance, so it never meets the fleet
// database's connection. Without a directory it keeps answers in memory only.

#include "util/TimeUtil.h"

#include <QHash>
#include <QString>

#include <optional>

namespace fw {

class GeocodeCache
{
public:
    // `directory` empty: memory only. The file is `directory`/geocode-cache.sqlite.
    explicit GeocodeCache(const QString &directory);
    ~GeocodeCache();
    GeocodeCache(const GeocodeCache &) = delete;
    GeocodeCache &operator=(const GeocodeCache &) = delete;

    bool isPersistent() const { return !m_connection.isEmpty(); }

    // The address kept for `key` (empty: the service knows no address there), if one was kept
    // at or after `notBefore`.
    std::optional<QString> find(const QString &key, TimeMs notBefore) const;
    void store(const QString &key, const QString &address, TimeMs fetchedAt);

private:
    struct Entry
    {
        QString address;
        TimeMs fetchedAt = 0;
    };
    QString m_connection; // empty when the file could not be opened
    QHash<QString, Entry> m_memory; // used when there is no file
};

} // namespace fw
