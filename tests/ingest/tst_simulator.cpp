// Tests for the DeviceSimulator: determinism, behaviours, and end-to-end runs against a loopback server inside the test that decodes with the real
// decoders and replies with their bytes, so acknowledgements are counted against the truth.

#include "TestMain.h"
#include "domain/DeviceModelCatalog.h"
#include "protocols/ProtocolRegistry.h"
#include "sim/DeviceFrameEncoder.h"
#include "sim/DeviceSimulator.h"
#include "sim/SimulatedRoute.h"
#include "util/Clock.h"

#include <QHostAddress>
#include <QNetworkDatagram>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUdpSocket>
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

using namespace fw;

namespace {

struct Received
{
    QString protocol;
    QString uniqueId;
    Position position;
    TimeMs arrival = kNoTime;
    MessageType type = MessageType::Position;
    bool acked = false;
};

// One listener per protocol on 127.0.0.1:0 that decodes like the real server and replies
// at once. `withholdEvery` > 0: every Nth data frame gets no acknowledgement and the
// connection is closed (after the earlier replies are flushed), to exercise resending.
class LoopbackServer
{
public:
    explicit LoopbackServer(QObject *context)
        : m_context(context)
    {
    }

    bool listen(const QString &protocol, bool udp = false)
    {
        const ProtocolDecoder *decoder = m_registry.find(protocol);
        if (!decoder)
            return false;
        if (udp) {
            auto socket = std::make_unique<QUdpSocket>();
            if (!socket->bind(QHostAddress::LocalHost, 0))
                return false;
            QUdpSocket *s = socket.get();
            QObject::connect(s, &QUdpSocket::readyRead, m_context, [this, s, decoder, protocol] {
                while (s->hasPendingDatagrams()) {
                    const QNetworkDatagram dg = s->receiveDatagram();
                    DecodeContext ctx;
                    ctx.transport = Transport::Udp;
                    const QByteArray reply = handleFrame(protocol, decoder, dg.data(), ctx);
                    if (!reply.isEmpty())
                        s->writeDatagram(reply, dg.senderAddress(), quint16(dg.senderPort()));
                }
            });
            m_ports.insert(protocol, s->localPort());
            m_udp.push_back(std::move(socket));
            return true;
        }
        auto server = std::make_unique<QTcpServer>();
        if (!server->listen(QHostAddress::LocalHost, 0))
            return false;
        QTcpServer *srv = server.get();
        QObject::connect(srv, &QTcpServer::newConnection, m_context,
                         [this, srv, decoder, protocol] {
                             while (QTcpSocket *s = srv->nextPendingConnection())
                                 accept(s, protocol, decoder);
                         });
        m_ports.insert(protocol, srv->serverPort());
        m_servers.push_back(std::move(server));
        return true;
    }

    QHash<QString, quint16> ports() const { return m_ports; }

    int withholdEvery = 0;
    QList<Received> received;
    int ackedDataFrames = 0;
    int dataFrames = 0;
    int heartbeats = 0;
    int connections = 0;
    QStringList errors;

    QList<Received> positions(const QString &uniqueId = {}) const
    {
        QList<Received> out;
        for (const Received &r : received) {
            if (r.type != MessageType::Heartbeat && r.type != MessageType::Login
                && (uniqueId.isEmpty() || r.uniqueId == uniqueId))
                out.append(r);
        }
        return out;
    }

private:
    struct Conn
    {
        QByteArray buffer;
        DecodeContext ctx;
        bool closing = false;
    };

    void accept(QTcpSocket *s, const QString &protocol, const ProtocolDecoder *decoder)
    {
        ++connections;
        s->setParent(nullptr);
        auto *conn = new Conn;
        QObject::connect(s, &QTcpSocket::disconnected, s, [s, conn] {
            delete conn;
            s->deleteLater();
        });
        QObject::connect(s, &QTcpSocket::readyRead, m_context,
                         [this, s, conn, protocol, decoder] {
                             if (conn->closing) {
                                 s->readAll();
                                 return;
                             }
                             conn->buffer += s->readAll();
                             pumpConnection(s, *conn, protocol, decoder);
                         });
    }

