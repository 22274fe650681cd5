// TK103 bracket protocol: framing (garbage, "$...$" texts holding ")", split streams), the
// compact and comma forms, alarms, battery and BMS reports, cells and Wi-Fi, the handshake and
// login answers byte for byte, and encoder round trips over both id forms. Frames are written
// by hand from the layout in Tk103Decoder.h; a few come from the public Traccar samples.
#include "TestMain.h"

#include "StreamFeed.h"
#include "domain/Network.h"
#include "protocols/Tk103Decoder.h"
#include "sim/Tk103FrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;
using fw::test::feedStream;

namespace {
constexpr TimeMs kNow = utcTime(2024, 3, 10, 12, 0, 0);

DecodeResult decodeOne(const QByteArray &frame, DecodeContext *context = nullptr)
{
    const Tk103Decoder dec;
    DecodeContext local;
    local.now = kNow;
    DecodeContext &ctx = context ? *context : local;
    DecodeResult out;
    dec.decode(frame, ctx, out);
    return out;
}

const DecodedMessage *firstLocated(const DecodeResult &r)
{
    for (const DecodedMessage &m : r.messages) {
        if (m.hasLocation)
            return &m;
    }
    return nullptr;
}
} // namespace

class TstTk103 : public QObject
{
    Q_OBJECT
private slots:
    void info()
    {
        const Tk103Decoder dec;
        QCOMPARE(dec.info().name, QStringLiteral("tk103"));
        QCOMPARE(dec.info().defaultPort, quint16(5002));
        QVERIFY(dec.info().tcp && dec.info().udp && dec.info().textual);
    }

