// Tests for the simulator's route and ids (SimulatedRoute, DeviceSimulator's id helpers): where a
// device is after moving, how it turns, that a route stays smooth, bounded and reproducible, and
// that generated IMEIs carry a valid Luhn digit.

#include "TestMain.h"
#include "domain/DeviceModelCatalog.h"
#include "sim/DeviceFrameEncoder.h"
#include "sim/DeviceSimulator.h"
#include "sim/SimulatedRoute.h"

#include <QRegularExpression>
#include <QTest>
#include <cmath>

using namespace fw;

class TstSimulatedRoute : public QObject
{
    Q_OBJECT
private slots:
    void advance_data();
    void advance();
    void turnTowards_data();
    void turnTowards();
    void routeIsSmoothAndBounded();
    void routeIsDeterministic();
    void deviceIds();
    void luhn_data();
    void luhn();
};

void TstSimulatedRoute::advance_data()
{
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("speedKph");
    QTest::addColumn<double>("course");
    QTest::addColumn<double>("seconds");
    QTest::addColumn<double>("metres");

    QTest::newRow("north 36 kph 100 s") << 0.0 << 0.0 << 36.0 << 0.0 << 100.0 << 1000.0;
    QTest::newRow("east at the equator") << 0.0 << 10.0 << 72.0 << 90.0 << 50.0 << 1000.0;
    QTest::newRow("south-west in Berlin") << 52.52 << 13.405 << 50.0 << 225.0 << 36.0 << 500.0;
    QTest::newRow("course wraps 450 = 90") << 48.85 << 2.35 << 36.0 << 450.0 << 10.0 << 100.0;
    QTest::newRow("parked") << 35.67 << 139.65 << 0.0 << 10.0 << 600.0 << 0.0;
    QTest::newRow("negative time") << 35.67 << 139.65 << 50.0 << 10.0 << -5.0 << 0.0;
    QTest::newRow("highway hour") << 40.41 << -3.70 << 120.0 << 30.0 << 3600.0 << 120000.0;
}

void TstSimulatedRoute::advance()
{
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(double, speedKph);
    QFETCH(double, course);
    QFETCH(double, seconds);
    QFETCH(double, metres);
    const QGeoCoordinate from(lat, lon);
    const QGeoCoordinate to = SimulatedRoute::advance(from, speedKph, course, seconds);
    QVERIFY(to.isValid());
    QVERIFY2(std::fabs(from.distanceTo(to) - metres) <= std::max(0.5, metres * 1e-3),
        qPrintable(QString::number(from.distanceTo(to))));
    if (metres > 0) {
        const double az = from.azimuthTo(to);
        const double diff = std::fabs(SimulatedRoute::normaliseCourse(az - course + 180) - 180);
        QVERIFY2(diff < 0.5, qPrintable(QString::number(az)));
    }
}

void TstSimulatedRoute::turnTowards_data()
{
    QTest::addColumn<double>("course");
    QTest::addColumn<double>("target");
    QTest::addColumn<double>("maxTurn");
    QTest::addColumn<double>("expected");

    QTest::newRow("across north") << 350.0 << 10.0 << 30.0 << 10.0;
    QTest::newRow("limited left") << 10.0 << 350.0 << 5.0 << 5.0;
    QTest::newRow("limited right") << 90.0 << 180.0 << 45.0 << 135.0;
    QTest::newRow("u-turn takes the limit") << 90.0 << 270.0 << 45.0 << 135.0;
    QTest::newRow("already there") << 0.0 << 0.0 << 10.0 << 0.0;
    QTest::newRow("negative target") << 20.0 << -20.0 << 90.0 << 340.0;
    QTest::newRow("no turning allowed") << 20.0 << 200.0 << 0.0 << 20.0;
}

void TstSimulatedRoute::turnTowards()
{
    QFETCH(double, course);
    QFETCH(double, target);
    QFETCH(double, maxTurn);
    QFETCH(double, expected);
    QCOMPARE(SimulatedRoute::turnTowards(course, target, maxTurn), expected);
}

void TstSimulatedRoute::routeIsSmoothAndBounded()
{
    const QGeoCoordinate centre(52.52, 13.405);
    const double radiusKm = 5.0;
    const double maxSpeed = 90.0;
    SimulatedRoute route(centre, centre, radiusKm, 42, maxSpeed);
    RoutePoint prev = route.current();
    int stopped = 0;
    int moving = 0;
    const double dt = 30.0;
    for (int i = 0; i < 2000; ++i) {
        const RoutePoint p = route.step(dt);
        const double jump = prev.coordinate.distanceTo(p.coordinate);
        QVERIFY2(jump <= maxSpeed / 3.6 * dt + 1.0, qPrintable(QString::number(jump)));
        QVERIFY(p.speedKph >= 0 && p.speedKph <= maxSpeed + 1e-9);
        // Speed changes are bounded by the acceleration limit.
        QVERIFY(
            std::fabs(p.speedKph - prev.speedKph) <= SimulatedRoute::kAccelKphPerSec * dt + 1e-9);
        double turn = std::fabs(p.course - prev.course);
        turn = std::min(turn, 360.0 - turn);
        QVERIFY2(turn <= 2 * SimulatedRoute::kTurnRateDegPerSec * dt + 1.0,
            qPrintable(QString::number(turn)));
        QVERIFY2(centre.distanceTo(p.coordinate) <= radiusKm * 1000.0 * 1.3,
            qPrintable(QString::number(centre.distanceTo(p.coordinate))));
        (p.moving ? moving : stopped)++;
        prev = p;
    }
    QVERIFY(stopped > 50); // stop-and-go
    QVERIFY(moving > 500);
}

