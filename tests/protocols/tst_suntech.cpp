// Suntech: the legacy ST300/ST600/SA200 reports, ST4xx cell reports, ST910, the universal
// text form (field mask) and its binary form, UEX user data, command results, framing (CR, a
// UEX block holding CR LF, binary lengths), errors, and encoder round trips. Reports are
// hand-made or from the public Traccar samples.
#include "DecoderTestSupport.h"
#include "TestMain.h"

#include "StreamFeed.h"
#include "domain/Network.h"
#include "protocols/SuntechDecoder.h"
#include "sim/SuntechFrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;
using fw::test::feedStream;

namespace {
constexpr TimeMs kNow = utcTime(2024, 3, 10, 12, 0, 0);

DecodeResult decodeOne(const QByteArray &frame)
{
    return fw::test::decodeFrame(SuntechDecoder(), frame, kNow);
}

const DecodedMessage *located(const DecodeResult &r)
{
    for (const DecodedMessage &m : r.messages) {
        if (m.hasLocation)
            return &m;
    }
    return nullptr;
}

const DecodedMessage *last(const DecodeResult &r)
{
    return r.messages.isEmpty() ? nullptr : &r.messages.last();
}

const QByteArray kSt300 = "ST300STT;205027329;03;374;20150108;17:54:42;177b38;-23.566052;"
                          "-046.477588;012.500;090.00;7;1;4321;12.11;100000;1;0312";
const QByteArray kSt600 = "ST600STT;008084783;20;419;20180308;18:00:36;0032cc3e;736;3;445c;41;"
                          "-16.530023;-068.084267;018.640;267.99;10;1;11655;13.33;100000;2;1";
const QByteArray kUniversal = "STT;0560001616;BFFFFF;56;1.0.15;1;20200219;20:52:25;00008D6C;334;"
                              "20;0925;24;+20.741764;-103.430364;0.00;0.00;19;1;00000001;"
                              "00000000;2;1;1765;00008003;0.0;12.14;136598";
} // namespace

