// Queclink text protocol: fixed reports with one or several points, points without a fix (cell
// only), report types that say ignition or an alarm, status reports (GTINF, GTGSM), the GTHBD
// heartbeat and its answer, framing on '$', errors, and encoder round trips. Reports are
// hand-made or from the public Traccar samples.
#include "TestMain.h"

#include "StreamFeed.h"
#include "domain/Network.h"
#include "protocols/Gl200Decoder.h"
#include "sim/Gl200FrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;
using fw::test::feedStream;

namespace {
constexpr TimeMs kNow = utcTime(2024, 3, 10, 12, 0, 0);

DecodeResult decodeOne(const QByteArray &frame)
{
    const Gl200Decoder dec;
    DecodeContext ctx;
    ctx.now = kNow;
    DecodeResult out;
    dec.decode(frame, ctx, out);
    return out;
}

QList<const DecodedMessage *> located(const DecodeResult &r)
{
    QList<const DecodedMessage *> list;
    for (const DecodedMessage &m : r.messages) {
        if (m.hasLocation)
            list << &m;
    }
    return list;
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

    void roundTrip_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<bool>("valid");
        QTest::newRow("north-east") << 52.520008 << 13.404954 << true;
        QTest::newRow("south-west") << -34.603722 << -58.381592 << true;
        QTest::newRow("no fix") << 0.5 << 179.99 << false;
    }
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
