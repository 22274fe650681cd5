// Xexun text protocol: basic and extended reports, the status texts (alarms, ignition), the
// extended tail (satellites, altitude, power, cell, odometer), reports without a fix, framing
// of both forms in a stream, errors, and encoder round trips. Reports are hand-made or from
// the public Traccar samples.
#include "DecoderTestSupport.h"
#include "TestMain.h"

#include "StreamFeed.h"
#include "domain/Network.h"
#include "protocols/XexunDecoder.h"
#include "sim/XexunFrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;
using fw::test::feedStream;

namespace {
constexpr TimeMs kNow = utcTime(2024, 3, 10, 12, 0, 0);

DecodeResult decodeOne(const QByteArray &frame)
{
    return fw::test::decodeFrame(XexunDecoder(), frame, kNow);
}

const DecodedMessage *located(const DecodeResult &r)
{
    for (const DecodedMessage &m : r.messages) {
        if (m.hasLocation)
            return &m;
    }
    return nullptr;
}

const QByteArray kBasic
    = "GPRMC,150120.000,A,3346.4463,S,15057.3083,E,0.0,117.4,010911,,,A*76,F,imei:351525010943661,";
const QByteArray kExtended
    = "130302125349,+79604870506,GPRMC,085349.000,A,4503.2392,N,03858.5660,E,6.95,154.65,020313,"
      ",,A*6C,F,help me!, imei:012207007744243,03,-1.5,F:4.15V,1,139,28048,250,01,278A,5072,"
      "6.21km\r\n";
} // namespace

