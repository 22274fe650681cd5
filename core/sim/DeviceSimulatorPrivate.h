#pragma once
// DeviceSimulator::Private: the running simulator's state (devices, their queues and sockets, the
// event queue, counters). DeviceSimulator.cpp builds the fleet, schedules and plays the scripts;
// DeviceSimulatorPrivate.cpp runs the connections: sending, reading and applying replies.
// Only those two files include this.

#include "DeviceFrameEncoder.h"
#include "DeviceSimulator.h"
#include "SimulatedBehaviour.h"
#include "SimulatorReplyReader.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QMutex>
#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <queue>
#include <vector>

class QAbstractSocket;
class QTimer;

namespace fw {

struct DeviceSimulator::Private
{
    struct InFlight
    {
        quint32 tag = 0; // what the reply names (type + serial, packet id, ...)
        qint64 sentAt = 0;
        bool hasFix = false;
        sim::Fix fix;
    };

    enum class Conn : quint8 { Idle, Connecting, Connected, Closing };

    struct SimDevice
    {
        int protocol = 0; // index into Private::protocols
        sim::Script script;
        QAbstractSocket *socket = nullptr;
        QByteArray rx;
        QList<sim::Fix> outbox;
        QList<InFlight> inflight;
        QList<sim::Fix> unacked; // the server skipped them: resent after the next reconnect
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

    DeviceSimulator *q = nullptr;
    Options options;
    Clock *clock = nullptr;
    std::unique_ptr<Clock> ownClock;
    std::vector<ProtocolRt> protocols;
    QList<Device> deviceList;
    std::vector<sim::Script> initialScripts;
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

    // DeviceSimulator.cpp
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
    void enqueue(int i, const sim::Fix &f);
    void goDown(int i);
    void closeGracefully(int i);

    // DeviceSimulatorPrivate.cpp
    void connectDevice(int i);
    void queueConnect(int i, qint64 delayMs);
    void onConnected(int i);
    void onDown(int i);
    void pump(int i);
    bool sendFix(int i, const sim::Fix &f);
    void sendFrame(
        int i, const QByteArray &frame, quint32 tag, bool expectsReply, const sim::Fix *fix);
    quint32 tagFor(int i, const QByteArray &frame, quint16 jt808Type) const;
    void onReadyRead(int i);
    void applyReplies(int i, const QList<SimulatorReply> &replies);
    void acknowledge(int i, const InFlight &f, bool positive);
    void ackByTag(int i, quint32 tag, bool positive);
    void afterReplies(int i);
    void checkDone(int i);
};

} // namespace fw
