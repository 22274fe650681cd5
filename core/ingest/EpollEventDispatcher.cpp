#include "EpollEventDispatcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QPointer>
#include <QSet>
#include <QSocketNotifier>

#include <atomic>
#include <map>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#endif

Q_LOGGING_CATEGORY(lcDispatcher, "fleetwatch.ingest.dispatcher", QtInfoMsg)

namespace fw {

#ifdef Q_OS_LINUX

namespace {
constexpr int kMaxEventsPerWake = 512; // a wake-up hands over at most this many ready sockets
} // namespace

struct EpollEventDispatcher::Private
{
    struct Socket
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;

        quint32 events() const
        {
            return (read ? EPOLLIN : 0u) | (write ? EPOLLOUT : 0u) | (exception ? EPOLLPRI : 0u);
        }
        bool empty() const { return !read && !write && !exception; }
    };
    struct Timer
    {
        qint64 interval = 0; // ms
        Qt::TimerType type = Qt::CoarseTimer;
        QObject *object = nullptr;
        qint64 due = 0; // ms on `clock`
    };

    // What the kernel's interest list holds for a descriptor, as last told by epoll_ctl.
    struct Registered
    {
        quint32 events = 0;
        bool emptied = false; // every notifier went away since: the descriptor may be a new one
    };

    int epoll = -1;
    int wake = -1; // eventfd: wakeUp() from any thread
    std::atomic<bool> wakeRequested { false };
    std::atomic<bool> interrupted { false };
    QHash<qintptr, Socket> sockets; // the notifiers as they are now
    // Changes reach the kernel just before the next wait, so a notifier switched off and on again
    // while the ready sockets are handled (a reply written at once: the write notifier) costs no
    // epoll_ctl at all.
    QHash<qintptr, Registered> registered;
    QSet<qintptr> pending;
    QHash<int, Timer> timers;
    std::multimap<qint64, int> timersByDue; // due -> timer id (stale entries are skipped)
    QElapsedTimer clock;

    qint64 now() const { return clock.elapsed(); }

    void changed(qintptr fd) { pending.insert(fd); }

    bool control(int op, qintptr fd, quint32 events)
    {
        epoll_event ev {};
        ev.events = events;
        ev.data.fd = int(fd);
        return epoll_ctl(epoll, op, int(fd), &ev) == 0;
    }

    // Brings the kernel's interest list in line with the notifiers, one epoll_ctl per descriptor
    // whose wanted events differ. A descriptor whose notifiers all went away may have been
    // closed (the kernel then forgot it) and its number given to a new socket, so it is told
    // again even when the events look the same.
    void sync()
    {
        for (const qintptr fd : std::as_const(pending)) {
            const auto now = sockets.constFind(fd);
            const quint32 wanted = now == sockets.cend() ? 0u : now->events();
            const auto before = registered.find(fd);
            if (wanted == 0) {
                if (before != registered.end()) {
                    // Closed already: EBADF (or ENOENT when the number is in use again).
                    if (!control(EPOLL_CTL_DEL, fd, 0) && errno != EBADF && errno != ENOENT)
                        warn("EPOLL_CTL_DEL", fd);
                    registered.erase(before);
                }
                continue;
            }
            if (before != registered.end() && before->events == wanted && !before->emptied)
                continue;
            const bool known = before != registered.end();
            bool ok = control(known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, wanted);
            if (!ok && known && errno == ENOENT) // closed and opened again meanwhile
                ok = control(EPOLL_CTL_ADD, fd, wanted);
            else if (!ok && !known && errno == EEXIST)
                ok = control(EPOLL_CTL_MOD, fd, wanted);
            if (!ok)
                warn("epoll_ctl", fd);
            registered[fd] = Registered { wanted, false };
        }
        pending.clear();
    }

    void warn(const char *what, qintptr fd) const
    {
        qCWarning(lcDispatcher) << what << "on" << fd << "failed:" << qt_error_string(errno);
    }

