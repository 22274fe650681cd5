// TripDetector: trips, stops, gaps and the summary from synthetic tracks with known answers: a
// drive between two parkings, a parked tracker whose position drifts and whose speed jitters, a
// short repositioning that is not a trip, a long gap without data, ignition, the odometer, and
// positions out of order.
#include "TestMain.h"
#include "TrackGenerator.h"

#include "reports/TripDetector.h"

#include <QTest>

using namespace fw;

namespace {
constexpr TimeMs kT0 = 1'700'000'000'000;
constexpr double kMetresPerDegreeLat = 111'195.0;

using Track = fw::test::TrackGenerator;

TripDetector run(const Track &t, const ReportOptions &options = {})
{
    TripDetector d(QStringLiteral("dev"), options);
    for (const Position &p : t.positions)
        d.add(p);
    d.finish();
    return d;
}
} // namespace

class TstTripDetector : public QObject
{
    Q_OBJECT
private slots:
    void driveBetweenTwoParkings()
    {
        Track t;
        t.park(600);
        const TimeMs lastOfFirstStop = t.time - 30 * kSecond;
        t.drive(600, 36); // 6 km in 10 min
        t.time += 30 * kSecond;
        const TimeMs firstOfSecondStop = t.time;
        t.park(600);
        const TripDetector d = run(t);
        QCOMPARE(d.trips().size(), 1);
        QCOMPARE(d.stops().size(), 2);
        const TripRecord &trip = d.trips().constFirst();
        // From the last position of the stop before to the first of the stop after.
        QCOMPARE(trip.start, lastOfFirstStop);
        QCOMPARE(trip.end, firstOfSecondStop);
        QCOMPARE(d.stops().at(0).end, trip.start);
        QCOMPARE(d.stops().at(1).start, trip.end);
        QVERIFY2(qAbs(trip.distanceKm - 6.0) < 0.05, qPrintable(QString::number(trip.distanceKm)));
        QCOMPARE(trip.maxSpeedKph, 36.0);
        QVERIFY2(qAbs(trip.avgSpeedKph - 6.0 / (660.0 / 3600)) < 0.5,
            qPrintable(QString::number(trip.avgSpeedKph)));
        const SummaryRecord s = d.summary();
        QCOMPARE(s.trips, 1);
        QCOMPARE(s.distanceKm, trip.distanceKm);
        QCOMPARE(s.movingS, trip.durationS());
    }

    // A parked tracker drifting 50 m with a few km/h of noise: no trip, no distance.
    void parkedJitterIsNeitherTripNorDistance()
    {
        Track t;
        t.park(3600, 25, 6);
        const TripDetector d = run(t);
        QCOMPARE(d.trips().size(), 0);
        QCOMPARE(d.stops().size(), 1);
        QCOMPARE(d.summary().distanceKm, 0.0);
        QCOMPARE(d.stops().constFirst().start, kT0);
    }

    // Moving 200 m across a car park between two stops: one stop, no trip.
    void shortRepositioningJoinsTheStops()
    {
        Track t;
        t.park(600);
        t.drive(20, 36); // 200 m
        t.park(600);
        const TripDetector d = run(t);
        QCOMPARE(d.trips().size(), 0);
        QCOMPARE(d.stops().size(), 1);
        QCOMPARE(d.stops().constFirst().start, kT0);
        QCOMPARE(d.stops().constFirst().end, t.time - 30 * kSecond);
    }

    // Two hours without data: the stop before ends at its last position, the gap is reported,
    // and what comes after starts afresh (no trip across the gap).
    void longGapIsNeitherTripNorStop()
    {
        Track t;
        t.park(600);
        const TimeMs beforeGap = t.time - 30 * kSecond;
        t.time += 2 * kHour;
        t.lat += 0.5; // 55 km away
        const TimeMs afterGap = t.time;
        t.park(600);
        const TripDetector d = run(t);
        QCOMPARE(d.trips().size(), 0);
        QCOMPARE(d.gaps().size(), 1);
        QCOMPARE(d.gaps().constFirst().start, beforeGap);
        QCOMPARE(d.gaps().constFirst().end, afterGap);
        QCOMPARE(d.stops().size(), 2);
        QCOMPARE(d.stops().at(0).end, beforeGap);
        QCOMPARE(d.stops().at(1).start, afterGap);
    }

    // Ignition off means standing still whatever the speed says; ignition time is engine hours.
    void ignitionDecides()
    {
        Track t;
        for (int i = 0; i < 20; ++i) { // 10 min of "20 km/h" with the ignition off
            t.lat += 0.00001;
            t.at(20, { { QStringLiteral("ignition"), false } });
            t.time += 30 * kSecond;
        }
        t.drive(600, 60, { { QStringLiteral("ignition"), true } });
        const TripDetector d = run(t);
        QCOMPARE(d.stops().size(), 1);
        QCOMPARE(d.trips().size(), 1);
        QCOMPARE(d.summary().engineHoursS, qint64(590)); // between the 60 reports with it on
    }

    // Where the device reports an odometer, the trip's distance is the odometer's.
    void odometerWins()
    {
        Track t;
        double odometer = 1'000'000;
        t.park(600);
        for (Position &p : t.positions)
            p.attributes.set(QStringLiteral("odometer"), odometer);
        for (int s = 0; s < 600; s += 10) {
            t.time += 10 * kSecond;
            t.lat += 100.0 / kMetresPerDegreeLat; // 100 m by coordinates
            odometer += 150; // 150 m by the odometer (a winding road)
            t.at(36, { { QStringLiteral("odometer"), odometer } });
        }
        const qsizetype driven = t.positions.size();
        t.time += 30 * kSecond;
        t.park(600);
        for (qsizetype i = driven; i < t.positions.size(); ++i)
            t.positions[i].attributes.set(QStringLiteral("odometer"), odometer);
        const TripDetector d = run(t);
        QCOMPARE(d.trips().size(), 1);
        QVERIFY2(qAbs(d.trips().constFirst().distanceKm - 9.0) < 0.001,
            qPrintable(QString::number(d.trips().constFirst().distanceKm)));
    }

    void outOfOrderAndInvalidAreSkipped()
    {
        Track t;
        t.park(600);
        t.drive(600, 36);
        t.park(600);
        Track shuffled = t;
        shuffled.positions.insert(40, t.positions.at(5)); // older than its neighbours
        Position nowhere = t.positions.at(10);
        nowhere.latitude = 0;
        nowhere.longitude = 0;
        shuffled.positions.insert(30, nowhere);
        const TripDetector a = run(t), b = run(shuffled);
        QCOMPARE(a.trips().size(), 1);
        QCOMPARE(b.trips().size(), a.trips().size());
        QCOMPARE(b.trips().constFirst().distanceKm, a.trips().constFirst().distanceKm);
        QCOMPARE(b.stops().size(), a.stops().size());
    }

    void greatCircle()
    {
        // One degree of latitude, and one of longitude at the equator across the antimeridian.
        QVERIFY(qAbs(TripDetector::distanceMeters(0, 0, 1, 0) - 111'195) < 5);
        QVERIFY(qAbs(TripDetector::distanceMeters(0, 179.5, 0, -179.5) - 111'195) < 5);
    }
};

FW_TEST_CLASS(TstTripDetector)
#include "tst_tripdetector.moc"
