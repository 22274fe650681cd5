// GPS103 / Coban decoder: hand-made frames (login, reports, alarms, OBD, no-fix, malformed),
// stream framing, replies and encoder round trips.
#include "StreamFeed.h"
#include "TestMain.h"

#include "protocols/Gps103Decoder.h"
#include "sim/Gps103FrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;
using fw::test::feedStream;

namespace {

constexpr TimeMs kNow = utcTime(2024, 3, 10, 12, 0, 0);

} // namespace

class TstGps103 : public QObject
{
    Q_OBJECT

private slots:
    void info()
    {
        const Gps103Decoder dec;
        QCOMPARE(dec.info().name, QStringLiteral("gps103"));
        QCOMPARE(dec.info().defaultPort, quint16(5001));
        QVERIFY(dec.info().tcp);
        QVERIFY(dec.info().udp);
        QVERIFY(dec.info().textual);
    }

    void decode_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("type"); // messageTypeId of the first message, "" = none
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("hasLocation");
        QTest::addColumn<QString>("time");
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("speedKph");
        QTest::addColumn<QString>("alarm");
        QTest::addColumn<QByteArray>("reply");

        const QString none;
        QTest::newRow("login") << QByteArray("##,imei:861234567890123,A;") << "login"
                               << "861234567890123" << false << none << 0.0 << 0.0 << 0.0 << none
                               << QByteArray("LOAD");
        QTest::newRow("heartbeat")
            << QByteArray("861234567890123;") << "heartbeat"
            << "861234567890123" << false << none << 0.0 << 0.0 << 0.0 << none << QByteArray("ON");
        QTest::newRow("position") << QByteArray("imei:861234567890123,tracker,240310130512,,F,"
                                                "120512.250,A,5130.1200,N,00007.5600,W,10.00,"
                                                "45.5,35.0;")
                                  << "position"
                                  << "861234567890123" << true << "2024-03-10T12:05:12.250Z"
                                  << 51.502 << -0.126 << 18.52 << none << QByteArray();
        // Local clock 3 h ahead of UTC and past midnight: the date belongs to the day before.
        QTest::newRow("position-local-tz")
            << QByteArray("imei:861234567890123,tracker,2403110105,,F,220530.000,A,"
                          "4807.0380,N,01131.0000,E,0.00,;")
            << "position"
            << "861234567890123" << true << "2024-03-10T22:05:30Z" << 48.1173 << 11.516667 << 0.0
            << none << QByteArray();
        QTest::newRow("hemisphere-first") << QByteArray(
            "imei:861234567890123,tracker,240310120000,,F,0.0,A,N,5230.00000,E,"
            "01322.50000,0.0,,1.0,;") << "position"
                                          << "861234567890123" << true << "2024-03-10T12:00:00Z"
                                          << 52.5 << 13.375 << 0.0 << none << QByteArray();
        QTest::newRow("sos") << QByteArray("imei:861234567890123,help me,2403101200,,F,120000.000,"
                                           "A,3345.0000,S,15112.0000,E,0.00,;")
                             << "event"
                             << "861234567890123" << true << "2024-03-10T12:00:00Z" << -33.75
                             << 151.2 << 0.0 << "sos" << QByteArray("**,imei:861234567890123,E;");
        QTest::newRow("low-battery")
            << QByteArray("imei:861234567890123,low battery,2403101200,,F,120000.000,V,"
                          "3345.0000,S,15112.0000,E,0.00,;")
            << "event"
            << "861234567890123" << true << "2024-03-10T12:00:00Z" << -33.75 << 151.2 << 0.0
            << "lowBattery" << QByteArray();
        QTest::newRow("power-cut-no-fix")
            << QByteArray("imei:861234567890123,ac alarm,240310120000,,L,,,1a2b,,3c4d,,,;")
            << "event"
            << "861234567890123" << false << "2024-03-10T12:00:00Z" << 0.0 << 0.0 << 0.0
            << "powerCut" << QByteArray();
        QTest::newRow("no-fix-status")
            << QByteArray("imei:861234567890123,tracker,240310120000,,L,,,1a2b,,3c4d,,,;")
            << "status"
            << "861234567890123" << false << "2024-03-10T12:00:00Z" << 0.0 << 0.0 << 0.0 << none
            << QByteArray();
        QTest::newRow("obd") << QByteArray("imei:861234567890123,OBD,240310115500,12345,,,10,40,"
                                           "25.00%,80,12.00%,1800,13.80,P0101,,,;")
                             << "status"
                             << "861234567890123" << false << "2024-03-10T11:55:00Z" << 0.0 << 0.0
                             << 0.0 << none << QByteArray();
        QTest::newRow("alt-format") << QByteArray("imei:861234567890123,Truck 7,---,------,----,"
                                                  "101500,100324,20,1,-12.50000,45.25000,054,"
                                                  "180,0120,0.90,09,1,1,---,*")
                                    << "position"
                                    << "861234567890123" << true << "2024-03-10T10:15:00Z" << -12.5
                                    << 45.25 << 54.0 << none << QByteArray();
        QTest::newRow("id-glued-report")
            << QByteArray("861234567890123imei:861234567890123,tracker,2403101200,,F,"
                          "120000.000,A,0100.0000,N,00100.0000,E,0.00,;")
            << "position"
            << "861234567890123" << true << "2024-03-10T12:00:00Z" << 1.0 << 1.0 << 0.0 << none
            << QByteArray("ON");
        QTest::newRow("crlf-terminated")
            << QByteArray("\r\nimei:861234567890123,tracker,2403101200,,F,120000.000,A,"
                          "0100.0000,N,00100.0000,E,0.00,;\r\n")
            << "position"
            << "861234567890123" << true << "2024-03-10T12:00:00Z" << 1.0 << 1.0 << 0.0 << none
            << QByteArray();
    }

    void decode()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, type);
        QFETCH(QString, id);
        QFETCH(bool, hasLocation);
        QFETCH(QString, time);
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(double, speedKph);
        QFETCH(QString, alarm);
        QFETCH(QByteArray, reply);

        const Gps103Decoder dec;
        DecodeContext ctx;
        ctx.now = kNow;
        DecodeResult out;
        dec.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.reply, reply);
        QVERIFY(!out.replyAcknowledgesData);
        QCOMPARE(out.messages.size(), 1);
        const DecodedMessage &m = out.messages.first();
        QCOMPARE(messageTypeId(m.type), type);
        QCOMPARE(m.position.uniqueId, id);
        QCOMPARE(m.position.protocol, QStringLiteral("gps103"));
        QCOMPARE(ctx.uniqueId, id);
        QCOMPARE(m.hasLocation, hasLocation);
        if (!time.isEmpty())
            QCOMPARE(toIso(m.position.deviceTime), time);
        if (hasLocation) {
            QVERIFY(std::fabs(m.position.latitude - lat) < 1e-5);
            QVERIFY(std::fabs(m.position.longitude - lon) < 1e-5);
            QVERIFY(std::fabs(m.position.speedKph - speedKph) < 1e-6);
        }
        QCOMPARE(m.position.attributes.value(attr::alarm).toString(), alarm);
    }

    void attributes()
    {
        const Gps103Decoder dec;
        DecodeContext ctx;
        DecodeResult out;
        dec.decode("imei:861234567890123,acc on,2403101200,,F,120000.000,A,0100.0000,N,"
                   "00100.0000,E,0.00,90,12.5,1,0,55.50%,,-5;",
            ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        const Position &p = out.messages.first().position;
        QCOMPARE(p.attributes.value(attr::ignition), QVariant(true));
        QCOMPARE(p.attributes.value(QStringLiteral("door")), QVariant(false));
        QCOMPARE(p.attributes.value(QStringLiteral("fuel1")), QVariant(55.5));
        QCOMPARE(p.attributes.value(QStringLiteral("temp1")), QVariant(-5));
        QCOMPARE(p.course, 90.0);
        QCOMPARE(p.altitude, 12.5);

        out.clear();
        dec.decode("imei:861234567890123,tracker,240310120000,,L,,,1a2b,,3c4d,,,;", ctx, out);
        QCOMPARE(out.messages.first().position.attributes.value(QStringLiteral("lac")),
            QVariant(0x1a2b));
        QCOMPARE(out.messages.first().position.attributes.value(QStringLiteral("cid")),
            QVariant(0x3c4d));

        out.clear();
        dec.decode("imei:861234567890123,OBD,240310115500,12345,,,10,40,25.00%,80,12.00%,1800,"
                   "13.80,P0101,,,;",
            ctx, out);
        const Attributes &a = out.messages.first().position.attributes;
        QCOMPARE(a.value(QStringLiteral("rpm")), QVariant(1800));
        QCOMPARE(a.value(attr::battery), QVariant(13.8));
        QCOMPARE(a.value(QStringLiteral("dtcs")), QVariant(QStringLiteral("P0101")));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("error");
        QTest::newRow("bad-latitude") << QByteArray("imei:861234567890123,tracker,2403101200,,F,"
                                                    "120000.000,A,99x0.0000,N,00100.0000,E,0,;")
                                      << "gps103: bad latitude at byte 56";
        QTest::newRow("latitude-over-90") << QByteArray(
            "imei:861234567890123,tracker,2403101200,,F,120000.000,A,9100.0000,N,"
            "00100.0000,E,0,;") << "gps103: bad latitude at byte 56";
        QTest::newRow("bad-validity") << QByteArray("imei:861234567890123,tracker,2403101200,,F,"
                                                    "120000.000,X,0100.0000,N,00100.0000,E,0,;")
                                      << "gps103: bad validity flag at byte 54";
        QTest::newRow("truncated") << QByteArray("imei:861234567890123,tracker,2403101200;")
                                   << "gps103: truncated frame at byte 39";
        QTest::newRow("truncated-fix")
            << QByteArray("imei:861234567890123,tracker,2403101200,,F,120000.000,A,0100.00;")
            << "gps103: bad longitude at byte 63";
        QTest::newRow("bad-id") << QByteArray("imei:86123456789x123,tracker,2403101200,,F,"
                                              "120000.000,A,0100.0000,N,00100.0000,E,0,;")
                                << "gps103: bad character in device id at byte 16";
        QTest::newRow("not-gps103") << QByteArray("GET / HTTP/1.1\r\n")
                                    << "gps103: frame does not start with imei: at byte 0";
        QTest::newRow("bad-heartbeat")
            << QByteArray("12$4;") << "gps103: bad character in heartbeat at byte 2";
        QTest::newRow("oversized")
            << QByteArray(3000, '1') << "gps103: frame too long at byte 2048";
    }

    void errors()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, error);
        const Gps103Decoder dec;
        DecodeContext ctx;
        DecodeResult out;
        dec.decode(frame, ctx, out);
        QCOMPARE(out.error, error);
        QVERIFY(out.messages.isEmpty());
        QVERIFY(out.reply.isEmpty());
    }

    void framing()
    {
        const Gps103Decoder dec;
        const QByteArray stream = QByteArray("##,imei:861234567890123,A;") + "861234567890123;\r\n"
            + "imei:861234567890123,tracker,2403101200,,F,120000.000,A,0100.0000,N,"
              "00100.0000,E,0.00,;\r\n"
            + "imei:861234567890123,help me,2403101200,,F,120000.000,A,0100.0000,N,"
              "00100.0000,E,0.00,;"
            + "imei:861234567890123,Truck,---,------,----,101500,100324,20,1,-12.50000,"
              "45.25000,054,180,0120,0.90,09,1,1,---,*";
        for (const int chunk : { 1, 2, 7, 64, 4096 }) {
            int garbage = 0;
            const QList<DecodeResult> results = feedStream(dec, stream, chunk, kNow, &garbage);
            QCOMPARE(garbage, 0);
            QCOMPARE(results.size(), 5);
            QStringList types;
            for (const DecodeResult &r : results) {
                QVERIFY2(r.ok(), qPrintable(r.error));
                QCOMPARE(r.messages.size(), 1);
                types << messageTypeId(r.messages.first().type);
            }
            QCOMPARE(types.join(u','), QStringLiteral("login,heartbeat,position,event,position"));
            QCOMPARE(results.at(0).reply, QByteArray("LOAD"));
            QCOMPARE(results.at(1).reply, QByteArray("ON"));
        }
    }

    void cutFrame()
    {
        const Gps103Decoder dec;
        QCOMPARE(dec.cutFrame("imei:1,tracker").kind, FrameCut::NeedMore);
        QCOMPARE(dec.cutFrame("").kind, FrameCut::NeedMore);
        const FrameCut one = dec.cutFrame("123;\r\n456;");
        QCOMPARE(one.kind, FrameCut::Frame);
        QCOMPARE(one.length, 6);
        const FrameCut junk = dec.cutFrame("\x01\x02xyz##,imei:1,A;");
        QCOMPARE(junk.kind, FrameCut::Garbage);
        QCOMPARE(junk.length, 5);
        const FrameCut big = dec.cutFrame(QByteArray(5000, '1'));
        QCOMPARE(big.kind, FrameCut::Garbage);
        QVERIFY(big.length >= 1);
        const FrameCut bigDelimited = dec.cutFrame(QByteArray(QByteArray(3000, '1') + ';'));
        QCOMPARE(bigDelimited.kind, FrameCut::Garbage);
    }

    void roundTrip_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("speedKph");
        QTest::addColumn<bool>("valid");
        QTest::newRow("north-east") << 52.520008 << 13.404954 << 42.0 << true;
        QTest::newRow("south-west") << -34.603722 << -58.381592 << 0.0 << true;
        QTest::newRow("invalid-fix") << 0.5 << 179.99 << 120.5 << false;
    }

    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(double, speedKph);
        QFETCH(bool, valid);
        const Gps103FrameEncoder enc;
        const Gps103Decoder dec;
        Position p;
        p.deviceTime = utcTime(2024, 2, 29, 23, 59, 58, 125);
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = speedKph;
        p.course = 271.5;
        p.altitude = 88.0;
        p.valid = valid;
        const QString id = QStringLiteral("359710049092324");
        const QByteArray stream = enc.login(id, 1) + enc.position(id, p, 2) + enc.heartbeat(id, 3)
            + enc.alarm(id, p, alarm::sos, 4) + enc.alarm(id, p, alarm::powerCut, 5);
        const QList<DecodeResult> results = feedStream(dec, stream, 5, kNow);
        QCOMPARE(results.size(), 5);
        QCOMPARE(results.at(0).messages.first().type, MessageType::Login);
        QCOMPARE(results.at(2).messages.first().type, MessageType::Heartbeat);
        for (const int i : { 1, 3, 4 }) {
            QVERIFY2(results.at(i).ok(), qPrintable(results.at(i).error));
            const DecodedMessage &m = results.at(i).messages.first();
            QVERIFY(m.hasLocation);
            QCOMPARE(m.position.uniqueId, id);
            QCOMPARE(m.position.deviceTime, p.deviceTime);
            QCOMPARE(m.position.valid, valid);
            QVERIFY(std::fabs(m.position.latitude - lat) < 1e-6);
            QVERIFY(std::fabs(m.position.longitude - lon) < 1e-6);
            QVERIFY(std::fabs(m.position.speedKph - speedKph) < 0.02);
            QVERIFY(std::fabs(m.position.course - 271.5) < 0.01);
            QVERIFY(std::fabs(m.position.altitude - 88.0) < 0.1);
        }
        QCOMPARE(results.at(3).messages.first().position.attributes.value(attr::alarm),
            QVariant(alarm::sos));
        QCOMPARE(results.at(4).messages.first().position.attributes.value(attr::alarm),
            QVariant(alarm::powerCut));
        QVERIFY(enc.alarm(id, p, alarm::fallDown, 6).isEmpty());
    }
};

FW_TEST_CLASS(TstGps103)
#include "tst_gps103.moc"
