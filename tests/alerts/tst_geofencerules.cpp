// Geofence enter/exit through the RuleEngine: a device driven east along a known track through a
// circle, a polygon and a corridor (all placed in metres from the track's origin) raises exactly
// one enter and one exit for each, at the times of the first position inside and the first
// outside; the same with +-15 m jitter while it lingers at every boundary (the minimum dwell
// holds, and without it the jitter does flap); an antimeridian polygon; and a buffered position
// inside a geofence raises no current alert.
#include "AlertTestSupport.h"
#include "TestMain.h"

#include "util/Clock.h"

#include <QRandomGenerator>
#include <QTest>

using namespace fw;
using namespace fw::test;

namespace {
constexpr double kStep = 100.0; // metres between regular positions (36 km/h, every 10 s)
constexpr TimeMs kInterval = 10 * kSecond;

// Boundaries along the track (metres east of the origin).
constexpr double kCircleCentre = 5050, kCircleRadius = 500; // inside 4550..5550
constexpr double kPolygonWest = 10050, kPolygonEast = 12050;
constexpr double kCorridorX = 15050, kCorridorWidth = 600; // inside 14750..15350

QList<Geofence> fences()
{
    Geofence circle;
    circle.name = QStringLiteral("circle");
    circle.kind = GeofenceKind::Circle;
    circle.points = { { kLat0, lonAt(kCircleCentre) } };
    circle.radiusM = kCircleRadius;
    Geofence polygon;
    polygon.name = QStringLiteral("polygon");
    polygon.kind = GeofenceKind::Polygon;
    polygon.points = { { latAt(-1000), lonAt(kPolygonWest) }, { latAt(-1000), lonAt(kPolygonEast) },
                       { latAt(1000), lonAt(kPolygonEast) }, { latAt(1000), lonAt(kPolygonWest) } };
    Geofence corridor;
    corridor.name = QStringLiteral("corridor");
    corridor.kind = GeofenceKind::Corridor;
    corridor.points = { { latAt(-2000), lonAt(kCorridorX) }, { latAt(2000), lonAt(kCorridorX) } };
    corridor.widthM = kCorridorWidth;
    return { circle, polygon, corridor };
}

struct Crossing
{
    double boundary;
    bool entering;
};
const QList<Crossing> &crossings()
{
    static const QList<Crossing> list = {
        { kCircleCentre - kCircleRadius, true }, { kCircleCentre + kCircleRadius, false },
        { kPolygonWest, true }, { kPolygonEast, false },
        { kCorridorX - kCorridorWidth / 2, true }, { kCorridorX + kCorridorWidth / 2, false },
    };
    return list;
}

struct Track
{
    QList<Position> positions;
    // Expected alert times per geofence: the first regular position past each boundary.
    QHash<QString, QPair<TimeMs, TimeMs>> expected;
};

// East along the track to 17 km. With `linger`, the device stops at every boundary for six
// reports alternating 15 m either side (ending on the side it came from), and every regular
// report gets +-15 m of random jitter across and along the track.
Track drive(bool linger)
{
    Track track;
    QRandomGenerator rng(16);
    const auto jitter = [&] { return linger ? rng.bounded(30.0) - 15.0 : 0.0; };
    TimeMs t = kT0;
    int next = 0; // next crossing
    const QStringList names = { QStringLiteral("circle"), QStringLiteral("polygon"),
                                QStringLiteral("corridor") };
    for (double x = 0; x <= 17'000; x += kStep) {
        while (next < crossings().size() && crossings().at(next).boundary < x) {
            const Crossing c = crossings().at(next);
            if (linger) {
                // Entering: out, in, out, ...; leaving: in, out, in, ... ending where it came from.
                for (int k = 0; k < 6; ++k) {
                    const bool beyond = k % 2 == 0;
                    track.positions.append(positionAt(QStringLiteral("dev"), t, kLat0,
                                                      lonAt(c.boundary + (beyond ? 15 : -15)), 1));
                    t += kInterval;
                }
            }
            auto &e = track.expected[names.at(next / 2)];
            (c.entering ? e.first : e.second) = t; // the next regular report
            ++next;
        }
        track.positions.append(positionAt(QStringLiteral("dev"), t, latAt(jitter()),
                                          lonAt(x + jitter())));
        t += kInterval;
    }
    return track;
}

AlertRule rule(const QString &name, RuleType type)
{
    AlertRule r;
    r.name = name;
    r.type = type;
    return r;
}
} // namespace

