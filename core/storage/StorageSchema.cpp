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
        // Shared deployments: the raw frames a node received, so the raw console and the
        // troubleshooter of a connected window see them. Bounded by the node's pruning: the last
        // N frames of each registered device (pooled false), and one pool with a cap for frames
        // that are not a device's own (undecoded, unknown device, no id yet: pooled true).
        // device_id is NULL for an unknown device (row-level security then shows the row to
        // unlimited logins only). bytes: what arrived; reply: what the node answered (or sent).
        { 5, u"raw frames ring of the ingest nodes"_s,
            {
                u"CREATE TABLE raw_frames (id ${SERIAL}, node TEXT, device_id ${BIGINT} "
                "REFERENCES devices(id) ON DELETE CASCADE, unique_id TEXT, peer TEXT, "
                "local_port ${BIGINT}, transport TEXT, protocol TEXT, received_at ${BIGINT}, "
                "outcome TEXT NOT NULL, pooled ${BOOL} NOT NULL, textual ${BOOL} NOT NULL, "
                "detail TEXT, bytes ${BYTES}, reply ${BYTES})"_s,
                u"CREATE INDEX raw_frames_device ON raw_frames (device_id, id)"_s,
                u"CREATE INDEX raw_frames_pool ON raw_frames (pooled, id)"_s,
            } },
        // PostgreSQL keeps positions in one partition per calendar month (UTC) of device_time, so
        // retention drops whole months (PositionPartitions) and a track read touches only the
        // months it spans. The rows are copied into monthly partitions rather than the old table
        // attached as one partition: attached, the old table would stay one block that
        // retention could only empty row by row, and attaching needs a full scan to check its
        // range anyway. A partitioned table cannot have a primary key without the partition key
        // (and device_time may be NULL), so ids stay unique through the identity sequence alone,
        // with a plain index on id. Rows without a time, or outside the created months, go to
        // positions_default. The old table's grants and row-level security policies move to the
        // new one (they apply to every partition through it; partitions have no grants of their
        // own, so nobody reads them around the policies). Two SECURITY DEFINER functions
        // create and drop partitions, as a node login may not (only the owner may).
        { 6, u"positions partitioned by month of device_time (PostgreSQL)"_s,
            {
                u"${POSTGRES}ALTER TABLE positions RENAME TO positions_unpartitioned"_s,
                u"${POSTGRES}CREATE TABLE positions (id BIGINT GENERATED BY DEFAULT AS IDENTITY, "
                "device_id BIGINT NOT NULL REFERENCES devices(id) ON DELETE CASCADE, "
                "device_time BIGINT, server_time BIGINT, valid BOOLEAN NOT NULL, "
                "latitude DOUBLE PRECISION, longitude DOUBLE PRECISION, altitude DOUBLE PRECISION, "
                "speed_kph DOUBLE PRECISION, course DOUBLE PRECISION, satellites BIGINT, "
                "accuracy DOUBLE PRECISION, protocol TEXT, attributes TEXT, change_seq BIGINT, "
                "node TEXT) PARTITION BY RANGE (device_time)"_s,
                u"${POSTGRES}CREATE TABLE positions_default PARTITION OF positions DEFAULT"_s,
                // The partition of the UTC month of at_ms; rows of that month already in
                // positions_default move into it (a range partition cannot be created while
                // the default one holds rows of its range). Several nodes may race: the
                // advisory lock orders them, the loser finds the table and returns false.
                uR"sql(${POSTGRES}CREATE FUNCTION fleetwatch_ensure_position_partition(at_ms BIGINT)
RETURNS BOOLEAN LANGUAGE plpgsql SECURITY DEFINER SET lock_timeout = '5s' AS $f$
DECLARE
    month TIMESTAMP := date_trunc('month', to_timestamp(at_ms / 1000.0) AT TIME ZONE 'UTC');
    lo BIGINT := CAST(EXTRACT(EPOCH FROM month AT TIME ZONE 'UTC') * 1000 AS BIGINT);
    hi BIGINT := CAST(EXTRACT(EPOCH FROM (month + INTERVAL '1 month') AT TIME ZONE 'UTC')
        * 1000 AS BIGINT);
    part TEXT := 'positions_p' || to_char(month, 'YYYYMM');
BEGIN
    IF to_regclass(part) IS NOT NULL THEN
        RETURN FALSE;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('fleetwatch_position_partitions'));
    IF to_regclass(part) IS NOT NULL THEN
        RETURN FALSE;
    END IF;
    IF EXISTS (SELECT 1 FROM positions_default WHERE device_time >= lo AND device_time < hi) THEN
        CREATE TEMP TABLE fleetwatch_moving (LIKE positions) ON COMMIT DROP;
        WITH moved AS (DELETE FROM positions_default
                       WHERE device_time >= lo AND device_time < hi RETURNING *)
        INSERT INTO fleetwatch_moving SELECT * FROM moved;
        EXECUTE format('CREATE TABLE %I PARTITION OF positions FOR VALUES FROM (%s) TO (%s)',
            part, lo, hi);
        INSERT INTO positions SELECT * FROM fleetwatch_moving;
        DROP TABLE fleetwatch_moving;
    ELSE
        EXECUTE format('CREATE TABLE %I PARTITION OF positions FOR VALUES FROM (%s) TO (%s)',
            part, lo, hi);
    END IF;
    RETURN TRUE;
EXCEPTION WHEN duplicate_table OR unique_violation THEN
    RETURN FALSE;
END
$f$)sql"_s,
                // Drops every partition that ends at or before cutoff_ms; returns how many.
                uR"sql(${POSTGRES}CREATE FUNCTION fleetwatch_drop_position_partitions(cutoff_ms BIGINT)
