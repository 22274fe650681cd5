#include "Database.h"
#include "DeviceRows.h"
#include "DeviceTombstones.h"

#include "AccessControl.h"
#include "ConnectionError.h"
#include "HistoryReader.h"
#include "RowWriter.h"
#include "SqliteNative.h"
#include "StorageLog.h"
#include "StorageSchema.h"
#include "StorageTr.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QSqlError>

using namespace Qt::StringLiterals;

namespace fw {

namespace {

QAtomicInt s_connectionCounter;

} // namespace

Database::Database(const QString &connectionName)
    : m_name(connectionName.isEmpty()
                 ? u"fleetwatch-"_s + QString::number(s_connectionCounter.fetchAndAddRelaxed(1))
                 : connectionName)
{
}

Database::~Database()
{
    close();
    if (QSqlDatabase::contains(m_name))
        QSqlDatabase::removeDatabase(m_name);
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_name, false);
}

int Database::latestSchemaVersion()
{
    return StorageSchema::latestVersion();
}

bool Database::fail(const QString &what, const QString &detail)
{
    m_lastError = detail.isEmpty() ? what : what + u": "_s + detail;
    qCWarning(lcStorage).noquote() << m_lastError;
    return false;
}

bool Database::fail(const QString &what, const QSqlQuery &query)
{
    return fail(what, query.lastError().text());
}

bool Database::run(QSqlQuery &query, const QString &what)
{
    if (query.exec())
        return true;
    return fail(what, query);
}

bool Database::run(const QString &sql, const QString &what)
{
    QSqlQuery q(connection());
    if (q.exec(sql))
        return true;
    return fail(what, q);
}

bool Database::exec(const QString &sql)
{
    return run(sql, u"statement failed"_s);
}

QSqlQuery &Database::prepared(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        auto q = std::make_unique<QSqlQuery>(connection());
        if (!q->prepare(sql))
            qCWarning(lcStorage).noquote() << "cannot prepare statement:" << q->lastError().text();
        it = m_statements.emplace(sql, std::move(q)).first;
    }
    return *it->second;
}

bool Database::open(const DatabaseConfig &config)
{
    close();
    m_config = config;
    m_dialect = SqlDialect(config.backend());
    m_lastError.clear();
    const QString driver = config.qtDriverName();
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        return fail(u"cannot open "_s + config.displayUrl(),
                    u"the Qt SQL driver "_s + driver + u" is not installed"_s);
    }
    if (QSqlDatabase::contains(m_name))
        QSqlDatabase::removeDatabase(m_name);
    QSqlDatabase db = QSqlDatabase::addDatabase(driver, m_name);
    QString options = m_dialect.connectOptions();
    if (config.isPostgres() && !config.connectOptions().isEmpty())
        options += u';' + config.connectOptions(); // sslmode, sslrootcert, ... from the URL
    db.setConnectOptions(options);
    if (config.isSqlite()) {
        const QString path = config.path();
        if (path != u":memory:") {
            const QFileInfo info(path);
            if (!info.absoluteDir().exists()) {
                return fail(u"cannot open "_s + config.displayUrl(),
                            u"the folder "_s + info.absolutePath() + u" does not exist"_s);
            }
            if (info.exists() && info.isDir())
                return fail(u"cannot open "_s + config.displayUrl(), u"it is a folder"_s);
        }
        db.setDatabaseName(path);
    } else {
        db.setHostName(config.host());
        db.setPort(config.port());
        db.setDatabaseName(config.databaseName());
        db.setUserName(config.user());
        db.setPassword(config.password());
    }
    if (!db.open()) {
        const QString detail = config.isPostgres()
            ? ConnectionError::describe(db.lastError().text(), config)
            : db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
        return fail(u"cannot open "_s + config.displayUrl(), detail);
    }
    if (!applySession() || !migrate()) {
        const QString error = m_lastError;
        close();
        m_lastError = error;
        return false;
    }
    if (config.isSqlite())
        m_native = SqliteNative::attach(connection(), m_dialect);
    else
        m_pgCopy = PostgresCopyWriter::attach(connection());
    qCDebug(lcStorage).noquote() << "opened" << config.displayUrl() << "as" << m_name
                                 << (usesNativeSqlite() ? "(SQLite C API)" : "")
                                 << (usesPostgresCopy() ? "(COPY)" : "");
    return true;
}

