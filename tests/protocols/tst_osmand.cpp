// Tests for the OsmAnd / Traccar Client HTTP decoder and device encoder, with hand-made requests.

#include "TestMain.h"
#include "domain/Network.h"
#include "protocols/OsmAndDecoder.h"
#include "sim/OsmAndFrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;

namespace {

constexpr TimeMs kNow = utcTime(2026, 11, 22, 8, 0, 0);
const QByteArray k200 = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
const QByteArray k200Close = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
const QByteArray k400 = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
const QByteArray k400Close
    = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

QByteArray get(const QByteArray &query, const QByteArray &extra = {})
{
    return "GET /?" + query + " HTTP/1.1\r\nHost: tracker.example\r\n" + extra + "\r\n";
}

QByteArray post(const QByteArray &type, const QByteArray &body)
{
    return "POST / HTTP/1.1\r\nHost: tracker.example\r\nContent-Type: " + type
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// Cuts one frame (it must be the whole input) and decodes it.
DecodeResult decodeRequest(const QByteArray &request, DecodeContext *context = nullptr)
{
    const OsmAndDecoder dec;
    DecodeContext local;
    DecodeContext &ctx = context ? *context : local;
    ctx.now = kNow;
    ctx.transport = Transport::Http;
    DecodeResult out;
    const FrameCut cut = dec.cutFrame(request);
    if (cut.kind != FrameCut::Frame || cut.length != request.size()) {
        out.error = QStringLiteral("test: frame not cut whole");
        return out;
    }
    dec.decode(request, ctx, out);
    return out;
}

} // namespace

class TstOsmAnd : public QObject
{
    Q_OBJECT

private slots:
    void info();
    void positions_data();
    void positions();
    void attributes();
    void jsonBody();
    void jsonBatch();
    void alarmParam();
    void noLocation();
    void connectionHandling_data();
    void connectionHandling();
    void bareTarget();
    void errors_data();
    void errors();
    void framing_data();
    void framing();
    void framingSplitAndCoalesced();
    void roundTrip_data();
    void roundTrip();
};

void TstOsmAnd::info()
{
    const OsmAndDecoder dec;
    QCOMPARE(dec.info().name, QStringLiteral("osmand"));
    QCOMPARE(dec.info().defaultPort, quint16(5055));
    QVERIFY(dec.info().http);
    QVERIFY(dec.info().tcp);
    QVERIFY(dec.info().textual);
    QCOMPARE(dec.info().maxFrameSize, OsmAndDecoder::kMaxHeaderSize + OsmAndDecoder::kMaxBodySize);
}

void TstOsmAnd::positions_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("id");
    QTest::addColumn<qint64>("time");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("speedKph");
    QTest::addColumn<double>("course");
    QTest::addColumn<double>("altitude");
    QTest::addColumn<double>("accuracy");

