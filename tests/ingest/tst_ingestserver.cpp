// Loopback integration tests of the ingest layer: an IngestServer with a FleetState and an
// in-memory store inside the test process, fed by the DeviceSimulator and by hand-made byte
// streams. They prove every protocol and transport, TCP segmentation in both directions
// (1-byte segments and many frames in one write), hostile input (garbage, truncated, oversized,
// slow drip, thousands of idle connections) without harming valid devices, how connections end,
// unknown and blocked devices, acknowledgements held until the store commits, and
// back-pressure without losing frames.

#include "IngestTestSupport.h"
#include "TestMain.h"
#include "ingest/TcpSession.h"

#include <QNetworkDatagram>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <sys/resource.h>

#include <memory>
#include <set>
#include <vector>

using namespace fw;
using namespace fw::test;

namespace {

constexpr int kWaitMs = 10000;

// Writes `bytes` to the kernel now and lets the (same-thread) server read them.
void push(QTcpSocket &socket, const QByteArray &bytes)
{
    socket.write(bytes);
    socket.flush();
    QCoreApplication::processEvents();
}

std::unique_ptr<QTcpSocket> connectTo(quint16 port)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, port);
    if (!socket->waitForConnected(3000))
        return nullptr;
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    return socket;
}

bool isAckProtocol(const QString &protocol)
{
    return protocol == u"gt06" || protocol == u"teltonika" || protocol == u"osmand"
        || protocol == u"jt808";
}

// APRS positions carry day/hour/minute only: their times are compared to the minute.
TimeMs comparableTime(const QString &protocol, TimeMs t)
{
    return protocol == u"aprs" ? t / kMinute * kMinute : t;
}

QByteArray filler(qsizetype n, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray out(n, Qt::Uninitialized);
    for (qsizetype k = 0; k < n; ++k)
        out[k] = char(rng.bounded(256));
    return out;
}

int raiseFileLimit(int wanted)
{
    rlimit rl {};
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 1024;
    if (rl.rlim_cur < rlim_t(wanted)) {
        rl.rlim_cur = std::min<rlim_t>(rl.rlim_max, rlim_t(wanted));
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    return int(std::min<rlim_t>(rl.rlim_cur, 1 << 20));
}

} // namespace

class TestIngestServer : public QObject
{
    Q_OBJECT

private slots:
    void portZeroMeansDefaultPort();

    void simulatorEveryProtocol_data();
    void simulatorEveryProtocol();

    void segmentation_data();
    void segmentation();

    void garbageDoesNotHurtOthers_data();
    void garbageDoesNotHurtOthers();
    void truncatedFrame_data();
    void truncatedFrame();
    void oversizedInput_data();
    void oversizedInput();
    void slowDrip();
    void thousandsOfIdleConnections();

    void idleTimeoutVersusDeviceClose();

    void unknownDeviceRejectedAndLogged();
    void unknownDeviceRegistered();
    void blockedAnsweredAndDropped_data();
    void blockedAnsweredAndDropped();

    void acknowledgementWaitsForCommit_data();
    void acknowledgementWaitsForCommit();
    void backPressurePausesWithoutLoss_data();
    void backPressurePausesWithoutLoss();

private:
    void protocolRows(bool all = true);
};

void TestIngestServer::protocolRows(bool all)
{
    QTest::addColumn<QString>("protocol");
    const QStringList protocols = all ? simulatedProtocols()
                                      : QStringList { QStringLiteral("gt06"),
                                                      QStringLiteral("teltonika"),
                                                      QStringLiteral("osmand"),
                                                      QStringLiteral("h02") };
    for (const QString &p : protocols)
        QTest::newRow(qPrintable(p)) << p;
}

