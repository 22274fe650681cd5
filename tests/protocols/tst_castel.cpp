// Castel / IDD: SC logins, GPS and alarm frames with their statistics and fixes, trouble codes,
// query answers, battery-powered 0x401F reports, CC heartbeats with several fixes, MPIP "$$"
// frames, the login and heartbeat answers (with their CRC), framing by the length field,
// errors, and encoder round trips. Frames are hand-made or from the public Traccar samples.
#include "DecoderTestSupport.h"
#include "TestMain.h"

#include "StreamFeed.h"
#include "protocols/CastelDecoder.h"
#include "protocols/Checksums.h"
#include "sim/CastelFrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;
using fw::test::located;
using fw::test::feedStream;

namespace {
constexpr TimeMs kNow = utcTime(2024, 3, 10, 12, 0, 0);

DecodeResult decodeOne(const QByteArray &frame)
{
    return fw::test::decodeFrame(CastelDecoder(), frame, kNow);
}

// SC GPS report (0x4001) of device 1001112529987 with one fix in Shenzhen.
const QByteArray kGps = QByteArray::fromHex(
    "40405900043130303131313235323939383700000000000000400101c1f06952e7f069529c9111000000"
    "000069830000070000000400036401014c00030001190a0d0412041480d60488c57218000000009f01e8"
    "03ed9a0d0a");
} // namespace

