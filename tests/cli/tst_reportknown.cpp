// `fleetwatch report` through the real executable on generated tracks whose answers the test
// knows from how it made them: three 10 km trips between 10-minute stops, a tracker parked for two
// hours whose position jitters 30 m, a 3-hour hole in the data, trips told by the ignition, a
// drive across midnight (the daily summary splits it), and the same three trips stored out of
// order (a device emptying its memory). Trip count exact, distances within 1 %, times to the
// second, in JSON and in CSV; then events, geofence visits and a PDF checked with poppler.
#include "CliTestSupport.h"
#include "TestMain.h"
#include "LoopbackHttpServer.h"
#include "TrackGenerator.h"

#include "reports/ReportBuilder.h"
#include "reports/TripDetector.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

using namespace fw;
using namespace fw::test;

namespace {
constexpr TimeMs kT0 = 1'700'000'000'000; // 2023-11-14T22:13:20Z
constexpr double kTripKm = 10.0; // 600 s at 60 km/h

struct KnownTrip
{
    TimeMs start = kNoTime; // the last position of the stop before it
    TimeMs end = kNoTime; // the first position of the stop after it
    double km = 0;
};

// Parked 10 min, then `trips` times: 10 km north at 60 km/h, parked 10 min.
QList<KnownTrip> threeTrips(TrackGenerator &g, int trips = 3, const QVariantMap &driving = {},
    const QVariantMap &parked = {}, double parkedNoise = 0)
{
    QList<KnownTrip> known;
    g.park(600, 0, parkedNoise, parked);
    for (int i = 0; i < trips; ++i) {
        KnownTrip trip;
        trip.start = g.time - 30 * kSecond;
        g.drive(600, 60, driving);
        g.time += 30 * kSecond;
        trip.end = g.time;
        trip.km = kTripKm;
        g.park(600, 0, parkedNoise, parked);
        known << trip;
    }
    return known;
}
} // namespace

