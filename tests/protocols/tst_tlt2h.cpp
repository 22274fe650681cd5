// TLT-2H / MT600 / V500: header forms (short, with power values, empty model name, broken),
// GPRMC and WIFI records, voltages, the cell in front of a record, statuses as ignition and
// alarms, several records in one report, framing on the closing "##" line, errors, and encoder
// round trips. Reports are hand-made or from the public Traccar samples.
#include "DecoderTestSupport.h"
#include "TestMain.h"

#include "StreamFeed.h"
#include "domain/Network.h"
#include "protocols/Tlt2hDecoder.h"
#include "sim/Tlt2hFrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;
using fw::test::feedStream;

namespace {
constexpr TimeMs kNow = utcTime(2024, 3, 10, 12, 0, 0);

DecodeResult decodeOne(const QByteArray &frame)
{
    return fw::test::decodeFrame(Tlt2hDecoder(), frame, kNow);
}

QList<const DecodedMessage *> records(const DecodeResult &r)
{
    QList<const DecodedMessage *> out;
    for (const DecodedMessage &m : r.messages) {
        if (m.type != MessageType::Login)
            out << &m;
    }
    return out;
}
} // namespace

class TstTlt2h : public QObject
{
    Q_OBJECT
private slots:
    void gprmcRecord()
    {
        const DecodeResult out = decodeOne(
            "#357671030946351#V500#0000#AUTOSTOP#1\r\n#36$GPRMC,223835.000,A,0615.3545,S,"
            "10708.5779,E,14.62,97.41,070313,,,D*70\r\n##\r\n");
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.first().type, MessageType::Login);
        const auto r = records(out);
        QCOMPARE(r.size(), 1);
        const Position &p = r[0]->position;
        QVERIFY(r[0]->hasLocation);
        QCOMPARE(p.uniqueId, QStringLiteral("357671030946351"));
        QCOMPARE(toIso(p.deviceTime), QStringLiteral("2013-03-07T22:38:35Z"));
        QVERIFY(std::fabs(p.latitude + 6.25591) < 1e-5);
        QVERIFY(std::fabs(p.longitude - 107.14297) < 1e-5);
        QVERIFY(std::fabs(p.speedKph - 14.62 * kKnotsToKph) < 1e-9);
        QCOMPARE(p.attributes.value(attr::battery).toDouble(), 3.6);
        QCOMPARE(p.attributes.value(attr::ignition), QVariant(false));
    }

    void longHeader()
    {
        const DecodeResult out = decodeOne(
            "#868105044690301#MT600+#0000#1#0#143#40#215#SOS#1\r\n#072030fcf21$GPRMC,155616.00,A,"
            "4931.9210,N,09652.5290,W,53.80,90.00,150224,,,A*48\r\n");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage &m = *records(out).first();
        QCOMPARE(m.type, MessageType::Event);
        const Attributes &a = m.position.attributes;
        QCOMPARE(a.value(attr::alarm).toString(), alarm::sos);
        QCOMPARE(a.value(attr::power).toDouble(), 14.3);
        QCOMPARE(a.value(attr::battery).toDouble(), 4.0);
        QCOMPARE(a.value(QStringLiteral("temp1")).toDouble(), 21.5);
        QCOMPARE(a.value(QStringLiteral("door")), QVariant(true));
    }

    void wifiRecordWithCell()
    {
        const DecodeResult out = decodeOne(
            "#860186058100000#MT700#0000#TOWED#1\r\n#39#262,03,8CE6,A672$WIFI,154928.00,A,-74,"
            "3CA62F52615B,-82,A0E4CB83852D,,,050123*28\r\n##\r\n");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage &m = *records(out).first();
        QVERIFY(!m.hasLocation);
        QCOMPARE(m.position.attributes.value(attr::alarm).toString(), QStringLiteral("tow"));
        QCOMPARE(toIso(m.position.deviceTime), QStringLiteral("2023-01-05T15:49:28Z"));
        const Network n = Network::of(m.position.attributes);
        QCOMPARE(n.cellTowers.value(0), (CellTower { 262, 3, 0x8CE6, 0xA672, 0 }));
        QCOMPARE(n.wifiAccessPoints.size(), 2);
        QCOMPARE(n.wifiAccessPoints[0].macAddress, QStringLiteral("3c:a6:2f:52:61:5b"));
        QCOMPARE(n.wifiAccessPoints[0].signalStrength, -74);
    }

    void severalRecords()
    {
        const DecodeResult out = decodeOne(
            "#353686009063310#353686009063310#0000#AUTO#2\r\n#239757a9$GPRMC,150252.001,A,"
            "2326.6856,S,4631.8154,W,,,260513,,,A*52\r\n#239757a9$GPRMC,150322.001,A,2326.6854,S,"
            "4631.8157,W,,,260513,,,A*55\r\n##\r\n");
        QVERIFY2(out.ok(), qPrintable(out.error));
        const auto r = records(out);
        QCOMPARE(r.size(), 2);
        QCOMPARE(toIso(r[1]->position.deviceTime), QStringLiteral("2013-05-26T15:03:22Z"));
        QVERIFY(!r[0]->position.attributes.contains(attr::battery)); // hex, not a voltage
    }

    void headerForms()
    {
        // An empty model name makes "##" inside the header.
        DecodeResult out = decodeOne("#357671030108689##0000#AUTO#1\r\n#13AE2F8F$GPRMC,211452.000,A,"
                                     "0017.378794,S,03603.441981,E,0.000,0,060216,,,A*68\r\n##\r\n");
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(records(out).size(), 1);
        // A header broken over two lines is skipped without an error.
        out = decodeOne("#861075026000000#\r\n#0000#AUTO#1\r\n#002c4968045$GPRMC,001556.00,A,"
                        "3542.1569,N,13938.9814,E,7.38,185.71,160417,,,A*55\r\n");
        QVERIFY(out.ok());
        QVERIFY(out.messages.isEmpty());
        out = decodeOne("hello\r\n");
        QVERIFY(!out.ok());
        QVERIFY(out.error.startsWith(QStringLiteral("tlt2h: ")));
    }

    void framing()
    {
        const Tlt2hDecoder dec;
        const QByteArray a = "#357671030108689##0000#AUTO#1\r\n#36$GPRMC,211452.000,A,0017.3787,S,"
                             "03603.4419,E,0.000,0,060216,,,A*68\r\n##\r\n";
        const QByteArray stream = "junk" + a + "\r\n" + a;
        for (const int chunk : { 1, 9, 1000 }) {
            int garbageCuts = 0;
            const QList<DecodeResult> results = feedStream(dec, stream, chunk, kNow, &garbageCuts);
            QCOMPARE(results.size(), 2);
            QVERIFY(garbageCuts >= 1);
            for (const DecodeResult &r : results)
                QCOMPARE(records(r).size(), 1);
        }
    }

    void roundTrip_data() { fw::test::addRoundTripRows(); }
    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(bool, valid);
        const Tlt2hFrameEncoder enc;
        const Tlt2hDecoder dec;
        Position p;
        p.deviceTime = utcTime(2024, 2, 29, 23, 59, 58);
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = 42.5;
        p.course = 271.5;
        p.valid = valid;
        const QString id = QStringLiteral("359710049092324");
        const QByteArray stream = enc.login(id, 1) + enc.position(id, p, 2)
            + enc.heartbeat(id, 3) + enc.alarm(id, p, alarm::powerCut, 4);
        const QList<DecodeResult> results = feedStream(dec, stream, 11, kNow);
        QCOMPARE(results.size(), 2);
        for (const DecodeResult &r : results) {
            QVERIFY2(r.ok(), qPrintable(r.error));
            const DecodedMessage &m = *records(r).first();
            QVERIFY(m.hasLocation);
            QCOMPARE(m.position.uniqueId, id);
            QCOMPARE(m.position.deviceTime, p.deviceTime);
            QCOMPARE(m.position.valid, valid);
            QVERIFY(std::fabs(m.position.latitude - lat) < 1e-5);
            QVERIFY(std::fabs(m.position.longitude - lon) < 1e-5);
            QVERIFY(std::fabs(m.position.speedKph - 42.5) < 0.01);
            QCOMPARE(m.position.attributes.value(attr::battery).toDouble(), 4.1);
        }
        QCOMPARE(records(results[1]).first()->position.attributes.value(attr::alarm).toString(),
                 alarm::powerCut);
    }
};

FW_TEST_CLASS(TstTlt2h)
#include "tst_tlt2h.moc"
