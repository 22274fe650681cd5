// 3G watch decoder: hand-made frames (LK, UD, AL with status bits, health readings, voice
// messages with escapes, the indexed ZJ variant), malformed input, framing, replies and
// encoder round trips.
#include "StreamFeed.h"
#include "TestMain.h"

#include "protocols/WatchDecoder.h"
#include "sim/WatchFrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;
using fw::test::feedStream;

namespace {

constexpr TimeMs kNow = utcTime(2024, 3, 10, 12, 0, 0);

const QByteArray kUd = "UD,100324,114530,A,47.376887,N,8.541694,E,12.50,90.5,408.0,9,80,76,"
                       "1520,0,00000000,1,1,228,1,3020,12345,60,0";

QByteArray frame(QByteArrayView vendor, QByteArrayView content)
{
    return '[' + vendor.toByteArray() + "*8800000015*"
        + QByteArray::number(content.size(), 16).rightJustified(4, '0') + '*'
        + content.toByteArray() + ']';
}

} // namespace

class TstWatch : public QObject
{
    Q_OBJECT

private slots:
    void info()
    {
        const WatchDecoder dec;
        QCOMPARE(dec.info().name, QStringLiteral("watch"));
        QCOMPARE(dec.info().defaultPort, quint16(5093));
        QVERIFY(dec.info().tcp);
        QVERIFY(dec.info().textual);
    }

    void decode_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("type"); // "" = no message
        QTest::addColumn<bool>("hasLocation");
        QTest::addColumn<QString>("time");
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<QString>("alarm");
        QTest::addColumn<QByteArray>("reply");

