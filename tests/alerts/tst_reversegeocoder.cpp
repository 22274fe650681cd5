// The reverse geocoder for report addresses against a Nominatim stand-in the test runs on
// loopback: the request it makes (path, parameters, User-Agent), the display_name it returns,
// one request a second, identical questions sharing one request, the cache (no request on a hit,
// still there for a new instance), and nothing but "no address" for a 500, garbage JSON, a
// timeout or no URL at all. (It lives with the alert tests because these run the loopback servers;
// tst_status holds the pure report logic.)
#include "TestMain.h"

#include "LoopbackHttpServer.h"
#include "geocoding/ReverseGeocoder.h"
#include "util/Clock.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace fw;
using namespace fw::test;

namespace {
constexpr TimeMs kNow = utcTime(2026, 12, 7, 6, 0, 0);

HttpResponse nominatim(const HttpRequest &request)
{
    const QUrlQuery query(QUrl(QString::fromUtf8(request.target)));
    HttpResponse response;
    const QByteArray lat = query.queryItemValue(QStringLiteral("lat")).toUtf8();
    response.body = R"({"place_id":1,"lat":")" + lat + R"(","display_name":"Street )" + lat
        + R"(, Testville"})";
    return response;
}

// Collects the answers of lookups.
struct Answers
{
    QList<GeocodeResult> results;
    ReverseGeocoder::Callback add()
    {
        return [this](const GeocodeResult &r) { results.append(r); };
    }
};
} // namespace

class TstReverseGeocoder : public QObject
{
    Q_OBJECT
private slots:
    void returnsDisplayName();
    void keepsOneRequestPerSecondAndSharesIdenticalOnes();
    void cacheAnswersWithoutRequestAcrossInstances();
    void failuresGiveNoAddress_data();
    void failuresGiveNoAddress();
    void withoutUrlAnswersAtOnce();
    void boundedAndCancelledLookupsCostNoRequest();
};

void TstReverseGeocoder::returnsDisplayName()
{
    LoopbackHttpServer server(&nominatim);
    QNetworkAccessManager network;
    ManualClock clock(kNow);
    ReverseGeocoderConfig config;
    config.baseUrl = server.url(QStringLiteral("/nominatim"));
    ReverseGeocoder geocoder(config, &network, &clock);
    Answers answers;
    geocoder.lookup(52.2296756, 21.0122287, this, answers.add());
    QCOMPARE(answers.results.size(), 0); // never inside lookup()
    QTRY_COMPARE_WITH_TIMEOUT(answers.results.size(), 1, 5000);
    QVERIFY(answers.results.at(0).found);
    QCOMPARE(answers.results.at(0).address, QStringLiteral("Street 52.22968, Testville"));
    QVERIFY(!answers.results.at(0).fromCache);

    QCOMPARE(server.requests.size(), 1);
    const HttpRequest &r = server.requests.at(0);
    const QUrl url(QString::fromUtf8(r.target));
    QCOMPARE(url.path(), QStringLiteral("/nominatim/reverse"));
    const QUrlQuery query(url);
    QCOMPARE(query.queryItemValue(QStringLiteral("format")), QStringLiteral("jsonv2"));
    QCOMPARE(query.queryItemValue(QStringLiteral("lat")), QStringLiteral("52.22968")); // rounded
    QCOMPARE(query.queryItemValue(QStringLiteral("lon")), QStringLiteral("21.01223"));
    QCOMPARE(query.queryItemValue(QStringLiteral("zoom")), QStringLiteral("18"));
    QCOMPARE(query.queryItemValue(QStringLiteral("addressdetails")), QStringLiteral("0"));
    QCOMPARE(r.headers.value("user-agent"),
             QByteArray("FleetWatch/" FW_VERSION " (+https://fleetwatch.example.org)"));
}

