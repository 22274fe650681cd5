#include "Database.h"

#include "AttributesJson.h"
#include "StorageLog.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlRecord>

#include <atomic>
#include <cmath>

#ifdef FW_HAVE_SQLITE3_API
#include <sqlite3.h>
#endif

using namespace Qt::StringLiterals;

namespace fw {

namespace {

QAtomicInt s_connectionCounter;
QAtomicInt s_cursorCounter;

struct Migration
{
    int version;
    QString description;
    QStringList statements; // with SqlDialect placeholders
};

// The schema, described once. Append new migrations; never edit a released one.
const QList<Migration> &migrations()
{
    static const QList<Migration> list = {
        { 1,
          u"devices, positions, events, device activity, settings"_s,
          {
              u"CREATE TABLE devices (id ${SERIAL}, unique_id TEXT NOT NULL UNIQUE, name TEXT, "
              "model TEXT, protocol TEXT, phone TEXT, carrier TEXT, group_name TEXT, "
              "offline_timeout_secs ${BIGINT} NOT NULL DEFAULT 0, "
              "blocked ${BOOL} NOT NULL DEFAULT ${FALSE}, blocked_until ${BIGINT}, "
              "registered_at ${BIGINT}, password TEXT)"_s,
              u"CREATE TABLE positions (id ${ID}, device_id ${BIGINT} NOT NULL "
              "REFERENCES devices(id) ON DELETE CASCADE, device_time ${BIGINT}, "
              "server_time ${BIGINT}, valid ${BOOL} NOT NULL, latitude ${REAL}, "
              "longitude ${REAL}, altitude ${REAL}, speed_kph ${REAL}, course ${REAL}, "
              "satellites ${BIGINT}, accuracy ${REAL}, protocol TEXT, attributes TEXT)"_s,
              u"CREATE INDEX positions_device_time ON positions (device_id, device_time)"_s,
              u"CREATE TABLE events (id ${ID}, device_id ${BIGINT} NOT NULL "
              "REFERENCES devices(id) ON DELETE CASCADE, time ${BIGINT}, type TEXT NOT NULL, "
              "text TEXT, attributes TEXT)"_s,
              u"CREATE INDEX events_device_time ON events (device_id, time)"_s,
              u"CREATE TABLE device_activity (device_id ${BIGINT} PRIMARY KEY "
              "REFERENCES devices(id) ON DELETE CASCADE, last_packet_at ${BIGINT}, "
              "last_fix_at ${BIGINT}, last_fix_received_at ${BIGINT}, "
              "last_position_at ${BIGINT}, latitude ${REAL}, longitude ${REAL}, "
              "speed_kph ${REAL}, course ${REAL}, has_location ${BOOL} NOT NULL, "
              "last_gasp ${BOOL} NOT NULL, connection_end TEXT, protocol TEXT, peer TEXT, "
              "local_port ${BIGINT})"_s,
              u"CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)"_s,
          } },
        { 2,
          u"detected-reason state kept with the device activity"_s,
          {
              u"ALTER TABLE device_activity ADD COLUMN reason_state TEXT"_s,
          } },
    };
    return list;
}

const QStringList kDeviceColumns = {
    u"unique_id"_s, u"name"_s, u"model"_s, u"protocol"_s, u"phone"_s, u"carrier"_s,
    u"group_name"_s, u"offline_timeout_secs"_s, u"blocked"_s, u"blocked_until"_s,
    u"registered_at"_s, u"password"_s,
};
const QStringList kPositionColumns = {
    u"device_id"_s, u"device_time"_s, u"server_time"_s, u"valid"_s, u"latitude"_s,
    u"longitude"_s, u"altitude"_s, u"speed_kph"_s, u"course"_s, u"satellites"_s,
    u"accuracy"_s, u"protocol"_s, u"attributes"_s,
};
const QStringList kEventColumns = {
    u"device_id"_s, u"time"_s, u"type"_s, u"text"_s, u"attributes"_s,
};
const QStringList kActivityColumns = {
    u"device_id"_s, u"last_packet_at"_s, u"last_fix_at"_s, u"last_fix_received_at"_s,
    u"last_position_at"_s, u"latitude"_s, u"longitude"_s, u"speed_kph"_s, u"course"_s,
    u"has_location"_s, u"last_gasp"_s, u"connection_end"_s, u"protocol"_s, u"peer"_s,
    u"local_port"_s, u"reason_state"_s,
};

QVariant timeValue(TimeMs t)
{
    return t == kNoTime ? QVariant(QMetaType::fromType<qlonglong>()) : QVariant(qlonglong(t));
}

TimeMs timeOf(const QVariant &v)
{
    return v.isNull() ? kNoTime : v.toLongLong();
}

QString connectionEndId(ConnectionEnd end)
{
    switch (end) {
    case ConnectionEnd::None: return u"none"_s;
    case ConnectionEnd::ClosedByDevice: return u"closed-by-device"_s;
    case ConnectionEnd::TimedOut: return u"timed-out"_s;
    case ConnectionEnd::ClosedByServer: return u"closed-by-server"_s;
    }
    return u"none"_s;
}

ConnectionEnd connectionEndFromId(const QString &id)
{
    if (id == u"closed-by-device")
        return ConnectionEnd::ClosedByDevice;
    if (id == u"timed-out")
        return ConnectionEnd::TimedOut;
    if (id == u"closed-by-server")
        return ConnectionEnd::ClosedByServer;
    return ConnectionEnd::None;
}

void bindDevice(QSqlQuery &q, const Device &d)
{
    int i = 0;
    q.bindValue(i++, d.uniqueId);
    q.bindValue(i++, d.name);
    q.bindValue(i++, d.model);
    q.bindValue(i++, d.protocol);
    q.bindValue(i++, d.phone);
    q.bindValue(i++, d.carrier);
    q.bindValue(i++, d.group);
    q.bindValue(i++, qlonglong(d.offlineTimeoutSecs));
    q.bindValue(i++, d.blocked);
    q.bindValue(i++, timeValue(d.blockedUntil));
    q.bindValue(i++, timeValue(d.registeredAt));
    q.bindValue(i++, d.password);
}

const QString kDeviceSelect = u"SELECT unique_id, name, model, protocol, phone, carrier, "
                              "group_name, offline_timeout_secs, blocked, blocked_until, "
                              "registered_at, password FROM devices"_s;

Device readDevice(const QSqlQuery &q)
{
    Device d;
    d.uniqueId = q.value(0).toString();
    d.name = q.value(1).toString();
    d.model = q.value(2).toString();
    d.protocol = q.value(3).toString();
    d.phone = q.value(4).toString();
    d.carrier = q.value(5).toString();
    d.group = q.value(6).toString();
    d.offlineTimeoutSecs = q.value(7).toLongLong();
    d.blocked = q.value(8).toBool();
    d.blockedUntil = timeOf(q.value(9));
    d.registeredAt = timeOf(q.value(10));
    d.password = q.value(11).toString();
    return d;
}

QString idError(const QString &uniqueId)
{
    return u"invalid device id \""_s + uniqueId
        + u"\": use 1 to 64 printable ASCII characters without spaces or commas"_s;
}

#ifdef FW_HAVE_SQLITE3_API
// Binding helpers of the SQLite C API path: the same values the SQL literals of the Qt path
// give (kNoTime, NaN and a null QString are NULL; booleans are 0/1).
void bindTime(sqlite3_stmt *s, int i, TimeMs t)
{
    if (t == kNoTime)
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_int64(s, i, t);
}

void bindReal(sqlite3_stmt *s, int i, double v)
{
    if (std::isfinite(v))
        sqlite3_bind_double(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

// The bytes stay in `buffer` until the statement has been stepped (SQLITE_STATIC).
void bindUtf8(sqlite3_stmt *s, int i, const QByteArray &buffer)
{
    sqlite3_bind_text(s, i, buffer.isEmpty() ? "" : buffer.constData(), int(buffer.size()),
                      SQLITE_STATIC);
}

void bindText(sqlite3_stmt *s, int i, QByteArray &buffer, QStringView text)
{
    if (text.isNull()) {
        sqlite3_bind_null(s, i);
        return;
    }
    buffer.resize(0); // keeps the capacity
    AttributesJson::appendText(buffer, text);
    bindUtf8(s, i, buffer);
}

void bindAttributes(sqlite3_stmt *s, int i, QByteArray &buffer, const Attributes &attributes)
{
    if (attributes.isEmpty()) {
        sqlite3_bind_null(s, i);
        return;
    }
    buffer.resize(0);
    AttributesJson::appendUtf8(buffer, attributes);
    bindUtf8(s, i, buffer);
}

// Runs a bound INSERT and makes the statement ready for the next row.
bool step(sqlite3 *db, sqlite3_stmt *s, QString *error)
{
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(s);
        return true;
    }
    *error = QString::fromUtf8(sqlite3_errmsg(db));
    sqlite3_reset(s);
    if (error->isEmpty())
        *error = QString::fromUtf8(sqlite3_errstr(rc));
    return false;
}

bool nativeSqliteDisabled()
{
    return qEnvironmentVariableIsSet("FW_SQLITE_NATIVE")
        && qEnvironmentVariableIntValue("FW_SQLITE_NATIVE") == 0;
}
#endif

} // namespace

struct Database::Native
{
#ifdef FW_HAVE_SQLITE3_API
    sqlite3 *db = nullptr; // Qt's connection handle; Qt owns it
    sqlite3_stmt *insertPosition = nullptr;
    sqlite3_stmt *insertEvent = nullptr;
    sqlite3_stmt *upsertActivity = nullptr;
    QByteArray text[4]; // UTF-8 of the text columns of the row being written