    void pumpConnection(QTcpSocket *s, Conn &conn, const QString &protocol,
                        const ProtocolDecoder *decoder)
    {
        while (!conn.buffer.isEmpty() && !conn.closing) {
            const FrameCut cut = decoder->cutFrame(conn.buffer);
            if (cut.kind == FrameCut::NeedMore)
                return;
            if (cut.kind == FrameCut::Garbage)
                errors << protocol + QStringLiteral(": garbage ")
                        + QString::fromLatin1(conn.buffer.left(cut.length).toHex());
            if (cut.kind != FrameCut::Frame) {
                conn.buffer.remove(0, std::max<qsizetype>(1, cut.length));
                continue;
            }
            const QByteArray frame = conn.buffer.left(cut.length);
            conn.buffer.remove(0, cut.length);
            bool withheld = false;
            const QByteArray reply = handleFrame(protocol, decoder, frame, conn.ctx, &withheld);
            if (withheld) {
                conn.closing = true;
                s->disconnectFromHost(); // earlier replies are flushed first
                return;
            }
            if (!reply.isEmpty())
                s->write(reply);
            if (m_lastClose) {
                conn.closing = true;
                s->disconnectFromHost();
            }
        }
    }

    QByteArray handleFrame(const QString &protocol, const ProtocolDecoder *decoder,
                           const QByteArray &frame, DecodeContext &ctx, bool *withheld = nullptr)
    {
        const TimeMs now = QDateTime::currentMSecsSinceEpoch();
        ctx.now = now;
        DecodeResult out;
        decoder->decode(frame, ctx, out);
        m_lastClose = out.closeConnection;
        if (!out.ok()) {
            errors << protocol + QStringLiteral(": ") + out.error;
            return out.reply;
        }
        bool hasLocation = false;
        for (const DecodedMessage &m : out.messages)
            hasLocation = hasLocation || m.hasLocation;
        const bool dataFrame = out.replyAcknowledgesData && hasLocation;
        bool ack = dataFrame;
        if (dataFrame) {
            ++dataFrames;
            if (withholdEvery > 0 && withheld && dataFrames % withholdEvery == 0) {
                ack = false;
                *withheld = true;
            }
        }
        for (const DecodedMessage &m : out.messages) {
            Received r;
            r.protocol = protocol;
            r.uniqueId = m.position.uniqueId.isEmpty() ? ctx.uniqueId : m.position.uniqueId;
            r.position = m.position;
            r.arrival = now;
            r.type = m.type;
            r.acked = ack;
            if (m.type == MessageType::Heartbeat)
                ++heartbeats;
            if (m.hasLocation || m.type == MessageType::Heartbeat || m.type == MessageType::Login)
                received.append(r);
        }
        if (withheld && *withheld)
            return {};
        if (ack)
            ++ackedDataFrames;
        return out.reply;
    }

    QObject *m_context;
    ProtocolRegistry m_registry;
    std::vector<std::unique_ptr<QTcpServer>> m_servers;
    std::vector<std::unique_ptr<QUdpSocket>> m_udp;
    QHash<QString, quint16> m_ports;
    bool m_lastClose = false;
};

SimulatorOptions quietOptions(const QStringList &protocols, int devices, int quota)
{
    SimulatorOptions o;
    o.protocols = protocols;
    o.devicesPerProtocol = devices;
    o.positionsPerDevice = quota;
    o.reportIntervalMs = 60;
    o.routeStepMs = 20000; // time-lapse: the vehicles visibly move between reports
    o.heartbeatPercent = 0;
    o.gpsGapPercent = 0;
    o.bufferedPercent = 0;
    o.clockOffsetPercent = 0;
    o.reconnectPercent = 0;
    o.silentPercent = 0;
    o.lastGaspPercent = 0;
    o.reconnectDelayMs = 50;
    return o;
}

// Coordinate precision of each protocol's wire format, in degrees.
double tolerance(const QString &protocol)
{
    return protocol == u"aprs" ? 2e-4 : 2e-5;
}

bool sameFix(const Position &a, const Position &b, double tol)
{
    return std::fabs(a.latitude - b.latitude) <= tol
        && std::fabs(a.longitude - b.longitude) <= tol;
}

const QStringList kAckProtocols = { QStringLiteral("gt06"), QStringLiteral("teltonika"),
                                    QStringLiteral("osmand"), QStringLiteral("jt808") };

bool ackLess(const AckedPosition &a, const AckedPosition &b)
{
    return std::tie(a.uniqueId, a.deviceTime, a.latitude, a.longitude)
        < std::tie(b.uniqueId, b.deviceTime, b.latitude, b.longitude);
}

} // namespace

