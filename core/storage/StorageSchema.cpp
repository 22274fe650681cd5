#include "StorageSchema.h"

using namespace Qt::StringLiterals;

namespace fw {

// The schema, described once. Append new migrations; never edit a released one.
const QList<Migration> &StorageSchema::migrations()
{
    static const QList<Migration> list = {
        { 1, u"devices, positions, events, device activity, settings"_s,
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
        { 2, u"detected-reason state kept with the device activity"_s,
            {
                u"ALTER TABLE device_activity ADD COLUMN reason_state TEXT"_s,
            } },
        { 3, u"geofences, alert rules with their targets, alerts, rule state per device"_s,
            {
                u"CREATE TABLE geofences (id ${SERIAL}, name TEXT NOT NULL UNIQUE, "
                "kind TEXT NOT NULL, definition TEXT NOT NULL, speed_limit_kph ${REAL}, "
                "group_name TEXT, created_at ${BIGINT})"_s,
                u"CREATE TABLE alert_rules (id ${SERIAL}, name TEXT NOT NULL UNIQUE, "
                "type TEXT NOT NULL, parameters TEXT NOT NULL, targets TEXT, "
                "created_at ${BIGINT})"_s,
                // dedupe_key (rule, device, time, geofence) makes an alert raised twice, say
                // again after a node restart, one row.
                u"CREATE TABLE alerts (id ${SERIAL}, dedupe_key TEXT NOT NULL UNIQUE, "
                "rule TEXT NOT NULL, type TEXT NOT NULL, unique_id TEXT NOT NULL, "
                "time ${BIGINT}, text TEXT, geofence TEXT, latitude ${REAL}, longitude ${REAL}, "
                "targets TEXT, created_at ${BIGINT}, acknowledged_by TEXT, "
                "acknowledged_at ${BIGINT}, note TEXT)"_s,
                u"CREATE INDEX alerts_time ON alerts (time)"_s,
                u"CREATE INDEX alerts_device_time ON alerts (unique_id, time)"_s,
                u"CREATE TABLE alert_state (unique_id TEXT PRIMARY KEY, state TEXT NOT NULL, "
                "updated_at ${BIGINT})"_s,
            } },
        // Shared deployments: every committed group of changes takes the next number of the
        // one-row change_sequence (its row lock orders the groups of all writers, so numbers
        // become visible in commit order) and stamps it on the rows it writes; readers ask
        // "what changed after S" through the change_seq indexes (PostgreSQL only; SQLite
        // leaves the columns empty). nodes: the ingest nodes' heartbeats.
        { 4, u"change sequence on changed rows, which node stored a position, ingest nodes"_s,
            {
                u"CREATE TABLE change_sequence (id ${BIGINT} PRIMARY KEY, seq ${BIGINT} NOT NULL)"_s,
                u"INSERT INTO change_sequence (id, seq) VALUES (1, 0)"_s,
                u"ALTER TABLE devices ADD COLUMN change_seq ${BIGINT}"_s,
                u"ALTER TABLE device_activity ADD COLUMN change_seq ${BIGINT}"_s,
                u"ALTER TABLE events ADD COLUMN change_seq ${BIGINT}"_s,
                u"ALTER TABLE alerts ADD COLUMN change_seq ${BIGINT}"_s,
                u"ALTER TABLE positions ADD COLUMN change_seq ${BIGINT}"_s,
                u"ALTER TABLE positions ADD COLUMN node TEXT"_s,
                u"${POSTGRES}CREATE INDEX devices_change ON devices (change_seq)"_s,
                u"${POSTGRES}CREATE INDEX device_activity_change ON device_activity (change_seq)"_s,
                u"${POSTGRES}CREATE INDEX events_change ON events (change_seq)"_s,
                u"${POSTGRES}CREATE INDEX alerts_change ON alerts (change_seq)"_s,
                // A B-tree, not a block range index: new keys go to its rightmost page, and a
                // BRIN index leaves the newest ranges unsummarized, so each catch-up read
                // scanned them all (remote_bench at 5,000 positions/s: p99 650 ms with BRIN,
                // 90 ms with the B-tree).
                u"${POSTGRES}CREATE INDEX positions_change ON positions (change_seq)"_s,
                u"CREATE TABLE nodes (id TEXT PRIMARY KEY, host TEXT, ports TEXT, "
                "connections ${BIGINT}, positions_per_second ${REAL}, started_at ${BIGINT}, "
                "last_seen ${BIGINT})"_s,
            } },
        // A removed device leaves no row to stamp: its id and change number stay here, so
        // windows and `watch` following the change sequence drop it too (PostgreSQL only
        // writes it; SQLite has no followers).
        { 5, u"removed devices by change sequence"_s,
            {
                u"CREATE TABLE removed_devices (unique_id TEXT NOT NULL, "
                "change_seq ${BIGINT} NOT NULL, removed_at ${BIGINT})"_s,
                u"${POSTGRES}CREATE INDEX removed_devices_change ON removed_devices (change_seq)"_s,
            } },
    };
    return list;
}

int StorageSchema::latestVersion()
{
    return migrations().constLast().version;
}

const QStringList &StorageSchema::positionColumns()
{
    static const QStringList columns = {
        u"device_id"_s,
        u"device_time"_s,
        u"server_time"_s,
        u"valid"_s,
        u"latitude"_s,
        u"longitude"_s,
        u"altitude"_s,
        u"speed_kph"_s,
        u"course"_s,
        u"satellites"_s,
        u"accuracy"_s,
        u"protocol"_s,
        u"attributes"_s,
    };
    return columns;
}

const QStringList &StorageSchema::positionChangeColumns()
{
    static const QStringList columns = { u"change_seq"_s, u"node"_s };
    return columns;
}

const QStringList &StorageSchema::eventColumns()
{
    static const QStringList columns = {
        u"device_id"_s,
        u"time"_s,
        u"type"_s,
        u"text"_s,
        u"attributes"_s,
    };
    return columns;
}

const QStringList &StorageSchema::activityColumns()
{
    static const QStringList columns = {
        u"device_id"_s,
        u"last_packet_at"_s,
        u"last_fix_at"_s,
        u"last_fix_received_at"_s,
        u"last_position_at"_s,
        u"latitude"_s,
        u"longitude"_s,
        u"speed_kph"_s,
        u"course"_s,
        u"has_location"_s,
        u"last_gasp"_s,
        u"connection_end"_s,
        u"protocol"_s,
        u"peer"_s,
        u"local_port"_s,
        u"reason_state"_s,
    };
    return columns;
}

QString StorageSchema::connectionEndId(ConnectionEnd end)
{
    switch (end) {
    case ConnectionEnd::None:
        return u"none"_s;
    case ConnectionEnd::ClosedByDevice:
        return u"closed-by-device"_s;
    case ConnectionEnd::TimedOut:
        return u"timed-out"_s;
    case ConnectionEnd::ClosedByServer:
        return u"closed-by-server"_s;
    }
    return u"none"_s;
}

ConnectionEnd StorageSchema::connectionEndFromId(const QString &id)
{
    if (id == u"closed-by-device")
        return ConnectionEnd::ClosedByDevice;
    if (id == u"timed-out")
        return ConnectionEnd::TimedOut;
    if (id == u"closed-by-server")
        return ConnectionEnd::ClosedByServer;
    return ConnectionEnd::None;
}

} // namespace fw