void TstSimulatedRoute::routeIsDeterministic()
{
    const QGeoCoordinate c(35.6762, 139.6503);
    SimulatedRoute a(c, c, 10, 7);
    SimulatedRoute b(c, c, 10, 7);
    SimulatedRoute other(c, c, 10, 8);
    bool differs = false;
    for (int i = 0; i < 200; ++i) {
        const RoutePoint pa = a.step(15);
        const RoutePoint pb = b.step(15);
        const RoutePoint po = other.step(15);
        QCOMPARE(pa.coordinate, pb.coordinate);
        QCOMPARE(pa.speedKph, pb.speedKph);
        differs = differs || po.coordinate != pa.coordinate;
    }
    QVERIFY(differs);
}

void TstSimulatedRoute::deviceIds()
{
    SimulatorOptions o;
    o.devicesPerProtocol = 300;
    const DeviceSimulator sim(o);
    const QList<Device> devices = sim.devices();
    QCOMPARE(devices.size(), simulatedProtocols().size() * 300);
    QSet<QString> ids;
    QSet<QString> areaNames;
    for (const SimulatorArea &a : DeviceSimulator::defaultAreas())
        areaNames.insert(a.name);
    const DeviceModelCatalog catalog;
    const QRegularExpression callsign(QStringLiteral("^FW[1-9][A-Z]{2,3}-9$"));
    for (const Device &d : devices) {
        QVERIFY2(!ids.contains(d.uniqueId), qPrintable(d.uniqueId));
        ids.insert(d.uniqueId);
        if (d.protocol == u"aprs")
            QVERIFY2(callsign.match(d.uniqueId).hasMatch(), qPrintable(d.uniqueId));
        else
            QVERIFY2(isValidImei(d.uniqueId), qPrintable(d.uniqueId));
        QVERIFY(isAcceptableUniqueId(d.uniqueId));
        const DeviceModel *model = catalog.find(d.model);
        QVERIFY2(model, qPrintable(d.model));
        QCOMPARE(model->protocol, d.protocol);
        QVERIFY(d.phone.startsWith(QLatin1Char('+')) && d.phone.size() >= 10);
        QVERIFY(!d.carrier.isEmpty());
        QVERIFY(areaNames.contains(d.group));
        QVERIFY(!d.name.isEmpty());
    }
    QCOMPARE(sim.portFor(QStringLiteral("gt06")), defaultPortForProtocol(u"gt06"));

    // Many APRS stations: the three-letter suffix keeps callsigns unique; custom prefixes.
    SimulatorOptions many;
    many.protocols = { QStringLiteral("aprs"), QStringLiteral("gt06") };
    many.devicesPerProtocol = 7000;
    many.imeiPrefix = QStringLiteral("3577");
    many.callsignPrefix = QStringLiteral("Q");
    const QRegularExpression custom(QStringLiteral("^Q[1-9][A-Z]{2,3}-9$"));
    QSet<QString> manyIds;
    for (const Device &d : DeviceSimulator(many).devices()) {
        manyIds.insert(d.uniqueId);
        if (d.protocol == u"aprs") {
            QVERIFY2(custom.match(d.uniqueId).hasMatch(), qPrintable(d.uniqueId));
        } else {
            QVERIFY(d.uniqueId.startsWith(QStringLiteral("3577")));
            QVERIFY(isValidImei(d.uniqueId));
        }
    }
    QCOMPARE(manyIds.size(), 14000);
}

void TstSimulatedRoute::luhn_data()
{
    QTest::addColumn<QString>("digits");
    QTest::addColumn<QString>("imei");
    QTest::newRow("GSMA example") << QStringLiteral("49015420323751")
                                  << QStringLiteral("490154203237518");
    QTest::newRow("zeros") << QStringLiteral("00000000000000") << QStringLiteral("000000000000000");
    QTest::newRow("classic example")
        << QStringLiteral("35209900176148") << QStringLiteral("352099001761481");
}

void TstSimulatedRoute::luhn()
{
    QFETCH(QString, digits);
    QFETCH(QString, imei);
    QCOMPARE(DeviceSimulator::withLuhnDigit(digits), imei);
    QVERIFY(isValidImei(imei));
}

FW_TEST_CLASS(TstSimulatedRoute)

#include "tst_simulatedroute.moc"