bool Database::usesNativeSqlite() const
{
    return m_native != nullptr;
}

bool Database::applySession()
{
    for (const QString &sql : m_dialect.sessionSetup()) {
        if (!run(sql, u"cannot open "_s + m_config.displayUrl()))
            return false;
    }
    return true;
}

int Database::schemaVersion()
{
    QSqlQuery q(connection());
    if (!q.exec(u"SELECT MAX(version) FROM schema_version"_s) || !q.next()) {
        fail(u"cannot read the schema version"_s, q);
        return -1;
    }
    return q.value(0).isNull() ? 0 : q.value(0).toInt();
}

bool Database::migrate()
{
    const int latest = latestSchemaVersion();
    const auto newerError = [this, latest](int version) {
        return fail(u"cannot open "_s + m_config.displayUrl(),
                    u"the database has schema version "_s + QString::number(version)
                        + u", written by a newer FleetWatch (this one supports up to version "_s
                        + QString::number(latest) + u"); upgrade FleetWatch to use it"_s);
    };
    { // fast path: nothing to do, no write lock taken
        QSqlQuery q(connection());
        if (q.exec(u"SELECT MAX(version) FROM schema_version"_s) && q.next()) {
            const int version = q.value(0).toInt();
            if (version > latest)
                return newerError(version);
            if (version == latest)
                return true;
        } else if (q.lastError().nativeErrorCode() == u"42501") { // insufficient privilege
            // A shared database this login has no FleetWatch role on (db grant gives one).
            return fail(u"cannot open "_s + m_config.displayUrl(),
                StorageTr::tr("login \"%1\" may not read this FleetWatch database: it has no "
                              "FleetWatch role (its owner gives one with fleetwatch db grant) "
                              "(%2)")
                    .arg(m_config.user(), q.lastError().databaseText()));
        }
    }
    const QString what = u"cannot migrate the schema of "_s + m_config.displayUrl();
    if (!begin())
        return false;
    const auto abort = [this]() {
        const QString error = m_lastError;
        rollback();
        m_lastError = error;
        return false;
    };
    if (!m_dialect.migrationLock().isEmpty() && !run(m_dialect.migrationLock(), what))
        return abort();
    if (!run(m_dialect.expand(u"CREATE TABLE IF NOT EXISTS schema_version (version ${BIGINT} "
                              "PRIMARY KEY, applied_at ${BIGINT} NOT NULL, description TEXT)"_s),
             what))
        return abort();
    const int current = schemaVersion();
    if (current < 0)
        return abort();
    if (current > latest) {
        newerError(current);
        return abort();
    }
    for (const Migration &m : StorageSchema::migrations()) {
        if (m.version <= current)
            continue;
        for (const QString &statement : m.statements) {
            const QString sql = m_dialect.expand(statement);
            if (sql.isEmpty())
                continue; // not for this database
            if (!run(sql,
                     what + u" (version "_s + QString::number(m.version) + u")"_s))
                return abort();
        }
        QSqlQuery q(connection());
        q.prepare(u"INSERT INTO schema_version (version, applied_at, description) "
                  "VALUES (?, ?, ?)"_s);
        q.bindValue(0, m.version);
        q.bindValue(1, qlonglong(QDateTime::currentMSecsSinceEpoch()));
        q.bindValue(2, m.description);
        if (!run(q, what))
            return abort();
        qCInfo(lcStorage).noquote() << "schema of" << m_config.displayUrl()
                                    << "migrated to version" << m.version << "("
                                    << m.description << ")";
    }
    return commit();
}

