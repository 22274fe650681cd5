#include "DeviceSimulator.h"

#include "DeviceSimulatorPrivate.h"
#include "SimulatorLog.h"
#include "domain/DeviceModelCatalog.h"
#include "util/Clock.h"

#include <QAbstractSocket>
#include <QHostInfo>
#include <QRegularExpression>
#include <QTimer>
#include <cmath>

namespace fw {

using sim::Fix;
using sim::NetAction;
using sim::Rng;
using sim::TickResult;

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
        const int ti = sim::traitsIndex(name);
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

        const sim::ProtocolTraits &t = sim::protocolTraits(ti);
        const quint64 protoSeed = sim::mix(options.seed, quint64(ti) + 1);
        const int serialBase = int(protoSeed % 900000);
        const int callBase = int(protoSeed % 1000);
        for (int k = 0; k < perProtocol; ++k) {
            Rng rng { sim::mix(protoSeed, quint64(k) + 7) };
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
            for (const sim::AreaInfo &a : sim::knownAreas()) {
                if (area.name == QLatin1String(a.name))
                    dial = QLatin1String(a.dialCode);
            }
            dev.phone = QStringLiteral("+%1%2").arg(dial).arg(
                700000000 + rng.range(0, 99999999));
            const int carrier = rng.range(0, int(sim::carriers().size()) - 1);
            dev.carrier = QString::fromLatin1(sim::carriers()[carrier]);
            dev.group = area.name;
            deviceList.append(dev);

            initialScripts.push_back(sim::drawScript(rng, area, t.maxSpeedKph, options));
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
            Rng phase { sim::mix(options.seed, quint64(i) + 99) };
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
    sim::Script s = d->initialScripts[index];
    const QString &protocol = d->deviceList.at(index).protocol;
    for (int k = 0; k < ticks; ++k) {
        const TickResult r = s.tick(start + qint64(k) * d->intervalMs, d->stepMs);
        if (r.hasFix)
            out.append(sim::toPosition(d->uid(index), protocol, r.fix));
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
    for (const sim::AreaInfo &a : sim::knownAreas())
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
    for (Private::SimDevice &dev : d->devs) {
        if (!dev.socket)
            continue;
        QAbstractSocket *socket = std::exchange(dev.socket, nullptr);
        socket->disconnect(this);
        socket->abort();
        if (dev.conn == Private::Conn::Connected || dev.conn == Private::Conn::Closing) {
            ++d->disconnects;
            --d->connectedNow;
        }
        dev.conn = Private::Conn::Idle;
        socket->deleteLater();
    }
    emit stopped();
}

} // namespace fw