class TestReportKnownAnswers : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_env.init(), "temporary home");
        m_url = QStringLiteral("sqlite:") + m_env.path(QStringLiteral("known.sqlite"));
        Database db;
        QVERIFY(db.open(*DatabaseConfig::parse(m_url)));
        const auto add = [&db](const QString &id, const QString &name) {
            Device d;
            d.uniqueId = id;
            d.name = name;
            d.group = QStringLiteral("known");
            d.protocol = QStringLiteral("osmand");
            d.registeredAt = kT0 - kDay;
            return db.addDevice(d);
        };

        TrackGenerator three;
        three.uniqueId = QStringLiteral("three");
        three.time = kT0;
        m_threeTrips = threeTrips(three);
        m_threePositions = three.positions;
        QVERIFY(add(three.uniqueId, QStringLiteral("Delivery van")));
        QVERIFY(db.insertPositions(three.positions));

        // The same drive stored out of order: the middle third arrives last.
        TrackGenerator buffered = three;
        buffered.uniqueId = QStringLiteral("buffered");
        for (Position &p : buffered.positions)
            p.uniqueId = buffered.uniqueId;
        const qsizetype third = buffered.positions.size() / 3;
        QList<Position> late = buffered.positions.mid(third, third);
        buffered.positions.remove(third, third);
        QVERIFY(add(buffered.uniqueId, QStringLiteral("Buffered van")));
        QVERIFY(db.insertPositions(buffered.positions));
        QVERIFY(db.insertPositions(late));

        TrackGenerator jitter;
        jitter.uniqueId = QStringLiteral("jitter");
        jitter.time = kT0;
        jitter.park(2 * 3600, 15.0, 5.0); // +-15 m and 5 km/h of noise for two hours
        m_jitterPositions = jitter.positions;
        QVERIFY(add(jitter.uniqueId, QStringLiteral("Parked truck")));
        QVERIFY(db.insertPositions(jitter.positions));

        TrackGenerator gap;
        gap.uniqueId = QStringLiteral("gap");
        gap.time = kT0;
        m_gapTrips = threeTrips(gap, 1);
        m_gapStart = gap.positions.last().deviceTime;
        gap.time += 3 * kHour;
        m_gapEnd = gap.time;
        m_gapTrips << threeTrips(gap, 1);
        QVERIFY(add(gap.uniqueId, QStringLiteral("Gap car")));
        QVERIFY(db.insertPositions(gap.positions));

        // Ignition decides: parked with the ignition off but 8 km/h of speed noise.
        TrackGenerator ignition;
        ignition.uniqueId = QStringLiteral("ignition");
        ignition.time = kT0;
        m_ignitionTrips = threeTrips(ignition, 2, { { QStringLiteral("ignition"), true } },
            { { QStringLiteral("ignition"), false } }, 8.0);
        QVERIFY(add(ignition.uniqueId, QStringLiteral("Ignition car")));
        QVERIFY(db.insertPositions(ignition.positions));

        // 20 minutes of driving that cross local midnight (the tests run in UTC).
        TrackGenerator night;
        night.uniqueId = QStringLiteral("night");
        const QDateTime midnight = QDateTime::fromMSecsSinceEpoch(kT0).date().addDays(1).startOfDay();
        m_midnight = midnight.toMSecsSinceEpoch();
        night.time = m_midnight - 20 * kMinute;
        night.park(600);
        const TimeMs driveFrom = night.time;
        night.drive(1200, 60);
        night.time += 30 * kSecond;
        night.park(600);
        // Each day gets the way driven up to the last position before midnight, the next day the
        // rest (from that position on).
        qsizetype before = 0;
        for (const Position &p : std::as_const(night.positions))
            before += p.deviceTime > driveFrom && p.deviceTime < m_midnight ? 1 : 0;
        m_nightKmBefore = double(before) * 60 / 3.6 * 10 / 1000.0;
        QVERIFY(add(night.uniqueId, QStringLiteral("Night bus")));
        QVERIFY(db.insertPositions(night.positions));

        DeviceEvent alarm;
        alarm.uniqueId = QStringLiteral("three");
        alarm.time = kT0 + 15 * kMinute;
        alarm.type = EventType::Alarm;
        alarm.text = QStringLiteral("SOS, pressed twice");
        alarm.attributes.set(QStringLiteral("alarm"), QStringLiteral("sos"));
        QVERIFY(db.insertEvents({ alarm }));
    }

    void tripsJsonAndCsv_data()
    {
        QTest::addColumn<QString>("device");
        QTest::newRow("three trips") << QStringLiteral("three");
        QTest::newRow("stored out of order") << QStringLiteral("buffered");
        QTest::newRow("ignition") << QStringLiteral("ignition");
        QTest::newRow("3 h gap") << QStringLiteral("gap");
    }

    void tripsJsonAndCsv()
    {
        QFETCH(QString, device);
        const QList<KnownTrip> known = device == u"ignition" ? m_ignitionTrips
            : device == u"gap"                                ? m_gapTrips
                                                             : m_threeTrips;
        const CliResult json = report({ QStringLiteral("trips"), QStringLiteral("--device"), device });
        QCOMPARE(json.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(json.out).object();
        const QJsonArray trips = root.value(u"trips").toArray();
        QCOMPARE(trips.size(), known.size());
        const CliResult csv = report({ QStringLiteral("trips"), QStringLiteral("--device"), device,
            QStringLiteral("--format"), QStringLiteral("csv") });
        QCOMPARE(csv.exitCode, 0);
        const QList<QByteArray> lines = csv.out.trimmed().split('\n');
        QCOMPARE(lines.size(), known.size() + 1);
        for (qsizetype i = 0; i < known.size(); ++i) {
            const QJsonObject trip = trips.at(i).toObject();
            QCOMPARE(trip.value(u"start").toString(), toIso(known.at(i).start));
            QCOMPARE(trip.value(u"end").toString(), toIso(known.at(i).end));
            QCOMPARE(trip.value(u"durationS").toInteger(),
                (known.at(i).end - known.at(i).start) / kSecond);
            const double km = trip.value(u"distanceKm").toDouble();
            QVERIFY2(qAbs(km - known.at(i).km) <= known.at(i).km * 0.01, qPrintable(QString::number(km)));
            const QList<QByteArray> cells = lines.at(i + 1).trimmed().split(',');
            QCOMPARE(cells.size(), 11);
            QCOMPARE(QString::fromUtf8(cells.at(1)), toIso(known.at(i).start));
            QCOMPARE(QString::fromUtf8(cells.at(2)), toIso(known.at(i).end));
            QVERIFY(qAbs(cells.at(7).toDouble() - known.at(i).km) <= known.at(i).km * 0.01);
            QCOMPARE(cells.at(10).toLongLong(), (known.at(i).end - known.at(i).start) / kSecond);
        }
        const QJsonArray gaps = root.value(u"gaps").toArray();
        if (device == u"gap") {
            QCOMPARE(gaps.size(), 1);
            QCOMPARE(gaps.at(0).toObject().value(u"start").toString(), toIso(m_gapStart));
            QCOMPARE(gaps.at(0).toObject().value(u"end").toString(), toIso(m_gapEnd));
        } else {
            QCOMPARE(gaps.size(), 0);
        }
    }

    void parkedJitterIsNoTrip()
    {
        const CliResult r = report({ QStringLiteral("summary"), QStringLiteral("--device"),
            QStringLiteral("jitter") });
        QCOMPARE(r.exitCode, 0);
        const QJsonObject row
            = QJsonDocument::fromJson(r.out).object().value(u"summary").toArray().at(0).toObject();
        QCOMPARE(row.value(u"trips").toInt(), 0);
        QCOMPARE(row.value(u"distanceKm").toDouble(), 0.0);
        QCOMPARE(row.value(u"movingS").toInt(), 0);
    }

    void dailySummarySplitsAtMidnight()
    {
        const CliResult r = report({ QStringLiteral("summary"), QStringLiteral("--device"),
            QStringLiteral("night"), QStringLiteral("--daily") });
        QCOMPARE(r.exitCode, 0);
        const QJsonArray rows = QJsonDocument::fromJson(r.out).object().value(u"summary").toArray();
        QCOMPARE(rows.size(), 2);
        const QDate day = QDateTime::fromMSecsSinceEpoch(m_midnight - 1).date();
        QCOMPARE(rows.at(0).toObject().value(u"day").toString(), day.toString(Qt::ISODate));
        QCOMPARE(rows.at(1).toObject().value(u"day").toString(),
            day.addDays(1).toString(Qt::ISODate));
        const double first = rows.at(0).toObject().value(u"distanceKm").toDouble();
        const double second = rows.at(1).toObject().value(u"distanceKm").toDouble();
        QVERIFY2(qAbs(first - m_nightKmBefore) <= 0.01 * m_nightKmBefore, qPrintable(QString::number(first)));
        QVERIFY2(qAbs(first + second - 20.0) <= 0.2, qPrintable(QString::number(first + second)));

        const CliResult csv = report({ QStringLiteral("summary"), QStringLiteral("--device"),
            QStringLiteral("night"), QStringLiteral("--daily"), QStringLiteral("--format"),
            QStringLiteral("csv") });
        QVERIFY(csv.out.startsWith("uniqueId,day,distanceKm"));
        QCOMPARE(csv.out.trimmed().split('\n').size(), 3);
    }

    void groupTotal()
    {
        const CliResult r = report(
            { QStringLiteral("summary"), QStringLiteral("--group"), QStringLiteral("known") });
        QCOMPARE(r.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(r.out).object();
        double sum = 0;
        int trips = 0;
        for (const QJsonValue &v : root.value(u"summary").toArray()) {
            sum += v.toObject().value(u"distanceKm").toDouble();
            trips += v.toObject().value(u"trips").toInt();
        }
        QCOMPARE(root.value(u"summary").toArray().size(), 6);
        QVERIFY(qAbs(root.value(u"total").toObject().value(u"distanceKm").toDouble() - sum) < 0.01);
        QCOMPARE(root.value(u"total").toObject().value(u"trips").toInt(), trips);
    }

    // Six devices are read by two threads (ReportBuilder's helper takes the second half): the
    // rows come out as one device at a time would give them, in the devices' order.
    void twoThreadsAgreeWithOneDeviceAtATime()
    {
        const CliResult group = report({ QStringLiteral("trips"), QStringLiteral("--group"),
            QStringLiteral("known"), QStringLiteral("--format"), QStringLiteral("csv") });
        QCOMPARE(group.exitCode, 0);
        QList<QByteArray> rows = group.out.trimmed().split('\n');
        for (QByteArray &row : rows)
            row = row.trimmed();
        const QByteArray header = rows.takeFirst();
        QStringList devices; // in the order the report takes them: the database's
        {
            Database db;
            QVERIFY(db.open(*DatabaseConfig::parse(m_url)));
            for (const Device &d : db.devices())
                devices << d.uniqueId;
        }
        QVERIFY(devices.size() >= 4);
        QList<QByteArray> single;
        for (const QString &id : std::as_const(devices)) {
            const CliResult one = report({ QStringLiteral("trips"), QStringLiteral("--device"), id,
                QStringLiteral("--format"), QStringLiteral("csv") });
            QList<QByteArray> lines = one.out.trimmed().split('\n');
            for (QByteArray &line : lines)
                line = line.trimmed();
            QCOMPARE(lines.takeFirst(), header);
            single << lines;
        }
        QCOMPARE(single, rows);
    }

    // A report reads through a small SQLite page cache (its memory must not follow the number of
    // positions read) and hands the connection back with the session's cache.
    void reportReadsThroughASmallPageCache()
    {
        Database db;
        QVERIFY(db.open(*DatabaseConfig::parse(m_url)));
        const auto cacheSize = [&db] {
            QSqlQuery q(db.connection());
            return q.exec(QStringLiteral("PRAGMA cache_size")) && q.next() ? q.value(0).toInt() : 0;
        };
        QCOMPARE(cacheSize(), -SqlDialect::kSqlitePageCacheKiB);
        ReportRequest request;
        request.kind = ReportKind::Summary;
        request.uniqueIds << QStringLiteral("three");
        QList<int> during;
        ReportBuilder builder(db);
        ReportResult result;
        QVERIFY2(builder.run(request, &result,
                     [&](double) {
                         during << cacheSize();
                         return true;
                     }),
            qPrintable(builder.lastError()));
        QVERIFY(result.positionsRead > 0);
        QVERIFY(!during.isEmpty());
        for (const int size : std::as_const(during))
            QCOMPARE(size, -SqlDialect::kSqliteScanPageCacheKiB);
        QCOMPARE(cacheSize(), -SqlDialect::kSqlitePageCacheKiB);
    }

    void eventsAndVisits()
    {
        CliResult r = report({ QStringLiteral("events"), QStringLiteral("--all"),
            QStringLiteral("--format"), QStringLiteral("csv") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QString(QStringLiteral("three,") + toIso(kT0 + 15 * kMinute)
                                     + QStringLiteral(",alarm,\"SOS, pressed twice\""))
                                     .toUtf8()),
            r.out.constData());
        r = report({ QStringLiteral("events"), QStringLiteral("--device"), QStringLiteral("three") });
        const QJsonArray events = QJsonDocument::fromJson(r.out).object().value(u"events").toArray();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.at(0).toObject().value(u"type").toString(), QStringLiteral("alarm"));
    }

    // Visits of circles the test checks with its own great-circle distance: the depot the van
    // starts in and the yard its first trip ends in (one enter/exit pair each, at the first
    // position inside and the first outside), and a circle whose edge the parked truck's 15 m
    // jitter crosses every 30 s (one visit, still open, not 120).
    void geofenceVisits()
    {
        CliResult r = report({ QStringLiteral("geofences"), QStringLiteral("--all") });
        QCOMPARE(r.exitCode, 0);
        QJsonObject root = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(root.value(u"hasGeofences").toBool(true), false);
        QCOMPARE(root.value(u"visits").toArray().size(), 0);

        constexpr double kRadius = 450;
        const Position &start = m_threePositions.first();
        const double yardLat = start.latitude + kTripKm * 1000 / TrackGenerator::kMetresPerDegreeLat;
        const double edgeLat = start.latitude + 800 / TrackGenerator::kMetresPerDegreeLat;
        struct Circle
        {
            const char *name;
            double lat;
            double radius;
        };
        for (const Circle &c : { Circle { "Depot", start.latitude, kRadius },
                 Circle { "Yard", yardLat, kRadius }, Circle { "Edge", edgeLat, 800.0 } }) {
            QStringList args { QStringLiteral("geofences"), QStringLiteral("add"),
                QStringLiteral("--db"), m_url, QStringLiteral("--name"), QLatin1String(c.name) };
            args << QStringLiteral("--circle")
                 << QStringList { QString::number(c.lat, 'f', 7),
                        QString::number(start.longitude, 'f', 7), QString::number(c.radius) }
                        .join(u',');
            const CliResult add = m_env.run(args);
            QVERIFY2(add.exitCode == 0, add.err.constData());
        }

        // The expected pairs, from the generated positions and the haversine distance.
        const auto expected = [](const QList<Position> &track, double lat, double lon,
                                  double radius) {
            QList<QPair<TimeMs, TimeMs>> visits;
            for (const Position &p : track) {
                const bool in = TripDetector::distanceMeters(p.latitude, p.longitude, lat, lon) < radius;
                if (in && (visits.isEmpty() || visits.last().second != kNoTime)) {
                    if (!visits.isEmpty() && p.deviceTime - visits.last().second < kMinute)
                        visits.last().second = kNoTime; // back within the exit dwell
                    else
                        visits.append({ p.deviceTime, kNoTime });
                } else if (!in && !visits.isEmpty() && visits.last().second == kNoTime) {
                    visits.last().second = p.deviceTime;
                }
            }
            return visits;
        };
        // The van starts in the depot, drives through the edge circle and ends its first trip in
        // the yard: one pair each.
        QList<std::tuple<TimeMs, QString, TimeMs>> want; // enter, geofence, exit
        for (const auto &[name, lat, radius] : { std::tuple { "Depot", start.latitude, kRadius },
                 std::tuple { "Edge", edgeLat, 800.0 }, std::tuple { "Yard", yardLat, kRadius } }) {
            const auto pairs = expected(m_threePositions, lat, start.longitude, radius);
            QCOMPARE(pairs.size(), 1);
            QVERIFY(pairs.first().second != kNoTime);
            want.append({ pairs.first().first, QLatin1String(name), pairs.first().second });
        }
        std::sort(want.begin(), want.end());

        r = report({ QStringLiteral("geofences"), QStringLiteral("--device"), QStringLiteral("three") });
        QCOMPARE(r.exitCode, 0);
        root = QJsonDocument::fromJson(r.out).object();
        QVERIFY(root.value(u"hasGeofences").toBool());
        const QJsonArray visits = root.value(u"visits").toArray();
        QCOMPARE(visits.size(), want.size());
        for (qsizetype i = 0; i < want.size(); ++i) {
            const QJsonObject v = visits.at(i).toObject();
            const auto &[enter, name, exit] = want.at(i);
            QCOMPARE(v.value(u"geofence").toString(), name);
            QCOMPARE(v.value(u"enter").toString(), toIso(enter));
            QCOMPARE(v.value(u"exit").toString(), toIso(exit));
            QCOMPARE(v.value(u"durationS").toInteger(), (exit - enter) / kSecond);
        }

        // The jitter crosses the edge 239 times; it is one stay, still going at the end.
        const Position &parked = m_jitterPositions.first();
        qsizetype crossings = 0;
        for (qsizetype i = 1; i < m_jitterPositions.size(); ++i) {
            const auto inside = [&](const Position &p) {
                return TripDetector::distanceMeters(p.latitude, p.longitude, edgeLat, parked.longitude) < 800;
            };
            crossings += inside(m_jitterPositions.at(i)) != inside(m_jitterPositions.at(i - 1)) ? 1 : 0;
        }
        QVERIFY2(crossings > 200, qPrintable(QString::number(crossings)));
        const auto edge = expected(m_jitterPositions, edgeLat, parked.longitude, 800);
        r = report({ QStringLiteral("geofences"), QStringLiteral("--device"), QStringLiteral("jitter"),
            QStringLiteral("--format"), QStringLiteral("csv") });
        QCOMPARE(r.exitCode, 0);
        QList<QByteArray> edgeLines; // the truck parks in the depot too
        for (const QByteArray &line : r.out.trimmed().split('\n')) {
            if (line.startsWith("jitter,Edge,"))
                edgeLines << line.trimmed();
        }
        QCOMPARE(edgeLines.size(), 1);
        QCOMPARE(edgeLines.at(0),
            QString(QStringLiteral("jitter,Edge,") + toIso(edge.first().first) + u",,0").toUtf8());
        QCOMPARE(edge.size(), 1);
        QCOMPARE(edge.first().second, kNoTime);
    }

    // Stops and trip ends get the address a loopback Nominatim-compatible server gives for their
    // place: one request per distinct place, a real User-Agent, at most one a second; a second
    // run is answered from the persistent cache without a request.
    void addressesFromGeocoder()
    {
        QList<qint64> arrivals;
        QElapsedTimer clock;
        clock.start();
        LoopbackHttpServer server([&](const HttpRequest &request) {
            arrivals << clock.elapsed();
            return quayAddressAnswer(request);
        });
        QVERIFY(server.isListening());
        const QStringList args { QStringLiteral("report"), QStringLiteral("stops"),
            QStringLiteral("--device"), QStringLiteral("three"), QStringLiteral("--db"), m_url,
            QStringLiteral("--from"), toIso(kT0 - kHour), QStringLiteral("--to"),
            toIso(kT0 + 2 * kDay), QStringLiteral("--geocoder"), server.url() };
        CliResult r = m_env.run(args, {}, 60000, true);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray stops = QJsonDocument::fromJson(r.out).object().value(u"stops").toArray();
        QVERIFY(stops.size() >= 3);
        QSet<QString> places;
        for (const QJsonValue &v : stops) {
            const QJsonObject stop = v.toObject();
            const QString expected = QStringLiteral("Quay ") + QString::number(stop.value(u"lat").toDouble(), 'f', 5);
            QCOMPARE(stop.value(u"address").toString(), expected);
            places.insert(expected);
        }
        QCOMPARE(server.requests.size(), places.size());
        for (const HttpRequest &request : std::as_const(server.requests))
            QVERIFY(request.headers.value("user-agent").startsWith("FleetWatch/"));
        for (qsizetype i = 1; i < arrivals.size(); ++i)
            QVERIFY2(arrivals.at(i) - arrivals.at(i - 1) >= 990, qPrintable(QString::number(arrivals.at(i) - arrivals.at(i - 1))));

        r = m_env.run(QStringList(args) << QStringLiteral("--format") << QStringLiteral("csv"), {},
            60000, true);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(server.requests.size(), places.size()); // all from the cache
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QVERIFY(lines.at(0).trimmed().endsWith(",address"));
        QVERIFY(lines.at(1).trimmed().endsWith(QStringLiteral("Quay %1").arg(stops.at(0).toObject().value(u"lat").toDouble(), 0, 'f', 5).toUtf8()));

        // Without the option nothing is asked and the columns stay as the contract has them.
        r = report({ QStringLiteral("stops"), QStringLiteral("--device"), QStringLiteral("three") });
        QVERIFY(!r.out.contains("address"));
    }

    void pdfHasNamesAndTotals()
    {
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
        if (pdftotext.isEmpty() || pdftoppm.isEmpty())
            QSKIP("poppler-utils (pdftotext, pdftoppm) are not installed");
        const QString pdf = m_env.path(QStringLiteral("summary.pdf"));
        const CliResult r = report({ QStringLiteral("summary"), QStringLiteral("--group"),
            QStringLiteral("known"), QStringLiteral("--format"), QStringLiteral("pdf"),
            QStringLiteral("--output"), pdf });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        if (qEnvironmentVariableIsSet("FW_SCREENSHOT_DIR")) {
            const QString dir = qEnvironmentVariable("FW_SCREENSHOT_DIR");
            QDir().mkpath(dir);
            QFile::remove(dir + QStringLiteral("/report.pdf"));
            QFile::copy(pdf, dir + QStringLiteral("/report.pdf"));
        }
        QProcess text;
        text.start(pdftotext, { QStringLiteral("-layout"), pdf, QStringLiteral("-") });
        QVERIFY(text.waitForFinished(30000));
        const QString body = QString::fromUtf8(text.readAllStandardOutput());
        for (const char *name : { "Delivery van", "Parked truck", "Gap car", "Night bus" })
            QVERIFY2(body.contains(QLatin1String(name)), name);
        // The total distance of the title page, as the JSON report has it.
        const CliResult json = report(
            { QStringLiteral("summary"), QStringLiteral("--group"), QStringLiteral("known") });
        const double total = QJsonDocument::fromJson(json.out)
                                 .object()
                                 .value(u"total")
                                 .toObject()
                                 .value(u"distanceKm")
                                 .toDouble();
        const QString totalText = QStringLiteral("Distance: %1 km").arg(total, 0, 'f', 1);
        QVERIFY2(body.contains(totalText), qPrintable(totalText + QLatin1String("\n") + body));

        QProcess render;
        const QString prefix = m_env.path(QStringLiteral("page"));
        render.start(pdftoppm, { QStringLiteral("-r"), QStringLiteral("40"), QStringLiteral("-png"),
                                   pdf, prefix });
        QVERIFY(render.waitForFinished(60000));
        QCOMPARE(render.exitCode(), 0);
        const QStringList pages = QDir(m_env.path(QString())).entryList({ QStringLiteral("page*.png") });
        QVERIFY2(pages.size() >= 3, qPrintable(pages.join(u',')));
    }

    void pdfNeedsOutput()
    {
        const CliResult r = report({ QStringLiteral("trips"), QStringLiteral("--all"),
            QStringLiteral("--format"), QStringLiteral("pdf") });
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--output"));
    }

private:
    CliResult report(QStringList args) const
    {
        args.prepend(QStringLiteral("report"));
        args << QStringLiteral("--db") << m_url << QStringLiteral("--from") << toIso(kT0 - kHour)
             << QStringLiteral("--to") << toIso(kT0 + 2 * kDay);
        return m_env.run(args);
    }

    CliEnvironment m_env;
    QString m_url;
    QList<KnownTrip> m_threeTrips, m_gapTrips, m_ignitionTrips;
    QList<Position> m_threePositions, m_jitterPositions;
    TimeMs m_gapStart = kNoTime, m_gapEnd = kNoTime, m_midnight = kNoTime;
    double m_nightKmBefore = 0;
};

FW_TEST_CLASS(TestReportKnownAnswers)
#include "tst_reportknown.moc"
