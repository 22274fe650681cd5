// H02 decoder and encoder tests: text "*HQ,...#" frames, the binary "$" variant, framing of a
// mixed stream, replies and encoder round trips. All samples are hand-made.
#include "TestMain.h"

#include "protocols/H02Decoder.h"
#include "sim/H02FrameEncoder.h"

#include <QTest>

using namespace fw;

namespace {

constexpr TimeMs kNow = 1718000000000; // 2024-06-10T06:13:20Z

QList<QByteArray> cutAllH02(const H02Decoder &dec, QByteArray stream, qsizetype *garbage)
{
    QList<QByteArray> frames;
    qsizetype junk = 0;
    for (int guard = 0; guard < 10000 && !stream.isEmpty(); ++guard) {
        const FrameCut c = dec.cutFrame(stream);
        if (c.kind == FrameCut::NeedMore)
            break;
        if (c.kind == FrameCut::Frame)
            frames.append(stream.left(c.length));
        else
            junk += c.length;
        stream.remove(0, c.length);
    }
    *garbage = junk;
    return frames;
}

// 32-byte binary report: id 1234567890, 2024-03-15 10:20:30, 52 13.7820 N, 021 00.7320 E,
// 10 knots, course 87, battery 6 (full), status FFFFFBFF.
const QByteArray kBinary = QByteArray::fromHex("241234567890102030150324521378200602100732"
                                               "0e010087fffffbff000001");

} // namespace

class TstH02 : public QObject
{
    Q_OBJECT

private slots:
    void info()
    {
        const ProtocolInfo &i = H02Decoder().info();
        QCOMPARE(i.name, QStringLiteral("h02"));
        QCOMPARE(i.defaultPort, quint16(5013));
        QVERIFY(i.tcp);
        QVERIFY(i.udp);
    }

