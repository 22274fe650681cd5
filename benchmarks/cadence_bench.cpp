// cadence_bench: a `fleetwatch --headless` node under a fleet that behaves like a real one: every
// device stays connected and sends one GT06 location at its own steady cadence, waiting for the
// acknowledgement. The load comes from this process over raw non-blocking sockets and epoll, so
// the generator itself costs the same per frame at any number of connections.
//   cadence: at a fixed total rate (default 1,500 frames/s) for 1,500, 5,000 and 15,000
//            connected devices: node CPU (one core = 100%, from /proc/PID/stat), latency p50/p99
//            from send to acknowledgement, node memory per connection.
//   hold:    N idle connections held (default 60,000; memory per connection), then 10,000
//            devices that all reconnect at once: time until every one has its login answered.
// Every scenario runs twice in the same run, with the node on Qt's default event dispatcher
// (FW_EVENT_DISPATCHER=qt) and on FleetWatch's epoll dispatcher: the ratio is the figure.
// One JSON object per result. Usage:
//   cadence_bench [PATH/TO/fleetwatch] [--seconds S] [--rate R] [--hold N] [--only qt|epoll]
//                 [--sweep 1500,5000,15000]

#include "BenchFleet.h"
#include "ingest/FreePort.h"
#include "sim/Gt06FrameEncoder.h"
#include "util/TimeUtil.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QThread>

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace fw;

namespace {

void print(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

qint64 nowUs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}

QString imei(int i)
{
    return QStringLiteral("86%1").arg(i, 13, 10, QLatin1Char('0'));
}

// CPU seconds (user + system) of a process so far.
double cpuSeconds(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray s = f.readAll();
    const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');
    const double ticks = double(sysconf(_SC_CLK_TCK));
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) / ticks;
}

qint64 rssKiB(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

double percentile(std::vector<qint64> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return double(v[std::min(v.size() - 1, std::size_t(p * double(v.size())))]) / 1000.0;
}

// The node as a child process; stats lines are read to know when it listens.
class Node
{
public:
    Node() { m_log.open(); }
    bool start(const QString &exe, const QString &db, quint16 port, bool epoll)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (!epoll)
            env.insert(QStringLiteral("FW_EVENT_DISPATCHER"), QStringLiteral("qt"));
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("fleetwatch.*.info=false"));
        process.setProcessEnvironment(env);
        // Into files, never a pipe nobody reads (a node blocked on stderr would measure wrong).
        process.setStandardOutputFile(QProcess::nullDevice());
        process.setStandardErrorFile(m_log.fileName());
        process.start(exe,
            { QStringLiteral("--headless"), QStringLiteral("--db"), db, QStringLiteral("--bind"),
                QStringLiteral("127.0.0.1"), QStringLiteral("--listen"),
                QStringLiteral("gt06=%1").arg(port), QStringLiteral("--stats-interval"),
                QStringLiteral("0") });
        if (!process.waitForStarted(10000))
            return false;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 60000) {
            QThread::msleep(50);
            QFile f(m_log.fileName());
            if (f.open(QIODevice::ReadOnly))
                err = f.readAll();
            if (err.contains("listening on 1 port(s)"))
                return true;
            if (process.state() != QProcess::Running)
                return false;
        }
        return false;
    }
    void stop()
    {
        process.terminate();
        if (!process.waitForFinished(120000))
            process.kill();
    }
    qint64 pid() { return process.processId(); }

    QProcess process;
    QByteArray err;

private:
    QTemporaryFile m_log;
};

// The fleet: raw sockets on one epoll set.
class Fleet
{
public:
    struct Device
    {
        int fd = -1;
        int index = 0;
        bool connected = false;
        bool loggedIn = false;
        qint64 sentAt = 0; // of the frame waiting for its acknowledgement (0 = none)
        quint32 serial = 1;
        QByteArray rx;
        QByteArray tx; // what the kernel did not take yet
    };

    explicit Fleet(quint16 port)
        : m_port(port)
        , m_epoll(epoll_create1(EPOLL_CLOEXEC))
        , m_sourceBase(s_nextSourceBase)
    {
        // Each fleet its own source addresses: the connections of the previous scenario still
        // hold their ports in TIME_WAIT.
        s_nextSourceBase += 8;
    }
    ~Fleet()
    {
        for (Device &d : devices)
            if (d.fd >= 0)
                ::close(d.fd);
        ::close(m_epoll);
    }

