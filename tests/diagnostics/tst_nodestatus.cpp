// Live diagnosis inside an ingest node: real listeners on loopback, frames from the device
// encoders over TCP, the NodeStatusReporter's findings and its persisted node status. One
// scenario per finding (listener down, server clock skew, wrong port, unknown id) and a healthy
// fleet that must raise nothing above info.

#include "TestMain.h"

#include "node/NodeStatusReporter.h"
#include "domain/DeviceModelCatalog.h"
#include "fleet/FleetState.h"
#include "node/IngestNode.h"
#include "ingest/IngestServer.h"
#include "ingest/MemoryStoreSink.h"
#include "ingest/RawLog.h"
#include "protocols/ProtocolRegistry.h"
#include "sim/DeviceFrameEncoder.h"
#include "storage/Database.h"
#include "util/Clock.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace fw;

namespace {

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

// A node on loopback with an in-memory store.
struct TestNode
{
    explicit TestNode(TimeMs start, const std::optional<DatabaseConfig> &db = std::nullopt)
        : clock(start)
    {
        IngestNode::Parts parts;
        parts.clock = &clock;
        parts.registry = &registry;
        parts.catalog = &catalog;
        parts.rawLog = &rawLog;
        parts.sink = &sink;
        parts.statusDatabase = db;
        node = std::make_unique<IngestNode>(parts);
        node->prepare(FleetSettings {});
    }

    int start(const QList<ListenerConfig> &listeners, const QList<Device> &devices)
    {
        IngestConfig config;
        config.bind = QHostAddress(QHostAddress::LocalHost);
        config.listeners = listeners;
        reporter()->setHostName(QStringLiteral("test-node"));
        return node->start(config, devices, {});
    }

    NodeStatusReporter *reporter() const { return node->statusReporter(); }

    // A refresh with everything that is known now, and its results in.
    void refreshNow()
    {
        NodeStatusReporter *r = reporter();
        const quint64 before = r->completedRounds();
        r->refresh();
        QVERIFY(QTest::qWaitFor([r, before] { return !r->busy() && r->completedRounds() > before; },
                                10000));
    }

    // Connects to `port` and writes the frames; the socket stays open.
    void send(quint16 port, const QList<QByteArray> &frames)
    {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(socket->waitForConnected(3000));
        for (const QByteArray &f : frames)
            socket->write(f);
        socket->flush();
        sockets.push_back(std::move(socket));
    }

    bool waitForFrames(quint64 frames)
    {
        return QTest::qWaitFor([&] { return node->server()->stats().frames >= frames; }, 5000);
    }

    const Finding *finding(const QString &id)
    {
        for (const Finding &f : reporter()->findings()) {
            if (f.id == id)
                return &f;
        }
        return nullptr;
    }

    ManualClock clock;
    const ProtocolRegistry registry;
    const DeviceModelCatalog catalog;
    RawLog rawLog;
    MemoryStoreSink sink;
    std::unique_ptr<IngestNode> node;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
};

Device device(const QString &id, const QString &model, TimeMs registeredAt)
{
    Device d;
    d.uniqueId = id;
    d.name = id;
    d.model = model;
    d.registeredAt = registeredAt;
    return d;
}

QString imei(int i)
{
    return QStringLiteral("35609108%1").arg(i, 7, 10, QLatin1Char('0'));
}

Position fix(TimeMs time, int i)
{
    Position p;
    p.deviceTime = time;
    p.valid = true;
    p.latitude = 52.2 + i * 0.01;
    p.longitude = 21.0 + i * 0.01;
    p.speedKph = 30;
    p.course = 90;
    p.satellites = 9;
    return p;
}

QString severityList(const QList<Finding> &findings)
{
    QStringList s;
    for (const Finding &f : findings)
        s << f.id + QLatin1Char('/') + findingSeverityId(f.severity);
    return s.join(QStringLiteral(", "));
}

} // namespace

