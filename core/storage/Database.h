#pragma once
// Database: one named connection to the FleetWatch database (SQLite file or PostgreSQL), with the
// schema, its migrations and every query the program runs. A plain class used from one thread at
// a time; each thread (GUI, writer, CLI) opens its own. Methods return false / std::nullopt / -1
// on failure and leave a readable message in lastError().
// On SQLite the batch writes and the bulk reads go through SqliteNative when it can attach (the
// SQLite C API on Qt's own handle); everything else, and every other case, through Qt SQL. The
// schema itself is StorageSchema.

#include "AccessRights.h"
#include "DatabaseConfig.h"
#include "PostgresCopyWriter.h"
#include "SqlDialect.h"
#include "SqliteNative.h"
#include "domain/Device.h"
#include "domain/DeviceActivity.h"
#include "domain/DeviceEvent.h"
#include "domain/Position.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

namespace fw {

class Database
{
    friend class HistoryReader; // the reads and the batch writes use this connection's helpers
    friend class RowWriter;
    friend class ChangeSnapshot;
public:
    static constexpr int kRowsPerStatement = 64; // multi-row INSERT size on the write path

    // An empty name picks a unique one. The connection is removed in the destructor.
    explicit Database(const QString &connectionName = {});
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Connects, applies the session settings and brings the schema up to date. Refuses a
    // database written by a newer FleetWatch.
    bool open(const DatabaseConfig &config);
    void close();
    bool isOpen() const;
    bool ping(); // a round trip to the server; false when the connection is gone
    bool reopen(); // close and open again with the same configuration

    const DatabaseConfig &config() const { return m_config; }
    QString connectionName() const { return m_name; }
    QString lastError() const { return m_lastError; }
    const SqlDialect &dialect() const { return m_dialect; }
    QSqlDatabase connection() const;

    static int latestSchemaVersion();
    int schemaVersion(); // -1 on error
    bool exec(const QString &sql); // maintenance and tests

    // Devices. uniqueId is the identity; the integer row id stays internal.
    bool addDevice(const Device &device);
    // Replaces the stored record of `uniqueId` with `device`; a different device.uniqueId
    // replaces the identity (history stays with the record; the caller moves registeredAt).
    bool updateDevice(const QString &uniqueId, const Device &device);
    // With its positions, events and activity, a chunk per transaction (removeDeviceChunk()).
    bool removeDevice(const QString &uniqueId);
    // One step of a removal that never holds the write lock for long: deletes up to `chunk`
    // of the device's positions and events in one transaction, and once none are left the
    // device itself (its activity and anything that arrived meanwhile go with it). Returns
    // the rows deleted (more may remain), 0 when the device is gone now, -1 on error.
    qint64 removeDeviceChunk(const QString &uniqueId, int chunk);
    static constexpr int kRemovalChunk = 5'000;
    QList<Device> devices(); // in registration order
    std::optional<Device> findDevice(const QString &uniqueId);
    bool importDevices(const QList<Device> &devices); // all or nothing
    qint64 deviceId(const QString &uniqueId); // cached; -1 when unknown
    void clearDeviceIdCache();

    // Settings (key/value text).
    std::optional<QString> setting(const QString &key);
    QString setting(const QString &key, const QString &fallback);
    bool setSetting(const QString &key, const QString &value);
    bool removeSetting(const QString &key);

    // Transactions. Device and settings methods join an open transaction (as a savepoint).
    bool begin();
    bool commit();
    bool rollback();
    bool inTransaction() const { return m_inTransaction; }

    // Change sequence (shared deployments, PostgreSQL): inside an open transaction, takes the
    // next number of change_sequence (its row stays locked until the commit, so the groups of
    // every writer get their numbers in commit order), remembers it for the rows this
    // transaction writes (change_seq columns) and queues NOTIFY fleetwatch '<number>', which
    // PostgreSQL delivers at the commit. A no-op returning true on SQLite.
    bool stampChange();
    qint64 changeSeq() const { return m_changeSeq; } // 0: none in this transaction
    static QString notifyChannel() { return QStringLiteral("fleetwatch"); }
    // The ingest node whose writer this connection is (stored with each position).
    void setNodeId(const QString &nodeId) { m_nodeId = nodeId; }
    QString nodeId() const { return m_nodeId; }