void Database::close()
{
    m_native.reset(); // before Qt closes the handle it uses
    m_pgCopy.reset();
    m_statements.clear();
    m_deviceIds.clear();
    m_inTransaction = false;
    m_savepoints = 0;
    if (QSqlDatabase::contains(m_name)) {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            db.close();
    }
}

bool Database::isOpen() const
{
    return connection().isOpen();
}

bool Database::ping()
{
    if (!isOpen())
        return false;
    QSqlQuery q(connection());
    return q.exec(u"SELECT 1"_s) && q.next();
}

bool Database::reopen()
{
    const DatabaseConfig config = m_config;
    return open(config);
}

// Transactions ------------------------------------------------------------------------------

bool Database::begin()
{
    if (m_inTransaction)
        return fail(u"cannot begin a transaction"_s, u"one is already open"_s);
    if (!run(m_dialect.beginWrite(), u"cannot begin a transaction"_s))
        return false;
    m_inTransaction = true;
    return true;
}

bool Database::stampChange()
{
    if (!m_dialect.isPostgres())
        return true;
    if (!m_inTransaction)
        return fail(u"cannot number the change"_s, u"no transaction is open"_s);
    QSqlQuery &q = prepared(u"WITH s AS (UPDATE change_sequence SET seq = seq + 1 WHERE id = 1 "
                            "RETURNING seq) SELECT seq, pg_notify('"_s
        + notifyChannel() + u"', seq::text) FROM s"_s);
    if (!run(q, u"cannot number the change"_s))
        return false;
    const qint64 seq = q.next() ? q.value(0).toLongLong() : 0;
    q.finish();
    if (seq <= 0)
        return fail(u"cannot number the change"_s, u"the change_sequence row is missing"_s);
    m_changeSeq = seq;
    return true;
}

bool Database::commit()
{
    if (!run(u"COMMIT"_s, u"cannot commit"_s))
        return false;
    m_changeSeq = 0;
    m_inTransaction = false;
    m_savepoints = 0;
    return true;
}

bool Database::rollback()
{
    m_changeSeq = 0;
    m_inTransaction = false;
    m_savepoints = 0;
    QSqlQuery q(connection());
    return q.exec(u"ROLLBACK"_s);
}

bool Database::withTransaction(const std::function<bool()> &body)
{
    if (!m_inTransaction) {
        if (!begin())
            return false;
        if (!body()) {
            const QString error = m_lastError;
            rollback();
            m_lastError = error;
            return false;
        }
        if (commit())
            return true;
        const QString error = m_lastError;
        rollback();
        m_lastError = error;
        return false;
    }
    const QString savepoint = u"fw_sp"_s + QString::number(++m_savepoints);
    if (!run(u"SAVEPOINT "_s + savepoint, u"cannot start a savepoint"_s))
        return false;
    const bool ok = body();
    if (ok) {
        run(u"RELEASE SAVEPOINT "_s + savepoint, u"cannot release a savepoint"_s);
    } else {
        const QString error = m_lastError;
        QSqlQuery q(connection());
        q.exec(u"ROLLBACK TO SAVEPOINT "_s + savepoint);
        q.exec(u"RELEASE SAVEPOINT "_s + savepoint);
        m_lastError = error;
    }
    --m_savepoints;
    return ok;
}

// Devices -----------------------------------------------------------------------------------

qint64 Database::deviceId(const QString &uniqueId)
{
    if (const auto it = m_deviceIds.constFind(uniqueId); it != m_deviceIds.constEnd())
        return it.value();
    QSqlQuery &q = prepared(u"SELECT id FROM devices WHERE unique_id = ?"_s);
    q.bindValue(0, uniqueId);
    if (!run(q, u"cannot look up device "_s + uniqueId))
        return -1;
    qint64 id = -1;
    if (q.next())
        id = q.value(0).toLongLong();
    q.finish();
    if (id >= 0)
        m_deviceIds.insert(uniqueId, id);
    return id;
}

void Database::clearDeviceIdCache()
{
    m_deviceIds.clear();
}

