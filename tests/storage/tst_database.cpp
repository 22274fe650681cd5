#include "StorageTestSupport.h"
#include "TestMain.h"
#include "storage/Database.h"

#include <QMutex>
#include <QSqlQuery>
#include <QTest>

using namespace fw;

namespace {

constexpr TimeMs kT0 = utcTime(2024, 3, 1, 12, 0, 0);

Device device(const QString &id, const QString &name = QStringLiteral("Truck"))
{
    Device d;
    d.uniqueId = id;
    d.name = name;
    d.model = QStringLiteral("GT06N");
    d.protocol = QStringLiteral("gt06");
    d.phone = QStringLiteral("+48600100200");
    d.carrier = QStringLiteral("Orange");
    d.group = QStringLiteral("North");
    d.offlineTimeoutSecs = 900;
    d.blocked = true;
    d.blockedUntil = kT0 + kDay;
    d.registeredAt = kT0 - kDay;
    d.password = QStringLiteral("pw-123456");
    return d;
}

Position position(const QString &id, TimeMs t, double lat = 52.1, double lon = 21.2)
{
    Position p;
    p.uniqueId = id;
    p.deviceTime = t;
    p.serverTime = t + 1500;
    p.valid = true;
    p.latitude = lat;
    p.longitude = lon;
    p.altitude = 101.5;
    p.speedKph = 42.25;
    p.course = 271.0;
    p.satellites = 9;
    p.accuracy = 3.5;
    p.protocol = QStringLiteral("gt06");
    return p;
}

QStringList s_logs;
QtMessageHandler s_previousHandler = nullptr;
void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    s_logs.append(message);
    if (s_previousHandler)
        s_previousHandler(type, context, message);
}

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT

private:
    fw::test::StorageFixture m_fixture;

