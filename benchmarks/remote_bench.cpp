// remote_bench (issue #14, "Benchmark"): how long after a node's commit a position reaches a
// connected window's device list and a `fleetwatch watch --json --positions` line, at thousands
// of positions a second on PostgreSQL (durable server settings, the test server on loopback). An
// in-process PositionWriter plays the node (one position and the device's activity per
// submission, like ingest frames, group commits as in a node). Two followers of the database,
// each a real program in its own process: the window (`fleetwatch --connect URL` offscreen,
// ConnectedWindowProcess; it writes a line per changed row of its device list, with the time on
// the monotonic clock this process stamps commits with) and `watch`. Each row change and each
// watch line is matched to the commit that stored its position.
// Prints one JSON object: per follower latency p50/p99/max in ms, what is missing or repeated,
// and its CPU in % of one core over the submitting interval. A window only shows a device's
// latest position: one superseded by the next of the same device before the window caught up is
// counted as such, not as missing.
// Usage: remote_bench [POSITIONS_PER_SECOND=5000] [SECONDS=20] [DEVICES=10000]

#include "ConnectedWindowProcess.h"
#include "PostgresTestServer.h"
#include "storage/Database.h"
#include "storage/PositionWriter.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QProcess>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <unistd.h>

using namespace fw;
using namespace Qt::StringLiterals;

