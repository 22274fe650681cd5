// The raw frames ring in a shared database (issue #14, "raw console and troubleshooter on every
// desktop"). RawFrameStore keeps the last N frames of each device and a capped pool of
// undecoded and unknown-device frames (on SQLite and PostgreSQL). End to end: a real
// `fleetwatch --headless --node-id A --raw-frames 5` node on the throw-away PostgreSQL server,
// GT06 trackers and a garbage sender on loopback sockets, and two connected windows' fleet
// sources (RemoteFleetSource) in this process, one as the owner and one as an operator limited
// to the group "north". The node's frames reach the table and both windows' RawLogs with the
// same bytes within a few seconds; the table keeps 5 frames of a device that sent more; the
// limited operator never sees a frame of another group's device nor of an unknown one.

#include "CliTestSupport.h"
#include "TestMain.h"

#include "domain/DeviceModelCatalog.h"
#include "ingest/RawLog.h"
#include "node/RawFrameStore.h"
#include "remote/RemoteFleetSource.h"
#include "sim/Gt06FrameEncoder.h"
#include "storage/Database.h"
#include "util/Clock.h"

#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>

using namespace fw;
using namespace fw::test;

namespace {

const QString kPassword = QStringLiteral("raw-pw-3");

RawFrame frameOf(const QString &uniqueId, FrameOutcome outcome, const QByteArray &bytes, TimeMs t)
{
    RawFrame f;
    f.time = t;
    f.localPort = 5023;
    f.protocol = QStringLiteral("gt06");
    f.peer = QStringLiteral("127.0.0.1:40000");
    f.uniqueId = uniqueId;
    f.outcome = outcome;
    f.bytes = bytes;
    f.reply = QByteArrayLiteral("\x78\x78\x05\x01");
    return f;
}

// Rows per unique id ("" for none) and their bytes, oldest first, as `db`'s login sees them.
QHash<QString, QList<QByteArray>> rowsOf(Database &db)
{
    QHash<QString, QList<QByteArray>> out;
    QSqlQuery q(db.connection());
    if (!q.exec(QStringLiteral("SELECT unique_id, bytes FROM raw_frames ORDER BY id")))
        qWarning("raw_frames: %s", qPrintable(db.lastError()));
    while (q.next())
        out[q.value(0).toString()].append(q.value(1).toByteArray());
    return out;
}

// The frames of `log` (oldest first) matching `match`.
QList<RawFrame> framesOf(const RawLog &log, const std::function<bool(const RawFrame &)> &match)
{
    QList<RawFrame> out;
    for (const RawFrame &f : log.query({}, 100'000)) {
        if (match(f))
            out.append(f);
    }
    return out;
}

// A GT06 tracker on a loopback socket; send() waits for the node's acknowledgement.
class Tracker
{
public:
    explicit Tracker(const QString &imei)
        : m_imei(imei)
    { }
    bool login(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        return m_socket.waitForConnected(5000) && exchange(m_encoder.login(m_imei, m_serial++));
    }
    bool send(double lat)
    {
        Position p;
        p.deviceTime = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000 - 10 * kSecond;
        p.valid = true;
        p.latitude = lat;
        p.longitude = 21.0;
        p.speedKph = 20;
        return exchange(m_encoder.position(m_imei, p, m_serial++));
    }
    QList<QByteArray> sent;

private:
    bool exchange(const QByteArray &frame)
    {
        sent.append(frame);
        m_socket.write(frame);
        const bool answered
            = QTest::qWaitFor([&] { return m_socket.bytesAvailable() >= 10; }, 10000);
        m_socket.read(10);
        return answered;
    }

    const QString m_imei;
    const Gt06FrameEncoder m_encoder;
    QTcpSocket m_socket;
    quint32 m_serial = 1;
};

// A connected window's fleet source and the RawLog it fills, as one login.
struct Window
{
    explicit Window(const DatabaseConfig &config)
    {
        database.open(config);
        RemoteFleetSource::Parts parts { config, &catalog, &log, &database, &clock };
        // Rows arrive on the nodes' announcements: the periodic read is out of the test's time.
        parts.rawFrames.pollMs = 600'000;
        source = std::make_unique<RemoteFleetSource>(parts);
        source->start();
    }
    DeviceModelCatalog catalog;
    SystemClock clock;
    RawLog log;
    Database database;
    std::unique_ptr<RemoteFleetSource> source;
};

} // namespace

class TestRawFrames : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void storeKeepsTheLastFramesOfEachDeviceAndCapsThePool_data();
    void storeKeepsTheLastFramesOfEachDeviceAndCapsThePool();
    void nodeSharesFramesWithConnectedWindows();

private:
    QString database(const QString &backend);
    CliEnvironment m_env;
};