bool Database::deviceExists(const QString &uniqueId, bool *exists)
{
    m_deviceIds.remove(uniqueId); // ask the database, not a possibly stale cache
    const qint64 id = deviceId(uniqueId);
    *exists = id >= 0;
    return true;
}

bool Database::insertDevice(const Device &device)
{
    if (!isAcceptableUniqueId(device.uniqueId))
        return fail(u"cannot add device"_s, DeviceRows::idError(device.uniqueId));
    bool exists = false;
    deviceExists(device.uniqueId, &exists);
    if (exists)
        return fail(u"cannot add device"_s,
                    u"device \""_s + device.uniqueId + u"\" already exists"_s);
    QSqlQuery &q = prepared(m_dialect.insert(u"devices"_s, DeviceRows::kColumns, 1));
    DeviceRows::bind(q, device);
    const QString what = u"cannot add device \""_s + device.uniqueId + u"\""_s;
    if (!run(q, what))
        return false;
    if (m_changeSeq <= 0)
        return true;
    // Numbered like an edit, so windows and `watch` learn of the new device at once.
    QSqlQuery &c = prepared(u"UPDATE devices SET change_seq = ? WHERE unique_id = ?"_s);
    c.bindValue(0, m_changeSeq);
    c.bindValue(1, device.uniqueId);
    return run(c, what);
}

bool Database::addDevice(const Device &device)
{
    m_lastError.clear();
    if (!m_dialect.isPostgres())
        return insertDevice(device);
    return withTransaction([&]() { return stampChange() && insertDevice(device); });
}

bool Database::updateDevice(const QString &uniqueId, const Device &device)
{
    m_lastError.clear();
    return withTransaction([&]() {
        const QString what = u"cannot update device \""_s + uniqueId + u"\""_s;
        // The change number first, as the writer takes it: the same lock order, no deadlock.
        if (!stampChange())
            return false;
        m_deviceIds.remove(uniqueId);
        const qint64 id = deviceId(uniqueId);
        if (id < 0)
            return fail(what, u"no such device"_s);
        if (device.uniqueId != uniqueId) {
            if (!isAcceptableUniqueId(device.uniqueId))
                return fail(what, DeviceRows::idError(device.uniqueId));
            bool exists = false;
            deviceExists(device.uniqueId, &exists);
            if (exists)
                return fail(what, u"device \""_s + device.uniqueId + u"\" already exists"_s);
        }
        // A replaced identity: followers drop the old id (its tombstone, with the group the
        // device had), then add the new one.
        if (device.uniqueId != uniqueId) {
            DeviceTombstones t(*this);
            if (!t.record(id, uniqueId, QDateTime::currentMSecsSinceEpoch()))
                return fail(what, t.lastError());
        }
        QStringList sets;
        for (const QString &c : DeviceRows::kColumns)
            sets += c + u" = ?"_s;
        QSqlQuery &q = prepared(u"UPDATE devices SET "_s + sets.join(u", "_s)
                                + u" WHERE id = ?"_s);
        DeviceRows::bind(q, device);
        q.bindValue(int(DeviceRows::kColumns.size()), id);
        if (!run(q, what))
            return false;
        if (m_dialect.isPostgres()) { // windows and `watch` see the edit (a block, say)
            QSqlQuery &c = prepared(u"UPDATE devices SET change_seq = ? WHERE id = ?"_s);
            c.bindValue(0, m_changeSeq);
            c.bindValue(1, id);
            if (!run(c, what))
                return false;
        }
        m_deviceIds.remove(uniqueId);
        m_deviceIds.insert(device.uniqueId, id);
        return true;
    });
}

bool Database::removeDevice(const QString &uniqueId)
{
    qint64 n = 0;
    while ((n = removeDeviceChunk(uniqueId, kRemovalChunk)) > 0) {
    }
    return n == 0;
}