    const qint64 t = utcTime(2023, 11, 14, 22, 13, 20); // = 1700000000 s
    QTest::newRow("unix seconds") << get(
        "id=ABC123&timestamp=1700000000&lat=52.5&lon=13.4&speed=10&bearing=90"
        "&altitude=35.5&accuracy=12")
                                  << QStringLiteral("ABC123") << t << true << 52.5 << 13.4 << 18.52
                                  << 90.0 << 35.5 << 12.0;
    QTest::newRow("milliseconds") << get("id=ABC123&timestamp=1700000000123&lat=-12.25&lon=-77.5")
                                  << QStringLiteral("ABC123") << t + 123 << true << -12.25 << -77.5
                                  << 0.0 << 0.0 << 0.0 << 0.0;
    QTest::newRow("fractional seconds")
        << get("id=ABC123&timestamp=1700000000.5&lat=1&lon=2") << QStringLiteral("ABC123")
        << t + 500 << true << 1.0 << 2.0 << 0.0 << 0.0 << 0.0 << 0.0;
    QTest::newRow("iso encoded, deviceid, heading")
        << get("deviceid=dev-7&timestamp=2023-11-14T22%3A13%3A20Z&lat=10.5&lon=20.25&heading=45")
        << QStringLiteral("dev-7") << t << true << 10.5 << 20.25 << 0.0 << 45.0 << 0.0 << 0.0;
    QTest::newRow("iso with space and ms")
        << get("id=7&timestamp=2023-11-14+22%3A13%3A20.250&lat=10.5&lon=20.25")
        << QStringLiteral("7") << t + 250 << true << 10.5 << 20.25 << 0.0 << 0.0 << 0.0 << 0.0;
    QTest::newRow("iso with offset")
        << get("id=7&timestamp=2023-11-15T00:13:20%2B02:00&lat=10.5&lon=20.25")
        << QStringLiteral("7") << t << true << 10.5 << 20.25 << 0.0 << 0.0 << 0.0 << 0.0;
    QTest::newRow("location, no time, invalid")
        << get("id=7&location=48.8566,2.3522&valid=false") << QStringLiteral("7") << qint64(kNow)
        << false << 48.8566 << 2.3522 << 0.0 << 0.0 << 0.0 << 0.0;
    QTest::newRow("valid=1, plus sign")
        << get("id=7&lat=%2B48.5&lon=2.5&valid=1") << QStringLiteral("7") << qint64(kNow) << true
        << 48.5 << 2.5 << 0.0 << 0.0 << 0.0 << 0.0;
    QTest::newRow("form POST") << post("application/x-www-form-urlencoded",
        "id=ABC123&timestamp=1700000000&lat=52.5&lon=13.4&speed=5.4&altitude=-3")
                               << QStringLiteral("ABC123") << t << true << 52.5 << 13.4
                               << 5.4 * 1.852 << 0.0 << -3.0 << 0.0;
    QTest::newRow("POST with query and body")
        << QByteArray("POST /?id=Q1&lat=1.5 HTTP/1.1\r\nContent-Length: 10\r\n\r\nlon=2.5&x=")
        << QStringLiteral("Q1") << qint64(kNow) << true << 1.5 << 2.5 << 0.0 << 0.0 << 0.0 << 0.0;
}

void TstOsmAnd::positions()
{
    QFETCH(QByteArray, request);
    QFETCH(QString, id);
    QFETCH(qint64, time);
    QFETCH(bool, valid);
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(double, speedKph);
    QFETCH(double, course);
    QFETCH(double, altitude);
    QFETCH(double, accuracy);

    DecodeContext ctx;
    const DecodeResult out = decodeRequest(request, &ctx);
    QVERIFY2(out.ok(), qPrintable(out.error));
    QCOMPARE(out.reply, k200);
    QVERIFY(out.replyAcknowledgesData);
    QVERIFY(!out.closeConnection);
    QCOMPARE(out.messages.size(), 1);
    const DecodedMessage &m = out.messages[0];
    QCOMPARE(m.type, MessageType::Position);
    QVERIFY(m.hasLocation);
    QCOMPARE(m.position.uniqueId, id);
    QCOMPARE(ctx.uniqueId, id);
    QCOMPARE(m.position.protocol, QStringLiteral("osmand"));
    QCOMPARE(m.position.deviceTime, time);
    QCOMPARE(m.position.valid, valid);
    QVERIFY(std::fabs(m.position.latitude - lat) < 1e-9);
    QVERIFY(std::fabs(m.position.longitude - lon) < 1e-9);
    QVERIFY2(std::fabs(m.position.speedKph - speedKph) < 1e-9,
        qPrintable(QString::number(m.position.speedKph)));
    QCOMPARE(m.position.course, course);
    QCOMPARE(m.position.altitude, altitude);
    QCOMPARE(m.position.accuracy, accuracy);
}

