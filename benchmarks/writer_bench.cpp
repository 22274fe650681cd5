// writer_bench: how many positions a second the PositionWriter stores, on SQLite and (when a
// throw-away server can be started) PostgreSQL, there with positions as multi-row INSERTs
// (FW_PG_COPY=0) and as binary COPY (the default) in the same run. Simulates ingest: 1,000 devices
// submitting small batches, honouring back-pressure. Prints one JSON object per result. Usage:
// writer_bench [ROWS] [DEVICES] [sqlite|postgres|all]

#include "PostgresTestServer.h"
#include "storage/Database.h"
#include "storage/PositionWriter.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <ctime>
#include <unistd.h>

using namespace fw;
using namespace Qt::StringLiterals;

namespace {

void print(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

// CPU time of the writer thread: the machine running the benchmark may be shared, so wall time
// alone understates what the writer can do.
double writerCpuSeconds(PositionWriter &writer)
{
    double seconds = 0;
    writer.runOnWriterThread([&seconds](Database &) {
        timespec ts {};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        seconds = double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
    });
    return seconds;
}

// CPU time of the writer's PostgreSQL backend (a local server: /proc/PID/stat), or -1: on a
// shared machine this shows what the server spends per row, independent of the other load.
double backendCpuSeconds(PositionWriter &writer)
{
    qint64 pid = -1;
    writer.runOnWriterThread([&pid](Database &db) {
        QSqlQuery q(db.connection());
        if (q.exec(u"SELECT pg_backend_pid()"_s) && q.next())
            pid = q.value(0).toLongLong();
    });
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (pid <= 0 || !stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // Fields after the command's closing parenthesis; utime and stime are fields 14 and 15.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    const double ticks = double(sysconf(_SC_CLK_TCK));
    return (fields.at(11).toDouble() + fields.at(12).toDouble()) / ticks;
}

QString deviceId(int i)
{
    return u"35971004"_s + QString::number(1000000 + i);
}

// Returns the rows a second stored, or -1 when the run failed. `synchronous` overrides SQLite's
// default (FULL: every group commit synced before its acknowledgements go out).
double runOne(const QString &dbName, const DatabaseConfig &config, qint64 rows, int devices,
              int batchSize, const QString &synchronous = {})
{
    {
        Database db;
        if (!db.open(config)) {
            std::fprintf(stderr, "%s\n", qPrintable(db.lastError()));
            return -1;
        }
        QList<Device> list;
        for (int i = 0; i < devices; ++i) {
            Device d;
            d.uniqueId = deviceId(i);
            d.name = u"Truck "_s + QString::number(i);
            list.append(d);
        }
        if (!db.importDevices(list)) {
            std::fprintf(stderr, "%s\n", qPrintable(db.lastError()));
            return -1;
        }
    }
    // Pre-build the batches so the measurement is the writer, not the generator.
    const TimeMs t0 = utcTime(2024, 1, 1, 0, 0, 0);
    QList<WriteBatch> batches;
    batches.reserve(rows / batchSize + 1);
    qint64 made = 0;
    quint64 ticket = 0;
    while (made < rows) {
        WriteBatch batch;
        batch.ticket = ++ticket;
        const int device = int(ticket % devices);
        for (int k = 0; k < batchSize && made < rows; ++k, ++made) {
            Position p;
            p.uniqueId = deviceId(device);
            p.deviceTime = t0 + made * 10;
            p.serverTime = p.deviceTime + 800;
            p.valid = true;
            p.latitude = 52.0 + (made % 1000) * 1e-4;
            p.longitude = 21.0 + (made % 777) * 1e-4;
            p.altitude = 100;
            p.speedKph = double(made % 120);
            p.course = double(made % 360);
            p.satellites = 9;
            p.protocol = u"gt06"_s;
            p.attributes.set(attr::batteryLevel, int(made % 100));
            p.attributes.set(attr::ignition, true);
            p.attributes.set(attr::odometer, double(made) * 12.5);
            batch.positions.append(p);
        }
        batches.append(std::move(batch));
    }

    PositionWriter::Options options;
    options.maxPendingRows = 100'000;
    // The writer's "now": on PostgreSQL it makes the monthly partition of the positions' time
    // at start, so they land there as live positions do, not in positions_default.
    options.clock = [t0]() { return t0; };
    PositionWriter writer(config, options);
    if (!writer.start()) {
        std::fprintf(stderr, "writer did not start: %s\n", qPrintable(writer.stats().lastError));
        return -1;
    }
    QString mode = config.isSqlite() ? u"FULL"_s : u"synchronous_commit=on"_s;
    QString path;
    writer.runOnWriterThread([&path](Database &db) {
        path = db.usesNativeSqlite() ? u"sqlite-c-api"_s
            : db.usesPostgresCopy()  ? u"copy"_s
                                     : u"insert"_s;
    });
    if (!synchronous.isEmpty()) {
        writer.runOnWriterThread([&synchronous](Database &db) {
            db.exec(u"PRAGMA synchronous = "_s + synchronous);
        });
        mode = synchronous;
    }
    const double cpuStart = writerCpuSeconds(writer);
    const double serverCpuStart = config.isPostgres() ? backendCpuSeconds(writer) : -1;
    QElapsedTimer timer;
    timer.start();
    quint64 waits = 0;
    for (WriteBatch &b : batches) {
        while (!writer.submit(b)) { // back-pressure: the reader would stop reading sockets
            ++waits;
            QThread::usleep(200);
        }
    }
    const bool complete = writer.flush(600'000);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const double cpu = writerCpuSeconds(writer) - cpuStart;
    const double serverCpu
        = serverCpuStart >= 0 ? backendCpuSeconds(writer) - serverCpuStart : -1.0;
    const PositionWriter::Stats stats = writer.stats();
    writer.stop();
    qint64 stored = -1;
    {
        Database db;
        if (db.open(config))
            stored = db.positionCount();
    }
    QJsonObject result {
        { u"bench"_s, u"writer"_s },
        { u"db"_s, dbName },
        { u"synchronous"_s, mode },
        { u"path"_s, path },
        { u"rows"_s, rows },
        { u"devices"_s, devices },
        { u"batchSize"_s, batchSize },
        { u"seconds"_s, seconds },
        { u"rowsPerSecond"_s, double(rows) / seconds },
        { u"writerCpuSeconds"_s, cpu },
        { u"rowsPerWriterCpuSecond"_s, double(rows) / cpu },
        { u"commits"_s, qint64(stats.commits) },
        { u"refusedSubmits"_s, qint64(stats.refusedBatches) },
        { u"lastCommitMs"_s, double(stats.lastCommitMicros) / 1000.0 },
        { u"stored"_s, stored },
        { u"complete"_s, complete && stored == rows },
    };
    if (serverCpu > 0) {
        result.insert(u"serverCpuSeconds"_s, serverCpu);
        result.insert(u"rowsPerServerCpuSecond"_s, double(rows) / serverCpu);
    }
    print(result);
    return complete && stored == rows ? double(rows) / seconds : -1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qint64 rows = args.size() > 1 ? args.at(1).toLongLong() : 1'000'000;
    const int devices = args.size() > 2 ? args.at(2).toInt() : 1'000;
    const QString which = args.size() > 3 ? args.at(3) : u"all"_s;
    const int batchSize = 10;
    bool ok = true;
    if (which == u"all" || which == u"sqlite") {
        QTemporaryDir dir;
        // The price of durable acknowledgements: the same run with commits synced (the
        // program's setting) and with SQLite's NORMAL (synced only at checkpoints).
        QTemporaryDir other;
        const double full = runOne(u"sqlite"_s,
            DatabaseConfig::sqlite(dir.filePath(u"bench.sqlite"_s)), rows, devices, batchSize);
        const double normal = runOne(u"sqlite"_s,
            DatabaseConfig::sqlite(other.filePath(u"bench.sqlite"_s)), rows, devices, batchSize,
            u"NORMAL"_s);
        ok = full > 0 && normal > 0 && ok;
        print(QJsonObject { { u"bench"_s, u"writer-durability-cost"_s },
                            { u"fullRowsPerSecond"_s, full },
                            { u"normalRowsPerSecond"_s, normal },
                            { u"fullToNormal"_s, normal > 0 ? full / normal : 0.0 } });
    }
    if (which == u"all" || which == u"postgres") {
        test::PostgresTestServer server(test::PostgresTestServer::Options { true });
        QString error;
        std::optional<DatabaseConfig> insertConfig;
        std::optional<DatabaseConfig> copyConfig;
        if (server.start()) {
            insertConfig = server.createDatabase(&error);
            copyConfig = server.createDatabase(&error);
        } else {
            error = server.errorString();
        }
        if (insertConfig && copyConfig) {
            // Positions as multi-row INSERTs (FW_PG_COPY=0, the path before binary COPY) as the
            // reference, then binary COPY (the program's default), each into a fresh database.
            qputenv("FW_PG_COPY", "0");
            const double insert = runOne(u"postgresql"_s, *insertConfig, rows, devices, batchSize);
            qunsetenv("FW_PG_COPY");
            const double copy = runOne(u"postgresql"_s, *copyConfig, rows, devices, batchSize);
            ok = insert > 0 && copy > 0 && ok;
            print(QJsonObject { { u"bench"_s, u"writer-postgresql-copy"_s },
                { u"insertRowsPerSecond"_s, insert }, { u"copyRowsPerSecond"_s, copy },
                { u"copyToInsert"_s, insert > 0 ? copy / insert : 0.0 } });
        } else {
            print(QJsonObject { { u"bench"_s, u"writer"_s }, { u"db"_s, u"postgresql"_s },
                                { u"skipped"_s, error } });
        }
    }
    return ok ? 0 : 1;
}