void TstReverseGeocoder::keepsOneRequestPerSecondAndSharesIdenticalOnes()
{
    QElapsedTimer clockOfServer;
    clockOfServer.start();
    QList<qint64> arrivals;
    LoopbackHttpServer server([&](const HttpRequest &request) {
        arrivals.append(clockOfServer.elapsed());
        return nominatim(request);
    });
    QNetworkAccessManager network;
    ManualClock clock(kNow);
    ReverseGeocoderConfig config;
    config.baseUrl = server.url();
    ReverseGeocoder geocoder(config, &network, &clock);
    Answers answers;
    QElapsedTimer timer;
    timer.start();
    geocoder.lookup(10.0, 20.0, this, answers.add());
    geocoder.lookup(11.0, 20.0, this, answers.add());
    geocoder.lookup(10.000001, 20.000001, this, answers.add()); // the same place, rounded
    geocoder.lookup(12.0, 20.0, this, answers.add());
    QCOMPARE(geocoder.pending(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(answers.results.size(), 4, 8000);
    const qint64 took = timer.elapsed();
    qInfo("3 distinct lookups (4 asked) took %lld ms; requests arrived at %s ms", took,
          qPrintable([&] {
              QStringList t;
              for (const qint64 a : arrivals)
                  t << QString::number(a);
              return t.join(QLatin1Char(','));
          }()));
    QCOMPARE(server.requests.size(), 3);
    QVERIFY2(took >= 2000, qPrintable(QString::number(took)));
    for (qsizetype i = 1; i < arrivals.size(); ++i)
        QVERIFY2(arrivals.at(i) - arrivals.at(i - 1) >= 950,
                 qPrintable(QString::number(arrivals.at(i) - arrivals.at(i - 1))));
    int sameTen = 0;
    for (const GeocodeResult &r : answers.results)
        sameTen += r.address == QStringLiteral("Street 10.00000, Testville") ? 1 : 0;
    QCOMPARE(sameTen, 2); // both askers of the shared request got it
}

void TstReverseGeocoder::cacheAnswersWithoutRequestAcrossInstances()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    LoopbackHttpServer server(&nominatim);
    QNetworkAccessManager network;
    ManualClock clock(kNow);
    ReverseGeocoderConfig config;
    config.baseUrl = server.url();
    config.cacheDirectory = dir.path();
    {
        ReverseGeocoder geocoder(config, &network, &clock);
        Answers answers;
        geocoder.lookup(48.8584, 2.2945, this, answers.add());
        QTRY_COMPARE_WITH_TIMEOUT(answers.results.size(), 1, 5000);
        QVERIFY(answers.results.at(0).found);
        geocoder.lookup(48.8584, 2.2945, this, answers.add());
        QTRY_COMPARE(answers.results.size(), 2);
        QVERIFY(answers.results.at(1).fromCache);
        QCOMPARE(answers.results.at(1).address, answers.results.at(0).address);
        QCOMPARE(server.requests.size(), 1);
    }
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("geocode-cache.sqlite"))));
    {
        ReverseGeocoder geocoder(config, &network, &clock); // as after a restart
        Answers answers;
        QSignalSpy resolved(&geocoder, &ReverseGeocoder::resolved);
        geocoder.lookup(48.858401, 2.294501, this, answers.add());
        QTRY_COMPARE(answers.results.size(), 1);
        QVERIFY(answers.results.at(0).fromCache);
        QCOMPARE(answers.results.at(0).address, QStringLiteral("Street 48.85840, Testville"));
        QCOMPARE(server.requests.size(), 1); // no new request
        QCOMPARE(geocoder.requestsSent(), 0);
        QCOMPARE(resolved.size(), 1);
        // Too old an answer is asked again.
        clock.advance(200 * kDay);
        geocoder.lookup(48.8584, 2.2945, this, answers.add());
        QTRY_COMPARE_WITH_TIMEOUT(answers.results.size(), 2, 5000);
        QVERIFY(!answers.results.at(1).fromCache);
        QCOMPARE(server.requests.size(), 2);
    }
}

