// Eelink: login and its answer (server time), old GPS packets, new warnings with an alarm,
// status words, command results holding a location text, UDP "EL" datagrams, framing by the
// length field, errors, and encoder round trips. Packets come from the public Traccar samples
// (values worked out by hand from their bytes) or are built by the encoder.
#include "DecoderTestSupport.h"
#include "TestMain.h"

#include "StreamFeed.h"
#include "domain/Network.h"
#include "protocols/EelinkDecoder.h"
#include "sim/EelinkFrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;
using fw::test::feedStream;

namespace {
constexpr TimeMs kNow = utcTime(2024, 3, 10, 12, 0, 0);

DecodeResult decodeHex(const char *hex, DecodeContext *context = nullptr)
{
    const EelinkDecoder dec;
    DecodeContext local;
    local.now = kNow;
    local.uniqueId = QStringLiteral("352544071750518");
    DecodeResult out;
    dec.decode(QByteArray::fromHex(hex), context ? *context : local, out);
    return out;
}
} // namespace

class TstEelink : public QObject
{
    Q_OBJECT
private slots:
    void loginAndAnswer()
    {
        DecodeContext ctx;
        ctx.now = kNow;
        const DecodeResult out = decodeHex("676701000c007b03525440717505180104", &ctx);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].type, MessageType::Login);
        QCOMPARE(ctx.uniqueId, QStringLiteral("352544071750518"));
        // 6767 01, length 9, index 007b, server time (0x65eda0c0 = 2024-03-10T12:00:00Z),
        // protocol version 1, no actions.
        QCOMPARE(out.reply.toHex(), QByteArray("67670100090" "07b" "65eda0c0" "0001" "00"));
    }

    void oldGpsPacket()
    {
        const DecodeResult out = decodeHex(
            "676702002509f65868507603a1e92e03cf90fe000000019f000117ee00111e0120631145003101510000");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage &m = out.messages.first();
        QVERIFY(m.hasLocation);
        QCOMPARE(toIso(m.position.deviceTime), QStringLiteral("2017-01-01T00:42:30Z"));
        QVERIFY(std::fabs(m.position.latitude - 33.857021) < 1e-6);
        QVERIFY(std::fabs(m.position.longitude - 35.519288) < 1e-6);
        QVERIFY(m.position.valid);
        QCOMPARE(Network::of(m.position.attributes).cellTowers.value(0),
                 (CellTower { 415, 1, 6126, 4382, 0 }));
        QVERIFY(out.reply.isEmpty()); // GPS packets get no answer
    }

    void warningWithAlarm()
    {
        const DecodeResult out = decodeHex("676714001500035f74a2940201360104591100a7160122250400");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage &m = out.messages.first();
        QCOMPARE(m.type, MessageType::Event);
        QCOMPARE(m.position.attributes.value(attr::alarm).toString(), alarm::removing);
        QCOMPARE(toIso(m.position.deviceTime), QStringLiteral("2020-09-30T15:21:56Z"));
        QCOMPARE(out.reply.toHex(), QByteArray("676714000200" "03"));
    }

    void statusWord()
    {
        const DecodeResult out = decodeHex("6767070006000e0077035d");
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.first().position.attributes.value(attr::ignition), QVariant(true));
    }

    void resultWithLocation()
    {
        const DecodeResult out = decodeHex(
            "676780005a000001000000004c61743a4e33312e38333935352c4c6f6e3a5738322e36313334362c436f"
            "757273653a302e30302c53706565643a302e30306b6d2f682c4461746554696d653a323031372d3132"
            "2d30322031313a32393a3433");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage &m = out.messages.first();
        QVERIFY(m.hasLocation);
        QCOMPARE(m.position.latitude, 31.83955);
        QCOMPARE(m.position.longitude, -82.61346);
        QCOMPARE(toIso(m.position.deviceTime), QStringLiteral("2017-12-02T11:29:43Z"));
    }

    void udpDatagram()
    {
        DecodeContext ctx;
        ctx.now = kNow;
        ctx.transport = Transport::Udp;
        const DecodeResult out = decodeHex(
            "454c029249a50354679090044671676712004321315f3cf43503fc94d3760c79328a012900000000"
            "0a01f90001", &ctx);
        QVERIFY2(out.ok() || !out.messages.isEmpty(), qPrintable(out.error));
        QCOMPARE(ctx.uniqueId, QStringLiteral("354679090044671"));
        QCOMPARE(out.messages.first().type, MessageType::Login);
    }

    void framing()
    {
        const EelinkDecoder dec;
        const QByteArray a = QByteArray::fromHex("6767070006000e0077035d");
        const QByteArray stream = QByteArray::fromHex("0102") + a + a;
        for (const int chunk : { 1, 4, 100 }) {
            int garbageCuts = 0;
            const QList<DecodeResult> results = feedStream(dec, stream, chunk, kNow, &garbageCuts);
            QCOMPARE(results.size(), 2);
            QVERIFY(garbageCuts >= 1);
        }
        QCOMPARE(dec.cutFrame(a.left(6)).kind, FrameCut::NeedMore);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("hex");
        QTest::newRow("length past the end") << QByteArray("6767120050000e");
        QTest::newRow("short gps") << QByteArray("676702000609f658685076");
        QTest::newRow("short login") << QByteArray("676701000400010352");
        QTest::newRow("no packet") << QByteArray("0102");
    }
    void malformed()
    {
        QFETCH(QByteArray, hex);
        const DecodeResult out = decodeHex(hex.constData());
        QVERIFY(!out.ok());
        QVERIFY(out.error.startsWith(QStringLiteral("eelink: ")));
    }

    void roundTrip_data() { fw::test::addRoundTripRows(); }
    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(bool, valid);
        const EelinkFrameEncoder enc;
        const EelinkDecoder dec;
        Position p;
        p.deviceTime = utcTime(2024, 2, 29, 23, 59, 58);
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = 42.0;
        p.course = 271.0;
        p.altitude = 88.0;
        p.valid = valid;
        const QString id = QStringLiteral("359710049092324");
        const QByteArray stream = enc.login(id, 1) + enc.position(id, p, 2)
            + enc.heartbeat(id, 3) + enc.alarm(id, p, alarm::sos, 4);
        const QList<DecodeResult> results = feedStream(dec, stream, 5, kNow);
        QCOMPARE(results.size(), 4);
        QCOMPARE(results[0].messages.first().position.uniqueId, id);
        QVERIFY(!results[0].reply.isEmpty());
        for (const int i : { 1, 3 }) {
            QVERIFY2(results[i].ok(), qPrintable(results[i].error));
            const DecodedMessage &m = results[i].messages.first();
            QVERIFY(m.hasLocation);
            QCOMPARE(m.position.uniqueId, id);
            QCOMPARE(m.position.deviceTime, p.deviceTime);
            QCOMPARE(m.position.valid, valid);
            QVERIFY(std::fabs(m.position.latitude - lat) < 1e-6);
            QVERIFY(std::fabs(m.position.longitude - lon) < 1e-6);
            QCOMPARE(m.position.speedKph, 42.0);
            QCOMPARE(m.position.altitude, 88.0);
        }
        QCOMPARE(results[3].messages.first().position.attributes.value(attr::alarm).toString(),
                 alarm::sos);
    }
};

FW_TEST_CLASS(TstEelink)
#include "tst_eelink.moc"