void TstOsmAnd::attributes()
{
    const DecodeResult out = decodeRequest(
        get("id=ABC123&lat=52.5&lon=13.4&hdop=0.9&batt=76&charge=true&driverUniqueId=D%2042"
            "&ignition=true&rpm=1500&fuel=22.5&note=hello+world&cell=260,2,1,100"
            "&cell=260,2,1,101,-71&wifi=AA-BB-CC-00-11-22,-60"));
    QVERIFY2(out.ok(), qPrintable(out.error));
    QCOMPARE(out.messages.size(), 1);
    const Attributes &a = out.messages[0].position.attributes;
    QCOMPARE(a.value(attr::hdop).toDouble(), 0.9);
    QCOMPARE(a.value(attr::batteryLevel).toDouble(), 76.0);
    QCOMPARE(a.value(attr::charge), QVariant(true));
    QCOMPARE(a.value(QStringLiteral("driverUniqueId")), QVariant(QStringLiteral("D 42")));
    QCOMPARE(a.value(QStringLiteral("ignition")), QVariant(true));
    QCOMPARE(a.value(QStringLiteral("rpm")), QVariant(qint64(1500)));
    QCOMPARE(a.value(QStringLiteral("fuel")), QVariant(22.5));
    QCOMPARE(a.value(QStringLiteral("note")), QVariant(QStringLiteral("hello world")));
    // Repeated cell / wifi parameters make one network.
    const Network network = Network::of(a);
    QCOMPARE(network.cellTowers.size(), 2);
    QCOMPARE(network.cellTowers[0], (CellTower { 260, 2, 1, 100, 0 }));
    QCOMPARE(network.cellTowers[1], (CellTower { 260, 2, 1, 101, -71 }));
    QCOMPARE(network.wifiAccessPoints.size(), 1);
    QCOMPARE(network.wifiAccessPoints[0].macAddress, QStringLiteral("aa:bb:cc:00:11:22"));
    QCOMPARE(network.wifiAccessPoints[0].signalStrength, -60);
    QVERIFY(!a.contains(QStringLiteral("cell")));
    QVERIFY(!a.contains(QStringLiteral("lat")));
    QVERIFY(!a.contains(QStringLiteral("id")));
}

void TstOsmAnd::jsonBody()
{
    const QByteArray body = R"({"location":{"timestamp":"2024-03-01T10:20:30.400Z",
        "coords":{"latitude":-23.55052,"longitude":-46.633308,"speed":5,"heading":180,
        "altitude":760.5,"accuracy":8},"is_moving":true,"odometer":1234.5,"event":"motionchange",
        "battery":{"level":0.55,"is_charging":true},"activity":{"type":"in_vehicle"},
        "extras":{"fleet":"north","shift":2,"ratio":0.25,"ok":false}},"device_id":"phone-42"})";
    const DecodeResult out = decodeRequest(post("application/json", body));
    QVERIFY2(out.ok(), qPrintable(out.error));
    QCOMPARE(out.reply, k200);
    QVERIFY(out.replyAcknowledgesData);
    QCOMPARE(out.messages.size(), 1);
    const Position &p = out.messages[0].position;
    QCOMPARE(p.uniqueId, QStringLiteral("phone-42"));
    QCOMPARE(p.deviceTime, utcTime(2024, 3, 1, 10, 20, 30, 400));
    QVERIFY(std::fabs(p.latitude + 23.55052) < 1e-9);
    QVERIFY(std::fabs(p.longitude + 46.633308) < 1e-9);
    QVERIFY(std::fabs(p.speedKph - 18.0) < 1e-9); // 5 m/s
    QCOMPARE(p.course, 180.0);
    QCOMPARE(p.altitude, 760.5);
    QCOMPARE(p.accuracy, 8.0);
    QVERIFY(p.valid);
    const Attributes &a = p.attributes;
    QCOMPARE(a.value(attr::motion), QVariant(true));
    QCOMPARE(a.value(attr::odometer).toDouble(), 1234.5);
    QCOMPARE(a.value(attr::event).toString(), QStringLiteral("motionchange"));
    QCOMPARE(a.value(attr::batteryLevel).toDouble(), 55.0);
    QCOMPARE(a.value(attr::charge), QVariant(true));
    QCOMPARE(a.value(QStringLiteral("activity")).toString(), QStringLiteral("in_vehicle"));
    QCOMPARE(a.value(QStringLiteral("fleet")), QVariant(QStringLiteral("north")));
    QCOMPARE(a.value(QStringLiteral("shift")), QVariant(qint64(2)));
    QCOMPARE(a.value(QStringLiteral("ratio")), QVariant(0.25));
    QCOMPARE(a.value(QStringLiteral("ok")), QVariant(false));

    // Negative speed / heading / battery mean "unknown" and are left out.
    const QByteArray unknown = R"({"device_id":"p","location":{"timestamp":"2024-03-01T10:20:30Z",
        "coords":{"latitude":1,"longitude":2,"speed":-1,"heading":-1},"battery":{"level":-1}}})";
    const DecodeResult out2 = decodeRequest(post("application/json", unknown));
    QVERIFY2(out2.ok(), qPrintable(out2.error));
    QCOMPARE(out2.messages[0].position.speedKph, 0.0);
    QCOMPARE(out2.messages[0].position.course, 0.0);
    QVERIFY(!out2.messages[0].position.attributes.contains(attr::batteryLevel));
}