// IngestConfig documents port 0 as "the protocol's default port", not an ephemeral one: the
// tests therefore choose free ports themselves (freeLoopbackPort()).
void TestIngestServer::portZeroMeansDefaultPort()
{
    TestNode node;
    IngestConfig config;
    config.bind = QHostAddress::LocalHost;
    config.listeners = { ListenerConfig { QStringLiteral("gt06"), 0 } };
    node.server.start(config);
    const QList<ListenerState> ls = node.server.listeners();
    QCOMPARE(ls.size(), 1);
    QCOMPARE(ls.first().port, node.registry.find(u"gt06")->info().defaultPort);
    node.server.stop();

    // A port in use is reported for that listener only; the others still come up.
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
    config.listeners = { ListenerConfig { QStringLiteral("gt06"), blocker.serverPort() },
                         ListenerConfig { QStringLiteral("h02"), freeLoopbackPort() },
                         ListenerConfig { QStringLiteral("nosuch"), freeLoopbackPort() } };
    QCOMPARE(node.server.start(config), 1);
    const QList<ListenerState> after = node.server.listeners();
    QCOMPARE(after.size(), 3);
    QVERIFY(!after.at(0).listening);
    QVERIFY(!after.at(0).error.isEmpty());
    QVERIFY(after.at(1).listening);
    QVERIFY(!after.at(2).listening);
}

void TestIngestServer::simulatorEveryProtocol_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<bool>("udp");
    for (const QString &p : simulatedProtocols())
        QTest::newRow(qPrintable(p)) << p << false;
    QTest::newRow("teltonika-udp") << QStringLiteral("teltonika") << true;
}

void TestIngestServer::simulatorEveryProtocol()
{
    QFETCH(QString, protocol);
    QFETCH(bool, udp);
    TestNode node;
    QVERIFY(node.start({ protocol }));

    SimulatorOptions o;
    o.protocols = { protocol };
    o.ports = node.ports;
    o.devicesPerProtocol = 4;
    o.positionsPerDevice = 25;
    o.mode = SimulatorMode::Burst;
    o.routeStepMs = 1000;
    o.gpsGapPercent = 0;
    o.clockOffsetPercent = 0;
    o.teltonikaUdp = udp;
    o.seed = 11;
    DeviceSimulator sim(o);
    for (const Device &d : sim.devices())
        node.addDevice(d.uniqueId, protocol);
    const int expected = o.devicesPerProtocol * o.positionsPerDevice;

    QSignalSpy finished(&sim, &DeviceSimulator::finished);
    sim.start();
    QVERIFY(finished.wait(kWaitMs * 2));
    QTRY_COMPARE_WITH_TIMEOUT(node.sink.positions().size(), expected, kWaitMs);
    sim.stop();

    // Exactly once each: no loss, no duplicate.
    std::set<std::pair<QString, TimeMs>> stored;
    for (const Position &p : node.sink.positions())
        stored.emplace(p.uniqueId, comparableTime(protocol, p.deviceTime));
    if (protocol != u"aprs")
        QCOMPARE(qsizetype(stored.size()), qsizetype(expected));
    for (const Device &d : sim.devices())
        QCOMPARE(node.storedFor(d.uniqueId), qsizetype(o.positionsPerDevice));

    if (isAckProtocol(protocol)) {
        const QList<AckedPosition> acks = sim.acknowledgedPositions();
        QCOMPARE(acks.size(), qsizetype(expected));
        for (const AckedPosition &a : acks)
            QVERIFY2(stored.count({ a.uniqueId, comparableTime(protocol, a.deviceTime) }),
                     qPrintable(a.uniqueId + QLatin1Char(' ') + toIso(a.deviceTime)));
    }
    QCOMPARE(sim.stats().positionsSent, qint64(expected));
    QCOMPARE(node.server.stats().undecoded, quint64(0));
    QCOMPARE(node.server.stats().unknown, quint64(0));
    QCOMPARE(node.server.stats().positions, quint64(expected));
    QTRY_COMPARE(node.server.stats().stored, quint64(expected));
    for (const Device &d : sim.devices()) {
        const auto snap = node.fleet.snapshot(d.uniqueId);
        QVERIFY(snap);
        QCOMPARE(snap->activity.protocol, protocol);
        QVERIFY(snap->activity.lastPacketAt != kNoTime);
    }
}

