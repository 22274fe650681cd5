#pragma once
// Helpers for the loopback ingest tests: free ports, an in-process node (IngestServer +
// FleetState + MemoryStoreSink on 127.0.0.1), device ids and frames built with the simulator's
// encoders, and a raw device connection that the test drives byte by byte.

#include "domain/DeviceModelCatalog.h"
#include "fleet/FleetState.h"
#include "ingest/IngestServer.h"
#include "ingest/MemoryStoreSink.h"
#include "ingest/RawLog.h"
#include "protocols/ProtocolRegistry.h"
#include "sim/DeviceFrameEncoder.h"
#include "sim/DeviceSimulator.h"
#include "util/Clock.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUdpSocket>

#include <memory>

namespace fw::test {

// A port free on 127.0.0.1 for TCP and UDP at once (IngestConfig treats port 0 as "the
// protocol's default port", so tests pick ephemeral ports themselves).
inline quint16 freeLoopbackPort()
{
    for (int attempt = 0; attempt < 100; ++attempt) {
        QTcpServer tcp;
        if (!tcp.listen(QHostAddress::LocalHost, 0))
            continue;
        const quint16 port = tcp.serverPort();
        QUdpSocket udp;
        if (udp.bind(QHostAddress::LocalHost, port))
            return port;
    }
    return 0;
}

// The id the simulator gives device `index` of `protocol` (IMEI or APRS callsign): ids that
// every encoder and decoder of that protocol agrees on.
inline QString simulatedId(const QString &protocol, int index = 0, quint64 seed = 7)
{
    SimulatorOptions o;
    o.protocols = { protocol };
    o.devicesPerProtocol = index + 1;
    o.seed = seed;
    const DeviceSimulator sim(o);
    return sim.devices().value(index).uniqueId;
}

inline Position samplePosition(const QString &uniqueId, TimeMs deviceTime, int k)
{
    Position p;
    p.uniqueId = uniqueId;
    p.deviceTime = deviceTime;
    p.serverTime = deviceTime;
    p.valid = true;
    p.latitude = 52.1 + 0.001 * k;
    p.longitude = 21.0 + 0.001 * k;
    p.altitude = 100;
    p.speedKph = 36;
    p.course = 90;
    p.satellites = 9;
    return p;
}

struct DeviceScript
{
    QString uniqueId;
    QByteArray login; // may be empty
    QList<QByteArray> positions;
    QList<TimeMs> times;

    QByteArray all() const
    {
        QByteArray out = login;
        for (const QByteArray &f : positions)
            out += f;
        return out;
    }
};

// Login plus `count` location frames, one second apart, ending a minute before `now`.
inline DeviceScript deviceScript(const QString &protocol, int count, TimeMs now, int index = 0)
{
    DeviceScript s;
    s.uniqueId = simulatedId(protocol, index);
    const auto encoder = makeDeviceFrameEncoder(protocol);
    if (!encoder)
        return s;
    s.login = encoder->login(s.uniqueId, 1);
    const TimeMs first = (now / 1000 * 1000) - kMinute - count * kSecond;
    for (int k = 0; k < count; ++k) {
        const TimeMs t = first + k * kSecond;
        s.positions.append(
            encoder->position(s.uniqueId, samplePosition(s.uniqueId, t, k), quint32(k + 2)));
        s.times.append(t);
    }
    return s;
}

// Teltonika over UDP: the datagram a device sends for one Codec 8 TCP packet.
inline QByteArray teltonikaDatagram(const QString &imei, const QByteArray &tcpPacket,
                                    quint16 packetId)
{
    const QByteArray id = imei.toLatin1();
    const QByteArray data = tcpPacket.mid(8, tcpPacket.size() - 12);
    QByteArray dg;
    const qsizetype length = 2 + 1 + 1 + 2 + id.size() + data.size();
    dg.append(char(length >> 8)).append(char(length));
    dg.append(char(packetId >> 8)).append(char(packetId));
    dg.append(char(0x01)).append(char(packetId & 0xff));
    dg.append(char(id.size() >> 8)).append(char(id.size()));
    dg.append(id).append(data);
    return dg;
}

// An ingest node in the test process with an in-memory store and a manual clock.
class TestNode
{
public:
    explicit TestNode(qsizetype sinkCapacity = 1 << 20)
        : clock(SystemClock().now())
        , sink(sinkCapacity)
        , fleet(&clock, &catalog, StatusSettings {})
        , server(&registry, &fleet, &rawLog, &sink, &clock)
    {
    }

    // Listens for each protocol on its own free loopback port. Returns false if any failed.
    bool start(const QStringList &protocols, IngestConfig config = {})
    {
        config.bind = QHostAddress::LocalHost;
        config.listeners.clear();
        for (const QString &p : protocols)
            config.listeners.append(ListenerConfig { p, freeLoopbackPort() });
        const int up = server.start(config);
        ports.clear();
        for (const ListenerState &l : server.listeners())
            ports.insert(l.protocol, l.port);
        return up == protocols.size();
    }

    void addDevice(const QString &uniqueId, const QString &protocol, bool blocked = false)
    {
        Device d;
        d.uniqueId = uniqueId;
        d.name = uniqueId;
        d.protocol = protocol;
        d.blocked = blocked;
        d.registeredAt = clock.now() - kHour;
        fleet.addOrUpdateDevice(d);
    }

    qsizetype storedFor(const QString &uniqueId) const
    {
        qsizetype n = 0;
        for (const Position &p : sink.positions())
            n += p.uniqueId == uniqueId ? 1 : 0;
        return n;
    }

    QList<RawFrame> frames(FrameOutcome outcome) const
    {
        RawLogFilter f;
        f.outcome = outcome;
        return rawLog.query(f, 100000);
    }

    ManualClock clock;
    ProtocolRegistry registry;
    DeviceModelCatalog catalog;
    RawLog rawLog;
    MemoryStoreSink sink;
    FleetState fleet;
    IngestServer server; // last: goes first
    QHash<QString, quint16> ports;
};

} // namespace fw::test