void TestRawFrames::initTestCase()
{
    QVERIFY(m_env.init());
}

QString TestRawFrames::database(const QString &backend)
{
    QString why;
    const QString db = m_env.newDatabase(backend, &why);
    if (db.isEmpty() && PostgresTestServer::required())
        qWarning("%s", qPrintable(why));
    return db;
}

void TestRawFrames::storeKeepsTheLastFramesOfEachDeviceAndCapsThePool_data()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
}

void TestRawFrames::storeKeepsTheLastFramesOfEachDeviceAndCapsThePool()
{
    QFETCH(QString, backend);
    const QString url = database(backend);
    if (url.isEmpty()) {
        if (PostgresTestServer::required())
            QFAIL("no PostgreSQL server");
        QSKIP("no PostgreSQL server");
    }
    Database db;
    QVERIFY2(db.open(*DatabaseConfig::parse(url)), qPrintable(db.lastError()));
    for (const QString &id : { QStringLiteral("111"), QStringLiteral("222") }) {
        Device d;
        d.uniqueId = id;
        QVERIFY2(db.addDevice(d), qPrintable(db.lastError()));
    }
    RawFrameStore store(db);
    RawFrameStore::Limits limits;
    limits.perDevice = 5;
    limits.poolRows = 10;
    limits.maxFrameBytes = 16;
    // Two rounds, as a node ships them: 12 frames of 111, 3 of 222, 20 undecoded without an id
    // and 6 of the unregistered 999.
    TimeMs t = 1'700'000'000'000;
    for (int round = 0; round < 2; ++round) {
        QList<RawFrame> frames;
        for (int i = 0; i < 6; ++i)
            frames << frameOf(QStringLiteral("111"), FrameOutcome::Decoded,
                QByteArray("a-") + QByteArray::number(round * 6 + i), ++t);
        for (int i = 0; i < 10; ++i)
            frames << frameOf({}, FrameOutcome::Undecoded,
                QByteArray("junk-") + QByteArray::number(round * 10 + i) + QByteArray(40, 'x'),
                ++t);
        for (int i = 0; i < 3; ++i)
            frames << frameOf(QStringLiteral("999"), FrameOutcome::UnknownDevice,
                QByteArray("u-") + QByteArray::number(round * 3 + i), ++t);
        if (round == 0) {
            for (int i = 0; i < 3; ++i)
                frames << frameOf(QStringLiteral("222"), FrameOutcome::Decoded,
                    QByteArray("b-") + QByteArray::number(i), ++t);
        }
        QVERIFY2(store.insert(frames, QStringLiteral("A"), limits), qPrintable(store.lastError()));
    }
    QCOMPARE(store.count(), 12 + 3 + 20 + 6);
    QVERIFY(store.prune({ QStringLiteral("111"), QStringLiteral("222") }, limits) == 12 - 5 + 26 - 10);

    const QHash<QString, QList<QByteArray>> rows = rowsOf(db);
    QCOMPARE(rows.value(QStringLiteral("111")),
        (QList<QByteArray> { "a-7", "a-8", "a-9", "a-10", "a-11" }));
    QCOMPARE(rows.value(QStringLiteral("222")), (QList<QByteArray> { "b-0", "b-1", "b-2" }));
    // The pool: the newest 10 of the undecoded and unknown-device frames, each cut to 16 bytes.
    QCOMPARE(rows.value(QStringLiteral("999")), (QList<QByteArray> { "u-3", "u-4", "u-5" }));
    const QList<QByteArray> junk = rows.value(QString());
    QCOMPARE(junk.size(), 7);
    QCOMPARE(junk.last(), QByteArray("junk-19xxxxxxxxx"));
    QCOMPARE(store.count(), 5 + 3 + 10);

    // A window reads them back in id order, bytes and all; an unknown device has no device row.
    const std::optional<QList<RawFrameStore::Stored>> all = store.newest(100);
    QVERIFY(all);
    QCOMPARE(all->size(), 18);
    QVERIFY(all->first().id < all->last().id);
    const RawFrame &last = all->last().frame;
    QCOMPARE(last.uniqueId, QStringLiteral("999"));
    QCOMPARE(last.outcome, FrameOutcome::UnknownDevice);
    QCOMPARE(last.bytes, QByteArray("u-5"));
    QCOMPARE(last.reply, QByteArray("\x78\x78\x05\x01"));
    QCOMPARE(all->last().node, QStringLiteral("A"));
    const std::optional<QList<RawFrameStore::Stored>> after = store.after(all->at(15).id, 100);
    QVERIFY(after);
    QCOMPARE(after->size(), 2);
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral(
        "SELECT COUNT(*) FROM raw_frames WHERE unique_id = '999' AND device_id IS NULL")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 3);
}