    // Opens `count` connections for devices first..first+count-1 (sources spread over
    // 127.0.0.x so that more than one port range of connections fit).
    void open(int first, int count)
    {
        for (int i = first; i < first + count; ++i) {
            Device d;
            d.index = i;
            d.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (d.fd < 0) {
                ++connectErrors;
                continue;
            }
            const int one = 1;
            ::setsockopt(d.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            // The port is chosen at connect(): bind() with port 0 would search every bound port
            // of the address, which makes opening thousands of sockets the slow part.
            ::setsockopt(d.fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
            sockaddr_in src {};
            src.sin_family = AF_INET;
            src.sin_addr.s_addr = htonl(INADDR_LOOPBACK + m_sourceBase + quint32(i / 20000));
            ::bind(d.fd, reinterpret_cast<sockaddr *>(&src), sizeof src);
            sockaddr_in dst {};
            dst.sin_family = AF_INET;
            dst.sin_port = htons(m_port);
            dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            if (::connect(d.fd, reinterpret_cast<sockaddr *>(&dst), sizeof dst) != 0
                && errno != EINPROGRESS) {
                ++connectErrors;
                ::close(d.fd);
                continue;
            }
            const std::size_t slot = devices.size();
            epoll_event ev {};
            ev.events = EPOLLIN | EPOLLOUT;
            ev.data.u64 = slot;
            epoll_ctl(m_epoll, EPOLL_CTL_ADD, d.fd, &ev);
            devices.push_back(d);
        }
    }

    // Devices 0..count-1, a batch at a time, taking the answers in between.
    void openAll(int count)
    {
        for (int first = 0; first < count; first += 2000) {
            open(first, std::min(2000, count - first));
            poll(0, [](std::size_t, quint8) {});
        }
    }

    void closeRange(std::size_t from, std::size_t to)
    {
        for (std::size_t k = from; k < to && k < devices.size(); ++k) {
            Device &d = devices[k];
            if (d.fd >= 0) {
                ::close(d.fd);
                d.fd = -1;
            }
            d.connected = d.loggedIn = false;
            d.sentAt = 0;
        }
    }

    void send(std::size_t k, const QByteArray &frame)
    {
        Device &d = devices[k];
        if (d.fd < 0)
            return;
        if (!d.tx.isEmpty()) {
            d.tx += frame;
            return;
        }
        const ssize_t n = ::send(d.fd, frame.constData(), std::size_t(frame.size()), MSG_NOSIGNAL);
        if (n < frame.size())
            d.tx = frame.mid(std::max<qsizetype>(0, n));
    }

    // Waits up to `timeoutMs` for socket events; calls onAck(device slot, reply type).
    template <typename OnAck> void poll(int timeoutMs, OnAck &&onAck)
    {
        epoll_event events[1024];
        const int n = epoll_wait(m_epoll, events, 1024, timeoutMs);
        for (int i = 0; i < n; ++i) {
            const std::size_t k = std::size_t(events[i].data.u64);
            Device &d = devices[k];
            if (d.fd < 0)
                continue;
            if ((events[i].events & EPOLLOUT) && !d.connected) {
                int error = 0;
                socklen_t len = sizeof error;
                ::getsockopt(d.fd, SOL_SOCKET, SO_ERROR, &error, &len);
                if (error != 0) {
                    ++connectErrors;
                    ::close(d.fd);
                    d.fd = -1;
                    continue;
                }
                d.connected = true;
                ++connected;
                epoll_event ev {};
                ev.events = EPOLLIN;
                ev.data.u64 = k;
                epoll_ctl(m_epoll, EPOLL_CTL_MOD, d.fd, &ev);
            }
            if (!d.tx.isEmpty()) {
                const ssize_t w
                    = ::send(d.fd, d.tx.constData(), std::size_t(d.tx.size()), MSG_NOSIGNAL);
                if (w > 0)
                    d.tx.remove(0, w);
            }
            if (!(events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
                continue;
            char buf[4096];
            const ssize_t r = ::recv(d.fd, buf, sizeof buf, 0);
            if (r <= 0) {
                if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
                    ++closedByNode;
                    ::close(d.fd);
                    d.fd = -1;
                    d.connected = d.loggedIn = false;
                }
                continue;
            }
            d.rx.append(buf, r);
            // GT06 replies: 0x78 0x78 LEN TYPE ... 0x0d 0x0a, LEN + 5 bytes in all.
            while (d.rx.size() >= 5) {
                if (quint8(d.rx[0]) != 0x78 || quint8(d.rx[1]) != 0x78) {
                    d.rx.clear();
                    break;
                }
                const qsizetype total = quint8(d.rx[2]) + 5;
                if (d.rx.size() < total)
                    break;
                const quint8 type = quint8(d.rx[3]);
                d.rx.remove(0, total);
                onAck(k, type);
            }
        }
    }

    std::vector<Device> devices;
    int connected = 0;
    int connectErrors = 0;
    int closedByNode = 0;

private:
    // 127.0.0.x, x from the process id: a run just before this one may still hold its ports.
    static inline quint32 s_nextSourceBase = 1 + 8 * quint32(::getpid() % 2000);
    quint16 m_port;
    int m_epoll;
    quint32 m_sourceBase;
};

// Logs every open device in; false when not all got their login answered within `timeoutMs`.
bool logIn(
    Fleet &fleet, const Gt06FrameEncoder &encoder, std::size_t from, std::size_t to, int timeoutMs)
{
    std::size_t pending = 0;
    std::vector<bool> sent(fleet.devices.size(), false);
    QElapsedTimer t;
    t.start();
    std::size_t done = 0;
    const std::size_t wanted = to - from;
    while (done < wanted && t.elapsed() < timeoutMs) {
        for (std::size_t k = from; k < to; ++k) {
            Fleet::Device &d = fleet.devices[k];
            if (d.connected && !sent[k]) {
                sent[k] = true;
                ++pending;
                fleet.send(k, encoder.login(imei(d.index), d.serial++));
            }
        }
        fleet.poll(10, [&](std::size_t k, quint8 type) {
            if (type == 0x01 && !fleet.devices[k].loggedIn) {
                fleet.devices[k].loggedIn = true;
                ++done;
            }
        });
    }
    return done == wanted;
}

QJsonObject cadence(
    const QString &exe, const QString &db, int devices, int rate, int seconds, bool epoll)
{
    const quint16 port = freeTcpUdpPort();
    Node node;
    QJsonObject o { { QStringLiteral("benchmark"), QStringLiteral("ingest-cadence") },
        { QStringLiteral("dispatcher"), epoll ? QStringLiteral("epoll") : QStringLiteral("qt") },
        { QStringLiteral("devices"), devices }, { QStringLiteral("framesPerSecond"), rate },
        { QStringLiteral("eachEverySeconds"), double(devices) / rate } };
    if (!node.start(exe, db, port, epoll)) {
        o.insert(QStringLiteral("error"), QString::fromUtf8(node.err.right(500)));
        return o;
    }
    const qint64 pid = node.pid();
    const qint64 idleKiB = rssKiB(pid);
    Fleet fleet(port);
    const Gt06FrameEncoder encoder;
    QElapsedTimer setup;
    setup.start();
    fleet.openAll(devices);
    const bool allIn = logIn(fleet, encoder, 0, fleet.devices.size(), 120000);
    o.insert(QStringLiteral("secondsToConnectAndLogIn"), double(setup.elapsed()) / 1000.0);
    o.insert(QStringLiteral("allLoggedIn"), allIn);

    // Each device sends at its own phase of the period, one frame at a time.
    const qint64 periodUs = qint64(1e6 * double(devices) / rate);
    const std::size_t n = fleet.devices.size();
    std::vector<qint64> latencies;
    latencies.reserve(std::size_t(rate) * std::size_t(seconds + 2));
    qint64 skipped = 0;
    qint64 sentFrames = 0;
    const auto runFor = [&](qint64 durationUs, bool measure) {
        const qint64 start = nowUs();
        qint64 next = 0; // frames due so far in this phase
        while (nowUs() - start < durationUs) {
            const qint64 elapsed = nowUs() - start;
            const qint64 due = elapsed * qint64(n) / periodUs;
            for (; next < due; ++next) {
                const std::size_t k = std::size_t(next % qint64(n));
                Fleet::Device &d = fleet.devices[k];
                if (!d.loggedIn)
                    continue;
                if (d.sentAt != 0) {
                    ++skipped; // still waiting for the previous acknowledgement
                    continue;
                }
                Position p;
                p.deviceTime = QDateTime::currentMSecsSinceEpoch();
                p.valid = true;
                p.latitude = 52.0 + double(k % 1000) * 1e-4;
                p.longitude = 21.0;
                p.speedKph = 40;
                d.sentAt = nowUs();
                fleet.send(k, encoder.position(imei(d.index), p, d.serial++));
                ++sentFrames;
            }
            fleet.poll(1, [&](std::size_t k, quint8 type) {
                Fleet::Device &d = fleet.devices[k];
                if (type != 0x01 && d.sentAt != 0) {
                    if (measure)
                        latencies.push_back(nowUs() - d.sentAt);
                    d.sentAt = 0;
                }
            });
        }
    };
    runFor(periodUs + 2'000'000, false); // every device has sent once, the node is warm
    skipped = sentFrames = 0;
    const double cpuBefore = cpuSeconds(pid);
    const qint64 wallBefore = nowUs();
    runFor(qint64(seconds) * 1'000'000, true);
    const double wall = double(nowUs() - wallBefore) / 1e6;
    const double cpu = cpuSeconds(pid) - cpuBefore;
    const qint64 loadedKiB = rssKiB(pid);
    o.insert(QStringLiteral("seconds"), wall);
    o.insert(QStringLiteral("framesSent"), sentFrames);
    o.insert(QStringLiteral("acknowledged"), qint64(latencies.size()));
    o.insert(QStringLiteral("skippedWaitingForAck"), skipped);
    o.insert(QStringLiteral("nodeCpuPercent"), 100.0 * cpu / wall);
    o.insert(QStringLiteral("nodeCpuMicrosPerFrame"),
        latencies.empty() ? 0.0 : 1e6 * cpu / double(latencies.size()));
    o.insert(QStringLiteral("latencyMsP50"), percentile(latencies, 0.50));
    o.insert(QStringLiteral("latencyMsP99"), percentile(latencies, 0.99));
    o.insert(QStringLiteral("latencyMsMax"), percentile(latencies, 1.0));
    o.insert(QStringLiteral("nodeRssMiB"), double(loadedKiB) / 1024.0);
    o.insert(QStringLiteral("nodeKiBPerConnection"),
        double(loadedKiB - idleKiB) / std::max<std::size_t>(1, n));
    o.insert(QStringLiteral("connectErrors"), fleet.connectErrors);
    o.insert(QStringLiteral("closedByNode"), fleet.closedByNode);
    fleet.closeRange(0, n);
    node.stop();
    return o;
}

QJsonObject hold(const QString &exe, const QString &db, int connections, int registered, bool epoll)
{
    const quint16 port = freeTcpUdpPort();
    Node node;
    QJsonObject o { { QStringLiteral("benchmark"), QStringLiteral("ingest-hold") },
        { QStringLiteral("dispatcher"), epoll ? QStringLiteral("epoll") : QStringLiteral("qt") },
        { QStringLiteral("connectionsWanted"), connections } };
    if (!node.start(exe, db, port, epoll)) {
        o.insert(QStringLiteral("error"), QString::fromUtf8(node.err.right(500)));
        return o;
    }
    const qint64 pid = node.pid();
    const qint64 idleKiB = rssKiB(pid);
    Fleet fleet(port);
    QElapsedTimer t;
    t.start();
    fleet.openAll(connections);
    while (
        fleet.connected + fleet.connectErrors < int(fleet.devices.size()) && t.elapsed() < 120000)
        fleet.poll(10, [](std::size_t, quint8) {});
    // Let the node accept and set up every session, then measure.
    QThread::msleep(2000);
    fleet.poll(0, [](std::size_t, quint8) {});
    const qint64 heldKiB = rssKiB(pid);
    o.insert(QStringLiteral("connected"), fleet.connected);
    o.insert(QStringLiteral("connectErrors"), fleet.connectErrors);
    o.insert(QStringLiteral("secondsToOpen"), double(t.elapsed()) / 1000.0 - 2.0);
    o.insert(QStringLiteral("nodeRssMiB"), double(heldKiB) / 1024.0);
    o.insert(QStringLiteral("nodeKiBPerIdleConnection"),
        double(heldKiB - idleKiB) / std::max(1, fleet.connected));

    // A cell outage ends: the first 10,000 (registered) devices reconnect at once and log in.
    const int back = std::min({ 10000, registered, int(fleet.devices.size()) });
    fleet.closeRange(0, std::size_t(back));
    QThread::msleep(500);
    const std::size_t before = fleet.devices.size();
    const Gt06FrameEncoder encoder;
    t.restart();
    fleet.open(0, back);
    fleet.poll(0, [](std::size_t, quint8) {});
    const bool all = logIn(fleet, encoder, before, fleet.devices.size(), 60000);
    o.insert(QStringLiteral("reconnecting"), back);
    o.insert(QStringLiteral("allLoggedInAgain"), all);
    o.insert(QStringLiteral("secondsUntilAllLoggedIn"), double(t.elapsed()) / 1000.0);
    fleet.closeRange(0, fleet.devices.size());
    node.stop();
    return o;
}

long raiseFileLimit(long wanted)
{
    rlimit rl {};
    getrlimit(RLIMIT_NOFILE, &rl);
    rlimit more { rlim_t(wanted), rlim_t(wanted) };
    if (setrlimit(RLIMIT_NOFILE, &more) != 0) { // not allowed: as high as the hard limit
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    getrlimit(RLIMIT_NOFILE, &rl);
    return long(rl.rlim_cur);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    const auto option = [&args](const QString &name, const QString &fallback) {
        const qsizetype i = args.indexOf(name);
        if (i < 0 || i + 1 >= args.size())
            return fallback;
        const QString v = args.at(i + 1);
        args.remove(i, 2);
        return v;
    };
    const int seconds = option(QStringLiteral("--seconds"), QStringLiteral("20")).toInt();
    const int rate = option(QStringLiteral("--rate"), QStringLiteral("1500")).toInt();
    const int holdCount = option(QStringLiteral("--hold"), QStringLiteral("60000")).toInt();
    const QString only = option(QStringLiteral("--only"), QString());
    QList<int> sweep;
    for (const QString &v : option(QStringLiteral("--sweep"), QStringLiteral("1500,5000,15000"))
                                .split(QLatin1Char(',')))
        sweep << v.toInt();
    QString exe = args.value(0);
    if (exe.isEmpty() || !QFileInfo(exe).isExecutable())
        exe = QCoreApplication::applicationDirPath() + QStringLiteral("/fleetwatch");
    if (!QFileInfo(exe).isExecutable() || seconds <= 0 || rate <= 0) {
        std::fprintf(stderr,
            "usage: cadence_bench [PATH/TO/fleetwatch] [--seconds S] [--rate R] "
            "[--hold N] [--only qt|epoll] [--sweep 1500,5000,15000]\n");
        return 2;
    }
    const int largest = sweep.isEmpty() ? 0 : *std::max_element(sweep.cbegin(), sweep.cend());
    const long limit = raiseFileLimit(long(std::max(largest, holdCount)) + 4096);
    QTemporaryDir folder;
    const QString db
        = QStringLiteral("sqlite:") + folder.filePath(QStringLiteral("cadence.sqlite"));
    // Every device of the largest scenario registered once.
    QByteArray csv = "id,name,protocol\n";
    const int registered = std::max(largest, 10000);
    for (int i = 0; i < registered; ++i)
        csv += imei(i).toLatin1() + ",Truck " + QByteArray::number(i) + ",gt06\n";
    const QString problem
        = bench::importFleet(exe, db, folder.filePath(QStringLiteral("fleet.csv")), csv, 300000);
    if (!problem.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(problem));
        return 2;
    }
    print(QJsonObject { { QStringLiteral("benchmark"), QStringLiteral("setup") },
        { QStringLiteral("registeredDevices"), registered },
        { QStringLiteral("openFileLimit"), qint64(limit) } });
    QList<bool> modes;
    if (only != u"epoll")
        modes << false;
    if (only != u"qt")
        modes << true;
    sweep.removeAll(0); // --sweep 0: no cadence scenario
    for (int devices : std::as_const(sweep)) {
        for (bool epoll : std::as_const(modes))
            print(cadence(exe, db, devices, rate, seconds, epoll));
    }
    if (holdCount > 0) {
        // Each process has its own descriptor limit: the node raises its soft limit to the
        // hard one, as this process does.
        const int held = int(std::min<long>(holdCount, limit - 512));
        if (held < holdCount) {
            std::fprintf(stderr, "open file limit %ld: holding %d connections, not %d\n", limit,
                held, holdCount);
        }
        for (bool epoll : std::as_const(modes))
            print(hold(exe, db, held, registered, epoll));
    }
    return 0;
}
