// Queclink binary ("HEX") protocol: location and event reports (fixed points, last-call and
// geofence layouts, compressed tracks), the second-generation tagged frame, information and
// acknowledgement frames, the heartbeat and its +SACK answer, framing by the length field
// (a '$' or "\r\n" inside a binary frame is not an end), errors, and encoder round trips.
// Frames are the public Traccar samples and Queclink's documented heartbeat example; the
// expected values were worked out by hand from the field layout.
#include "DecoderTestSupport.h"
#include "TestMain.h"

#include "StreamFeed.h"
#include "domain/Network.h"
#include "protocols/Gl200Decoder.h"
#include "sim/Gl200BinaryFrameEncoder.h"

#include <QFile>
#include <QTest>
#include <cmath>

using namespace fw;
using fw::test::feedStream;
using fw::test::located;

namespace {
constexpr TimeMs kNow = utcTime(2026, 6, 27, 12, 0, 0);

DecodeResult decodeOne(const QByteArray &frame)
{
    return fw::test::decodeFrame(Gl200Decoder(), frame, kNow);
}

// +RSP fixed report: IMEI 865084030003675, battery 100 %, 14.206 V, 7 satellites, no fix
// (hdop 0), 126 m, -9.068207/39.611009 at 2017-08-01 08:26:42, cell 268/3/0x189c/0x1ac5.
const QByteArray kRsp = QByteArray::fromHex(
    "2b5253500700fc1fbf005d4501020209563254030003430564377e42071001000000000000007eff75a151025c"
    "6a8107e10801081a2a02680003189c1ac500000000000002100700000000000000000007e1080108241019e17e"
    "be0d0a");
// +EVT ignition on (45), no fix (hdop 0): 22.1 km/h, course 242, -9.068048/39.611162, 2017-08-01 08:36:26.
const QByteArray kEvtIgnition = QByteArray::fromHex(
    "2b4556542d00fc1fbf0063450102020956325403000343056437f8220700000200000000010000160100f2007e"
    "ff75a1f0025c6b1a07e1080108241a02680003189c1ac500000000000002100800000000000000000007e10801"
    "08241a19e24e4e0d0a");
// +RSP last-call report (type 3) from a device that reports its name "gb100-Do".
const QByteArray kRspName = QByteArray::fromHex(
    "2b5253500300fc1fff0064450102020867623130302d446f642f442105007018217345005f0101000000011000"
    "45073c4d4101db86bd07e106130b2b0f0460000018770013000000030000000106020f2300002714301107e106"
    "130b2b1003424efb0d0a");
// Second generation: one record with a GNSS item, IMEI 865134050947226.
const QByteArray kTagged = QByteArray::fromHex(
    "2b000038000865134050947226820300030000216a3ed6f101895000521629fa8b28f402ac1a8e6a3ed6f10000"
    "1600000010f505010ff824");
const QByteArray kInf = QByteArray::fromHex(
    "2b494e4601fd7f0076676231303000000045010202090104020500004100054007e107150b061d0000003f010e"
    "02580000000000d0312a1013648935103226313921591f1200000000000302680003189c1ac3001b0268000318"
    "9c1ac4000d02680003189c1ac5001207e107150b0d3704f658060d0a");
const QByteArray kAck = QByteArray::fromHex(
    "2b41434b017f244501010108676231303000000000ffff07e1070b03112d054dfe030d0a");
// Queclink's documented heartbeat: mask 0xEB (no protocol version), device type 0x01,
// IMEI 359231036735270 (0x23 0x5C 0x1F ...), count 0x000D.
const QByteArray kHbd
    = QByteArray::fromHex("2b484244eb1e010c01235c1f0343231b0007dc011e092026000de29c0d0a");
} // namespace

class TstGl200Binary : public QObject
{
    Q_OBJECT
private slots:
    void fixedReport()
    {
        const DecodeResult out = decodeOne(kRsp);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(located(out).size(), 1);
        const Position &p = located(out)[0]->position;
        QCOMPARE(p.uniqueId, QStringLiteral("865084030003675"));
        QCOMPARE(p.deviceTime, utcTime(2017, 8, 1, 8, 26, 42));
        QVERIFY(!p.valid); // hdop 0: the last known fix
        QVERIFY(std::fabs(p.latitude - 39.611009) < 1e-9);
        QVERIFY(std::fabs(p.longitude + 9.068207) < 1e-9);
        QCOMPARE(p.altitude, 126.0);
        QCOMPARE(p.speedKph, 0.0);
        QCOMPARE(p.satellites, 7);
        QCOMPARE(p.attributes.value(attr::batteryLevel).toInt(), 100);
        QCOMPARE(p.attributes.value(attr::power).toDouble(), 14.206);
        const Network n = Network::fromVariant(p.attributes.value(attr::network));
        QCOMPARE(n.cellTowers.size(), 1);
        QCOMPARE(n.cellTowers[0].mobileCountryCode, 268);
        QCOMPARE(n.cellTowers[0].mobileNetworkCode, 3);
        QCOMPARE(n.cellTowers[0].locationAreaCode, qint64(0x189c));
        QCOMPARE(n.cellTowers[0].cellId, qint64(0x1ac5));
        QVERIFY(out.reply.isEmpty());
    }