void TestIngestServer::segmentation_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<bool>("split");
    for (const QString &p : simulatedProtocols()) {
        QTest::newRow(qPrintable(p + QStringLiteral("-1-byte-segments"))) << p << true;
        QTest::newRow(qPrintable(p + QStringLiteral("-coalesced"))) << p << false;
    }
}

void TestIngestServer::segmentation()
{
    QFETCH(QString, protocol);
    QFETCH(bool, split);
    TestNode node;
    QVERIFY(node.start({ protocol }));
    const int count = split ? 4 : 40;
    const DeviceScript script = deviceScript(protocol, count, node.clock.now());
    QVERIFY(!script.positions.isEmpty());
    node.addDevice(script.uniqueId, protocol);

    auto client = connectTo(node.ports.value(protocol));
    QVERIFY(client);
    const QByteArray stream = script.all();
    if (split) {
        for (qsizetype k = 0; k < stream.size(); ++k)
            push(*client, stream.mid(k, 1));
    } else {
        push(*client, stream);
    }
    QTRY_COMPARE_WITH_TIMEOUT(node.storedFor(script.uniqueId), qsizetype(count), kWaitMs);
    QCOMPARE(node.server.stats().undecoded, quint64(0));
    QCOMPARE(node.server.stats().unknown, quint64(0));
    QList<TimeMs> times;
    for (const Position &p : node.sink.positions())
        times.append(comparableTime(protocol, p.deviceTime));
    QList<TimeMs> expected;
    for (TimeMs t : script.times)
        expected.append(comparableTime(protocol, t));
    QCOMPARE(times, expected); // in order, each once
    // Every frame went through the raw log as decoded.
    QCOMPARE(node.frames(FrameOutcome::Decoded).size(),
             qsizetype(count + (script.login.isEmpty() ? 0 : 1)));
}

void TestIngestServer::garbageDoesNotHurtOthers_data()
{
    protocolRows();
}

void TestIngestServer::garbageDoesNotHurtOthers()
{
    QFETCH(QString, protocol);
    TestNode node;
    QVERIFY(node.start({ protocol }));
    const quint16 port = node.ports.value(protocol);
    const DeviceScript valid = deviceScript(protocol, 5, node.clock.now());
    node.addDevice(valid.uniqueId, protocol);

    auto bad = connectTo(port);
    auto good = connectTo(port);
    QVERIFY(bad && good);
    push(*good, valid.login);
    for (int round = 0; round < 8; ++round) {
        if (bad->state() == QAbstractSocket::ConnectedState)
            push(*bad, filler(2048, quint32(round + 1)));
        if (round < valid.positions.size())
            push(*good, valid.positions.at(round));
    }
    QTRY_COMPARE_WITH_TIMEOUT(node.storedFor(valid.uniqueId), qsizetype(5), kWaitMs);
    QTRY_VERIFY(node.server.stats().undecoded > 0);
    const QList<RawFrame> undecoded = node.frames(FrameOutcome::Undecoded);
    QVERIFY(!undecoded.isEmpty());
    for (const RawFrame &f : undecoded) {
        QVERIFY2(!f.detail.isEmpty(), "an undecoded frame carries the decoder's error");
        QVERIFY(f.bytes.size() <= 4096); // the raw log keeps a bounded copy
        QCOMPARE(f.protocol, protocol);
    }
    QVERIFY(node.rawLog.bytes() <= 16 * 1024 * 1024);
    QVERIFY(good->state() == QAbstractSocket::ConnectedState);
}

void TestIngestServer::truncatedFrame_data()
{
    protocolRows();
}