    void position_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("time");
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("knots");
        QTest::addColumn<double>("course");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<bool>("ignition");
        QTest::newRow("V1 north east")
            << QByteArray("*HQ,4106012345,V1,102030,A,5213.7820,N,02100.7320,E,010.00,087,150324,"
                          "FFFFFBFF#")
            << QStringLiteral("4106012345") << QStringLiteral("2024-03-15T10:20:30Z") << 52.2297
            << 21.0122 << 10.0 << 87.0 << true << false;
        QTest::newRow("V1 south west invalid, year end")
            << QByteArray("*HQ,4106012345,V1,235959,V,3436.2220,S,05822.8960,W,0.00,0,311223,"
                          "FFFFFFFF#")
            << QStringLiteral("4106012345") << QStringLiteral("2023-12-31T23:59:59Z") << -34.6037
            << -58.3816 << 0.0 << 0.0 << false << true;
        QTest::newRow("dash degrees")
            << QByteArray("*HQ,1234567890,V1,000001,A,-22-54.1234,S,-43-12.5000,W,1.5,10,010124,"
                          "FFFFFBFF#")
            << QStringLiteral("1234567890") << QStringLiteral("2024-01-01T00:00:01Z")
            << -(22 + 54.1234 / 60) << -(43 + 12.5 / 60) << 1.5 << 10.0 << true << false;
        QTest::newRow("no decimal point")
            << QByteArray("*HQ,1234567890,V1,120000,A,22541234,S,043125000,W,0,0,010124,FFFFFBFF#")
            << QStringLiteral("1234567890") << QStringLiteral("2024-01-01T12:00:00Z")
            << -(22 + 54.1234 / 60) << -(43 + 12.5 / 60) << 0.0 << 0.0 << true << false;
        QTest::newRow("battery before date, CRLF")
            << QByteArray("*HQ,1234567890,V1,054048,A,2828.2297,N,07733.4332,E,000.5,047,4,080918,"
                          "FFFFFBFF#\r\n")
            << QStringLiteral("1234567890") << QStringLiteral("2018-09-08T05:40:48Z")
            << 28 + 28.2297 / 60 << 77 + 33.4332 / 60 << 0.5 << 47.0 << true << false;
        QTest::newRow("other manufacturer, V2, coding scheme")
            << QByteArray("*TH,353505221264507,V2,100220,0,5238.26259,N,00507.33983,E,0.25,0,"
                          "280917,FFFFFBFF#")
            << QStringLiteral("353505221264507") << QStringLiteral("2017-09-28T10:02:20Z")
            << 52 + 38.26259 / 60 << 5 + 7.33983 / 60 << 0.25 << 0.0 << true << false;
        QTest::newRow("binary") << kBinary << QStringLiteral("1234567890")
                                << QStringLiteral("2024-03-15T10:20:30Z") << 52.2297 << 21.0122
                                << 10.0 << 87.0 << true << false;
    }
    void position()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, id);
        QFETCH(QString, time);
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(double, knots);
        QFETCH(double, course);
        QFETCH(bool, valid);
        QFETCH(bool, ignition);
        H02Decoder dec;
        DecodeContext ctx;
        ctx.now = kNow;
        DecodeResult out;
        dec.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        const DecodedMessage &m = out.messages[0];
        QCOMPARE(m.type, MessageType::Position);
        QVERIFY(m.hasLocation);
        const Position &p = m.position;
        QCOMPARE(ctx.uniqueId, id);
        QCOMPARE(p.uniqueId, id);
        QCOMPARE(p.protocol, QStringLiteral("h02"));
        QCOMPARE(toIso(p.deviceTime), time);
        QVERIFY2(qAbs(p.latitude - lat) < 1e-5, qPrintable(QString::number(p.latitude, 'f', 6)));
        QVERIFY2(qAbs(p.longitude - lon) < 1e-5, qPrintable(QString::number(p.longitude, 'f', 6)));
        QVERIFY(qAbs(p.speedKph - knots * kKnotsToKph) < 1e-9);
        QCOMPARE(p.course, course);
        QCOMPARE(p.valid, valid);
        QCOMPARE(p.attributes.value(attr::ignition), QVariant(ignition));
        QVERIFY(!p.attributes.contains(attr::alarm));
    }

    void replies_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QByteArray>("reply");
        QTest::newRow("V1 ack") << QByteArray("*HQ,4106012345,V1,102030,A,5213.7820,N,02100.7320,E,"
                                              "010.00,087,150324,FFFFFBFF#")
                                << QByteArray("*HQ,4106012345,V4,V1,20240610061320#");
        QTest::newRow("V1 from another maker") << QByteArray(
            "*TH,4106012345,V1,102030,A,5213.7820,N,02100.7320,E,010.00,087,150324,"
            "FFFFFBFF#") << QByteArray("*TH,4106012345,V4,V1,20240610061320#");
        QTest::newRow("heartbeat echo") << QByteArray("*HQ,135790246811220,HTBT,85#")
                                        << QByteArray("*HQ,135790246811220,HTBT#");
        QTest::newRow("V0 echo") << QByteArray("*HQ,1234567890,V0#")
                                 << QByteArray("*HQ,1234567890,V0#");
        QTest::newRow("V2 no ack") << QByteArray("*HQ,1234567890,V2,100220,A,5238.26259,N,"
                                                 "00507.33983,E,0.25,0,280917,FFFFFBFF#")
                                   << QByteArray();
        QTest::newRow("binary no ack") << kBinary << QByteArray();
    }
    void replies()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QByteArray, reply);
        H02Decoder dec;
        DecodeContext ctx;
        ctx.now = kNow;
        DecodeResult out;
        dec.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.reply, reply);
        QVERIFY(!out.replyAcknowledgesData);
    }

    void heartbeat()
    {
        H02Decoder dec;
        DecodeContext ctx;
        DecodeResult out;
        dec.decode("*HQ,135790246811220,HTBT,85#", ctx, out);
        QVERIFY(out.ok());
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].type, MessageType::Heartbeat);
        QVERIFY(!out.messages[0].hasLocation);
        QCOMPARE(
            out.messages[0].position.attributes.value(QStringLiteral("batteryLevel")).toInt(), 85);
        QCOMPARE(ctx.uniqueId, QStringLiteral("135790246811220"));
    }

    void alarm_data()
    {
        QTest::addColumn<QByteArray>("status");
        QTest::addColumn<QString>("alarm");
        QTest::newRow("vibration") << QByteArray("FFFFFBFE") << alarm::vibration;
        QTest::newRow("sos") << QByteArray("FFFFFBFD") << alarm::sos;
        QTest::newRow("sos bit 18") << QByteArray("FFFBFBFF") << alarm::sos;
        QTest::newRow("overspeed") << QByteArray("FFFFFBFB") << alarm::overspeed;
        QTest::newRow("power cut") << QByteArray("FFF7FBFF") << alarm::powerCut;
    }
    void alarm()
    {
        QFETCH(QByteArray, status);
        QFETCH(QString, alarm);
        H02Decoder dec;
        DecodeContext ctx;
        DecodeResult out;
        const QByteArray frame
            = "*HQ,1234567890,V1,102030,A,5213.7820,N,02100.7320,E,0.00,0,150324," + status + '#';
        dec.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].type, MessageType::Event);
        QVERIFY(out.messages[0].hasLocation);
        QCOMPARE(out.messages[0].position.attributes.value(attr::alarm).toString(), alarm);
        QCOMPARE(out.messages[0].position.attributes.value(attr::status).toLongLong(),
            status.toLongLong(nullptr, 16));
    }

    void accepted_data()
    {
        // Frames we accept without reporting anything (no fix yet, unused report types).
        QTest::addColumn<QByteArray>("frame");
        QTest::newRow("empty fix") << QByteArray("*HQ,1234567890,V1,,V,,N,,E,0.00,0,,FFFFF7FF#");
        QTest::newRow("zero hemisphere") << QByteArray(
            "*HQ,1234567890,V1,000000,V,0.0000,0,0.0000,0,0.00,0.00,000000,ffffffff#");
        QTest::newRow("base report") << QByteArray("*HQ,1234567890,BASE,152609,0,0,0,0,211014,"
                                                   "FFFFFFFF#");
        QTest::newRow("id only") << QByteArray("*HQ,1234567890#");
    }
    void accepted()
    {
        QFETCH(QByteArray, frame);
        H02Decoder dec;
        DecodeContext ctx;
        DecodeResult out;
        dec.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QVERIFY(out.messages.isEmpty());
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("error");
        QTest::newRow("no terminator") << QByteArray("*HQ,1234567890,V1,102030,A")
                                       << QStringLiteral("h02: text frame does not end with '#'");
        QTest::newRow("bad id") << QByteArray("*HQ,12ab,V1,102030,A,5213.7820,N,02100.7320,E,0,0,"
                                              "150324,FFFFFBFF#")
                                << QStringLiteral("h02: bad device id");
        QTest::newRow("bad latitude") << QByteArray("*HQ,1234567890,V1,102030,A,52x3.7820,N,"
                                                    "02100.7320,E,0,0,150324,FFFFFBFF#")
                                      << QStringLiteral("h02: bad coordinates");
        QTest::newRow("minutes over 60") << QByteArray("*HQ,1234567890,V1,102030,A,5263.7820,N,"
                                                       "02100.7320,E,0,0,150324,FFFFFBFF#")
                                         << QStringLiteral("h02: bad coordinates");
        QTest::newRow("bad date") << QByteArray("*HQ,1234567890,V1,102030,A,5213.7820,N,"
                                                "02100.7320,E,0,0,991399,FFFFFBFF#")
                                  << QStringLiteral("h02: bad date/time");
        QTest::newRow("bad speed") << QByteArray("*HQ,1234567890,V1,102030,A,5213.7820,N,"
                                                 "02100.7320,E,fast,0,150324,FFFFFBFF#")
                                   << QStringLiteral("h02: bad speed");
        QTest::newRow("truncated binary")
            << kBinary.left(20) << QStringLiteral("h02: binary frame too short");
        QByteArray badBcd = kBinary;
        badBcd[13] = '\xAB';
        QTest::newRow("binary bad BCD")
            << badBcd << QStringLiteral("h02: bad BCD digit at byte 13");
        QTest::newRow("unknown marker")
            << QByteArray("#HQ") << QStringLiteral("h02: unknown frame");
    }
    void malformed()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, error);
        H02Decoder dec;
        DecodeContext ctx;
        DecodeResult out;
        dec.decode(frame, ctx, out);
        QVERIFY(!out.ok());
        QVERIFY2(out.error.startsWith(error), qPrintable(out.error));
        QVERIFY(out.messages.isEmpty());
    }

    void framing_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QList<QByteArray>>("frames");
        QTest::addColumn<qsizetype>("garbage");
        const QByteArray a
            = "*HQ,1234567890,V1,102030,A,5213.7820,N,02100.7320,E,0,0,150324,FFFFFBFF#";
        const QByteArray hb = "*HQ,1234567890,HTBT,85#";
        QTest::newRow("text with CRLF") << a + "\r\n" << QList<QByteArray> { a } << qsizetype(2);
        QTest::newRow("coalesced text")
            << a + "\r\n" + hb << QList<QByteArray> { a, hb } << qsizetype(2);
        QTest::newRow("binary then text")
            << kBinary + hb << QList<QByteArray> { kBinary, hb } << qsizetype(0);
        QTest::newRow("text then binary")
            << hb + kBinary << QList<QByteArray> { hb, kBinary } << qsizetype(0);
        QTest::newRow("garbage first") << "junk\n" + hb << QList<QByteArray> { hb } << qsizetype(5);
        QTest::newRow("partial tail")
            << hb + a.left(30) << QList<QByteArray> { hb } << qsizetype(0);
        QTest::newRow("unterminated then new frame")
            << "*HQ,123,V1,1" + hb << QList<QByteArray> { hb } << qsizetype(12);
    }
    void framing()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QList<QByteArray>, frames);
        QFETCH(qsizetype, garbage);
        H02Decoder dec;
        qsizetype junk = 0;
        QCOMPARE(cutAllH02(dec, stream, &junk), frames);
        QCOMPARE(junk, garbage);
    }

    void splitStream()
    {
        H02Decoder dec;
        const QByteArray a
            = "*HQ,1234567890,V1,102030,A,5213.7820,N,02100.7320,E,0,0,150324,FFFFFBFF#";
        for (qsizetype i = 1; i < a.size(); ++i)
            QCOMPARE(dec.cutFrame(a.left(i)).kind, FrameCut::NeedMore);
        QCOMPARE(dec.cutFrame(a).length, a.size());
        for (qsizetype i = 1; i < kBinary.size(); ++i)
            QCOMPARE(dec.cutFrame(kBinary.left(i)).kind, FrameCut::NeedMore);
        QCOMPARE(dec.cutFrame(kBinary).length, kBinary.size());
    }

    void oversized()
    {
        H02Decoder dec;
        const QByteArray big = "*HQ," + QByteArray(dec.info().maxFrameSize, '1');
        const FrameCut c = dec.cutFrame(big);
        QCOMPARE(c.kind, FrameCut::Garbage);
        QVERIFY(c.length >= 1);
        QCOMPARE(dec.cutFrame(big.left(200)).kind, FrameCut::NeedMore);
        DecodeContext ctx;
        DecodeResult out;
        const QByteArray bigFrame = big + '#';
        dec.decode(bigFrame, ctx, out);
        QVERIFY(!out.ok());
    }

    void roundTrip_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("speed");
        QTest::addColumn<double>("course");
        QTest::addColumn<bool>("valid");
        QTest::newRow("warsaw") << 52.2297 << 21.0122 << 42.0 << 87.0 << true;
        QTest::newRow("buenos aires") << -34.6037 << -58.3816 << 0.0 << 0.0 << true;
        QTest::newRow("no fix near 180") << 1.3521 << -179.99999 << 7.5 << 350.0 << false;
    }
    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(double, speed);
        QFETCH(double, course);
        QFETCH(bool, valid);
        H02FrameEncoder enc;
        H02Decoder dec;
        const QString id = QStringLiteral("4106012345");
        QVERIFY(enc.login(id, 1).isEmpty());
        Position p;
        p.deviceTime = kNow - 5000;
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = speed;
        p.course = course;
        p.valid = valid;
        DecodeContext ctx;
        ctx.now = kNow;
        DecodeResult out;
        const QByteArray frame = enc.position(id, p, 1);
        QCOMPARE(dec.cutFrame(frame).length, frame.size());
        dec.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        const Position &q = out.messages[0].position;
        QCOMPARE(q.uniqueId, id);
        QCOMPARE(q.deviceTime, p.deviceTime);
        QVERIFY(qAbs(q.latitude - lat) < 1e-5);
        QVERIFY(qAbs(q.longitude - lon) < 1e-5);
        QVERIFY(qAbs(q.speedKph - speed) < 0.02);
        QCOMPARE(q.course, course);
        QCOMPARE(q.valid, valid);

        for (const QString &a :
            { alarm::sos, alarm::vibration, alarm::overspeed, alarm::powerCut }) {
            out.clear();
            dec.decode(enc.alarm(id, p, a, 2), ctx, out);
            QVERIFY2(out.ok(), qPrintable(out.error));
            QCOMPARE(out.messages.size(), 1);
            QCOMPARE(out.messages[0].type, MessageType::Event);
            QCOMPARE(out.messages[0].position.attributes.value(attr::alarm).toString(), a);
        }
        QVERIFY(enc.alarm(id, p, alarm::door, 3).isEmpty());

        out.clear();
        dec.decode(enc.heartbeat(id, 4), ctx, out);
        QVERIFY(out.ok());
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].type, MessageType::Heartbeat);
        QCOMPARE(out.reply, enc.heartbeat(id, 4));
    }
};

FW_TEST_CLASS(TstH02)
#include "tst_h02.moc"