    ~Native() { reset(); }
    bool active() const { return db != nullptr; }
    // Before Qt closes the connection: sqlite3_close() refuses while statements exist.
    void reset()
    {
        for (sqlite3_stmt **s : { &insertPosition, &insertEvent, &upsertActivity }) {
            sqlite3_finalize(*s);
            *s = nullptr;
        }
        db = nullptr;
    }
#else
    bool active() const { return false; }
    void reset() { }
#endif
};

Database::Database(const QString &connectionName)
    : m_name(connectionName.isEmpty()
                 ? u"fleetwatch-"_s + QString::number(s_connectionCounter.fetchAndAddRelaxed(1))
                 : connectionName)
    , m_native(std::make_unique<Native>())
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
    return migrations().constLast().version;
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
    db.setConnectOptions(m_dialect.connectOptions());
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
        const QString detail = db.lastError().text();
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
    setUpNative();
    qCDebug(lcStorage).noquote() << "opened" << config.displayUrl() << "as" << m_name
                                 << (usesNativeSqlite() ? "(SQLite C API)" : "");
    return true;
}

bool Database::usesNativeSqlite() const
{
    return m_native->active();
}

void Database::setUpNative()
{
    m_native->reset();
#ifdef FW_HAVE_SQLITE3_API
    if (!m_config.isSqlite() || nativeSqliteDisabled())
        return;
    QSqlDatabase db = connection();
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return;
    sqlite3 *sqlite = *static_cast<sqlite3 *const *>(handle.constData());
    if (!sqlite)
        return;
    // Qt may carry its own copy of SQLite (Windows and macOS builds often do): then the handle
    // belongs to a different library and must not be touched through ours.
    {
        QSqlQuery q(db);
        if (!q.exec(u"SELECT sqlite_version(), sqlite_source_id()"_s) || !q.next())
            return;
        const QByteArray version = q.value(0).toString().toUtf8();
        const QByteArray source = q.value(1).toString().toUtf8();
        if (version != sqlite3_libversion() || source != sqlite3_sourceid()) {
            static std::atomic<bool> logged { false };
            if (!logged.exchange(true)) {
                qCInfo(lcStorage).noquote()
                    << "Qt's SQLite" << QString::fromUtf8(version) << "is not the linked SQLite"
                    << QString::fromUtf8(sqlite3_libversion()) << "; using Qt SQL for writes";
            }
            return;
        }
    }
    const auto prepare = [sqlite](const QString &sql, sqlite3_stmt **statement) {
        const QByteArray utf8 = sql.toUtf8();
        if (sqlite3_prepare_v3(sqlite, utf8.constData(), int(utf8.size()),
                               SQLITE_PREPARE_PERSISTENT, statement, nullptr)
            == SQLITE_OK)
            return true;
        qCWarning(lcStorage).noquote() << "cannot prepare" << sql << ":"
                                       << QString::fromUtf8(sqlite3_errmsg(sqlite));
        return false;
    };
    Native &n = *m_native;
    if (prepare(m_dialect.insert(u"positions"_s, kPositionColumns, 1), &n.insertPosition)
        && prepare(m_dialect.insert(u"events"_s, kEventColumns, 1), &n.insertEvent)
        && prepare(m_dialect.upsert(u"device_activity"_s, kActivityColumns, u"device_id"_s, 1),
                   &n.upsertActivity)) {
        n.db = sqlite;
    } else {
        n.reset();
    }
#endif
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
    for (const Migration &m : migrations()) {
        if (m.version <= current)
            continue;
        for (const QString &statement : m.statements) {
            if (!run(m_dialect.expand(statement),
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
    m_native->reset();
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

bool Database::commit()
{
    if (!run(u"COMMIT"_s, u"cannot commit"_s))
        return false;
    m_inTransaction = false;
    m_savepoints = 0;
    return true;
}

bool Database::rollback()
{
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
        return fail(u"cannot add device"_s, idError(device.uniqueId));
    bool exists = false;
    deviceExists(device.uniqueId, &exists);
    if (exists)
        return fail(u"cannot add device"_s,
                    u"device \""_s + device.uniqueId + u"\" already exists"_s);
    QSqlQuery &q = prepared(m_dialect.insert(u"devices"_s, kDeviceColumns, 1));
    bindDevice(q, device);
    return run(q, u"cannot add device \""_s + device.uniqueId + u"\""_s);
}

bool Database::addDevice(const Device &device)
{
    m_lastError.clear();
    return insertDevice(device);
}

bool Database::updateDevice(const QString &uniqueId, const Device &device)
{
    m_lastError.clear();
    return withTransaction([&]() {
        const QString what = u"cannot update device \""_s + uniqueId + u"\""_s;
        m_deviceIds.remove(uniqueId);
        const qint64 id = deviceId(uniqueId);
        if (id < 0)
            return fail(what, u"no such device"_s);
        if (device.uniqueId != uniqueId) {
            if (!isAcceptableUniqueId(device.uniqueId))
                return fail(what, idError(device.uniqueId));
            bool exists = false;
            deviceExists(device.uniqueId, &exists);
            if (exists)
                return fail(what, u"device \""_s + device.uniqueId + u"\" already exists"_s);
        }
        QStringList sets;
        for (const QString &c : kDeviceColumns)
            sets += c + u" = ?"_s;
        QSqlQuery &q = prepared(u"UPDATE devices SET "_s + sets.join(u", "_s)
                                + u" WHERE id = ?"_s);
        bindDevice(q, device);
        q.bindValue(int(kDeviceColumns.size()), id);
        if (!run(q, what))
            return false;
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
        // Nothing (or little) left: the device itself, with whatever arrived meanwhile.
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
    if (!q.exec(kDeviceSelect + u" ORDER BY id"_s)) {
        fail(u"cannot list devices"_s, q);
        return list;
    }
    while (q.next())
        list.append(readDevice(q));
    return list;
}

std::optional<Device> Database::findDevice(const QString &uniqueId)
{
    QSqlQuery &q = prepared(kDeviceSelect + u" WHERE unique_id = ?"_s);
    q.bindValue(0, uniqueId);
    if (!run(q, u"cannot read device \""_s + uniqueId + u"\""_s))
        return std::nullopt;
    std::optional<Device> device;
    if (q.next())
        device = readDevice(q);
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
            return fail(what, idError(id));
        if (seen.contains(id))
            return fail(what, u"device \""_s + id + u"\" appears twice"_s);
        seen.insert(id);
    }
    qsizetype index = 0;
    const bool ok = withTransaction([&]() {
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

bool Database::writeRows(const QString &table, const QStringList &columns,
                         const QString &upsertKey, int rows,
                         const std::function<void(QString &, int)> &appendRow)
{
    const QString prefix = m_dialect.insertPrefix(table, columns);
    const QString suffix =
        upsertKey.isEmpty() ? QString() : m_dialect.upsertSuffix(columns, upsertKey);
    QString sql;
    QSqlQuery q(connection());
    for (int start = 0; start < rows; start += kRowsPerStatement) {
        const int n = std::min(kRowsPerStatement, rows - start);
        sql.clear();
        sql += prefix;
        for (int r = 0; r < n; ++r) {
            sql += r == 0 ? u"("_s : u",("_s;
            appendRow(sql, start + r);
            sql += u')';
        }
        sql += suffix;
        if (!q.exec(sql))
            return fail(u"cannot write "_s + table, q);
    }
    return true;
}

bool Database::insertPositions(const QList<Position> &positions, qsizetype *skipped)
{
    return insertPositions(QList<const QList<Position> *> { &positions }, skipped);
}

bool Database::insertPositions(const QList<const QList<Position> *> &parts, qsizetype *skipped)
{
    // Resolve device ids first. Submissions hold runs of one device, so the previous row's id is
    // tried before the cache (a pointer compare when ingest shares the id string).
    QList<PositionRow> &rows = m_positionRows;
    rows.clear(); // keeps the capacity
    qsizetype total = 0;
    QSet<QString> unknown;
    const QString *lastKey = nullptr;
    qint64 lastId = -1;
    for (const QList<Position> *part : parts) {
        total += part->size();
        for (const Position &p : *part) {
            const bool same = lastKey
                && ((lastKey->constData() == p.uniqueId.constData()
                     && lastKey->size() == p.uniqueId.size())
                    || *lastKey == p.uniqueId);
            if (!same) {
                lastKey = &p.uniqueId;
                lastId = unknown.contains(p.uniqueId) ? -1 : deviceId(p.uniqueId);
                if (lastId < 0)
                    unknown.insert(p.uniqueId);
            }
            if (lastId >= 0)
                rows.append(PositionRow { lastId, &p });
        }
    }
    if (skipped)
        *skipped = total - rows.size();
    if (!unknown.isEmpty()) {
        qCWarning(lcStorage).noquote() << "skipped" << total - rows.size()
                                       << "positions of unregistered devices, e.g."
                                       << *unknown.cbegin();
    }
    if (m_native->active())
        return writePositionsNative(rows);
    QString json;
    const SqlDialect &d = m_dialect;
    return writeRows(u"positions"_s, kPositionColumns, {}, int(rows.size()),
                     [&](QString &sql, int row) {
                         const Position &p = *rows.at(row).position;
                         d.appendInt(sql, rows.at(row).deviceId);
                         sql += u',';
                         d.appendTime(sql, p.deviceTime);
                         sql += u',';
                         d.appendTime(sql, p.serverTime);
                         sql += u',';
                         d.appendBool(sql, p.valid);
                         for (double v : { p.latitude, p.longitude, p.altitude, p.speedKph,
                                           p.course }) {
                             sql += u',';
                             d.appendReal(sql, v);
                         }
                         sql += u',';
                         if (p.satellites < 0)
                             d.appendNull(sql);
                         else
                             d.appendInt(sql, p.satellites);
                         sql += u',';
                         d.appendReal(sql, p.accuracy);
                         sql += u',';
                         d.appendText(sql, p.protocol);
                         sql += u',';
                         if (p.attributes.isEmpty()) {
                             d.appendNull(sql);
                         } else {
                             json.clear();
                             AttributesJson::append(json, p.attributes);
                             d.appendText(sql, json);
                         }
                     });
}

bool Database::writePositionsNative(const QList<PositionRow> &rows)
{
#ifdef FW_HAVE_SQLITE3_API
    Native &n = *m_native;
    sqlite3_stmt *s = n.insertPosition;
    QString error;
    for (const PositionRow &row : rows) {
        const Position &p = *row.position;
        sqlite3_bind_int64(s, 1, row.deviceId);
        bindTime(s, 2, p.deviceTime);
        bindTime(s, 3, p.serverTime);
        sqlite3_bind_int(s, 4, p.valid ? 1 : 0);
        bindReal(s, 5, p.latitude);
        bindReal(s, 6, p.longitude);
        bindReal(s, 7, p.altitude);
        bindReal(s, 8, p.speedKph);
        bindReal(s, 9, p.course);
        if (p.satellites < 0)
            sqlite3_bind_null(s, 10);
        else
            sqlite3_bind_int(s, 10, p.satellites);
        bindReal(s, 11, p.accuracy);
        bindText(s, 12, n.text[0], p.protocol);
        bindAttributes(s, 13, n.text[1], p.attributes);
        if (!step(n.db, s, &error))
            return fail(u"cannot write positions"_s, error);
    }
    return true;
#else
    Q_UNUSED(rows);
    return fail(u"cannot write positions"_s, u"the SQLite C API is not available"_s);
#endif
}

bool Database::insertEvents(const QList<DeviceEvent> &events, qsizetype *skipped)
{
    QList<qint64> ids;
    QList<const DeviceEvent *> rows;
    for (const DeviceEvent &e : events) {
        const qint64 id = deviceId(e.uniqueId);
        if (id < 0)
            continue;
        ids.append(id);
        rows.append(&e);
    }
    if (skipped)
        *skipped = events.size() - rows.size();
    if (rows.size() != events.size()) {
        qCWarning(lcStorage).noquote()
            << "skipped" << events.size() - rows.size() << "events of unregistered devices";
    }
#ifdef FW_HAVE_SQLITE3_API
    if (m_native->active()) {
        Native &n = *m_native;
        sqlite3_stmt *s = n.insertEvent;
        QString error;
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const DeviceEvent &e = *rows.at(i);
            sqlite3_bind_int64(s, 1, ids.at(i));
            bindTime(s, 2, e.time);
            bindText(s, 3, n.text[0], eventTypeId(e.type));
            bindText(s, 4, n.text[1], e.text);
            bindAttributes(s, 5, n.text[2], e.attributes);
            if (!step(n.db, s, &error))
                return fail(u"cannot write events"_s, error);
        }
        return true;
    }
#endif
    const SqlDialect &d = m_dialect;
    return writeRows(u"events"_s, kEventColumns, {}, int(rows.size()), [&](QString &sql, int row) {
        const DeviceEvent &e = *rows.at(row);
        d.appendInt(sql, ids.at(row));
        sql += u',';
        d.appendTime(sql, e.time);
        sql += u',';
        d.appendText(sql, eventTypeId(e.type));
        sql += u',';
        d.appendText(sql, e.text);
        sql += u',';
        if (e.attributes.isEmpty())
            d.appendNull(sql);
        else
            d.appendText(sql, AttributesJson::write(e.attributes));
    });
}

bool Database::upsertActivity(const QList<DeviceActivity> &activities, qsizetype *skipped)
{
    // One row per device and statement (PostgreSQL refuses to update a row twice in one
    // statement): the last update of a device wins.
    QHash<qint64, qsizetype> latest;
    QList<qint64> order;
    qsizetype unknown = 0;
    for (qsizetype i = 0; i < activities.size(); ++i) {
        const qint64 id = deviceId(activities.at(i).uniqueId);
        if (id < 0) {
            ++unknown;
            continue;
        }
        if (!latest.contains(id))
            order.append(id);
        latest.insert(id, i);
    }
    if (skipped)
        *skipped = unknown;
#ifdef FW_HAVE_SQLITE3_API
    if (m_native->active()) {
        Native &n = *m_native;
        sqlite3_stmt *s = n.upsertActivity;
        QString error;
        for (const qint64 id : std::as_const(order)) {
            const DeviceActivity &a = activities.at(latest.value(id));
            sqlite3_bind_int64(s, 1, id);
            bindTime(s, 2, a.lastPacketAt);
            bindTime(s, 3, a.lastFixAt);
            bindTime(s, 4, a.lastFixReceivedAt);
            bindTime(s, 5, a.lastPositionAt);
            bindReal(s, 6, a.latitude);
            bindReal(s, 7, a.longitude);
            bindReal(s, 8, a.speedKph);
            bindReal(s, 9, a.course);
            sqlite3_bind_int(s, 10, a.hasLocation ? 1 : 0);
            sqlite3_bind_int(s, 11, a.lastGasp ? 1 : 0);
            bindText(s, 12, n.text[0], connectionEndId(a.connectionEnd));
            bindText(s, 13, n.text[1], a.protocol);
            bindText(s, 14, n.text[2], a.peer);
            sqlite3_bind_int(s, 15, a.localPort);
            bindText(s, 16, n.text[3], a.reasonState);
            if (!step(n.db, s, &error))
                return fail(u"cannot write device_activity"_s, error);
        }
        return true;
    }
#endif
    const SqlDialect &d = m_dialect;
    return writeRows(u"device_activity"_s, kActivityColumns, u"device_id"_s, int(order.size()),
                     [&](QString &sql, int row) {
                         const qint64 id = order.at(row);
                         const DeviceActivity &a = activities.at(latest.value(id));
                         d.appendInt(sql, id);
                         for (TimeMs t : { a.lastPacketAt, a.lastFixAt, a.lastFixReceivedAt,
                                           a.lastPositionAt }) {
                             sql += u',';
                             d.appendTime(sql, t);
                         }
                         for (double v : { a.latitude, a.longitude, a.speedKph, a.course }) {
                             sql += u',';
                             d.appendReal(sql, v);
                         }
                         sql += u',';
                         d.appendBool(sql, a.hasLocation);
                         sql += u',';
                         d.appendBool(sql, a.lastGasp);
                         sql += u',';
                         d.appendText(sql, connectionEndId(a.connectionEnd));
                         sql += u',';
                         d.appendText(sql, a.protocol);
                         sql += u',';
                         d.appendText(sql, a.peer);
                         sql += u',';
                         d.appendInt(sql, a.localPort);
                         sql += u',';
                         d.appendText(sql, a.reasonState);
                     });
}

// Reads -------------------------------------------------------------------------------------

QString Database::timeFilter(const QString &column, qint64 deviceId, TimeMs from, TimeMs to) const
{
    // Only integers are inlined (PostgreSQL cursors cannot take bound values).
    QStringList conditions;
    if (deviceId >= 0)
        conditions += u"p.device_id = "_s + QString::number(deviceId);
    if (from != kNoTime)
        conditions += column + u" >= "_s + QString::number(from);
    if (to != kNoTime)
        conditions += column + u" <= "_s + QString::number(to);
    return conditions.isEmpty() ? QString() : u" WHERE "_s + conditions.join(u" AND "_s);
}

bool Database::stream(const QString &select, const std::function<bool(const QSqlQuery &)> &row)
{
    const QString what = u"cannot read from the database"_s;
    if (!m_dialect.needsCursorForStreaming()) {
        QSqlQuery q(connection());
        q.setForwardOnly(true);
        if (!q.exec(select))
            return fail(what, q);
        while (q.next()) {
            if (!row(q))
                break;
        }
        return true;
    }
    const bool ownTransaction = !m_inTransaction;
    if (ownTransaction && !run(u"BEGIN"_s, what))
        return false;
    const QString cursor = u"fw_cursor"_s + QString::number(s_cursorCounter.fetchAndAddRelaxed(1));
    constexpr int kFetch = 2000;
    bool ok = run(m_dialect.declareCursor(cursor, select), what);
    bool stop = false;
    while (ok && !stop) {
        QSqlQuery q(connection());
        q.setForwardOnly(true);
        if (!q.exec(m_dialect.fetchCursor(cursor, kFetch))) {
            ok = fail(what, q);
            break;
        }
        int n = 0;
        while (q.next()) {
            ++n;
            if (!row(q)) {
                stop = true;
                break;
            }
        }
        if (n < kFetch)
            break;
    }
    if (ok)
        ok = run(m_dialect.closeCursor(cursor), what);
    if (ownTransaction) {
        QSqlQuery q(connection());
        q.exec(ok ? u"COMMIT"_s : u"ROLLBACK"_s);
    }
    return ok;
}

bool Database::forEachPosition(const QString &uniqueId, TimeMs from, TimeMs to,
                               const PositionCallback &callback)
{
    qint64 id = -1;
    if (!uniqueId.isEmpty() && (id = deviceId(uniqueId)) < 0)
        return fail(u"cannot export positions"_s, u"no device \""_s + uniqueId + u"\""_s);
    const QString where = timeFilter(u"p.device_time"_s, id, from, to)
        + u" ORDER BY p.device_time"_s + m_dialect.nullsFirst() + u", p.id"_s;
    if (m_native->active())
        return forEachPositionNative(uniqueId, id, where, callback);
    const QString select = u"SELECT d.unique_id, p.device_time, p.server_time, p.valid, "
                           "p.latitude, p.longitude, p.altitude, p.speed_kph, p.course, "
                           "p.satellites, p.accuracy, p.protocol, p.attributes "
                           "FROM positions p JOIN devices d ON d.id = p.device_id"_s
        + where;
    return stream(select, [&](const QSqlQuery &q) {
        Position p;
        p.uniqueId = q.value(0).toString();
        p.deviceTime = timeOf(q.value(1));
        p.serverTime = timeOf(q.value(2));
        p.valid = q.value(3).toBool();
        p.latitude = q.value(4).toDouble();
        p.longitude = q.value(5).toDouble();
        p.altitude = q.value(6).toDouble();
        p.speedKph = q.value(7).toDouble();
        p.course = q.value(8).toDouble();
        p.satellites = q.value(9).isNull() ? -1 : q.value(9).toInt();
        p.accuracy = q.value(10).toDouble();
        p.protocol = q.value(11).toString();
        p.attributes = AttributesJson::read(q.value(12).toString());
        return callback(p);
    });
}

bool Database::forEachPositionNative(const QString &uniqueId, qint64 deviceId,
                                     const QString &where, const PositionCallback &callback)
{
#ifdef FW_HAVE_SQLITE3_API
    // The same rows as the Qt path, read without QVariant and without one QString per column:
    // device ids map to shared unique-id strings (instead of joining devices for every row),
    // a repeated protocol reuses the previous string, attributes are parsed from the UTF-8.
    const QString what = u"cannot read from the database"_s;
    sqlite3 *db = m_native->db;
    QHash<qint64, QString> uniqueIds;
    sqlite3_stmt *s = nullptr;
    const auto prepare = [&](const QString &sql) {
        const QByteArray utf8 = sql.toUtf8();
        return sqlite3_prepare_v3(db, utf8.constData(), int(utf8.size()), 0, &s, nullptr)
            == SQLITE_OK;
    };
    const auto failed = [&]() {
        const QString error = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_finalize(s);
        return fail(what, error);
    };
    int rc = SQLITE_ROW;
    if (deviceId >= 0) {
        uniqueIds.insert(deviceId, uniqueId);
    } else {
        if (!prepare(u"SELECT id, unique_id FROM devices"_s))
            return failed();
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            const char *text = reinterpret_cast<const char *>(sqlite3_column_text(s, 1));
            uniqueIds.insert(sqlite3_column_int64(s, 0),
                             QString::fromUtf8(text, sqlite3_column_bytes(s, 1)));
        }
        if (rc != SQLITE_DONE)
            return failed();
        sqlite3_finalize(s);
        s = nullptr;
    }
    if (!prepare(u"SELECT p.device_id, p.device_time, p.server_time, p.valid, p.latitude, "
                 "p.longitude, p.altitude, p.speed_kph, p.course, p.satellites, p.accuracy, "
                 "p.protocol, p.attributes FROM positions p"_s
                 + where))
        return failed();
    const auto time = [&s](int i) {
        return sqlite3_column_type(s, i) == SQLITE_NULL ? kNoTime : sqlite3_column_int64(s, i);
    };
    QByteArray protocolBytes;
    QString protocol;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const auto it = uniqueIds.constFind(sqlite3_column_int64(s, 0));
        if (it == uniqueIds.constEnd())
            continue; // as the join: positions of a device that is gone are not exported
        Position p;
        p.uniqueId = it.value();
        p.deviceTime = time(1);
        p.serverTime = time(2);
        p.valid = sqlite3_column_int64(s, 3) != 0;
        p.latitude = sqlite3_column_double(s, 4);
        p.longitude = sqlite3_column_double(s, 5);
        p.altitude = sqlite3_column_double(s, 6);
        p.speedKph = sqlite3_column_double(s, 7);
        p.course = sqlite3_column_double(s, 8);
        p.satellites = sqlite3_column_type(s, 9) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 9);
        p.accuracy = sqlite3_column_double(s, 10);
        if (sqlite3_column_type(s, 11) != SQLITE_NULL) {
            const char *text = reinterpret_cast<const char *>(sqlite3_column_text(s, 11));
            const int size = sqlite3_column_bytes(s, 11);
            const QByteArrayView bytes(text, size);
            if (protocol.isNull() || bytes != protocolBytes) {
                protocolBytes = bytes.toByteArray();
                protocol = QString::fromUtf8(bytes);
            }
            p.protocol = protocol;
        }
        if (sqlite3_column_type(s, 12) != SQLITE_NULL) {
            const char *text = reinterpret_cast<const char *>(sqlite3_column_text(s, 12));
            p.attributes = AttributesJson::readUtf8(text, sqlite3_column_bytes(s, 12));
        }
        if (!callback(p)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (rc != SQLITE_DONE)
        return failed();
    sqlite3_finalize(s);
    return true;
#else
    Q_UNUSED(uniqueId);
    Q_UNUSED(deviceId);
    Q_UNUSED(where);
    Q_UNUSED(callback);
    return fail(u"cannot read from the database"_s, u"the SQLite C API is not available"_s);
#endif
}

bool Database::forEachEvent(const QString &uniqueId, TimeMs from, TimeMs to,
                            const EventCallback &callback)
{
    qint64 id = -1;
    if (!uniqueId.isEmpty() && (id = deviceId(uniqueId)) < 0)
        return fail(u"cannot export events"_s, u"no device \""_s + uniqueId + u"\""_s);
    const QString select = u"SELECT d.unique_id, p.time, p.type, p.text, p.attributes "
                           "FROM events p JOIN devices d ON d.id = p.device_id"_s
        + timeFilter(u"p.time"_s, id, from, to) + u" ORDER BY p.time"_s + m_dialect.nullsFirst()
        + u", p.id"_s;
    return stream(select, [&](const QSqlQuery &q) {
        DeviceEvent e;
        e.uniqueId = q.value(0).toString();
        e.time = timeOf(q.value(1));
        e.type = eventTypeFromId(q.value(2).toString());
        e.text = q.value(3).toString();
        e.attributes = AttributesJson::read(q.value(4).toString());
        return callback(e);
    });
}

QList<DeviceActivity> Database::activities()
{
    QList<DeviceActivity> list;
    QSqlQuery q(connection());
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT d.unique_id, a.last_packet_at, a.last_fix_at, a.last_fix_received_at, "
                "a.last_position_at, a.latitude, a.longitude, a.speed_kph, a.course, "
                "a.has_location, a.last_gasp, a.connection_end, a.protocol, a.peer, "
                "a.local_port, a.reason_state FROM device_activity a "
                "JOIN devices d ON d.id = a.device_id "
                "ORDER BY d.id"_s)) {
        fail(u"cannot read device activity"_s, q);
        return list;
    }
    while (q.next()) {
        DeviceActivity a;
        a.uniqueId = q.value(0).toString();
        a.lastPacketAt = timeOf(q.value(1));
        a.lastFixAt = timeOf(q.value(2));
        a.lastFixReceivedAt = timeOf(q.value(3));
        a.lastPositionAt = timeOf(q.value(4));
        a.latitude = q.value(5).toDouble();
        a.longitude = q.value(6).toDouble();
        a.speedKph = q.value(7).toDouble();
        a.course = q.value(8).toDouble();
        a.hasLocation = q.value(9).toBool();
        a.lastGasp = q.value(10).toBool();
        a.connectionEnd = connectionEndFromId(q.value(11).toString());
        a.protocol = q.value(12).toString();
        a.peer = q.value(13).toString();
        a.localPort = quint16(q.value(14).toUInt());
        a.reasonState = q.value(15).toString();
        list.append(a);
    }
    return list;
}

qint64 Database::count(const QString &table, const QString &timeColumn, const QString &uniqueId,
                       TimeMs from, TimeMs to)
{
    qint64 id = -1;
    if (!uniqueId.isEmpty() && (id = deviceId(uniqueId)) < 0)
        return 0;
    QSqlQuery q(connection());
    if (!q.exec(u"SELECT COUNT(*) FROM "_s + table + u" p"_s
                + timeFilter(timeColumn, id, from, to))
        || !q.next()) {
        fail(u"cannot count "_s + table, q);
        return -1;
    }
    return q.value(0).toLongLong();
}

qint64 Database::positionCount(const QString &uniqueId, TimeMs from, TimeMs to)
{
    return count(u"positions"_s, u"p.device_time"_s, uniqueId, from, to);
}

qint64 Database::eventCount(const QString &uniqueId, TimeMs from, TimeMs to)
{
    return count(u"events"_s, u"p.time"_s, uniqueId, from, to);
}

qint64 Database::latestPositionCount()
{
    QSqlQuery q(connection());
    if (!q.exec(m_dialect.expand(u"SELECT COUNT(*) FROM device_activity WHERE has_location"_s))
        || !q.next()) {
        fail(u"cannot count latest positions"_s, q);
        return -1;
    }
    return q.value(0).toLongLong();
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
    QSqlQuery &q = prepared(u"DELETE FROM positions WHERE id IN (SELECT id FROM positions "
                            "WHERE device_id = ? AND device_time < ? LIMIT ?)"_s);
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const qint64 id = ids.at((start + i) % ids.size());
        const qint64 want = chunk - deleted;
        q.bindValue(0, id);
        q.bindValue(1, qlonglong(t));
        q.bindValue(2, want);
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
