// report_bench: the summary and trips reports over a month of a fleet: 1,000 devices for 30 days
// (10,000,000 positions, one every 259 s, alternating drives and stops) by default, on SQLite and,
// with --postgres, on a PostgreSQL server the benchmark starts. Each report runs in a child
// process of its own so its peak memory is its own; the same report over a tenth of the period
// (a tenth of the positions) shows whether memory follows the number of positions (it must not).
// Prints one JSON object per result; targets: under 5 s, memory ratio near 1.
// Usage: report_bench [--devices N] [--days D] [--file SQLITE_FILE] [--postgres | --postgres-url URL]
// (--postgres-url: a server already running; the data is generated there only when it is missing,
// so repeated runs skip the ten-million-row import)
//        report_bench --phase KIND --db URL --days D   (the child)

#include "PostgresTestServer.h"
#include "reports/ReportBuilder.h"
#include "storage/Database.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

using namespace fw;
using namespace Qt::StringLiterals;

namespace {
constexpr TimeMs kT0 = utcTime(2024, 3, 1, 0, 0, 0);
constexpr TimeMs kInterval = 259'200; // 30 days / 10,000 positions

void print(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

// Resident anonymous memory now (the heap; the database's mapped pages are file-backed and shared).
double rssAnonMiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("RssAnon:"))
            return line.mid(8).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

// Samples rssAnonMiB() every 5 ms on its own thread and keeps the highest value: the heap's peak,
// which getrusage cannot tell apart from mapped database pages.
class AnonPeakSampler
{
public:
    AnonPeakSampler()
        : m_thread([this] {
            while (!m_stop.load()) {
                m_peak.store(std::max(m_peak.load(), rssAnonMiB()));
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        })
    {
    }
    ~AnonPeakSampler() { stop(); }
    AnonPeakSampler(const AnonPeakSampler &) = delete;
    AnonPeakSampler &operator=(const AnonPeakSampler &) = delete;
    double stop()
    {
        m_stop.store(true);
        if (m_thread.joinable())
            m_thread.join();
        return std::max(m_peak.load(), rssAnonMiB());
    }

private:
    std::atomic<bool> m_stop { false };
    std::atomic<double> m_peak { 0 };
    std::thread m_thread;
};

double peakRssMiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

QString optionValue(const QStringList &args, const QString &name, const QString &fallback = {})
{
    const qsizetype i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
}

// Every device: a cycle of 40 reports, 12 of them driving at 50 km/h with the ignition on (north-east
// in even cycles, back south-west in odd ones, so nobody drives off the globe), the rest parked with
// it off; the odometer counts the metres.
bool generate(const DatabaseConfig &config, int devices, int days)
{
    Database db;
    if (!db.open(config)) {
        std::fprintf(stderr, "%s\n", qPrintable(db.lastError()));
        return false;
    }
    QList<Device> list;
    for (int i = 0; i < devices; ++i) {
        Device d;
        d.uniqueId = u"86000000"_s + QString::number(1000000 + i);
        d.name = u"Van "_s + QString::number(i);
        d.protocol = u"gt06"_s;
        d.group = u"Depot "_s + QString::number(i % 10);
        d.registeredAt = kT0;
        list << d;
    }
    if (!db.importDevices(list)) {
        std::fprintf(stderr, "%s\n", qPrintable(db.lastError()));
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    const qint64 perDevice = qint64(days) * kDay / kInterval;
    const double stepDeg = 50 / 3.6 * (kInterval / 1000.0) / 111'195.0 / 1.414;
    QList<Position> chunk;
    qint64 rows = 0;
    for (int i = 0; i < devices; ++i) {
        double lat = 50.0 + (i % 30) * 0.1, lon = 14.0 + (i / 30) * 0.1, odometer = 0;
        chunk.clear();
        chunk.reserve(perDevice);
        for (qint64 k = 0; k < perDevice; ++k) {
            const bool driving = k % 40 < 12;
            const double direction = (k / 40) % 2 == 0 ? 1.0 : -1.0;
            Position p;
            p.uniqueId = list.at(i).uniqueId;
            p.deviceTime = kT0 + k * kInterval;
            p.serverTime = p.deviceTime + 900;
            p.valid = true;
            if (driving) {
                lat += direction * stepDeg;
                lon += direction * stepDeg;
                odometer += 50 / 3.6 * (kInterval / 1000.0);
            }
            p.latitude = lat;
            p.longitude = lon;
            p.speedKph = driving ? 50 : 0;
            p.protocol = u"gt06"_s;
            p.attributes.set(attr::ignition, driving);
            p.attributes.set(attr::odometer, odometer);
            chunk << p;
        }
        if (!db.begin() || !db.insertPositions(chunk) || !db.commit()) {
            std::fprintf(stderr, "%s\n", qPrintable(db.lastError()));
            return false;
        }
        rows += chunk.size();
    }
    print(QJsonObject { { u"bench"_s, u"generate"_s }, { u"rows"_s, rows },
        { u"devices"_s, devices }, { u"seconds"_s, timer.nsecsElapsed() / 1e9 } });
    return true;
}

// Whether the database already holds the generated month (then it is not generated again).
bool hasPositions(const DatabaseConfig &config, qint64 expected)
{
    Database db;
    return db.open(config) && db.positionCount() == expected;
}

// The child: one report over `days` from the start, all devices.
int phase(const QString &kind, const QString &url, int days)
{
    const auto config = DatabaseConfig::parse(url);
    Database db;
    if (!config || !db.open(*config)) {
        std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(url), qPrintable(db.lastError()));
        return 1;
    }
    ReportRequest request;
    request.kind = kind == u"trips" ? ReportKind::Trips : ReportKind::Summary;
    request.from = kT0;
    request.to = kT0 + days * kDay;
    for (const Device &d : db.devices())
        request.uniqueIds << d.uniqueId;
    AnonPeakSampler anonPeak;
    QElapsedTimer timer;
    timer.start();
    ReportBuilder builder(db);
    ReportResult result;
    if (!builder.run(request, &result)) {
        std::fprintf(stderr, "%s\n", qPrintable(builder.lastError()));
        return 1;
    }
    const double seconds = timer.nsecsElapsed() / 1e9;
    const double peakAnon = anonPeak.stop();
    print(QJsonObject { { u"bench"_s, u"report"_s }, { u"kind"_s, kind },
        { u"db"_s, config->isPostgres() ? u"postgresql"_s : u"sqlite"_s }, { u"days"_s, days },
        { u"devices"_s, qint64(request.uniqueIds.size()) },
        { u"positions"_s, result.positionsRead }, { u"trips"_s, qint64(result.trips.size()) },
        { u"summaryTrips"_s, result.total().trips },
        { u"seconds"_s, seconds }, { u"positionsPerSecond"_s, result.positionsRead / seconds },
        { u"peakRssMiB"_s, peakRssMiB() }, // with mapped database pages (mmap_size 256 MiB)
        { u"peakRssAnonMiB"_s, peakAnon },
        { u"targetSeconds"_s, 5.0 } });
    return 0;
}

// Runs the phases in children and says how memory compares between a tenth and all of it.
bool runAll(const QString &url, int days)
{
    bool ok = true;
    for (const QString &kind : { u"summary"_s, u"trips"_s }) {
        QHash<int, double> peak;
        for (const int d : { std::max(1, days / 10), days }) {
            QProcess child;
            child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            child.start(QCoreApplication::applicationFilePath(),
                { u"--phase"_s, kind, u"--db"_s, url, u"--days"_s, QString::number(d) });
            if (!child.waitForFinished(-1) || child.exitCode() != 0)
                return false;
            const QByteArray line = child.readAllStandardOutput();
            std::printf("%s", line.constData());
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            peak.insert(d, o.value(u"peakRssAnonMiB"_s).toDouble());
            ok = ok && o.value(u"seconds"_s).toDouble() < 5.0;
        }
        const double ratio = peak.value(days) / std::max(1.0, peak.value(std::max(1, days / 10)));
        print(QJsonObject { { u"bench"_s, u"reportMemory"_s }, { u"kind"_s, kind },
            { u"peakRssAnonTenthMiB"_s, peak.value(std::max(1, days / 10)) },
            { u"peakRssAnonAllMiB"_s, peak.value(days) }, { u"ratio"_s, ratio } });
    }
    return ok;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int days = optionValue(args, u"--days"_s, u"30"_s).toInt();
    if (args.contains(u"--phase"_s))
        return phase(optionValue(args, u"--phase"_s), optionValue(args, u"--db"_s), days);
    const int devices = optionValue(args, u"--devices"_s, u"1000"_s).toInt();

    QTemporaryDir dir;
    QString file = optionValue(args, u"--file"_s);
    if (file.isEmpty())
        file = dir.filePath(u"report.sqlite"_s);
    const QString url = u"sqlite:"_s + file;
    const qint64 expected = qint64(devices) * (qint64(days) * kDay / kInterval);
    if (!hasPositions(*DatabaseConfig::parse(url), expected)) {
        QFile::remove(file);
        if (!generate(*DatabaseConfig::parse(url), devices, days))
            return 1;
    }
    bool ok = runAll(url, days);
    if (const QString pgUrl = optionValue(args, u"--postgres-url"_s); !pgUrl.isEmpty()) {
        const auto pg = DatabaseConfig::parse(pgUrl);
        if (!pg || !pg->isPostgres()) {
            std::fprintf(stderr, "--postgres-url needs a postgresql:// URL\n");
            return 2;
        }
        if (!hasPositions(*pg, expected) && !generate(*pg, devices, days))
            return 1;
        ok = runAll(pgUrl, days) && ok;
    } else if (args.contains(u"--postgres"_s)) {
        test::PostgresTestServer server(test::PostgresTestServer::Options { true });
        QString error;
        std::optional<DatabaseConfig> pg;
        if (!server.start() || !(pg = server.createDatabase(&error))) {
            std::fprintf(stderr, "PostgreSQL: %s %s\n", qPrintable(server.errorString()),
                qPrintable(error));
            return 1;
        }
        if (!generate(*pg, devices, days))
            return 1;
        ok = runAll(pg->url(), days) && ok;
    }
    return ok ? 0 : 2;
}
