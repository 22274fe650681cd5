// Ruptela: standard and extended record packets (merged record parts, IO elements with names),
// records without a fix, trouble codes, identification, heartbeats, command answers, the
// acknowledgements (with their CRC-16/KERMIT), framing by the length field, errors and encoder
// round trips. Packets are hand-made with the encoder or taken from the public Traccar samples.
#include "DecoderTestSupport.h"
#include "TestMain.h"

#include "StreamFeed.h"
#include "domain/Network.h"
#include "protocols/RuptelaDecoder.h"
#include "sim/RuptelaFrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;
using fw::test::located;
using fw::test::feedStream;

namespace {
constexpr TimeMs kNow = utcTime(2024, 3, 10, 12, 0, 0);
const QString kImei = QStringLiteral("863591024076709");

DecodeResult decodeOne(const QByteArray &frame, DecodeContext *context = nullptr)
{
    return fw::test::decodeFrame(RuptelaDecoder(), frame, kNow, context);
}

// Standard records (command 1), one record near Dubai.
const QByteArray kRecords = QByteArray::fromHex(
    "00560003116e7438a7a50100015565cbb9000020fd21300f113f4600005f000600090d090805011b13cf0002"
    "0003001c012029ad00041d31dd1e0ebd160000c50000047200000000d0000000004100016a2a960000a5a3"
    "00c9ee");

// Extended records (command 68): one record in three merged parts.
const QByteArray kExtended = QByteArray::fromHex(
    "01460003115c885fa8c6440003674f43df002000fb7291ce13fc9230040e400618003d0500080f00ce00019901"
    "00823d008600008700008800000201000300000400019500019601001b1e00ad0000b03d01a201070083000000"
    "890000008b00030016009d0017009f001d33d6001e1038020041000a6b3f00960000ebf201002201d042f31d00"
    "0030674f43df002100fb7291ce13fc9230040e400618003d0500080803a000005f3c00607600613c0062200063"
    "0400650000670009023000000399003d039c0009039806c6005e1b180064004600660000006b066a0282000901"
    "039a00005a67030068555531444a46303000693537303637383230006a3500000000000000674f43df002200fb"
    "7291ce13fc9230040e400618003d0500080302d2ff047cff047eff04019700f60198000302d3ffff03b6000002"
    "028500005a6702f2000068a800092b");
} // namespace

