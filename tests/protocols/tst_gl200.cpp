// Queclink text protocol: fixed reports with one or several points, points without a fix (cell
// only), report types that say ignition or an alarm, status reports (GTINF, GTGSM), the GTHBD
// heartbeat and its answer, framing on '$', errors, and encoder round trips. Reports are
// hand-made or from the public Traccar samples.
#include "DecoderTestSupport.h"
#include "TestMain.h"

#include "StreamFeed.h"
#include "domain/Network.h"
#include "protocols/Gl200Decoder.h"
#include "sim/Gl200FrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;
using fw::test::located;
using fw::test::feedStream;

namespace {
constexpr TimeMs kNow = utcTime(2024, 3, 10, 12, 0, 0);

DecodeResult decodeOne(const QByteArray &frame)
{
    return fw::test::decodeFrame(Gl200Decoder(), frame, kNow);
}

const QByteArray kFri = "+RESP:GTFRI,060228,862894020180553,,,10,1,1,20.0,147,329.7,-62.899703,"
                        "-17.720434,20160309113548,0736,0003,6AAE,5A6D,00,20160309113550,0F69$";
const QByteArray kTwoPoints
    = "+RESP:GTFRI,020102,135790246811220,,0,0,2,1,4.3,92,70.0,121.354335,31.222073,"
      "20090214013254,0460,0000,18d8,6141,00,0,4.3,92,70.0,121.354335,31.222073,20090101000000,"
      "0460,0000,18d8,6141,00,,20090214093254,11F0$";
} // namespace

