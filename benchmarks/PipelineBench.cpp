#include "PipelineBench.h"
#include "BenchFleet.h"
#include "ingest/FreePort.h"

#include "domain/Position.h"
#include "sim/Gt06FrameEncoder.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QThread>

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <map>
#include <vector>

namespace fw {

namespace {

constexpr qsizetype kReplyBytes = 10; // GT06 login and location replies: 78 78 05 T S S C C 0d 0a

qint64 nowUs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}

QString imei(int i)
{
    return QStringLiteral("35%1").arg(i, 13, 10, QLatin1Char('0'));
}

// utime + stime in clock ticks of /proc/.../stat, and the thread's name.
struct CpuTicks
{
    QString name;
    qint64 ticks = 0;
};

CpuTicks readStat(const QString &path)
{
    QFile f(path);
    CpuTicks c;
    if (!f.open(QIODevice::ReadOnly))
        return c;
    const QByteArray s = f.readAll();
    const qsizetype open = s.indexOf('(');
    const qsizetype close = s.lastIndexOf(')');
    c.name = QString::fromUtf8(s.mid(open + 1, close - open - 1));
    const QList<QByteArray> fields = s.mid(close + 2).split(' ');
    c.ticks = fields.value(11).toLongLong() + fields.value(12).toLongLong();
    return c;
}

std::map<qint64, CpuTicks> threadTicks(qint64 pid)
{
    std::map<qint64, CpuTicks> out;
    const QDir dir(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString &tid : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        out[tid.toLongLong()] = readStat(dir.filePath(tid) + QStringLiteral("/stat"));
    return out;
}

qint64 statusKiB(qint64 pid, const char *key)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(qsizetype(qstrlen(key))).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

// The allocation counters of malloc_count.cpp in the node: { tid, allocations, frees } entries.
struct AllocSlot
{
    long tid;
    long allocations;
    long frees;
};

std::map<qint64, qint64> readAllocations(qint64 pid, const QString &announceFile)
{
    std::map<qint64, qint64> out;
    QFile a(announceFile);
    if (!a.open(QIODevice::ReadOnly))
        return out;
    const QList<QByteArray> parts = a.readAll().trimmed().split(' ');
    bool ok = false;
    const quint64 address = parts.value(0).mid(2).toULongLong(&ok, 16);
    const int slotCount = parts.value(1).toInt();
    if (!ok || slotCount <= 0)
        return out;
    const int fd = ::open(
        QStringLiteral("/proc/%1/mem").arg(pid).toLocal8Bit().constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return out;
    std::vector<AllocSlot> table(static_cast<std::size_t>(slotCount));
    const ssize_t want = ssize_t(table.size() * sizeof(AllocSlot));
    if (::pread(fd, table.data(), std::size_t(want), off_t(address)) == want) {
        for (const AllocSlot &s : table) {
            if (s.tid != 0)
                out[s.tid] += s.allocations;
        }
    }
    ::close(fd);
    return out;
}

// The load: raw non-blocking sockets on one epoll set, every device's whole stream prepared
// before the clock starts.
struct Device
{
    int fd = -1;
    QByteArray stream;
    qsizetype written = 0;
    qsizetype received = 0;
    bool connected = false;
};

} // namespace

PipelineBench::PipelineBench(
    const QString &fleetwatch, const QString &folder, const Options &options)
    : m_exe(fleetwatch)
    , m_folder(folder)
    , m_options(options)
{ }

QJsonObject PipelineBench::run()
{
    const int n = m_options.devices;
    const int m = m_options.framesPerDevice;
    const qint64 positions = qint64(n) * m;
    QJsonObject o { { QStringLiteral("benchmark"), QStringLiteral("ingest-pipelined-gt06") },
        { QStringLiteral("devices"), n }, { QStringLiteral("framesPerDevice"), m },
        { QStringLiteral("positions"), positions } };
    const auto fail = [&o](const QString &why) {
        o.insert(QStringLiteral("error"), why);
        return o;
    };
    const QString dbPath = m_folder + QStringLiteral("/pipeline.sqlite");
    QFile::remove(dbPath);
    const QString db = QStringLiteral("sqlite:") + dbPath;

    // Fleet registered before the node starts, as an operator would.
    {
        QByteArray csv = "uniqueId,name,protocol\n";
        for (int i = 0; i < n; ++i)
            csv += imei(i).toLatin1() + ",Truck " + QByteArray::number(i) + ",gt06\n";
        const QString problem = bench::importFleet(
            m_exe, db, m_folder + QStringLiteral("/pipeline.csv"), csv, 120000);
        if (!problem.isEmpty())
            return fail(problem);
    }

    if (m_options.withRules) {
        if (const QString problem = addGeofencesAndRules(db); !problem.isEmpty())
            return fail(problem);
        o.insert(QStringLiteral("rules"), m_options.alerts);
    }

    // Every device's bytes: login, then m locations one second apart (from a minute ago with
    // rules, so none is too old for them).
    const Gt06FrameEncoder encoder;
    std::vector<Device> devices(static_cast<std::size_t>(n));
    const TimeMs start = m_options.withRules
        ? QDateTime::currentMSecsSinceEpoch() / kSecond * kSecond - kMinute
        : utcTime(2026, 1, 5, 6, 0, 0);
    for (int i = 0; i < n; ++i) {
        Device &d = devices[std::size_t(i)];
        d.stream.reserve(qsizetype(m + 1) * 40);
        d.stream += encoder.login(imei(i), 1);
        Position p;
        p.valid = true;
        p.satellites = 9;
        p.attributes.set(attr::ignition, true);
        for (int k = 0; k < m; ++k) {
            p.deviceTime = start + qint64(k) * kSecond;
            p.latitude = 48.0 + i * 0.001 + k * 0.00001;
            p.longitude = 11.0 + i * 0.001 + k * 0.00002;
            p.speedKph = 30 + k % 50;
            p.course = (k * 7) % 360;
            d.stream += encoder.position(imei(i), p, quint32(2 + k));
        }
    }

    // The node, as a user starts it, with allocations counted when the library is built.
    const QString announce = m_folder + QStringLiteral("/malloc_count.txt");
    QFile::remove(announce);
    const QString preload
        = QCoreApplication::applicationDirPath() + QStringLiteral("/libfw_malloc_count.so");
    const bool counting = m_options.countAllocations && QFileInfo::exists(preload);
    QProcess node;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("fleetwatch.*.info=false"));
    if (counting) {
        env.insert(QStringLiteral("LD_PRELOAD"), preload);
        env.insert(QStringLiteral("FW_MALLOC_COUNT_FILE"), announce);
    }
    node.setProcessEnvironment(env);
    const QString statsFile = m_folder + QStringLiteral("/pipeline-stats.jsonl");
    const QString errFile = m_folder + QStringLiteral("/pipeline-stderr.txt");
    node.setStandardOutputFile(statsFile);
    node.setStandardErrorFile(errFile);
    const quint16 port = freeTcpUdpPort();
    node.start(m_exe,
        QStringList { QStringLiteral("--headless"), QStringLiteral("--db"), db, QStringLiteral("--bind"),
            QStringLiteral("127.0.0.1"), QStringLiteral("--listen"),
            QStringLiteral("gt06=%1").arg(port), QStringLiteral("--stats-interval"),
            QStringLiteral("1") }
            + (m_options.alerts ? QStringList() : QStringList { QStringLiteral("--no-alerts") }));
    const auto readFile = [](const QString &path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    const auto lastStats = [&]() {
        const QList<QByteArray> lines = readFile(statsFile).trimmed().split('\n');
        return QJsonDocument::fromJson(lines.last()).object();
    };
    if (!node.waitForStarted(30000))
        return fail(QStringLiteral("node did not start: ") + node.errorString());
    {
        QElapsedTimer t;
        t.start();
        while (!readFile(errFile).contains("listening on 1 port(s)")) {
            if (t.elapsed() > 60000 || node.state() != QProcess::Running)
                return fail(QStringLiteral("node did not start: ")
                    + QString::fromUtf8(readFile(errFile).right(500)));
            QThread::msleep(20);
        }
    }
    const qint64 pid = node.processId();

    // Connect everyone first (not timed), then send.
    const int ep = epoll_create1(EPOLL_CLOEXEC);
    int connected = 0;
    for (std::size_t k = 0; k < devices.size(); ++k) {
        Device &d = devices[k];
        d.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        const int one = 1;
        ::setsockopt(d.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in dst {};
        dst.sin_family = AF_INET;
        dst.sin_port = htons(port);
        dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(d.fd, reinterpret_cast<sockaddr *>(&dst), sizeof dst) != 0
            && errno != EINPROGRESS)
            return fail(QStringLiteral("connect failed"));
        epoll_event ev {};
        ev.events = EPOLLOUT;
        ev.data.u64 = k;
        epoll_ctl(ep, EPOLL_CTL_ADD, d.fd, &ev);
    }
    {
        epoll_event events[512];
        QElapsedTimer t;
        t.start();
        while (connected < n && t.elapsed() < 60000) {
            const int got = epoll_wait(ep, events, 512, 100);
            for (int i = 0; i < got; ++i) {
                Device &d = devices[std::size_t(events[i].data.u64)];
                if (d.connected)
                    continue;
                d.connected = true;
                ++connected;
            }
        }
        if (connected < n)
            return fail(QStringLiteral("only %1 devices connected").arg(connected));
        // Wait until the node has accepted them all.
        while (
            lastStats().value(QStringLiteral("connections")).toInteger() < n && t.elapsed() < 60000)
            QThread::msleep(20);
    }
    for (std::size_t k = 0; k < devices.size(); ++k) {
        epoll_event ev {};
        ev.events = EPOLLIN | EPOLLOUT;
        ev.data.u64 = k;
        epoll_ctl(ep, EPOLL_CTL_MOD, devices[k].fd, &ev);
    }

    const qint64 storedBefore = lastStats().value(QStringLiteral("stored")).toInteger();
    const std::map<qint64, CpuTicks> ticksBefore = threadTicks(pid);
    const CpuTicks processBefore = readStat(QStringLiteral("/proc/%1/stat").arg(pid));
    const std::map<qint64, qint64> allocsBefore
        = counting ? readAllocations(pid, announce) : std::map<qint64, qint64>();

    // ---- timed: first byte sent .. last acknowledgement received ----
    const qint64 t0 = nowUs();
    const qsizetype expected = qsizetype(m + 1) * kReplyBytes;
    int complete = 0;
    int closed = 0;
    {
        epoll_event events[512];
        char buf[65536];
        while (complete + closed < n && nowUs() - t0 < 600'000'000) {
            const int got = epoll_wait(ep, events, 512, 1000);
            for (int i = 0; i < got; ++i) {
                Device &d = devices[std::size_t(events[i].data.u64)];
                if (d.fd < 0)
                    continue;
                if ((events[i].events & EPOLLOUT) && d.written < d.stream.size()) {
                    const ssize_t w = ::send(d.fd, d.stream.constData() + d.written,
                        std::size_t(d.stream.size() - d.written), MSG_NOSIGNAL);
                    if (w > 0)
                        d.written += w;
                    if (d.written == d.stream.size()) {
                        epoll_event ev {};
                        ev.events = EPOLLIN;
                        ev.data.u64 = events[i].data.u64;
                        epoll_ctl(ep, EPOLL_CTL_MOD, d.fd, &ev);
                    }
                }
                if (!(events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
                    continue;
                for (;;) {
                    const ssize_t r = ::recv(d.fd, buf, sizeof buf, 0);
                    if (r > 0) {
                        const bool was = d.received >= expected;
                        d.received += r;
                        if (!was && d.received >= expected)
                            ++complete;
                        continue;
                    }
                    if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
                        ++closed;
                        ::close(d.fd);
                        d.fd = -1;
                    }
                    break;
                }
            }
        }
    }
    const qint64 ackedUs = nowUs() - t0;
    const std::map<qint64, CpuTicks> ticksAfter = threadTicks(pid);
    const CpuTicks processAfter = readStat(QStringLiteral("/proc/%1/stat").arg(pid));
    const std::map<qint64, qint64> allocsAfter
        = counting ? readAllocations(pid, announce) : std::map<qint64, qint64>();
    const qint64 peakKiB = statusKiB(pid, "VmHWM:");
    const qint64 rssKiB = statusKiB(pid, "VmRSS:");
    // The node's own count: the first stats line that reports all of them stored.
    qint64 statsUs = -1;
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 30000) {
            if (lastStats().value(QStringLiteral("stored")).toInteger() - storedBefore
                >= positions) {
                statsUs = nowUs() - t0;
                break;
            }
            QThread::msleep(5);
        }
    }
    const qint64 storedByStats
        = lastStats().value(QStringLiteral("stored")).toInteger() - storedBefore;
    for (Device &d : devices) {
        if (d.fd >= 0)
            ::close(d.fd);
    }
    ::close(ep);
    node.terminate();
    if (!node.waitForFinished(120000))
        node.kill();

    const double seconds = double(ackedUs) / 1e6;
    const double rate = double(positions) / seconds;
    const double ticksPerUs = double(sysconf(_SC_CLK_TCK)) / 1e6;
    const auto usPerPosition
        = [&](qint64 ticks) { return double(ticks) / ticksPerUs / double(positions); };
    QJsonArray threads;
    double ingestUs = 0;
    QString ingestThread;
    for (const auto &[tid, after] : ticksAfter) {
        const auto b = ticksBefore.find(tid);
        const qint64 d = after.ticks - (b == ticksBefore.end() ? 0 : b->second.ticks);
        qint64 allocs = 0;
        if (const auto a = allocsAfter.find(tid); a != allocsAfter.end()) {
            const auto ab = allocsBefore.find(tid);
            allocs = a->second - (ab == allocsBefore.end() ? 0 : ab->second);
        }
        if (d == 0 && allocs == 0)
            continue;
        threads.append(
            QJsonObject { { QStringLiteral("tid"), tid }, { QStringLiteral("name"), after.name },
                { QStringLiteral("cpuUsPerPosition"), usPerPosition(d) },
                { QStringLiteral("allocationsPerPosition"), double(allocs) / double(positions) } });
        // The ingest server runs on the node's main thread (named after the program).
        if (tid == pid) {
            ingestUs = usPerPosition(d);
            ingestThread = after.name;
        }
    }
    qint64 allocTotal = 0;
    qint64 allocIngest = 0;
    for (const auto &[tid, after] : allocsAfter) {
        const auto b = allocsBefore.find(tid);
        const qint64 d = after - (b == allocsBefore.end() ? 0 : b->second);
        allocTotal += d;
        if (tid == pid)
            allocIngest += d;
    }
    const qint64 exported = exportedPositions(db);
    const QJsonObject reference = m_options.reference ? pythonReference(dbPath) : QJsonObject();
    const double referenceRate = reference.value(QStringLiteral("positionsPerSecond")).toDouble();

    o.insert(QStringLiteral("secondsToAllAcknowledged"), seconds);
    o.insert(QStringLiteral("positionsPerSecond"), qint64(rate));
    o.insert(QStringLiteral("secondsToStatsReportAllStored"),
        statsUs < 0 ? QJsonValue() : QJsonValue(double(statsUs) / 1e6));
    o.insert(QStringLiteral("statsLineGranularitySeconds"), 1);
    o.insert(QStringLiteral("storedByNodeStats"), storedByStats);
    o.insert(QStringLiteral("devicesAllAcknowledged"), complete);
    o.insert(QStringLiteral("connectionsClosedByNode"), closed);
    o.insert(QStringLiteral("exportedPositions"), exported);
    o.insert(QStringLiteral("allExported"), exported == positions);
    o.insert(QStringLiteral("pythonExecutemany"), reference);
    o.insert(
        QStringLiteral("ratioToPythonExecutemany"), referenceRate > 0 ? rate / referenceRate : 0.0);
    o.insert(QStringLiteral("nodeCpuUsPerPosition"),
        usPerPosition(processAfter.ticks - processBefore.ticks));
    o.insert(QStringLiteral("ingestThread"), ingestThread);
    o.insert(QStringLiteral("ingestThreadCpuUsPerPosition"), ingestUs);
    o.insert(QStringLiteral("allocationCounter"),
        counting ? QStringLiteral("LD_PRELOAD libfw_malloc_count.so in the node")
                 : QStringLiteral("not built/not used"));
    if (counting) {
        o.insert(QStringLiteral("allocationsPerPosition"), double(allocTotal) / double(positions));
        o.insert(QStringLiteral("ingestThreadAllocationsPerPosition"),
            double(allocIngest) / double(positions));
    }
    o.insert(QStringLiteral("threads"), threads);
    o.insert(QStringLiteral("nodePeakRssMiB"), double(peakKiB) / 1024.0);
    o.insert(QStringLiteral("nodeRssAtEndMiB"), double(rssKiB) / 1024.0);
    o.insert(QStringLiteral("nodeExitCode"), node.exitCode());
    if (m_options.withRules) // the node prints one line per alert it stored
        o.insert(QStringLiteral("alertsRaised"), readFile(errFile).count("fleetwatch: alert "));
    o.insert(QStringLiteral("targets"),
        QJsonObject { { QStringLiteral("positionsPerSecond"), 300000 },
            { QStringLiteral("ratioToPythonExecutemany"), 1.0 },
            { QStringLiteral("ingestThreadCpuUsPerPosition"), 2.0 },
            { QStringLiteral("allocationsPerPosition"), 2.0 } });
    return o;
}

qint64 PipelineBench::exportedPositions(const QString &db) const
{
    // CSV: one header line, then one line per position.
    QProcess exporter;
    exporter.setStandardOutputFile(m_folder + QStringLiteral("/pipeline-export.csv"));
    exporter.start(m_exe,
        { QStringLiteral("export"), QStringLiteral("--db"), db, QStringLiteral("--format"),
            QStringLiteral("csv") });
    if (!exporter.waitForFinished(600000) || exporter.exitCode() != 0)
        return -1;
    QFile f(m_folder + QStringLiteral("/pipeline-export.csv"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    qint64 lines = 0;
    char buf[1 << 16];
    for (qint64 r; (r = f.read(buf, sizeof buf)) > 0;)
        lines += std::count(buf, buf + r, '\n');
    f.close();
    f.remove();
    return lines - 1;
}

QJsonObject PipelineBench::pythonReference(const QString &dbPath) const
{
    QProcess python;
    python.start(QStringLiteral("python3"),
        { QStringLiteral(FW_SOURCE_DIR "/benchmarks/executemany_reference.py"), dbPath,
            m_folder + QStringLiteral("/reference.sqlite"), QString::number(m_options.devices),
            QString::number(m_options.framesPerDevice) });
    if (!python.waitForFinished(600000) || python.exitCode() != 0)
        return { { QStringLiteral("error"), QString::fromUtf8(python.readAllStandardError()) } };
    return QJsonDocument::fromJson(python.readAllStandardOutput()).object();
}

} // namespace fw

namespace fw {

QString PipelineBench::addGeofencesAndRules(const QString &db) const
{
    // 2,000 polygons of 20 to 100 vertices, 100 to 800 m across, over the devices' area.
    QRandomGenerator rng(12);
    QByteArray json = "{\"type\":\"FeatureCollection\",\"features\":[";
    for (int i = 0; i < 2000; ++i) {
        const double lat = 48.0 + rng.bounded(0.52), lon = 11.0 + rng.bounded(0.52);
        const double r = 100 + rng.bounded(700.0);
        const int n = 20 + int(rng.bounded(81));
        json += i ? "," : "";
        json += "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\","
                "\"coordinates\":[[";
        for (int k = 0; k <= n; ++k) {
            const double a = 2 * std::numbers::pi * (k % n) / n;
            json += (k ? "," : "") + QStringLiteral("[%1,%2]")
                                         .arg(lon + r * std::sin(a) / 74'000, 0, 'f', 7)
                                         .arg(lat + r * std::cos(a) / 111'000, 0, 'f', 7)
                                         .toLatin1();
        }
        json += "]]}}";
    }
    json += "]}";
    const QString file = m_folder + QStringLiteral("/zones.geojson");
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size())
        return QStringLiteral("cannot write %1").arg(file);
    f.close();
    const QList<QStringList> commands = {
        { QStringLiteral("geofences"), QStringLiteral("import"), file },
        { QStringLiteral("rules"), QStringLiteral("add"), QStringLiteral("--name"),
          QStringLiteral("in"), QStringLiteral("--type"), QStringLiteral("geofence-enter") },
        { QStringLiteral("rules"), QStringLiteral("add"), QStringLiteral("--name"),
          QStringLiteral("out"), QStringLiteral("--type"), QStringLiteral("geofence-exit") },
        { QStringLiteral("rules"), QStringLiteral("add"), QStringLiteral("--name"),
          QStringLiteral("fast"), QStringLiteral("--type"), QStringLiteral("overspeed"),
          QStringLiteral("--limit"), QStringLiteral("70"), QStringLiteral("--after"),
          QStringLiteral("5") },
        { QStringLiteral("rules"), QStringLiteral("add"), QStringLiteral("--name"),
          QStringLiteral("silent"), QStringLiteral("--type"), QStringLiteral("offline"),
          QStringLiteral("--after"), QStringLiteral("3600") },
        { QStringLiteral("rules"), QStringLiteral("add"), QStringLiteral("--name"),
          QStringLiteral("off"), QStringLiteral("--type"), QStringLiteral("ignition-off") },
        { QStringLiteral("rules"), QStringLiteral("add"), QStringLiteral("--name"),
          QStringLiteral("sos"), QStringLiteral("--type"), QStringLiteral("alarm"),
          QStringLiteral("--alarm"), QStringLiteral("any") },
    };
    for (const QStringList &c : commands) {
        QProcess p;
        p.start(m_exe, c + QStringList { QStringLiteral("--db"), db });
        if (!p.waitForFinished(120000) || p.exitCode() != 0)
            return QStringLiteral("%1 failed: %2")
                .arg(c.join(QLatin1Char(' ')), QString::fromUtf8(p.readAllStandardError()));
    }
    return {};
}

} // namespace fw