    // Batch writes (the writer calls them inside its transaction). Rows of devices that are not
    // registered are skipped and counted in *skipped.
    bool insertPositions(const QList<Position> &positions, qsizetype *skipped = nullptr);
    // The same for the positions of several submissions, without copying them into one list.
    bool insertPositions(const QList<const QList<Position> *> &parts,
                         qsizetype *skipped = nullptr);
    bool insertEvents(const QList<DeviceEvent> &events, qsizetype *skipped = nullptr);
    bool upsertActivity(const QList<DeviceActivity> &activities, qsizetype *skipped = nullptr);

    // Streaming reads for export, oldest first (rows without a time first). An empty uniqueId
    // means every device; kNoTime leaves that end open; both ends are inclusive. The callback
    // returns false to stop early (still a success).
    using PositionCallback = std::function<bool(const Position &)>;
    using EventCallback = std::function<bool(const DeviceEvent &)>;
    bool forEachPosition(const QString &uniqueId, TimeMs from, TimeMs to,
                         const PositionCallback &callback);
    bool forEachEvent(const QString &uniqueId, TimeMs from, TimeMs to,
                      const EventCallback &callback);
    QList<DeviceActivity> activities(); // every row, for restoring state at start-up

    qint64 positionCount(const QString &uniqueId = {}, TimeMs from = kNoTime, TimeMs to = kNoTime);
    qint64 eventCount(const QString &uniqueId = {}, TimeMs from = kNoTime, TimeMs to = kNoTime);
    qint64 latestPositionCount(); // devices with a stored latest location (activity rows)

    // Retention: deletes at most `chunk` positions with device_time < t, walking the devices
    // through the (device_id, device_time) index so each call is short. Returns how many rows
    // it deleted (0 = nothing older is left), -1 on error.
    qint64 deletePositionsBefore(TimeMs t, int chunk);

    // What the login of this connection may do (PostgreSQL roles and privileges, the device
    // groups it is limited to); everything on SQLite. See AccessControl.
    AccessRights capabilities();

    // Whether this connection uses the SQLite C API path (see the top of this file). Set
    // FW_SQLITE_NATIVE=0 in the environment to force the Qt SQL path.
    bool usesNativeSqlite() const;
    // Whether positions go to PostgreSQL as binary COPY (PostgresCopyWriter); FW_PG_COPY=0 in
    // the environment forces multi-row INSERTs.
    bool usesPostgresCopy() const { return m_pgCopy != nullptr; }

private:
    bool fail(const QString &what, const QString &detail);
    bool fail(const QString &what, const QSqlQuery &query);
    bool run(QSqlQuery &query, const QString &what);
    bool run(const QString &sql, const QString &what);
    QSqlQuery &prepared(const QString &sql);
    bool withTransaction(const std::function<bool()> &body);
    bool migrate();
    bool applySession();
    bool insertDevice(const Device &device);
    bool deviceExists(const QString &uniqueId, bool *exists);

    QString m_name;
    DatabaseConfig m_config;
    SqlDialect m_dialect;
    QString m_lastError;
    bool m_inTransaction = false;
    qint64 m_changeSeq = 0;
    QString m_nodeId;
    int m_savepoints = 0;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_statements; // prepared once
    QHash<QString, qint64> m_deviceIds;
    std::unique_ptr<SqliteNative> m_native; // null: Qt SQL only
    std::unique_ptr<PostgresCopyWriter> m_pgCopy; // null: positions as INSERTs
    QList<SqliteNative::PositionRow> m_positionRows; // reused by insertPositions()
    qint64 m_retentionCursor = 0; // device id where the next retention chunk starts
};

} // namespace fw
