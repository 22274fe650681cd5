// Positions partitioned by month on PostgreSQL (StorageSchema migration 6, PositionPartitions):
// rows of three months land in three partitions (rows of a month without one in
// positions_default, moved out when its partition is made); the migration of an existing
// unpartitioned table keeps every row, its grants and its row-level security; retention run by a
// node login drops whole old months and deletes exactly the older rows of the month straddling
// the cut-off; a group-limited operator still sees only its devices' positions through the
// parent; and the latest-per-device and track queries return the right rows through partition
// pruning and the (device_id, device_time) indexes (their EXPLAIN ANALYZE is printed).
#include "PostgresTestServer.h"
#include "TestMain.h"
#include "storage/AccessControl.h"
#include "storage/Database.h"
#include "storage/HistoryReader.h"
#include "storage/PositionPartitions.h"
#include "storage/PositionWriter.h"
#include "storage/StorageSchema.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

#include <map>

using namespace fw;
using namespace Qt::StringLiterals;

namespace {

const TimeMs kJan = utcTime(2024, 1, 1, 0, 0, 0);
const TimeMs kFeb = utcTime(2024, 2, 1, 0, 0, 0);
const TimeMs kMar = utcTime(2024, 3, 1, 0, 0, 0);
const TimeMs kApr = utcTime(2024, 4, 1, 0, 0, 0);
const TimeMs kMay = utcTime(2024, 5, 1, 0, 0, 0);
const TimeMs kJun = utcTime(2024, 6, 1, 0, 0, 0);

Position at(const QString &uniqueId, TimeMs t, double lat = 52.0)
{
    Position p;
    p.uniqueId = uniqueId;
    p.deviceTime = t;
    p.serverTime = t == kNoTime ? kMay : t + 500;
    p.valid = true;
    p.latitude = lat;
    p.longitude = 21.0;
    p.protocol = QStringLiteral("osmand");
    return p;
}

// Every row of a query as "a|b|c" text lines (NULL as "-").
QStringList rows(Database &db, const QString &sql)
{
    QStringList out;
    QSqlQuery q(db.connection());
    if (!q.exec(sql))
        return { QStringLiteral("error: ") + q.lastError().text() };
    while (q.next()) {
        QStringList fields;
        for (int c = 0; c < q.record().count(); ++c)
            fields << (q.isNull(c) ? QStringLiteral("-") : q.value(c).toString());
        out << fields.join(u'|');
    }
    return out;
}

QString one(Database &db, const QString &sql)
{
    const QStringList r = rows(db, sql);
    return r.isEmpty() ? QString() : r.constFirst();
}

// Partition name -> its rows, from the rows themselves (tableoid) and the partition tree.
std::map<QString, int> rowsPerPartition(Database &db)
{
    std::map<QString, int> out;
    for (const QString &line : rows(db, QStringLiteral(
             "SELECT CAST(CAST(relid AS REGCLASS) AS TEXT) FROM pg_partition_tree('positions') "
             "WHERE isleaf")))
        out[line] = 0;
    for (const QString &line : rows(db, QStringLiteral(
             "SELECT CAST(CAST(tableoid AS REGCLASS) AS TEXT), COUNT(*) FROM positions GROUP BY 1"))) {
        const QStringList f = line.split(u'|');
        out[f.at(0)] = f.value(1).toInt();
    }
    return out;
}

bool addDevices(Database &db, const QStringList &ids, const QString &group = {})
{
    for (const QString &id : ids) {
        Device d;
        d.uniqueId = id;
        d.group = group;
        if (!db.addDevice(d))
            return false;
    }
    return true;
}

bool store(Database &db, const QList<Position> &positions)
{
    return db.begin() && db.insertPositions(positions) && db.commit();
}

const char *kDumpColumns = "id, device_id, device_time, server_time, valid, latitude, longitude, "
                           "altitude, speed_kph, course, satellites, accuracy, protocol, "
                           "attributes, change_seq, node";

} // namespace

