// Meitrack: text reports (both analog layouts), the CCC binary batch with its answer, the AAC
// answer, command results, framing by the length field, errors, and encoder round trips. The
// binary and text samples come from the public Traccar samples; answers and sums were worked
// out apart from the decoder.
#include "DecoderTestSupport.h"
#include "TestMain.h"

#include "StreamFeed.h"
#include "domain/Network.h"
#include "protocols/MeitrackDecoder.h"
#include "sim/MeitrackFrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;
using fw::test::feedStream;

namespace {
constexpr TimeMs kNow = utcTime(2024, 3, 10, 12, 0, 0);

DecodeResult decodeOne(const QByteArray &frame)
{
    return fw::test::decodeFrame(MeitrackDecoder(), frame, kNow);
}

QList<const DecodedMessage *> located(const DecodeResult &r)
{
    QList<const DecodedMessage *> out;
    for (const DecodedMessage &m : r.messages) {
        if (m.hasLocation)
            out << &m;
    }
    return out;
}

const QByteArray kText = "$$D149,867047043162018,AAA,35,-1.264865,36.800705,211001105240,A,9,20,"
                         "41.0,323,1,1697,1,0,000|00||,0000,4.33|12.96|1.92|2.72|2.69,0.000000|0|"
                         "0.000000,*E1\r\n";
} // namespace

class TstMeitrack : public QObject
{
    Q_OBJECT
private slots:
    void textReport()
    {
        const DecodeResult out = decodeOne(kText);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const auto m = located(out);
        QCOMPARE(m.size(), 1);
        const Position &p = m[0]->position;
        QCOMPARE(p.uniqueId, QStringLiteral("867047043162018"));
        QCOMPARE(toIso(p.deviceTime), QStringLiteral("2021-10-01T10:52:40Z"));
        QVERIFY(p.valid);
        QCOMPARE(p.latitude, -1.264865);
        QCOMPARE(p.speedKph, 41.0);
        QCOMPARE(p.course, 323.0);
        QCOMPARE(p.altitude, 1697.0);
        QCOMPARE(p.attributes.value(attr::battery).toDouble(), 4.33);
        QCOMPARE(p.attributes.value(attr::power).toDouble(), 12.96);
        QCOMPARE(p.attributes.value(attr::event).toInt(), 35);
    }

    void hexAnalogAndCell()
    {
        const DecodeResult out = decodeOne(
            "$$F160,861412043027965,AAA,1,45.499458,-82.493581,220718171428,V,0,0,0,0,0.0,0,"
            "227940,119812,302|220|D8D6|086E1B2B,0800,0000|0000|0000|0191|0573,,,3,,002134,0,0*FA");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage &m = *located(out).first();
        QCOMPARE(m.type, MessageType::Event);
        const Attributes &a = m.position.attributes;
        QCOMPARE(a.value(attr::alarm).toString(), alarm::sos);
        QCOMPARE(a.value(attr::power).toDouble(), 13.95);
        QCOMPARE(a.value(attr::battery).toDouble(), 4.01);
        QCOMPARE(a.value(QStringLiteral("input")).toInt(), 8);
        QCOMPARE(Network::of(a).cellTowers.value(0),
                 (CellTower { 302, 220, 0xD8D6, 0x086E1B2B, 0 }));
    }

    void cccBatchAndAnswer()
    {
        const DecodeResult out = decodeOne(QByteArray::fromHex(
            "24245838362c3336393830303031343039303032312c4343432c020134000100000023381f91ffe354"
            "b806c5e3121b0009130000000000000000d33801007cbf0200fe0101000435feeb02000500a3010000"
            "000000002a62650d0a"));
        QVERIFY2(out.ok(), qPrintable(out.error));
        const auto m = located(out);
        QCOMPARE(m.size(), 1);
        QCOMPARE(toIso(m[0]->position.deviceTime), QStringLiteral("2014-05-24T04:59:49Z"));
        QVERIFY(!m[0]->position.valid);
        QVERIFY(std::fabs(m[0]->position.latitude + 7.2665) < 1e-5);
        QVERIFY(std::fabs(m[0]->position.longitude - 112.74365) < 1e-5);
        QCOMPARE(out.reply, QByteArray("@@X27,369800014090021,CCC,1*E4\r\n"));
        QVERIFY(out.replyAcknowledgesData);
    }

