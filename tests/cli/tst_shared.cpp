// Shared deployments (issue #14, the foundation): real `fleetwatch --headless` nodes and a real
// `fleetwatch watch` on the throw-away PostgreSQL server, GT06 devices on loopback sockets.
// watch prints each committed position, status and event within a second; `nodes --json` lists
// every node with its ports; a PostgreSQL restart in the middle costs no acknowledged position
// and watch prints every change once (no gap, no repeat).

#include "CliTestSupport.h"
#include "TestMain.h"

#include "Gt06TestDevice.h"
#include "alerts/AlertStore.h"
#include "sim/Gt06FrameEncoder.h"
#include "storage/Database.h"
#include "storage/NodeTable.h"

#include <QElapsedTimer>
#include <QSet>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>

using namespace fw;
using namespace fw::test;

namespace {

// `fleetwatch watch` as a child process; each stdout line is kept with the time it arrived.
class WatchProcess
{
public:
    explicit WatchProcess(const QElapsedTimer &clock)
        : m_clock(clock)
    {
        QObject::connect(&process, &QProcess::readyReadStandardOutput, &process, [this] {
            m_partial += process.readAllStandardOutput();
            qsizetype end = 0;
            while ((end = m_partial.indexOf('\n')) >= 0) {
                const QByteArray line = m_partial.left(end);
                m_partial.remove(0, end + 1);
                const QJsonObject o = QJsonDocument::fromJson(line).object();
                lines.append(o);
                arrivedMs.append(m_clock.elapsed());
            }
        });
        QObject::connect(&process, &QProcess::readyReadStandardError, &process,
            [this] { err += process.readAllStandardError(); });
    }
    ~WatchProcess()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
    bool start(const CliEnvironment &env, const QStringList &args)
    {
        process.setProcessEnvironment(env.environment());
        process.start(env.executable(), args);
        if (!process.waitForStarted(10000))
            return false;
        return QTest::qWaitFor([&] {
            return err.contains("following") || process.state() == QProcess::NotRunning;
        }, 30000) && process.state() == QProcess::Running;
    }
    bool terminate()
    {
        process.terminate(); // SIGTERM
        return process.waitForFinished(15000) && process.exitStatus() == QProcess::NormalExit
            && process.exitCode() == 0;
    }
    QList<QJsonObject> ofType(const QString &type) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &o : lines) {
            if (o.value(QStringLiteral("type")).toString() == type)
                out.append(o);
        }
        return out;
    }
    // Index of the first line of `type` for `uniqueId` at or after line `from`; -1 when none.
    qsizetype find(const QString &type, const std::function<bool(const QJsonObject &)> &match,
        qsizetype from = 0) const
    {
        for (qsizetype i = from; i < lines.size(); ++i) {
            if (lines.at(i).value(QStringLiteral("type")).toString() == type && match(lines.at(i)))
                return i;
        }
        return -1;
    }

    QProcess process;
    QList<QJsonObject> lines;
    QList<qint64> arrivedMs;
    QByteArray err;

private:
    const QElapsedTimer &m_clock;
    QByteArray m_partial;
};

} // namespace

class TestShared : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void watchUsageErrors_data();
    void watchUsageErrors();
    void watchPrintsEachCommitWithinASecond();
    void nodesListsEveryNodeWithItsPorts();
    void databaseRestartLosesNothingAndRepeatsNothing();
    void removalAndAcknowledgementReachWatch();
    void diagnoseNamesASilentNode();
    void eachStatusChangeIsRecordedOnceWithTwoNodes();

private:
    QString postgresDatabase();
    bool addDevice(const QString &db, const QString &imei);
    QStringList nodeArgs(const QString &db, const QString &id, quint16 port) const;

    CliEnvironment m_env;
};

void TestShared::initTestCase()
{
    QVERIFY(m_env.init());
}

QString TestShared::postgresDatabase()
{
    QString why;
    const QString db = m_env.newDatabase(QStringLiteral("postgresql"), &why);
    if (db.isEmpty() && !PostgresTestServer::required())
        qWarning("%s", qPrintable(why));
    return db;
}