// A device that sends half a frame and hangs up: the complete frames before it are stored,
// the half frame never is, and nothing crashes.
void TestIngestServer::truncatedFrame()
{
    QFETCH(QString, protocol);
    TestNode node;
    QVERIFY(node.start({ protocol }));
    const DeviceScript s = deviceScript(protocol, 3, node.clock.now());
    node.addDevice(s.uniqueId, protocol);
    auto client = connectTo(node.ports.value(protocol));
    QVERIFY(client);
    const QByteArray last = s.positions.last();
    push(*client, s.login + s.positions.at(0) + s.positions.at(1) + last.left(last.size() / 2));
    QTRY_COMPARE_WITH_TIMEOUT(node.storedFor(s.uniqueId), qsizetype(2), kWaitMs);
    client->disconnectFromHost();
    QTRY_COMPARE(node.server.stats().connections, quint64(0));
    QCOMPARE(node.storedFor(s.uniqueId), qsizetype(2));
    const auto snap = node.fleet.snapshot(s.uniqueId);
    QVERIFY(snap);
    QCOMPARE(snap->activity.connectionEnd, ConnectionEnd::ClosedByDevice);
}

void TestIngestServer::oversizedInput_data()
{
    protocolRows();
}

// A frame start followed by more bytes than any frame may have: the server does not buffer
// without bound. It closes the connection (no frame within the maximum size) or refuses the
// bytes as undecoded, with the reason in the raw log; valid devices are served meanwhile.
void TestIngestServer::oversizedInput()
{
    QFETCH(QString, protocol);
    TestNode node;
    QVERIFY(node.start({ protocol }));
    const ProtocolInfo &info = node.registry.find(protocol)->info();
    const DeviceScript valid = deviceScript(protocol, 2, node.clock.now());
    node.addDevice(valid.uniqueId, protocol);

    auto bad = connectTo(node.ports.value(protocol));
    QVERIFY(bad);
    // The header of a real frame, then a run of 'A' (no terminator of any of our protocols).
    const QByteArray start = valid.positions.first().left(4);
    const qsizetype total = info.maxFrameSize * 4 + node.server.config().maxBacklogBytes;
    push(*bad, start);
    qsizetype sent = start.size();
    while (sent < total && bad->state() == QAbstractSocket::ConnectedState) {
        push(*bad, QByteArray(4096, 'A'));
        sent += 4096;
    }
    QTRY_VERIFY_WITH_TIMEOUT(bad->state() != QAbstractSocket::ConnectedState
                                 || node.server.stats().undecoded > 0,
                             kWaitMs);
    const QList<RawFrame> undecoded = node.frames(FrameOutcome::Undecoded);
    QVERIFY(!undecoded.isEmpty());
    bool named = false;
    for (const RawFrame &f : undecoded) {
        QVERIFY(!f.detail.isEmpty());
        QVERIFY(f.bytes.size() <= 4096);
        named = named || f.detail.contains(protocol, Qt::CaseInsensitive);
    }
    QVERIFY2(named, qPrintable(undecoded.first().detail));
    qInfo("%s: %s", qPrintable(protocol),
          bad->state() != QAbstractSocket::ConnectedState
              ? "connection closed, no frame within the maximum size"
              : "bytes refused as undecoded, connection kept");
    if (bad->state() != QAbstractSocket::ConnectedState) {
        bool noFrame = false;
        for (const RawFrame &f : undecoded)
            noFrame = noFrame || f.detail.contains(QStringLiteral("no frame within"));
        QVERIFY2(noFrame, "closing for size is logged with its reason");
    }

    auto good = connectTo(node.ports.value(protocol));
    QVERIFY(good);
    push(*good, valid.all());
    QTRY_COMPARE_WITH_TIMEOUT(node.storedFor(valid.uniqueId), qsizetype(2), kWaitMs);
}

