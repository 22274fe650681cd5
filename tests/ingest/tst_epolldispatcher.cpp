// EpollEventDispatcher tells the kernel about notifier changes just before it waits again. These
// tests pin what that must never break: a descriptor closed and its number reused by a new
// socket within one turn of the loop, a notifier switched off and on again, and a notifier
// switched off while data waits (no activation, no busy loop).

#include "TestMain.h"
#include "ingest/EpollEventDispatcher.h"

#include <QAbstractEventDispatcher>
#include <QSocketNotifier>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

#ifdef Q_OS_LINUX
#include <fcntl.h>
#include <unistd.h>
#endif

using namespace fw;

namespace {

#ifdef Q_OS_LINUX
struct Pipe
{
    int read = -1;
    int write = -1;
    bool open()
    {
        int fds[2];
        if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
            return false;
        read = fds[0];
        write = fds[1];
        return true;
    }
    void close()
    {
        ::close(read);
        ::close(write);
        read = write = -1;
    }
    void put() const { [[maybe_unused]] const auto n = ::write(write, "x", 1); }
};
#endif

// A thread whose event loop runs on the epoll dispatcher; run() executes code on it and returns
// when that code is done (one call = one turn of that loop, nothing synchronised in between).
class EpollThread
{
public:
    bool start()
    {
        QAbstractEventDispatcher *dispatcher = EpollEventDispatcher::create();
        if (!dispatcher)
            return false;
        m_thread.setEventDispatcher(dispatcher);
        m_thread.start();
        m_context = std::make_unique<QObject>();
        m_context->moveToThread(&m_thread);
        return true;
    }
    ~EpollThread()
    {
        run([this] { m_context.reset(); });
        m_thread.quit();
        m_thread.wait();
    }
    template <typename F> void run(F &&f)
    {
        QMetaObject::invokeMethod(m_context ? m_context.get() : nullptr, std::forward<F>(f),
            Qt::BlockingQueuedConnection);
    }
    QObject *context() const { return m_context.get(); }

private:
    QThread m_thread;
    std::unique_ptr<QObject> m_context;
};

} // namespace

class TestEpollDispatcher : public QObject
{
    Q_OBJECT

private slots:
    void reusedDescriptorWithinOneTurnIsWatched()
    {
#ifdef Q_OS_LINUX
        EpollThread thread;
        if (!thread.start())
            QSKIP("epoll is not available");
        Pipe first;
        QVERIFY(first.open());
        QSocketNotifier *old = nullptr;
        thread.run([&] { old = new QSocketNotifier(first.read, QSocketNotifier::Read); });
        thread.run([] {}); // a turn of the loop: the kernel now watches first.read
        std::atomic<int> fired { 0 };
        Pipe second;
        const int number = first.read;
        thread.run([&] {
            delete old; // as a closing socket: notifiers away, then the descriptor closed
            first.close();
            if (!second.open())
                return;
            auto *notifier
                = new QSocketNotifier(second.read, QSocketNotifier::Read, thread.context());
            QObject::connect(notifier, &QSocketNotifier::activated, notifier, [&] {
                ++fired;
                char c;
                [[maybe_unused]] const auto n = ::read(second.read, &c, 1);
            });
            second.put();
        });
        QVERIFY(second.read >= 0);
        if (second.read != number) // POSIX gives the lowest free number: another thread took it
            QSKIP("the descriptor number was not reused");
        QTRY_COMPARE_WITH_TIMEOUT(fired.load(), 1, 2000);
        thread.run([&] { qDeleteAll(thread.context()->findChildren<QSocketNotifier *>()); });
        second.close();
#else
        QSKIP("epoll is Linux only");
#endif
    }

    void notifierOffAndOnAgainStillFires()
    {
#ifdef Q_OS_LINUX
        EpollThread thread;
        if (!thread.start())
            QSKIP("epoll is not available");
        Pipe pipe;
        QVERIFY(pipe.open());
        std::atomic<int> fired { 0 };
        QSocketNotifier *notifier = nullptr;
        thread.run([&] {
            notifier = new QSocketNotifier(pipe.read, QSocketNotifier::Read, thread.context());
            QObject::connect(notifier, &QSocketNotifier::activated, notifier, [&] {
                ++fired;
                char c;
                [[maybe_unused]] const auto n = ::read(pipe.read, &c, 1);
            });
        });
        thread.run([] {});
        thread.run([&] {
            notifier->setEnabled(false);
            notifier->setEnabled(true);
            pipe.put();
        });
        QTRY_COMPARE_WITH_TIMEOUT(fired.load(), 1, 2000);

        // Switched off with a byte waiting: no activation while off, one once on again.
        thread.run([&] {
            notifier->setEnabled(false);
            pipe.put();
        });
        QTest::qWait(200);
        QCOMPARE(fired.load(), 1);
        thread.run([&] { notifier->setEnabled(true); });
        QTRY_COMPARE_WITH_TIMEOUT(fired.load(), 2, 2000);
        thread.run([&] { delete notifier; });
        pipe.close();
#else
        QSKIP("epoll is Linux only");
#endif
    }
};

FW_TEST_CLASS(TestEpollDispatcher)
#include "tst_epolldispatcher.moc"
