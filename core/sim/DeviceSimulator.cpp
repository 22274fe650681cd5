#include "DeviceSimulator.h"

#include "SimulatedRoute.h"
#include "domain/DeviceModelCatalog.h"
#include "sim/DeviceFrameEncoder.h"
#include "util/Clock.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QHostInfo>
#include <QLoggingCategory>
#include <QMutex>
#include <QNetworkDatagram>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>
#include <QUdpSocket>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <queue>
#include <vector>

Q_LOGGING_CATEGORY(lcSim, "fleetwatch.sim", QtInfoMsg)

namespace fw {

namespace {

// SplitMix64: eight bytes of state per device and the same sequence everywhere.
struct Rng
{
    quint64 s = 0;

    quint64 next()
    {
        quint64 z = (s += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    int range(int lo, int hi) // inclusive
    {
        return lo + static_cast<int>(next() % static_cast<quint64>(hi - lo + 1));
    }
    bool chance(int percent) { return percent > 0 && range(0, 99) < percent; }
};

quint64 mix(quint64 a, quint64 b)
{
    Rng r { a * 0x100000001b3ULL ^ b };
    return r.next();
}

// Fixed per-protocol facts: table index (stable part of the ids), vehicle kind, top speed.
struct ProtocolTraits
{
    const char16_t *name;
    const char16_t *kind;
    const char16_t *tag;
    double maxSpeedKph;
};
constexpr ProtocolTraits kTraits[] = {
    { u"osmand", u"Phone", u"OSM", 60 }, { u"gt06", u"Van", u"GT", 100 },
    { u"teltonika", u"Truck", u"TEL", 90 }, { u"h02", u"Car", u"H02", 120 },
    { u"gps103", u"Car", u"TK", 110 }, { u"watch", u"Watch", u"WCH", 6 },
    { u"jt808", u"Bus", u"JT", 60 }, { u"nmea", u"Boat", u"NMEA", 30 },
    { u"aprs", u"Rover", u"APRS", 50 },
};

int traitsIndex(QStringView protocol)
{
    for (int i = 0; i < int(std::size(kTraits)); ++i) {
        if (protocol == QStringView(kTraits[i].name))
            return i;
    }
    return -1;
}

struct AreaInfo
{
    const char *name;
    double lat;
    double lon;
    const char *dialCode;
};
constexpr AreaInfo kAreas[] = {
    { "London", 51.5074, -0.1278, "44" }, { "Paris", 48.8566, 2.3522, "33" },
    { "Berlin", 52.5200, 13.4050, "49" }, { "Madrid", 40.4168, -3.7038, "34" },
    { "Rome", 41.9028, 12.4964, "39" }, { "Warsaw", 52.2297, 21.0122, "48" },
    { "Stockholm", 59.3293, 18.0686, "46" }, { "Istanbul", 41.0082, 28.9784, "90" },
    { "Dubai", 25.2048, 55.2708, "971" }, { "Mumbai", 19.0760, 72.8777, "91" },
    { "Bangkok", 13.7563, 100.5018, "66" }, { "Singapore", 1.3521, 103.8198, "65" },
    { "Shanghai", 31.2304, 121.4737, "86" }, { "Seoul", 37.5665, 126.9780, "82" },
    { "Tokyo", 35.6762, 139.6503, "81" },
};

const char *const kCarriers[] = { "Vodafone", "Orange", "T-Mobile", "Telefonica", "TIM",
                                  "Turkcell", "Airtel", "AIS", "Singtel", "China Mobile",
                                  "SK Telecom", "NTT Docomo", "1NCE" };

const QString *const kGaspAlarms[] = { &alarm::lowBattery, &alarm::powerCut };
constexpr int kOffsets[] = { 1, 2, 3, 5, 8, -1, -3, -5 };

enum class AckModel : quint8 { None, Gt06, Jt808, Teltonika, TeltonikaUdp, OsmAnd };

// One fix as the device recorded it (compact: no strings, no attributes).
struct Fix
{
    TimeMs deviceTime = kNoTime; // as claimed (clock offset)
    TimeMs trueTime = kNoTime;
    double lat = 0.0;
    double lon = 0.0;
    double speed = 0.0;
    double course = 0.0;
    float altitude = 0.0f;
    quint8 satellites = 0;
    bool valid = false;
    bool archive = false; // recorded while it could not send
    bool moving = false;
    bool lastGasp = false;
    qint8 alarm = -1; // index into kGaspAlarms
};

struct Behaviour
{
    bool heartbeat = false;
    bool gaps = false;
    bool buffered = false;
    bool reconnects = false;
    bool silent = false;
    bool lastGasp = false;
    int offsetHours = 0;
};

enum class NetAction : quint8 { None, GoDown, ComeUp, Bounce };

struct TickResult
{
    bool hasFix = false;
    bool heartbeat = false;
    NetAction net = NetAction::None;
    Fix fix;
};

// What a device does tick by tick: pure and deterministic (copied for previews).
struct Script
{
    Behaviour b;
    SimulatedRoute route;
    Rng rng;
    float altitude = 0.0f;
    double lastLat = 0.0;
    double lastLon = 0.0;
    bool hasLast = false;
    int gapLeft = 0;
    int gapIn = 0;
    int noCoverLeft = 0;
    int coverIn = 0;
    int silentLeft = 0;
    int silentIn = 0;
    int bounceIn = 0;

    TickResult tick(TimeMs now, int intervalMs)
    {
        TickResult r;
        const RoutePoint rp = route.step(intervalMs / 1000.0);
        if (silentLeft > 0) {
            if (--silentLeft > 0)
                return r; // switched off
            r.net = NetAction::ComeUp;
        }
        Fix &f = r.fix;
        f.trueTime = now;
        f.deviceTime = now / 1000 * 1000 + b.offsetHours * kHour;
        f.lat = rp.coordinate.latitude();
        f.lon = rp.coordinate.longitude();
        f.speed = std::round(rp.speedKph * 10.0) / 10.0;
        f.course = std::round(rp.course);
        f.moving = rp.moving;
        f.altitude = altitude;
        f.valid = true;
        f.satellites = static_cast<quint8>(rng.range(5, 12));
        bool invalid = false;
        if (b.gaps) {
            if (gapLeft > 0) {
                --gapLeft;
                invalid = true;
            } else if (--gapIn <= 0) {
                gapLeft = rng.range(1, 4);
                gapIn = rng.range(8, 20);
                invalid = true;
            }
        }
        if (invalid) {
            f.valid = false;
            f.satellites = 0;
            f.speed = 0.0;
            if (hasLast) {
                f.lat = lastLat;
                f.lon = lastLon;
            }
        } else {
            lastLat = f.lat;
            lastLon = f.lon;
            hasLast = true;
        }
        r.hasFix = true;
        r.heartbeat = b.heartbeat;
        if (noCoverLeft > 0) {
            r.heartbeat = false;
            if (--noCoverLeft == 0)
                r.net = NetAction::ComeUp;
            else
                f.archive = true;
            return r;
        }
        if (r.net == NetAction::ComeUp)
            return r;
        if (b.buffered && --coverIn <= 0) {
            coverIn = rng.range(10, 25);
            noCoverLeft = rng.range(3, 8);
            f.archive = true;
            r.heartbeat = false;
            r.net = NetAction::GoDown;
            return r;
        }
        if (b.silent && --silentIn <= 0) {
            silentIn = rng.range(15, 40);
            silentLeft = rng.range(20, 60);
            r.heartbeat = false;
            r.net = NetAction::GoDown;
            if (b.lastGasp) {
                f.alarm = static_cast<qint8>(rng.range(0, 1));
                f.lastGasp = true;
            }
            return r;
        }
        if (b.reconnects && --bounceIn <= 0) {
            bounceIn = rng.range(6, 15);
            r.net = NetAction::Bounce;
        }
        return r;
    }
};

struct InFlight
{
    quint32 tag = 0; // what the reply names (type + serial, packet id, ...)
    qint64 sentAt = 0;
    bool hasFix = false;
    Fix fix;
};

enum class Conn : quint8 { Idle, Connecting, Connected, Closing };

struct SimDevice
{
    int protocol = 0; // index into Private::protocols
    Script script;
    QAbstractSocket *socket = nullptr;
    QByteArray rx;
    QList<Fix> outbox;
    QList<InFlight> inflight;
    QList<Fix> unacked; // the server skipped them: resent after the next reconnect
    double nextDue = 0.0;
    int generated = 0;
    quint16 serial = 0;
    quint16 packetId = 0;
    int lastFrameSize = 64;
    Conn conn = Conn::Idle;
    bool down = false; // off or without coverage: no connecting
    bool connectQueued = false;
    bool done = false;
};

struct ProtocolRt
{
    QString name;
    std::unique_ptr<DeviceFrameEncoder> encoder;
    AckModel ack = AckModel::None;
    quint16 port = 0;
};

enum class Ev : quint8 { Tick, Heartbeat, Connect, ForceClose };

struct Event
{
    qint64 due;
    int device;
    Ev kind;
    bool operator>(const Event &o) const
    {
        return due != o.due ? due > o.due : device > o.device;
    }
};

quint16 be16(const QByteArray &b, qsizetype at)
{
    return static_cast<quint16>((quint8(b[at]) << 8) | quint8(b[at + 1]));
}

Position toPosition(const QString &uniqueId, const QString &protocol, const Fix &f)
{
    Position p;
    p.uniqueId = uniqueId;
    p.protocol = protocol;
    p.deviceTime = f.deviceTime;
    p.serverTime = f.trueTime;
    p.valid = f.valid;
    p.latitude = f.lat;
    p.longitude = f.lon;
    p.altitude = f.altitude;
    p.speedKph = f.speed;
    p.course = f.course;
    p.satellites = f.satellites;
    p.attributes.set(attr::ignition, f.moving || f.speed > 0);
    if (f.archive)
        p.attributes.set(attr::archive, true);
    if (f.alarm >= 0)
        p.attributes.set(attr::alarm, *kGaspAlarms[f.alarm]);
    if (f.lastGasp)
        p.attributes.set(attr::lastGasp, true);
    return p;
}

} // namespace

struct DeviceSimulator::Private
{
    DeviceSimulator *q = nullptr;
    Options options;
    Clock *clock = nullptr;
    std::unique_ptr<Clock> ownClock;
    std::vector<ProtocolRt> protocols;
    QList<Device> deviceList;
    std::vector<Script> initialScripts;
    std::vector<SimDevice> devs;
    int intervalMs = 30000;
    int stepMs = 30000; // route time per report