qint64 Database::removeDeviceChunk(const QString &uniqueId, int chunk)
{
    m_lastError.clear();
    qint64 deleted = 0;
    bool gone = false;
    const bool ok = withTransaction([&]() {
        const QString what = u"cannot remove device \""_s + uniqueId + u"\""_s;
        m_deviceIds.remove(uniqueId);
        const qint64 id = deviceId(uniqueId);
        if (id < 0)
            return fail(what, u"no such device"_s);
        // The bulky tables a chunk at a time (the device_time index finds a device's rows).
        for (const QString &table : { u"positions"_s, u"events"_s }) {
            QSqlQuery &q = prepared(u"DELETE FROM "_s + table + u" WHERE id IN (SELECT id FROM "_s
                                    + table + u" WHERE device_id = ? LIMIT ?)"_s);
            q.bindValue(0, id);
            q.bindValue(1, qint64(chunk) - deleted);
            if (!run(q, what))
                return false;
            deleted += q.numRowsAffected();
            if (deleted >= chunk)
                return true;
        }
        // Nothing (or little) left: the device itself, with whatever arrived meanwhile;
        // followers learn of it by its tombstone.
        if (DeviceTombstones t(*this);
            !t.record(id, uniqueId, QDateTime::currentMSecsSinceEpoch()))
            return fail(what, t.lastError());
        QSqlQuery &q = prepared(u"DELETE FROM devices WHERE id = ?"_s);
        q.bindValue(0, id);
        if (!run(q, what))
            return false;
        m_deviceIds.remove(uniqueId);
        gone = true;
        return true;
    });
    if (!ok)
        return -1;
    return gone ? 0 : std::max<qint64>(deleted, 1);
}

QList<Device> Database::devices()
{
    QList<Device> list;
    QSqlQuery q(connection());
    q.setForwardOnly(true);
    if (!q.exec(DeviceRows::kSelect + u" ORDER BY id"_s)) {
        fail(u"cannot list devices"_s, q);
        return list;
    }
    while (q.next())
        list.append(DeviceRows::read(q));
    return list;
}

std::optional<Device> Database::findDevice(const QString &uniqueId)
{
    QSqlQuery &q = prepared(DeviceRows::kSelect + u" WHERE unique_id = ?"_s);
    q.bindValue(0, uniqueId);
    if (!run(q, u"cannot read device \""_s + uniqueId + u"\""_s))
        return std::nullopt;
    std::optional<Device> device;
    if (q.next())
        device = DeviceRows::read(q);
    q.finish();
    return device;
}

bool Database::importDevices(const QList<Device> &devices)
{
    m_lastError.clear();
    QSet<QString> seen;
    for (qsizetype i = 0; i < devices.size(); ++i) {
        const QString &id = devices.at(i).uniqueId;
        const QString what = u"cannot import devices (item "_s + QString::number(i + 1)
            + u"); nothing was imported"_s;
        if (!isAcceptableUniqueId(id))
            return fail(what, DeviceRows::idError(id));
        if (seen.contains(id))
            return fail(what, u"device \""_s + id + u"\" appears twice"_s);
        seen.insert(id);
    }
    qsizetype index = 0;
    const bool ok = withTransaction([&]() {
        if (!stampChange()) // one change number for the whole import (PostgreSQL)
            return false;
        for (index = 0; index < devices.size(); ++index) {
            if (!insertDevice(devices.at(index)))
                return false;
        }
        return true;
    });
    if (!ok) {
        m_deviceIds.clear();
        m_lastError = u"cannot import devices (item "_s + QString::number(index + 1)
            + u"); nothing was imported: "_s + m_lastError;
    }
    return ok;
}

// Settings ----------------------------------------------------------------------------------

std::optional<QString> Database::setting(const QString &key)
{
    QSqlQuery &q = prepared(u"SELECT value FROM settings WHERE key = ?"_s);
    q.bindValue(0, key);
    if (!run(q, u"cannot read setting "_s + key))
        return std::nullopt;
    std::optional<QString> value;
    if (q.next())
        value = q.value(0).toString();
    q.finish();
    return value;
}

QString Database::setting(const QString &key, const QString &fallback)
{
    return setting(key).value_or(fallback);
}