bool TestShared::addDevice(const QString &db, const QString &imei)
{
    const CliResult r = m_env.run({ QStringLiteral("devices"), QStringLiteral("add"),
        QStringLiteral("--id"), imei, QStringLiteral("--name"), imei, QStringLiteral("--db"), db });
    if (r.exitCode != 0)
        qWarning("devices add: %s", r.err.constData());
    return r.exitCode == 0;
}

QStringList TestShared::nodeArgs(const QString &db, const QString &id, quint16 port) const
{
    return { QStringLiteral("--headless"), QStringLiteral("--db"), db, QStringLiteral("--bind"),
        QStringLiteral("127.0.0.1"), QStringLiteral("--listen"),
        QStringLiteral("gt06=%1").arg(port), QStringLiteral("--node-id"), id,
        QStringLiteral("--stats-interval"), QStringLiteral("0") };
}

void TestShared::watchUsageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("sqlite") << QStringList { QStringLiteral("watch"), QStringLiteral("--json"),
        QStringLiteral("--db"), QStringLiteral("sqlite:%1") }
                            << QStringLiteral("needs a PostgreSQL database");
    QTest::newRow("unknown-option")
        << QStringList { QStringLiteral("watch"), QStringLiteral("--positons") }
        << QStringLiteral("did you mean \"--positions\"");
    QTest::newRow("device-without-id")
        << QStringList { QStringLiteral("watch"), QStringLiteral("--device") }
        << QStringLiteral("--device needs a device id");
    QTest::newRow("node-id-empty") << QStringList { QStringLiteral("--headless"),
        QStringLiteral("--node-id"), QString() } << QStringLiteral("--node-id needs a name");
}

void TestShared::watchUsageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    for (QString &a : args)
        a.replace(QStringLiteral("%1"), m_env.path(QStringLiteral("usage.sqlite")));
    const CliResult r = m_env.run(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    QVERIFY(!QFile::exists(m_env.path(QStringLiteral("usage.sqlite")))); // nothing created
}