    // The next due timer, skipping entries of timers killed or moved since.
    std::multimap<qint64, int>::iterator nextTimer()
    {
        for (auto it = timersByDue.begin(); it != timersByDue.end();) {
            const auto t = timers.constFind(it->second);
            if (t != timers.cend() && t->due == it->first)
                return it;
            it = timersByDue.erase(it);
        }
        return timersByDue.end();
    }

    int timeoutMs()
    {
        const auto it = nextTimer();
        if (it == timersByDue.end())
            return -1;
        return int(std::clamp<qint64>(it->first - now(), 0, 24 * 3600 * 1000));
    }

    bool activateTimers()
    {
        bool any = false;
        const qint64 at = now();
        // Only those due now; a timer re-armed inside its handler waits for the next round.
        QList<int> due;
        for (auto it = nextTimer(); it != timersByDue.end() && it->first <= at; it = nextTimer()) {
            due.append(it->second);
            timersByDue.erase(it);
        }
        for (int id : std::as_const(due)) {
            const auto t = timers.find(id);
            if (t == timers.end())
                continue; // killed by an earlier handler
            // Next due: one interval on, or from now when far behind (no burst of catch-ups).
            t->due = std::max(t->due + std::max<qint64>(t->interval, 1), at);
            timersByDue.emplace(t->due, id);
            QObject *object = t->object;
            QTimerEvent event(id);
            QCoreApplication::sendEvent(object, &event);
            any = true;
        }
        return any;
    }

    // One notifier of `fd` (looked up again: an earlier handler may have removed it).
    void activate(qintptr fd, QSocketNotifier *Socket::*which)
    {
        const auto it = sockets.constFind(fd);
        if (it == sockets.cend())
            return;
        QSocketNotifier *notifier = (*it).*which;
        if (!notifier)
            return;
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &event);
    }
};

QAbstractEventDispatcher *EpollEventDispatcher::create()
{
    if (qEnvironmentVariable("FW_EVENT_DISPATCHER") == u"qt")
        return nullptr;
    auto *dispatcher = new EpollEventDispatcher;
    if (dispatcher->d->epoll < 0 || dispatcher->d->wake < 0) {
        delete dispatcher;
        return nullptr;
    }
    return dispatcher;
}

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , d(std::make_unique<Private>())
{
    d->clock.start();
    d->epoll = epoll_create1(EPOLL_CLOEXEC);
    d->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (d->epoll >= 0 && d->wake >= 0) {
        epoll_event ev {};
        ev.events = EPOLLIN;
        ev.data.fd = d->wake;
        epoll_ctl(d->epoll, EPOLL_CTL_ADD, d->wake, &ev);
    } else {
        qCWarning(lcDispatcher) << "epoll is not available:" << qt_error_string(errno);
    }
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (d->wake >= 0)
        ::close(d->wake);
    if (d->epoll >= 0)
        ::close(d->epoll);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    d->interrupted.store(false);
    emit awake();
    QCoreApplication::sendPostedEvents();
    if (d->interrupted.load())
        return false;

    const bool canWait = (flags & QEventLoop::WaitForMoreEvents) && !d->wakeRequested.load();
    const int timeout = canWait ? d->timeoutMs() : 0;
    if (canWait)
        emit aboutToBlock();
    d->sync();
    epoll_event events[kMaxEventsPerWake];
    int n = epoll_wait(d->epoll, events, kMaxEventsPerWake, timeout);
    if (n < 0) {
        if (errno != EINTR)
            qCWarning(lcDispatcher) << "epoll_wait failed:" << qt_error_string(errno);
        n = 0;
    }
    emit awake();
    bool any = false;
    for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        const quint32 ready = events[i].events;
        if (fd == d->wake) {
            quint64 count = 0;
            [[maybe_unused]] const ssize_t r = ::read(d->wake, &count, sizeof count);
            d->wakeRequested.store(false);
            continue;
        }
        if (flags & QEventLoop::ExcludeSocketNotifiers)
            continue; // level-triggered: they are reported again next time
        any = true;
        // As Qt's dispatchers: errors and hang-ups wake the readers (and writers) up, who then
        // find out what happened.
        if (ready & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP))
            d->activate(fd, &Private::Socket::read);
        if (ready & (EPOLLOUT | EPOLLERR | EPOLLHUP))
            d->activate(fd, &Private::Socket::write);
        if (ready & EPOLLPRI)
            d->activate(fd, &Private::Socket::exception);
    }
    if (!(flags & QEventLoop::X11ExcludeTimers))
        any = d->activateTimers() || any;
    return any;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const qintptr fd = notifier->socket();
    Private::Socket &s = d->sockets[fd];
    switch (notifier->type()) {
    case QSocketNotifier::Read:
        s.read = notifier;
        break;
    case QSocketNotifier::Write:
        s.write = notifier;
        break;
    case QSocketNotifier::Exception:
        s.exception = notifier;
        break;
    }
    d->changed(fd);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const qintptr fd = notifier->socket();
    const auto it = d->sockets.find(fd);
    if (it == d->sockets.end())
        return;
    Private::Socket &s = it.value();
    if (s.read == notifier)
        s.read = nullptr;
    if (s.write == notifier)
        s.write = nullptr;
    if (s.exception == notifier)
        s.exception = nullptr;
    if (s.empty()) {
        d->sockets.erase(it);
        if (const auto r = d->registered.find(fd); r != d->registered.end())
            r->emptied = true;
    }
    d->changed(fd);
}

