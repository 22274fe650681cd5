#include "GeocodeCache.h"

#include "GeocodingLog.h"

#include <QAtomicInteger>
#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace fw {

namespace {
QString nextConnectionName()
{
    static QAtomicInteger<int> counter;
    return QStringLiteral("fw_geocode_cache_") + QString::number(++counter);
}
} // namespace

GeocodeCache::GeocodeCache(const QString &directory)
{
    if (directory.isEmpty())
        return;
    if (!QDir().mkpath(directory)) {
        qCWarning(lcGeocoding) << "cannot create the geocoder cache directory" << directory
                               << "- keeping addresses in memory only";
        return;
    }
    const QString name = nextConnectionName();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QDir(directory).filePath(QStringLiteral("geocode-cache.sqlite")));
        bool ok = db.open();
        if (ok) {
            QSqlQuery q(db);
            ok = q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS reverse_geocode ("
                                       "key TEXT PRIMARY KEY, address TEXT NOT NULL, "
                                       "fetched_at INTEGER NOT NULL)"));
        }
        if (ok) {
            m_connection = name;
            return;
        }
        qCWarning(lcGeocoding) << "geocoder cache" << db.databaseName()
                               << "unusable, keeping addresses in memory only:"
                               << db.lastError().text();
    }
    QSqlDatabase::removeDatabase(name);
}

GeocodeCache::~GeocodeCache()
{
    if (m_connection.isEmpty())
        return;
    QSqlDatabase::database(m_connection, false).close();
    QSqlDatabase::removeDatabase(m_connection);
}

std::optional<QString> GeocodeCache::find(const QString &key, TimeMs notBefore) const
{
    if (m_connection.isEmpty()) {
        const auto it = m_memory.constFind(key);
        if (it == m_memory.cend() || it->fetchedAt < notBefore)
            return std::nullopt;
        return it->address;
    }
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral(
        "SELECT address FROM reverse_geocode WHERE key = ? AND fetched_at >= ?"));
    q.addBindValue(key);
    q.addBindValue(notBefore);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return q.value(0).toString();
}

void GeocodeCache::store(const QString &key, const QString &address, TimeMs fetchedAt)
{
    if (m_connection.isEmpty()) {
        m_memory.insert(key, Entry { address, fetchedAt });
        return;
    }
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO reverse_geocode (key, address, fetched_at) VALUES (?, ?, ?)"));
    q.addBindValue(key);
    q.addBindValue(address);
    q.addBindValue(fetchedAt);
    if (!q.exec())
        qCWarning(lcGeocoding) << "could not keep an address in the cache:" << q.lastError().text();
}

} // namespace fw
