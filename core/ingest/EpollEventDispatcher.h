#pragma once
// EpollEventDispatcher: the event loop of an ingest thread on Linux, built on epoll. Qt's own
// dispatchers (glib, and the poll() one) look at every registered socket on every wake-up and
// keep socket notifiers in lists, so with thousands of connected trackers each frame costs time
// in proportion to the number of connections. Here a socket is registered once with the kernel,
// a wake-up returns only the sockets that are ready, and notifiers enabled or disabled while the
// ready sockets are handled reach the kernel in one epoll_ctl per socket before the next wait
// (none when a notifier is switched off and on again). Timers are few on an ingest thread (sweeps,
// stats, publishing) and live in an ordered map. Everything else (listeners, sessions, decoders,
// acknowledgements) is unchanged: Qt's sockets get their QEvent::SockAct and QTimerEvent exactly as
// before. Elsewhere (Windows, macOS) create() returns null and Qt's own dispatcher stays.

#include <QAbstractEventDispatcher>

#include <memory>

namespace fw {

class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT
public:
    // A new dispatcher for a thread that has not started yet (QThread::setEventDispatcher) or
    // for the main thread before QCoreApplication exists; null where epoll is not available or
    // FW_EVENT_DISPATCHER=qt asks for Qt's own (to compare the two).
    static QAbstractEventDispatcher *create();

    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;
    void registerTimer(
        int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;
    void wakeUp() override; // thread-safe
    void interrupt() override; // thread-safe

private:
    struct Private; // keeps the header free of Linux types
    std::unique_ptr<Private> d;
};

} // namespace fw
