// ingest_bench: end-to-end ingest through a real `fleetwatch --headless` child process on a
// temporary SQLite database, over loopback.
//   phase 1: 10,000 concurrent TCP connections opened and held; connections the node reports
//            and its memory (VmRSS / VmHWM from /proc/PID/status).
//   phase 2: 1,000 simulated devices (GT06 and Teltonika, burst mode: as fast as the
//            acknowledgements allow) for ~15 s; positions stored per second, sustained, from
//            the node's own stats lines ("stored" counts committed positions); peak memory.
//   --pipeline: instead of the two phases, the pipelined GT06 scenario of issue #12
//            (PipelineBench.h): N devices (default 500) each log in and pipeline M location
//            frames (default 1,000); positions/s end to end with acknowledge-after-commit, the
//            Python executemany reference and the ratio, CPU and heap allocations per position,
//            peak RSS. `--runs K` repeats it (each on a fresh database).
// Prints one JSON object per phase. Usage:
//   ingest_bench [PATH/TO/fleetwatch] [--connections N] [--devices N] [--seconds S]
//   ingest_bench [PATH/TO/fleetwatch] --pipeline [--devices N] [--frames M] [--runs K]
//                [--no-reference] [--no-alloc-count] [--with-rules] [--no-alerts]
// --with-rules: 2,000 polygon geofences around the devices and six alert rules in the database,
// and current device times (so the rules evaluate every position); --no-alerts starts the node
// without rule evaluation, for the same scenario's rate without rules.
// Without a path, the fleetwatch binary next to this one is used.

#include "BenchFleet.h"
#include "PipelineBench.h"
#include "sim/DeviceSimulator.h"
#include "util/TimeUtil.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QUdpSocket>

#include <sys/resource.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

using namespace fw;