RETURNS INTEGER LANGUAGE plpgsql SECURITY DEFINER SET lock_timeout = '5s' AS $f$
DECLARE
    r RECORD;
    dropped INTEGER := 0;
BEGIN
    FOR r IN SELECT CAST(c.oid AS REGCLASS) AS part,
            CAST(substring(pg_get_expr(c.relpartbound, c.oid)
                FROM 'TO \(''?(-?[0-9]+)''?\)') AS BIGINT) AS upper
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = CAST('positions' AS REGCLASS)
        ORDER BY 2
    LOOP
        IF r.upper IS NOT NULL AND r.upper <= cutoff_ms THEN
            EXECUTE format('DROP TABLE %s', r.part);
            dropped := dropped + 1;
        END IF;
    END LOOP;
    RETURN dropped;
END
$f$)sql"_s,
                u"${POSTGRES}REVOKE ALL ON FUNCTION fleetwatch_ensure_position_partition(BIGINT) "
                "FROM PUBLIC"_s,
                u"${POSTGRES}REVOKE ALL ON FUNCTION fleetwatch_drop_position_partitions(BIGINT) "
                "FROM PUBLIC"_s,
                // A SECURITY DEFINER function names its schema, and looks at temporary tables
                // last, so a caller's own temporary "positions" cannot stand in.
                uR"sql(${POSTGRES}DO $$ BEGIN
    EXECUTE format('ALTER FUNCTION fleetwatch_ensure_position_partition(BIGINT) '
        'SET search_path = %I, pg_temp', current_schema());
    EXECUTE format('ALTER FUNCTION fleetwatch_drop_position_partitions(BIGINT) '
        'SET search_path = %I, pg_temp', current_schema());
END $$)sql"_s,
                // The months the old rows have (from 2000 to a year ahead: a tracker's absurd
                // clock goes to positions_default, not to a partition of its own), this month
                // and the next.
                uR"sql(${POSTGRES}DO $$
DECLARE
    m BIGINT;
    now_ms BIGINT := CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT);