class TstGeofenceRules : public QObject
{
    Q_OBJECT
private slots:
    void crossings_data()
    {
        QTest::addColumn<bool>("linger");
        QTest::addColumn<qint64>("dwell");
        QTest::newRow("clean track, no dwell") << false << 0LL;
        QTest::newRow("clean track, 20 s dwell") << false << 20 * kSecond;
        QTest::newRow("+-15 m jitter at every boundary, 20 s dwell") << true << 20 * kSecond;
    }
    void crossings()
    {
        QFETCH(bool, linger);
        QFETCH(qint64, dwell);
        ManualClock clock(kT0);
        RuleSettings settings;
        settings.dwell = dwell;
        settings.rateLimit = 0;
        RuleEngine engine(&clock, settings);
        QStringList errors;
        engine.setGeofences(fences(), &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        engine.setRules({ rule(QStringLiteral("in"), RuleType::GeofenceEnter),
                          rule(QStringLiteral("out"), RuleType::GeofenceExit) });
        AlertCollector c(engine);
        const Track track = drive(linger);
        for (const Position &p : track.positions)
            engine.evaluate(p);
        for (const QString &name : { QStringLiteral("circle"), QStringLiteral("polygon"),
                                     QStringLiteral("corridor") }) {
            const QList<Alert> in = c.ofType(QStringLiteral("geofence-enter"), name);
            const QList<Alert> out = c.ofType(QStringLiteral("geofence-exit"), name);
            QCOMPARE(in.size(), 1);
            QCOMPARE(out.size(), 1);
            QCOMPARE(toIso(in.first().time), toIso(track.expected.value(name).first));
            QCOMPARE(toIso(out.first().time), toIso(track.expected.value(name).second));
            QCOMPARE(in.first().rule, QStringLiteral("in"));
            QVERIFY(in.first().hasPosition);
        }
        QCOMPARE(c.alerts.size(), 6);
    }

    // The dwell is what holds: without it the same jittered track flaps at the boundaries.
    void jitterFlapsWithoutDwell()
    {
        ManualClock clock(kT0);
        RuleSettings settings;
        settings.dwell = 0;
        settings.rateLimit = 0;
        RuleEngine engine(&clock, settings);
        engine.setGeofences(fences());
        engine.setRules({ rule(QStringLiteral("in"), RuleType::GeofenceEnter) });
        AlertCollector c(engine);
        for (const Position &p : drive(true).positions)
            engine.evaluate(p);
        QVERIFY(c.alerts.size() > 3);
    }

    void rateLimitPerDeviceAndRule()
    {
        ManualClock clock(kT0);
        RuleSettings settings;
        settings.dwell = 0;
        settings.rateLimit = 60 * kMinute; // longer than the whole drive
        RuleEngine engine(&clock, settings);
        engine.setGeofences(fences());
        engine.setRules({ rule(QStringLiteral("in"), RuleType::GeofenceEnter) });
        AlertCollector c(engine);
        for (const Position &p : drive(false).positions)
            engine.evaluate(p);
        QCOMPARE(c.alerts.size(), 1);
        QCOMPARE(engine.stats().rateLimited, 2u);
    }

    // A geofence for one group or for some devices only: the others cross it unannounced.
    void geofenceAssignedToAGroupOrDevices()
    {
        ManualClock clock(kT0);
        RuleSettings settings;
        settings.dwell = 0;
        settings.rateLimit = 0;
        RuleEngine engine(&clock, settings);
        QList<Geofence> list = fences();
        list[0].devices = { QStringLiteral("other") }; // circle: not for "dev"
        list[1].group = QStringLiteral("north"); // polygon: "dev" is in the group
        list[2].devices = { QStringLiteral("x"), QStringLiteral("dev") }; // corridor: for "dev"
        QVERIFY(list[0].validate().isEmpty());
        Geofence both = list[1];
        both.devices = { QStringLiteral("dev") };
        QVERIFY(!both.validate().isEmpty()); // a group and devices exclude each other
        // The assignment survives the database's definition.
        Geofence copy;
        QVERIFY(copy.setDefinition(list[2].definitionJson()));
        QCOMPARE(copy.devices, list[2].devices);
        engine.setGeofences(list);
        engine.setDeviceGroups({ { QStringLiteral("dev"), QStringLiteral("north") } });
        engine.setRules({ rule(QStringLiteral("in"), RuleType::GeofenceEnter) });
        AlertCollector c(engine);
        for (const Position &p : drive(false).positions)
            engine.evaluate(p);
        QCOMPARE(c.alerts.size(), 2);
        QCOMPARE(c.alerts.at(0).geofence, QStringLiteral("polygon"));
        QCOMPARE(c.alerts.at(1).geofence, QStringLiteral("corridor"));
    }

    void antimeridianPolygon()
    {
        Geofence fiji;
        fiji.name = QStringLiteral("fiji");
        fiji.kind = GeofenceKind::Polygon;
        fiji.points = { { -17.0, 179.9 }, { -17.0, -179.9 }, { -16.8, -179.9 }, { -16.8, 179.9 } };
        ManualClock clock(kT0);
        RuleSettings settings;
        settings.dwell = 0;
        RuleEngine engine(&clock, settings);
        QStringList errors;
        engine.setGeofences({ fiji }, &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        const GeofenceIndex &index = engine.geofences();
        std::vector<int> hits;
        for (const GeoPoint p : { GeoPoint { -16.9, 179.95 }, GeoPoint { -16.9, 180.0 },
                                  GeoPoint { -16.9, -180.0 }, GeoPoint { -16.9, -179.95 } }) {
            index.containing(p, hits);
            QCOMPARE(hits.size(), 1u);
        }
        for (const GeoPoint p : { GeoPoint { -16.9, 179.85 }, GeoPoint { -16.9, -179.85 },
                                  GeoPoint { -16.9, 0.0 }, GeoPoint { -16.7, 180.0 } }) {
            index.containing(p, hits);
            QVERIFY(hits.empty());
        }
        engine.setRules({ rule(QStringLiteral("in"), RuleType::GeofenceEnter),
                          rule(QStringLiteral("out"), RuleType::GeofenceExit) });
        AlertCollector c(engine);
        // East across the date line: 179.80, 179.84, ... , -179.80.
        TimeMs t = kT0;
        for (int i = 0; i <= 10; ++i, t += kMinute) {
            const double lon = normalizedLongitude(179.8 + i * 0.04);
            engine.evaluate(positionAt(QStringLiteral("ship"), t, -16.9, lon));
        }
        QCOMPARE(c.alerts.size(), 2);
        QCOMPARE(c.alerts.at(0).type, QStringLiteral("geofence-enter"));
        QCOMPARE(c.alerts.at(0).time, kT0 + 3 * kMinute); // 179.92
        QCOMPARE(c.alerts.at(1).type, QStringLiteral("geofence-exit"));
        QCOMPARE(c.alerts.at(1).time, kT0 + 8 * kMinute); // -179.88
    }

    void poles()
    {
        Geofence cap;
        cap.name = QStringLiteral("arctic");
        cap.kind = GeofenceKind::Polygon;
        for (int k = 0; k < 8; ++k)
            cap.points.append({ 85.0, -180.0 + 45.0 * k });
        Geofence circle;
        circle.name = QStringLiteral("pole-circle");
        circle.kind = GeofenceKind::Circle;
        circle.points = { { 89.9, 0.0 } };
        circle.radiusM = 50'000;
        GeofenceIndex index;
        QStringList errors;
        index.rebuild({ cap, circle }, &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        std::vector<int> hits;
        index.containing({ 89.0, 45.0 }, hits);
        QCOMPARE(hits, std::vector<int>({ 0 }));
        index.containing({ 86.0, -170.0 }, hits);
        QCOMPARE(hits, std::vector<int>({ 0 }));
        index.containing({ 90.0, 0.0 }, hits);
        QCOMPARE(hits, std::vector<int>({ 0, 1 }));
        index.containing({ 89.9, 180.0 }, hits); // 22 km from the centre, across the pole
        QCOMPARE(hits, std::vector<int>({ 0, 1 }));
        index.containing({ 84.0, 0.0 }, hits);
        QVERIFY(hits.empty());
    }

    void bufferedPositionRaisesNothing()
    {
        ManualClock clock(kT0);
        RuleSettings settings;
        settings.dwell = 0;
        RuleEngine engine(&clock, settings);
        engine.setGeofences(fences());
        engine.setRules({ rule(QStringLiteral("in"), RuleType::GeofenceEnter),
                          rule(QStringLiteral("out"), RuleType::GeofenceExit) });
        AlertCollector c(engine);
        const double insideLon = lonAt(kCircleCentre);
        const double outsideLon = lonAt(0);
        engine.evaluate(positionAt(QStringLiteral("dev"), kT0, kLat0, outsideLon));
        // From the device's memory: marked archive...
        Position archived = positionAt(QStringLiteral("dev"), kT0 + kMinute, kLat0, insideLon);
        archived.attributes.set(attr::archive, true);
        engine.evaluate(archived);
        // ... or received an hour after its fix.
        Position late = positionAt(QStringLiteral("dev"), kT0 + 2 * kMinute, kLat0, insideLon);
        late.serverTime = late.deviceTime + kHour;
        engine.evaluate(late);
        // ... or older than what was already evaluated.
        engine.evaluate(positionAt(QStringLiteral("dev"), kT0 + 3 * kMinute, kLat0, outsideLon));
        engine.evaluate(positionAt(QStringLiteral("dev"), kT0 + 150 * kSecond, kLat0, insideLon));
        QVERIFY(c.alerts.isEmpty());
        QCOMPARE(engine.stats().historic, 3u);
        // A live position inside does raise.
        engine.evaluate(positionAt(QStringLiteral("dev"), kT0 + 4 * kMinute, kLat0, insideLon));
        QCOMPARE(c.alerts.size(), 1);
    }
};

FW_TEST_CLASS(TstGeofenceRules)
#include "tst_geofencerules.moc"