namespace {

void print(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

quint16 freePort()
{
    for (int attempt = 0; attempt < 100; ++attempt) {
        QTcpServer tcp;
        if (!tcp.listen(QHostAddress::LocalHost, 0))
            continue;
        QUdpSocket udp;
        if (udp.bind(QHostAddress::LocalHost, tcp.serverPort()))
            return tcp.serverPort();
    }
    return 0;
}

long raiseFileLimit()
{
    rlimit rl {};
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
    return long(rl.rlim_cur);
}

// kB values of VmRSS and VmHWM of a process.
QJsonObject memoryOf(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    QJsonObject o;
    if (!f.open(QIODevice::ReadOnly))
        return o;
    for (const QByteArray &line : f.readAll().split('\n')) {
        for (const char *key : { "VmRSS", "VmHWM" }) {
            if (line.startsWith(key)) {
                const qint64 kb
                    = line.mid(int(qstrlen(key)) + 1).trimmed().split(' ').value(0).toLongLong();
                o.insert(QString::fromLatin1(key) + QStringLiteral("MiB"), double(kb) / 1024.0);
            }
        }
    }
    return o;
}

bool waitFor(const std::function<bool()> &condition, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!condition()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
    return true;
}

class Node
{
public:
    Node()
    {
        QObject::connect(&process, &QProcess::readyReadStandardOutput, &process, [this] {
            buffer += process.readAllStandardOutput();
            qsizetype nl;
            while ((nl = buffer.indexOf('\n')) >= 0) {
                const QJsonDocument doc = QJsonDocument::fromJson(buffer.left(nl));
                buffer.remove(0, nl + 1);
                if (doc.isObject()) {
                    stats.append(doc.object());
                    times.append(clock.elapsed());
                }
            }
        });
        QObject::connect(&process, &QProcess::readyReadStandardError, &process,
            [this] { err += process.readAllStandardError(); });
        clock.start();
    }
    ~Node()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
    QJsonObject last() const { return stats.isEmpty() ? QJsonObject() : stats.last(); }
    qint64 lastInt(const char *key) const { return last().value(QLatin1String(key)).toInteger(); }

    QProcess process;
    QByteArray buffer;
    QByteArray err;
    QList<QJsonObject> stats;
    QList<qint64> times; // ms since start, when each stats line arrived
    QElapsedTimer clock;
};

int run(const QString &exe, const QString &folder, int connections, int devices, int seconds)
{
    const QString db = QStringLiteral("sqlite:") + folder + QStringLiteral("/bench.sqlite");
    const quint16 gt06Port = freePort();
    const quint16 teltonikaPort = freePort();

    // The phase 2 fleet, registered before the node starts.
    const int perProtocol = std::max(1, devices / 2);
    const auto makeOptions = [&](const QString &protocol, quint16 port) {
        SimulatorOptions o;
        o.protocols = { protocol };
        o.ports.insert(protocol, port);
        o.devicesPerProtocol = perProtocol;
        o.mode = SimulatorMode::Burst;
        o.routeStepMs = 1000;
        o.maxInFlight = 16;
        o.recordAcks = false;
        o.ackTimeoutMs = 60000;
        o.seed = 42;
        return o;
    };
    const SimulatorOptions gt06Options = makeOptions(QStringLiteral("gt06"), gt06Port);
    const SimulatorOptions teltonikaOptions
        = makeOptions(QStringLiteral("teltonika"), teltonikaPort);
    QByteArray csv = "uniqueId,name,protocol\n";
    for (const SimulatorOptions &o : { gt06Options, teltonikaOptions }) {
        for (const Device &d : DeviceSimulator(o).devices())
            csv += d.uniqueId.toUtf8() + ",\"" + d.name.toUtf8() + "\"," + d.protocol.toUtf8()
                + '\n';
    }
    const QString problem
        = bench::importFleet(exe, db, folder + QStringLiteral("/fleet.csv"), csv, 120000);
    if (!problem.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(problem));
        return 2;
    }

    Node node;
    node.process.start(exe,
        { QStringLiteral("--headless"), QStringLiteral("--db"), db, QStringLiteral("--bind"),
            QStringLiteral("127.0.0.1"), QStringLiteral("--listen"),
            QStringLiteral("gt06=%1").arg(gt06Port), QStringLiteral("--listen"),
            QStringLiteral("teltonika=%1").arg(teltonikaPort), QStringLiteral("--stats-interval"),
            QStringLiteral("1") });
    if (!waitFor([&] { return node.err.contains("listening on 2 port(s)"); }, 30000)) {
        std::fprintf(stderr, "node did not start: %s\n", node.err.constData());
        return 2;
    }
    const qint64 pid = node.process.processId();
    const QJsonObject idleMemory = memoryOf(pid);

    // ---- phase 1: connections held ----
    {
        QElapsedTimer t;
        t.start();
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        sockets.reserve(std::size_t(connections));
        int connectErrors = 0;
        for (int k = 0; k < connections; ++k) {
            auto s = std::make_unique<QTcpSocket>();
            QObject::connect(s.get(), &QAbstractSocket::errorOccurred, s.get(),
                [&connectErrors] { ++connectErrors; });
            s->connectToHost(QHostAddress::LocalHost, gt06Port);
            sockets.push_back(std::move(s));
            if (k % 50 == 0)
                QCoreApplication::processEvents();
        }
        const bool all = waitFor([&] { return node.lastInt("connections") >= connections; }, 60000);
        const qint64 openMs = t.elapsed();
        int connected = 0;
        for (const auto &s : sockets)
            connected += s->state() == QAbstractSocket::ConnectedState ? 1 : 0;
        // Held for a few stats intervals, then measured.
        const qsizetype lines = node.stats.size();
        waitFor([&] { return node.stats.size() >= lines + 3; }, 10000);
        QJsonObject o { { QStringLiteral("benchmark"), QStringLiteral("ingest-connections") },
            { QStringLiteral("connectionsWanted"), connections },
            { QStringLiteral("connectionsOpenClient"), connected },
            { QStringLiteral("connectionsHeldByNode"), node.lastInt("connections") },
            { QStringLiteral("allHeld"), all },
            { QStringLiteral("secondsToOpen"), double(openMs) / 1000.0 },
            { QStringLiteral("connectErrors"), connectErrors },
            { QStringLiteral("nodeMemoryIdle"), idleMemory },
            { QStringLiteral("nodeMemoryHoldingConnections"), memoryOf(pid) } };
        print(o);
        sockets.clear();
        waitFor([&] { return node.lastInt("connections") == 0; }, 30000);
    }

    // ---- phase 2: sustained positions/s from `devices` connections ----
    struct SimThread
    {
        QThread thread;
        DeviceSimulator *sim = nullptr;
    };
    std::vector<std::unique_ptr<SimThread>> sims;
    for (const SimulatorOptions &o : { gt06Options, teltonikaOptions }) {
        auto st = std::make_unique<SimThread>();
        st->sim = new DeviceSimulator(o);
        st->sim->moveToThread(&st->thread);
        QObject::connect(&st->thread, &QThread::finished, st->sim, &QObject::deleteLater);
        st->thread.start();
        sims.push_back(std::move(st));
    }
    const qint64 storedBefore = node.lastInt("stored");
    for (auto &st : sims)
        QMetaObject::invokeMethod(st->sim, &DeviceSimulator::start, Qt::QueuedConnection);
    QElapsedTimer t;
    t.start();
    // Sustained rate: from the first stats line after a 3 s ramp-up to the last one.
    qsizetype firstLine = -1;
    waitFor(
        [&] {
            if (firstLine < 0 && t.elapsed() >= 3000)
                firstLine = node.stats.size() - 1;
            return t.elapsed() >= qint64(seconds) * 1000;
        },
        seconds * 1000 + 5000);
    const qsizetype lastLine = node.stats.size() - 1;
    qint64 acked = 0;
    qint64 sent = 0;
    qint64 simConnected = 0;
    for (auto &st : sims) {
        const SimulatorStats s = st->sim->stats();
        acked += s.positionsAcknowledged;
        sent += s.positionsSent;
        simConnected += s.connected;
    }
    const QJsonObject memoryUnderLoad = memoryOf(pid);
    for (auto &st : sims) {
        QMetaObject::invokeMethod(st->sim, &DeviceSimulator::stop, Qt::BlockingQueuedConnection);
        st->thread.quit();
        st->thread.wait();
    }
    double sustained = 0.0;
    qint64 windowStored = 0;
    double windowSeconds = 0.0;
    if (firstLine >= 0 && lastLine > firstLine) {
        windowStored = node.stats.at(lastLine).value(QStringLiteral("stored")).toInteger()
            - node.stats.at(firstLine).value(QStringLiteral("stored")).toInteger();
        windowSeconds = double(node.times.at(lastLine) - node.times.at(firstLine)) / 1000.0;
        sustained = windowSeconds > 0 ? double(windowStored) / windowSeconds : 0.0;
    }
    const QJsonObject peakMemory = memoryOf(pid);
    node.process.terminate();
    node.process.waitForFinished(120000);
    QCoreApplication::processEvents();
    const QJsonObject final = node.last();
    const qint64 storedTotal = final.value(QStringLiteral("stored")).toInteger() - storedBefore;
    QJsonObject o { { QStringLiteral("benchmark"), QStringLiteral("ingest-throughput") },
        { QStringLiteral("connections"), perProtocol * 2 },
        { QStringLiteral("simulatorConnected"), simConnected },
        { QStringLiteral("protocols"), QStringLiteral("gt06+teltonika") },
        { QStringLiteral("seconds"), double(t.elapsed()) / 1000.0 },
        { QStringLiteral("positionsSent"), sent },
        { QStringLiteral("positionsAcknowledged"), acked },
        { QStringLiteral("storedTotal"), storedTotal },
        { QStringLiteral("sustainedWindowSeconds"), windowSeconds },
        { QStringLiteral("sustainedStored"), windowStored },
        { QStringLiteral("positionsPerSecondSustained"), qint64(sustained) },
        { QStringLiteral("target"), 50000 },
        { QStringLiteral("meetsTarget"), sustained >= 50000.0 },
        { QStringLiteral("nodeMemoryUnderLoad"), memoryUnderLoad },
        { QStringLiteral("nodeMemoryPeak"), peakMemory },
        { QStringLiteral("nodeExitCode"), node.process.exitCode() },
        { QStringLiteral("finalStats"), final } };
    print(o);
    return node.process.exitCode() == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    const auto intOption = [&args](const QString &name, int fallback) {
        const qsizetype i = args.indexOf(name);
        if (i < 0 || i + 1 >= args.size())
            return fallback;
        const int v = args.at(i + 1).toInt();
        args.remove(i, 2);
        return v > 0 ? v : fallback;
    };
    const auto flag = [&args](const QString &name) { return args.removeAll(name) > 0; };
    const bool pipeline = flag(QStringLiteral("--pipeline"));
    const bool noReference = flag(QStringLiteral("--no-reference"));
    const bool noAllocCount = flag(QStringLiteral("--no-alloc-count"));
    const bool withRules = flag(QStringLiteral("--with-rules"));
    const bool noAlerts = flag(QStringLiteral("--no-alerts"));
    const int frames = intOption(QStringLiteral("--frames"), 1000);
    const int runs = intOption(QStringLiteral("--runs"), 1);
    const int connections = intOption(QStringLiteral("--connections"), 10000);
    const int devices = intOption(QStringLiteral("--devices"), pipeline ? 500 : 1000);
    const int seconds = intOption(QStringLiteral("--seconds"), 15);
    QString exe = args.value(0);
    if (exe.isEmpty() || !QFileInfo(exe).isExecutable())
        exe = QCoreApplication::applicationDirPath() + QStringLiteral("/fleetwatch");
    if (!QFileInfo(exe).isExecutable()) {
        std::fprintf(stderr,
            "usage: ingest_bench [PATH/TO/fleetwatch] [--connections N] "
            "[--devices N] [--seconds S]\n");
        return 2;
    }
    const long limit = raiseFileLimit();
    if (pipeline) {
        QTemporaryDir folder;
        if (!folder.isValid())
            return 2;
        PipelineBench::Options options;
        options.devices = devices;
        options.framesPerDevice = frames;
        options.reference = !noReference;
        options.countAllocations = !noAllocCount;
        options.withRules = withRules;
        options.alerts = !noAlerts;
        int failed = 0;
        for (int r = 0; r < runs; ++r) {
            const QJsonObject result = PipelineBench(exe, folder.path(), options).run();
            print(result);
            failed += result.contains(QStringLiteral("error"))
                    || !result.value(QStringLiteral("allExported")).toBool()
                ? 1
                : 0;
        }
        return failed == 0 ? 0 : 1;
    }
    if (limit < connections + 512) {
        std::fprintf(stderr, "open file limit %ld is below %d connections; holding fewer\n", limit,
            connections);
    }
    QTemporaryDir folder;
    if (!folder.isValid())
        return 2;
    return run(exe, folder.path(),
        int(std::min<long>(connections, std::max<long>(64, limit - 512))), devices, seconds);
}