// One byte at a time with long pauses (the manual clock moves a second per byte): the frame is
// assembled and stored, and another device is served in between without waiting for it.
void TestIngestServer::slowDrip()
{
    TestNode node;
    QVERIFY(node.start({ QStringLiteral("gt06") }));
    const quint16 port = node.ports.value(QStringLiteral("gt06"));
    const DeviceScript slow = deviceScript(QStringLiteral("gt06"), 1, node.clock.now(), 0);
    const DeviceScript fast = deviceScript(QStringLiteral("gt06"), 40, node.clock.now(), 1);
    node.addDevice(slow.uniqueId, QStringLiteral("gt06"));
    node.addDevice(fast.uniqueId, QStringLiteral("gt06"));
    auto dripper = connectTo(port);
    auto other = connectTo(port);
    QVERIFY(dripper && other);
    push(*other, fast.login);
    const QByteArray stream = slow.all();
    int served = 0;
    for (qsizetype k = 0; k < stream.size(); ++k) {
        node.clock.advance(kSecond);
        push(*dripper, stream.mid(k, 1));
        if (k % 2 == 0 && served < fast.positions.size()) {
            push(*other, fast.positions.at(served++));
            QTRY_COMPARE(node.storedFor(fast.uniqueId), qsizetype(served));
        }
        if (k + 1 < stream.size())
            QCOMPARE(node.storedFor(slow.uniqueId), qsizetype(0));
    }
    QTRY_COMPARE(node.storedFor(slow.uniqueId), qsizetype(1));
    QVERIFY(served > 10);
    QCOMPARE(dripper->state(), QAbstractSocket::ConnectedState);
}

void TestIngestServer::thousandsOfIdleConnections()
{
    const int limit = raiseFileLimit(16384);
    const int idle = std::min(3000, (limit - 256) / 2);
    if (idle < 1000)
        QSKIP("the open file limit is too low for thousands of connections");
    TestNode node;
    QVERIFY(node.start({ QStringLiteral("gt06") }));
    const quint16 port = node.ports.value(QStringLiteral("gt06"));
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    sockets.reserve(std::size_t(idle));
    for (int k = 0; k < idle; ++k) {
        auto s = std::make_unique<QTcpSocket>();
        s->connectToHost(QHostAddress::LocalHost, port);
        sockets.push_back(std::move(s));
        if (k % 20 == 0)
            QCoreApplication::processEvents();
    }
    QTRY_COMPARE_WITH_TIMEOUT(node.server.stats().connections, quint64(idle), kWaitMs * 2);

    // A valid device on top of them is served at full speed.
    SimulatorOptions o;
    o.protocols = { QStringLiteral("gt06") };
    o.ports = node.ports;
    o.devicesPerProtocol = 2;
    o.positionsPerDevice = 50;
    o.mode = SimulatorMode::Burst;
    o.routeStepMs = 1000;
    DeviceSimulator sim(o);
    for (const Device &d : sim.devices())
        node.addDevice(d.uniqueId, QStringLiteral("gt06"));
    QSignalSpy finished(&sim, &DeviceSimulator::finished);
    sim.start();
    QVERIFY(finished.wait(kWaitMs));
    QTRY_COMPARE(node.sink.positions().size(), qsizetype(100));
    QCOMPARE(sim.acknowledgedPositions().size(), qsizetype(100));
    QVERIFY(node.server.stats().connectionsPeak >= quint64(idle + 2));
    sim.stop();
    sockets.clear();
    QTRY_COMPARE_WITH_TIMEOUT(node.server.stats().connections, quint64(0), kWaitMs);
}