    void ignitionEvent()
    {
        const DecodeResult out = decodeOne(kEvtIgnition);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(located(out).size(), 1);
        const Position &p = located(out)[0]->position;
        QCOMPARE(p.deviceTime, utcTime(2017, 8, 1, 8, 36, 26));
        QVERIFY(!p.valid); // hdop 0
        QCOMPARE(p.speedKph, 22.1);
        QCOMPARE(p.course, 242.0);
        QVERIFY(std::fabs(p.latitude - 39.611162) < 1e-9);
        QVERIFY(std::fabs(p.longitude + 9.068048) < 1e-9);
        QCOMPARE(p.attributes.value(attr::ignition).toBool(), true);
        QCOMPARE(p.attributes.value(attr::event).toInt(), 45);
    }

    void deviceName()
    {
        const DecodeResult out = decodeOne(kRspName);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(located(out).size(), 1);
        const Position &p = located(out)[0]->position;
        QCOMPARE(p.uniqueId, QStringLiteral("gb100-Do"));
        QCOMPARE(p.deviceTime, utcTime(2017, 6, 19, 11, 43, 15));
        QVERIFY(std::fabs(p.latitude - 31.164093) < 1e-9);
        QVERIFY(std::fabs(p.longitude - 121.392449) < 1e-9);
        QCOMPARE(p.altitude, 69.0);
        QCOMPARE(p.course, 272.0);
    }

    void compressedTrack()
    {
        QFile f(QStringLiteral(FW_SOURCE_DIR "/tests/fuzz/corpus/gl200/bin_rsp_compressed.bin"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const DecodeResult out = decodeOne(f.readAll());
        QVERIFY2(out.ok(), qPrintable(out.error));
        // 270 entries, two of them "no fix / same point": 268 points, one second apart.
        QCOMPARE(located(out).size(), 268);
        const Position &first = located(out).first()->position;
        QCOMPARE(first.deviceTime, TimeMs(1501576587) * 1000);
        QCOMPARE(first.speedKph, 22.7);
        QCOMPARE(first.course, 240.0);
        QVERIFY(std::fabs(first.latitude - 39.611129) < 1e-9);
        QVERIFY(std::fabs(first.longitude + 9.068108) < 1e-9);
        const Position &last = located(out).last()->position;
        QCOMPARE(last.deviceTime, TimeMs(1501576856) * 1000);
        QCOMPARE(last.speedKph, 22.7);
        QCOMPARE(last.course, 257.0);
        QVERIFY(std::fabs(last.latitude - 39.599281) < 1e-9);
        QVERIFY(std::fabs(last.longitude + 9.068689) < 1e-9);
    }

    void taggedFrame()
    {
        const DecodeResult out = decodeOne(kTagged);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(located(out).size(), 1);
        const Position &p = located(out)[0]->position;
        QCOMPARE(p.uniqueId, QStringLiteral("865134050947226"));
        QCOMPARE(p.deviceTime, TimeMs(0x6a3ed6f1) * 1000);
        QVERIFY(p.valid);
        QVERIFY(std::fabs(p.latitude - 44.833422) < 1e-9);
        QVERIFY(std::fabs(p.longitude + 91.543308) < 1e-9);
        QCOMPARE(p.satellites, 5);
        QCOMPARE(p.altitude, 434.1);
    }

    void information()
    {
        const DecodeResult out = decodeOne(kInf);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.last().type, MessageType::Status);
        QCOMPARE(out.messages.last().position.uniqueId, QStringLiteral("gb100"));
        QCOMPARE(out.messages.last().position.attributes.value(QStringLiteral("versionFw")).toInt(),
                 0x0209);
        QCOMPARE(out.messages.last().position.deviceTime, utcTime(2017, 7, 21, 11, 13, 55));
        QVERIFY(located(out).isEmpty());
    }

    void acknowledgement()
    {
        const DecodeResult out = decodeOne(kAck);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.last().type, MessageType::CommandResult);
        QVERIFY(located(out).isEmpty());
        QVERIFY(out.reply.isEmpty());
    }