void TestShared::watchPrintsEachCommitWithinASecond()
{
    const QString db = postgresDatabase();
    if (db.isEmpty())
        QSKIP("no PostgreSQL server");
    const QString imei = QStringLiteral("864717003283001");
    QVERIFY(addDevice(db, imei));
    const quint16 port = freeLoopbackPort();
    NodeProcess node;
    QVERIFY2(node.start(m_env, nodeArgs(db, QStringLiteral("north-1"), port), 1),
        node.err.constData());
    QElapsedTimer clock;
    clock.start();
    WatchProcess watch(clock);
    QVERIFY2(watch.start(m_env,
                 { QStringLiteral("watch"), QStringLiteral("--json"),
                     QStringLiteral("--positions"), QStringLiteral("--db"), db }),
        watch.err.constData());

    Gt06Device device(imei);
    QVERIFY(device.connectAndLogin(port));
    const TimeMs t0 = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000 - 30 * kSecond;
    constexpr int kPositions = 5;
    qint64 worstMs = 0;
    for (int k = 0; k < kPositions; ++k) {
        const TimeMs t = device.send(t0 + k * kSecond, 52.2 + k * 1e-3);
        QVERIFY2(device.waitAcks(k + 1, 10000, clock), node.err.constData());
        const qint64 ackedAt = device.ackedAtMs.last();
        // The position line comes within a second of the acknowledgement (the commit is
        // before it).
        const auto isThis = [&](const QJsonObject &o) {
            return o.value(QStringLiteral("uniqueId")).toString() == imei
                && parseIso(o.value(QStringLiteral("time")).toString()) == t;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(watch.find(QStringLiteral("position"), isThis) >= 0,
            qPrintable(QString::fromUtf8(watch.err)), 5000);
        const qsizetype i = watch.find(QStringLiteral("position"), isThis);
        const QJsonObject line = watch.lines.at(i);
        QCOMPARE(line.value(QStringLiteral("node")).toString(), QStringLiteral("north-1"));
        QCOMPARE(line.value(QStringLiteral("lat")).toDouble(), 52.2 + k * 1e-3);
        QCOMPARE(line.value(QStringLiteral("lon")).toDouble(), 21.0);
        const qint64 latency = watch.arrivedMs.at(i) - ackedAt;
        worstMs = std::max(worstMs, latency);
        QVERIFY2(latency <= 1000, qPrintable(QStringLiteral("%1 ms").arg(latency)));
    }
    qInfo("worst acknowledgement-to-watch-line time: %lld ms", worstMs);
    // Notification-driven, not the follower's one-second liveness probe.
    QVERIFY2(worstMs < 500, qPrintable(QStringLiteral("%1 ms").arg(worstMs)));

    // The first position made the device online: a status line (computed by watch) and the
    // node's status-change event, each within a second of the first acknowledgement.
    const auto ofDevice = [&](const QJsonObject &o) {
        return o.value(QStringLiteral("uniqueId")).toString() == imei;
    };
    QTRY_VERIFY_WITH_TIMEOUT(watch.find(QStringLiteral("status"), ofDevice) >= 0, 3000);
    const qsizetype s = watch.find(QStringLiteral("status"), ofDevice);
    QCOMPARE(watch.lines.at(s).value(QStringLiteral("status")).toString(),
        QStringLiteral("online"));
    QVERIFY(!watch.lines.at(s).value(QStringLiteral("previous")).toString().isEmpty());
    QVERIFY(watch.lines.at(s).value(QStringLiteral("previous")).toString() != u"online");
    QVERIFY(watch.arrivedMs.at(s) - device.ackedAtMs.first() <= 1000);
    const auto statusEvent = [&](const QJsonObject &o) {
        return ofDevice(o)
            && o.value(QStringLiteral("eventType")).toString() == u"status-change";
    };
    QTRY_VERIFY2_WITH_TIMEOUT(watch.find(QStringLiteral("event"), statusEvent) >= 0,
        qPrintable(QString::fromUtf8(watch.err)), 3000);
    const qsizetype e = watch.find(QStringLiteral("event"), statusEvent);
    QVERIFY2(watch.arrivedMs.at(e) - device.ackedAtMs.first() <= 1000,
        qPrintable(QStringLiteral("%1 ms").arg(watch.arrivedMs.at(e) - device.ackedAtMs.first())));
    // Each position once.
    QCOMPARE(watch.ofType(QStringLiteral("position")).size(), kPositions);

    // A device blocked from another machine: watch shows it blocked within a second.
    const qsizetype before = watch.lines.size();
    const CliResult block = m_env.run({ QStringLiteral("devices"), QStringLiteral("block"), imei,
        QStringLiteral("--db"), db });
    QCOMPARE(block.exitCode, 0);
    const qint64 blockedAt = clock.elapsed();
    const auto blocked = [&](const QJsonObject &o) {
        return ofDevice(o) && o.value(QStringLiteral("status")).toString() == u"blocked";
    };
    QTRY_VERIFY_WITH_TIMEOUT(watch.find(QStringLiteral("status"), blocked, before) >= 0, 3000);
    QVERIFY(watch.arrivedMs.at(watch.find(QStringLiteral("status"), blocked, before)) - blockedAt
        <= 1000);

    device.socket.disconnectFromHost();
    QVERIFY(watch.terminate());
    QVERIFY(node.process.state() == QProcess::Running);
}

void TestShared::nodesListsEveryNodeWithItsPorts()
{
    const QString db = postgresDatabase();
    if (db.isEmpty())
        QSKIP("no PostgreSQL server");
    const quint16 portA = freeLoopbackPort();
    NodeProcess a;
    QVERIFY2(a.start(m_env, nodeArgs(db, QStringLiteral("node-a"), portA), 1), a.err.constData());
    quint16 portB = freeLoopbackPort();
    while (portB == portA)
        portB = freeLoopbackPort();
    NodeProcess b;
    QVERIFY2(b.start(m_env, nodeArgs(db, QStringLiteral("node-b"), portB), 1), b.err.constData());

    QJsonArray nodes;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
        const CliResult r = m_env.run(
            { QStringLiteral("nodes"), QStringLiteral("--json"), QStringLiteral("--db"), db });
        nodes = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("nodes")).toArray();
        return r.exitCode == 0 && nodes.size() == 2;
    }()),
        15000);
    QHash<QString, quint16> expected { { QStringLiteral("node-a"), portA },
        { QStringLiteral("node-b"), portB } };
    for (const QJsonValue &v : std::as_const(nodes)) {
        const QJsonObject n = v.toObject();
        const QString id = n.value(QStringLiteral("id")).toString();
        QVERIFY2(expected.contains(id), qPrintable(id));
        QVERIFY(n.value(QStringLiteral("alive")).toBool());
        QVERIFY(!n.value(QStringLiteral("host")).toString().isEmpty());
        QVERIFY(parseIso(n.value(QStringLiteral("lastSeen")).toString()) != kNoTime);
        QCOMPARE(n.value(QStringLiteral("ports")).toObject(),
            (QJsonObject { { QStringLiteral("gt06"), int(expected.value(id)) } }));
        QVERIFY(n.value(QStringLiteral("connections")).isDouble());
        QVERIFY(n.value(QStringLiteral("positionsPerSecond")).isDouble());
    }
    // A stopped node stays listed; the text form names both.
    const CliResult text = m_env.run({ QStringLiteral("nodes"), QStringLiteral("--db"), db });
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains("node-a") && text.out.contains("node-b"));
}