class TstNodeStatus : public QObject
{
    Q_OBJECT

private slots:
    void listenerDown_whenPortIsTaken()
    {
        QTcpServer blocker;
        QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
        const quint16 taken = blocker.serverPort();
        const quint16 good = freePort();
        TestNode n(SystemClock().now());
        QCOMPARE(
            n.start({ { QStringLiteral("gt06"), good }, { QStringLiteral("osmand"), taken } }, {}),
            1);
        QSignalSpy spy(n.reporter(), &NodeStatusReporter::findingsChanged);
        n.refreshNow();
        const Finding *f = n.finding(QStringLiteral("listener-down"));
        QVERIFY2(f, qPrintable(severityList(n.reporter()->findings())));
        QCOMPARE(f->severity, Finding::Critical);
        QCOMPARE(f->evidence.value(u"port").toInt(), int(taken));
        QCOMPARE(f->evidence.value(u"protocol").toString(), QStringLiteral("osmand"));
        QCOMPARE(f->evidence.value(u"listening").toBool(), false);
        QVERIFY(!f->evidence.value(u"bindError").toString().isEmpty());
        QVERIFY(f->title.contains(QString::number(taken)));
        // The working port passes its loopback self-check.
        QTRY_VERIFY_WITH_TIMEOUT(n.reporter()->selfCheck().value(good, false), 5000);
        QVERIFY(!n.reporter()->selfCheck().contains(taken));
    }

    void serverClockSkew_data()
    {
        QTest::addColumn<int>("offsetHours");
        QTest::newRow("fixes 3 h in the past") << 3;
        QTest::newRow("fixes 3 h in the future") << -3;
    }

    void serverClockSkew()
    {
        QFETCH(int, offsetHours);
        const TimeMs now = SystemClock().now();
        TestNode n(now);
        const quint16 port = freePort();
        QList<Device> devices;
        for (int i = 0; i < 5; ++i)
            devices << device(imei(i), QStringLiteral("Concox GT06N"), now - kDay);
        QCOMPARE(n.start({ { QStringLiteral("gt06"), port } }, devices), 1);
        const auto enc = makeDeviceFrameEncoder(u"gt06");
        for (int i = 0; i < 5; ++i)
            n.send(port,
                { enc->login(imei(i), 1),
                    enc->position(imei(i), fix(now - offsetHours * kHour, i), 2) });
        QVERIFY(n.waitForFrames(10));
        n.refreshNow();
        const Finding *f = n.finding(QStringLiteral("server-clock-skew"));
        QVERIFY2(f, qPrintable(severityList(n.reporter()->findings())));
        QCOMPARE(f->severity, Finding::Critical);
        QCOMPARE(f->evidence.value(u"sampledDevices").toInt(), 5);
        QCOMPARE(
            qRound(f->evidence.value(u"medianOffsetSeconds").toDouble() / 60), offsetHours * 60);
        QCOMPARE(f->devices.size(), 5);
    }

    void undecodedFrames_namesTheProtocolAndItsPort()
    {
        const TimeMs now = SystemClock().now();
        TestNode n(now);
        const quint16 gt06Port = freePort();
        quint16 h02Port = freePort();
        while (h02Port == gt06Port)
            h02Port = freePort();
        QList<Device> devices;
        for (int i = 0; i < 4; ++i)
            devices << device(imei(i), QStringLiteral("Concox GT06N"), now - kDay);
        QCOMPARE(
            n.start({ { QStringLiteral("gt06"), gt06Port }, { QStringLiteral("h02"), h02Port } },
                devices),
            2);
        // Every GT06N is configured for the H02 port.
        const auto enc = makeDeviceFrameEncoder(u"gt06");
        for (int i = 0; i < 4; ++i)
            n.send(h02Port, { enc->login(imei(i), 1) });
        QVERIFY(n.waitForFrames(4));
        n.refreshNow();
        const Finding *f = n.finding(QStringLiteral("undecoded-frames"));
        QVERIFY2(f, qPrintable(severityList(n.reporter()->findings())));
        QCOMPARE(f->severity, Finding::Warning);
        QCOMPARE(f->evidence.value(u"port").toInt(), int(h02Port));
        QCOMPARE(f->evidence.value(u"looksLike").toString(), QStringLiteral("gt06"));
        QCOMPARE(f->evidence.value(u"looksLikePort").toInt(), int(gt06Port));
        QVERIFY(f->evidence.value(u"samples").toArray().size() >= 3);
        // The stored status carries the samples as hex.
        const QJsonArray stored = n.reporter()->lastStatus().value(u"undecoded").toArray();
        QVERIFY(stored.size() >= 4);
        QCOMPARE(
            QByteArray::fromHex(stored.first().toObject().value(u"hex").toString().toLatin1()),
            enc->login(imei(0), 1));
    }