class TstSimulator : public QObject
{
    Q_OBJECT

private slots:
    void determinism();
    void behavioursPreview();

    void everyProtocolDecodes();
    void acknowledgementsCountedExactly();
    void resendsUnacknowledgedAfterReconnect();
    void teltonikaOverUdp();
    void behavioursOnTheWire();
    void deterministicOnTheWire();
    void burstMode();
    void rateMode();
    void connectErrorsCounted();
};

void TstSimulator::determinism()
{
    SimulatorOptions o;
    o.devicesPerProtocol = 20;
    o.seed = 1234;
    const DeviceSimulator a(o);
    const DeviceSimulator b(o);
    o.seed = 1235;
    const DeviceSimulator c(o);
    QCOMPARE(a.devices(), b.devices());
    QVERIFY(a.devices() != c.devices());
    const TimeMs t0 = utcTime(2026, 3, 1, 8, 0, 0);
    int differing = 0;
    for (int i = 0; i < a.devices().size(); ++i) {
        const QList<Position> pa = a.previewPositions(i, 50, t0);
        const QList<Position> pb = b.previewPositions(i, 50, t0);
        const QList<Position> pc = c.previewPositions(i, 50, t0);
        QCOMPARE(pa.size(), pb.size());
        for (int k = 0; k < pa.size(); ++k) {
            QCOMPARE(pa[k].latitude, pb[k].latitude);
            QCOMPARE(pa[k].longitude, pb[k].longitude);
            QCOMPARE(pa[k].deviceTime, pb[k].deviceTime);
            QCOMPARE(pa[k].valid, pb[k].valid);
            QCOMPARE(pa[k].attributes, pb[k].attributes);
        }
        if (pc.isEmpty() || pa.isEmpty() || !sameFix(pa.last(), pc.last(), 1e-9))
            ++differing;
    }
    QVERIFY(differing > a.devices().size() * 9 / 10);
}