class TstXexun : public QObject
{
    Q_OBJECT
private slots:
    void basic()
    {
        const DecodeResult out = decodeOne(kBasic);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.first().type, MessageType::Login);
        const DecodedMessage *m = located(out);
        QVERIFY(m);
        QCOMPARE(m->position.uniqueId, QStringLiteral("351525010943661"));
        QCOMPARE(toIso(m->position.deviceTime), QStringLiteral("2011-09-01T15:01:20Z"));
        QVERIFY(m->position.valid);
        QVERIFY(std::fabs(m->position.latitude + 33.77411) < 1e-5);
        QVERIFY(std::fabs(m->position.longitude - 150.95514) < 1e-5);
        QCOMPARE(m->position.course, 117.4);
        QCOMPARE(m->position.attributes.value(QStringLiteral("signal")).toString(),
                 QStringLiteral("F"));
        QVERIFY(out.reply.isEmpty());
    }

    void extended()
    {
        const DecodeResult out = decodeOne(kExtended);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage *m = located(out);
        QVERIFY(m);
        QCOMPARE(m->type, MessageType::Event);
        const Attributes &a = m->position.attributes;
        QCOMPARE(a.value(attr::alarm).toString(), alarm::sos);
        QCOMPARE(toIso(m->position.deviceTime), QStringLiteral("2013-03-02T08:53:49Z"));
        QVERIFY(std::fabs(m->position.speedKph - 6.95 * kKnotsToKph) < 1e-9);
        QCOMPARE(m->position.satellites, 3);
        QCOMPARE(m->position.altitude, -1.5);
        QCOMPARE(a.value(attr::power).toDouble(), 4.15);
        QCOMPARE(a.value(QStringLiteral("number")).toString(), QStringLiteral("+79604870506"));
        QCOMPARE(a.value(attr::odometer).toLongLong(), 6210);
        const Network n = Network::of(a);
        QCOMPARE(n.cellTowers.value(0), (CellTower { 250, 1, 0x278A, 0x5072, 0 }));
    }

    void statusTexts_data()
    {
        QTest::addColumn<QByteArray>("status");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("value");
        QTest::newRow("ACC On") << QByteArray("ACC On") << attr::ignition << QVariant(true);
        QTest::newRow("ACCStop") << QByteArray("ACCStop") << attr::ignition << QVariant(false);
        QTest::newRow("low battery") << QByteArray("low battery") << attr::alarm
                                     << QVariant(alarm::lowBattery);
        QTest::newRow("move!") << QByteArray("move!") << attr::alarm << QVariant(alarm::movement);
    }
    void statusTexts()
    {
        QFETCH(QByteArray, status);
        QFETCH(QString, key);
        QFETCH(QVariant, value);
        QByteArray frame = kBasic;
        frame.replace(",F,imei:", QByteArray(",F," + status + ", imei:"));
        const DecodeResult out = decodeOne(frame);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(located(out)->position.attributes.value(key), value);
    }

    void oddCoordinates()
    {
        // Degrees without leading zeros, or none at all ("6.7907" minutes).
        DecodeResult out = decodeOne("GPRMC,215853.000,A,5304.9600,N,6.7907,E,1.43,80.67,250216,00,"
                                     "0000.0,A*47,F,,imei:351525018007873,");
        QVERIFY2(out.ok(), qPrintable(out.error));
        QVERIFY(std::fabs(located(out)->position.longitude - 6.7907 / 60.0) < 1e-9);
        out = decodeOne("GPRMC,043435.000,A,811.299200,S,11339.9500,E,0.93,29.52,160313,00,"
                        "0000.0,A*65,F,,imei:359585014597923,");
        QVERIFY(std::fabs(located(out)->position.latitude + (8 + 11.2992 / 60.0)) < 1e-9);
    }

    void withoutFix()
    {
        const DecodeResult out
            = decodeOne(",+48606717068,,L,, imei:012207005047292,,,F:4.28V,1,52,11565,247,01,"
                        "000E,1FC5\r\n");
        QVERIFY2(out.ok(), qPrintable(out.error));
        QVERIFY(!located(out));
        const DecodedMessage &m = out.messages.last();
        QCOMPARE(m.position.uniqueId, QStringLiteral("012207005047292"));
        QCOMPARE(Network::of(m.position.attributes).cellTowers.value(0),
                 (CellTower { 247, 1, 0x000E, 0x1FC5, 0 }));
    }

    void framing()
    {
        const XexunDecoder dec;
        const QByteArray junk = "hello there\r\n";
        const QByteArray stream = junk + kBasic + kExtended + kBasic + "\r\n";
        for (const int chunk : { 1000, 13 }) {
            int garbageCuts = 0;
            const QList<DecodeResult> results = feedStream(dec, stream, chunk, kNow, &garbageCuts);
            QCOMPARE(garbageCuts, 1);
            QCOMPARE(results.size(), 3);
            for (const DecodeResult &r : results)
                QVERIFY2(r.ok() && located(r), qPrintable(r.error));
            QCOMPARE(located(results[1])->position.altitude, -1.5); // the whole extended line
        }
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::newRow("no imei") << QByteArray("GPRMC,150120.000,A,3346.4463,S,15057.3083,E,0,1,010911,,,A*76,F,");
        QTest::newRow("bad latitude")
            << QByteArray("GPRMC,150120.000,A,99346.4463,S,15057.3083,E,0,1,010911,,,A*76,F,imei:1,");
        QTest::newRow("short sentence") << QByteArray("GPRMC,150120.000,A*76,F,imei:1,");
        QTest::newRow("nothing") << QByteArray("hello\r\n");
    }
    void malformed()
    {
        QFETCH(QByteArray, frame);
        const DecodeResult out = decodeOne(frame);
        QVERIFY(!out.ok());
        QVERIFY(out.error.startsWith(QStringLiteral("xexun: ")));
    }

    void roundTrip_data() { fw::test::addRoundTripRows(); }
    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(bool, valid);
        const XexunFrameEncoder enc;
        const XexunDecoder dec;
        Position p;
        p.deviceTime = utcTime(2024, 2, 29, 23, 59, 58, 250);
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = 42.5;
        p.course = 271.5;
        p.valid = valid;
        const QString id = QStringLiteral("359710049092324");
        const QByteArray stream = enc.login(id, 1) + enc.position(id, p, 2)
            + enc.heartbeat(id, 3) + enc.alarm(id, p, alarm::sos, 4);
        const QList<DecodeResult> results = feedStream(dec, stream, 5, kNow);
        QCOMPARE(results.size(), 2);
        for (const DecodeResult &r : results) {
            QVERIFY2(r.ok(), qPrintable(r.error));
            const DecodedMessage *m = located(r);
            QVERIFY(m);
            QCOMPARE(m->position.uniqueId, id);
            QCOMPARE(m->position.deviceTime, p.deviceTime);
            QCOMPARE(m->position.valid, valid);
            QVERIFY(std::fabs(m->position.latitude - lat) < 1e-5);
            QVERIFY(std::fabs(m->position.longitude - lon) < 1e-5);
            QVERIFY(std::fabs(m->position.speedKph - 42.5) < 0.01);
            QCOMPARE(m->position.course, 271.5);
        }
        QCOMPARE(located(results[1])->position.attributes.value(attr::alarm).toString(),
                 alarm::sos);
    }
};

FW_TEST_CLASS(TstXexun)
#include "tst_xexun.moc"