    void unknownDevice_namesIdAndPeer()
    {
        const TimeMs now = SystemClock().now();
        TestNode n(now);
        const quint16 port = freePort();
        QCOMPARE(n.start({ { QStringLiteral("gt06"), port } },
                     { device(imei(1), QStringLiteral("Concox GT06N"), now - kDay) }),
            1);
        QSignalSpy spy(n.reporter(), &NodeStatusReporter::findingsChanged);
        const auto enc = makeDeviceFrameEncoder(u"gt06");
        const QString stranger = imei(77);
        n.send(port, { enc->login(stranger, 1), enc->position(stranger, fix(now, 0), 2) });
        QVERIFY(n.waitForFrames(2));
        // The reporter reacts to the sighting by itself shortly after.
        QTRY_VERIFY_WITH_TIMEOUT(n.finding(QStringLiteral("unknown-devices")), 3000);
        const Finding *f = n.finding(QStringLiteral("unknown-devices"));
        QCOMPARE(f->severity, Finding::Warning);
        QCOMPARE(f->devices, QStringList { stranger });
        QCOMPARE(f->evidence.value(u"uniqueId").toString(), stranger);
        QVERIFY(f->evidence.value(u"peer").toString().startsWith(u"127.0.0.1:"));
        QCOMPARE(f->evidence.value(u"port").toInt(), int(port));
        QVERIFY(f->title.contains(stranger));
        QVERIFY(spy.size() >= 1);
    }

    void healthyFleet_nothingAboveInfo()
    {
        const TimeMs now = SystemClock().now();
        TestNode n(now);
        const quint16 gt06Port = freePort();
        quint16 h02Port = freePort();
        while (h02Port == gt06Port)
            h02Port = freePort();
        QList<Device> devices;
        for (int i = 0; i < 4; ++i)
            devices << device(imei(i), QStringLiteral("Concox GT06N"), now - kDay);
        for (int i = 4; i < 8; ++i)
            devices << device(imei(i), QStringLiteral("H02 generic"), now - kDay);
        QCOMPARE(
            n.start({ { QStringLiteral("gt06"), gt06Port }, { QStringLiteral("h02"), h02Port } },
                devices),
            2);
        const auto gt06 = makeDeviceFrameEncoder(u"gt06");
        const auto h02 = makeDeviceFrameEncoder(u"h02");
        for (int i = 0; i < 4; ++i)
            n.send(gt06Port,
                { gt06->login(imei(i), 1),
                    gt06->position(imei(i), fix(now - 5 * kSecond, i), 2) });
        for (int i = 4; i < 8; ++i)
            n.send(h02Port, { h02->position(imei(i), fix(now - 5 * kSecond, i), 1) });
        QVERIFY(n.waitForFrames(12));
        QTRY_COMPARE_WITH_TIMEOUT(n.reporter()->selfCheck().size(), 2, 5000);
        QVERIFY(n.reporter()->selfCheck().value(gt06Port));
        QVERIFY(n.reporter()->selfCheck().value(h02Port));
        n.refreshNow();
        QVERIFY2(worstSeverity(n.reporter()->findings()) == Finding::Info,
            qPrintable(severityList(n.reporter()->findings())));
        QCOMPARE(n.node->fleet()->count(ConnectionStatus::Online), 8);
    }

    void diagnosisRunsOffTheIngestThreadAndIsRateLimited()
    {
        // The checks and the database write used to run inside refresh() on the ingest
        // thread, re-triggered about three times a second while an unknown device sent.
        QTemporaryDir dir;
        const DatabaseConfig db = DatabaseConfig::sqlite(dir.filePath(QStringLiteral("r.sqlite")));
        const TimeMs now = SystemClock().now();
        TestNode n(now, db);
        const quint16 port = freePort();
        QList<Device> devices;
        for (int i = 0; i < 2000; ++i)
            devices << device(imei(i), QStringLiteral("Concox GT06N"), now - kDay);
        QCOMPARE(n.start({ { QStringLiteral("gt06"), port } }, devices), 1);
        NodeStatusReporter *r = n.reporter();
        QVERIFY(r->worker()->thread() != r->thread());
        QTRY_VERIFY(!r->busy() && r->completedRounds() >= 1);

        // refresh() only gathers: the results are not in when it returns.
        const quint64 before = r->completedRounds();
        r->refresh();
        QCOMPARE(r->completedRounds(), before);
        QTRY_VERIFY(r->completedRounds() > before);

        // An unknown device tries ten times a second for three seconds (it is refused, and
        // connects again, as such trackers do).
        const auto enc = makeDeviceFrameEncoder(u"gt06");
        const QString stranger = imei(9999);
        const quint64 flood = r->completedRounds();
        const quint64 unknownBefore = n.node->server()->stats().unknown;
        QElapsedTimer timer;
        timer.start();
        for (quint32 k = 0; timer.elapsed() < 3000; ++k) {
            n.send(port, { enc->login(stranger, k + 1) });
            QTest::qWait(100);
        }
        QVERIFY(n.node->server()->stats().unknown - unknownBefore >= 20);
        const quint64 rounds = r->completedRounds() - flood;
        qInfo("%llu diagnosis rounds during 3 s of unknown frames", static_cast<unsigned long long>(rounds));
        // One per kMinRefreshGapMs, plus the periodic one and the self-check's.
        QVERIFY2(rounds <= 4, qPrintable(QString::number(rounds)));
        QTRY_VERIFY(n.finding(QStringLiteral("unknown-devices")));
    }