void TstSimulator::behavioursPreview()
{
    const TimeMs t0 = utcTime(2026, 3, 1, 8, 0, 0);
    const int interval = 30000;
    const int ticks = 200;

    // Clock offset: whole hours, never zero.
    SimulatorOptions o = quietOptions({ QStringLiteral("gt06") }, 10, 0);
    o.reportIntervalMs = interval;
    o.clockOffsetPercent = 100;
    {
        const DeviceSimulator sim(o);
        for (int i = 0; i < 10; ++i) {
            const QList<Position> ps = sim.previewPositions(i, 20, t0);
            QCOMPARE(ps.size(), 20);
            const TimeMs offset = ps.first().deviceTime - ps.first().serverTime;
            QVERIFY(offset != 0);
            QCOMPARE(offset % kHour, 0);
            for (const Position &p : ps)
                QCOMPARE(p.deviceTime - p.serverTime, offset);
        }
    }
    // GPS gaps: runs of invalid fixes that repeat the last valid coordinates.
    o = quietOptions({ QStringLiteral("gt06") }, 10, 0);
    o.reportIntervalMs = interval;
    o.gpsGapPercent = 100;
    {
        const DeviceSimulator sim(o);
        for (int i = 0; i < 10; ++i) {
            const QList<Position> ps = sim.previewPositions(i, ticks, t0);
            int invalid = 0;
            for (int k = 1; k < ps.size(); ++k) {
                if (!ps[k].valid) {
                    ++invalid;
                    QCOMPARE(ps[k].latitude, ps[k - 1].latitude);
                    QCOMPARE(ps[k].longitude, ps[k - 1].longitude);
                    QCOMPARE(ps[k].speedKph, 0.0);
                }
            }
            QVERIFY(invalid > 5);
            QVERIFY(invalid < ticks / 2);
        }
    }
    // Buffered: runs of archived fixes, then a live one.
    o = quietOptions({ QStringLiteral("gt06") }, 10, 0);
    o.reportIntervalMs = interval;
    o.bufferedPercent = 100;
    {
        const DeviceSimulator sim(o);
        for (int i = 0; i < 10; ++i) {
            const QList<Position> ps = sim.previewPositions(i, ticks, t0);
            QCOMPARE(ps.size(), ticks); // nothing is lost, only delayed
            int runs = 0;
            for (int k = 1; k < ps.size(); ++k) {
                const bool was = ps[k - 1].attributes.value(attr::archive).toBool();
                const bool is = ps[k].attributes.value(attr::archive).toBool();
                if (was && !is)
                    ++runs;
            }
            QVERIFY(runs >= 3);
        }
    }
    // Silent with a last gasp: an alarm, then nothing for a long while, then back.
    o = quietOptions({ QStringLiteral("teltonika") }, 10, 0);
    o.reportIntervalMs = interval;
    o.lastGaspPercent = 100;
    {
        const DeviceSimulator sim(o);
        for (int i = 0; i < 10; ++i) {
            const QList<Position> ps = sim.previewPositions(i, ticks, t0);
            QVERIFY(ps.size() < ticks);
            int gasps = 0;
            for (int k = 0; k + 1 < ps.size(); ++k) {
                if (!ps[k].attributes.value(attr::lastGasp).toBool())
                    continue;
                ++gasps;
                const QString alarmValue = ps[k].attributes.value(attr::alarm).toString();
                QVERIFY(alarmValue == alarm::lowBattery || alarmValue == alarm::powerCut);
                QVERIFY(ps[k + 1].serverTime - ps[k].serverTime >= 20 * interval);
            }
            QVERIFY(gasps >= 1);
        }
    }
}

void TstSimulator::everyProtocolDecodes()
{
    LoopbackServer server(this);
    const QStringList protocols = simulatedProtocols();
    QCOMPARE(protocols.size(), 21);
    for (const QString &p : protocols)
        QVERIFY2(server.listen(p), qPrintable(p));
    const int devices = 3;
    const int quota = 4;
    SimulatorOptions o = quietOptions(protocols, devices, quota);
    o.ports = server.ports();
    o.reportIntervalMs = 100;
    DeviceSimulator sim(o);
    QSignalSpy finished(&sim, &DeviceSimulator::finished);
    sim.start();
    QVERIFY(finished.wait(20000));
    QTRY_COMPARE_WITH_TIMEOUT(server.positions().size(), int(protocols.size()) * devices * quota,
                              5000);
    QVERIFY2(server.errors.isEmpty(), qPrintable(server.errors.join(u'\n')));

    const QList<Device> list = sim.devices();
    const TimeMs t0 = 0;
    for (int i = 0; i < list.size(); ++i) {
        const Device &d = list[i];
        const QList<Received> got = server.positions(d.uniqueId);
        QVERIFY2(got.size() == quota, qPrintable(d.uniqueId + u' ' + d.protocol));
        const QList<Position> expected = sim.previewPositions(i, quota, t0);
        for (int k = 0; k < quota; ++k) {
            const Position &p = got[k].position;
            QCOMPARE(got[k].protocol, d.protocol);
            QVERIFY2(sameFix(p, expected[k], tolerance(d.protocol)),
                     qPrintable(QStringLiteral("%1 %2: %3,%4 vs %5,%6")
                                    .arg(d.protocol, d.uniqueId)
                                    .arg(p.latitude, 0, 'f', 6)
                                    .arg(p.longitude, 0, 'f', 6)
                                    .arg(expected[k].latitude, 0, 'f', 6)
                                    .arg(expected[k].longitude, 0, 'f', 6)));
            QVERIFY(p.valid);
            // Sent with the live clock: the claimed time is close to the arrival.
            const TimeMs skew = got[k].arrival - p.deviceTime;
            const TimeMs limit = d.protocol == u"aprs" ? 61000 : 2500;
            QVERIFY2(skew >= -1000 && skew <= limit,
                     qPrintable(d.protocol + QStringLiteral(" skew ") + QString::number(skew)));
        }
    }
    const SimulatorStats st = sim.stats();
    QCOMPARE(st.connectsOk, qint64(list.size()));
    QCOMPARE(st.connectErrors, 0);
    QCOMPARE(st.positionsSent, qint64(list.size() * quota));
    sim.stop();
    QCOMPARE(sim.stats().connected, 0);
}

