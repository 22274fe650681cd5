// Geofence rule evaluation at fleet scale: 10,000 polygon geofences of 20 to 200 vertices
// (0.3 to 5 km across, scattered over central Europe) and 100,000 devices driving near them, each
// position evaluated by the RuleEngine with a geofence-enter and a geofence-exit rule over every
// geofence (index lookup, exact tests, per-device state), on one thread. Prints one JSON object
// per measurement: the index build, bare index lookups, and whole rule evaluation, each with
// positions per second (target >= 200,000/s for the evaluation).
#include "alerts/RuleEngine.h"
#include "util/Clock.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <numbers>

using namespace fw;

namespace {
void print(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

constexpr double kMetresPerDeg = 111'195.0;

// CPU time of this thread: the machine is shared, so wall time overstates a loaded core's cost.
double threadCpuSeconds()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

GeoPoint offset(const GeoPoint &from, double eastM, double northM)
{
    return { from.lat + northM / kMetresPerDeg,
             from.lon + eastM / (kMetresPerDeg * std::cos(from.lat * std::numbers::pi / 180))};
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int fenceCount = argc > 1 ? QByteArray(argv[1]).toInt() : 10'000;
    const int deviceCount = argc > 2 ? QByteArray(argv[2]).toInt() : 100'000;
    const int rounds = argc > 3 ? QByteArray(argv[3]).toInt() : 20; // positions per device
    QRandomGenerator rng(2026);

    // Star-shaped polygons (never self-intersecting): vertices at increasing angles.
    QList<Geofence> fences;
    fences.reserve(fenceCount);
    qint64 vertices = 0;
    for (int i = 0; i < fenceCount; ++i) {
        Geofence g;
        g.name = QStringLiteral("fence-%1").arg(i);
        g.kind = GeofenceKind::Polygon;
        const GeoPoint centre { 45.0 + rng.bounded(10.0), 5.0 + rng.bounded(20.0) };
        const double radius = 150.0 + rng.bounded(2350.0);
        const int n = 20 + static_cast<int>(rng.bounded(181));
        for (int k = 0; k < n; ++k) {
            const double a = 2 * std::numbers::pi * k / n;
            const double r = radius * (0.6 + rng.bounded(0.4));
            g.points.append(offset(centre, r * std::sin(a), r * std::cos(a)));
        }
        vertices += n;
        fences.append(g);
    }

    ManualClock clock(1'700'000'000'000);
    RuleSettings settings;
    settings.dwell = 0;
    RuleEngine engine(&clock, settings);
    QElapsedTimer timer;
    timer.start();
    QStringList errors;
    engine.setGeofences(fences, &errors);
    print({ { QStringLiteral("bench"), QStringLiteral("geofence.build") },
            { QStringLiteral("geofences"), engine.geofences().size() },
            { QStringLiteral("vertices"), vertices },
            { QStringLiteral("refused"), errors.size() },
            { QStringLiteral("ms"), static_cast<double>(timer.nsecsElapsed()) / 1e6 } });
    AlertRule enter;
    enter.name = QStringLiteral("enter");
    enter.type = RuleType::GeofenceEnter;
    AlertRule exit = enter;
    exit.name = QStringLiteral("exit");
    exit.type = RuleType::GeofenceExit;
    engine.setRules({ enter, exit });
    quint64 alerts = 0;
    QObject::connect(&engine, &RuleEngine::alertRaised, &engine, [&alerts] { ++alerts; });

    // Each device starts near a random geofence and wanders through and around it.
    struct Device
    {
        QString id;
        GeoPoint at;
        double heading;
    };
    std::vector<Device> devices;
    devices.reserve(static_cast<std::size_t>(deviceCount));
    for (int i = 0; i < deviceCount; ++i) {
        const Geofence &g = fences.at(static_cast<int>(rng.bounded(fenceCount)));
        const GeoPoint c = g.points.first();
        devices.push_back({ QStringLiteral("dev-%1").arg(i), offset(c, rng.bounded(600.0) - 300,
                                                                     rng.bounded(600.0) - 300),
                            rng.bounded(2 * std::numbers::pi) });
    }
    // The positions are made first, so only evaluation is timed.
    QList<Position> positions;
    positions.reserve(static_cast<qsizetype>(deviceCount) * rounds);
    const TimeMs t0 = clock.now();
    for (int r = 0; r < rounds; ++r) {
        for (Device &d : devices) {
            d.heading += rng.bounded(1.0) - 0.5;
            d.at = offset(d.at, 150 * std::sin(d.heading), 150 * std::cos(d.heading));
            Position p;
            p.uniqueId = d.id;
            p.deviceTime = t0 + r * 10'000;
            p.serverTime = p.deviceTime;
            p.valid = true;
            p.latitude = d.at.lat;
            p.longitude = d.at.lon;
            p.speedKph = 54;
            positions.append(p);
        }
    }

    // Bare index lookups.
    std::vector<int> hits;
    qint64 inside = 0;
    double cpu = threadCpuSeconds();
    timer.restart();
    for (const Position &p : positions) {
        engine.geofences().containing({ p.latitude, p.longitude }, hits);
        inside += hits.empty() ? 0 : 1;
    }
    double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    cpu = threadCpuSeconds() - cpu;
    print({ { QStringLiteral("bench"), QStringLiteral("geofence.lookup") },
            { QStringLiteral("positions"), positions.size() },
            { QStringLiteral("insideShare"), static_cast<double>(inside) / positions.size() },
            { QStringLiteral("seconds"), seconds },
            { QStringLiteral("cpuSeconds"), cpu },
            { QStringLiteral("positionsPerSecond"), std::round(positions.size() / seconds) },
            { QStringLiteral("positionsPerCpuSecond"), std::round(positions.size() / cpu) } });

    // Whole rule evaluation.
    cpu = threadCpuSeconds();
    timer.restart();
    for (const Position &p : positions)
        engine.evaluate(p);
    seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    cpu = threadCpuSeconds() - cpu;
    print({ { QStringLiteral("bench"), QStringLiteral("geofence.evaluate") },
            { QStringLiteral("geofences"), engine.geofences().size() },
            { QStringLiteral("devices"), deviceCount },
            { QStringLiteral("positions"), positions.size() },
            { QStringLiteral("alerts"), static_cast<qint64>(alerts) },
            { QStringLiteral("seconds"), seconds },
            { QStringLiteral("cpuSeconds"), cpu },
            { QStringLiteral("positionsPerSecond"), std::round(positions.size() / seconds) },
            { QStringLiteral("positionsPerCpuSecond"), std::round(positions.size() / cpu) },
            { QStringLiteral("target"), 200'000 } });
    return 0;
}