void TestRawFrames::nodeSharesFramesWithConnectedWindows()
{
    const QString db = database(QStringLiteral("postgresql"));
    if (db.isEmpty()) {
        if (PostgresTestServer::required())
            QFAIL("no PostgreSQL server");
        QSKIP("no PostgreSQL server");
    }
    const auto run = [&](const QStringList &args) {
        const CliResult r = m_env.run(args + QStringList { QStringLiteral("--db"), db });
        if (r.exitCode != 0)
            qWarning("%s: %s", qPrintable(args.join(u' ')), r.err.constData());
        return r.exitCode == 0;
    };
    const QString north = QStringLiteral("864717003284001");
    const QString south = QStringLiteral("864717003284002");
    const QString stranger = QStringLiteral("864717003284999"); // not registered
    QVERIFY(run({ QStringLiteral("db"), QStringLiteral("init") }));
    QVERIFY(run({ QStringLiteral("devices"), QStringLiteral("add"), QStringLiteral("--id"), north,
        QStringLiteral("--group"), QStringLiteral("north") }));
    QVERIFY(run({ QStringLiteral("devices"), QStringLiteral("add"), QStringLiteral("--id"), south,
        QStringLiteral("--group"), QStringLiteral("south") }));
    const DatabaseConfig admin = *DatabaseConfig::parse(db);
    Database adminDb;
    QVERIFY2(adminDb.open(admin), qPrintable(adminDb.lastError()));
    QVERIFY2(adminDb.exec(QStringLiteral("CREATE ROLE north_raw LOGIN PASSWORD '%1'").arg(kPassword)),
        qPrintable(adminDb.lastError()));
    QVERIFY(run({ QStringLiteral("db"), QStringLiteral("grant"), QStringLiteral("operator"),
        QStringLiteral("north_raw"), QStringLiteral("--groups"), QStringLiteral("north") }));
    const DatabaseConfig limited = DatabaseConfig::postgres(
        admin.host(), admin.port(), admin.databaseName(), QStringLiteral("north_raw"), kPassword);

    const quint16 port = freeLoopbackPort();
    NodeProcess node;
    QVERIFY2(node.start(m_env,
                 { QStringLiteral("--headless"), QStringLiteral("--db"), db,
                     QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                     QStringLiteral("--listen"), QStringLiteral("gt06=%1").arg(port),
                     QStringLiteral("--node-id"), QStringLiteral("A"),
                     QStringLiteral("--raw-frames"), QStringLiteral("5"),
                     QStringLiteral("--stats-interval"), QStringLiteral("0") },
                 1),
        node.err.constData());
    Window owner(admin);
    Window operatorWindow(limited);

    // South first, then a stranger and garbage, then north: 1 login and 9 positions.
    Tracker southTracker(south);
    QVERIFY(southTracker.login(port));
    QVERIFY(southTracker.send(48.1));
    QTcpSocket strangerSocket; // an unknown device gets no answer
    strangerSocket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(strangerSocket.waitForConnected(5000));
    strangerSocket.write(Gt06FrameEncoder().login(stranger, 1));
    strangerSocket.flush();
    QTcpSocket garbage;
    garbage.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(garbage.waitForConnected(5000));
    const QByteArray junk("NOT A TRACKER AT ALL\r\n");
    garbage.write(junk);
    garbage.flush();
    Tracker northTracker(north);
    QVERIFY(northTracker.login(port));
    for (int i = 0; i < 4; ++i)
        QVERIFY(northTracker.send(52.0 + i * 0.01));
    // In the table before the rest are sent: the node's ring, not one round, keeps it at 5.
    QTRY_VERIFY_WITH_TIMEOUT(rowsOf(adminDb).value(north).size() == 5, 5000);
    for (int i = 4; i < 9; ++i)
        QVERIFY(northTracker.send(52.0 + i * 0.01));
    QElapsedTimer sinceAck;
    sinceAck.start();
    const QByteArray lastNorth = northTracker.sent.last();

    // The owner's window: the same bytes, within a few seconds of the acknowledgement.
    const auto hasBytes = [](const RawLog &log, const QString &id, const QByteArray &bytes) {
        return !framesOf(log, [&](const RawFrame &f) {
            return f.uniqueId == id && f.bytes == bytes;
        }).isEmpty();
    };
    QTRY_VERIFY_WITH_TIMEOUT(hasBytes(owner.log, north, lastNorth), 8000);
    qInfo("acknowledgement to the connected window's raw log: %lld ms", sinceAck.elapsed());
    // The node ships once a second; the window reads at the announcement.
    QVERIFY2(sinceAck.elapsed() <= 2000, qPrintable(QString::number(sinceAck.elapsed())));
    QVERIFY(hasBytes(owner.log, south, southTracker.sent.last()));
    const QList<RawFrame> ownNorth
        = framesOf(owner.log, [&](const RawFrame &f) { return f.uniqueId == north; });
    QVERIFY(!ownNorth.isEmpty());
    QCOMPARE(ownNorth.last().outcome, FrameOutcome::Decoded);
    QCOMPARE(ownNorth.last().reply.size(), 10); // the acknowledgement the node sent
    QCOMPARE(ownNorth.last().localPort, port);
    QCOMPARE(ownNorth.last().protocol, QStringLiteral("gt06"));
    QTRY_VERIFY_WITH_TIMEOUT(!framesOf(owner.log, [&](const RawFrame &f) {
        return f.uniqueId == stranger && f.outcome == FrameOutcome::UnknownDevice;
    }).isEmpty(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!framesOf(owner.log, [&](const RawFrame &f) {
        return f.outcome == FrameOutcome::Undecoded && junk.startsWith(f.bytes.left(8));
    }).isEmpty(), 5000);

    // The operator limited to north: north's frames, nothing of south, the stranger or garbage.
    QTRY_VERIFY_WITH_TIMEOUT(hasBytes(operatorWindow.log, north, lastNorth), 8000);
    const QList<RawFrame> others = framesOf(
        operatorWindow.log, [&](const RawFrame &f) { return f.uniqueId != north; });
    QVERIFY2(others.isEmpty(), qPrintable(others.value(0).uniqueId));
    Database limitedDb;
    QVERIFY2(limitedDb.open(limited), qPrintable(limitedDb.lastError()));
    QCOMPARE(rowsOf(limitedDb).keys(), QList<QString> { north });

    // The ring in the table: the node prunes every 10 s down to 5 frames of north (of 10 sent,
    // the newest last), while the owner still sees the others.
    QTRY_COMPARE_WITH_TIMEOUT(rowsOf(adminDb).value(north).size(), 5, 20000);
    QCOMPARE(rowsOf(adminDb).value(north), northTracker.sent.mid(5));
    const QHash<QString, QList<QByteArray>> all = rowsOf(adminDb);
    QCOMPARE(all.value(south), southTracker.sent);
    QCOMPARE(all.value(stranger).size(), 1);
    QVERIFY(all.contains(QString())); // the garbage, with no device
}

FW_TEST_CLASS(TestRawFrames)

#include "tst_rawframes.moc"
