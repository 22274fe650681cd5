// `fleetwatch report trips|stops|summary` through the real executable on a real SQLite file: two
// devices with known drives (one between two parkings, one parked all along), by device, group
// and --all, as JSON and CSV, and clear errors for what is missing or wrong.
#include "CliTestSupport.h"
#include "TestMain.h"

#include "storage/Database.h"
#include "storage/DatabaseConfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace fw;
using namespace fw::test;

namespace {
constexpr TimeMs kT0 = 1'700'000'000'000; // 2023-11-14T22:13:20Z
constexpr double kMetresPerDegreeLat = 111'195.0;

// Parked 10 min, driving north 6 km in 10 min at 36 km/h, parked 10 min (reports every 30 s
// parked, 10 s driving). The parked one stays put for the same 30 minutes.
QList<Position> track(const QString &id, bool drives)
{
    QList<Position> list;
    TimeMs t = kT0;
    double lat = 50.0;
    const auto at = [&](double speed) {
        Position p;
        p.uniqueId = id;
        p.deviceTime = t;
        p.serverTime = t;
        p.valid = true;
        p.latitude = lat;
        p.longitude = 14.0;
        p.speedKph = speed;
        p.protocol = QStringLiteral("osmand");
        list.append(p);
    };
    for (int s = 0; s < 600; s += 30, t += 30 * kSecond)
        at(0);
    for (int s = 0; s < 600; s += 10) {
        t += 10 * kSecond;
        if (drives)
            lat += 100.0 / kMetresPerDegreeLat;
        at(drives ? 36 : 0);
    }
    t += 30 * kSecond;
    for (int s = 0; s < 600; s += 30, t += 30 * kSecond)
        at(0);
    return list;
}
} // namespace

class TestReport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_env.init(), "temporary home");
        m_url = QStringLiteral("sqlite:") + m_env.path(QStringLiteral("report.sqlite"));
        Database db;
        QVERIFY(db.open(*DatabaseConfig::parse(m_url)));
        for (const auto &[id, group] :
            { std::pair { "car", "north" }, std::pair { "bus", "south" } }) {
            Device d;
            d.uniqueId = QString::fromLatin1(id);
            d.name = d.uniqueId;
            d.group = QString::fromLatin1(group);
            d.protocol = QStringLiteral("osmand");
            d.registeredAt = kT0 - kDay;
            QVERIFY(db.addDevice(d));
        }
        QVERIFY(db.insertPositions(track(QStringLiteral("car"), true)));
        QVERIFY(db.insertPositions(track(QStringLiteral("bus"), false)));
    }

    void tripsOfOneDevice()
    {
        const CliResult r = report(
            { QStringLiteral("trips"), QStringLiteral("--device"), QStringLiteral("car") });
        QCOMPARE(r.exitCode, 0);
        const QJsonArray trips = QJsonDocument::fromJson(r.out).object().value(u"trips").toArray();
        QCOMPARE(trips.size(), 1);
        const QJsonObject trip = trips.at(0).toObject();
        QCOMPARE(trip.value(u"uniqueId").toString(), QStringLiteral("car"));
        QCOMPARE(trip.value(u"start").toString(), toIso(kT0 + 570 * kSecond));
        QCOMPARE(trip.value(u"end").toString(), toIso(kT0 + 1230 * kSecond));
        QVERIFY(qAbs(trip.value(u"distanceKm").toDouble() - 6.0) < 0.05);
        QCOMPARE(trip.value(u"maxSpeedKph").toDouble(), 36.0);
        QCOMPARE(trip.value(u"durationS").toInt(), 660);
    }

    void stopsAndSummaryOfAll()
    {
        CliResult r = report({ QStringLiteral("stops"), QStringLiteral("--all") });
        QCOMPARE(r.exitCode, 0);
        const QJsonArray stops = QJsonDocument::fromJson(r.out).object().value(u"stops").toArray();
        int car = 0, bus = 0;
        for (const QJsonValue &v : stops)
            (v.toObject().value(u"uniqueId").toString() == u"car" ? car : bus)++;
        QCOMPARE(car, 2);
        QCOMPARE(bus, 1); // parked the whole time: one stop
        r = report({ QStringLiteral("summary"), QStringLiteral("--group"), QStringLiteral("south"),
            QStringLiteral("--format"), QStringLiteral("csv") });
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines.at(0).startsWith("uniqueId,distanceKm"));
        QVERIFY2(lines.at(1).startsWith("bus,0.000,0.0,0.0,0,0,0"), lines.at(1).constData());
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no kind") << QStringList { QStringLiteral("--all") } << "which report";
        QTest::newRow("no selection") << QStringList { QStringLiteral("trips") } << "--device ID";
        QTest::newRow("unknown device") << QStringList { QStringLiteral("trips"),
            QStringLiteral("--device"), QStringLiteral("nope") }
                                        << "no device";
        QTest::newRow("bad number") << QStringList { QStringLiteral("trips"),
            QStringLiteral("--all"), QStringLiteral("--min-stop"), QStringLiteral("soon") }
                                    << "--min-stop";
        QTest::newRow("pdf without --output") << QStringList { QStringLiteral("trips"),
            QStringLiteral("--all"), QStringLiteral("--format"), QStringLiteral("pdf") }
                                              << "--output";
        QTest::newRow("unknown format") << QStringList { QStringLiteral("trips"),
            QStringLiteral("--all"), QStringLiteral("--format"), QStringLiteral("xls") }
                                        << "--format";
    }

    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliResult r = report(args);
        QVERIFY(!r.crashed);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }

private:
    CliResult report(QStringList args) const
    {
        args.prepend(QStringLiteral("report"));
        args << QStringLiteral("--db") << m_url << QStringLiteral("--from") << toIso(kT0 - kHour)
             << QStringLiteral("--to") << toIso(kT0 + kDay);
        return m_env.run(args);
    }

    CliEnvironment m_env;
    QString m_url;
};

FW_TEST_CLASS(TestReport)
#include "tst_report.moc"