    std::priority_queue<Event, std::vector<Event>, std::greater<>> queue;
    QTimer *timer = nullptr; // children of q: they follow moveToThread
    QTimer *sweep = nullptr;
    QElapsedTimer elapsed;
    qint64 armedFor = -1;
    QHostAddress address;
    TimeMs burstStart = 0;
    int doneCount = 0;
    bool running = false;
    bool finishedEmitted = false;

    std::atomic<qint64> framesSent { 0 };
    std::atomic<qint64> positionsSent { 0 };
    std::atomic<qint64> positionsAcked { 0 };
    std::atomic<qint64> positionsRejected { 0 };
    std::atomic<qint64> connectsOk { 0 };
    std::atomic<qint64> connectErrors { 0 };
    std::atomic<qint64> disconnects { 0 };
    std::atomic<qint64> connectedNow { 0 };
    std::atomic<bool> runningFlag { false };
    mutable QMutex ackMutex;
    QList<AckedPosition> acks;

    void build();
    const QString &uid(int i) const { return deviceList.at(i).uniqueId; }
    bool burst() const { return options.mode == SimulatorMode::Burst; }
    int quota() const { return std::max(0, options.positionsPerDevice); }

    void schedule(qint64 due, int device, Ev kind);
    void rearm();
    void onTimer();
    void onSweep();
    void beginDevices();