namespace {

void print(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

QString keyOf(const QString &uniqueId, TimeMs t)
{
    return uniqueId + u'|' + QString::number(t);
}

// User + system CPU seconds of a process (/proc/PID/stat), -1 when unknown.
double cpuSeconds(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return double(fields.at(11).toLongLong() + fields.at(12).toLongLong())
        / double(sysconf(_SC_CLK_TCK));
}

// The monotonic clock the window's trace uses too (CLOCK_MONOTONIC: one for all processes).
qint64 steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const qsizetype i = std::min<qsizetype>(values.size() - 1, qsizetype(p * double(values.size())));
    return values.at(i);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int rate = args.value(1, u"5000"_s).toInt();
    const int seconds = args.value(2, u"20"_s).toInt();
    const int deviceCount = args.value(3, u"10000"_s).toInt();

    test::PostgresTestServer server(test::PostgresTestServer::Options { true });
    if (!server.start()) {
        std::fprintf(stderr, "remote_bench: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    QString error;
    const std::optional<DatabaseConfig> config = server.createDatabase(&error);
    if (!config) {
        std::fprintf(stderr, "remote_bench: %s\n", qPrintable(error));
        return 1;
    }
    QStringList ids;
    {
        Database db;
        QList<Device> devices;
        for (int i = 0; i < deviceCount; ++i) {
            Device d;
            d.uniqueId = u"rb%1"_s.arg(i, 6, 10, QLatin1Char('0'));
            d.name = d.uniqueId;
            devices.append(d);
            ids.append(d.uniqueId);
        }
        if (!db.open(*config) || !db.importDevices(devices)) {
            std::fprintf(stderr, "remote_bench: %s\n", qPrintable(db.lastError()));
            return 1;
        }
    }

    QMutex mutex;
    QHash<quint64, qint64> committedAtNs; // ticket -> when its commit returned
    PositionWriter::Options options;
    options.nodeId = u"bench-node"_s;
    PositionWriter writer(*config, options);
    QObject::connect(&writer, &PositionWriter::committed, &writer,
        [&](const QList<quint64> &tickets) {
            const qint64 now = steadyNs();
            QMutexLocker lock(&mutex);
            for (const quint64 t : tickets)
                committedAtNs.insert(t, now);
        },
        Qt::DirectConnection);
    if (!writer.start()) {
        std::fprintf(stderr, "remote_bench: the writer did not start\n");
        return 1;
    }

    QProcess watch;
    QByteArray watchErr;
    QByteArray partial;
    QHash<QString, qint64> lineAtNs;
    qsizetype lines = 0;
    qsizetype repeated = 0;
    QObject::connect(&watch, &QProcess::readyReadStandardError, &watch,
        [&] { watchErr += watch.readAllStandardError(); });
    QObject::connect(&watch, &QProcess::readyReadStandardOutput, &watch, [&] {
        const qint64 now = steadyNs();
        partial += watch.readAllStandardOutput();
        qsizetype end = 0;
        while ((end = partial.indexOf('\n')) >= 0) {
            const QJsonObject o = QJsonDocument::fromJson(partial.left(end)).object();
            partial.remove(0, end + 1);
            if (o.value(u"type"_s).toString() != u"position")
                continue;
            ++lines;
            const QString key = keyOf(o.value(u"uniqueId"_s).toString(),
                parseIso(o.value(u"time"_s).toString()));
            if (lineAtNs.contains(key))
                ++repeated;
            else
                lineAtNs.insert(key, now);
        }
    });
    watch.start(QStringLiteral(FW_EXECUTABLE),
        { u"watch"_s, u"--json"_s, u"--positions"_s, u"--db"_s, config->url() });
    QElapsedTimer waited;
    waited.start();
    while (!watchErr.contains("following") && waited.elapsed() < 30'000
           && watch.state() != QProcess::NotRunning) {
        watch.waitForReadyRead(100);
    }
    if (!watchErr.contains("following")) {
        std::fprintf(stderr, "remote_bench: watch did not start: %s\n", watchErr.constData());
        return 1;
    }
    bench::ConnectedWindowProcess window(QStringLiteral(FW_EXECUTABLE));
    if (!window.start(config->url(), deviceCount, 60'000)) {
        std::fprintf(stderr, "remote_bench: %s\n", qPrintable(window.errorString()));
        return 1;
    }
    // For a profiler: perf record -g -p PID while the positions flow.
    std::fprintf(stderr, "remote_bench: window pid %lld, watch pid %lld\n",
        window.processId(), watch.processId());
    const double watchCpuStart = cpuSeconds(watch.processId());
    const double windowCpuStart = cpuSeconds(window.processId());

    // Submit at `rate`: every 10 ms the positions due, one submission per position.
    QHash<quint64, QString> keyOfTicket;
    quint64 ticket = 0;
    qint64 submitted = 0;
    const TimeMs base = QDateTime::currentMSecsSinceEpoch() - 3600 * kSecond;
    QElapsedTimer running;
    running.start();
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, &tick, [&] {
        const qint64 due = std::min<qint64>(qint64(rate) * seconds,
            qint64(double(running.elapsed()) * rate / 1000.0));
        while (submitted < due) {
            const QString &id = ids.at(submitted % deviceCount);
            const TimeMs t = base + (submitted / deviceCount) * kSecond;
            WriteBatch b;
            Position p;
            p.uniqueId = id;
            p.deviceTime = t;
            p.serverTime = QDateTime::currentMSecsSinceEpoch();
            p.valid = true;
            p.latitude = 52.0 + double(submitted % 1000) * 1e-4;
            p.longitude = 21.0;
            p.speedKph = 40;
            p.protocol = u"gt06"_s;
            b.positions.append(p);
            DeviceActivity a;
            a.uniqueId = id;
            a.lastPacketAt = p.serverTime;
            a.lastFixAt = t;
            a.lastFixReceivedAt = p.serverTime;
            a.lastPositionAt = t;
            a.latitude = p.latitude;
            a.longitude = p.longitude;
            a.hasLocation = true;
            a.protocol = p.protocol;
            b.activities.append(a);
            b.ticket = ++ticket;
            keyOfTicket.insert(b.ticket, keyOf(id, t));
            if (!writer.submit(std::move(b)))
                break; // back-pressure: try again at the next tick
            ++submitted;
        }
        if (submitted >= qint64(rate) * seconds)
            tick.stop();
    });
    tick.start(10);
    while (tick.isActive())
        app.processEvents(QEventLoop::AllEvents, 50);
    const double elapsedS = double(running.elapsed()) / 1000.0;
    writer.flush(60'000);
    const double watchCpuEnd = cpuSeconds(watch.processId());
    const double windowCpuEnd = cpuSeconds(window.processId());
    waited.restart();
    while (lineAtNs.size() < submitted && waited.elapsed() < 15'000)
        app.processEvents(QEventLoop::AllEvents, 50);
    app.processEvents();
    QThread::msleep(1'000); // the window's last delta (it publishes about ten a second)

    // The window's row changes: the first one showing each position.
    QHash<QString, qint64> shownAtNs;
    QHash<QString, qint64> latestShown; // uniqueId -> latest device time shown
    qsizetype rowChanges = 0;
    qsizetype shownAgain = 0;
    for (const bench::ConnectedWindowProcess::Change &c : window.changes()) {
        ++rowChanges;
        const QString key = keyOf(c.uniqueId, c.deviceTime);
        if (shownAtNs.contains(key))
            ++shownAgain; // the row changed for something else (its status, say)
        else
            shownAtNs.insert(key, c.steadyNs);
        qint64 &latest = latestShown[c.uniqueId];
        latest = std::max(latest, c.deviceTime);
    }

    QList<double> latencies;
    QList<double> windowLatencies;
    qsizetype missing = 0;
    qsizetype windowMissing = 0;
    qsizetype windowSuperseded = 0;
    {
        QMutexLocker lock(&mutex);
        for (auto it = keyOfTicket.cbegin(); it != keyOfTicket.cend(); ++it) {
            const auto committed = committedAtNs.constFind(it.key());
            if (committed == committedAtNs.cend()) {
                ++missing;
                ++windowMissing;
                continue;
            }
            const auto line = lineAtNs.constFind(it.value());
            if (line == lineAtNs.cend())
                ++missing;
            else
                latencies.append(double(line.value() - committed.value()) / 1e6);
            const auto shown = shownAtNs.constFind(it.value());
            if (shown != shownAtNs.cend()) {
                windowLatencies.append(double(shown.value() - committed.value()) / 1e6);
                continue;
            }
            const qsizetype bar = it.value().indexOf(u'|');
            const QString id = it.value().left(bar);
            if (latestShown.value(id, -1) > it.value().mid(bar + 1).toLongLong())
                ++windowSuperseded;
            else
                ++windowMissing;
        }
    }
    const PositionWriter::Stats stats = writer.stats();
    watch.terminate();
    watch.waitForFinished(10'000);
    writer.stop();
    const auto cpuPercent = [elapsedS](double start, double end) {
        return start < 0 || end < 0 ? -1.0 : 100.0 * (end - start) / elapsedS;
    };
    print(QJsonObject {
        { u"benchmark"_s, u"remote_bench"_s },
        { u"scenario"_s,
            u"commit to a connected window's device list (fleetwatch --connect, offscreen) and "
            "to a watch --json --positions line, PostgreSQL durable"_s },
        { u"devices"_s, deviceCount },
        { u"targetPositionsPerSecond"_s, rate },
        { u"positions"_s, double(submitted) },
        { u"achievedPositionsPerSecond"_s, double(submitted) / elapsedS },
        { u"commits"_s, double(stats.commits) },
        { u"window"_s,
            QJsonObject {
                { u"rowChanges"_s, double(rowChanges) },
                { u"shown"_s, double(windowLatencies.size()) },
                { u"superseded"_s, double(windowSuperseded) },
                { u"missing"_s, double(windowMissing) },
                { u"shownAgain"_s, double(shownAgain) },
                { u"latencyMsP50"_s, percentile(windowLatencies, 0.50) },
                { u"latencyMsP99"_s, percentile(windowLatencies, 0.99) },
                { u"latencyMsMax"_s, percentile(windowLatencies, 1.0) },
                { u"cpuPercentOfOneCore"_s, cpuPercent(windowCpuStart, windowCpuEnd) },
            } },
        { u"watch"_s,
            QJsonObject {
                { u"lines"_s, double(lines) },
                { u"missing"_s, double(missing) },
                { u"repeated"_s, double(repeated) },
                { u"latencyMsP50"_s, percentile(latencies, 0.50) },
                { u"latencyMsP99"_s, percentile(latencies, 0.99) },
                { u"latencyMsMax"_s, percentile(latencies, 1.0) },
                { u"cpuPercentOfOneCore"_s, cpuPercent(watchCpuStart, watchCpuEnd) },
            } },
    });
    return missing == 0 && repeated == 0 && windowMissing == 0 ? 0 : 1;
}