    void heartbeatAnswered()
    {
        const DecodeResult out = decodeOne(kHbd);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.last().type, MessageType::Heartbeat);
        QCOMPARE(out.messages.last().position.uniqueId, QStringLiteral("359231036735270"));
        QCOMPARE(out.reply, QByteArray("+SACK:GTHBD,010000,000D$"));
    }

    // Binary frames hold '$' and "\r\n" bytes in their fields (the +ACK length is 0x24 = '$'):
    // only the length field ends them. Mixed with a text report, fed a few bytes at a time.
    void framing_data()
    {
        QTest::addColumn<int>("chunk");
        QTest::newRow("whole") << 4096;
        QTest::newRow("7 bytes") << 7;
        QTest::newRow("1 byte") << 1;
    }
    void framing()
    {
        QFETCH(int, chunk);
        const QByteArray text = "+ACK:GTHBD,1A0102,135790246811220,,20100214093254,11F0$";
        const QByteArray stream = kAck + kRsp + text + kHbd + kTagged + kEvtIgnition;
        int garbage = 0;
        const QList<DecodeResult> results = feedStream(Gl200Decoder(), stream, chunk, kNow,
                                                       &garbage);
        QCOMPARE(garbage, 0);
        QCOMPARE(results.size(), 6);
        for (const DecodeResult &r : results)
            QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(located(results[1]).size(), 1);
        QCOMPARE(results[2].reply, QByteArray("+SACK:GTHBD,1A0102,11F0$"));
        QCOMPARE(results[3].reply, QByteArray("+SACK:GTHBD,010000,000D$"));
        QCOMPARE(located(results[4]).size(), 1);
        QCOMPARE(located(results[5]).size(), 1);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QByteArray longer = kRsp;
        longer[10] = static_cast<char>(longer[10] + 1);
        QTest::newRow("length field") << longer;
        QByteArray manyPoints = kRsp;
        manyPoints[30] = 3; // three points in the room of one
        QTest::newRow("point count") << manyPoints;
        QByteArray badId = kRsp;
        badId[16] = 0x01; // neither an IMEI digit pair nor a printable name
        badId[17] = static_cast<char>(0xff);
        QTest::newRow("device id") << badId;
        QByteArray shortTrack = QByteArray::fromHex("2b525350640000000000002c4501020209")
            + QByteArray::fromHex("56325403000343056438ed2205ffff");
        shortTrack[10] = static_cast<char>(shortTrack.size());
        QTest::newRow("compressed count") << shortTrack;
    }
    void malformed()
    {
        QFETCH(QByteArray, frame);
        const DecodeResult out = decodeOne(frame);
        QVERIFY(!out.ok());
        QVERIFY2(out.error.startsWith(QStringLiteral("gl200: ")), qPrintable(out.error));
        QVERIFY(located(out).isEmpty());
    }

    void cutFrame()
    {
        const Gl200Decoder d;
        QCOMPARE(d.cutFrame(kRsp.first(8)).kind, FrameCut::NeedMore);
        QCOMPARE(d.cutFrame(kRsp.first(40)).kind, FrameCut::NeedMore);
        const QByteArray both = kRsp + kAck;
        const FrameCut whole = d.cutFrame(both);
        QCOMPARE(whole.kind, FrameCut::Frame);
        QCOMPARE(whole.length, kRsp.size());
        QByteArray tiny = kRsp;
        tiny[9] = 0;
        tiny[10] = 5; // shorter than its own header
        QCOMPARE(d.cutFrame(tiny).kind, FrameCut::Garbage);
    }

    void roundTrip_data() { fw::test::addRoundTripRows(); }
    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(bool, valid);
        const Gl200BinaryFrameEncoder enc;
        Position p;
        p.deviceTime = utcTime(2024, 2, 29, 23, 59, 58);
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = 42.5;
        p.course = 271;
        p.altitude = -12;
        p.valid = valid;
        const QString id = QStringLiteral("862894020180553");
        const QByteArray stream = enc.login(id, 1) + enc.position(id, p, 2) + enc.heartbeat(id, 3);
        const QList<DecodeResult> results = feedStream(Gl200Decoder(), stream, 5, kNow);
        QCOMPARE(results.size(), 2);
        QVERIFY2(results[0].ok(), qPrintable(results[0].error));
        QCOMPARE(located(results[0]).size(), 1);
        const Position &q = located(results[0])[0]->position;
        QCOMPARE(q.uniqueId, id);
        QCOMPARE(q.deviceTime, p.deviceTime);
        QCOMPARE(q.valid, valid);
        QVERIFY(std::fabs(q.latitude - lat) < 1e-6);
        QVERIFY(std::fabs(q.longitude - lon) < 1e-6);
        QCOMPARE(q.speedKph, 42.5);
        QCOMPARE(q.course, 271.0);
        QCOMPARE(q.altitude, -12.0);
        QVERIFY2(results[1].ok(), qPrintable(results[1].error));
        QCOMPARE(results[1].messages.last().type, MessageType::Heartbeat);
        QCOMPARE(results[1].reply, QByteArray("+SACK:GTHBD,450102,0003$"));
    }
};

FW_TEST_CLASS(TstGl200Binary)
#include "tst_gl200binary.moc"