    void onTick(int i);
    void onHeartbeat(int i);
    void connectDevice(int i);
    void queueConnect(int i, qint64 delayMs);
    void onConnected(int i);
    void onDown(int i);
    void goDown(int i);
    void closeGracefully(int i);
    void onReadyRead(int i);
    void pump(int i);
    void enqueue(int i, const Fix &f);
    bool sendFix(int i, const Fix &f);
    void sendFrame(int i, const QByteArray &frame, quint32 tag, bool expectsReply,
                   const Fix *fix);
    quint32 tagFor(int i, const QByteArray &frame, quint16 jt808Type) const;
    void acknowledge(int i, const InFlight &f, bool positive);
    void ackByTag(int i, quint32 tag, bool positive);
    void parseGt06(int i);
    void parseJt808(int i);
    void parseTeltonika(int i);
    void parseOsmAnd(int i);
    void checkDone(int i);
    void afterReplies(int i);
};

void DeviceSimulator::Private::build()
{
    QStringList names = options.protocols.isEmpty() ? simulatedProtocols() : options.protocols;
    if (options.areas.isEmpty())
        options.areas = DeviceSimulator::defaultAreas();
    const DeviceModelCatalog catalog;
    static const QRegularExpression digitsOnly(QStringLiteral("^[0-9]{1,4}$"));
    static const QRegularExpression lettersOnly(QStringLiteral("^[A-Z]{1,2}$"));
    const QString imeiPrefix = digitsOnly.match(options.imeiPrefix).hasMatch()
        ? options.imeiPrefix
        : QStringLiteral("86");
    const QString callPrefix = lettersOnly.match(options.callsignPrefix.toUpper()).hasMatch()
        ? options.callsignPrefix.toUpper()
        : QStringLiteral("FW");
    const int perProtocol = std::max(0, options.devicesPerProtocol);
    if (options.mode == SimulatorMode::Rate && options.positionsPerSecond > 0) {
        const double total = double(perProtocol) * double(names.size());
        intervalMs = std::max(1, int(std::lround(1000.0 * total / options.positionsPerSecond)));
    } else {
        intervalMs = std::max(1, options.reportIntervalMs);
    }
    stepMs = options.routeStepMs > 0 ? options.routeStepMs : intervalMs;

    for (const QString &name : names) {
        const int ti = traitsIndex(name);
        ProtocolRt rt;
        rt.name = name;
        rt.encoder = makeDeviceFrameEncoder(name);
        if (ti < 0 || !rt.encoder) {
            qCWarning(lcSim) << "no simulated device speaks" << name;
            continue;
        }
        if (name == u"gt06")
            rt.ack = AckModel::Gt06;
        else if (name == u"jt808")
            rt.ack = AckModel::Jt808;
        else if (name == u"teltonika")
            rt.ack = options.teltonikaUdp ? AckModel::TeltonikaUdp : AckModel::Teltonika;
        else if (name == u"osmand")
            rt.ack = AckModel::OsmAnd;
        rt.port = options.ports.value(name, defaultPortForProtocol(name));
        QString modelName;
        for (const DeviceModel &m : catalog.models()) {
            if (m.protocol == name && m.connectSmsTemplate.isEmpty()) {
                modelName = m.name;
                break;
            }
        }
        const int protocolIndex = int(protocols.size());
        protocols.push_back(std::move(rt));

        const ProtocolTraits &t = kTraits[ti];
        const quint64 protoSeed = mix(options.seed, quint64(ti) + 1);
        const int serialBase = int(protoSeed % 900000);
        const int callBase = int(protoSeed % 1000);
        for (int k = 0; k < perProtocol; ++k) {
            Rng rng { mix(protoSeed, quint64(k) + 7) };
            Device dev;
            if (name == u"aprs") {
                const int n = callBase + k;
                int rest = n / 9;
                QString letters;
                const int count = rest < 676 ? 2 : 3;
                if (count == 3)
                    rest -= 676;
                for (int c = 0; c < count; ++c) {
                    letters.prepend(QChar(u'A' + rest % 26));
                    rest /= 26;
                }
                dev.uniqueId = QStringLiteral("%1%2%3-9").arg(callPrefix).arg(1 + n % 9).arg(
                    letters);
            } else {
                const int seedDigits = 14 - int(imeiPrefix.size()) - 2 - 6;
                int seedPart = int(protoSeed / 7 % 10000);
                for (int c = seedDigits; c < 4; ++c)
                    seedPart /= 10;
                const QString digits14 = imeiPrefix
                    + QStringLiteral("%1").arg(10 + ti, 2, 10, QLatin1Char('0'))
                    + QStringLiteral("%1").arg(seedPart, seedDigits, 10, QLatin1Char('0'))
                    + QStringLiteral("%1").arg((serialBase + k) % 1000000, 6, 10,
                                               QLatin1Char('0'));
                dev.uniqueId = DeviceSimulator::withLuhnDigit(digits14);
            }
            const int areaIndex = rng.range(0, int(options.areas.size()) - 1);
            const SimulatorArea &area = options.areas.at(areaIndex);
            dev.name = QStringLiteral("%1 %2-%3")
                           .arg(QStringView(t.kind), QStringView(t.tag))
                           .arg(k + 1, 3, 10, QLatin1Char('0'));
            dev.model = modelName;
            dev.protocol = name;
            QString dial = QStringLiteral("44");
            for (const AreaInfo &a : kAreas) {
                if (area.name == QLatin1String(a.name))
                    dial = QLatin1String(a.dialCode);
            }
            dev.phone = QStringLiteral("+%1%2").arg(dial).arg(
                700000000 + rng.range(0, 99999999));
            const int carrier = rng.range(0, int(std::size(kCarriers)) - 1);
            dev.carrier = QString::fromLatin1(kCarriers[carrier]);
            dev.group = area.name;
            deviceList.append(dev);

            Script s;
            const double dist = area.radiusKm * 1000.0 * std::sqrt(rng.uniform()) * 0.7;
            const QGeoCoordinate start
                = area.centre.atDistanceAndAzimuth(dist, rng.uniform() * 360.0);
            s.route = SimulatedRoute(start, area.centre, area.radiusKm, rng.next(),
                                     t.maxSpeedKph * (0.8 + 0.2 * rng.uniform()));
            s.altitude = float(20 + rng.range(0, 300));
            const bool full = !burst();
            s.b.heartbeat = full && rng.chance(options.heartbeatPercent);
            s.b.gaps = rng.chance(options.gpsGapPercent);
            s.b.buffered = full && rng.chance(options.bufferedPercent);
            if (rng.chance(options.clockOffsetPercent))
                s.b.offsetHours = kOffsets[rng.range(0, int(std::size(kOffsets)) - 1)];
            s.b.reconnects = full && rng.chance(options.reconnectPercent);
            s.b.lastGasp = full && rng.chance(options.lastGaspPercent);
            s.b.silent = s.b.lastGasp || (full && rng.chance(options.silentPercent));
            s.gapIn = rng.range(3, 20);
            s.coverIn = rng.range(4, 25);
            s.silentIn = rng.range(5, 30);
            s.bounceIn = rng.range(3, 15);
            s.rng = Rng { rng.next() };
            initialScripts.push_back(s);
            SimDevice sd;
            sd.protocol = protocolIndex;
            devs.push_back(sd);
        }
    }
}

// ---- scheduling -------------------------------------------------------------------------

void DeviceSimulator::Private::schedule(qint64 due, int device, Ev kind)
{
    queue.push(Event { due, device, kind });
    if (armedFor < 0 || due < armedFor)
        rearm();
}

void DeviceSimulator::Private::rearm()
{
    if (!running || queue.empty()) {
        timer->stop();
        armedFor = -1;
        return;
    }
    armedFor = queue.top().due;
    timer->start(int(std::clamp<qint64>(armedFor - elapsed.elapsed(), 0, 60000)));
}

void DeviceSimulator::Private::onTimer()
{
    armedFor = -1;
    const qint64 now = elapsed.elapsed();
    int budget = 4000; // then let the event loop read replies
    while (running && !queue.empty() && queue.top().due <= now && budget-- > 0) {
        const Event ev = queue.top();
        queue.pop();
        switch (ev.kind) {
        case Ev::Tick:
            onTick(ev.device);
            break;
        case Ev::Heartbeat:
            onHeartbeat(ev.device);
            break;
        case Ev::Connect:
            devs[ev.device].connectQueued = false;
            connectDevice(ev.device);
            break;
        case Ev::ForceClose:
            if (devs[ev.device].conn == Conn::Closing && devs[ev.device].socket)
                devs[ev.device].socket->abort();
            break;
        }
    }
    rearm();
}

void DeviceSimulator::Private::onSweep()
{
    const qint64 now = elapsed.elapsed();
    for (int i = 0; i < int(devs.size()); ++i) {
        SimDevice &dev = devs[i];
        if (dev.conn != Conn::Connected || dev.inflight.isEmpty()
            || now - dev.inflight.first().sentAt < options.ackTimeoutMs)
            continue;
        qCDebug(lcSim) << uid(i) << "no acknowledgement in time: reconnecting";
        if (protocols[dev.protocol].ack == AckModel::TeltonikaUdp) {
            QList<Fix> again;
            for (const InFlight &f : std::as_const(dev.inflight)) {
                if (f.hasFix)
                    again.append(f.fix);
            }
            dev.inflight.clear();
            dev.outbox = again + dev.outbox;
            pump(i);
        } else {
            dev.socket->abort();
        }
    }
}

void DeviceSimulator::Private::beginDevices()
{
    const int n = int(devs.size());
    burstStart = clock->now() / 1000 * 1000 - qint64(quota()) * stepMs;
    for (int i = 0; i < n; ++i) {
        SimDevice &dev = devs[i];
        const int protocol = dev.protocol;
        dev = SimDevice();
        dev.protocol = protocol;
        dev.script = initialScripts[i];
        if (burst()) {
            // Ramp the connections up over at most a second.
            schedule(qint64(i) * std::min(1000, n) / std::max(1, n), i, Ev::Connect);
            dev.connectQueued = true;
        } else {
            Rng phase { mix(options.seed, quint64(i) + 99) };
            dev.nextDue = phase.uniform() * std::min(intervalMs, 5000);
            schedule(qint64(dev.nextDue), i, Ev::Tick);
        }
    }
    if (n == 0 && quota() > 0) {
        finishedEmitted = true;
        emit q->finished();
    }
}

// ---- device behaviour -------------------------------------------------------------------

void DeviceSimulator::Private::onTick(int i)
{
    SimDevice &dev = devs[i];
    if (quota() > 0 && dev.generated >= quota()) {
        if (dev.down) { // the run is over: bring in what it stored while off or out of reach
            dev.down = false;
            connectDevice(i);
        }
        return;
    }
    const TickResult r = dev.script.tick(clock->now(), stepMs);
    dev.nextDue += intervalMs;
    schedule(qint64(dev.nextDue), i, Ev::Tick);
    if (r.hasFix)
        ++dev.generated;
    if (r.heartbeat)
        schedule(elapsed.elapsed() + intervalMs / 2, i, Ev::Heartbeat);

    switch (r.net) {
    case NetAction::GoDown:
        if (r.fix.lastGasp) {
            enqueue(i, r.fix);
            dev.down = true;
            closeGracefully(i);
        } else {
            goDown(i);
            enqueue(i, r.fix);
        }
        break;
    case NetAction::ComeUp:
        dev.down = false;
        if (r.hasFix)
            enqueue(i, r.fix);
        connectDevice(i);
        break;
    case NetAction::Bounce:
        enqueue(i, r.fix);
        if (dev.conn == Conn::Connected) {
            qCDebug(lcSim) << uid(i) << "drops its connection";
            dev.socket->abort(); // reconnects after the delay; unacknowledged fixes resent
        }
        break;
    case NetAction::None:
        if (r.hasFix)
            enqueue(i, r.fix);
        break;
    }
    checkDone(i);
}

void DeviceSimulator::Private::onHeartbeat(int i)
{
    SimDevice &dev = devs[i];
    const ProtocolRt &rt = protocols[dev.protocol];
    if (dev.conn != Conn::Connected || !dev.outbox.isEmpty()
        || dev.inflight.size() >= options.maxInFlight || rt.ack == AckModel::TeltonikaUdp)
        return;
    const quint16 serial = ++dev.serial;
    const QByteArray frame = rt.encoder->heartbeat(uid(i), serial);
    const bool reply = rt.ack == AckModel::Gt06 || rt.ack == AckModel::Jt808;
    sendFrame(i, frame, tagFor(i, frame, 0x0002), reply, nullptr);
}

void DeviceSimulator::Private::enqueue(int i, const Fix &f)
{
    SimDevice &dev = devs[i];
    dev.outbox.append(f);
    while (dev.outbox.size() > std::max(1, options.outboxLimit))
        dev.outbox.removeFirst();
    if (dev.conn == Conn::Connected)
        pump(i);
    else if (dev.conn == Conn::Idle && !dev.down && !dev.connectQueued)
        connectDevice(i);
}

void DeviceSimulator::Private::goDown(int i)
{
    SimDevice &dev = devs[i];
    dev.down = true;
    if (dev.socket && dev.conn == Conn::Connecting) {
        dev.conn = Conn::Idle; // a deliberate stop, not a connect error
        dev.socket->abort();
    } else if (dev.socket && dev.conn != Conn::Idle) {
        dev.socket->abort();
    }
}

void DeviceSimulator::Private::closeGracefully(int i)
{
    SimDevice &dev = devs[i];
    if (dev.conn != Conn::Connected) {
        goDown(i);
        return;
    }
    dev.conn = Conn::Closing;
    if (dev.inflight.isEmpty() || protocols[dev.protocol].ack == AckModel::TeltonikaUdp)
        dev.socket->disconnectFromHost();
    schedule(elapsed.elapsed() + 2000, i, Ev::ForceClose);
}

// ---- connections ------------------------------------------------------------------------

void DeviceSimulator::Private::queueConnect(int i, qint64 delayMs)
{
    SimDevice &dev = devs[i];
    if (dev.connectQueued || !running)
        return;
    dev.connectQueued = true;
    schedule(elapsed.elapsed() + delayMs, i, Ev::Connect);
}

void DeviceSimulator::Private::connectDevice(int i)
{
    SimDevice &dev = devs[i];
    if (!running || dev.down || dev.conn != Conn::Idle || dev.done)
        return;
    const ProtocolRt &rt = protocols[dev.protocol];
    if (!dev.socket) {
        if (rt.ack == AckModel::TeltonikaUdp)
            dev.socket = new QUdpSocket(q);
        else
            dev.socket = new QTcpSocket(q);
        QObject::connect(dev.socket, &QAbstractSocket::stateChanged, q,
                         [this, i](QAbstractSocket::SocketState state) {
                             if (state == QAbstractSocket::ConnectedState)
                                 onConnected(i);
                             else if (state == QAbstractSocket::UnconnectedState)
                                 onDown(i);
                         });
        QObject::connect(dev.socket, &QIODevice::readyRead, q, [this, i] { onReadyRead(i); });
        QObject::connect(dev.socket, &QIODevice::bytesWritten, q, [this, i] {
            if (protocols[devs[i].protocol].ack == AckModel::None) {
                pump(i);
                checkDone(i);
            }
        });
    }
    dev.conn = Conn::Connecting;
    dev.socket->connectToHost(address, rt.port);
}

void DeviceSimulator::Private::onConnected(int i)
{
    SimDevice &dev = devs[i];
    if (dev.conn != Conn::Connecting)
        return;
    dev.conn = Conn::Connected;
    ++connectsOk;
    ++connectedNow;
    dev.rx.clear();
    if (!dev.unacked.isEmpty()) {
        dev.outbox = dev.unacked + dev.outbox;
        dev.unacked.clear();
    }
    const ProtocolRt &rt = protocols[dev.protocol];
    if (rt.ack != AckModel::TeltonikaUdp)
        dev.socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (rt.ack != AckModel::TeltonikaUdp) {
        const quint16 serial = ++dev.serial;
        const QByteArray login = rt.encoder->login(uid(i), serial);
        const bool reply = rt.ack == AckModel::Gt06 || rt.ack == AckModel::Jt808
            || rt.ack == AckModel::Teltonika;
        sendFrame(i, login, rt.ack == AckModel::Teltonika ? 1 : tagFor(i, login, 0x0100), reply,
                  nullptr);
    }
    pump(i);
    checkDone(i);
}

void DeviceSimulator::Private::onDown(int i)
{
    SimDevice &dev = devs[i];
    if (dev.conn == Conn::Idle)
        return;
    if (dev.conn == Conn::Connecting) {
        ++connectErrors;
        qCDebug(lcSim) << uid(i) << "cannot connect:"
                       << (dev.socket ? dev.socket->errorString() : QString());
    } else {
        ++disconnects;
        --connectedNow;
    }
    dev.conn = Conn::Idle;
    QList<Fix> again = dev.unacked;
    for (const InFlight &f : std::as_const(dev.inflight)) {
        if (f.hasFix)
            again.append(f.fix);
    }
    dev.unacked.clear();
    dev.inflight.clear();
    if (!again.isEmpty())
        dev.outbox = again + dev.outbox;
    while (dev.outbox.size() > std::max(1, options.outboxLimit))
        dev.outbox.removeFirst();
    dev.rx.clear();
    if (!running)
        return;
    checkDone(i);
    if (!dev.down && !dev.done) {
        Rng jitter { mix(options.seed, quint64(elapsed.elapsed()) + quint64(i)) };
        queueConnect(i, options.reconnectDelayMs + jitter.range(0, 250));
    }
}

// ---- sending ----------------------------------------------------------------------------

quint32 DeviceSimulator::Private::tagFor(int i, const QByteArray &frame, quint16 jt808Type) const
{
    const SimDevice &dev = devs[i];
    switch (protocols[dev.protocol].ack) {
    case AckModel::Gt06: {
        const quint8 type = frame.size() > 4
            ? quint8(frame[0] == 0x79 ? frame[4] : frame[3])
            : 0;
        return quint32(type) << 16 | dev.serial;
    }
    case AckModel::Jt808:
        return quint32(jt808Type) << 16 | dev.serial;
    case AckModel::Teltonika:
        return 2;
    case AckModel::TeltonikaUdp:
        return dev.packetId;
    default:
        return 0;
    }
}

void DeviceSimulator::Private::sendFrame(int i, const QByteArray &frame, quint32 tag,
                                         bool expectsReply, const Fix *fix)
{
    if (frame.isEmpty())
        return;
    SimDevice &dev = devs[i];
    dev.socket->write(frame);
    dev.lastFrameSize = std::max(16, int(frame.size()));
    ++framesSent;
    if (fix)
        ++positionsSent;
    if (expectsReply) {
        InFlight f;
        f.tag = tag;
        f.sentAt = elapsed.elapsed();
        f.hasFix = fix != nullptr;
        if (fix)
            f.fix = *fix;
        dev.inflight.append(f);
    }
}

bool DeviceSimulator::Private::sendFix(int i, const Fix &f)
{
    SimDevice &dev = devs[i];
    const ProtocolRt &rt = protocols[dev.protocol];
    const Position p = toPosition(uid(i), rt.name, f);
    const quint16 serial = ++dev.serial;
    QByteArray frame;
    if (f.alarm >= 0)
        frame = rt.encoder->alarm(uid(i), p, *kGaspAlarms[f.alarm], serial);
    if (frame.isEmpty())
        frame = rt.encoder->position(uid(i), p, serial);
    if (frame.isEmpty())
        return false;
    if (rt.ack == AckModel::TeltonikaUdp) {
        // UDP datagram: length, packet id, type, AVL packet id, IMEI, then the codec data.
        if (frame.size() < 13)
            return false;
        const QByteArray imei = uid(i).toLatin1();
        const QByteArray data = frame.mid(8, frame.size() - 12);
        ++dev.packetId;
        QByteArray dg;
        const qsizetype length = 2 + 1 + 1 + 2 + imei.size() + data.size();
        dg.append(char(length >> 8)).append(char(length));
        dg.append(char(dev.packetId >> 8)).append(char(dev.packetId));
        dg.append(char(0x01)).append(char(dev.packetId & 0xff));
        dg.append(char(imei.size() >> 8)).append(char(imei.size()));
        dg.append(imei).append(data);
        frame = dg;
    }
    const bool reply = rt.ack != AckModel::None;
    sendFrame(i, frame, tagFor(i, frame, 0x0200), reply, &f);
    return true;
}

void DeviceSimulator::Private::pump(int i)
{
    SimDevice &dev = devs[i];
    if (dev.conn != Conn::Connected)
        return;
    const ProtocolRt &rt = protocols[dev.protocol];
    const int k = std::max(1, options.maxInFlight);
    const auto room = [&] {
        if (rt.ack == AckModel::None)
            return dev.socket->bytesToWrite() < qint64(k) * dev.lastFrameSize;
        return dev.inflight.size() < k;
    };
    while (room()) {
        if (dev.outbox.isEmpty()) {
            if (!burst() || (quota() > 0 && dev.generated >= quota()))
                break;
            const TickResult r
                = dev.script.tick(burstStart + qint64(dev.generated) * stepMs, stepMs);
            ++dev.generated;
            dev.outbox.append(r.fix);
        }
        const Fix f = dev.outbox.takeFirst();
        sendFix(i, f);
    }
}

// ---- replies ----------------------------------------------------------------------------

void DeviceSimulator::Private::acknowledge(int i, const InFlight &f, bool positive)
{
    if (!f.hasFix)
        return;
    if (!positive) {
        ++positionsRejected;
        return;
    }
    ++positionsAcked;
    if (options.recordAcks) {
        QMutexLocker lock(&ackMutex);
        acks.append(AckedPosition { uid(i), f.fix.deviceTime, f.fix.lat, f.fix.lon });
    }
}

void DeviceSimulator::Private::ackByTag(int i, quint32 tag, bool positive)
{
    SimDevice &dev = devs[i];
    qsizetype at = -1;
    for (qsizetype k = 0; k < dev.inflight.size(); ++k) {
        if (dev.inflight.at(k).tag == tag) {
            at = k;
            break;
        }
    }
    if (at < 0)
        return; // not a reply to anything we sent (a command, a late reply)
    for (qsizetype k = 0; k < at; ++k) {
        if (dev.inflight.at(k).hasFix)
            dev.unacked.append(dev.inflight.at(k).fix);
    }
    acknowledge(i, dev.inflight.at(at), positive);
    dev.inflight.remove(0, at + 1);
}

void DeviceSimulator::Private::parseGt06(int i)
{
    QByteArray &rx = devs[i].rx;
    while (rx.size() >= 5) {
        const quint8 b0 = quint8(rx[0]);
        if ((b0 != 0x78 && b0 != 0x79) || quint8(rx[1]) != b0) {
            rx.remove(0, 1);
            continue;
        }
        const bool ext = b0 == 0x79;
        const qsizetype total = ext ? be16(rx, 2) + 6 : quint8(rx[2]) + 5;
        if (total < 10) {
            rx.remove(0, 1);
            continue;
        }
        if (rx.size() < total)
            break;
        const quint8 type = quint8(rx[ext ? 4 : 3]);
        const quint16 serial = be16(rx, total - 6);
        rx.remove(0, total);
        if (!ext)
            ackByTag(i, quint32(type) << 16 | serial, true);
    }
}

void DeviceSimulator::Private::parseJt808(int i)
{
    QByteArray &rx = devs[i].rx;
    for (;;) {
        const qsizetype start = rx.indexOf(char(0x7e));
        if (start < 0) {
            rx.clear();
            return;
        }
        if (start > 0)
            rx.remove(0, start);
        const qsizetype end = rx.indexOf(char(0x7e), 1);
        if (end < 0)
            return;
        if (end == 1) { // two delimiters in a row: the second starts the frame
            rx.remove(0, 1);
            continue;
        }
        QByteArray m;
        m.reserve(end);
        for (qsizetype k = 1; k < end; ++k) {
            const char c = rx[k];
            if (c == 0x7d && k + 1 < end) {
                m.append(rx[k + 1] == 0x02 ? char(0x7e) : char(0x7d));
                ++k;
            } else {
                m.append(c);
            }
        }
        rx.remove(0, end + 1);
        if (m.size() < 13)
            continue;
        const quint16 type = be16(m, 0);
        const quint16 props = be16(m, 2);
        qsizetype header = (props & 0x4000) ? 2 + 2 + 1 + 10 + 2 : 2 + 2 + 6 + 2;
        if (props & 0x2000)
            header += 4;
        const QByteArray body = m.mid(header, props & 0x3ff);
        if (type == 0x8001 && body.size() >= 5)
            ackByTag(i, quint32(be16(body, 2)) << 16 | be16(body, 0), body[4] == 0);
        else if (type == 0x8100 && body.size() >= 3)
            ackByTag(i, quint32(0x0100) << 16 | be16(body, 0), body[2] == 0);
    }
}

void DeviceSimulator::Private::parseTeltonika(int i)
{
    SimDevice &dev = devs[i];
    QByteArray &rx = dev.rx;
    while (!rx.isEmpty()) {
        if (dev.inflight.isEmpty()) {
            rx.clear(); // commands and other unsolicited data: not simulated
            return;
        }
        const InFlight head = dev.inflight.first();
        if (head.tag == 1) { // IMEI accepted (01) or refused (00)
            const bool accepted = rx[0] == 0x01;
            rx.remove(0, 1);
            dev.inflight.removeFirst();
            if (!accepted) {
                qCDebug(lcSim) << uid(i) << "IMEI refused by the server";
                dev.socket->abort();
                return;
            }
            continue;
        }
        if (rx.size() < 4)
            return;
        const quint32 count = quint32(be16(rx, 0)) << 16 | be16(rx, 2);
        rx.remove(0, 4);
        dev.inflight.removeFirst();
        acknowledge(i, head, count >= 1);
    }
}

void DeviceSimulator::Private::parseOsmAnd(int i)
{
    SimDevice &dev = devs[i];
    QByteArray &rx = dev.rx;
    for (;;) {
        const qsizetype end = rx.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = rx.left(end);
        const QList<QByteArray> lines = head.split('\n');
        const QList<QByteArray> status = lines.value(0).trimmed().split(' ');
        const int code = status.value(1).toInt();
        qsizetype length = 0;
        for (const QByteArray &line : lines) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().toLower() == "content-length")
                length = line.mid(colon + 1).trimmed().toLongLong();
        }
        if (rx.size() < end + 4 + length)
            return;
        rx.remove(0, end + 4 + length);
        if (dev.inflight.isEmpty())
            continue;
        const InFlight f = dev.inflight.takeFirst();
        if (code >= 200 && code < 300)
            acknowledge(i, f, true);
        else if (code >= 400 && code < 500)
            acknowledge(i, f, false);
        else if (f.hasFix)
            dev.unacked.append(f.fix);
    }
}

void DeviceSimulator::Private::onReadyRead(int i)
{
    SimDevice &dev = devs[i];
    if (!dev.socket)
        return;
    const AckModel model = protocols[dev.protocol].ack;
    if (model == AckModel::TeltonikaUdp) {
        auto *udp = static_cast<QUdpSocket *>(dev.socket);
        while (udp->hasPendingDatagrams()) {
            const QByteArray dg = udp->receiveDatagram().data();
            if (dg.size() >= 7 && be16(dg, 0) == 5)
                ackByTag(i, be16(dg, 2), quint8(dg[6]) >= 1);
        }
        afterReplies(i);
        return;
    }
    if (model == AckModel::None) {
        dev.socket->skip(dev.socket->bytesAvailable()); // replies need no action
        return;
    }
    dev.rx += dev.socket->readAll();
    if (dev.rx.size() > 64 * 1024)
        dev.rx.clear(); // not a reply stream we understand
    switch (model) {
    case AckModel::Gt06:
        parseGt06(i);
        break;
    case AckModel::Jt808:
        parseJt808(i);
        break;
    case AckModel::Teltonika:
        parseTeltonika(i);
        break;
    case AckModel::OsmAnd:
        parseOsmAnd(i);
        break;
    default:
        break;
    }
    afterReplies(i);
}

void DeviceSimulator::Private::afterReplies(int i)
{
    SimDevice &dev = devs[i];
    if (dev.conn == Conn::Closing && dev.inflight.isEmpty() && dev.socket)
        dev.socket->disconnectFromHost();
    else
        pump(i);
    checkDone(i);
}

void DeviceSimulator::Private::checkDone(int i)
{
    SimDevice &dev = devs[i];
    if (dev.done || quota() == 0 || dev.generated < quota() || !dev.outbox.isEmpty()
        || !dev.inflight.isEmpty() || !dev.unacked.isEmpty())
        return;
    if (protocols[dev.protocol].ack == AckModel::None && dev.socket
        && dev.socket->bytesToWrite() > 0)
        return;
    dev.done = true;
    if (++doneCount == int(devs.size()) && !finishedEmitted) {
        finishedEmitted = true;
        qCInfo(lcSim) << "all" << doneCount << "devices sent their positions";
        emit q->finished();
    }
}

// ---- public -----------------------------------------------------------------------------

DeviceSimulator::DeviceSimulator(const Options &options, Clock *clock, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->options = options;
    if (clock) {
        d->clock = clock;
    } else {
        d->ownClock = std::make_unique<SystemClock>();
        d->clock = d->ownClock.get();
    }
    d->timer = new QTimer(this);
    d->timer->setSingleShot(true);
    d->timer->setTimerType(Qt::PreciseTimer);
    connect(d->timer, &QTimer::timeout, this, [this] { d->onTimer(); });
    d->sweep = new QTimer(this);
    d->sweep->setInterval(1000);
    connect(d->sweep, &QTimer::timeout, this, [this] { d->onSweep(); });
    d->build();
}

DeviceSimulator::~DeviceSimulator()
{
    stop();
}

const SimulatorOptions &DeviceSimulator::options() const
{
    return d->options;
}

QList<Device> DeviceSimulator::devices() const
{
    return d->deviceList;
}

quint16 DeviceSimulator::portFor(const QString &protocol) const
{
    return d->options.ports.value(protocol, defaultPortForProtocol(protocol));
}

QList<Position> DeviceSimulator::previewPositions(int index, int ticks, TimeMs start) const
{
    QList<Position> out;
    if (index < 0 || index >= int(d->initialScripts.size()))
        return out;
    Script s = d->initialScripts[index];
    const QString &protocol = d->deviceList.at(index).protocol;
    for (int k = 0; k < ticks; ++k) {
        const TickResult r = s.tick(start + qint64(k) * d->intervalMs, d->stepMs);
        if (r.hasFix)
            out.append(toPosition(d->uid(index), protocol, r.fix));
    }
    return out;
}

SimulatorStats DeviceSimulator::stats() const
{
    Stats s;
    s.framesSent = d->framesSent;
    s.positionsSent = d->positionsSent;
    s.positionsAcknowledged = d->positionsAcked;
    s.positionsRejected = d->positionsRejected;
    s.connectsOk = d->connectsOk;
    s.connectErrors = d->connectErrors;
    s.disconnects = d->disconnects;
    s.connected = d->connectedNow;
    return s;
}

QList<AckedPosition> DeviceSimulator::acknowledgedPositions() const
{
    QMutexLocker lock(&d->ackMutex);
    return d->acks;
}

QList<AckedPosition> DeviceSimulator::takeAcknowledgedPositions()
{
    QMutexLocker lock(&d->ackMutex);
    return std::exchange(d->acks, {});
}

bool DeviceSimulator::isRunning() const
{
    return d->runningFlag;
}

QList<SimulatorArea> DeviceSimulator::defaultAreas()
{
    QList<SimulatorArea> out;
    for (const AreaInfo &a : kAreas)
        out.append(SimulatorArea { QString::fromLatin1(a.name), QGeoCoordinate(a.lat, a.lon),
                                   15.0 });
    return out;
}

QString DeviceSimulator::withLuhnDigit(QStringView fourteenDigits)
{
    int sum = 0;
    for (qsizetype k = 0; k < fourteenDigits.size(); ++k) {
        int digit = fourteenDigits.at(k).digitValue();
        if (k % 2 == 1) {
            digit *= 2;
            if (digit > 9)
                digit -= 9;
        }
        sum += std::max(0, digit);
    }
    return fourteenDigits.toString() + QChar(u'0' + (10 - sum % 10) % 10);
}

void DeviceSimulator::start()
{
    if (d->running)
        return;
    d->running = true;
    d->runningFlag = true;
    d->finishedEmitted = false;
    d->doneCount = 0;
    d->elapsed.start();
    d->sweep->start();
    qCInfo(lcSim) << "simulating" << d->devs.size() << "devices against" << d->options.host;
    const QHostAddress parsed(d->options.host);
    if (!parsed.isNull()) {
        d->address = parsed;
        d->beginDevices();
        emit started();
        return;
    }
    QHostInfo::lookupHost(d->options.host, this, [this](const QHostInfo &info) {
        if (!d->running)
            return;
        if (info.addresses().isEmpty()) {
            qCWarning(lcSim) << "cannot resolve" << d->options.host << info.errorString();
            stop();
            return;
        }
        d->address = info.addresses().constFirst();
        d->beginDevices();
        emit started();
    });
}

void DeviceSimulator::stop()
{
    if (!d->running)
        return;
    d->running = false;
    d->runningFlag = false;
    d->timer->stop();
    d->sweep->stop();
    d->armedFor = -1;
    d->queue = {};
    for (SimDevice &dev : d->devs) {
        if (!dev.socket)
            continue;
        QAbstractSocket *socket = std::exchange(dev.socket, nullptr);
        socket->disconnect(this);
        socket->abort();
        if (dev.conn == Conn::Connected || dev.conn == Conn::Closing) {
            ++d->disconnects;
            --d->connectedNow;
        }
        dev.conn = Conn::Idle;
        socket->deleteLater();
    }
    emit stopped();
}

} // namespace fw