// FIN from the device versus the idle timeout: both are recorded, and differently.
void TestIngestServer::idleTimeoutVersusDeviceClose()
{
    TestNode node;
    IngestConfig config;
    config.idleTimeoutSecs = 60;
    QVERIFY(node.start({ QStringLiteral("gt06") }, config));
    const quint16 port = node.ports.value(QStringLiteral("gt06"));
    const DeviceScript a = deviceScript(QStringLiteral("gt06"), 1, node.clock.now(), 0);
    const DeviceScript b = deviceScript(QStringLiteral("gt06"), 1, node.clock.now(), 1);
    node.addDevice(a.uniqueId, QStringLiteral("gt06"));
    node.addDevice(b.uniqueId, QStringLiteral("gt06"));
    auto ca = connectTo(port);
    auto cb = connectTo(port);
    QVERIFY(ca && cb);
    push(*ca, a.all());
    push(*cb, b.all());
    QTRY_COMPARE(node.sink.positions().size(), qsizetype(2));

    ca->disconnectFromHost();
    QTRY_COMPARE(node.fleet.snapshot(a.uniqueId)->activity.connectionEnd,
                 ConnectionEnd::ClosedByDevice);
    QCOMPARE(node.fleet.snapshot(b.uniqueId)->activity.connectionEnd, ConnectionEnd::None);

    node.clock.advance(61 * kSecond); // the sweep runs every few seconds of real time
    QSignalSpy closed(cb.get(), &QTcpSocket::disconnected);
    QVERIFY(closed.wait(8000));
    QTRY_COMPARE(node.fleet.snapshot(b.uniqueId)->activity.connectionEnd,
                 ConnectionEnd::TimedOut);
    QCOMPARE(node.fleet.snapshot(a.uniqueId)->activity.connectionEnd,
             ConnectionEnd::ClosedByDevice);
    QCOMPARE(node.server.stats().connections, quint64(0));
}

void TestIngestServer::unknownDeviceRejectedAndLogged()
{
    TestNode node;
    QVERIFY(node.start({ QStringLiteral("gt06"), QStringLiteral("osmand") }));
    QSignalSpy sightings(&node.server, &IngestServer::unknownDevice);
    const DeviceScript s = deviceScript(QStringLiteral("gt06"), 3, node.clock.now());
    auto client = connectTo(node.ports.value(QStringLiteral("gt06")));
    QVERIFY(client);
    push(*client, s.all());
    QTRY_COMPARE(node.server.stats().unknown, quint64(4)); // login + 3 positions
    QVERIFY(node.sink.positions().isEmpty());
    QVERIFY(sightings.size() >= 1);
    const QList<UnknownDeviceSighting> unknown = node.server.unknownDevices();
    QCOMPARE(unknown.size(), qsizetype(1));
    QCOMPARE(unknown.first().uniqueId, s.uniqueId);
    QCOMPARE(unknown.first().protocol, QStringLiteral("gt06"));
    QCOMPARE(unknown.first().frames, quint64(4));
    const QList<RawFrame> logged = node.frames(FrameOutcome::UnknownDevice);
    QCOMPARE(logged.size(), qsizetype(4));
    for (const RawFrame &f : logged)
        QCOMPARE(f.uniqueId, s.uniqueId);
    QVERIFY(!node.fleet.snapshot(s.uniqueId));

    // An HTTP client is told plainly.
    const DeviceScript h = deviceScript(QStringLiteral("osmand"), 1, node.clock.now());
    auto http = connectTo(node.ports.value(QStringLiteral("osmand")));
    QVERIFY(http);
    push(*http, h.all());
    QTRY_VERIFY(http->bytesAvailable() > 0);
    QVERIFY(http->readAll().startsWith("HTTP/1.1 403"));
    QVERIFY(node.sink.positions().isEmpty());
}

void TestIngestServer::unknownDeviceRegistered()
{
    TestNode node;
    IngestConfig config;
    config.registerUnknown = true;
    QVERIFY(node.start({ QStringLiteral("teltonika") }, config));
    const DeviceScript s = deviceScript(QStringLiteral("teltonika"), 3, node.clock.now());
    QCOMPARE(node.fleet.access(s.uniqueId), DeviceAccess::Unknown);
    auto client = connectTo(node.ports.value(QStringLiteral("teltonika")));
    QVERIFY(client);
    push(*client, s.all());
    QTRY_COMPARE(node.storedFor(s.uniqueId), qsizetype(3));
    QCOMPARE(node.fleet.access(s.uniqueId), DeviceAccess::Known);
    QCOMPARE(node.fleet.snapshot(s.uniqueId)->device.protocol, QStringLiteral("teltonika"));
    QCOMPARE(node.server.stats().unknown, quint64(0));
    QVERIFY(node.server.unknownDevices().isEmpty());
}

