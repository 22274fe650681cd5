// T800x: the full ("%%", "##"), driving-behaviour ("&&") and compact ("''") GPS reports, alarms
// and their acknowledgements, network and command-result frames (UTF-16LE), framing by the
// length field, errors, and encoder round trips. Frames are hand-made or from the public
// Traccar samples.
#include "DecoderTestSupport.h"
#include "TestMain.h"

#include "StreamFeed.h"
#include "domain/Network.h"
#include "protocols/T800xDecoder.h"
#include "sim/T800xFrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;
using fw::test::feedStream;

namespace {
constexpr TimeMs kNow = utcTime(2024, 3, 10, 12, 0, 0);

DecodeResult decodeOne(const QByteArray &frame)
{
    return fw::test::decodeFrame(T800xDecoder(), frame, kNow);
}

const DecodedMessage *located(const DecodeResult &r)
{
    for (const DecodedMessage &m : r.messages) {
        if (m.hasLocation)
            return &m;
    }
    return nullptr;
}

// "%%" GPS report 0x02 of 880616898888888.
const QByteArray kGps = QByteArray::fromHex(
    "252502004400010880616898888888000a00ff2001000020409600989910101010055501550000101005"
    "050005051010050558866b4276d6e342912ab441111500051010");
} // namespace

class TstT800x : public QObject
{
    Q_OBJECT
private slots:
    void fullReport()
    {
        const DecodeResult out = decodeOne(kGps);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.first().type, MessageType::Login);
        const DecodedMessage *m = located(out);
        QVERIFY(m);
        QCOMPARE(m->position.uniqueId, QStringLiteral("880616898888888"));
        QCOMPARE(toIso(m->position.deviceTime), QStringLiteral("2005-05-10T10:05:05Z"));
        QVERIFY(std::fabs(m->position.latitude - 22.52078) < 1e-4);
        QVERIFY(std::fabs(m->position.longitude - 113.91887) < 1e-4);
        QVERIFY(out.reply.isEmpty()); // GPS reports get no answer
    }

    void otherFamilies_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("time");
        QTest::newRow("##") << QByteArray::fromHex(
            "232304004200030357367031063979003c03842307d00000c80000050100008000008900890100000017"
            "b100151022121648b8ef0c4422969342cec5944100000110")
                            << QStringLiteral("2015-10-22T12:16:48Z");
        QTest::newRow("&&") << QByteArray::fromHex(
            "262602005308090865284040309670000f000f0f0000005a47c000050100000020000000008bfd002002"
            "2505185300004041dcc9d6c243b3c6410000012712400000000009e2ffffffffffffffffffffffff09")
                            << QStringLiteral("2020-02-25T05:18:53Z");
        QTest::newRow("''") << QByteArray::fromHex(
            "27270200497d880860112047066487470021040702270500006442d4e2e342f671b44100000000800000"
            "8080881dff3900000384700640003c0000001e1e00641e30d2800000000000")
                            << QStringLiteral("2021-04-07T02:27:05Z");
        QTest::newRow("&& behaviour") << QByteArray::fromHex(
            "2626050040031208696160625731520525050817271100000000844d74c260f80bc20000000003602505"
            "08172716ffffffffffffffffffffffff0270ffff0360")
                                      << QStringLiteral("2025-05-08T17:27:11Z");
    }
    void otherFamilies()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, time);
        const DecodeResult out = decodeOne(frame);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage *m = located(out);
        QVERIFY(m);
        QCOMPARE(toIso(m->position.deviceTime), time);
    }

    // What follows the fix: battery and power (0x13/0x14 layouts, the TLW2-2BL), the compact
    // family's battery level, and the cells of a report without a fix (public Traccar samples).
    void tailFields_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("value");
        const QByteArray gps2 = QByteArray::fromHex(
            "252513005909060867284062764958000a02581900640064480000050700000000000000000000ffffff"
            "ffffff00d50004cf180026061510121100c03745a8c24d422ae00e420010011203911297ffffff000028"
            "0003ffffff");
        QTest::newRow("0x13 power") << gps2 << QString() << QStringLiteral("power")
                                    << QVariant(12.97);
        QTest::newRow("0x13 battery") << gps2 << QString() << QStringLiteral("battery")
                                      << QVariant(3.91);
        const QByteArray alarm2 = QByteArray::fromHex(
            "2525140059002d0869084069062093001902581e000000644fc0000500000080010000ffffffffffff00"
            "0000001300000000160125081006080400000a4317cdf4c20fc73c420000000003630263ffff000000"
            "1cffffffffff");
        QTest::newRow("TLW2-2BL power") << alarm2 << QStringLiteral("TLW2-2BL")
                                        << QStringLiteral("power") << QVariant(2.63);
        QTest::newRow("compact battery level")
            << QByteArray::fromHex("2727020049052e086528404072393849002008060310110000000068b7"
                                   "c8c286eaa441000000008000008100001617410700019ce782b0001e00"
                                   "0002581e00000530d4801f00000000")
            << QString() << QStringLiteral("batteryLevel") << QVariant(100);
    }
    void tailFields()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, model);
        QFETCH(QString, key);
        QFETCH(QVariant, value);
        const T800xDecoder dec;
        DecodeContext ctx;
        ctx.now = kNow;
        ctx.model = model;
        DecodeResult out;
        dec.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const QVariant actual = out.messages.last().position.attributes.value(key);
        QVERIFY2(actual.isValid(), qPrintable(key));
        QVERIFY2(std::fabs(actual.toDouble() - value.toDouble()) < 1e-9,
                 qPrintable(actual.toString()));
    }

    void cellsWithoutFix()
    {
        // A "%%" 0x02 report without a fix: the date, then MCC 460, MNC 0 and three cells.
        const QByteArray frame = QByteArray::fromHex(
            "25250200420001088061689888888800000000000000000000000000000000000000000000000000"
            "00000064190101120000cc0100000a0014000b0015000c001600");
        const DecodeResult out = decodeOne(frame);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage &m = out.messages.last();
        QVERIFY(!m.hasLocation);
        const Network n = Network::fromVariant(m.position.attributes.value(attr::network));
        QCOMPARE(n.cellTowers.size(), 3);
        QCOMPARE(n.cellTowers.first().mobileCountryCode, 460);
        QCOMPARE(n.cellTowers.first().locationAreaCode, 10);
        QCOMPARE(n.cellTowers.last().cellId, 22);
    }

    void networkAndResult()
    {
        DecodeResult out = decodeOne(QByteArray::fromHex(
            "272705005e000108664250328807851905301107481054002d004d006f00620069006c00650007434154"
            "2d4e42310a4c54452042414e4420340f3331303234303230303030323330301438393031323430323035"
            "31303030323330303746"));
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.last().position.attributes.value(QStringLiteral("operator")),
                 QVariant(QStringLiteral("T-Mobile")));
        QCOMPARE(out.reply.size(), 15);
        out = decodeOne(QByteArray::fromHex(
            "2525810128000108664250328959160149004d00450049003a0038003600360034003200350030003300"
            "32003800390035003900310036002c005300450054002000560045005200530049004f004e0020004f00"
            "4b002c00560065007200730069006f006e003a00420061007300690063003a00560031002e0030002e00"
            "30002c004100500050003a00560034002e0032002e0033002c004200550049004c0044003a0032003000"
            "310039002d00300033002d00330030002c00300038003a00300035002c0050004c0054003a0032003500"
            "300033004100560045002c00480057003a00560032002e0031002c004d004f00440045004c003a002c00"
            "4d004f00440045004d003a0042003900470036004d0041005200300032004100300037004d0031004700"
            "2300"));
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.last().type, MessageType::CommandResult);
        QVERIFY(out.messages.last().text.startsWith(QStringLiteral("IMEI:866425032895916,SET")));
    }

    void framing()
    {
        const T800xDecoder dec;
        const T800xFrameEncoder enc;
        const QString id = QStringLiteral("880616898888888");
        const QByteArray stream = "zz" + kGps + enc.heartbeat(id, 1) + kGps;
        for (const int chunk : { 1000, 6 }) {
            int garbageCuts = 0;
            const QList<DecodeResult> results = feedStream(dec, stream, chunk, kNow, &garbageCuts);
            QCOMPARE(garbageCuts, 1);
            QCOMPARE(results.size(), 3);
            QVERIFY(located(results[0]));
            QVERIFY(!located(results[1]));
            QCOMPARE(results[1].reply, enc.heartbeat(id, 1));
            QVERIFY(located(results[2]));
        }
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::newRow("not t800x") << QByteArray("hello, this is not a t800x frame");
        QTest::newRow("bad imei") << QByteArray::fromHex("252503000f0001a8806168988888ff");
        QTest::newRow("cut report") << kGps.left(30);
    }
    void malformed()
    {
        QFETCH(QByteArray, frame);
        const DecodeResult out = decodeOne(frame);
        QVERIFY(!out.ok());
        QVERIFY2(out.error.startsWith(QStringLiteral("t800x: ")), qPrintable(out.error));
    }

    void roundTrip_data() { fw::test::addRoundTripRows(); }
    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(bool, valid);
        const T800xFrameEncoder enc;
        const T800xDecoder dec;
        Position p;
        p.deviceTime = utcTime(2024, 2, 29, 23, 59, 58);
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = 42.5;
        p.course = 271;
        p.altitude = 35.5;
        p.satellites = 9;
        p.valid = valid;
        const QString id = QStringLiteral("869616062573152");
        const QByteArray stream = enc.login(id, 1) + enc.position(id, p, 2)
            + enc.heartbeat(id, 3) + enc.alarm(id, p, alarm::sos, 4);
        const QList<DecodeResult> results = feedStream(dec, stream, 5, kNow);
        QCOMPARE(results.size(), 4);
        for (const int i : { 1, 3 }) {
            const DecodeResult &r = results[i];
            QVERIFY2(r.ok(), qPrintable(r.error));
            const DecodedMessage *m = located(r);
            QVERIFY(m);
            QCOMPARE(m->position.uniqueId, id);
            QCOMPARE(m->position.deviceTime, p.deviceTime);
            QCOMPARE(m->position.valid, valid);
            QVERIFY(std::fabs(m->position.latitude - lat) < 1e-5);
            QVERIFY(std::fabs(m->position.longitude - lon) < 1e-5);
            QVERIFY(std::fabs(m->position.speedKph - 42.5) < 1e-9);
            QCOMPARE(m->position.course, 271.0);
            QCOMPARE(m->position.satellites, 9);
        }
        QVERIFY(results[1].reply.isEmpty());
        QCOMPARE(results[3].reply.size(), 16); // alarms are answered with their code
        QCOMPARE(located(results[3])->position.attributes.value(attr::alarm).toString(),
                 alarm::sos);
    }
};

FW_TEST_CLASS(TstT800x)
#include "tst_t800x.moc"
