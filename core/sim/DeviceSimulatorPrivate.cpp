#include "DeviceSimulatorPrivate.h"

#include "SimulatorLog.h"

#include <QNetworkDatagram>
#include <QTcpSocket>
#include <QUdpSocket>

namespace fw {

using sim::Fix;
using sim::Rng;
using sim::TickResult;

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
        const quint32 tag = rt.ack == AckModel::Teltonika ? SimulatorReplyReader::kTeltonikaLoginTag
                                                          : tagFor(i, login, 0x0100);
        sendFrame(i, login, tag, reply, nullptr);
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
        qCDebug(lcSim) << uid(i)
                       << "cannot connect:" << (dev.socket ? dev.socket->errorString() : QString());
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
        Rng jitter { sim::mix(options.seed, quint64(elapsed.elapsed()) + quint64(i)) };
        queueConnect(i, options.reconnectDelayMs + jitter.range(0, 250));
    }
}

// ---- sending ----------------------------------------------------------------------------

quint32 DeviceSimulator::Private::tagFor(int i, const QByteArray &frame, quint16 jt808Type) const
{
    const SimDevice &dev = devs[i];
    return SimulatorReplyReader(protocols[dev.protocol].ack)
        .tagFor(frame, jt808Type, dev.serial, dev.packetId);
}

void DeviceSimulator::Private::sendFrame(
    int i, const QByteArray &frame, quint32 tag, bool expectsReply, const Fix *fix)
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
    const Position p = sim::toPosition(uid(i), rt.name, f);
    const quint16 serial = ++dev.serial;
    QByteArray frame;
    if (f.alarm >= 0)
        frame = rt.encoder->alarm(uid(i), p, sim::gaspAlarm(f.alarm), serial);
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

// Applies what the replies say to the frames in flight, oldest first.
void DeviceSimulator::Private::applyReplies(int i, const QList<SimulatorReply> &replies)
{
    using Kind = SimulatorReply::Kind;
    using Outcome = SimulatorReply::Outcome;
    SimDevice &dev = devs[i];
    for (const SimulatorReply &r : replies) {
        switch (r.kind) {
        case Kind::ByTag:
            ackByTag(i, r.tag, r.outcome == Outcome::Accepted);
            break;
        case Kind::InOrder: {
            if (dev.inflight.isEmpty())
                break; // a reply to nothing we sent
            const InFlight f = dev.inflight.takeFirst();
            if (r.outcome != Outcome::Retry)
                acknowledge(i, f, r.outcome == Outcome::Accepted);
            else if (f.hasFix)
                dev.unacked.append(f.fix);
            break;
        }
        case Kind::Login:
            if (!dev.inflight.isEmpty())
                dev.inflight.removeFirst();
            if (r.outcome != Outcome::Accepted) {
                qCDebug(lcSim) << uid(i) << "IMEI refused by the server";
                dev.socket->abort();
                return;
            }
            break;
        }
    }
}

void DeviceSimulator::Private::onReadyRead(int i)
{
    SimDevice &dev = devs[i];
    if (!dev.socket)
        return;
    const SimulatorReplyReader reader(protocols[dev.protocol].ack);
    if (reader.model() == AckModel::TeltonikaUdp) {
        auto *udp = static_cast<QUdpSocket *>(dev.socket);
        while (udp->hasPendingDatagrams()) {
            QByteArray dg = udp->receiveDatagram().data();
            applyReplies(i, reader.read(dg));
        }
        afterReplies(i);
        return;
    }
    if (reader.model() == AckModel::None) {
        dev.socket->skip(dev.socket->bytesAvailable()); // replies need no action
        return;
    }
    dev.rx += dev.socket->readAll();
    if (dev.rx.size() > 64 * 1024)
        dev.rx.clear(); // not a reply stream we understand
    const bool loginFirst = !dev.inflight.isEmpty()
        && dev.inflight.first().tag == SimulatorReplyReader::kTeltonikaLoginTag;
    applyReplies(i, reader.read(dev.rx, dev.inflight.size(), loginFirst));
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

} // namespace fw