void TestIngestServer::blockedAnsweredAndDropped_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QByteArray>("expectedReply"); // prefix of what the device gets back
    QTest::newRow("gt06") << QStringLiteral("gt06") << QByteArray::fromHex("78780501");
    QTest::newRow("teltonika") << QStringLiteral("teltonika")
                               << QByteArray::fromHex("01000000010000000100000001");
    QTest::newRow("osmand") << QStringLiteral("osmand") << QByteArray("HTTP/1.1 200");
}

void TestIngestServer::blockedAnsweredAndDropped()
{
    QFETCH(QString, protocol);
    QFETCH(QByteArray, expectedReply);
    TestNode node;
    QVERIFY(node.start({ protocol }));
    const DeviceScript s = deviceScript(protocol, 3, node.clock.now());
    node.addDevice(s.uniqueId, protocol, true);
    QCOMPARE(node.fleet.access(s.uniqueId), DeviceAccess::Blocked);
    auto client = connectTo(node.ports.value(protocol));
    QVERIFY(client);
    QByteArray replies;
    if (protocol == u"osmand") {
        // One request per connection round trip (the phone app waits for each answer).
        for (const QByteArray &request : s.positions) {
            push(*client, request);
            QTRY_VERIFY(client->bytesAvailable() > 0);
            replies += client->readAll();
        }
    } else {
        push(*client, s.all());
        QTRY_VERIFY_WITH_TIMEOUT(client->bytesAvailable() >= expectedReply.size(), kWaitMs);
        replies = client->readAll();
    }
    QVERIFY2(replies.startsWith(expectedReply), replies.toHex().constData());
    const quint64 frames = quint64(s.positions.size() + (s.login.isEmpty() ? 0 : 1));
    QTRY_COMPARE(node.server.stats().blockedDropped, frames);
    QCOMPARE(node.frames(FrameOutcome::DroppedBlocked).size(), qsizetype(frames));
    QCOMPARE(frameOutcomeId(FrameOutcome::DroppedBlocked), QStringLiteral("dropped-blocked"));
    QVERIFY(node.sink.positions().isEmpty());
    QCOMPARE(node.server.stats().positions, quint64(0));
    QCOMPARE(node.fleet.snapshot(s.uniqueId)->activity.lastPacketAt, kNoTime);
    QCOMPARE(node.fleet.snapshot(s.uniqueId)->status, ConnectionStatus::Blocked);
}

void TestIngestServer::acknowledgementWaitsForCommit_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<bool>("udp");
    QTest::newRow("teltonika-tcp") << QStringLiteral("teltonika") << false;
    QTest::newRow("teltonika-udp") << QStringLiteral("teltonika") << true;
    QTest::newRow("osmand-http") << QStringLiteral("osmand") << false;
}