void TestShared::databaseRestartLosesNothingAndRepeatsNothing()
{
    const QString db = postgresDatabase();
    if (db.isEmpty())
        QSKIP("no PostgreSQL server");
    const QString imei = QStringLiteral("864717003283002");
    QVERIFY(addDevice(db, imei));
    const quint16 port = freeLoopbackPort();
    NodeProcess node;
    QVERIFY2(node.start(m_env, nodeArgs(db, QStringLiteral("restart-1"), port), 1),
        node.err.constData());
    QElapsedTimer clock;
    clock.start();
    WatchProcess watch(clock);
    QVERIFY2(watch.start(m_env,
                 { QStringLiteral("watch"), QStringLiteral("--json"),
                     QStringLiteral("--positions"), QStringLiteral("--device"), imei,
                     QStringLiteral("--db"), db }),
        watch.err.constData());
    Gt06Device device(imei);
    QVERIFY(device.connectAndLogin(port));
    const TimeMs t0 = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000 - 10 * kMinute;
    int n = 0;
    const auto sendAndWait = [&](int count) {
        for (int k = 0; k < count; ++k, ++n) {
            device.send(t0 + n * kSecond, 52.0 + n * 1e-4);
            if (!device.waitAcks(n + 1, 10000, clock))
                return false;
        }
        return true;
    };
    QVERIFY2(sendAndWait(10), node.err.constData());

    // PostgreSQL goes away with positions in flight: they are not acknowledged until stored.
    PostgresTestServer &server = PostgresTestServer::shared();
    QVERIFY2(server.stop(), qPrintable(server.errorString()));
    for (int k = 0; k < 5; ++k, ++n)
        device.send(t0 + n * kSecond, 52.0 + n * 1e-4);
    QTest::qWait(1500);
    device.waitAcks(n, 1, clock);
    QCOMPARE(device.acked.size(), 10); // held while the database is down
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QVERIFY2(device.waitAcks(n, 30000, clock), node.err.constData());
    QVERIFY2(sendAndWait(10), node.err.constData());
    QCOMPARE(device.acked.size(), 25);

    // watch reconnected by itself and printed every position once, in order.
    QTRY_VERIFY2_WITH_TIMEOUT(watch.ofType(QStringLiteral("position")).size() >= 25,
        qPrintable(QString::fromUtf8(watch.err)), 20000);
    QTest::qWait(1500); // a repeat would show up now
    const QList<QJsonObject> positions = watch.ofType(QStringLiteral("position"));
    QList<TimeMs> times;
    for (const QJsonObject &o : positions)
        times.append(parseIso(o.value(QStringLiteral("time")).toString()));
    QCOMPARE(times, device.acked);
    QVERIFY2(watch.err.contains("reconnecting"), watch.err.constData());
    QVERIFY(watch.process.state() == QProcess::Running);
    QVERIFY(watch.terminate());

    // 0 acknowledged positions lost.
    node.process.terminate();
    QVERIFY(node.process.waitForFinished(60000));
    QCOMPARE(node.process.exitCode(), 0);
    QSet<QString> stored;
    for (const StoredPosition &p : m_env.exportCsv(db))
        stored.insert(p.key());
    for (const TimeMs t : std::as_const(device.acked))
        QVERIFY2(stored.contains(StoredPosition::keyOf(imei, t)), qPrintable(toIso(t)));
    QCOMPARE(stored.size(), 25);
}