void TstOsmAnd::jsonBatch()
{
    const QByteArray body = R"({"device_id":"batch-1","location":[
        {"timestamp":"2024-03-01T10:00:00Z","coords":{"latitude":10,"longitude":20}},
        {"timestamp":"2024-03-01T10:01:00Z","coords":{"latitude":10.001,"longitude":20.001}}]})";
    const DecodeResult out = decodeRequest(post("application/json; charset=utf-8", body));
    QVERIFY2(out.ok(), qPrintable(out.error));
    QCOMPARE(out.messages.size(), 2);
    QCOMPARE(out.messages[1].position.uniqueId, QStringLiteral("batch-1"));
    QCOMPARE(out.messages[1].position.deviceTime, utcTime(2024, 3, 1, 10, 1, 0));
    QCOMPARE(out.messages[1].position.latitude, 10.001);
}

void TstOsmAnd::alarmParam()
{
    const DecodeResult out = decodeRequest(get("id=A1&lat=1&lon=2&alarm=sos"));
    QVERIFY2(out.ok(), qPrintable(out.error));
    QCOMPARE(out.messages.size(), 1);
    QCOMPARE(out.messages[0].type, MessageType::Event);
    QVERIFY(out.messages[0].hasLocation);
    QCOMPARE(out.messages[0].position.attributes.value(attr::alarm).toString(), alarm::sos);
    QVERIFY(out.replyAcknowledgesData);
}

void TstOsmAnd::noLocation()
{
    // Only an id and cell info: a position record without coordinates (kept as "device alive").
    const DecodeResult out = decodeRequest(get("id=A1&timestamp=1700000000&cell=1,2,3,4"));
    QVERIFY2(out.ok(), qPrintable(out.error));
    QCOMPARE(out.messages.size(), 1);
    QVERIFY(!out.messages[0].hasLocation);
    QVERIFY(!out.messages[0].position.valid);
    QCOMPARE(Network::of(out.messages[0].position.attributes).cellTowers.size(), 1);
    QCOMPARE(out.reply, k200);
}

void TstOsmAnd::connectionHandling_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<bool>("close");

    QTest::newRow("1.1 keep-alive") << get("id=1&lat=1&lon=1") << k200 << false;
    QTest::newRow("1.1 close") << get("id=1&lat=1&lon=1", "Connection: close\r\n") << k200Close
                               << true;
    QTest::newRow("1.1 Close mixed case")
        << get("id=1&lat=1&lon=1", "connection: Keep-Alive, CLOSE\r\n") << k200Close << true;
    QTest::newRow("1.0") << QByteArray("GET /?id=1&lat=1&lon=1 HTTP/1.0\r\n\r\n") << k200Close
                         << true;
    QTest::newRow("bare LF lines")
        << QByteArray("GET /?id=1&lat=1&lon=1 HTTP/1.1\nHost: x\n\n") << k200 << false;
}