        const QString none;
        QTest::newRow("link") << QByteArray("[SG*8800000015*0002*LK]") << "heartbeat" << false
                              << none << 0.0 << 0.0 << none
                              << QByteArray("[SG*8800000015*0002*LK]");
        QTest::newRow("link-3g") << QByteArray("[3G*8800000015*000A*LK,50,0,88]") << "heartbeat"
                                 << false << none << 0.0 << 0.0 << none
                                 << QByteArray("[3G*8800000015*0002*LK]");
        QTest::newRow("ud") << frame("SG", kUd) << "position" << true << "2024-03-10T11:45:30Z"
                            << 47.376887 << 8.541694 << none << QByteArray();
        QTest::newRow("ud2-south-west") << frame("CS",
            "UD2,100324,114530,V,33.868820,S,151.209296,W,0.0,0.0,0.0,0,50,40,0,0,"
            "00000000,0,0") << "position"
                                        << true << "2024-03-10T11:45:30Z" << -33.86882
                                        << -151.209296 << none << QByteArray();
        QTest::newRow("ud-lte-no-fix")
            << frame("3G",
                   "UD_LTE,100324,114530,V,0.000000,N,0.000000,E,0.0,0.0,0.0,0,50,40,0,0,"
                   "00000000,1,1,228,1,3020,12345,60,0")
            << "position" << false << "2024-03-10T11:45:30Z" << 0.0 << 0.0 << none << QByteArray();
        QTest::newRow("alarm-sos") << frame("SG",
            "AL,100324,114530,A,47.376887,N,8.541694,E,0.0,0.0,0.0,5,80,70,0,0,"
            "00010000,0,0") << "event"
                                   << true << "2024-03-10T11:45:30Z" << 47.376887 << 8.541694
                                   << "sos" << QByteArray("[SG*8800000015*0002*AL]");
        QTest::newRow("alarm-lte-removing") << frame("3G",
            "AL_LTE,100324,114530,A,47.376887,N,8.541694,E,0.0,0.0,0.0,5,80,70,0,0,"
            "00100000,0,0") << "event" << true
                                            << "2024-03-10T11:45:30Z" << 47.376887 << 8.541694
                                            << "removing" << QByteArray("[3G*8800000015*0002*AL]");
        QTest::newRow("alarm-no-bits") << frame("SG",
            "AL,100324,114530,A,47.376887,N,8.541694,E,0.0,0.0,0.0,5,80,70,0,0,"
            "00000000,0,0") << "event" << true
                                       << "2024-03-10T11:45:30Z" << 47.376887 << 8.541694
                                       << "general" << QByteArray("[SG*8800000015*0002*AL]");
        QTest::newRow("ud-low-battery-bit") << frame("SG",
            "UD,100324,114530,A,47.376887,N,8.541694,E,0.0,0.0,0.0,5,80,7,0,0,"
            "00000001,0,0") << "event" << true
                                            << "2024-03-10T11:45:30Z" << 47.376887 << 8.541694
                                            << "lowBattery" << QByteArray();
        QTest::newRow("indexed-zj")
            << QByteArray("[ZJ*8800000015*0042*0002*LK]") << "heartbeat" << false << none << 0.0
            << 0.0 << none << QByteArray("[ZJ*8800000015*0042*0002*LK]");
        QTest::newRow("heart-rate") << frame("3G", "heart,74") << "status" << false << none << 0.0
                                    << 0.0 << none << QByteArray();
        const QByteArray tkq("[3G*8800000015*0003*TKQ]");
        QTest::newRow("tkq") << tkq << "" << false << none << 0.0 << 0.0 << none << tkq;
        QTest::newRow("init") << QByteArray("[3G*8800000015*0004*INIT]") << "" << false << none
                              << 0.0 << 0.0 << none << QByteArray("[3G*8800000015*0006*INIT,1]");
        // Voice message: ']' ',' '*' '[' '}' inside the audio are escaped on the wire.
        QTest::newRow("voice") << QByteArray("[CS*8800000015*000B*TK,#!AMR\x7d\x03\x7d\x04"
                                             "\x7d\x05\x7d\x02\x7d\x01\x01]")
                               << "status" << false << none << 0.0 << 0.0 << none
                               << QByteArray("[CS*8800000015*0004*TK,1]");
        QTest::newRow("unknown-type")
            << frame("SG", "CONFIG,1") << "" << false << none << 0.0 << 0.0 << none << tkq.left(0);
    }

    void decode()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, type);
        QFETCH(bool, hasLocation);
        QFETCH(QString, time);
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(QString, alarm);
        QFETCH(QByteArray, reply);
        const WatchDecoder dec;
        QCOMPARE(dec.cutFrame(frame).kind, FrameCut::Frame);
        QCOMPARE(dec.cutFrame(frame).length, frame.size());
        DecodeContext ctx;
        ctx.now = kNow;
        DecodeResult out;
        dec.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.reply, reply);
        QVERIFY(!out.replyAcknowledgesData);
        QCOMPARE(ctx.uniqueId, QStringLiteral("8800000015"));
        if (type.isEmpty()) {
            QVERIFY(out.messages.isEmpty());
            return;
        }
        QCOMPARE(out.messages.size(), 1);
        const DecodedMessage &m = out.messages.first();
        QCOMPARE(messageTypeId(m.type), type);
        QCOMPARE(m.position.uniqueId, QStringLiteral("8800000015"));
        QCOMPARE(m.position.protocol, QStringLiteral("watch"));
        QCOMPARE(m.hasLocation, hasLocation);
        if (!time.isEmpty())
            QCOMPARE(toIso(m.position.deviceTime), time);
        QVERIFY(std::fabs(m.position.latitude - lat) < 1e-6);
        QVERIFY(std::fabs(m.position.longitude - lon) < 1e-6);
        QCOMPARE(m.position.attributes.value(attr::alarm).toString(), alarm);
    }

    void attributes()
    {
        const WatchDecoder dec;
        DecodeContext ctx;
        DecodeResult out;
        dec.decode(frame("SG", kUd), ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const Position &p = out.messages.first().position;
        QVERIFY(p.valid);
        QCOMPARE(p.speedKph, 12.5); // km/h on the wire
        QCOMPARE(p.course, 90.5);
        QCOMPARE(p.altitude, 408.0);
        QCOMPARE(p.satellites, 9);
        QCOMPARE(p.attributes.value(attr::rssi), QVariant(80));
        QCOMPARE(p.attributes.value(attr::batteryLevel), QVariant(76));
        QCOMPARE(p.attributes.value(QStringLiteral("steps")), QVariant(1520));

        out.clear();
        dec.decode("[3G*8800000015*000A*LK,50,0,88]", ctx, out);
        QCOMPARE(out.messages.first().position.attributes.value(attr::batteryLevel), QVariant(88));

        out.clear();
        dec.decode(frame("3G", "bphrt,121,81,66"), ctx, out);
        const Attributes &a = out.messages.first().position.attributes;
        QCOMPARE(a.value(QStringLiteral("pressureHigh")), QVariant(121));
        QCOMPARE(a.value(QStringLiteral("pressureLow")), QVariant(81));
        QCOMPARE(a.value(QStringLiteral("heartRate")), QVariant(66));

        out.clear();
        dec.decode(frame("3G", "btemp2,1,36.65"), ctx, out);
        QCOMPARE(out.messages.first().position.attributes.value(QStringLiteral("temp1")),
            QVariant(36.65));

        out.clear();
        dec.decode(
            "[CS*8800000015*000B*TK,#!AMR\x7d\x03\x7d\x04\x7d\x05\x7d\x02\x7d\x01\x01]", ctx, out);
        QCOMPARE(out.messages.first().position.attributes.value(QStringLiteral("audioBytes")),
            QVariant(11));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("error");
        QTest::newRow("no-close") << QByteArray("[SG*8800000015*0002*LK")
                                  << "watch: frame does not end with ']' at byte 21";
        QTest::newRow("no-open") << QByteArray("SG*8800000015*0002*LK]")
                                 << "watch: frame does not start with '[' at byte 0";
        QTest::newRow("bad-vendor")
            << QByteArray("[S-G*8800000015*0002*LK]") << "watch: bad vendor prefix at byte 1";
        QTest::newRow("bad-id") << QByteArray("[SG*88000#0015*0002*LK]")
                                << "watch: bad character in device id at byte 9";
        QTest::newRow("bad-length")
            << QByteArray("[SG*8800000015*00G2*LK]") << "watch: bad length field at byte 15";
        QTest::newRow("bad-escape") << QByteArray("[CS*8800000015*0004*TK,\x7d\x09]")
                                    << "watch: bad escape sequence at byte 23";
        QTest::newRow("dangling-escape") << QByteArray("[CS*8800000015*0004*TK,\x7d]")
                                         << "watch: bad escape sequence at byte 23";
        QTest::newRow("truncated-position")
            << frame("SG", "UD,100324,114530,A,47.376887,N,8.541694")
            << "watch: truncated position at byte 59";
        QTest::newRow("bad-latitude") << frame("SG",
            "UD,100324,114530,A,97.376887,N,8.541694,E,0.0,0.0,0.0,5,80,70,0,0,"
            "00000000,0,0") << "watch: bad latitude at byte 39";
        QTest::newRow("bad-date") << frame("SG",
            "UD,320324,114530,A,47.376887,N,8.541694,E,0.0,0.0,"
            "0.0,5,80,70,0,0,00000000,0,0")
                                  << "watch: bad date/time at byte 23";
        QTest::newRow("bad-status") << frame("SG",
            "UD,100324,114530,A,47.376887,N,8.541694,E,0.0,0.0,0.0,5,80,70,0,0,"
            "0000XX00,0,0") << "watch: bad status field at byte 86";
        QTest::newRow("oversized") << QByteArray('[' + QByteArray(70000, 'A') + ']')
                                   << "watch: frame too long at byte 65536";
    }

    void errors()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, error);
        const WatchDecoder dec;
        DecodeContext ctx;
        DecodeResult out;
        dec.decode(frame, ctx, out);
        QCOMPARE(out.error, error);
        QVERIFY(out.messages.isEmpty());
        QVERIFY(out.reply.isEmpty());
    }

    void framing()
    {
        const WatchDecoder dec;
        // Coalesced frames, a Wi-Fi name holding brackets, a voice message with escapes, and
        // line noise between frames.
        const QByteArray wifi = frame("3G",
            "UD,100324,114530,A,47.376887,N,8.541694,E,0.0,0.0,0.0,5,"
            "80,70,0,0,00000000,0,0,2,[Cafe] Free,aa:bb:cc:dd:ee:ff,"
            "-60,Home,11:22:33:44:55:66,-70");
        const QByteArray stream = QByteArray("[SG*8800000015*0002*LK]") + frame("SG", kUd) + wifi
            + "[CS*8800000015*000B*TK,#!AMR\x7d\x03\x7d\x04\x7d\x05\x7d\x02\x7d\x01\x01]" + "xx"
            + frame("SG", "heart,70");
        for (const int chunk : { 1, 5, 33, 4096 }) {
            qsizetype garbage = 0;
            const QList<DecodeResult> results
                = feedStream(dec, stream, chunk, kNow, nullptr, &garbage);
            QVERIFY2(garbage == 2, qPrintable(QString::number(chunk)));
            QCOMPARE(results.size(), 5);
            QStringList types;
            for (const DecodeResult &r : results) {
                QVERIFY2(r.ok(), qPrintable(r.error));
                QCOMPARE(r.messages.size(), 1);
                types << messageTypeId(r.messages.first().type);
            }
            const QString expected = QStringLiteral("heartbeat,position,position,status,status");
            QCOMPARE(types.join(u','), expected);
            QCOMPARE(results.at(0).reply, QByteArray("[SG*8800000015*0002*LK]"));
        }
    }

    void cutFrame()
    {
        const WatchDecoder dec;
        QCOMPARE(dec.cutFrame("[SG*88000").kind, FrameCut::NeedMore);
        QCOMPARE(dec.cutFrame("").kind, FrameCut::NeedMore);
        const FrameCut junk = dec.cutFrame("garbage[SG*1*0002*LK]");
        QCOMPARE(junk.kind, FrameCut::Garbage);
        QCOMPARE(junk.length, 7);
        // A frame that never closed before the next one starts is dropped up to it.
        const FrameCut unclosed = dec.cutFrame("[SG*1*0009*UD,10032[SG*1*0002*LK]");
        QCOMPARE(unclosed.kind, FrameCut::Garbage);
        QCOMPARE(unclosed.length, 19);
        const FrameCut big = dec.cutFrame(QByteArray("[SG*1*0002*" + QByteArray(70000, 'A')));
        QCOMPARE(big.kind, FrameCut::Garbage);
        QVERIFY(big.length >= 1);
    }

    void escapes()
    {
        const QByteArray binary("\x7d\x5b\x5d\x2c\x2a\x00\xff", 7);
        const QByteArray escaped = WatchFrameEncoder::escape(binary);
        QCOMPARE(escaped, QByteArray("\x7d\x01\x7d\x02\x7d\x03\x7d\x04\x7d\x05\x00\xff", 12));
        QByteArray back;
        qsizetype bad = -1;
        QVERIFY(WatchDecoder::unescape(escaped, back, bad));
        QCOMPARE(back, binary);
        QVERIFY(!WatchDecoder::unescape("ab\x7d", back, bad));
        QCOMPARE(bad, 2);
    }

    void roundTrip_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("speedKph");
        QTest::addColumn<bool>("valid");
        QTest::newRow("north-east") << 47.376887 << 8.541694 << 4.5 << true;
        QTest::newRow("south-west") << -22.906847 << -43.172897 << 0.0 << false;
    }

    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(double, speedKph);
        QFETCH(bool, valid);
        const WatchFrameEncoder enc;
        const WatchDecoder dec;
        Position p;
        p.deviceTime = utcTime(2024, 3, 10, 11, 45, 30);
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = speedKph;
        p.course = 181.5;
        p.altitude = 12.0;
        p.satellites = 6;
        p.valid = valid;
        p.attributes.set(attr::batteryLevel, 55);
        const QString id = QStringLiteral("3G0001");
        const QByteArray stream = enc.login(id, 1) + enc.position(id, p, 2) + enc.heartbeat(id, 3)
            + enc.alarm(id, p, alarm::sos, 4) + enc.alarm(id, p, alarm::fallDown, 5);
        const QList<DecodeResult> results = feedStream(dec, stream, 9, kNow);
        QCOMPARE(results.size(), 5);
        QCOMPARE(results.at(0).messages.first().type, MessageType::Heartbeat);
        QCOMPARE(results.at(0).reply, QByteArray("[SG*3G0001*0002*LK]"));
        const Attributes &link = results.at(2).messages.first().position.attributes;
        QCOMPARE(link.value(attr::batteryLevel), QVariant(100));
        for (const int i : { 1, 3, 4 }) {
            QVERIFY2(results.at(i).ok(), qPrintable(results.at(i).error));
            const DecodedMessage &m = results.at(i).messages.first();
            QVERIFY(m.hasLocation);
            QCOMPARE(m.position.uniqueId, id);
            QCOMPARE(m.position.deviceTime, p.deviceTime);
            QCOMPARE(m.position.valid, valid);
            QVERIFY(std::fabs(m.position.latitude - lat) < 1e-6);
            QVERIFY(std::fabs(m.position.longitude - lon) < 1e-6);
            QVERIFY(std::fabs(m.position.speedKph - speedKph) < 0.01);
            QVERIFY(std::fabs(m.position.course - 181.5) < 0.1);
            QCOMPARE(m.position.satellites, 6);
            QCOMPARE(m.position.attributes.value(attr::batteryLevel), QVariant(55));
        }
        QCOMPARE(results.at(3).messages.first().position.attributes.value(attr::alarm),
            QVariant(alarm::sos));
        QCOMPARE(results.at(3).reply, QByteArray("[SG*3G0001*0002*AL]"));
        QCOMPARE(results.at(4).messages.first().position.attributes.value(attr::alarm),
            QVariant(alarm::fallDown));
        QVERIFY(enc.alarm(id, p, alarm::door, 6).isEmpty());
    }
};

FW_TEST_CLASS(TstWatch)
#include "tst_watch.moc"