void TstReverseGeocoder::failuresGiveNoAddress_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("hang");
    QTest::newRow("500") << 500 << QByteArray("{\"display_name\":\"not this\"}") << false;
    QTest::newRow("garbage") << 200 << QByteArray("<html>\x01\xff not json") << false;
    QTest::newRow("array") << 200 << QByteArray("[1,2,3]") << false;
    QTest::newRow("empty") << 200 << QByteArray() << false;
    QTest::newRow("timeout") << 200 << QByteArray() << true;
}

void TstReverseGeocoder::failuresGiveNoAddress()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, hang);
    LoopbackHttpServer server([&](const HttpRequest &) {
        HttpResponse response;
        response.status = status;
        response.body = body;
        response.hang = hang;
        return response;
    });
    QNetworkAccessManager network;
    ManualClock clock(kNow);
    ReverseGeocoderConfig config;
    config.baseUrl = server.url();
    config.timeoutMs = 300;
    config.minIntervalMs = 50;
    ReverseGeocoder geocoder(config, &network, &clock);
    Answers answers;
    geocoder.lookup(1.0, 2.0, this, answers.add());
    QTRY_COMPARE_WITH_TIMEOUT(answers.results.size(), 1, 5000);
    QVERIFY(!answers.results.at(0).found);
    QVERIFY(answers.results.at(0).address.isEmpty());
    // A failure is not remembered: the next lookup asks again.
    geocoder.lookup(1.0, 2.0, this, answers.add());
    QTRY_COMPARE_WITH_TIMEOUT(answers.results.size(), 2, 5000);
    QVERIFY(!answers.results.at(1).fromCache);
    QCOMPARE(server.requests.size(), 2);
}

void TstReverseGeocoder::withoutUrlAnswersAtOnce()
{
    QNetworkAccessManager network;
    ManualClock clock(kNow);
    ReverseGeocoder geocoder(ReverseGeocoderConfig {}, &network, &clock);
    QVERIFY(!geocoder.isEnabled());
    Answers answers;
    QElapsedTimer timer;
    timer.start();
    geocoder.lookup(52.0, 21.0, this, answers.add());
    QTRY_COMPARE(answers.results.size(), 1);
    QVERIFY(timer.elapsed() < 100);
    QVERIFY(!answers.results.at(0).found);
    QCOMPARE(geocoder.requestsSent(), 0);
    // Answers for a context that is gone are not delivered (and do not crash).
    auto context = std::make_unique<QObject>();
    geocoder.lookup(52.0, 21.0, context.get(), answers.add());
    context.reset();
    QTest::qWait(20);
    QCOMPARE(answers.results.size(), 1);
}

void TstReverseGeocoder::boundedAndCancelledLookupsCostNoRequest()
{
    LoopbackHttpServer server(&nominatim);
    QNetworkAccessManager network;
    ManualClock clock(kNow);
    ReverseGeocoderConfig config;
    config.baseUrl = server.url();
    config.minIntervalMs = 100;
    config.maxPending = 3;
    ReverseGeocoder geocoder(config, &network, &clock);
    Answers answers;
    auto report = std::make_unique<QObject>(); // a report that will be closed
    geocoder.lookup(1.0, 1.0, this, answers.add());
    geocoder.lookup(2.0, 2.0, report.get(), answers.add());
    geocoder.lookup(3.0, 3.0, report.get(), answers.add());
    geocoder.lookup(4.0, 4.0, this, answers.add()); // over the bound: "no address" at once
    QCOMPARE(geocoder.refused(), 1);
    report.reset();
    QTRY_COMPARE_WITH_TIMEOUT(answers.results.size(), 2, 5000);
    QTest::qWait(400); // time for 3 more requests at 100 ms, if any were made
    QCOMPARE(answers.results.size(), 2);
    QCOMPARE(server.requests.size(), 1); // only the place someone still wants
    QCOMPARE(geocoder.pending(), 0);
    int found = 0;
    for (const GeocodeResult &r : answers.results)
        found += r.found ? 1 : 0;
    QCOMPARE(found, 1);
}

FW_TEST_CLASS(TstReverseGeocoder)
#include "tst_reversegeocoder.moc"