BEGIN
    FOR m IN SELECT DISTINCT CAST(EXTRACT(EPOCH FROM date_trunc('month',
                to_timestamp(device_time / 1000.0) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')
                * 1000 AS BIGINT)
        FROM positions_unpartitioned
        WHERE device_time >= 946684800000 AND device_time < now_ms + CAST(366 AS BIGINT) * 86400000
    LOOP
        PERFORM fleetwatch_ensure_position_partition(m);
    END LOOP;
    PERFORM fleetwatch_ensure_position_partition(now_ms);
    PERFORM fleetwatch_ensure_position_partition(now_ms + CAST(31 AS BIGINT) * 86400000);
END $$)sql"_s,
                u"${POSTGRES}INSERT INTO positions (id, device_id, device_time, server_time, valid, "
                "latitude, longitude, altitude, speed_kph, course, satellites, accuracy, protocol, "
                "attributes, change_seq, node) SELECT id, device_id, device_time, server_time, "
                "valid, latitude, longitude, altitude, speed_kph, course, satellites, accuracy, "
                "protocol, attributes, change_seq, node FROM positions_unpartitioned"_s,
                // The sequence continues after the copied ids; grants (table and sequence),
                // row-level security and its policies move over; a database already set up with
                // db init lets its nodes call the partition functions.
                uR"sql(${POSTGRES}DO $$
DECLARE
    old_table OID := CAST('positions_unpartitioned' AS REGCLASS);
    old_seq TEXT := pg_get_serial_sequence('positions_unpartitioned', 'id');
    new_seq TEXT := pg_get_serial_sequence('positions', 'id');
    a RECORD;
    p RECORD;
BEGIN
    EXECUTE format('SELECT setval(%L, COALESCE((SELECT MAX(id) FROM positions), 0) + 1, false)',
        new_seq);
    FOR a IN SELECT 'TABLE positions' AS target, e.grantee, e.privilege_type
            FROM pg_class c, aclexplode(c.relacl) e
            WHERE c.oid = old_table AND e.grantee <> c.relowner
        UNION ALL SELECT 'SEQUENCE ' || new_seq, e.grantee, e.privilege_type
            FROM pg_class c, aclexplode(c.relacl) e
            WHERE c.oid = CAST(old_seq AS REGCLASS) AND e.grantee <> c.relowner
    LOOP
        EXECUTE format('GRANT %s ON %s TO %s', a.privilege_type, a.target,
            CASE WHEN a.grantee = 0 THEN 'PUBLIC'
                ELSE quote_ident(CAST(CAST(a.grantee AS REGROLE) AS TEXT)) END);
    END LOOP;
    IF (SELECT relrowsecurity FROM pg_class WHERE oid = old_table) THEN
        ALTER TABLE positions ENABLE ROW LEVEL SECURITY;
    END IF;
    FOR p IN SELECT polname, polcmd, polpermissive, pg_get_expr(polqual, polrelid) AS qual,
            pg_get_expr(polwithcheck, polrelid) AS checks,
            (SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC'
                    ELSE quote_ident(CAST(CAST(r AS REGROLE) AS TEXT)) END, ', ')
                FROM unnest(polroles) r) AS roles
        FROM pg_policy WHERE polrelid = old_table
    LOOP
        EXECUTE format('CREATE POLICY %I ON positions AS %s FOR %s TO %s%s%s', p.polname,
            CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
            CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                WHEN 'd' THEN 'DELETE' ELSE 'ALL' END, p.roles,
            COALESCE(' USING (' || p.qual || ')', ''),
            COALESCE(' WITH CHECK (' || p.checks || ')', ''));
    END LOOP;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fleetwatch_node') THEN
        GRANT EXECUTE ON FUNCTION fleetwatch_ensure_position_partition(BIGINT) TO fleetwatch_node;
        GRANT EXECUTE ON FUNCTION fleetwatch_drop_position_partitions(BIGINT) TO fleetwatch_node;
    END IF;
END $$)sql"_s,
                u"${POSTGRES}DROP TABLE positions_unpartitioned"_s,
                uR"sql(${POSTGRES}DO $$ BEGIN
    EXECUTE format('ALTER SEQUENCE %s RENAME TO positions_id_seq',
        pg_get_serial_sequence('positions', 'id'));
END $$)sql"_s,
                // Built after the copy (faster than row by row); each partition gets its own.
                u"${POSTGRES}CREATE INDEX positions_device_time ON positions (device_id, device_time)"_s,
                u"${POSTGRES}CREATE INDEX positions_change ON positions (change_seq)"_s,
                u"${POSTGRES}CREATE INDEX positions_id ON positions (id)"_s,
            } },
        // Device commands queued by operators (CLI, connected windows) and sent by the node
        // that holds the device's connection (CommandQueueTable). status: queued, sent,
        // replied, failed, expired. encoded: hex of ready wire bytes (a window's command);
        // empty: the node encodes type + params. Times are the server's clock.
        { 7, u"command queue"_s,
            {
                u"CREATE TABLE commands (id ${SERIAL}, device_id ${BIGINT} NOT NULL "
                "REFERENCES devices(id) ON DELETE CASCADE, unique_id TEXT NOT NULL, "
                "type TEXT NOT NULL, params TEXT, channel TEXT NOT NULL, encoded TEXT, "
                "status TEXT NOT NULL, reply TEXT, error TEXT, node TEXT, created_by TEXT, "
                "created_at ${BIGINT}, sent_at ${BIGINT}, finished_at ${BIGINT}, "
                "expires_at ${BIGINT})"_s,
                u"CREATE INDEX commands_status ON commands (status, id)"_s,
                u"CREATE INDEX commands_device ON commands (device_id, id)"_s,
            } },
        // A removed device leaves no row to stamp: its id and change number stay here, so
        // windows and `watch` following the change sequence drop it too (PostgreSQL only
        // writes it; SQLite has no followers).
        { 8, u"removed devices by change sequence"_s,
            {
                u"CREATE TABLE removed_devices (unique_id TEXT NOT NULL, "
                "change_seq ${BIGINT} NOT NULL, removed_at ${BIGINT})"_s,
                u"${POSTGRES}CREATE INDEX removed_devices_change ON removed_devices (change_seq)"_s,
            } },
        // The removed device's group, so a login limited to device groups learns only of its
        // groups' removals (row-level security, AccessControl).
        { 9, u"removed devices keep their group"_s,
            {
                u"ALTER TABLE removed_devices ADD COLUMN group_name TEXT"_s,
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