class TstSuntech : public QObject
{
    Q_OBJECT
private slots:
    void legacySt300()
    {
        const DecodeResult out = decodeOne(kSt300);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.first().type, MessageType::Login);
        const DecodedMessage *m = located(out);
        QVERIFY(m);
        const Position &p = m->position;
        QCOMPARE(p.uniqueId, QStringLiteral("205027329"));
        QCOMPARE(toIso(p.deviceTime), QStringLiteral("2015-01-08T17:54:42Z"));
        QVERIFY(p.valid);
        QCOMPARE(p.latitude, -23.566052);
        QCOMPARE(p.longitude, -46.477588);
        QCOMPARE(p.speedKph, 12.5);
        QCOMPARE(p.course, 90.0);
        QCOMPARE(p.satellites, 7);
        QCOMPARE(p.attributes.value(attr::odometer).toInt(), 4321);
        QCOMPARE(p.attributes.value(attr::power).toDouble(), 12.11);
        QCOMPARE(p.attributes.value(attr::ignition).toBool(), true);
        QCOMPARE(p.attributes.value(attr::index).toInt(), 312);
        QVERIFY(out.reply.isEmpty());
    }

    void st600Cell()
    {
        const DecodeResult out = decodeOne(kSt600);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage *m = located(out);
        QVERIFY(m);
        QCOMPARE(m->position.latitude, -16.530023);
        const Network n = Network::of(m->position.attributes);
        QCOMPARE(n.cellTowers.value(0), (CellTower { 736, 3, 0x445c, 0x32cc3e, 41 }));
    }

    void emergencyAndAlert_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("alarmName");
        QTest::newRow("EMG 1") << QByteArray("SA200EMG;317652;042;20120718;15:35:41;16d41;"
                                             "-15.618740;-056.083252;000.034;000.00;8;1;41548;"
                                             "12.17;110000;1")
                               << alarm::sos;
        QTest::newRow("ALT 41") << QByteArray("ST300ALT;205174410;14;712;20110101;00:00:07;00000;"
                                              "+20.593923;-100.336716;000.000;000.00;0;0;0;16.57;"
                                              "000000;41;000000;4.0;0")
                                << alarm::powerCut;
        QTest::newRow("ST910") << QByteArray("ST910;Emergency;205576803;500;20170319;12:15:22;"
                                             "-22.846014;-046.322176;000.000;000.00;0;2")
                               << alarm::general;
        QTest::newRow("universal 42")
            << QByteArray("ALT;0950030205;3FFFFF;95;1.0.11;0;20221017;21:41:30;02F2F402;334;20;"
                          "0F1D;45;+25.791061;-100.170745;0.00;0.00;18;1;00000101;00000000;42;2;")
            << alarm::sos;
    }
    void emergencyAndAlert()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, alarmName);
        const DecodeResult out = decodeOne(frame);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage *m = located(out);
        QVERIFY(m);
        QCOMPARE(m->type, MessageType::Event);
        QCOMPARE(m->position.attributes.value(attr::alarm).toString(), alarmName);
    }

    void universalMask()
    {
        const DecodeResult out = decodeOne(kUniversal);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage *m = located(out);
        QVERIFY(m);
        const Attributes &a = m->position.attributes;
        QCOMPARE(toIso(m->position.deviceTime), QStringLiteral("2020-02-19T20:52:25Z"));
        QCOMPARE(m->position.satellites, 19);
        QCOMPARE(a.value(QStringLiteral("input")).toInt(), 1);
        QCOMPARE(a.value(attr::index).toInt(), 1765);
        QCOMPARE(a.value(QStringLiteral("versionFw")).toString(), QStringLiteral("1.0.15"));
        QCOMPARE(Network::of(a).cellTowers.value(0).cellId, 0x8D6C);
    }

    void st4Cells()
    {
        const DecodeResult out = decodeOne(
            "ST410STT;007272376;408;01;21651;732;123;-65;1824;1;21654;732;123;1824;0;0;0;0;0;0;0;"
            "0;0;0;0;0;0;0;0;0;0;0;0;0;0;0;0;0;0;0;0;0;0;0;0;0;3.8;1;2503;6;20181031;20:12:58;"
            "+04.741277;-074.048238;052.375;189.87;20;1");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage *m = located(out);
        QVERIFY(m);
        QCOMPARE(m->position.latitude, 4.741277);
        QCOMPARE(m->position.attributes.value(attr::battery).toDouble(), 3.8);
        const Network n = Network::of(m->position.attributes);
        QCOMPARE(n.cellTowers.size(), 2);
        QCOMPARE(n.cellTowers.value(1), (CellTower { 732, 123, 1824, 21654, 0 }));
    }

    void userData()
    {
        DecodeResult out = decodeOne(
            "ST600UEX;008728327;20;568;20200602;17:10:03;0bf1a893;334;20;2f19;23;+20.514492;"
            "-100.743221;000.033;000.00;12;1;41564973;13.17;000000;44;t_0=1C;N_0=0419.0;t_1=22;"
            "N_1=0001.0;Q_D=09\n\r;76;113771;4.1;1");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const Attributes &a = located(out)->position.attributes;
        QCOMPARE(a.value(QStringLiteral("fuel")).toDouble(), 1050.0);
        QCOMPARE(a.value(QStringLiteral("temp1")).toInt(), 0x22);
        QCOMPARE(a.value(QStringLiteral("drivingQuality")).toInt(), 9);
        out = decodeOne("ST300UEX;511331307;45;311;20210420;12:41:01;12361;-01.280825;-047.931773;"
                        "000.000;000.00;16;1;0;12.54;000000;23;GTSL|6|1|0|9255143|1|;3E");
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(located(out)->position.attributes.value(QStringLiteral("driverUniqueId")),
                 QVariant(QStringLiteral("9255143")));
    }

    void meterTail()
    {
        // Engine minutes, backup battery, live flag, one analog input.
        DecodeResult out = decodeOne(
            "ST600STT;008594432;20;492;20200212;18:58:30;060bb0e1;334;20;36bb;45;+19.337897;"
            "-099.064489;000.398;000.00;12;1;5049883;13.61;100100;2;1198;013762;4.2;1;4.68");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const Attributes &a = located(out)->position.attributes;
        QCOMPARE(a.value(QStringLiteral("hours")).toLongLong(), 13762LL * 60000);
        QCOMPARE(a.value(attr::battery).toDouble(), 4.2);
        QCOMPARE(a.value(QStringLiteral("adc1")).toDouble(), 4.68);
        QVERIFY(!a.contains(attr::archive));
        // rpm and a driver's iButton; then temperatures after a blank driver.
        out = decodeOne("ST300STT;100850000;01;010;20081017;07:41:56;00100;+37.478519;"
                        "+126.886819;000.012;000.00;9;1;0;15.30;001100;1;0072;0;4.5;0;1750;"
                        "012497F1160000;1");
        const Attributes &b = located(out)->position.attributes;
        QCOMPARE(b.value(QStringLiteral("rpm")).toInt(), 1750);
        QCOMPARE(b.value(QStringLiteral("driverUniqueId")).toString(),
                 QStringLiteral("012497F1160000"));
        QVERIFY(b.value(attr::archive).toBool());
        out = decodeOne("ST300STT;205173382;07;564;20160322;23:23:18;232e19;+19.288278;"
                        "-099.128750;000.122;000.00;9;1;478391;11.53;000100;1;9498;079324;4.3;1;"
                        "0.00;0.00;0.00;00000000000000;0;2898E16006000058:-20.8;"
                        "2861626006000039:+2.5;:");
        const Attributes &c = located(out)->position.attributes;
        QVERIFY(!c.contains(QStringLiteral("driverUniqueId")));
        QCOMPARE(c.value(QStringLiteral("temp1")).toDouble(), -20.8);
        QCOMPARE(c.value(QStringLiteral("temp2")).toDouble(), 2.5);
        QVERIFY(!c.contains(QStringLiteral("temp3")));
        // A report without the tail keeps none of it.
        out = decodeOne(kSt300);
        QVERIFY(!located(out)->position.attributes.contains(QStringLiteral("hours")));
    }

    void binaryReport()
    {
        const QByteArray frame = QByteArray::fromHex(
            "81004e05200013383fffff3401000301130a0512080400000000000000000000000047f9d5846a0681"
            "0072225214010100020300a8002604c1000004b000000470000002");
        const DecodeResult out = decodeOne(frame.left(81));
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage *m = located(out);
        QVERIFY(m);
        QCOMPARE(m->position.uniqueId, QStringLiteral("0520001338"));
        QCOMPARE(toIso(m->position.deviceTime), QStringLiteral("2019-10-05T18:08:04Z"));
        QVERIFY(m->position.latitude > 0.0 && m->position.longitude < 0.0);
    }

    // The 0x02 compact ("zip") report 0x10 (public Traccar sample): degrees plus BCD
    // millionths, signs in the flag byte, speed and course with BCD hundredths.
    void compactReport()
    {
        const QByteArray frame = QByteArray::fromHex(
            "02003210511340877028813f180c170016041051290c0635652d793653000038001a30e601665e56"
            "0000000100750002712704000103");
        const DecodeResult out = decodeOne(frame);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage *m = located(out);
        QVERIFY(m);
        QCOMPARE(m->position.uniqueId, QStringLiteral("511340877"));
        QCOMPARE(toIso(m->position.deviceTime), QStringLiteral("2024-12-23T00:22:04Z"));
        QVERIFY(m->position.valid);
        QVERIFY(std::fabs(m->position.latitude + 12.063565) < 1e-9);
        QVERIFY(std::fabs(m->position.longitude + 45.793653) < 1e-9);
        QVERIFY(std::fabs(m->position.speedKph - 0.38 * kKnotsToKph) < 1e-9);
        QVERIFY(std::fabs(m->position.course - 26.3) < 1e-9);
        QCOMPARE(m->position.attributes.value(attr::odometer).toLongLong(), 0x01665e56);
        QCOMPARE(m->position.attributes.value(attr::event).toInt(), 1);
        // Cut short, or another compact type: no position.
        QVERIFY(!located(decodeOne(frame.left(40))));
        QByteArray other = frame;
        other[3] = 0x11;
        QVERIFY(!located(decodeOne(other)));
    }

    void resultsAndKeepAlive()
    {
        DecodeResult out = decodeOne("ST300CMD;Res;511848119;319H;Disable1");
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(last(out)->type, MessageType::CommandResult);
        QCOMPARE(last(out)->position.attributes.value(attr::result).toString(),
                 QStringLiteral("319H;Disable1"));
        out = decodeOne("RES;4309999001;04;02;TEST");
        QCOMPARE(last(out)->position.attributes.value(attr::result).toString(),
                 QStringLiteral("04;02;TEST"));
        out = decodeOne("SA200ALV;317652");
        QVERIFY(out.ok() && !located(out));
        out = decodeOne("-Error");
        QVERIFY(out.ok() && out.messages.isEmpty());
    }

    void framing()
    {
        const SuntechDecoder dec;
        const QByteArray uex = "ST300UEX;511248287;45;311;20220701;18:42:08;14c943;-22.975257;"
                               "-043.373065;000.000;000.00;0;0;0;12.14;100010;19;"
                               "RFID:008FB2BEBA39\r\n;3E;000135;4.1;1;00000000000000;0\r";
        const QByteArray binary = QByteArray::fromHex(
            "81004e05200013383fffff3401000301130a0512080400000000000000000000000047f9d5846a0681"
            "0072225214010100020300a8002604c1000004b000000470000002");
        const QByteArray stream = kSt300 + '\r' + uex + binary.left(81) + "ST300ALV;205027329\r"
            + kSt600 + "\r\n";
        for (const int chunk : { 1000, 7 }) {
            const QList<DecodeResult> results = feedStream(dec, stream, chunk, kNow);
            QCOMPARE(results.size(), 5);
            QVERIFY(located(results[0]));
            QVERIFY(located(results[1]));
            QCOMPARE(located(results[1])->position.attributes.value(QStringLiteral("serial")),
                     QVariant(QStringLiteral("RFID:008FB2BEBA39")));
            QVERIFY(located(results[2]));
            QVERIFY(!located(results[3]));
            QVERIFY(located(results[4]));
        }
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::newRow("bad date") << QByteArray(kSt300).replace("20150108", "2015x108");
        QTest::newRow("bad latitude") << QByteArray(kSt300).replace("-23.566052", "-93.5");
        QTest::newRow("bad id") << QByteArray(kSt300).replace("205027329", "20502 329");
        QTest::newRow("bad mask") << QByteArray(kUniversal).replace("BFFFFF", "XYZ");
        QTest::newRow("short ST4") << QByteArray("ST410STT;007272376;408;01;1;2;3");
        QTest::newRow("binary byte") << QByteArray("ST300STT;\xff;1");
        QTest::newRow("other protocol") << QByteArray("imei:359710049092324,tracker,240310;");
        QTest::newRow("short binary")
            << QByteArray::fromHex("81001005200013383fffff34010003011305");
    }
    void malformed()
    {
        QFETCH(QByteArray, frame);
        const DecodeResult out = decodeOne(frame);
        QVERIFY(!out.ok());
        QVERIFY2(out.error.startsWith(QStringLiteral("suntech: ")), qPrintable(out.error));
    }

    void roundTrip_data() { fw::test::addRoundTripRows(); }
    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(bool, valid);
        const SuntechFrameEncoder enc;
        const SuntechDecoder dec;
        Position p;
        p.deviceTime = utcTime(2024, 2, 29, 23, 59, 58);
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = 42.5;
        p.course = 271.5;
        p.satellites = 9;
        p.valid = valid;
        const QString id = QStringLiteral("205027329");
        const QByteArray stream = enc.login(id, 1) + enc.position(id, p, 2)
            + enc.heartbeat(id, 3) + enc.alarm(id, p, alarm::sos, 4);
        const QList<DecodeResult> results = feedStream(dec, stream, 5, kNow);
        QCOMPARE(results.size(), 3);
        for (const int i : { 0, 2 }) {
            const DecodeResult &r = results[i];
            QVERIFY2(r.ok(), qPrintable(r.error));
            const DecodedMessage *m = located(r);
            QVERIFY(m);
            QCOMPARE(m->position.uniqueId, id);
            QCOMPARE(m->position.deviceTime, p.deviceTime);
            QCOMPARE(m->position.valid, valid);
            QVERIFY(std::fabs(m->position.latitude - lat) < 1e-6);
            QVERIFY(std::fabs(m->position.longitude - lon) < 1e-6);
            QVERIFY(std::fabs(m->position.speedKph - 42.5) < 0.01);
            QCOMPARE(m->position.course, 271.5);
            QCOMPARE(m->position.satellites, 9);
        }
        QVERIFY(!located(results[1]));
        QCOMPARE(located(results[2])->position.attributes.value(attr::alarm).toString(),
                 alarm::sos);
    }
};

FW_TEST_CLASS(TstSuntech)
#include "tst_suntech.moc"