void EpollEventDispatcher::registerTimer(
    int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    Private::Timer t;
    t.interval = interval;
    t.type = timerType;
    t.object = object;
    t.due = d->now() + interval;
    d->timers.insert(timerId, t);
    d->timersByDue.emplace(t.due, timerId);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    return d->timers.remove(timerId) > 0; // its entry in timersByDue is skipped later
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    bool any = false;
    for (auto it = d->timers.begin(); it != d->timers.end();) {
        if (it->object == object) {
            it = d->timers.erase(it);
            any = true;
        } else {
            ++it;
        }
    }
    return any;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(
    QObject *object) const
{
    QList<TimerInfo> out;
    for (auto it = d->timers.cbegin(); it != d->timers.cend(); ++it) {
        if (it->object == object)
            out.append(TimerInfo(it.key(), int(it->interval), it->type));
    }
    return out;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = d->timers.constFind(timerId);
    if (it == d->timers.cend())
        return -1;
    return int(std::max<qint64>(0, it->due - d->now()));
}

void EpollEventDispatcher::wakeUp()
{
    if (d->wakeRequested.exchange(true))
        return; // one pending wake-up is enough
    const quint64 one = 1;
    [[maybe_unused]] const ssize_t r = ::write(d->wake, &one, sizeof one);
}

void EpollEventDispatcher::interrupt()
{
    d->interrupted.store(true);
    wakeUp();
}

#else // not Linux: Qt's own dispatcher

struct EpollEventDispatcher::Private
{
};

QAbstractEventDispatcher *EpollEventDispatcher::create()
{
    return nullptr;
}

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , d(std::make_unique<Private>())
{ }

EpollEventDispatcher::~EpollEventDispatcher() = default;
bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags)
{
    return false;
}
void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *) { }
void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *) { }
void EpollEventDispatcher::registerTimer(int, qint64, Qt::TimerType, QObject *) { }
bool EpollEventDispatcher::unregisterTimer(int)
{
    return false;
}
bool EpollEventDispatcher::unregisterTimers(QObject *)
{
    return false;
}
QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *) const
{
    return {};
}
int EpollEventDispatcher::remainingTime(int)
{
    return -1;
}
void EpollEventDispatcher::wakeUp() { }
void EpollEventDispatcher::interrupt() { }

#endif

} // namespace fw