class TstRuptela : public QObject
{
    Q_OBJECT
private slots:
    void records()
    {
        const DecodeResult out = decodeOne(kRecords);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.first().type, MessageType::Login);
        const auto fixes = located(out);
        QCOMPARE(fixes.size(), 1);
        const Position &p = fixes[0]->position;
        QCOMPARE(p.uniqueId, kImei);
        QCOMPARE(toIso(p.deviceTime), QStringLiteral("2015-05-27T13:50:49Z"));
        QVERIFY(p.valid);
        QVERIFY(std::fabs(p.latitude - 25.278855) < 1e-7);
        QVERIFY(std::fabs(p.longitude - 55.3460016) < 1e-7);
        QCOMPARE(p.speedKph, 9.0);
        QCOMPARE(p.course, 243.2);
        QCOMPARE(p.satellites, 6);
        const Attributes &a = p.attributes;
        QCOMPARE(a.value(attr::event).toInt(), 9);
        QCOMPARE(a.value(attr::odometer).toLongLong(), 0x16a2aLL);
        QCOMPARE(a.value(attr::power).toDouble(), 12.765);
        QCOMPARE(a.value(attr::battery).toDouble(), 3.773);
        QCOMPARE(a.value(QStringLiteral("in4")).toLongLong(), 1LL);
        QCOMPARE(a.value(attr::motion).toBool(), false);
        // Acknowledged once stored: length 2, 100, 0x01, CRC.
        QCOMPARE(out.reply.toHex(), QByteArray("0002640113bc"));
        QVERIFY(out.replyAcknowledgesData);
    }

    void extendedRecordsMerge()
    {
        const DecodeResult out = decodeOne(kExtended);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const auto fixes = located(out);
        QCOMPARE(fixes.size(), 1); // three parts, one record
        const Attributes &a = fixes[0]->position.attributes;
        QCOMPARE(a.value(QStringLiteral("driverUniqueId")).toString(),
                 QStringLiteral("01d042f31d000030"));
        QCOMPARE(a.value(attr::ignition).toBool(), true);
        QCOMPARE(a.value(attr::odometer).toLongLong(), 0xa6b3fLL);
        QCOMPARE(a.value(QStringLiteral("obdOdometer")).toLongLong(), 0x5a67LL * 1000);
        QVERIFY(a.contains(QStringLiteral("io754"))); // from the third part
        QCOMPARE(fixes[0]->position.course, 163.9);
        QCOMPARE(out.reply.toHex(), QByteArray("0002640113bc"));
    }

    void recordWithoutFix()
    {
        const RuptelaFrameEncoder enc;
        Position p;
        p.deviceTime = utcTime(2024, 3, 10, 11, 0, 0);
        p.valid = false;
        const DecodeResult out = decodeOne(enc.position(kImei, p, 1));
        QVERIFY2(out.ok(), qPrintable(out.error));
        QVERIFY(located(out).isEmpty());
        const DecodedMessage &m = out.messages.last();
        QCOMPARE(m.type, MessageType::Position);
        QVERIFY(m.position.attributes.value(attr::outdated).toBool());
        QCOMPARE(m.position.deviceTime, p.deviceTime);
        QVERIFY(!out.reply.isEmpty());
    }

    void troubleCodes()
    {
        const DecodeResult out = decodeOne(QByteArray::fromHex(
            "003000000b1a29f64b1a0902ff4e9caf2c07d608f11a1480ba015030303130ff4e9caf2c07d608f11a14"
            "80ba0250303031318c91"));
        QVERIFY2(out.ok(), qPrintable(out.error));
        const auto fixes = located(out);
        QCOMPARE(fixes.size(), 2);
        QCOMPARE(fixes[0]->position.attributes.value(QStringLiteral("dtcs")).toString(),
                 QStringLiteral("P0010"));
        QVERIFY(!fixes[0]->position.attributes.contains(attr::archive));
        QVERIFY(fixes[1]->position.attributes.value(attr::archive).toBool());
        QCOMPARE(out.reply.toHex(), QByteArray("00026d01c4a4"));
    }

    void identificationAndHeartbeat()
    {
        DecodeContext ctx;
        DecodeResult out = decodeOne(
            QByteArray::fromHex("002e000316d53d58d6020f4573303430302e30332e36382e30340000c2b3090d"
                                "0e950000827b000003e80000003c003c1681"),
            &ctx);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].type, MessageType::Login);
        QCOMPARE(ctx.uniqueId, QStringLiteral("869530043209218"));
        QCOMPARE(out.reply.toHex(), QByteArray("00027301cb25"));
        const RuptelaFrameEncoder enc;
        out = decodeOne(enc.heartbeat(QStringLiteral("869530043209218"), 2), &ctx);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].type, MessageType::Heartbeat);
        QCOMPARE(out.reply.toHex(), QByteArray("00027401862d"));
    }

    void commandAnswer()
    {
        const DecodeResult out = decodeOne(QByteArray::fromHex(
            "0044000313612d76c5cb0744494e313d312c44494e323d302c44494e333d302c44494e343d302c444f55"
            "54313d312c444f5554323d312c41494e313d31372c41494e323d3236ac80"));
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage &m = out.messages.last();
        QCOMPARE(m.type, MessageType::CommandResult);
        QCOMPARE(m.position.attributes.value(attr::result).toString(),
                 QStringLiteral("DIN1=1,DIN2=0,DIN3=0,DIN4=0,DOUT1=1,DOUT2=1,AIN1=17,AIN2=26"));
        QVERIFY(out.reply.isEmpty());
    }

    void framing()
    {
        const RuptelaDecoder dec;
        const QByteArray stream = QByteArray("\xff\xff", 2) + kRecords + kExtended + kRecords;
        for (const int chunk : { 4096, 7, 1 }) {
            int garbageCuts = 0;
            const QList<DecodeResult> results = feedStream(dec, stream, chunk, kNow, &garbageCuts);
            QVERIFY(garbageCuts >= 1);
            QCOMPARE(results.size(), 3);
            for (const DecodeResult &r : results) {
                QVERIFY2(r.ok(), qPrintable(r.error));
                QCOMPARE(located(r).size(), 1);
            }
        }
        // A length field beyond the largest frame is garbage, not a wait for 64 KiB.
        QCOMPARE(dec.cutFrame(QByteArrayView("\xf0\x00\x00", 3)).kind, FrameCut::Garbage);
        QCOMPARE(dec.cutFrame(kRecords.left(20)).kind, FrameCut::NeedMore);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QByteArray badCrc = kRecords;
        badCrc[badCrc.size() - 1] = static_cast<char>(badCrc.back() ^ 0x01);
        QTest::newRow("checksum") << badCrc;
        QTest::newRow("short") << QByteArray::fromHex("000900");
        QTest::newRow("length") << kRecords.left(kRecords.size() - 3) + kRecords.right(2);
        // Records cut inside the IO groups, CRC recomputed: refused, not acknowledged.
        QTest::newRow("cut record")
            << RuptelaDecoder::devicePacket(863591024076709ULL, 1, kRecords.mid(11, 40));
    }
    void malformed()
    {
        QFETCH(QByteArray, frame);
        const DecodeResult out = decodeOne(frame);
        QVERIFY(!out.ok());
        QVERIFY2(out.error.startsWith(QStringLiteral("ruptela: ")), qPrintable(out.error));
        QVERIFY(out.reply.isEmpty());
    }

    void roundTrip_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::newRow("north-east") << 52.520008 << 13.404954;
        QTest::newRow("south-west") << -34.603722 << -58.381592;
    }
    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        const RuptelaFrameEncoder enc;
        const RuptelaDecoder dec;
        Position p;
        p.deviceTime = utcTime(2024, 2, 29, 23, 59, 58);
        p.latitude = lat;
        p.longitude = lon;
        p.altitude = 120.5;
        p.speedKph = 42;
        p.course = 271.5;
        p.satellites = 9;
        p.valid = true;
        const QByteArray stream = enc.login(kImei, 1) + enc.position(kImei, p, 2)
            + enc.heartbeat(kImei, 3) + enc.alarm(kImei, p, alarm::hardBraking, 4)
            + enc.alarm(kImei, p, alarm::tow, 5);
        const QList<DecodeResult> results = feedStream(dec, stream, 5, kNow);
        QCOMPARE(results.size(), 5);
        for (const int i : { 1, 3, 4 }) {
            const DecodeResult &r = results[i];
            QVERIFY2(r.ok(), qPrintable(r.error));
            QCOMPARE(located(r).size(), 1);
            const Position &q = located(r)[0]->position;
            QCOMPARE(q.uniqueId, kImei);
            QCOMPARE(q.deviceTime, p.deviceTime);
            QVERIFY(q.valid);
            QVERIFY(std::fabs(q.latitude - lat) < 1e-6);
            QVERIFY(std::fabs(q.longitude - lon) < 1e-6);
            QCOMPARE(q.speedKph, 42.0);
            QCOMPARE(q.course, 271.5);
            QCOMPARE(q.altitude, 120.5);
            QCOMPARE(q.satellites, 9);
            QCOMPARE(r.reply.toHex(), QByteArray("0002640113bc"));
        }
        QVERIFY(located(results[1])[0]->position.attributes.value(attr::ignition).toBool());
        QCOMPARE(located(results[3])[0]->position.attributes.value(attr::alarm).toString(),
                 alarm::hardBraking);
        QCOMPARE(located(results[4])[0]->position.attributes.value(attr::alarm).toString(),
                 alarm::tow);
        QCOMPARE(enc.alarm(kImei, p, alarm::sos, 6), QByteArray());
    }
};

FW_TEST_CLASS(TstRuptela)
#include "tst_ruptela.moc"