private slots:
    void initTestCase_data() { fw::test::addBackendRows(); }

    void freshDatabaseIsMigrated()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        Database db;
        QVERIFY2(db.open(config), qPrintable(db.lastError()));
        QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
        for (const QString &table :
             { QStringLiteral("devices"), QStringLiteral("positions"), QStringLiteral("events"),
               QStringLiteral("device_activity"), QStringLiteral("settings") }) {
            // Qt's PostgreSQL driver lists plain tables only, not the partitioned positions.
            QSqlQuery q(db.connection());
            QVERIFY(q.exec(QStringLiteral("SELECT 1 FROM %1 WHERE 1 = 0").arg(table)));
        }
        QCOMPARE(db.positionCount(), 0);
        if (config.isSqlite()) {
            QSqlQuery q(db.connection());
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
            QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
            QCOMPARE(q.value(0).toInt(), 1);
            QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next());
            QCOMPARE(q.value(0).toInt(), 2); // FULL: commits are durable before acknowledgements
        }
    }

    void reopenKeepsDataAndVersion()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        {
            Database db;
            QVERIFY2(db.open(config), qPrintable(db.lastError()));
            QVERIFY(db.addDevice(device(QStringLiteral("dev-1"))));
        }
        Database db;
        QVERIFY2(db.open(config), qPrintable(db.lastError()));
        QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM schema_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), Database::latestSchemaVersion()); // applied once each
        QCOMPARE(db.devices().size(), 1);
        // Re-opening an open Database object works too.
        QVERIFY(db.reopen());
        QCOMPARE(db.devices().size(), 1);
    }

    void refusesNewerSchema()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        const int newer = Database::latestSchemaVersion() + 5;
        {
            Database db;
            QVERIFY2(db.open(config), qPrintable(db.lastError()));
            QVERIFY(db.exec(QStringLiteral("INSERT INTO schema_version VALUES (%1, 0, 'future')")
                                .arg(newer)));
        }
        Database db;
        QVERIFY(!db.open(config));
        QVERIFY(!db.isOpen());
        QVERIFY2(db.lastError().contains(QStringLiteral("newer FleetWatch")),
                 qPrintable(db.lastError()));
        QVERIFY(db.lastError().contains(QString::number(newer)));
    }

    void openErrorsAreClear()
    {
        QFETCH_GLOBAL(QString, backend);
        Database db;
        if (backend == QLatin1String("sqlite")) {
            QVERIFY(!db.open(DatabaseConfig::sqlite(QStringLiteral("/nonexistent/dir/x.sqlite"))));
            QVERIFY2(db.lastError().contains(QStringLiteral("does not exist")),
                     qPrintable(db.lastError()));
            QFile garbage(m_fixture.folder() + QStringLiteral("/garbage.sqlite"));
            QVERIFY(garbage.open(QIODevice::WriteOnly));
            garbage.write(QByteArray(4096, 'x'));
            garbage.close();
            QVERIFY(!db.open(DatabaseConfig::sqlite(garbage.fileName())));
            QVERIFY2(db.lastError().contains(QStringLiteral("not a database")),
                     qPrintable(db.lastError()));
        } else {
            // Nothing listens on port 1; the message names the URL but never the password.
            const auto config = DatabaseConfig::postgres(QStringLiteral("127.0.0.1"), 1,
                                                         QStringLiteral("fw"), QStringLiteral("u"),
                                                         QStringLiteral("hunter2"));
            QVERIFY(!db.open(config));
            QVERIFY2(db.lastError().contains(QStringLiteral("cannot open postgresql://u:***@")),
                     qPrintable(db.lastError()));
            QVERIFY(!db.lastError().contains(QStringLiteral("hunter2")));
        }
    }

    void deviceCrud()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        Database db;
        QVERIFY2(db.open(config), qPrintable(db.lastError()));
        const Device a = device(QStringLiteral("359710040000001"), QStringLiteral("A"));
        Device b = device(QStringLiteral("N0CALL-9"), QStringLiteral("B"));
        b.model.clear();
        b.blocked = false;
        b.blockedUntil = kNoTime;
        b.password.clear();
        QVERIFY2(db.addDevice(a), qPrintable(db.lastError()));
        QVERIFY2(db.addDevice(b), qPrintable(db.lastError()));
        QCOMPARE(db.devices(), (QList<Device> { a, b }));
        QCOMPARE(db.findDevice(a.uniqueId), a);
        QVERIFY(!db.findDevice(QStringLiteral("nope")).has_value());

        Device edited = a;
        edited.name = QStringLiteral("A renamed");
        edited.blocked = false;
        QVERIFY2(db.updateDevice(a.uniqueId, edited), qPrintable(db.lastError()));
        QCOMPARE(db.findDevice(a.uniqueId), edited);

        // Identity replacement keeps the record (and its history) under the new id.
        QVERIFY(db.begin());
        QVERIFY(db.insertPositions({ position(a.uniqueId, kT0) }));
        QVERIFY(db.commit());
        Device replaced = edited;
        replaced.uniqueId = QStringLiteral("359710040000002");
        replaced.registeredAt = kT0;
        QVERIFY2(db.updateDevice(a.uniqueId, replaced), qPrintable(db.lastError()));
        QVERIFY(!db.findDevice(a.uniqueId).has_value());
        QCOMPARE(db.findDevice(replaced.uniqueId), replaced);
        QCOMPARE(db.positionCount(replaced.uniqueId), 1);
        QCOMPARE(db.devices().size(), 2);

        QVERIFY(db.removeDevice(b.uniqueId));
        QCOMPARE(db.devices(), (QList<Device> { replaced }));
    }

    void deviceErrors_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("expected");
        QTest::newRow("add duplicate") << QStringLiteral("add-duplicate")
                                       << QStringLiteral("\"dev-1\" already exists");
        QTest::newRow("add bad id") << QStringLiteral("add-bad-id")
                                    << QStringLiteral("invalid device id \"has space\"");
        QTest::newRow("update missing") << QStringLiteral("update-missing")
                                        << QStringLiteral("no such device");
        QTest::newRow("update to taken id") << QStringLiteral("update-taken")
                                            << QStringLiteral("\"dev-2\" already exists");
        QTest::newRow("remove missing") << QStringLiteral("remove-missing")
                                        << QStringLiteral("no such device");
    }

    void deviceErrors()
    {
        QFETCH(QString, operation);
        QFETCH(QString, expected);
        FW_FRESH_CONFIG(m_fixture, config);
        Database db;
        QVERIFY2(db.open(config), qPrintable(db.lastError()));
        QVERIFY(db.addDevice(device(QStringLiteral("dev-1"))));
        QVERIFY(db.addDevice(device(QStringLiteral("dev-2"))));
        const QList<Device> before = db.devices();

        s_logs.clear();
        s_previousHandler = qInstallMessageHandler(captureLog);
        bool ok = true;
        if (operation == QLatin1String("add-duplicate"))
            ok = db.addDevice(device(QStringLiteral("dev-1")));
        else if (operation == QLatin1String("add-bad-id"))
            ok = db.addDevice(device(QStringLiteral("has space")));
        else if (operation == QLatin1String("update-missing"))
            ok = db.updateDevice(QStringLiteral("dev-9"), device(QStringLiteral("dev-9")));
        else if (operation == QLatin1String("update-taken"))
            ok = db.updateDevice(QStringLiteral("dev-1"), device(QStringLiteral("dev-2")));
        else if (operation == QLatin1String("remove-missing"))
            ok = db.removeDevice(QStringLiteral("dev-9"));
        qInstallMessageHandler(s_previousHandler);

        QVERIFY(!ok);
        QVERIFY2(db.lastError().contains(expected), qPrintable(db.lastError()));
        QCOMPARE(db.devices(), before);
        for (const QString &line : std::as_const(s_logs))
            QVERIFY2(!line.contains(QStringLiteral("pw-123456")), qPrintable(line));
        QVERIFY(!db.lastError().contains(QStringLiteral("pw-123456")));
    }

    void removeDeviceRemovesItsData()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        Database db;
        QVERIFY2(db.open(config), qPrintable(db.lastError()));
        QVERIFY(db.addDevice(device(QStringLiteral("a"))));
        QVERIFY(db.addDevice(device(QStringLiteral("b"))));
        DeviceEvent e;
        e.uniqueId = QStringLiteral("a");
        e.time = kT0;
        e.type = EventType::Alarm;
        DeviceActivity act;
        act.uniqueId = QStringLiteral("a");
        QVERIFY(db.begin());
        QVERIFY(db.insertPositions({ position(QStringLiteral("a"), kT0),
                                     position(QStringLiteral("b"), kT0) }));
        QVERIFY(db.insertEvents({ e }));
        QVERIFY(db.upsertActivity({ act }));
        QVERIFY(db.commit());
        QVERIFY(db.removeDevice(QStringLiteral("a")));
        QCOMPARE(db.positionCount(), 1);
        QCOMPARE(db.eventCount(), 0);
        QVERIFY(db.activities().isEmpty());
        // A device added later never inherits the removed one's id.
        QVERIFY(db.addDevice(device(QStringLiteral("c"))));
        QCOMPARE(db.positionCount(QStringLiteral("c")), 0);
    }

    void importIsAllOrNothing_data()
    {
        QTest::addColumn<QStringList>("ids");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("expected");
        QTest::newRow("all new") << QStringList { QStringLiteral("i1"), QStringLiteral("i2") }
                                 << true << QString();
        QTest::newRow("existing id in the middle")
            << QStringList { QStringLiteral("i1"), QStringLiteral("old"), QStringLiteral("i3") }
            << false << QStringLiteral("(item 2)");
        QTest::newRow("duplicate in the file")
            << QStringList { QStringLiteral("i1"), QStringLiteral("i2"), QStringLiteral("i1") }
            << false << QStringLiteral("appears twice");
        QTest::newRow("invalid id last")
            << QStringList { QStringLiteral("i1"), QStringLiteral("bad,id") } << false
            << QStringLiteral("invalid device id");
    }

    void importIsAllOrNothing()
    {
        QFETCH(QStringList, ids);
        QFETCH(bool, ok);
        QFETCH(QString, expected);
        FW_FRESH_CONFIG(m_fixture, config);
        Database db;
        QVERIFY2(db.open(config), qPrintable(db.lastError()));
        QVERIFY(db.addDevice(device(QStringLiteral("old"))));
        QList<Device> list;
        for (const QString &id : ids)
            list.append(device(id));
        QCOMPARE(db.importDevices(list), ok);
        if (ok) {
            QCOMPARE(db.devices().size(), 1 + ids.size());
        } else {
            QVERIFY2(db.lastError().contains(expected), qPrintable(db.lastError()));
            QVERIFY(db.lastError().contains(QStringLiteral("nothing was imported")));
            QCOMPARE(db.devices().size(), 1);
            QVERIFY(!db.findDevice(QStringLiteral("i1")).has_value());
        }
        // The connection is usable afterwards (no transaction left open).
        QVERIFY(!db.inTransaction());
        QVERIFY(db.addDevice(device(QStringLiteral("after"))));
    }

    void importInsideTransactionUsesSavepoint()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        Database db;
        QVERIFY2(db.open(config), qPrintable(db.lastError()));
        QVERIFY(db.begin());
        QVERIFY(db.addDevice(device(QStringLiteral("kept"))));
        QVERIFY(!db.importDevices(
            { device(QStringLiteral("x1")), device(QStringLiteral("kept")) }));
        QVERIFY(db.commit());
        QCOMPARE(db.devices().size(), 1);
        QCOMPARE(db.devices().constFirst().uniqueId, QStringLiteral("kept"));
    }

    void settings()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        Database db;
        QVERIFY2(db.open(config), qPrintable(db.lastError()));
        QVERIFY(!db.setting(QStringLiteral("gpsFreshness")).has_value());
        QCOMPARE(db.setting(QStringLiteral("gpsFreshness"), QStringLiteral("300")),
                 QStringLiteral("300"));
        QVERIFY(db.setSetting(QStringLiteral("gpsFreshness"), QStringLiteral("120")));
        QVERIFY(db.setSetting(QStringLiteral("gpsFreshness"), QStringLiteral("180")));
        QCOMPARE(db.setting(QStringLiteral("gpsFreshness")), QStringLiteral("180"));
        QVERIFY(db.removeSetting(QStringLiteral("gpsFreshness")));
        QVERIFY(!db.setting(QStringLiteral("gpsFreshness")).has_value());
    }

    void positionsRoundTrip()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        Database db;
        QVERIFY2(db.open(config), qPrintable(db.lastError()));
        QVERIFY(db.addDevice(device(QStringLiteral("a"))));
        Position full = position(QStringLiteral("a"), kT0, -33.8688197, 151.2092955);
        full.attributes.set(attr::batteryLevel, 87);
        full.attributes.set(attr::ignition, true);
        full.attributes.set(attr::power, 12.625);
        full.attributes.set(attr::alarm, alarm::sos);
        full.attributes.set(QStringLiteral("text"),
                            QStringLiteral("quote \" back\\slash\nnew line \u00e9 \u4e2d \x01"));
        full.attributes.set(QStringLiteral("list"), QVariantList { 1, QStringLiteral("x") });
        full.attributes.set(QStringLiteral("none"), QVariant());
        Position bare;
        bare.uniqueId = QStringLiteral("a");
        bare.deviceTime = kT0 + 1;
        bare.serverTime = kNoTime;
        bare.protocol = QString();
        Position unknown = position(QStringLiteral("not-registered"), kT0);
        qsizetype skipped = -1;
        QVERIFY(db.begin());
        QVERIFY2(db.insertPositions({ full, bare, unknown }, &skipped),
                 qPrintable(db.lastError()));
        QVERIFY(db.commit());
        QCOMPARE(skipped, 1);
        QList<Position> read;
        QVERIFY(db.forEachPosition({}, kNoTime, kNoTime, [&](const Position &p) {
            read.append(p);
            return true;
        }));
        QCOMPARE(read.size(), 2);
        const Position &r = read.at(0);
        QCOMPARE(r.uniqueId, full.uniqueId);
        QCOMPARE(r.deviceTime, full.deviceTime);
        QCOMPARE(r.serverTime, full.serverTime);
        QCOMPARE(r.valid, true);
        QCOMPARE(r.latitude, full.latitude);
        QCOMPARE(r.longitude, full.longitude);
        QCOMPARE(r.altitude, full.altitude);
        QCOMPARE(r.speedKph, full.speedKph);
        QCOMPARE(r.course, full.course);
        QCOMPARE(r.satellites, 9);
        QCOMPARE(r.accuracy, full.accuracy);
        QCOMPARE(r.protocol, full.protocol);
        QCOMPARE(r.attributes.value(attr::alarm).toString(), alarm::sos);
        QCOMPARE(r.attributes.value(QStringLiteral("text")).toString(),
                 full.attributes.value(QStringLiteral("text")).toString());
        QVERIFY(r.attributes.contains(QStringLiteral("none")));
        QVERIFY(r.attributes.value(QStringLiteral("none")).isNull()); // JSON null
        Attributes expected = full.attributes;
        Attributes actual = r.attributes;
        expected.remove(QStringLiteral("none"));
        actual.remove(QStringLiteral("none"));
        QVERIFY(actual == expected);
        const Position &b = read.at(1);
        QCOMPARE(b.serverTime, kNoTime);
        QCOMPARE(b.satellites, -1);
        QVERIFY(!b.valid);
        QVERIFY(b.attributes.isEmpty());
    }

    void manyPositionsUseMultiRowStatements()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        Database db;
        QVERIFY2(db.open(config), qPrintable(db.lastError()));
        QVERIFY(db.addDevice(device(QStringLiteral("a"))));
        QList<Position> list;
        for (int i = 0; i < Database::kRowsPerStatement * 3 + 7; ++i)
            list.append(position(QStringLiteral("a"), kT0 + i));
        QVERIFY(db.begin());
        QVERIFY2(db.insertPositions(list), qPrintable(db.lastError()));
        QVERIFY(db.commit());
        QCOMPARE(db.positionCount(), qint64(list.size()));
        TimeMs expected = kT0;
        QVERIFY(db.forEachPosition(QStringLiteral("a"), kNoTime, kNoTime, [&](const Position &p) {
            return p.deviceTime == expected++;
        }));
        QCOMPARE(expected, kT0 + list.size());
    }

    void eventsRoundTrip()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        Database db;
        QVERIFY2(db.open(config), qPrintable(db.lastError()));
        QVERIFY(db.addDevice(device(QStringLiteral("N0CALL-9"))));
        DeviceEvent boot;
        boot.uniqueId = QStringLiteral("N0CALL-9");
        boot.time = kT0 + 10;
        boot.type = EventType::StatusPacket;
        boot.text = QStringLiteral("Low battery - sleeping");
        boot.attributes.set(attr::battery, 3.3);
        boot.attributes.set(attr::lastGasp, true);
        DeviceEvent change;
        change.uniqueId = boot.uniqueId;
        change.time = kT0;
        change.type = EventType::StatusChange;
        change.text = QStringLiteral("online -> offline");
        QVERIFY(db.begin());
        QVERIFY(db.insertEvents({ boot, change }));
        QVERIFY(db.commit());
        QList<DeviceEvent> read;
        QVERIFY(db.forEachEvent(boot.uniqueId, kNoTime, kNoTime, [&](const DeviceEvent &e) {
            read.append(e);
            return true;
        }));
        QCOMPARE(read.size(), 2);
        QCOMPARE(read.at(0).type, EventType::StatusChange); // oldest first
        QCOMPARE(read.at(0).text, change.text);
        QCOMPARE(read.at(1).type, EventType::StatusPacket);
        QCOMPARE(read.at(1).time, boot.time);
        QCOMPARE(read.at(1).text, boot.text);
        QVERIFY(read.at(1).attributes == boot.attributes);
        QCOMPARE(db.eventCount(boot.uniqueId, kT0 + 1, kNoTime), 1);
    }

    void activityUpsert()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        Database db;
        QVERIFY2(db.open(config), qPrintable(db.lastError()));
        QVERIFY(db.addDevice(device(QStringLiteral("a"))));
        QVERIFY(db.addDevice(device(QStringLiteral("b"))));
        DeviceActivity a;
        a.uniqueId = QStringLiteral("a");
        a.lastPacketAt = kT0;
        a.protocol = QStringLiteral("gt06");
        DeviceActivity a2 = a;
        a2.lastPacketAt = kT0 + 5000;
        a2.lastFixAt = kT0 + 4000;
        a2.lastFixReceivedAt = kT0 + 5000;
        a2.lastPositionAt = kT0 + 4000;
        a2.latitude = 52.5;
        a2.longitude = 13.25;
        a2.speedKph = 55.5;
        a2.course = 12;
        a2.hasLocation = true;
        a2.lastGasp = true;
        a2.connectionEnd = ConnectionEnd::ClosedByDevice;
        a2.peer = QStringLiteral("10.1.2.3:40000");
        a2.localPort = 5023;
        DeviceActivity b;
        b.uniqueId = QStringLiteral("b");
        b.connectionEnd = ConnectionEnd::TimedOut;
        QVERIFY(db.begin());
        QVERIFY(db.upsertActivity({ a }));
        // Two updates of one device in one batch: the last wins.
        QVERIFY2(db.upsertActivity({ b, a, a2 }), qPrintable(db.lastError()));
        QVERIFY(db.commit());
        const QList<DeviceActivity> rows = db.activities();
        QCOMPARE(rows, (QList<DeviceActivity> { a2, b }));
        QCOMPARE(db.latestPositionCount(), 1);
    }

    void exportOrderAndFilters_data()
    {
        QTest::addColumn<QString>("device");
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::addColumn<QList<qint64>>("expected"); // offsets from kT0 in seconds
        QTest::newRow("all") << QString() << kNoTime << kNoTime
                             << QList<qint64> { 1, 2, 3, 4, 5, 6 };
        QTest::newRow("device a") << QStringLiteral("a") << kNoTime << kNoTime
                                  << QList<qint64> { 1, 3, 5 };
        QTest::newRow("from inclusive") << QString() << kT0 + 3 * kSecond << kNoTime
                                        << QList<qint64> { 3, 4, 5, 6 };
        QTest::newRow("to inclusive") << QString() << kNoTime << kT0 + 3 * kSecond
                                      << QList<qint64> { 1, 2, 3 };
        QTest::newRow("window for b") << QStringLiteral("b") << kT0 + 2 * kSecond
                                      << kT0 + 5 * kSecond << QList<qint64> { 2, 4 };
        QTest::newRow("empty window") << QString() << kT0 + 100 * kSecond << kNoTime
                                      << QList<qint64> {};
    }

    void exportOrderAndFilters()
    {
        QFETCH(QString, device);
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QFETCH(QList<qint64>, expected);
        FW_FRESH_CONFIG(m_fixture, config);
        Database db;
        QVERIFY2(db.open(config), qPrintable(db.lastError()));
        QVERIFY(db.addDevice(::device(QStringLiteral("a"))));
        QVERIFY(db.addDevice(::device(QStringLiteral("b"))));
        // Inserted out of order: a at 5,1,3 and b at 6,2,4.
        QList<Position> list;
        for (int s : { 5, 1, 3 })
            list.append(position(QStringLiteral("a"), kT0 + s * kSecond));
        for (int s : { 6, 2, 4 })
            list.append(position(QStringLiteral("b"), kT0 + s * kSecond));
        QVERIFY(db.begin());
        QVERIFY(db.insertPositions(list));
        QVERIFY(db.commit());
        QList<qint64> seen;
        QStringList owners;
        QVERIFY(db.forEachPosition(device, from, to, [&](const Position &p) {
            seen.append((p.deviceTime - kT0) / kSecond);
            owners.append(p.uniqueId);
            return true;
        }));
        QCOMPARE(seen, expected);
        for (qsizetype i = 0; i < seen.size(); ++i) // odd seconds belong to a, even to b
            QCOMPARE(owners.at(i), seen.at(i) % 2 ? QStringLiteral("a") : QStringLiteral("b"));
        QCOMPARE(db.positionCount(device, from, to), qint64(expected.size()));
    }

    void exportStopsEarlyAndStreamsLargeResults()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        Database db;
        QVERIFY2(db.open(config), qPrintable(db.lastError()));
        QVERIFY(db.addDevice(device(QStringLiteral("a"))));
        QList<Position> list;
        for (int i = 0; i < 5000; ++i) // more than one PostgreSQL cursor fetch
            list.append(position(QStringLiteral("a"), kT0 + (4999 - i)));
        QVERIFY(db.begin());
        QVERIFY(db.insertPositions(list));
        QVERIFY(db.commit());
        qint64 n = 0;
        TimeMs last = kNoTime;
        bool ordered = true;
        QVERIFY(db.forEachPosition({}, kNoTime, kNoTime, [&](const Position &p) {
            ordered = ordered && p.deviceTime > last;
            last = p.deviceTime;
            ++n;
            return true;
        }));
        QVERIFY(ordered);
        QCOMPARE(n, 5000);
        n = 0;
        QVERIFY(db.forEachPosition({}, kNoTime, kNoTime,
                                   [&](const Position &) { return ++n < 10; }));
        QCOMPARE(n, 10);
        QVERIFY(!db.forEachPosition(QStringLiteral("zz"), kNoTime, kNoTime,
                                    [](const Position &) { return true; }));
        QVERIFY(db.lastError().contains(QStringLiteral("no device \"zz\"")));
        // The connection is still usable for writes after streaming.
        QVERIFY(db.addDevice(device(QStringLiteral("b"))));
    }

    void retentionDeletesInChunks()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        Database db;
        QVERIFY2(db.open(config), qPrintable(db.lastError()));
        QList<Position> list;
        for (const QString &id :
             { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }) {
            QVERIFY(db.addDevice(device(id)));
            for (int i = 0; i < 10; ++i)
                list.append(position(id, kT0 - 10 * kDay + i)); // old
            for (int i = 0; i < 5; ++i)
                list.append(position(id, kT0 + i)); // recent
        }
        QVERIFY(db.begin());
        QVERIFY(db.insertPositions(list));
        QVERIFY(db.commit());
        qint64 total = 0;
        int calls = 0;
        for (;;) {
            const qint64 n = db.deletePositionsBefore(kT0 - kDay, 4);
            QVERIFY2(n >= 0, qPrintable(db.lastError()));
            QVERIFY(n <= 4);
            ++calls;
            if (n == 0)
                break;
            total += n;
            QVERIFY(calls < 100);
        }
        QCOMPARE(total, 30);
        QVERIFY(calls >= 8);
        QCOMPARE(db.positionCount(), 15);
        QCOMPARE(db.positionCount({}, kNoTime, kT0 - kDay), 0);
    }
};

FW_TEST_CLASS(TestDatabase)
#include "tst_database.moc"