void TstSimulator::acknowledgementsCountedExactly()
{
    LoopbackServer server(this);
    for (const QString &p : kAckProtocols)
        QVERIFY(server.listen(p));
    const int devices = 4;
    const int quota = 6;
    SimulatorOptions o = quietOptions(kAckProtocols, devices, quota);
    o.ports = server.ports();
    o.maxInFlight = 3;
    o.reportIntervalMs = 40;
    o.heartbeatPercent = 100; // heartbeats are acknowledged too, but carry no position
    DeviceSimulator sim(o);
    QSignalSpy finished(&sim, &DeviceSimulator::finished);
    sim.start();
    QVERIFY(finished.wait(20000));
    QVERIFY2(server.errors.isEmpty(), qPrintable(server.errors.join(u'\n')));
    const int total = int(kAckProtocols.size()) * devices * quota;
    const SimulatorStats st = sim.stats();
    QCOMPARE(server.ackedDataFrames, total);
    QCOMPARE(st.positionsAcknowledged, qint64(total));
    QCOMPARE(st.positionsSent, qint64(total));
    QCOMPARE(st.positionsRejected, 0);

    QList<AckedPosition> acked = sim.acknowledgedPositions();
    QList<AckedPosition> stored;
    for (const Received &r : server.positions()) {
        if (r.acked)
            stored.append(AckedPosition { r.uniqueId, r.position.deviceTime, r.position.latitude,
                                          r.position.longitude });
    }
    QCOMPARE(acked.size(), total);
    QCOMPARE(stored.size(), total);
    std::sort(acked.begin(), acked.end(), ackLess);
    std::sort(stored.begin(), stored.end(), ackLess);
    for (int k = 0; k < total; ++k) {
        QCOMPARE(acked[k].uniqueId, stored[k].uniqueId);
        QCOMPARE(acked[k].deviceTime, stored[k].deviceTime);
        QVERIFY(std::fabs(acked[k].latitude - stored[k].latitude) < 2e-5);
        QVERIFY(std::fabs(acked[k].longitude - stored[k].longitude) < 2e-5);
    }
    QCOMPARE(sim.takeAcknowledgedPositions().size(), total);
    QVERIFY(sim.acknowledgedPositions().isEmpty());
}

void TstSimulator::resendsUnacknowledgedAfterReconnect()
{
    LoopbackServer server(this);
    server.withholdEvery = 7;
    for (const QString &p : kAckProtocols)
        QVERIFY(server.listen(p));
    const int devices = 3;
    const int quota = 10;
    SimulatorOptions o = quietOptions(kAckProtocols, devices, quota);
    o.ports = server.ports();
    o.maxInFlight = 2;
    o.reportIntervalMs = 30;
    DeviceSimulator sim(o);
    QSignalSpy finished(&sim, &DeviceSimulator::finished);
    sim.start();
    QVERIFY(finished.wait(30000));
    QVERIFY2(server.errors.isEmpty(), qPrintable(server.errors.join(u'\n')));
    const int total = int(kAckProtocols.size()) * devices * quota;
    const SimulatorStats st = sim.stats();
    QCOMPARE(st.positionsAcknowledged, qint64(total));
    QCOMPARE(server.ackedDataFrames, total);
    QVERIFY(st.disconnects > 0);
    QVERIFY(st.connectsOk > qint64(kAckProtocols.size()) * devices);
    QVERIFY(st.positionsSent > total); // resent
    QVERIFY(server.dataFrames > total);

    // Every generated fix acknowledged exactly once, none lost: the acknowledged fixes are
    // exactly the generated ones (a parked vehicle may repeat a fix within one second).
    using Key = std::tuple<QString, double, double>;
    QList<Key> acked;
    for (const AckedPosition &a : sim.acknowledgedPositions())
        acked.append(Key { a.uniqueId, a.latitude, a.longitude });
    QList<Key> generated;
    const QList<Device> list = sim.devices();
    for (int i = 0; i < list.size(); ++i) {
        for (const Position &e : sim.previewPositions(i, quota, 0))
            generated.append(Key { list[i].uniqueId, e.latitude, e.longitude });
    }
    std::sort(acked.begin(), acked.end());
    std::sort(generated.begin(), generated.end());
    QVERIFY(acked == generated);
}