class TstCastel : public QObject
{
    Q_OBJECT
private slots:
    void gpsReport()
    {
        const DecodeResult out = decodeOne(kGps);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.first().type, MessageType::Login);
        const auto fixes = located(out);
        QCOMPARE(fixes.size(), 1);
        const Position &p = fixes[0]->position;
        QCOMPARE(p.uniqueId, QStringLiteral("1001112529987"));
        QCOMPARE(toIso(p.deviceTime), QStringLiteral("2013-10-25T04:18:04Z"));
        QVERIFY(p.valid);
        QVERIFY(std::fabs(p.latitude - 22.54621) < 1e-5);
        QVERIFY(std::fabs(p.longitude - 113.93746) < 1e-5);
        QCOMPARE(p.satellites, 9);
        QCOMPARE(p.attributes.value(attr::odometer).toLongLong(), 0x11919cLL);
        QVERIFY(out.reply.isEmpty());
    }

    void troubleCodes()
    {
        const DecodeResult out = decodeOne(QByteArray::fromHex(
            "40404500033231334c323031373030303432320000000000004006e1ad205bf1ad205b48510f00000000"
            "0050160000000000020400053f007c000083040001511346160d0a"));
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.last().position.attributes.value(QStringLiteral("dtcs")).toString(),
                 QStringLiteral("P1351"));
    }

    void queryAnswer()
    {
        const DecodeResult out = decodeOne(QByteArray::fromHex(
            "40403a00043231334744503230313830323133343300000000a002000001000001012011004d414c4333"
            "3831434d4b4d353637313438c8fc0d0a"));
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.last().type, MessageType::CommandResult);
        QCOMPARE(out.messages.last().position.attributes.value(attr::result).toString(),
                 QStringLiteral("MALC381CMKM567148"));
    }

    void batteryReport()
    {
        const QByteArray frame = QByteArray::fromHex(
            "4040660004542d3233344c2d54455354313233343536000000401f000e000000255c03674f5c0367eb7d"
            "0000000000000000000000000002040000002ec71e000036011e0918080c282497d604a86c7218000000"
            "000310000200ff0021000200820109bf0d0a");
        const DecodeResult out = decodeOne(frame);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const auto fixes = located(out);
        QCOMPARE(fixes.size(), 1);
        QCOMPARE(toIso(fixes[0]->position.deviceTime), QStringLiteral("2024-09-30T08:12:40Z"));
        QCOMPARE(fixes[0]->position.attributes.value(attr::battery).toDouble(), 3.86);
        // The battery tag cut short (found by the fuzzer): no value, no crash.
        const DecodeResult cut = decodeOne(frame.left(frame.size() - 6) + frame.right(4));
        QVERIFY2(cut.ok(), qPrintable(cut.error));
        QCOMPARE(located(cut).size(), 1);
        QVERIFY(!located(cut)[0]->position.attributes.contains(attr::battery));
    }

    void ccHeartbeatAndMpip()
    {
        DecodeResult out = decodeOne(QByteArray::fromHex(
            "404044000c3631313135303030303935360000000000000000420600011e0a0f0b1312864fcd08c07a13"
            "030100640acf000004000a000000000000007ba083a66ad80d0a"));
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(located(out).size(), 1);
        QCOMPARE(toIso(located(out)[0]->position.deviceTime),
                 QStringLiteral("2015-10-30T11:19:18Z"));
        QVERIFY(out.reply.startsWith("@@"));
        QCOMPARE(out.reply.mid(25, 2), QByteArray::fromHex("8206"));
        out = decodeOne(QByteArray::fromHex(
            "24243f00676e6768656636313031313132393030313734002001840d0000d2deb556020602100b353604"
            "56cf09e6ebac0200000000030000000001abc10d0a"));
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(located(out).size(), 1);
        QVERIFY(std::fabs(located(out)[0]->position.latitude - 45.7178) < 1e-3);
    }

    void loginAnswer()
    {
        const CastelFrameEncoder enc;
        const QString id = QStringLiteral("213EP2016000585");
        const DecodeResult out = decodeOne(enc.login(id, 1));
        QVERIFY2(out.ok(), qPrintable(out.error));
        QVERIFY(located(out).isEmpty());
        const QByteArray &reply = out.reply;
        QCOMPARE(quint8(reply[2]) | quint8(reply[3]) << 8, int(reply.size()));
        QCOMPARE(reply.mid(25, 2), QByteArray::fromHex("9001"));
        const quint16 crc = checksum::crc16X25(reply.first(reply.size() - 4));
        QCOMPARE(quint8(reply[reply.size() - 4]) | quint8(reply[reply.size() - 3]) << 8, int(crc));
        QVERIFY(reply.endsWith("\r\n"));
    }

    void framing()
    {
        const CastelDecoder dec;
        const CastelFrameEncoder enc;
        const QString id = QStringLiteral("1001112529987");
        const QByteArray stream = "xx" + kGps + enc.heartbeat(id, 2) + kGps;
        for (const int chunk : { 1000, 7 }) {
            int garbageCuts = 0;
            const QList<DecodeResult> results = feedStream(dec, stream, chunk, kNow, &garbageCuts);
            QCOMPARE(garbageCuts, 1);
            QCOMPARE(results.size(), 3);
            QCOMPARE(located(results[0]).size(), 1);
            QVERIFY(located(results[1]).isEmpty());
            QVERIFY(!results[1].reply.isEmpty());
            QCOMPARE(located(results[2]).size(), 1);
        }
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::newRow("not castel") << QByteArray("hello there, this is no castel frame at all");
        QTest::newRow("short") << QByteArray::fromHex("40400a0004");
        QByteArray badId = kGps;
        badId[5] = '\x01';
        QTest::newRow("bad id") << badId;
    }
    void malformed()
    {
        QFETCH(QByteArray, frame);
        const DecodeResult out = decodeOne(frame);
        QVERIFY(!out.ok());
        QVERIFY2(out.error.startsWith(QStringLiteral("castel: ")), qPrintable(out.error));
    }

    void roundTrip_data() { fw::test::addRoundTripRows(); }
    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(bool, valid);
        const CastelFrameEncoder enc;
        const CastelDecoder dec;
        Position p;
        p.deviceTime = utcTime(2024, 2, 29, 23, 59, 58);
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = 42.48;
        p.course = 271.5;
        p.satellites = 9;
        p.valid = valid;
        const QString id = QStringLiteral("213EP2016000585");
        const QByteArray stream = enc.login(id, 1) + enc.position(id, p, 2)
            + enc.heartbeat(id, 3) + enc.alarm(id, p, alarm::overspeed, 4);
        const QList<DecodeResult> results = feedStream(dec, stream, 5, kNow);
        QCOMPARE(results.size(), 4);
        for (const int i : { 1, 3 }) {
            const DecodeResult &r = results[i];
            QVERIFY2(r.ok(), qPrintable(r.error));
            QCOMPARE(located(r).size(), 1);
            const Position &q = located(r)[0]->position;
            QCOMPARE(q.uniqueId, id);
            QCOMPARE(q.deviceTime, p.deviceTime);
            QCOMPARE(q.valid, valid);
            QVERIFY(std::fabs(q.latitude - lat) < 1e-6);
            QVERIFY(std::fabs(q.longitude - lon) < 1e-6);
            QVERIFY(std::fabs(q.speedKph - 42.48) < 0.04);
            QCOMPARE(q.course, 271.5);
            QCOMPARE(q.satellites, 9);
            QVERIFY(q.attributes.value(attr::ignition).toBool());
        }
        QCOMPARE(located(results[3])[0]->position.attributes.value(attr::alarm).toString(),
                 alarm::overspeed);
    }
};

FW_TEST_CLASS(TstCastel)
#include "tst_castel.moc"