class TestPositionPartitions : public QObject
{
    Q_OBJECT

private:
    int m_logins = 0;

    std::optional<DatabaseConfig> fresh()
    {
        auto &server = fw::test::PostgresTestServer::shared();
        QString why;
        if (!server.isRunning() && !server.start())
            why = server.errorString();
        std::optional<DatabaseConfig> config;
        if (server.isRunning())
            config = server.createDatabase(&why);
        if (!config)
            qWarning("PostgreSQL test server unavailable: %s", qPrintable(why));
        return config;
    }

    // A new PostgreSQL login (roles are per cluster: a unique name) on the database of `admin`.
    std::optional<DatabaseConfig> login(Database &admin, const QString &prefix)
    {
        const QString name = QStringLiteral("%1_%2_%3")
                                 .arg(prefix, admin.config().databaseName())
                                 .arg(++m_logins)
                                 .toLower();
        if (!admin.exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'pw'").arg(name)))
            return std::nullopt;
        const DatabaseConfig c = admin.config();
        return DatabaseConfig::postgres(c.host(), c.port(), c.databaseName(), name, u"pw"_s);
    }

private slots:
    void initTestCase()
    {
        if (!fresh()) {
            if (fw::test::PostgresTestServer::required())
                QFAIL("no PostgreSQL test server");
            QSKIP("no PostgreSQL test server");
        }
    }

    void monthStartsAreUtcMonths()
    {
        QCOMPARE(PositionPartitions::monthStart(kFeb + 28 * kDay + 5), kFeb);
        QCOMPARE(PositionPartitions::nextMonthStart(kJan + 30 * kDay), kFeb); // Jan 31
        QCOMPARE(PositionPartitions::nextMonthStart(utcTime(2023, 12, 31, 23, 59, 59)), kJan);
    }

    void threeMonthsLandInThreePartitions()
    {
        const auto config = fresh();
        QVERIFY(config);
        Database db;
        QVERIFY2(db.open(*config), qPrintable(db.lastError()));
        PositionPartitions partitions(db);
        QCOMPARE(partitions.ensureAhead(kJan + 10 * kDay), 2); // January, February
        QCOMPARE(partitions.ensureAhead(kFeb + 27 * kDay), 1); // March
        QCOMPARE(partitions.ensureAhead(kFeb), 0); // all there
        QVERIFY(addDevices(db, { u"a"_s, u"b"_s }));
        QList<Position> list;
        for (int i = 0; i < 10; ++i)
            list << at(u"a"_s, kJan + i * kHour) << at(u"b"_s, kFeb + i * kHour);
        for (int i = 0; i < 7; ++i)
            list << at(u"a"_s, kMar + i * kDay);
        list << at(u"a"_s, kMar - 1) // the last millisecond of February
             << at(u"b"_s, kNoTime) << at(u"b"_s, kApr + 3 * kDay); // no partition (yet)
        QVERIFY2(store(db, list), qPrintable(db.lastError())); // binary COPY into the parent
        std::map<QString, int> expected { { u"positions_p202401"_s, 10 },
            { u"positions_p202402"_s, 11 }, { u"positions_p202403"_s, 7 },
            { u"positions_default"_s, 2 } };
        std::map<QString, int> found = rowsPerPartition(db);
        for (auto &[name, count] : expected)
            QCOMPARE(found[name], count);

        // April's partition takes the April row out of positions_default; NULL times stay.
        QCOMPARE(partitions.ensureAhead(kApr), 2); // April, May
        found = rowsPerPartition(db);
        QCOMPARE(found[u"positions_p202404"_s], 1);
        QCOMPARE(found[u"positions_default"_s], 1);
        QCOMPARE(one(db, u"SELECT COUNT(*) FROM positions_default WHERE device_time IS NULL"_s),
            u"1"_s);
        QCOMPARE(db.positionCount(), qint64(list.size()));
    }

    void migrationKeepsEveryRow()
    {
        const auto config = fresh();
        QVERIFY(config);
        QStringList before;
        qint64 maxId = 0;
        {
            // A database at schema version 4, as an older FleetWatch left it.
            QSqlDatabase raw = QSqlDatabase::addDatabase(u"QPSQL"_s, u"partitions-v4"_s);
            raw.setHostName(config->host());
            raw.setPort(config->port());
            raw.setDatabaseName(config->databaseName());
            raw.setUserName(config->user());
            raw.setPassword(config->password());
            QVERIFY2(raw.open(), qPrintable(raw.lastError().text()));
            const SqlDialect dialect(DatabaseConfig::Backend::Postgres);
            QSqlQuery q(raw);
            QVERIFY(q.exec(u"CREATE TABLE schema_version (version BIGINT PRIMARY KEY, "
                           "applied_at BIGINT NOT NULL, description TEXT)"_s));
            for (const Migration &m : StorageSchema::migrations()) {
                if (m.version > 4)
                    break;
                for (const QString &statement : m.statements) {
                    const QString sql = dialect.expand(statement);
                    QVERIFY2(sql.isEmpty() || q.exec(sql), qPrintable(q.lastError().text()));
                }
                QVERIFY(q.exec(QStringLiteral("INSERT INTO schema_version VALUES (%1, 0, 'v')")
                                   .arg(m.version)));
            }
            QVERIFY(q.exec(u"INSERT INTO devices (unique_id) VALUES ('a'), ('b'), ('c')"_s));
            // 3 devices x 5 months x 200, then odd times: none, 1970, far future.
            QVERIFY(q.exec(u"INSERT INTO positions (device_id, device_time, server_time, valid, "
                           "latitude, longitude, speed_kph, satellites, protocol, attributes, "
                           "change_seq, node) SELECT 1 + g % 3, "_s
                + QString::number(kJan) + u" + CAST(g AS BIGINT) * 39000000, g, g % 2 = 0, "
                                          "g * 0.001, -g * 0.002, g % 120, g % 13, 'gt06', "
                                          "'{\"n\":' || g || '}', g, 'node-' || (g % 2) "
                                          "FROM generate_series(1, 3000) g"_s));
            QVERIFY(q.exec(u"INSERT INTO positions (device_id, device_time, valid) VALUES "
                           "(1, NULL, true), (2, 12345, false), (3, 4102444800000, true)"_s));
            QVERIFY(q.exec(u"DELETE FROM positions WHERE id % 97 = 0"_s)); // gaps in the ids
            // Row-level security and a grant, to be carried over.
            QVERIFY(q.exec(u"ALTER TABLE positions ENABLE ROW LEVEL SECURITY"_s));
            QVERIFY(q.exec(u"CREATE POLICY test_policy ON positions USING (device_id <> 3)"_s));
            QVERIFY(q.exec(u"GRANT SELECT ON positions TO PUBLIC"_s));
            QVERIFY(q.exec(QStringLiteral("SELECT %1 FROM positions ORDER BY id")
                               .arg(QLatin1String(kDumpColumns))));
            while (q.next()) {
                QStringList fields;
                for (int c = 0; c < q.record().count(); ++c)
                    fields << (q.isNull(c) ? QStringLiteral("-") : q.value(c).toString());
                before << fields.join(u'|');
                maxId = std::max(maxId, q.value(0).toLongLong());
            }
            raw.close();
        }
        QSqlDatabase::removeDatabase(u"partitions-v4"_s);
        QCOMPARE(before.size(), 3003 - 3000 / 97);

        Database db;
        QVERIFY2(db.open(*config), qPrintable(db.lastError())); // migrates to the latest version
        QCOMPARE(db.schemaVersion(), StorageSchema::latestVersion());
        QCOMPARE(one(db, u"SELECT relkind FROM pg_class WHERE oid = to_regclass('positions')"_s),
            u"p"_s); // partitioned
        QCOMPARE(rows(db, QStringLiteral("SELECT %1 FROM positions ORDER BY id")
                              .arg(QLatin1String(kDumpColumns))),
            before);
        // Every month of the data has its partition; the odd times are in positions_default.
        const std::map<QString, int> found = rowsPerPartition(db);
        for (const char *month : { "positions_p202401", "positions_p202402", "positions_p202403",
                 "positions_p202404", "positions_p202405" })
            QVERIFY2(found.count(QLatin1String(month)) && found.at(QLatin1String(month)) > 0, month);
        QCOMPARE(found.at(u"positions_default"_s), 3);
        QCOMPARE(one(db, u"SELECT COUNT(*) FROM pg_class WHERE relname = "
                         "'positions_unpartitioned'"_s),
            u"0"_s);
        // Security carried over, and new ids continue after the old ones.
        QCOMPARE(one(db, u"SELECT relrowsecurity FROM pg_class WHERE relname = 'positions'"_s),
            u"true"_s);
        QCOMPARE(one(db, u"SELECT polname || ':' || pg_get_expr(polqual, polrelid) FROM pg_policy "
                         "WHERE polrelid = to_regclass('positions')"_s),
            u"test_policy:(device_id <> 3)"_s);
        QVERIFY(one(db, u"SELECT CAST(relacl AS TEXT) FROM pg_class WHERE relname = "
                        "'positions'"_s)
                    .contains(u"=r/"_s)); // PUBLIC may SELECT
        QVERIFY(store(db, { at(u"a"_s, kMar + 1) }));
        QCOMPARE(one(db, u"SELECT MAX(id) FROM positions"_s).toLongLong(), maxId + 1);
    }

    void retentionByNodeDropsWholeMonths()
    {
        const auto config = fresh();
        QVERIFY(config);
        Database admin;
        QVERIFY2(admin.open(*config), qPrintable(admin.lastError()));
        QVERIFY(addDevices(admin, { u"a"_s, u"b"_s }));
        PositionPartitions partitions(admin);
        QVERIFY(partitions.ensureAhead(kJan) >= 0 && partitions.ensureAhead(kFeb) >= 0
            && partitions.ensureAhead(kMar) >= 0);
        QList<Position> list;
        for (int day = 0; day < 29; ++day) { // days 1..29 of January, February and March
            for (const TimeMs month : { kJan, kFeb, kMar })
                list << at(u"a"_s, month + day * kDay) << at(u"b"_s, month + day * kDay + kHour);
        }
        list << at(u"a"_s, kNoTime) << at(u"b"_s, 1000) << at(u"b"_s, kApr + 2 * kDay);
        QVERIFY2(store(admin, list), qPrintable(admin.lastError()));
        const auto node = login(admin, u"node"_s);
        QVERIFY(node);
        AccessControl access(admin);
        QVERIFY2(access.initialize(), qPrintable(access.lastError()));
        QVERIFY2(access.grant(AccessRights::Role::Node, node->user(), {}),
            qPrintable(access.lastError()));

        // Now 15 April, keep 55 days: the cut-off is 20 February 00:00.
        const TimeMs now = kApr + 14 * kDay;
        const TimeMs cutoff = now - 55 * kDay;
        QCOMPARE(cutoff, kFeb + 19 * kDay);
        const QStringList kept = rows(admin, QStringLiteral("SELECT id FROM positions WHERE "
            "device_time IS NULL OR device_time >= %1 ORDER BY id").arg(cutoff));
        PositionWriter::Options options;
        options.clock = [now]() { return now; };
        options.retentionChunk = 5;
        PositionWriter writer(*node, options); // the node login, not the owner
        QVERIFY(writer.start());
        writer.setRetentionDays(55);
        QTRY_COMPARE_WITH_TIMEOUT(writer.stats().retentionPartitionsDropped, quint64(1), 10'000);
        // Row deletes: February before the 20th (19 days x 2) and the 1970 row.
        QTRY_COMPARE_WITH_TIMEOUT(writer.stats().retentionDeleted, quint64(19 * 2 + 1), 10'000);
        QVERIFY(writer.stop());
        QCOMPARE(writer.stats().lastError, QString());

        QCOMPARE(one(admin, u"SELECT COUNT(*) FROM pg_class WHERE relname LIKE "
                            "'positions_p202401%'"_s),
            u"0"_s); // the table and its indexes are gone
        const std::map<QString, int> found = rowsPerPartition(admin);
        QCOMPARE(found.count(u"positions_p202401"_s), size_t(0));
        QCOMPARE(found.at(u"positions_p202402"_s), (29 - 19) * 2);
        QCOMPARE(found.at(u"positions_p202403"_s), 29 * 2);
        QCOMPARE(found.at(u"positions_p202404"_s), 1);
        QVERIFY(found.count(u"positions_p202405"_s)); // next month, made ahead by the node
        QCOMPARE(found.at(u"positions_default"_s), 1); // the row without a time
        QCOMPARE(rows(admin, u"SELECT id FROM positions ORDER BY id"_s), kept);
        // Partitions the node made belong to the owner, like the others (no grants of their own).
        QCOMPARE(one(admin, u"SELECT COUNT(DISTINCT relowner) FROM pg_class WHERE relname LIKE "
                            "'positions_p2024%' AND relkind = 'r'"_s),
            u"1"_s);
    }

    void groupLimitedOperatorSeesItsDevicesOnly()
    {
        const auto config = fresh();
        QVERIFY(config);
        Database admin;
        QVERIFY2(admin.open(*config), qPrintable(admin.lastError()));
        QVERIFY(addDevices(admin, { u"n1"_s, u"n2"_s }, u"north"_s));
        QVERIFY(addDevices(admin, { u"s1"_s }, u"south"_s));
        QVERIFY(PositionPartitions(admin).ensureAhead(kJan) >= 0);
        QList<Position> list;
        for (int i = 0; i < 6; ++i) {
            list << at(u"n1"_s, kJan + i * kDay) << at(u"n2"_s, kFeb + i * kDay)
                 << at(u"s1"_s, kJan + i * kDay) << at(u"s1"_s, kFeb + i * kDay);
        }
        QVERIFY(store(admin, list));
        const auto op = login(admin, u"op"_s);
        QVERIFY(op);
        AccessControl access(admin);
        QVERIFY2(access.initialize(), qPrintable(access.lastError()));
        QVERIFY2(access.grant(AccessRights::Role::Operator, op->user(), { u"north"_s }),
            qPrintable(access.lastError()));
        Database limited;
        QVERIFY2(limited.open(*op), qPrintable(limited.lastError()));
        QCOMPARE(limited.positionCount(), qint64(12)); // both months, north only
        QCOMPARE(one(limited, u"SELECT COUNT(DISTINCT device_id) FROM positions"_s), u"2"_s);
        // Around the parent: a partition has no grants for FleetWatch roles.
        QVERIFY(rows(limited, u"SELECT COUNT(*) FROM positions_p202401"_s)
                    .constFirst()
                    .startsWith(u"error: "_s));
        QCOMPARE(admin.positionCount(), qint64(24));
    }

    // 1,000 devices x 4 months: the latest position of every device and one device's track of
    // a week read the right rows, through the per-partition indexes, touching only the
    // partitions they need. The plans are printed for the notes.
    void queriesPruneAndUseIndexes()
    {
        const auto config = fresh();
        QVERIFY(config);
        Database db;
        QVERIFY2(db.open(*config), qPrintable(db.lastError()));
        PositionPartitions partitions(db);
        QVERIFY(partitions.ensureAhead(kJan) >= 0 && partitions.ensureAhead(kMar) >= 0);
        constexpr int kDevices = 1000;
        constexpr int kPerMonth = 60; // 240,000 rows
        QStringList ids;
        for (int d = 0; d < kDevices; ++d)
            ids << QStringLiteral("dev%1").arg(d, 4, 10, QLatin1Char('0'));
        QVERIFY(db.begin());
        QVERIFY(addDevices(db, ids));
        QVERIFY(db.commit());
        std::map<QString, TimeMs> latest;
        for (const TimeMs month : { kJan, kFeb, kMar, kApr }) {
            QList<Position> list;
            for (int d = 0; d < kDevices; ++d) {
                for (int i = 0; i < kPerMonth; ++i) {
                    const TimeMs t = month + (i * 11 + d % 7) * kHour + d * 1000;
                    list << at(ids.at(d), t, 50.0 + d * 0.001);
                    latest[ids.at(d)] = std::max(latest[ids.at(d)], t);
                }
            }
            QVERIFY2(store(db, list), qPrintable(db.lastError()));
        }
        QVERIFY(store(db, { at(ids.at(5), kNoTime) })); // a row without a time is never "latest"
        QVERIFY(db.exec(u"ANALYZE positions"_s));

        const QString latestSql = u"SELECT d.unique_id, p.device_time FROM devices d "
                                  "CROSS JOIN LATERAL (SELECT device_time FROM positions p "
                                  "WHERE p.device_id = d.id AND p.device_time IS NOT NULL "
                                  "ORDER BY p.device_time DESC LIMIT 1) p ORDER BY d.unique_id"_s;
        QStringList expectedLatest;
        for (const auto &[id, t] : latest)
            expectedLatest << id + u'|' + QString::number(t);
        QCOMPARE(rows(db, latestSql), expectedLatest);

        const qint64 deviceId = db.deviceId(ids.at(123));
        const TimeMs from = kFeb + 10 * kDay;
        const TimeMs to = from + 7 * kDay;
        const QString trackSql = QStringLiteral(
            "SELECT device_time, latitude, longitude, speed_kph, attributes FROM positions "
            "WHERE device_id = %1 AND device_time >= %2 AND device_time <= %3 "
            "ORDER BY device_time")
                                     .arg(deviceId)
                                     .arg(from)
                                     .arg(to);
        QStringList expectedTrack;
        for (int i = 0; i < kPerMonth; ++i) {
            const TimeMs t = kFeb + (i * 11 + 123 % 7) * kHour + 123 * 1000;
            if (t >= from && t <= to)
                expectedTrack << QString::number(t);
        }
        QVERIFY(!expectedTrack.isEmpty());
        QStringList track;
        for (const QString &line : rows(db, trackSql))
            track << line.section(u'|', 0, 0);
        QCOMPARE(track, expectedTrack);
        // The reports' reader (binary COPY or cursor) reads the same track.
        QStringList samples;
        QVERIFY(HistoryReader(db).forEachSample(ids.at(123), from, to, SampleColumns::All,
            [&samples](const TrackSample &s) {
                samples << QString::number(s.time);
                return true;
            }));
        QCOMPARE(samples, expectedTrack);

        const QString latestPlan
            = rows(db, u"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "_s + latestSql).join(u'\n');
        const QString trackPlan
            = rows(db, u"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "_s + trackSql).join(u'\n');
        qInfo("EXPLAIN latest position per device (%d devices, %d rows):\n%s", kDevices,
            kDevices * kPerMonth * 4 + 1, qPrintable(latestPlan));
        qInfo("EXPLAIN one device's track of a week:\n%s", qPrintable(trackPlan));
        // Latest: a backward index scan per partition, newest month first, no sequential scan.
        QVERIFY2(latestPlan.contains(u"Index Only Scan Backward using positions_p202404_"_s)
                || latestPlan.contains(u"Index Scan Backward using positions_p202404_"_s),
            qPrintable(latestPlan));
        QVERIFY2(!latestPlan.contains(u"Seq Scan on positions_p"_s), qPrintable(latestPlan));
        // Track: February's partition only, through its (device_id, device_time) index.
        QVERIFY2(trackPlan.contains(u"positions_p202402_device_id_device_time_idx"_s),
            qPrintable(trackPlan));
        for (const char *other : { "positions_p202401", "positions_p202403", "positions_p202404",
                 "positions_default" })
            QVERIFY2(!trackPlan.contains(QLatin1String(other)), qPrintable(trackPlan));
    }
};

FW_TEST_CLASS(TestPositionPartitions)
#include "tst_positionpartitions.moc"