    void keepAliveAnswer()
    {
        const DecodeResult out = decodeOne("$$z27,861451040910625,AAC,1*D3");
        QVERIFY2(out.ok(), qPrintable(out.error));
        QVERIFY(located(out).isEmpty());
        QCOMPARE(out.reply, QByteArray("@@z27,861451040910625,AAC,1*0B\r\n"));
    }

    void commandResult()
    {
        const DecodeResult out = decodeOne("$$u28,864606044993987,D82,0*D6");
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.last().type, MessageType::CommandResult);
        QCOMPARE(out.messages.last().position.attributes.value(attr::result).toString(),
                 QStringLiteral("D82,0"));
    }

    void framing()
    {
        const MeitrackDecoder dec;
        const QByteArray stream = "xx" + kText + kText;
        for (const int chunk : { 1, 10, 1000 }) {
            int garbageCuts = 0;
            const QList<DecodeResult> results = feedStream(dec, stream, chunk, kNow, &garbageCuts);
            QCOMPARE(results.size(), 2);
            QVERIFY(garbageCuts >= 1);
            for (const DecodeResult &r : results)
                QCOMPARE(located(r).size(), 1);
        }
        QCOMPARE(dec.cutFrame(kText.left(30)).kind, FrameCut::NeedMore);
        QCOMPARE(dec.cutFrame("$$Dxx,1").kind, FrameCut::Garbage);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::newRow("not $$") << QByteArray("hello,world,AAA");
        QTest::newRow("letters in the id") << QByteArray("$$A20,86704704316201X,AAA,1*00");
        QTest::newRow("short text") << QByteArray("$$A30,867047043162018,AAA,35,1.0*00");
        QTest::newRow("bad date") << QByteArray(
            "$$A99,867047043162018,AAA,35,1.0,2.0,219901105240,A,9,20,41.0,323,1,1697,1,0,000|00||,"
            "0000,4.33|12.96|1.92|2.72|2.69*00");
        QTest::newRow("truncated CCE")
            << QByteArray("$$A30,867047043162018,CCE,\x01\x00\x00\x00\x05\x00\x40\x00*00", 41);
    }
    void malformed()
    {
        QFETCH(QByteArray, frame);
        const DecodeResult out = decodeOne(frame);
        QVERIFY(!out.ok());
        QVERIFY(out.error.startsWith(QStringLiteral("meitrack: ")));
    }

    void roundTrip_data() { fw::test::addRoundTripRows(); }
    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(bool, valid);
        const MeitrackFrameEncoder enc;
        const MeitrackDecoder dec;
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
        const QList<DecodeResult> results = feedStream(dec, stream, 9, kNow);
        QCOMPARE(results.size(), 3);
        for (const int i : { 0, 2 }) {
            QVERIFY2(results[i].ok(), qPrintable(results[i].error));
            const DecodedMessage &m = *located(results[i]).first();
            QCOMPARE(m.position.uniqueId, id);
            QCOMPARE(m.position.deviceTime, p.deviceTime);
            QCOMPARE(m.position.valid, valid);
            QVERIFY(std::fabs(m.position.latitude - lat) < 1e-6);
            QVERIFY(std::fabs(m.position.longitude - lon) < 1e-6);
            QCOMPARE(m.position.speedKph, 42.0);
            QCOMPARE(m.position.course, 271.0);
            QCOMPARE(m.position.altitude, 88.0);
        }
        QVERIFY(!results[1].reply.isEmpty()); // the keep-alive is answered
        QCOMPARE(located(results[2]).first()->position.attributes.value(attr::alarm).toString(),
                 alarm::sos);
    }
};

FW_TEST_CLASS(TstMeitrack)
#include "tst_meitrack.moc"