void TstOsmAnd::connectionHandling()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, reply);
    QFETCH(bool, close);
    const DecodeResult out = decodeRequest(request);
    QVERIFY2(out.ok(), qPrintable(out.error));
    QCOMPARE(out.reply, reply);
    QCOMPARE(out.closeConnection, close);
}

void TstOsmAnd::bareTarget()
{
    const OsmAndDecoder dec;
    const QByteArray target = "/?id=TGT&lat=45.5&lon=-73.5&timestamp=1700000000";
    QCOMPARE(dec.cutFrame(target).kind, FrameCut::Frame);
    QCOMPARE(dec.cutFrame(target).length, target.size());
    QCOMPARE(dec.cutFrame(QByteArray(target + "\r\nmore")).length, target.size() + 2);
    DecodeContext ctx;
    ctx.now = kNow;
    DecodeResult out;
    dec.decode(target, ctx, out);
    QVERIFY2(out.ok(), qPrintable(out.error));
    QCOMPARE(out.messages.size(), 1);
    QCOMPARE(out.messages[0].position.uniqueId, QStringLiteral("TGT"));
    QCOMPARE(out.messages[0].position.latitude, 45.5);
    QCOMPARE(out.reply, k200);
    out.clear();
    dec.decode("?id=Q&lat=1&lon=2\r\n", ctx, out);
    QVERIFY2(out.ok(), qPrintable(out.error));
    QCOMPARE(out.messages[0].position.uniqueId, QStringLiteral("Q"));
}

void TstOsmAnd::errors_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("error");
    QTest::addColumn<bool>("close");

    QTest::newRow("no id") << get("lat=1&lon=2&timestamp=1700000000")
                           << QStringLiteral(
                                  "osmand: request has no device id (id or deviceid parameter)")
                           << false;
    QTest::newRow("empty query")
        << QByteArray("GET / HTTP/1.1\r\n\r\n")
        << QStringLiteral("osmand: request has no device id (id or deviceid parameter)") << false;
    QTest::newRow("bad lat") << get("id=1&lat=abc&lon=2")
                             << QStringLiteral("osmand: bad value for 'lat': 'abc'") << false;
    QTest::newRow("nan lon") << get("id=1&lat=1&lon=nan")
                             << QStringLiteral("osmand: bad value for 'lon': 'nan'") << false;
    QTest::newRow("lat out of range")
        << get("id=1&lat=95&lon=2") << QStringLiteral("osmand: coordinates out of range (95, 2)")
        << false;
    QTest::newRow("lat without lon")
        << get("id=1&lat=5") << QStringLiteral("osmand: lat without lon") << false;
    QTest::newRow("bad timestamp")
        << get("id=1&lat=1&lon=2&timestamp=yesterday")
        << QStringLiteral("osmand: bad value for 'timestamp': 'yesterday'") << false;
    QTest::newRow("bad cell") << get("id=1&cell=260,2,x,100")
                              << QStringLiteral("osmand: bad value for 'cell': '260,2,x,100'")
                              << false;
    QTest::newRow("bad wifi") << get("id=1&wifi=00:11,-50")
                              << QStringLiteral("osmand: bad value for 'wifi': '00:11,-50'")
                              << false;
    QTest::newRow("bad location") << get("id=1&location=12.5")
                                  << QStringLiteral("osmand: bad value for 'location': '12.5'")
                                  << false;
    QTest::newRow("bad json") << post("application/json", "{\"device_id\":")
                              << QStringLiteral(
                                     "osmand: bad JSON body (unterminated object) at byte 107")
                              << false;
    QTest::newRow("unsupported method")
        << QByteArray("DELETE /?id=1 HTTP/1.1\r\n\r\n")
        << QStringLiteral("osmand: unsupported method 'DELETE' at byte 0") << false;
    QTest::newRow("http 2") << QByteArray("GET /?id=1&lat=1&lon=1 HTTP/2.0\r\n\r\n")
                            << QStringLiteral(
                                   "osmand: unsupported HTTP version 'HTTP/2.0' at byte 23")
                            << true;
    QTest::newRow("chunked") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                             << QStringLiteral(
                                    "osmand: chunked request bodies are not supported at byte 47")
                             << true;
}