    void status_isPersistedAndReadBack()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const DatabaseConfig db = DatabaseConfig::sqlite(dir.filePath(QStringLiteral("n.sqlite")));
        const TimeMs now = SystemClock().now();
        TestNode n(now, db);
        const quint16 port = freePort();
        QSignalSpy persisted(n.reporter(), &NodeStatusReporter::statusPersisted);
        QCOMPARE(n.start({ { QStringLiteral("gt06"), port } }, {}), 1);
        const auto enc = makeDeviceFrameEncoder(u"gt06");
        n.send(port, { enc->login(imei(5), 1) });
        QVERIFY(n.waitForFrames(1));
        n.refreshNow();
        QTRY_VERIFY(n.reporter()->writes() >= 1);
        Database reader;
        QVERIFY(reader.open(db));
        const std::optional<QString> text
            = reader.setting(NodeStatusReporter::settingsKey(QStringLiteral("test-node")));
        QVERIFY(text.has_value());
        const QJsonObject status = QJsonDocument::fromJson(text->toUtf8()).object();
        QCOMPARE(status.value(u"host").toString(), QStringLiteral("test-node"));
        DiagnosisInput in;
        QVERIFY(NodeStatusReporter::mergeStatusJson(status, &in) != kNoTime);
        QCOMPARE(in.listeners.size(), 1);
        QCOMPARE(in.listeners.first().port, port);
        QVERIFY(in.listeners.first().listening);
        QCOMPARE(in.unknown.size(), 1);
        QCOMPARE(in.unknown.first().uniqueId, imei(5));
        QVERIFY(in.lastByteAt != kNoTime);
        // Unchanged content is not rewritten before the interval.
        const int writes = n.reporter()->writes();
        n.refreshNow();
        QCOMPARE(n.reporter()->writes(), writes);
        n.clock.advance(6 * kSecond);
        n.refreshNow();
        QCOMPARE(n.reporter()->writes(), writes + 1);
    }

    void sendCommand_writesToTheLiveConnection()
    {
        const TimeMs now = SystemClock().now();
        TestNode n(now);
        const quint16 port = freePort();
        QCOMPARE(n.start({ { QStringLiteral("gt06"), port } },
                     { device(imei(3), QStringLiteral("Concox GT06N"), now - kDay) }),
            1);
        QVERIFY(!n.node->server()->sendCommand(imei(3), "x"));
        const auto enc = makeDeviceFrameEncoder(u"gt06");
        n.send(port, { enc->login(imei(3), 1) });
        QVERIFY(n.waitForFrames(1));
        QTRY_VERIFY(n.node->server()->hasLiveSession(imei(3)));
        QTcpSocket *device = n.sockets.back().get();
        QTRY_VERIFY(device->bytesAvailable() > 0); // login acknowledgement
        device->readAll();
        const QByteArray command = QByteArray::fromHex("7878150180");
        QVERIFY(n.node->server()->sendCommand(imei(3), command));
        QTRY_COMPARE(device->bytesAvailable(), qint64(command.size()));
        QCOMPARE(device->readAll(), command);
        RawLogFilter filter;
        filter.uniqueId = imei(3);
        const QList<RawFrame> frames = n.rawLog.query(filter);
        QVERIFY(!frames.isEmpty());
        QCOMPARE(frames.last().detail, QStringLiteral("command sent"));
        QCOMPARE(frames.last().reply, command);
        device->disconnectFromHost();
        QTRY_VERIFY(!n.node->server()->hasLiveSession(imei(3)));
        QVERIFY(!n.node->server()->sendCommand(imei(3), command));
    }
};

FW_TEST_CLASS(TstNodeStatus)
#include "tst_nodestatus.moc"