void TstSimulator::teltonikaOverUdp()
{
    LoopbackServer server(this);
    QVERIFY(server.listen(QStringLiteral("teltonika"), true));
    SimulatorOptions o = quietOptions({ QStringLiteral("teltonika") }, 3, 5);
    o.teltonikaUdp = true;
    o.ports = server.ports();
    DeviceSimulator sim(o);
    QSignalSpy finished(&sim, &DeviceSimulator::finished);
    sim.start();
    QVERIFY(finished.wait(10000));
    QVERIFY2(server.errors.isEmpty(), qPrintable(server.errors.join(u'\n')));
    QCOMPARE(sim.stats().positionsAcknowledged, 15);
    QCOMPARE(server.ackedDataFrames, 15);
    const QList<Device> list = sim.devices();
    for (int i = 0; i < list.size(); ++i) {
        const QList<Received> got = server.positions(list[i].uniqueId);
        const QList<Position> expected = sim.previewPositions(i, 5, 0);
        QCOMPARE(got.size(), 5);
        for (int k = 0; k < 5; ++k)
            QVERIFY(sameFix(got[k].position, expected[k], 1e-6));
    }
}

void TstSimulator::behavioursOnTheWire()
{
    LoopbackServer server(this);
    QVERIFY(server.listen(QStringLiteral("gt06")));
    const int quota = 24;
    SimulatorOptions o = quietOptions({ QStringLiteral("gt06") }, 4, quota);
    o.ports = server.ports();
    o.reportIntervalMs = 200;
    o.clockOffsetPercent = 100;
    o.gpsGapPercent = 100;
    o.bufferedPercent = 100;
    o.heartbeatPercent = 100;
    DeviceSimulator sim(o);
    QSignalSpy finished(&sim, &DeviceSimulator::finished);
    sim.start();
    QVERIFY(finished.wait(30000));
    QVERIFY2(server.errors.isEmpty(), qPrintable(server.errors.join(u'\n')));
    QVERIFY(server.heartbeats > 0);
    int invalid = 0;
    TimeMs oldest = 0;
    for (const Device &d : sim.devices()) {
        const QList<Received> got = server.positions(d.uniqueId);
        QVERIFY(got.size() >= quota);
        // The claimed times are off by whole hours; undo that with the first live fix.
        const TimeMs offset = std::llround(double(got.first().position.deviceTime
                                                  - got.first().arrival) / kHour) * kHour;
        QVERIFY(offset != 0);
        for (const Received &r : got) {
            const TimeMs age = r.arrival - (r.position.deviceTime - offset);
            QVERIFY2(age > -1000 && age < 10000, qPrintable(QString::number(age)));
            oldest = std::max(oldest, age);
            if (!r.position.valid)
                ++invalid;
        }
    }
    QVERIFY(invalid > 0);
    QVERIFY2(oldest >= 1200, qPrintable(QString::number(oldest))); // buffered fixes arrive late
    QVERIFY(sim.stats().disconnects > 0); // coverage lost and regained
}