// Changes that leave no stamped row behind, or were not numbered before: a device removed
// (its tombstone) and an alert acknowledged reach a `watch` started before them, and the
// acknowledgement records the database login, not the operating system's user.
void TestShared::removalAndAcknowledgementReachWatch()
{
    const QString db = postgresDatabase();
    if (db.isEmpty())
        QSKIP("no PostgreSQL server");
    const QString kept = QStringLiteral("864717003283011");
    const QString removed = QStringLiteral("864717003283012");
    QVERIFY(addDevice(db, kept));
    QVERIFY(addDevice(db, removed));
    qint64 alertId = 0;
    {
        Database setup;
        QVERIFY2(setup.open(*DatabaseConfig::parse(db)), qPrintable(setup.lastError()));
        Alert a;
        a.rule = QStringLiteral("sos");
        a.type = QStringLiteral("alarm");
        a.uniqueId = kept;
        a.time = QDateTime::currentMSecsSinceEpoch();
        a.text = QStringLiteral("SOS");
        QList<Alert> alerts { a };
        AlertStore store(setup);
        QVERIFY2(store.insertAlerts(alerts), qPrintable(store.lastError()));
        alertId = alerts.first().id;
    }
    QVERIFY(alertId > 0);
    QElapsedTimer clock;
    clock.start();
    WatchProcess watch(clock);
    QVERIFY2(watch.start(m_env, { QStringLiteral("watch"), QStringLiteral("--json"),
                                    QStringLiteral("--db"), db }),
        watch.err.constData());

    const CliResult remove = m_env.run({ QStringLiteral("devices"), QStringLiteral("remove"),
        removed, QStringLiteral("--db"), db });
    QVERIFY2(remove.exitCode == 0, remove.err.constData());
    const auto removedLine = [&](const QJsonObject &o) {
        return o.value(QStringLiteral("uniqueId")).toString() == removed;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(watch.find(QStringLiteral("removed"), removedLine) >= 0,
        watch.err.constData(), 5000);
    QCOMPARE(watch.ofType(QStringLiteral("removed")).size(), 1);

    // The login the URL names (never the OS user) acknowledged it.
    const QString login = DatabaseConfig::parse(db)->user();
    QVERIFY(!login.isEmpty());
    QVERIFY(login != qEnvironmentVariable("USER"));
    const CliResult ack = m_env.run({ QStringLiteral("alerts"), QStringLiteral("ack"),
        QString::number(alertId), QStringLiteral("--note"), QStringLiteral("called the driver"),
        QStringLiteral("--db"), db });
    QVERIFY2(ack.exitCode == 0, ack.err.constData());
    const auto ackLine = [&](const QJsonObject &o) {
        return qint64(o.value(QStringLiteral("id")).toDouble()) == alertId
            && o.value(QStringLiteral("acknowledgedBy")).toString() == login;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(watch.find(QStringLiteral("alert"), ackLine) >= 0,
        watch.err.constData(), 5000);
    const CliResult list = m_env.run(
        { QStringLiteral("alerts"), QStringLiteral("--json"), QStringLiteral("--db"), db });
    QVERIFY2(list.out.contains(QStringLiteral("\"acknowledgedBy\":\"%1\"").arg(login).toUtf8()),
        list.out.constData());
    QVERIFY(watch.terminate());
}

// A node whose heartbeat stopped is named by `diagnose`, with when it was last seen.
void TestShared::diagnoseNamesASilentNode()
{
    const QString db = postgresDatabase();
    if (db.isEmpty())
        QSKIP("no PostgreSQL server");
    {
        Database setup;
        QVERIFY2(setup.open(*DatabaseConfig::parse(db)), qPrintable(setup.lastError()));
        NodeTable table(setup);
        NodeRecord node;
        node.id = QStringLiteral("east-1");
        node.host = QStringLiteral("ingest-east");
        node.ports.insert(QStringLiteral("gt06"), 5023);
        QVERIFY2(table.heartbeat(node), qPrintable(table.lastError()));
        node.id = QStringLiteral("west-1");
        node.host = QStringLiteral("ingest-west");
        QVERIFY2(table.heartbeat(node), qPrintable(table.lastError()));
        QSqlQuery q(setup.connection()); // west-1 last reported ten minutes ago
        QVERIFY(q.exec(QStringLiteral(
            "UPDATE nodes SET last_seen = last_seen - 600000 WHERE id = 'west-1'")));
    }
    const CliResult r = m_env.run(
        { QStringLiteral("diagnose"), QStringLiteral("--json"), QStringLiteral("--db"), db });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QJsonObject silent;
    for (const QJsonValue &v :
        QJsonDocument::fromJson(r.out).object().value(QStringLiteral("findings")).toArray()) {
        const QJsonObject f = v.toObject();
        if (f.value(QStringLiteral("id")).toString() == u"node-silent")
            QVERIFY2(silent.isEmpty(), r.out.constData()); // only one node is silent
        if (f.value(QStringLiteral("id")).toString() == u"node-silent")
            silent = f;
    }
    QVERIFY2(!silent.isEmpty(), r.out.constData());
    QCOMPARE(silent.value(QStringLiteral("severity")).toString(), QStringLiteral("warning"));
    QVERIFY(silent.value(QStringLiteral("title")).toString().contains(u"west-1"));
    const QJsonObject evidence = silent.value(QStringLiteral("evidence")).toObject();
    QCOMPARE(evidence.value(QStringLiteral("node")).toString(), QStringLiteral("west-1"));
    QVERIFY(parseIso(evidence.value(QStringLiteral("lastSeen")).toString()) != kNoTime);
    QVERIFY(evidence.value(QStringLiteral("silentSeconds")).toInt() >= 590);
}

// Two nodes on one database, a tracker talking to node A only. Node B loaded the tracker online
// when it started; it follows what A stores, so the tracker's deadline does not pass on B while
// it keeps sending to A, and B records none of its status changes: when the tracker stops, its
// "online -> offline" is recorded once (by A).
void TestShared::eachStatusChangeIsRecordedOnceWithTwoNodes()
{
    const QString db = postgresDatabase();
    if (db.isEmpty())
        QSKIP("no PostgreSQL server");
    const QString imei = QStringLiteral("864717003283011");
    QVERIFY(addDevice(db, imei));
    const QStringList fast { QStringLiteral("--offline-timeout"), QStringLiteral("3") };
    const quint16 portA = freeLoopbackPort();
    NodeProcess a;
    QVERIFY2(a.start(m_env, nodeArgs(db, QStringLiteral("A"), portA) + fast, 1), a.err.constData());
    Gt06Device device(imei);
    QVERIFY(device.connectAndLogin(portA));
    QElapsedTimer clock;
    clock.start();
    device.send(QDateTime::currentMSecsSinceEpoch(), 52.2);
    QVERIFY(device.waitAcks(1, 10000, clock));
    NodeProcess b; // starts with the tracker online
    QVERIFY2(b.start(m_env, nodeArgs(db, QStringLiteral("B"), freeLoopbackPort()) + fast, 1),
        b.err.constData());
    for (int k = 1; k <= 8; ++k) { // 8 s: past B's deadline of the tracker as B loaded it
        QTest::qWait(1000);
        device.send(QDateTime::currentMSecsSinceEpoch(), 52.2 + k * 1e-3);
        QVERIFY(device.waitAcks(k + 1, 10000, clock));
    }
    const auto offlineRecords = [&] {
        const CliResult r = m_env.run({ QStringLiteral("events"), QStringLiteral("--device"),
            imei, QStringLiteral("--json"), QStringLiteral("--db"), db });
        int n = 0;
        for (const QJsonObject &o : jsonLines(r.out)) {
            const QJsonObject at = o.value(QStringLiteral("attributes")).toObject();
            if (o.value(QStringLiteral("type")).toString() == u"status-change"
                && at.value(QStringLiteral("to")).toString() == u"offline")
                ++n;
        }
        return n;
    };
    QCOMPARE(offlineRecords(), 0); // the tracker never stopped sending
    // Silent now: offline once, however many nodes saw the deadline pass.
    QTRY_COMPARE_WITH_TIMEOUT(offlineRecords(), 1, 15000);
    QTest::qWait(3000);
    QCOMPARE(offlineRecords(), 1);
}

FW_TEST_CLASS(TestShared)
#include "tst_shared.moc"