bool Database::setSetting(const QString &key, const QString &value)
{
    QSqlQuery &q =
        prepared(m_dialect.upsert(u"settings"_s, { u"key"_s, u"value"_s }, u"key"_s, 1));
    q.bindValue(0, key);
    q.bindValue(1, value);
    return run(q, u"cannot save setting "_s + key);
}

bool Database::removeSetting(const QString &key)
{
    QSqlQuery &q = prepared(u"DELETE FROM settings WHERE key = ?"_s);
    q.bindValue(0, key);
    return run(q, u"cannot remove setting "_s + key);
}

// Batch writes ------------------------------------------------------------------------------

// Batch writes: RowWriter does the work -----------------------------------------------------

bool Database::insertPositions(const QList<Position> &positions, qsizetype *skipped)
{
    return insertPositions(QList<const QList<Position> *> { &positions }, skipped);
}

bool Database::insertPositions(const QList<const QList<Position> *> &parts, qsizetype *skipped)
{
    return RowWriter(*this).insertPositions(parts, skipped);
}

bool Database::insertEvents(const QList<DeviceEvent> &events, qsizetype *skipped)
{
    return RowWriter(*this).insertEvents(events, skipped);
}

bool Database::upsertActivity(const QList<DeviceActivity> &activities, qsizetype *skipped)
{
    return RowWriter(*this).upsertActivity(activities, skipped);
}

// Reads: HistoryReader does the work -------------------------------------------------------

bool Database::forEachPosition(const QString &uniqueId, TimeMs from, TimeMs to,
                               const PositionCallback &callback)
{
    return HistoryReader(*this).forEachPosition(uniqueId, from, to, callback);
}

bool Database::forEachEvent(const QString &uniqueId, TimeMs from, TimeMs to,
                            const EventCallback &callback)
{
    return HistoryReader(*this).forEachEvent(uniqueId, from, to, callback);
}

QList<DeviceActivity> Database::activities()
{
    return HistoryReader(*this).activities();
}

qint64 Database::positionCount(const QString &uniqueId, TimeMs from, TimeMs to)
{
    return HistoryReader(*this).positionCount(uniqueId, from, to);
}

qint64 Database::eventCount(const QString &uniqueId, TimeMs from, TimeMs to)
{
    return HistoryReader(*this).eventCount(uniqueId, from, to);
}

AccessRights Database::capabilities()
{
    return AccessControl(*this).rights();
}

qint64 Database::latestPositionCount()
{
    return HistoryReader(*this).latestPositionCount();
}

qint64 Database::deletePositionsBefore(TimeMs t, int chunk)
{
    const QString what = u"cannot delete old positions"_s;
    QList<qint64> ids;
    {
        QSqlQuery q(connection());
        q.setForwardOnly(true);
        if (!q.exec(u"SELECT id FROM devices ORDER BY id"_s)) {
            fail(what, q);
            return -1;
        }
        while (q.next())
            ids.append(q.value(0).toLongLong());
    }
    // Start where the previous call stopped, wrap around once.
    qsizetype start = 0;
    while (start < ids.size() && ids.at(start) < m_retentionCursor)
        ++start;
    qint64 deleted = 0;
    // The outer time condition lets PostgreSQL look for the ids only in the partitions
    // before the cut-off (positions has no index on id alone across partitions).
    QSqlQuery &q = prepared(u"DELETE FROM positions WHERE device_time < ? AND id IN (SELECT id "
                            "FROM positions WHERE device_id = ? AND device_time < ? LIMIT ?)"_s);
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const qint64 id = ids.at((start + i) % ids.size());
        const qint64 want = chunk - deleted;
        q.bindValue(0, qlonglong(t));
        q.bindValue(1, id);
        q.bindValue(2, qlonglong(t));
        q.bindValue(3, want);
        if (!run(q, what))
            return -1;
        const qint64 n = q.numRowsAffected();
        deleted += n;
        if (n >= want) {
            m_retentionCursor = id; // this device may have more
            return deleted;
        }
    }
    m_retentionCursor = 0;
    return deleted;
}

} // namespace fw
