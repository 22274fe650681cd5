// Wialon IPS: login, ping, short and full data, black box, driver messages, the answers byte
// for byte, parameters (numbers, booleans, text; bat/temp names; cell towers into the network
// model), UDP id prefixes, line framing, errors, and encoder round trips.
#include "DecoderTestSupport.h"
#include "TestMain.h"

#include "StreamFeed.h"
#include "domain/Network.h"
#include "protocols/WialonDecoder.h"
#include "sim/WialonFrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;
using fw::test::feedStream;

namespace {
constexpr TimeMs kNow = utcTime(2024, 3, 10, 12, 0, 0);

DecodeResult decodeLine(const QByteArray &line, DecodeContext *context = nullptr)
{
    const WialonDecoder dec;
    DecodeContext local;
    local.now = kNow;
    local.uniqueId = QStringLiteral("42001300083");
    DecodeContext &ctx = context ? *context : local;
    DecodeResult out;
    dec.decode(line, ctx, out);
    return out;
}
} // namespace

class TstWialon : public QObject
{
    Q_OBJECT
private slots:
    void answers_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<bool>("acknowledgesData");
        QTest::newRow("login 1.1") << QByteArray("#L#123456789012345;test\r\n")
                                   << QByteArray("#AL#1\r\n") << false;
        QTest::newRow("login 2.0") << QByteArray("#L#2.0;42001300083;;CE45\r\n")
                                   << QByteArray("#AL#1\r\n") << false;
        QTest::newRow("ping") << QByteArray("#P#\r\n") << QByteArray("#AP#\r\n") << false;
        QTest::newRow("short data")
            << QByteArray("#SD#021214;065947;2237.7552;N;11404.8851;E;0.000;;170.9;5\r\n")
            << QByteArray("#ASD#1\r\n") << true;
        QTest::newRow("data")
            << QByteArray("#D#021214;065947;2237.7552;N;11404.8851;E;0.000;;170.9;5;1.74;NA;NA;NA;NA;NA\r\n")
            << QByteArray("#AD#1\r\n") << true;
        QTest::newRow("bad data") << QByteArray("#D#021214;065947\r\n") << QByteArray("#AD#-1\r\n")
                                  << false;
        QTest::newRow("black box of two")
            << QByteArray("#B#021214;065947;2237.7552;N;11404.8851;E;0;;1;5|"
                          "021214;070047;2237.7552;N;11404.8851;E;0;;1;5\r\n")
            << QByteArray("#AB#2\r\n") << true;
        QTest::newRow("message") << QByteArray("#M#hello\r\n") << QByteArray("#AM#1\r\n") << false;
    }
    void answers()
    {
        QFETCH(QByteArray, line);
        QFETCH(QByteArray, reply);
        QFETCH(bool, acknowledgesData);
        const DecodeResult out = decodeLine(line);
        QCOMPARE(out.reply, reply);
        QCOMPARE(out.replyAcknowledgesData, acknowledgesData);
    }

    void loginNamesDevice()
    {
        DecodeContext ctx;
        ctx.now = kNow;
        DecodeResult out = decodeLine("#L#2.0;42001300083;;CE45\r\n", &ctx);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].type, MessageType::Login);
        QCOMPARE(ctx.uniqueId, QStringLiteral("42001300083"));
        out = decodeLine("#SD#021214;065947;2237.7552;N;11404.8851;E;0.000;;170.9;5\r\n", &ctx);
        QCOMPARE(out.messages[0].position.uniqueId, QStringLiteral("42001300083"));
    }

    void shortData()
    {
        const DecodeResult out = decodeLine("99999999#SD#270413;205601;5544.6025;N;03739.6834;E;1;2;3;4");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage &m = out.messages.first();
        QVERIFY(m.hasLocation);
        QCOMPARE(m.position.uniqueId, QStringLiteral("99999999"));
        QCOMPARE(toIso(m.position.deviceTime), QStringLiteral("2013-04-27T20:56:01Z"));
        QVERIFY(m.position.valid);
        QVERIFY(std::fabs(m.position.latitude - 55.74338) < 1e-5);
        QVERIFY(std::fabs(m.position.longitude - 37.66139) < 1e-5);
        QCOMPARE(m.position.speedKph, 1.0);
        QCOMPARE(m.position.course, 2.0);
        QCOMPARE(m.position.altitude, 3.0);
        QCOMPARE(m.position.satellites, 4);
    }

    void parameters()
    {
        const DecodeResult out = decodeLine(
            "2.0;99999999#D#101118;061143;0756.0930;S;12338.6403;W;18.2;99.7;-4.0;2;0.8;3;1;"
            "1.5,2;ABCD;Board:2:12.81,motion:3:false,name:3:Van 7,bat:3:99,temp:1:-5;F24A\r\n");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const Position &p = out.messages.first().position;
        QVERIFY(!p.valid); // two satellites
        QVERIFY(p.latitude < 0 && p.longitude < 0);
        const Attributes &a = p.attributes;
        QCOMPARE(a.value(attr::hdop).toDouble(), 0.8);
        QCOMPARE(a.value(QStringLiteral("input")).toLongLong(), 3);
        QCOMPARE(a.value(QStringLiteral("adc2")).toDouble(), 2.0);
        QCOMPARE(a.value(QStringLiteral("driverUniqueId")).toString(), QStringLiteral("ABCD"));
        QCOMPARE(a.value(QStringLiteral("board")).toDouble(), 12.81);
        QCOMPARE(a.value(attr::motion), QVariant(false));
        QCOMPARE(a.value(QStringLiteral("name")).toString(), QStringLiteral("Van 7"));
        QCOMPARE(a.value(attr::batteryLevel), QVariant(99));
        QCOMPARE(a.value(QStringLiteral("deviceTemp")), QVariant(-5));
        QVERIFY(!a.contains(QStringLiteral("bat")));
    }

    void cellTowersWithoutFix()
    {
        const DecodeResult out = decodeLine(
            "#D#NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;;NA;mnc1:1:02,mcc1:1:250,lac1:1:5901,"
            "cell_id1:1:45542,mnc2:1:22,mcc2:1:222,lac2:1:2222,cell_id2:1:22222,mcc3:1:333");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage &m = out.messages.first();
        QVERIFY(!m.hasLocation);
        QCOMPARE(m.type, MessageType::Position); // the fleet stores the last fix, outdated
        QCOMPARE(m.position.deviceTime, kNow);
        const Network n = Network::of(m.position.attributes);
        QCOMPARE(n.cellTowers.size(), 2);
        QCOMPARE(n.cellTowers[0], (CellTower { 250, 2, 5901, 45542, 0 }));
        QCOMPARE(n.cellTowers[1], (CellTower { 222, 22, 2222, 22222, 0 }));
        QCOMPARE(m.position.attributes.value(QStringLiteral("mcc3")).toDouble(), 333.0);
    }

    void sosParameter()
    {
        const DecodeResult out = decodeLine(
            "#D#021214;065947;2237.7552;N;11404.8851;E;0;;1;5;1;NA;NA;;NA;SOS:1:1\r\n");
        QCOMPARE(out.messages.first().type, MessageType::Event);
        QCOMPARE(out.messages.first().position.attributes.value(attr::alarm).toString(),
                 alarm::sos);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("no type") << QByteArray("hello\r\n");
        QTest::newRow("unknown type") << QByteArray("#X#1\r\n");
        QTest::newRow("bad date") << QByteArray("#SD#991399;065947;2237.7552;N;11404.8851;E;0;;1;5");
        QTest::newRow("bad hemisphere") << QByteArray("#SD#021214;065947;2237.7552;Q;11404.8851;E;0;;1;5");
        QTest::newRow("latitude off the globe") << QByteArray("#SD#021214;065947;9237.7552;N;11404.8851;E;0;;1;5");
        QTest::newRow("empty login") << QByteArray("#L#\r\n");
    }
    void malformed()
    {
        QFETCH(QByteArray, line);
        const DecodeResult out = decodeLine(line);
        QVERIFY(!out.ok());
        QVERIFY(out.error.startsWith(QStringLiteral("wialon: ")));
    }

    void framing()
    {
        const WialonDecoder dec;
        const QByteArray stream = "#L#1;NA\r\n\r\n#P#\r\n#SD#021214;065947;2237.7552;N;114";
        FrameCut c = dec.cutFrame(stream);
        QCOMPARE(c.kind, FrameCut::Frame);
        QCOMPARE(c.length, 9);
        c = dec.cutFrame(QByteArrayView(stream).sliced(9));
        QCOMPARE(c.kind, FrameCut::Skip);
        QCOMPARE(c.length, 2);
        QCOMPARE(dec.cutFrame(QByteArrayView(stream).sliced(11)).length, 5);
        QCOMPARE(dec.cutFrame(QByteArrayView(stream).sliced(16)).kind, FrameCut::NeedMore);
    }

    void roundTrip_data() { fw::test::addRoundTripRows(); }
    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(bool, valid);
        const WialonFrameEncoder enc;
        const WialonDecoder dec;
        Position p;
        p.deviceTime = utcTime(2024, 2, 29, 23, 59, 58);
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = 42.5;
        p.course = 271.5;
        p.altitude = 88.0;
        p.satellites = 9;
        p.valid = valid;
        const QString id = QStringLiteral("359710049092324");
        const QByteArray stream = enc.login(id, 1) + enc.position(id, p, 2)
            + enc.heartbeat(id, 3) + enc.alarm(id, p, alarm::sos, 4);
        const QList<DecodeResult> results = feedStream(dec, stream, 7, kNow);
        QCOMPARE(results.size(), 4);
        QCOMPARE(results[0].messages.first().type, MessageType::Login);
        QCOMPARE(results[2].messages.first().type, MessageType::Heartbeat);
        for (const int i : { 1, 3 }) {
            QVERIFY2(results[i].ok(), qPrintable(results[i].error));
            const DecodedMessage &m = results[i].messages.first();
            QVERIFY(m.hasLocation);
            QCOMPARE(m.position.uniqueId, id);
            QCOMPARE(m.position.deviceTime, p.deviceTime);
            QCOMPARE(m.position.valid, valid);
            QVERIFY(std::fabs(m.position.latitude - lat) < 1e-6);
            QVERIFY(std::fabs(m.position.longitude - lon) < 1e-6);
            QCOMPARE(m.position.speedKph, 42.5);
            QCOMPARE(m.position.course, 271.5);
            QCOMPARE(m.position.altitude, 88.0);
        }
        QCOMPARE(results[3].messages.first().position.attributes.value(attr::alarm).toString(),
                 alarm::sos);
    }
};

FW_TEST_CLASS(TstWialon)
#include "tst_wialon.moc"
