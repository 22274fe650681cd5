// storage_bench: the storage figures besides the writer's insert rate, on a realistic database
// (10,000 devices, 10,000,000 positions by default), SQLite:
//  - startup: open the database and load what the window needs at start (Database::devices()
//    and activities()); target under 2 s;
//  - export: rows/s of Database::forEachPosition over all positions, and over one device.
// The database is generated once (with the writer's batch path, not timed) into a temporary
// folder, or into FILE when given; an existing FILE with the right counts is reused.
// Prints one JSON object per result.
// Usage: storage_bench [POSITIONS] [DEVICES] [FILE]

#include "storage/Database.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

#include <cstdio>

using namespace fw;
using namespace Qt::StringLiterals;

namespace {

void print(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

double peakRssMiB()
{
#ifdef Q_OS_UNIX
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
#ifdef Q_OS_MACOS
    return double(usage.ru_maxrss) / (1024.0 * 1024.0); // bytes
#else
    return double(usage.ru_maxrss) / 1024.0; // KiB
#endif
#else
    return -1;
#endif
}

QString deviceId(int i)
{
    return u"35971004"_s + QString::number(1000000 + i);
}

constexpr TimeMs kT0 = utcTime(2024, 1, 1, 0, 0, 0);

bool generate(const DatabaseConfig &config, qint64 rows, int devices)
{
    Database db;
    if (!db.open(config)) {
        std::fprintf(stderr, "%s\n", qPrintable(db.lastError()));
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    QList<Device> list;
    list.reserve(devices);
    for (int i = 0; i < devices; ++i) {
        Device d;
        d.uniqueId = deviceId(i);
        d.name = u"Truck "_s + QString::number(i);
        d.model = u"GT06N"_s;
        d.protocol = u"gt06"_s;
        d.phone = u"+4860"_s + QString::number(1000000 + i);
        d.group = u"Depot "_s + QString::number(i % 20);
        d.offlineTimeoutSecs = 600;
        d.registeredAt = kT0;
        list.append(d);
    }
    if (!db.importDevices(list)) {
        std::fprintf(stderr, "%s\n", qPrintable(db.lastError()));
        return false;
    }
    // Time-major like live traffic: every device reports once per 10 s round.
    const QString protocol = u"gt06"_s;
    constexpr qint64 kChunk = 100'000;
    QList<Position> chunk;
    chunk.reserve(kChunk);
    for (qint64 made = 0; made < rows;) {
        chunk.clear();
        for (; chunk.size() < kChunk && made < rows; ++made) {
            Position p;
            p.uniqueId = list.at(int(made % devices)).uniqueId;
            p.deviceTime = kT0 + (made / devices) * 10'000;
            p.serverTime = p.deviceTime + 800;
            p.valid = true;
            p.latitude = 52.0 + double(made % 1000) * 1e-4;
            p.longitude = 21.0 + double(made % 777) * 1e-4;
            p.altitude = 100;
            p.speedKph = double(made % 120);
            p.course = double(made % 360);
            p.satellites = 9;
            p.protocol = protocol;
            p.attributes.reserve(3);
            p.attributes.set(attr::batteryLevel, int(made % 100));
            p.attributes.set(attr::ignition, true);
            p.attributes.set(attr::odometer, double(made) * 12.5);
            chunk.append(std::move(p));
        }
        if (!db.begin() || !db.insertPositions(chunk) || !db.commit()) {
            std::fprintf(stderr, "%s\n", qPrintable(db.lastError()));
            return false;
        }
    }
    QList<DeviceActivity> activities;
    activities.reserve(devices);
    const TimeMs last = kT0 + ((rows - 1) / devices) * 10'000;
    for (int i = 0; i < devices; ++i) {
        DeviceActivity a;
        a.uniqueId = list.at(i).uniqueId;
        a.lastPacketAt = last + 800;
        a.lastFixAt = last;
        a.lastFixReceivedAt = last + 800;
        a.lastPositionAt = last;
        a.latitude = 52.1;
        a.longitude = 21.1;
        a.hasLocation = true;
        a.connectionEnd = ConnectionEnd::TimedOut;
        a.protocol = protocol;
        a.peer = u"10.0.0.1:40000"_s;
        a.localPort = 5023;
        activities.append(a);
    }
    if (!db.begin() || !db.upsertActivity(activities) || !db.commit()) {
        std::fprintf(stderr, "%s\n", qPrintable(db.lastError()));
        return false;
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    print(QJsonObject {
        { u"bench"_s, u"generate"_s },
        { u"db"_s, u"sqlite"_s },
        { u"nativeSqlite"_s, db.usesNativeSqlite() },
        { u"rows"_s, rows },
        { u"devices"_s, devices },
        { u"seconds"_s, seconds },
        { u"rowsPerSecond"_s, double(rows) / seconds },
    });
    return true;
}

bool startup(const DatabaseConfig &config, int devices)
{
    QElapsedTimer timer;
    timer.start();
    Database db;
    if (!db.open(config)) {
        std::fprintf(stderr, "%s\n", qPrintable(db.lastError()));
        return false;
    }
    const double openSeconds = double(timer.nsecsElapsed()) / 1e9;
    const QList<Device> list = db.devices();
    const double devicesSeconds = double(timer.nsecsElapsed()) / 1e9 - openSeconds;
    const QList<DeviceActivity> activities = db.activities();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const bool ok = list.size() == devices && activities.size() == devices;
    print(QJsonObject {
        { u"bench"_s, u"startup"_s },
        { u"db"_s, u"sqlite"_s },
        { u"devices"_s, qint64(list.size()) },
        { u"activities"_s, qint64(activities.size()) },
        { u"openMs"_s, openSeconds * 1000 },
        { u"devicesMs"_s, devicesSeconds * 1000 },
        { u"activitiesMs"_s, (seconds - openSeconds - devicesSeconds) * 1000 },
        { u"seconds"_s, seconds },
        { u"targetSeconds"_s, 2.0 },
        { u"complete"_s, ok },
    });
    return ok && seconds < 2.0;
}

bool exportAll(const DatabaseConfig &config, qint64 rows, const QString &uniqueId,
               qint64 expected)
{
    Database db;
    if (!db.open(config)) {
        std::fprintf(stderr, "%s\n", qPrintable(db.lastError()));
        return false;
    }
    qint64 seen = 0;
    qint64 attributes = 0;
    TimeMs previous = kNoTime;
    bool ordered = true;
    QElapsedTimer timer;
    timer.start();
    double firstRowSeconds = -1;
    const bool ok = db.forEachPosition(uniqueId, kNoTime, kNoTime, [&](const Position &p) {
        if (seen++ == 0)
            firstRowSeconds = double(timer.nsecsElapsed()) / 1e9;
        attributes += p.attributes.size();
        ordered = ordered && p.deviceTime >= previous;
        previous = p.deviceTime;
        return true;
    });
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const bool complete = ok && ordered && seen == expected && attributes == 3 * expected;
    print(QJsonObject {
        { u"bench"_s, u"export"_s },
        { u"db"_s, u"sqlite"_s },
        { u"scope"_s, uniqueId.isEmpty() ? u"all"_s : u"one device"_s },
        { u"databaseRows"_s, rows },
        { u"rows"_s, seen },
        { u"seconds"_s, seconds },
        { u"firstRowSeconds"_s, firstRowSeconds },
        { u"rowsPerSecond"_s, double(seen) / seconds },
        { u"peakRssMiB"_s, peakRssMiB() },
        { u"complete"_s, complete },
    });
    return complete;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qint64 rows = args.size() > 1 ? args.at(1).toLongLong() : 10'000'000;
    const int devices = args.size() > 2 ? args.at(2).toInt() : 10'000;
    QTemporaryDir dir;
    const QString file = args.size() > 3 ? args.at(3) : dir.filePath(u"storage.sqlite"_s);
    const DatabaseConfig config = DatabaseConfig::sqlite(file);

    bool reuse = false;
    if (QFileInfo::exists(file)) {
        Database db;
        reuse = db.open(config) && db.positionCount() == rows && db.devices().size() == devices
            && db.activities().size() == devices;
    }
    if (!reuse && (QFileInfo::exists(file) || !generate(config, rows, devices))) {
        std::fprintf(stderr, "cannot generate %s (remove a file that does not match)\n",
                     qPrintable(file));
        return 1;
    }
    bool ok = startup(config, devices);
    ok = startup(config, devices) && ok; // warm: what a restart shortly after looks like
    ok = exportAll(config, rows, deviceId(devices / 2), rows / devices) && ok;
    ok = exportAll(config, rows, QString(), rows) && ok;
    return ok ? 0 : 1;
}