void TstSimulator::deterministicOnTheWire()
{
    const QStringList protocols = { QStringLiteral("gt06"), QStringLiteral("h02") };
    const TimeMs t0 = utcTime(2026, 5, 4, 10, 0, 0);
    QList<QList<Received>> runs;
    for (int run = 0; run < 2; ++run) {
        LoopbackServer server(this);
        for (const QString &p : protocols)
            QVERIFY(server.listen(p));
        ManualClock clock(t0);
        SimulatorOptions o = quietOptions(protocols, 3, 8);
        o.ports = server.ports();
        o.seed = 99;
        o.gpsGapPercent = 50;
        DeviceSimulator sim(o, &clock);
        QSignalSpy finished(&sim, &DeviceSimulator::finished);
        sim.start();
        QVERIFY(finished.wait(10000));
        QTRY_COMPARE(server.positions().size(), 2 * 3 * 8);
        QList<Received> got = server.positions();
        std::stable_sort(got.begin(), got.end(), [](const Received &a, const Received &b) {
            return a.uniqueId < b.uniqueId;
        });
        runs.append(got);
    }
    QCOMPARE(runs[0].size(), runs[1].size());
    for (int k = 0; k < runs[0].size(); ++k) {
        const Position &a = runs[0][k].position;
        const Position &b = runs[1][k].position;
        QCOMPARE(runs[0][k].uniqueId, runs[1][k].uniqueId);
        QCOMPARE(a.deviceTime, b.deviceTime);
        QCOMPARE(a.latitude, b.latitude);
        QCOMPARE(a.longitude, b.longitude);
        QCOMPARE(a.valid, b.valid);
    }
}

void TstSimulator::burstMode()
{
    LoopbackServer server(this);
    const QStringList protocols = { QStringLiteral("gt06"), QStringLiteral("teltonika"),
                                    QStringLiteral("osmand"), QStringLiteral("h02") };
    for (const QString &p : protocols)
        QVERIFY(server.listen(p));
    const int devices = 5;
    const int quota = 200;
    SimulatorOptions o = quietOptions(protocols, devices, quota);
    o.ports = server.ports();
    o.mode = SimulatorMode::Burst;
    o.maxInFlight = 4;
    o.reconnectPercent = 100; // connection behaviours are off in burst mode
    o.silentPercent = 100;
    DeviceSimulator sim(o);
    QSignalSpy finished(&sim, &DeviceSimulator::finished);
    sim.start();
    QVERIFY(finished.wait(30000));
    QTRY_COMPARE(server.positions().size(), int(protocols.size()) * devices * quota);
    QVERIFY2(server.errors.isEmpty(), qPrintable(server.errors.join(u'\n')));
    const SimulatorStats st = sim.stats();
    QCOMPARE(st.positionsAcknowledged, 3 * devices * quota);
    QCOMPARE(st.positionsSent, int(protocols.size()) * devices * quota);
    QCOMPARE(st.disconnects, 0);
    // Synthetic times: one interval apart per device, ending about now.
    const QList<Received> got = server.positions(sim.devices().first().uniqueId);
    QCOMPARE(got.size(), quota);
    QCOMPARE(got[1].position.deviceTime - got[0].position.deviceTime, TimeMs(o.routeStepMs));
    QVERIFY(std::llabs(got.last().position.deviceTime - got.last().arrival) < 60000);
}

void TstSimulator::rateMode()
{
    LoopbackServer server(this);
    QVERIFY(server.listen(QStringLiteral("gt06")));
    SimulatorOptions o = quietOptions({ QStringLiteral("gt06") }, 20, 0);
    o.ports = server.ports();
    o.mode = SimulatorMode::Rate;
    o.positionsPerSecond = 200;
    DeviceSimulator sim(o);
    sim.start();
    QTest::qWait(2000);
    sim.stop();
    const qint64 sent = sim.stats().positionsSent;
    QVERIFY2(sent >= 200 && sent <= 500, qPrintable(QString::number(sent)));
    QVERIFY(!sim.isRunning());
}

void TstSimulator::connectErrorsCounted()
{
    // A port nobody listens on: take a free one and close it again.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    SimulatorOptions o = quietOptions({ QStringLiteral("gt06") }, 2, 0);
    o.ports.insert(QStringLiteral("gt06"), port);
    DeviceSimulator sim(o);
    sim.start();
    QTRY_VERIFY_WITH_TIMEOUT(sim.stats().connectErrors >= 4, 5000);
    QCOMPARE(sim.stats().connectsOk, 0);
    sim.stop();
}

FW_TEST_CLASS(TstSimulator)
#include "tst_simulator.moc"