void TstOsmAnd::errors()
{
    QFETCH(QByteArray, request);
    QFETCH(QString, error);
    QFETCH(bool, close);
    DecodeContext ctx;
    const DecodeResult out = decodeRequest(request, &ctx);
    QVERIFY(!out.ok());
    QCOMPARE(out.error, error);
    QVERIFY(out.messages.isEmpty());
    QVERIFY(!out.replyAcknowledgesData);
    QCOMPARE(out.reply, close ? k400Close : k400);
    QCOMPARE(out.closeConnection, close);
    QVERIFY(ctx.uniqueId.isEmpty());
}

void TstOsmAnd::framing_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("length");

    const QByteArray g = get("id=1&lat=1&lon=1");
    QTest::newRow("whole get") << g << int(FrameCut::Frame) << int(g.size());
    QTest::newRow("get + next") << g + "GET /" << int(FrameCut::Frame) << int(g.size());
    QTest::newRow("partial header") << g.left(g.size() - 1) << int(FrameCut::NeedMore) << 0;
    QTest::newRow("partial method") << QByteArray("GE") << int(FrameCut::NeedMore) << 0;
    const QByteArray p = post("application/x-www-form-urlencoded", "id=1&lat=1&lon=1");
    QTest::newRow("whole post") << p << int(FrameCut::Frame) << int(p.size());
    QTest::newRow("partial body") << p.left(p.size() - 3) << int(FrameCut::NeedMore) << 0;
    QTest::newRow("leading CRLF") << "\r\n" + g << int(FrameCut::Garbage) << 2;
    QTest::newRow("binary garbage")
        << QByteArray("\x78\x78\x11\x01\n", 5) + g << int(FrameCut::Garbage) << 5;
    QTest::newRow("binary no newline")
        << QByteArray("\x01\x02\x03", 3) << int(FrameCut::Garbage) << 3;
    QTest::newRow("lower-case method")
        << QByteArray("get / HTTP/1.1\r\n\r\n") << int(FrameCut::Garbage) << 16;
    const QByteArray huge = "POST / HTTP/1.1\r\nContent-Length: 9999999\r\n\r\n";
    QTest::newRow("body too large") << huge << int(FrameCut::Garbage) << int(huge.size());
    const QByteArray badLen = "POST / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n";
    QTest::newRow("bad content-length") << badLen << int(FrameCut::Garbage) << int(badLen.size());
    const QByteArray chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    QTest::newRow("chunked header only") << chunked + "5\r\nhello\r\n0\r\n\r\n"
                                         << int(FrameCut::Frame) << int(chunked.size());
    QTest::newRow("header too long")
        << "GET /?id=1 HTTP/1.1\r\nX-Pad: " + QByteArray(OsmAndDecoder::kMaxHeaderSize, 'a')
        << int(FrameCut::Garbage) << int(OsmAndDecoder::kMaxHeaderSize);
}

void TstOsmAnd::framing()
{
    QFETCH(QByteArray, stream);
    QFETCH(int, kind);
    QFETCH(int, length);
    const OsmAndDecoder dec;
    const FrameCut cut = dec.cutFrame(stream);
    QCOMPARE(int(cut.kind), kind);
    QCOMPARE(cut.length, qsizetype(length));
}