class TstGl200 : public QObject
{
    Q_OBJECT
private slots:
    void fixedReport()
    {
        const DecodeResult out = decodeOne(kFri);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.first().type, MessageType::Login);
        const auto points = located(out);
        QCOMPARE(points.size(), 1);
        const Position &p = points[0]->position;
        QCOMPARE(p.uniqueId, QStringLiteral("862894020180553"));
        QCOMPARE(toIso(p.deviceTime), QStringLiteral("2016-03-09T11:35:48Z"));
        QVERIFY(p.valid);
        QCOMPARE(p.latitude, -17.720434);
        QCOMPARE(p.longitude, -62.899703);
        QCOMPARE(p.speedKph, 20.0);
        QCOMPARE(p.course, 147.0);
        QCOMPARE(p.altitude, 329.7);
        QCOMPARE(Network::of(p.attributes).cellTowers.value(0),
                 (CellTower { 736, 3, 0x6AAE, 0x5A6D, 0 }));
        QVERIFY(out.reply.isEmpty());
    }

    void severalPoints()
    {
        const DecodeResult out = decodeOne(kTwoPoints);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const auto points = located(out);
        QCOMPARE(points.size(), 2);
        QCOMPARE(toIso(points[1]->position.deviceTime), QStringLiteral("2009-01-01T00:00:00Z"));
        QVERIFY(points[0]->position.valid);
        QVERIFY(!points[1]->position.valid); // HDOP 0: no fix
    }

    void pointWithoutFix()
    {
        const DecodeResult out = decodeOne("+RESP:GTFRI,210102,354524044925825,,1,1,1,,,,,,,,310,"
                                           "410,51bc,ca1dae6,10800,1,20170318214333,0002$");
        QVERIFY2(out.ok(), qPrintable(out.error));
        QVERIFY(located(out).isEmpty());
        const DecodedMessage &m = out.messages.last();
        QCOMPARE(m.type, MessageType::Position);
        QCOMPARE(toIso(m.position.deviceTime), QStringLiteral("2017-03-18T21:43:33Z"));
        QCOMPARE(Network::of(m.position.attributes).cellTowers.value(0),
                 (CellTower { 310, 410, 0x51bc, 0xca1dae6, 0 }));
    }

    void reportTypes_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("value");
        QTest::newRow("GTIGN") << QByteArray("+RESP:GTIGN,060228,862894020180553,,9860,0,0.2,189,"
                                             "420.0,-63.158195,-17.800608,20160309022951,0736,"
                                             "0003,6AD4,3A8C,00,20160309022952,0F2A$")
                               << attr::ignition << QVariant(true);
        QTest::newRow("GTSOS") << QByteArray("+RESP:GTSOS,DF0200,868487004358800,cv100,,00,1,1,"
                                             "0.0,0,138.0,114.015465,22.537372,20210714115224,"
                                             "0460,0001,25F1,A7D4,00,20210714115226,0003$")
                               << attr::alarm << QVariant(alarm::sos);
        QTest::newRow("GTHBM 12") << QByteArray("+RESP:GTHBM,BD0214,869409069481243,cv100,,12,1,"
                                                "1,5.6,344,274.7,-1.601826,6.666228,"
                                                "20250114094616,0620,0001,3EE8,1E7B,00,"
                                                "20250114094617,0012$")
                                  << attr::alarm << QVariant(alarm::hardCornering);
        QTest::newRow("GTPFA") << QByteArray("+RESP:GTPFA,F50201,866425030235982,GL300M,"
                                             "20190208124849,0BD4$")
                               << attr::alarm << QVariant(alarm::powerOff);
    }
    void reportTypes()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, key);
        QFETCH(QVariant, value);
        const DecodeResult out = decodeOne(frame);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.last().position.attributes.value(key), value);
    }

    void statusReports()
    {
        DecodeResult out = decodeOne("+RESP:GTINF,110100,358688000000158,,41,898600810906F8048812,"
                                     "18,99,0,33.23,1,4.19,1,1,1,0,0,20110714104934,100,,,,,"
                                     "20110714104934,0015$");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage &inf = out.messages.last();
        QCOMPARE(inf.type, MessageType::Status);
        QCOMPARE(inf.position.attributes.value(QStringLiteral("iccid")).toString(),
                 QStringLiteral("898600810906F8048812"));
        QCOMPARE(inf.position.attributes.value(attr::rssi).toInt(), 18);
        out = decodeOne("+RESP:GTGSM,400201,862365030025161,STR,0234,0015,003a,62a2,16,,0234,"
                        "0015,003a,56a2,14,,20161129174625,0023$");
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(Network::of(out.messages.last().position.attributes).cellTowers.size(), 2);
    }

    // Fields at fixed places by report type and model (Gl200Reports): public Traccar samples,
    // checked on the last message the report gives.
    void reportFields_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("GTINF power") << QByteArray("+RESP:GTINF,6E0202,868589060187625,RA82,11,89883030000091225018,41,0,1,12349,,4.15,0"
                ",1,0,0,20240328231013,0,0,0,0,00,00,+0000,0,20240328231015,7D4F$")
                << QStringLiteral("power") << QStringLiteral("12.349");
        QTest::newRow("GTINF adc3 GV310LAU") << QByteArray("+RESP:GTINF,6E0202,868589060187625,RA82,11,89883030000091225018,41,0,1,12349,,4.15,0"
                ",1,0,0,20240328231013,0,0,0,0,00,00,+0000,0,20240328231015,7D4F$")
                << QStringLiteral("adc3") << QStringLiteral("0");
        QTest::newRow("GTINF power2") << QByteArray("+RESP:GTINF,C20113,869653060997976,,1A,89464278206103756482,19,0,11,12295,13985,4.25"
                ",0,0,,,20241104220934,0,0,,00,00,,,20241104162009,06D6$")
                << QStringLiteral("power2") << QStringLiteral("13.985");
        QTest::newRow("GTCAN adBlue") << QByteArray("+BUFF:GTCAN,8020050402,867488060267845,,00,1,E00FFFFF,YS2K4X20001928588,1,H149381,42"
                "36.08,0,0,58,,P94.80,,0,529.00,0.03,0.33,0.77,8688,0008,0042,00,00,001FFFFF,P100.00,"
                "5571,,,0,0,,,20,7,0,0.36,0.00,0.00,0,E E05653940B000003,,C*********,,4054MTX,0000,,,"
                "1,0.0,101,698.5,-3.647673,40.481997,20241213113715,0214,0003,04D2,B801,00,2024121311"
                "3715,1A47$")
                << QStringLiteral("adBlueLevel") << QStringLiteral("100");
        QTest::newRow("GTCAN fuel") << QByteArray("+RESP:GTCAN,310701,863286023712855,,10,0,003FFFFF,,2,H46358,12305.50,601,0,83,,P53.0"
                "0,,0,2749.15,0.19,2.80,,,,40,,0,,,20181110103016,2945$")
                << QStringLiteral("fuel") << QStringLiteral("53");
        QTest::newRow("GTVER") << QByteArray("+RESP:GTVER,1A0800,860599000773978,GL300,GL300,0A03,0103,20161007041531,10F8$")
                << QStringLiteral("versionFw") << QStringLiteral("2563");
        QTest::newRow("GTERI uart fuel GV350M") << QByteArray("+RESP:GTERI,F10415,862599050680717,GV350M,00000001,,50,1,1,0.0,274,2963.1,-78.691767"
                ",-0.951295,20250512214226,,,,,,0.0,,,100,210100,,1,1,1,01DF,20250512214226,009D$")
                << QStringLiteral("fuel") << QStringLiteral("479");
        QTest::newRow("GTERI fuel") << QByteArray("+BUFF:GTERI,410502,864802030794634,,00000001,,10,1,1,0.0,0,3027.8,-78.706612,-0.9556"
                "99,20230418170736,0740,0002,A08C,2AB72D,00,0.0,,,,100,110000,1,0099,20230418171004,8"
                "B98$")
                << QStringLiteral("fuel") << QStringLiteral("153");
        QTest::newRow("GTERI 1-Wire") << QByteArray("+RESP:GTERI,271002,863457051562823,,00000002,,10,1,1,0.0,15,28.2,-58.695253,-34.6254"
                "13,20230119193305,0722,0007,1168,16B3BB,00,0.0,,,,99,210100,2,1,28F8A149F69A3C25,1,0"
                "190,20230119193314,07C7$")
                << QStringLiteral("temp1") << QStringLiteral("25");
        QTest::newRow("GTERI GL500M battery") << QByteArray("+RESP:GTERI,DE0115,865284042104863,gl500m,00000100,0,0,1,2,0.0,0,36.9,-1.844589,52.1"
                "77779,20201006125701,0234,0015,0135,34A1,19,0,,79,1,,0,20201006125723,184D$")
                << QStringLiteral("batteryLevel") << QStringLiteral("79");
        QTest::newRow("GTFRI device status") << QByteArray("+RESP:GTFRI,8020040703,866314060299813,,,10,1,1,0.0,275,937.7,-68.891157,-33.008722,"
                "20260514010456,,,,,00,,,,,,100,110000,,,,20260514010458,BBCE$")
                << QStringLiteral("batteryLevel") << QStringLiteral("100");
        QTest::newRow("GTFRI input") << QByteArray("+RESP:GTFRI,380903,869606020188383,,,40,1,2,43.4,80,252.4,8.606297,50.700200,2020072"
                "1090109,0262,0001,1932,1BA4,00,0.0,,,,0,220100,,,,20200721090110,00B9$")
                << QStringLiteral("ignition") << QStringLiteral("true");
        QTest::newRow("GTFRI Wi-Fi") << QByteArray("+RESP:GTFRI,423037,866884047716519,GT501,0,1,1,5,12,0.1,0,46.8,-95.559173,30.109955,"
                "20231110185836,6,0e36c9916485,-50,,,,e831cd5eb79d,-73,,,,ccf4110c4bd5,-79,,,,acdb489"
                "73168,-79,,,,80ab4dc323c4,-82,,,,ec8eb5cfa1c6,-89,,,,310,10,711D,81ECF0F,00,,93,2023"
                "1110185839,0005$")
                << QStringLiteral("batteryLevel") << QStringLiteral("93");
        QTest::newRow("GTFRI signal") << QByteArray("+RESP:GTFRI,423031,866873025895726,,0,1,1,0,1,16,0.0,351,51.6,121.391063,31.164633,2"
                "0181212072535,460,00,1877,DAE,00,3,85,20181212072535,002C$")
                << QStringLiteral("batteryLevel") << QStringLiteral("85");
        QTest::newRow("GTFRI GL5xx") << QByteArray("+RESP:GTFRI,DE0114,865284042140479,,0,0,1,1,0.0,0,28.0,-118.268093,33.975430,2020090"
                "1105954,0311,0480,3500,00D07F02,18,0,,93,0,,,20200901110000,0355$")
                << QStringLiteral("batteryLevel") << QStringLiteral("93");
        QTest::newRow("GTCTN battery first") << QByteArray("+RESP:GTCTN,440200,866427030007379,NOKIA3,0,0,2,,9,1,0.1,174,48.7,-1.061812,51.43527"
                "0,20190717080549,0234,0015,0025,145A,,,0000,20190717081008,1D3B$")
                << QStringLiteral("batteryLevel") << QStringLiteral("9");
        QTest::newRow("GTNMR battery") << QByteArray("+RESP:GTNMR,423033,355197370058831,,0,0,0,1,0,0.0,298,182.7,-79.257983,43.875152,202"
                "20627132020,,,,,15,0,74,20220627144928,03CF$")
                << QStringLiteral("batteryLevel") << QStringLiteral("74");
        QTest::newRow("GTBAA") << QByteArray("+RESP:GTBAA,F1040C,862599050497393,GV350M,FF,3,0,04,000A,780541256AE9,3065,0,0.0,213"
                ",2908.3,-78.691944,-0.951426,20230511173150,,,,,,20230511175001,0159$")
                << QStringLiteral("accessoryVoltage") << QStringLiteral("3.065");
        QTest::newRow("GTBID") << QByteArray("+RESP:GTBID,C20105,866833040163013,GV350M,1,0,000A,B80EA11FF800,2934,0,0.0,0,1506.5,"
                "-99.192686,18.932709,20221026025339,0334,0020,0232,029D4E02,,20221026181026,9F1D$")
                << QStringLiteral("accessoryVoltage") << QStringLiteral("2.934");
        QTest::newRow("GTDAR") << QByteArray("+RESP:GTDAR,F10406,865284049582228,,4,0,,,1,18.5,0,129.4,114.015430,22.537279,202109"
                "22004634,0460,0000,27BD,0DFC,,,,20210922004635,082B$")
                << QStringLiteral("warningType") << QStringLiteral("4");
        QTest::newRow("GTDTT fuel") << QByteArray("+RESP:GTDTT,410502,864802030541621,,,,1,35,45637561747261636b0d0a434f4d422c302c39342"
                "e302c2d312e302c2c2c4844430d0a,20230421034626,EA2E$")
                << QStringLiteral("fuel") << QStringLiteral("94");
        QTest::newRow("GTDAT data") << QByteArray("+RESP:GTDAT,270B01,867162027893742,gv300w,1,,,>I:5014|DB|607|0|0.00|0.00|0.00|0|0|0|"
                "0|1679|4|<,0,37.6,184,1940.4,-101.041169,22.143452,20240726234344,0334,0020,2F03,BDB"
                "2E4B,00,,,,,20240726234346,4CFE$")
                << QStringLiteral("data") << QStringLiteral(">I:5014|DB|607|0|0.00|0.00|0.00|0|0|0|0|1679|4|<");
        QTest::newRow("ACK result") << QByteArray("+ACK:GTRTO,1A0800,860599000773978,GL300,VER,FFFF,20161006053520,0C19$")
                << QStringLiteral("result") << QStringLiteral("+ACK:GTRTO");
    }
    void reportFields()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, key);
        QFETCH(QString, value);
        const DecodeResult out = decodeOne(frame);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QVERIFY(!out.messages.isEmpty());
        const QVariant actual = out.messages.last().position.attributes.value(key);
        QVERIFY2(actual.isValid(), qPrintable(key + QStringLiteral(" absent")));
        bool number = false;
        const double expected = value.toDouble(&number);
        if (number && actual.typeId() != QMetaType::QString)
            QVERIFY2(std::fabs(actual.toDouble() - expected) < 1e-9, qPrintable(actual.toString()));
        else
            QCOMPARE(actual.toString(), value);
    }

    void heartbeat()
    {
        const DecodeResult out
            = decodeOne("+ACK:GTHBD,1A0401,135790246811220,,20100214093254,11F0$");
        QVERIFY2(out.ok(), qPrintable(out.error));
        QVERIFY(located(out).isEmpty());
        QCOMPARE(out.reply, QByteArray("+SACK:GTHBD,1A0401,11F0$"));
    }

    void framing()
    {
        const Gl200Decoder dec;
        const QByteArray stream = "junk" + kFri + "\r\n" + kTwoPoints
            + "+ACK:GTHBD,1A0401,135790246811220,,20100214093254,11F0$" + kFri;
        for (const int chunk : { 1000, 9 }) {
            int garbageCuts = 0;
            const QList<DecodeResult> results = feedStream(dec, stream, chunk, kNow, &garbageCuts);
            QCOMPARE(garbageCuts, 1);
            QCOMPARE(results.size(), 4);
            QCOMPARE(located(results[0]).size(), 1);
            QCOMPARE(located(results[1]).size(), 2);
            QVERIFY(located(results[2]).isEmpty());
            QCOMPARE(located(results[3]).size(), 1);
        }
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::newRow("binary form") << QByteArray::fromHex("2b4556540c00fc1fbf005c45");
        QTest::newRow("bad id") << QByteArray("+RESP:GTFRI,060228,8628-94020,,,10$");
        QTest::newRow("short") << QByteArray("+RESP:GTFRI$");
        QTest::newRow("binary byte") << QByteArray("+RESP:GTFRI,060228,\xff,1$");
    }
    void malformed()
    {
        QFETCH(QByteArray, frame);
        const DecodeResult out = decodeOne(frame);
        QVERIFY(!out.ok());
        QVERIFY2(out.error.startsWith(QStringLiteral("gl200: ")), qPrintable(out.error));
    }

    void roundTrip_data() { fw::test::addRoundTripRows(); }
    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(bool, valid);
        const Gl200FrameEncoder enc;
        const Gl200Decoder dec;
        Position p;
        p.deviceTime = utcTime(2024, 2, 29, 23, 59, 58);
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = 42.5;
        p.course = 271;
        p.altitude = 35.5;
        p.valid = valid;
        const QString id = QStringLiteral("862894020180553");
        const QByteArray stream = enc.login(id, 1) + enc.position(id, p, 2)
            + enc.heartbeat(id, 3) + enc.alarm(id, p, alarm::sos, 4);
        const QList<DecodeResult> results = feedStream(dec, stream, 5, kNow);
        QCOMPARE(results.size(), 3);
        for (const int i : { 0, 2 }) {
            const DecodeResult &r = results[i];
            QVERIFY2(r.ok(), qPrintable(r.error));
            QCOMPARE(located(r).size(), 1);
            const Position &q = located(r)[0]->position;
            QCOMPARE(q.uniqueId, id);
            QCOMPARE(q.deviceTime, p.deviceTime);
            QCOMPARE(q.valid, valid);
            QVERIFY(std::fabs(q.latitude - lat) < 1e-6);
            QVERIFY(std::fabs(q.longitude - lon) < 1e-6);
            QCOMPARE(q.speedKph, 42.5);
            QCOMPARE(q.course, 271.0);
            QCOMPARE(q.altitude, 35.5);
        }
        QVERIFY(located(results[1]).isEmpty());
        QVERIFY(!results[1].reply.isEmpty());
        QCOMPARE(located(results[2])[0]->position.attributes.value(attr::alarm).toString(),
                 alarm::sos);
    }
};

FW_TEST_CLASS(TstGl200)
#include "tst_gl200.moc"