void TestIngestServer::acknowledgementWaitsForCommit()
{
    QFETCH(QString, protocol);
    QFETCH(bool, udp);
    TestNode node;
    node.sink.setAutoCommit(false);
    QVERIFY(node.start({ protocol }));
    const quint16 port = node.ports.value(protocol);
    const DeviceScript s = deviceScript(protocol, 1, node.clock.now());
    node.addDevice(s.uniqueId, protocol);

    QByteArray reply;
    if (udp) {
        QUdpSocket socket;
        QVERIFY(socket.bind(QHostAddress::LocalHost, 0));
        socket.writeDatagram(teltonikaDatagram(s.uniqueId, s.positions.first(), 0x0102),
                             QHostAddress::LocalHost, port);
        QTRY_COMPARE(node.server.pendingAcknowledgements(), quint64(1));
        QCoreApplication::processEvents();
        QVERIFY(!socket.hasPendingDatagrams());
        QCOMPARE(node.sink.pendingRows() > 0, true);
        node.sink.commitPending();
        QTRY_VERIFY(socket.hasPendingDatagrams());
        reply = socket.receiveDatagram().data();
        QCOMPARE(reply.size(), qsizetype(7));
        QCOMPARE(reply.mid(2, 2), QByteArray::fromHex("0102")); // packet id echoed
        QCOMPARE(quint8(reply.at(6)), quint8(1)); // one record accepted
    } else {
        auto client = connectTo(port);
        QVERIFY(client);
        push(*client, s.login);
        if (!s.login.isEmpty()) // a login answer promises nothing about data: not held
            QTRY_VERIFY(client->bytesAvailable() > 0);
        client->readAll();
        // Tickets wait for the commit too (the login's activity); the data reply is one more.
        const quint64 before = node.server.pendingAcknowledgements();
        push(*client, s.positions.first());
        QTRY_COMPARE(node.server.pendingAcknowledgements(), before + 1);
        QCoreApplication::processEvents();
        QCOMPARE(client->bytesAvailable(), qint64(0));
        QCOMPARE(node.server.stats().stored, quint64(0));
        node.sink.commitPending();
        QTRY_VERIFY(client->bytesAvailable() > 0);
        reply = client->readAll();
        if (protocol == u"teltonika")
            QCOMPARE(reply, QByteArray::fromHex("00000001"));
        else
            QVERIFY2(reply.startsWith("HTTP/1.1 200"), reply.constData());
    }
    QCOMPARE(node.server.pendingAcknowledgements(), quint64(0));
    QCOMPARE(node.server.stats().stored, quint64(1));
    QCOMPARE(node.storedFor(s.uniqueId), qsizetype(1));
}

void TestIngestServer::backPressurePausesWithoutLoss_data()
{
    protocolRows(false);
}

void TestIngestServer::backPressurePausesWithoutLoss()
{
    QFETCH(QString, protocol);
    constexpr qsizetype kCapacity = 6;
    TestNode node(kCapacity);
    node.sink.setAutoCommit(false);
    QVERIFY(node.start({ protocol }));
    const int count = 60;
    const DeviceScript s = deviceScript(protocol, count, node.clock.now());
    node.addDevice(s.uniqueId, protocol);
    auto client = connectTo(node.ports.value(protocol));
    QVERIFY(client);
    push(*client, s.all()); // everything at once: far more than the store takes

    int commits = 0;
    bool sawPaused = false;
    while (node.sink.positions().size() < count && commits < 200) {
        QTRY_VERIFY_WITH_TIMEOUT(!node.sink.hasRoom() || node.sink.positions().size() == count,
                                 kWaitMs);
        QVERIFY(node.sink.pendingRows() <= kCapacity + 2); // never beyond one frame over
        for (TcpSession *session : node.server.findChildren<TcpSession *>())
            sawPaused = sawPaused || session->isPaused();
        node.sink.commitPending();
        ++commits;
    }
    node.sink.commitPending();
    QCOMPARE(node.sink.positions().size(), qsizetype(count));
    QVERIFY2(sawPaused, "the session paused while the store was full");
    QVERIFY(commits > 3);
    QList<TimeMs> times;
    for (const Position &p : node.sink.positions())
        times.append(p.deviceTime);
    QList<TimeMs> expected;
    for (TimeMs t : s.times)
        expected.append(t);
    QCOMPARE(times, expected); // nothing lost, nothing twice, in order
    QCOMPARE(node.server.stats().undecoded, quint64(0));
    QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
}

FW_TEST_CLASS(TestIngestServer)
#include "tst_ingestserver.moc"