void TstOsmAnd::framingSplitAndCoalesced()
{
    const QByteArray stream = get("id=S1&lat=1&lon=1")
        + post("application/x-www-form-urlencoded", "id=S1&lat=2&lon=2")
        + post("application/json",
            R"({"device_id":"S1","location":{"coords":{"latitude":3,"longitude":3}}})")
        + get("id=S1&lat=4&lon=4", "Connection: close\r\n");
    const OsmAndDecoder dec;
    // Coalesced: everything in one buffer.
    QList<double> lats;
    QByteArrayView rest = stream;
    DecodeContext ctx;
    ctx.now = kNow;
    bool closed = false;
    while (!rest.isEmpty()) {
        const FrameCut cut = dec.cutFrame(rest);
        QCOMPARE(cut.kind, FrameCut::Frame);
        DecodeResult out;
        dec.decode(rest.first(cut.length), ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        for (const auto &m : out.messages)
            lats << m.position.latitude;
        closed = out.closeConnection;
        rest = rest.sliced(cut.length);
    }
    QCOMPARE(lats, (QList<double> { 1, 2, 3, 4 }));
    QVERIFY(closed);

    // Split: byte by byte, a frame appears exactly when its last byte arrives.
    QByteArray buffer;
    int frames = 0;
    for (const char c : stream) {
        buffer += c;
        const FrameCut cut = dec.cutFrame(buffer);
        if (cut.kind == FrameCut::Frame) {
            QCOMPARE(cut.length, buffer.size());
            ++frames;
            buffer.clear();
        } else {
            QCOMPARE(cut.kind, FrameCut::NeedMore);
        }
    }
    QCOMPARE(frames, 4);
}

void TstOsmAnd::roundTrip_data()
{
    QTest::addColumn<bool>("usePost");
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<qint64>("time");
    QTest::newRow("get") << false << 52.2297 << 21.0122 << qint64(utcTime(2026, 1, 2, 3, 4, 5));
    QTest::newRow("get ms") << false << -33.8688 << -151.2093
                            << qint64(utcTime(2026, 1, 2, 3, 4, 5, 678));
    QTest::newRow("post") << true << 0.0001 << -0.0001 << qint64(utcTime(2026, 7, 1, 0, 0, 0));
}

void TstOsmAnd::roundTrip()
{
    QFETCH(bool, usePost);
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(qint64, time);
    const OsmAndFrameEncoder enc;
    QCOMPARE(enc.protocol(), QStringLiteral("osmand"));
    QVERIFY(enc.login(QStringLiteral("x"), 0).isEmpty());
    QVERIFY(enc.heartbeat(QStringLiteral("x"), 0).isEmpty());
    Position p;
    p.latitude = lat;
    p.longitude = lon;
    p.deviceTime = time;
    p.speedKph = 63.5;
    p.course = 123.4;
    p.altitude = 250.3;
    p.accuracy = 4.5;
    p.valid = true;
    p.attributes.set(attr::batteryLevel, 81);
    const QString id = QStringLiteral("sim 001&x");
    const QByteArray frame = usePost ? enc.positionPost(id, p) : enc.position(id, p, 1);
    const DecodeResult out = decodeRequest(frame);
    QVERIFY2(out.ok(), qPrintable(out.error));
    QCOMPARE(out.messages.size(), 1);
    const Position &d = out.messages[0].position;
    QCOMPARE(d.uniqueId, id);
    QCOMPARE(d.deviceTime, time);
    QVERIFY(std::fabs(d.latitude - lat) < 1e-6);
    QVERIFY(std::fabs(d.longitude - lon) < 1e-6);
    QVERIFY(std::fabs(d.speedKph - 63.5) < 0.01);
    QVERIFY(std::fabs(d.course - 123.4) < 0.05);
    QVERIFY(std::fabs(d.altitude - 250.3) < 0.05);
    QCOMPARE(d.accuracy, 4.5);
    QVERIFY(d.valid);
    QCOMPARE(d.attributes.value(attr::batteryLevel).toDouble(), 81.0);

    const DecodeResult alarmOut = decodeRequest(enc.alarm(id, p, alarm::powerCut, 2));
    QVERIFY2(alarmOut.ok(), qPrintable(alarmOut.error));
    QCOMPARE(alarmOut.messages[0].type, MessageType::Event);
    QCOMPARE(
        alarmOut.messages[0].position.attributes.value(attr::alarm).toString(), alarm::powerCut);
}

FW_TEST_CLASS(TstOsmAnd)
#include "tst_osmand.moc"