    void positions_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("time");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("speedKph");
        QTest::addColumn<double>("course");
        // Compact: YYMMDD, speed in km/h (5), hhmmss, course (6), status, fuel, odometer.
        QTest::newRow("compact BR00")
            << QByteArray("(088047365460BR00151024A2555.3531S02855.3329E004.7055148276.1701000000L00009AA3)")
            << "088047365460" << "2015-10-24T05:51:48Z" << true << -25.922552 << 28.922215
            << 4.7 << 276.17;
        QTest::newRow("compact, spaces in the coordinates")
            << QByteArray("(027023361470BR00200617A4000.5775N 8415.4076W 46.0173725 87.3101000000L00000000)")
            << "027023361470" << "2020-06-17T17:37:25Z" << true << 40.009625 << -84.256793
            << 46.0 << 87.31;
        QTest::newRow("11-digit id")
            << QByteArray("(01602009983BR00160830V1855.7022S4817.8731W000.0002729000.0010000000L00000000)")
            << "01602009983" << "2016-08-30T00:27:29Z" << false << -18.92837 << -48.297885
            << 0.0 << 0.0;
        QTest::newRow("comma form DDMMYY")
            << QByteArray("(352606090042050,BP05,240414,A,4527.3513N,00909.9758E,4.80,112825,155.49)")
            << "352606090042050" << "2014-04-24T11:28:25Z" << true << 45.455855 << 9.166263
            << 4.8 << 155.49;
        QTest::newRow("comma form, 5 decimals")
            << QByteArray("(864768010869060,DW30,050117,A,5135.82713N,00001.17918E,0.089,154745,000.0,43.40,12)")
            << "864768010869060" << "2017-01-05T15:47:45Z" << true << 51.597119 << 0.019653
            << 0.089 << 0.0;
        QTest::newRow("month rolls over")
            << QByteArray("(013612345678BO012061830A2934.0133N10627.2544E040.0080331309.6200000000L000770AD)")
            << "013612345678" << "2007-06-30T08:03:31Z" << true << 29.566888 << 106.454240
            << 40.0 << 309.62;
    }
    void positions()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, id);
        QFETCH(QString, time);
        QFETCH(bool, valid);
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(double, speedKph);
        QFETCH(double, course);
        const DecodeResult out = decodeOne(frame);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage *m = firstLocated(out);
        QVERIFY(m);
        QCOMPARE(m->position.uniqueId, id);
        QCOMPARE(toIso(m->position.deviceTime), time);
        QCOMPARE(m->position.valid, valid);
        QVERIFY2(std::fabs(m->position.latitude - lat) < 1e-5, qPrintable(QString::number(m->position.latitude, 'f', 6)));
        QVERIFY2(std::fabs(m->position.longitude - lon) < 1e-5, qPrintable(QString::number(m->position.longitude, 'f', 6)));
        QCOMPARE(m->position.speedKph, speedKph);
        QCOMPARE(m->position.course, course);
    }

    void statusFields()
    {
        const DecodeResult out = decodeOne(
            "(088047365460BR00151024A2555.3531S02855.3329E004.7055148276.1701900A2BL00009AA3+021.5)");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const Attributes &a = firstLocated(out)->position.attributes;
        QCOMPARE(a.value(attr::charge), QVariant(true));
        QCOMPARE(a.value(attr::ignition), QVariant(true));
        QCOMPARE(a.value(QStringLiteral("blocked")).toInt(), 1); // io 9: bit 3 and bit 0
        QCOMPARE(a.value(QStringLiteral("in2")).toInt(), 1);
        QCOMPARE(a.value(QStringLiteral("fuel")).toInt(), 0xA2B);
        QCOMPARE(a.value(attr::odometer).toLongLong(), 0x9AA3);
        QCOMPARE(a.value(QStringLiteral("temp1")).toDouble(), 21.5);
    }

    void alarms_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("alarm");
        QTest::newRow("BO01 sos")
            << QByteArray("(013666666666BO012110925A1234.5678N01234.5678W000.0025948118.7200000000L000024DE)")
            << alarm::sos;
        QTest::newRow("BQ81 ALARM overspeed")
            << QByteArray("(044027395704BQ81,ALARM,1,164,151101A2238.5237N11349.4571E0.7031241010.0000,00000000)")
            << alarm::overspeed;
        QTest::newRow("ZC11 movement")
            << QByteArray("(013632651491,ZC11,040613,A,2234.0297N,11405.9101E,000.0,040137,178.48)")
            << alarm::movement;
        QTest::newRow("ZC13 power cut")
            << QByteArray("(013632651491,ZC13,040613,A,2234.0297N,11405.9101E,000.0,040137,178.48)")
            << alarm::powerCut;
    }
    void alarms()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, alarm);
        const DecodeResult out = decodeOne(frame);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage *m = firstLocated(out);
        QVERIFY(m);
        QCOMPARE(m->type, MessageType::Event);
        QCOMPARE(m->position.attributes.value(attr::alarm).toString(), alarm);
    }

    // The answers the devices wait for: BP00 -> AP01HSO, BP05 -> AP05 (compact ids only).
    void acknowledgements_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QByteArray>("reply");
        QTest::newRow("handshake") << QByteArray("(027044702512BP00027044702512HSO01A4)")
                                   << QByteArray("(027044702512AP01HSO)");
        QTest::newRow("login with position")
            << QByteArray("(088048003342BP05354188048003342150917A1352.9801N10030.9050E000.0103115265.5600010000L000003F9)")
            << QByteArray("(088048003342AP05)");
        QTest::newRow("report: no answer")
            << QByteArray("(088048003342BR00150917A1352.9801N10030.9050E000.0103224000.0000010000L000003F9)")
            << QByteArray();
        QTest::newRow("comma form: no answer")
            << QByteArray("(352606090042050,BP05,240414,A,4527.3513N,00909.9758E,4.80,112825,155.49)")
            << QByteArray();
    }
    void acknowledgements()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QByteArray, reply);
        const DecodeResult out = decodeOne(frame);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.reply, reply);
    }

    void handshakeThenKeepAlive()
    {
        DecodeContext ctx;
        ctx.now = kNow;
        DecodeResult out = decodeOne("(027044702512BP00027044702512HSO)", &ctx);
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].type, MessageType::Login);
        QCOMPARE(ctx.uniqueId, QStringLiteral("027044702512"));
        out = decodeOne("(027044702512BP00HSO)", &ctx);
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].type, MessageType::Heartbeat);
    }

    void battery()
    {
        const DecodeResult out = decodeOne("(013632651491,ZC20,180716,144222,6,392,65535,255)");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage &m = out.messages.last();
        QCOMPARE(m.type, MessageType::Status);
        QCOMPARE(m.position.attributes.value(attr::batteryLevel).toInt(), 100);
        QCOMPARE(m.position.attributes.value(attr::battery).toDouble(), 3.92);
        QVERIFY(!m.position.attributes.contains(attr::power)); // 65535: not measured
        QCOMPARE(toIso(m.position.deviceTime), QStringLiteral("2016-07-18T14:42:22Z"));
    }

    void batteryManagement()
    {
        // BS51 items: 0x90 pack 53.3 V, current (30075 - 30000) / 10 = 7.5 A, 47.6 %;
        // 0x92 temperatures +40.
        const DecodeResult out = decodeOne(
            "(007030201454BS5190:150200007B75DC01,92:42014201DC0A01DC)");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const Attributes &a = out.messages.last().position.attributes;
        QCOMPARE(a.value(QStringLiteral("cumulativeVoltage")).toDouble(), 53.3);
        QCOMPARE(a.value(QStringLiteral("current")).toDouble(), 7.5);
        QCOMPARE(a.value(QStringLiteral("soc")).toDouble(), 47.6);
        QCOMPARE(a.value(QStringLiteral("maxTemp")).toInt(), 26);
        QVERIFY(!decodeOne("(007030201454BS50ZZ)").ok());
    }

    void cellsAndWifi()
    {
        DecodeResult out = decodeOne(
            "(864555555555555,DW51,200,1,3215,43370,2,58:F3:BB:3B:AA:82*-65*1,"
            "1C:6A:BB:AA:81:95*-78*1,151117,154419)");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage &m = out.messages.last();
        QVERIFY(!m.hasLocation);
        QCOMPARE(m.position.attributes.value(attr::alarm).toString(), alarm::movement);
        Network n = Network::of(m.position.attributes);
        QCOMPARE(n.cellTowers.size(), 1);
        QCOMPARE(n.cellTowers[0], (CellTower { 200, 1, 3215, 43370, 0 }));
        QCOMPARE(n.wifiAccessPoints.size(), 2);
        QCOMPARE(n.wifiAccessPoints[1].macAddress, QStringLiteral("1c:6a:bb:aa:81:95"));
        QCOMPARE(n.wifiAccessPoints[1].signalStrength, -78);
        QCOMPARE(toIso(m.position.deviceTime), QStringLiteral("2017-11-15T15:44:19Z"));

        // BZ00: hexadecimal LAC and cell id; or decimal ones in braces.
        out = decodeOne("(087073104337BZ00,740,000,3bf7,0425,3bf7,0bf5,01000000)");
        QVERIFY2(out.ok(), qPrintable(out.error));
        n = Network::of(out.messages.last().position.attributes);
        QCOMPARE(n.cellTowers.value(0), (CellTower { 740, 0, 0x3bf7, 0x0425, 0 }));
        out = decodeOne("(027046434858BZ00,{460,0,20949,58711}\n{460,0,20494,54003}\n,01000000)");
        QVERIFY2(out.ok(), qPrintable(out.error));
        n = Network::of(out.messages.last().position.attributes);
        QCOMPARE(n.cellTowers.size(), 2);
        QCOMPARE(n.cellTowers[1], (CellTower { 460, 0, 20494, 54003, 0 }));
    }

    void commandResult()
    {
        const DecodeResult out
            = decodeOne("(864555555555555,ZC03,191117,234207,$Notice: Device version: 1.0$)");
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.last().type, MessageType::CommandResult);
        QCOMPARE(out.messages.last().text, QStringLiteral("Notice: Device version: 1.0"));
    }

    void framing_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QList<QByteArray>>("frames");
        QTest::addColumn<qsizetype>("garbage");
        const QByteArray a = "(864755555555555,DW3B,131117,A,5562.02870N,01348.08194E,1.597,223707,291.65,-0.10,4)";
        const QByteArray b = "(864755555555555,ZC20,131117,223706,6,394,65535,255)";
        const QByteArray text = "(86475555555,ZC03,191117,234421,$)Notice: (v2)$)";
        QTest::newRow("two frames") << a + b << QList<QByteArray> { a, b } << qsizetype(0);
        QTest::newRow("garbage before") << "garbage%@#*^$-+<>?$)))$$--" + a
                                        << QList<QByteArray> { a } << qsizetype(26);
        QTest::newRow("text with )") << "a\r\n" + text + b << QList<QByteArray> { text, b }
                                     << qsizetype(1);
        QTest::newRow("unclosed text waits") << text.left(text.size() - 2) + ")" + b
                                             << QList<QByteArray> {} << qsizetype(0);
        QTest::newRow("line ends are separators") << a + "\r\n" + b + "\r\n"
                                                  << QList<QByteArray> { a, b } << qsizetype(0);
    }
    void framing()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QList<QByteArray>, frames);
        QFETCH(qsizetype, garbage);
        const Tk103Decoder dec;
        for (const int chunk : { 1, 7, 1000 }) {
            QByteArray buffer;
            QList<QByteArray> cut;
            qsizetype junk = 0;
            for (qsizetype at = 0; at < stream.size(); at += chunk) {
                buffer += stream.mid(at, chunk);
                for (FrameCut c = dec.cutFrame(buffer); c.kind != FrameCut::NeedMore;
                     c = dec.cutFrame(buffer)) {
                    if (c.kind == FrameCut::Frame)
                        cut << buffer.left(c.length);
                    else if (c.kind == FrameCut::Garbage)
                        junk += c.length;
                    buffer.remove(0, c.length);
                }
            }
            QCOMPARE(cut, frames);
            QCOMPARE(junk, garbage);
        }
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::newRow("no brackets") << QByteArray("027044702512BP00");
        QTest::newRow("no command") << QByteArray("(12)");
        QTest::newRow("binary") << QByteArray("(027044702512BR00\x80\x81)", 20);
        QTest::newRow("BZ00 without cell") << QByteArray("(087073104337BZ00,x)");
    }
    void malformed()
    {
        QFETCH(QByteArray, frame);
        const DecodeResult out = decodeOne(frame);
        QVERIFY(!out.ok());
        QVERIFY(out.error.startsWith(QStringLiteral("tk103: ")));
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<bool>("valid");
        QTest::newRow("compact") << "027044702512" << 52.520008 << 13.404954 << true;
        QTest::newRow("comma") << "359710049092324" << -34.603722 << -58.381592 << true;
        QTest::newRow("compact, no fix") << "027044702512" << 0.5 << 179.99 << false;
    }
    void roundTrip()
    {
        QFETCH(QString, id);
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(bool, valid);
        const Tk103FrameEncoder enc;
        const Tk103Decoder dec;
        Position p;
        p.deviceTime = utcTime(2024, 2, 29, 23, 59, 58);
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = 42.5;
        p.course = 271.5;
        p.valid = valid;
        const QByteArray stream = enc.login(id, 1) + enc.position(id, p, 2)
            + enc.heartbeat(id, 3) + enc.alarm(id, p, alarm::sos, 4)
            + enc.alarm(id, p, alarm::powerCut, 5);
        const QList<DecodeResult> results = feedStream(dec, stream, 5, kNow);
        const bool compact = id.size() == 12;
        QCOMPARE(results.size(), compact ? 5 : 4);
        int located = 0;
        for (const DecodeResult &r : results) {
            QVERIFY2(r.ok(), qPrintable(r.error));
            const DecodedMessage *m = firstLocated(r);
            if (!m)
                continue;
            ++located;
            QCOMPARE(m->position.uniqueId, id);
            QCOMPARE(m->position.deviceTime, p.deviceTime);
            QCOMPARE(m->position.valid, valid);
            QVERIFY(std::fabs(m->position.latitude - lat) < 1e-5);
            QVERIFY(std::fabs(m->position.longitude - lon) < 1e-5);
            QCOMPARE(m->position.speedKph, 42.5);
            QCOMPARE(m->position.course, 271.5);
        }
        QCOMPARE(located, 3);
        QCOMPARE(results.last().messages.last().position.attributes.value(attr::alarm).toString(),
                 alarm::powerCut);
    }
};

FW_TEST_CLASS(TstTk103)
#include "tst_tk103.moc"
