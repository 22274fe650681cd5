// Tests for the APRS (TNC2 / APRS-IS) decoder and device encoder. Samples are hand-made; expected
// coordinates are worked out by hand in the comments next to each row.

#include "TestMain.h"
#include "protocols/AprsDecoder.h"
#include "sim/AprsFrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;

namespace {

constexpr TimeMs kNow = utcTime(2026, 11, 10, 12, 0, 0); // server time for most rows

DecodeResult decodeLine(const QByteArray &line, DecodeContext &ctx)
{
    const AprsDecoder dec;
    DecodeResult out;
    dec.decode(line, ctx, out);
    return out;
}

DecodeResult decodeLine(const QByteArray &line, TimeMs now = kNow)
{
    DecodeContext ctx;
    ctx.now = now;
    return decodeLine(line, ctx);
}

} // namespace

class TstAprs : public QObject
{
    Q_OBJECT

private slots:
    void info();
    void passcode();

    void login_data();
    void login();
    void serverComment();

    void positions_data();
    void positions();
    void micE_data();
    void micE();

    void status_data();
    void status();

    void malformed_data();
    void malformed();
    void ignoredPackets_data();
    void ignoredPackets();
    void thirdParty();

    void framing_data();
    void framing();
    void framingSplitAndCoalesced();
    void oversized();

    void roundTrip_data();
    void roundTrip();
    void encoderFrames();
};

void TstAprs::info()
{
    const AprsDecoder dec;
    QCOMPARE(dec.info().name, QStringLiteral("aprs"));
    QCOMPARE(dec.info().defaultPort, quint16(14580));
    QVERIFY(dec.info().tcp);
    QVERIFY(!dec.info().http);
    QVERIFY(dec.info().textual);
    QCOMPARE(dec.info().maxFrameSize, AprsDecoder::kMaxLine);
}

void TstAprs::passcode()
{
    // Well-known value for the placeholder call; SSID and case do not matter.
    QCOMPARE(AprsDecoder::passcode("N0CALL"), 13023);
    QCOMPARE(AprsDecoder::passcode("n0call-9"), 13023);
    QCOMPARE(AprsDecoder::passcode("DL1ABC"), 17580);
    QCOMPARE(AprsDecoder::passcode("SP9XYZ-10"), 16560);
}

void TstAprs::login_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("call");
    QTest::addColumn<bool>("verified");
    QTest::addColumn<QByteArray>("reply");

    QTest::newRow("verified") << QByteArray("user N0CALL pass 13023 vers FleetTest 1.0\r\n")
                              << QStringLiteral("N0CALL") << true
                              << QByteArray("# logresp N0CALL verified, server FLEETWATCH\r\n");
    QTest::newRow("ssid+filter") << QByteArray(
        "user sp9xyz-10 pass 16560 vers LoRa-iGate 2.3 filter r/50/20/100\n")
                                 << QStringLiteral("SP9XYZ-10") << true
                                 << QByteArray(
                                        "# logresp SP9XYZ-10 verified, server FLEETWATCH\r\n");
    QTest::newRow("wrong pass") << QByteArray("user DL1ABC pass 12345 vers x 1\r\n")
                                << QStringLiteral("DL1ABC") << false
                                << QByteArray("# logresp DL1ABC unverified, server FLEETWATCH\r\n");
    QTest::newRow("receive only") << QByteArray("user DL1ABC pass -1 vers x 1\r\n")
                                  << QStringLiteral("DL1ABC") << false
                                  << QByteArray(
                                         "# logresp DL1ABC unverified, server FLEETWATCH\r\n");
    QTest::newRow("no pass") << QByteArray("user DL1ABC vers x 1\r\n") << QStringLiteral("DL1ABC")
                             << false
                             << QByteArray("# logresp DL1ABC unverified, server FLEETWATCH\r\n");
}

void TstAprs::login()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, call);
    QFETCH(bool, verified);
    QFETCH(QByteArray, reply);
    DecodeContext ctx;
    ctx.now = kNow;
    const DecodeResult out = decodeLine(line, ctx);
    QVERIFY2(out.ok(), qPrintable(out.error));
    QCOMPARE(out.reply, reply);
    QVERIFY(!out.replyAcknowledgesData);
    QCOMPARE(out.messages.size(), 1);
    QCOMPARE(out.messages[0].type, MessageType::Login);
    QCOMPARE(out.messages[0].position.uniqueId, call);
    QCOMPARE(ctx.uniqueId, call);
    QCOMPARE(ctx.state,
        verified ? int(AprsDecoder::LoggedInVerified) : int(AprsDecoder::LoggedInUnverified));
}

void TstAprs::serverComment()
{
    DecodeContext ctx;
    ctx.now = kNow;
    ctx.uniqueId = QStringLiteral("N0CALL");
    const DecodeResult out
        = decodeLine("# aprsc 2.1.19-g730c5c0 22 Nov 2026 10:00:00 GMT\r\n", ctx);
    QVERIFY(out.ok());
    QVERIFY(out.reply.isEmpty());
    QCOMPARE(out.messages.size(), 1);
    QCOMPARE(out.messages[0].type, MessageType::Heartbeat);
    QCOMPARE(out.messages[0].position.uniqueId, QStringLiteral("N0CALL"));
    QVERIFY(!out.messages[0].hasLocation);
}

void TstAprs::positions_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<QString>("id");
    QTest::addColumn<qint64>("time");
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("speedKph"); // -1 = not checked
    QTest::addColumn<double>("course");
    QTest::addColumn<double>("altitude"); // metres
    QTest::addColumn<double>("tolerance"); // for speed and altitude

    // 49 deg 03.50' = 49 + 3.5/60 = 49.0583333; 72 deg 01.75' W = -(72 + 1.75/60) = -72.0291667
    QTest::newRow("uncompressed !, no time")
        << QByteArray("n0call-9>APLRT1,WIDE1-1,qAR,DL1ABC:!4903.50N/07201.75W>LoRa\r\n")
        << qint64(kNow) << QStringLiteral("N0CALL-9") << qint64(kNow) << 49.0583333 << -72.0291667
        << 0.0 << 0.0 << 0.0 << 0.01;
    // 088/036 = course 88, 36 kn = 66.672 km/h; /A=001234 ft = 376.1232 m
    QTest::newRow("uncompressed = course/speed/alt")
        << QByteArray("N0CALL-9>APLRT1:=4903.50N/07201.75W>088/036/A=001234 Batt=4.05V\n")
        << qint64(kNow) << QStringLiteral("N0CALL-9") << qint64(kNow) << 49.0583333 << -72.0291667
        << 66.672 << 88.0 << 376.1232 << 0.001;
    // DDHHMMz 092345z with now 2026-11-10 12:00 -> 2026-11-09 23:45:00
    QTest::newRow("uncompressed @ DDHHMMz")
        << QByteArray("DL1ABC-7>APRS:@092345z3330.00S/15112.30E>180/010\r\n") << qint64(kNow)
        << QStringLiteral("DL1ABC-7") << qint64(utcTime(2026, 11, 9, 23, 45, 0)) << -33.5 << 151.205
        << 18.52 << 180.0 << 0.0 << 0.001;
    // HHMMSSh 234517h just after midnight -> the previous day
    QTest::newRow("uncompressed / HHMMSSh day boundary")
        << QByteArray("DL1ABC>APRS:/234517h0010.00N/00005.00W-\r\n")
        << qint64(utcTime(2026, 11, 10, 0, 10, 0)) << QStringLiteral("DL1ABC")
        << qint64(utcTime(2026, 11, 9, 23, 45, 17)) << 0.1666667 << -0.0833333 << 0.0 << 0.0 << 0.0
        << 0.01;
    // DDHHMM/ local time read as UTC; 302359 on Dec 1st -> Nov 30th
    QTest::newRow("uncompressed @ DDHHMM/ month boundary")
        << QByteArray("DL1ABC>APRS:@302359/5210.00N/01324.00E>\r\n")
        << qint64(utcTime(2026, 12, 1, 0, 5, 0)) << QStringLiteral("DL1ABC")
        << qint64(utcTime(2026, 11, 30, 23, 59, 0)) << 52.1666667 << 13.4 << 0.0 << 0.0 << 0.0
        << 0.01;
    // Position ambiguity: spaces read as zeros -> 49 deg 03.00' N, 72 deg 01.00' W
    QTest::newRow("uncompressed ambiguity")
        << QByteArray("N0CALL>APRS:!4903.  N/07201.  W>\r\n") << qint64(kNow)
        << QStringLiteral("N0CALL") << qint64(kNow) << 49.05 << -72.0166667 << 0.0 << 0.0 << 0.0
        << 0.01;
    // Compressed "/5L!!<*e7>7P[": y = 20*91^3 + 43*91^2 = 15427503 -> 90 - y/380926 = 49.5;
    // x = 27*91^3 + 9*91^2 + 68*91 + 22 = 20427156 -> -180 + x/190463 = -72.75;
    // cs "7P": course (55-33)*4 = 88, speed 1.08^(80-33) - 1 = 36.22 kn = 67.08 km/h
    QTest::newRow("compressed course/speed")
        << QByteArray("N0CALL-9>APLRT1:!/5L!!<*e7>7P[ comment\r\n") << qint64(kNow)
        << QStringLiteral("N0CALL-9") << qint64(kNow) << 49.5 << -72.75 << 67.08 << 88.0 << 0.0
        << 0.05;
    // Compressed with altitude: T '1' -> 0x10 (GGA source); cs "S]" = 50*91+60 = 4610,
    // 1.002^4610 = 10004 ft = 3049.2 m
    QTest::newRow("compressed altitude, @ timestamp")
        << QByteArray("N0CALL-9>APLRT1:@100930z/5L!!<*e7>S]1\r\n") << qint64(kNow)
        << QStringLiteral("N0CALL-9") << qint64(utcTime(2026, 11, 10, 9, 30, 0)) << 49.5 << -72.75
        << -1.0 << 0.0 << 3049.2 << 1.0;
}

void TstAprs::positions()
{
    QFETCH(QByteArray, line);
    QFETCH(qint64, now);
    QFETCH(QString, id);
    QFETCH(qint64, time);
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(double, speedKph);
    QFETCH(double, course);
    QFETCH(double, altitude);
    QFETCH(double, tolerance);

    const DecodeResult out = decodeLine(line, now);
    QVERIFY2(out.ok(), qPrintable(out.error));
    QVERIFY(out.reply.isEmpty());
    QCOMPARE(out.messages.size(), 1);
    const DecodedMessage &m = out.messages[0];
    QCOMPARE(m.type, MessageType::Position);
    QVERIFY(m.hasLocation);
    QCOMPARE(m.position.uniqueId, id);
    QCOMPARE(m.position.protocol, QStringLiteral("aprs"));
    QCOMPARE(m.position.deviceTime, time);
    QVERIFY(m.position.valid);
    QVERIFY2(std::fabs(m.position.latitude - lat) < 1e-5,
        qPrintable(QString::number(m.position.latitude, 'f', 7)));
    QVERIFY2(std::fabs(m.position.longitude - lon) < 1e-5,
        qPrintable(QString::number(m.position.longitude, 'f', 7)));
    if (speedKph >= 0) {
        QVERIFY2(std::fabs(m.position.speedKph - speedKph) <= tolerance,
            qPrintable(QString::number(m.position.speedKph)));
        QCOMPARE(m.position.course, course);
    }
    QVERIFY2(std::fabs(m.position.altitude - altitude) <= tolerance,
        qPrintable(QString::number(m.position.altitude)));
}

void TstAprs::micE_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("speedKnots");
    QTest::addColumn<double>("course");
    QTest::addColumn<double>("altitude");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("emergency");

    // Destination S32U6T: digits 3,3,2,5,6,4 -> 33 deg 25.64' = 33.4273333; 'U' (4th, P-Z) = N,
    // '6' (5th) = no +100 offset, 'T' (6th) = W. Message bits S=1,3=0,2=0 -> 100 "Returning".
    // Info: '(' 40-28 = 12 deg; '_' 95-28 = 67 -> 67-60 = 7 min; 'f' 102-28 = 74 hundredths
    // -> 12 + 7.74/60 = 12.129 W. 'n' 110-28 = 82, '"' 34-28 = 6, 'O' 79-28 = 51:
    // speed 82*10 + 6/10 = 820 -> -800 = 20 kn; course (6%10)*100 + 51 = 651 -> -400 = 251.
    QTest::newRow("returning") << QByteArray("N0CALL-9>S32U6T,WIDE2-1:`(_fn\"Oj/\r\n") << 33.4273333
                               << -12.129 << 20.0 << 251.0 << 0.0 << QStringLiteral("Returning")
                               << false;
    // Destination 521P37: 52 deg 10.37' N (P = digit 0, north); '3' no offset; '7' = E.
    // Bits 5,2,1 all 0 -> 000 "Emergency" (SOS). Info: ')' 41-28 = 13 deg, '4' 52-28 = 24 min,
    // 'T' 84-28 = 56 -> 13 + 24.56/60 = 13.4093333 E. 'm' 109-28 = 81, '0' 48-28 = 20,
    // 'I' 73-28 = 45: speed 810 + 2 = 812 -> 12 kn; course 0*100 + 45 = 45.
    // Altitude "\"4{}" after type byte ']': 1*8281 + 19*91 + 90 = 10100 -> 100 m.
    QTest::newRow("emergency") << QByteArray("SP9XYZ-7>521P37:`)4Tm0I>/]\"4{}Hello\r\n")
                               << 52.1728333 << 13.4093333 << 12.0 << 45.0 << 100.0
                               << QStringLiteral("Emergency") << true;
    // Destination TU0XZP (' = old Mic-E): T,U = 4,5 -> 45 deg; '0' -> 0; X = 8 (north); Z = space
    // (ambiguity, read 0), P = 0 -> 45 deg 08.00' N = 45.1333333. 5th 'Z' = +100 offset,
    // 6th 'P' = W. Bits T=1,U=1,0=0 -> 110 "En Route".
    // Info: 'X' 88-28 = 60 +100 = 160 deg; '&' 38-28 = 10 min; '6' 54-28 = 26
    // -> 160 + 10.26/60 = 160.171 W. speed/course bytes "l((" -> 80*10+1 = 801 -> 1 kn,
    // course (12%10)*100 + 12 = 212.
    QTest::newRow("en route, offset")
        << QByteArray("N0CALL>TU0XZP:'X&6l((k/\r\n") << 45.1333333 << -160.171 << 1.0 << 212.0
        << 0.0 << QStringLiteral("En Route") << false;
}

void TstAprs::micE()
{
    QFETCH(QByteArray, line);
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(double, speedKnots);
    QFETCH(double, course);
    QFETCH(double, altitude);
    QFETCH(QString, message);
    QFETCH(bool, emergency);

    const DecodeResult out = decodeLine(line);
    QVERIFY2(out.ok(), qPrintable(out.error));
    QCOMPARE(out.messages.size(), 1);
    const DecodedMessage &m = out.messages[0];
    QCOMPARE(m.type, emergency ? MessageType::Event : MessageType::Position);
    QVERIFY(m.hasLocation);
    QCOMPARE(m.position.deviceTime, kNow);
    QVERIFY2(std::fabs(m.position.latitude - lat) < 1e-5,
        qPrintable(QString::number(m.position.latitude, 'f', 7)));
    QVERIFY2(std::fabs(m.position.longitude - lon) < 1e-5,
        qPrintable(QString::number(m.position.longitude, 'f', 7)));
    QVERIFY(std::fabs(m.position.speedKph - speedKnots * kKnotsToKph) < 1e-9);
    QCOMPARE(m.position.course, course);
    QCOMPARE(m.position.altitude, altitude);
    QCOMPARE(m.position.attributes.value(QStringLiteral("micE")).toString(), message);
    QCOMPARE(
        m.position.attributes.value(attr::alarm).toString(), emergency ? alarm::sos : QString());
}

void TstAprs::status_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<QString>("event");
    QTest::addColumn<QVariantMap>("attributes");

    const qint64 now = utcTime(2026, 11, 10, 10, 46, 30);
    QTest::newRow("boot full") << QByteArray(
        "SP9XYZ-7>APLRT1,WIDE1-1:>System booted at 10:45:57Z Ws TX&RX 434.855MHz "
        "1200bps\r\n") << now << QStringLiteral("boot")
                               << QVariantMap { { QStringLiteral("bootTime"),
                                                    QStringLiteral("2026-11-10T10:45:57Z") },
                                      { QStringLiteral("digipeater"), QStringLiteral("self") },
                                      { QStringLiteral("radio"), QStringLiteral("txrx") },
                                      { QStringLiteral("frequency"), 434.855 },
                                      { QStringLiteral("bitrate"), 1200 } };
    QTest::newRow("boot no clock, wide2, wx working")
        << QByteArray("SP9XYZ-7>APLRT1:>System booted W2 WX+ RX 433.775MHz 300bps\r\n") << now
        << QStringLiteral("boot")
        << QVariantMap { { QStringLiteral("digipeater"), QStringLiteral("wide2") },
               { QStringLiteral("wx"), QStringLiteral("working") },
               { QStringLiteral("radio"), QStringLiteral("rx") },
               { QStringLiteral("frequency"), 433.775 }, { QStringLiteral("bitrate"), 300 } };
    QTest::newRow("boot before midnight")
        << QByteArray("SP9XYZ-7>APLRT1:>System booted at 23:59:50Z W1 WX- TX 434.855MHz "
                      "1200bps\r\n")
        << qint64(utcTime(2026, 11, 11, 0, 0, 20)) << QStringLiteral("boot")
        << QVariantMap { { QStringLiteral("bootTime"), QStringLiteral("2026-11-10T23:59:50Z") },
               { QStringLiteral("digipeater"), QStringLiteral("wide1") },
               { QStringLiteral("wx"), QStringLiteral("notDetected") },
               { QStringLiteral("radio"), QStringLiteral("tx") },
               { QStringLiteral("frequency"), 434.855 }, { QStringLiteral("bitrate"), 1200 } };
    QTest::newRow("boot wx enabled")
        << QByteArray("SP9XYZ-7>APLRT1:>System booted WX TX&RX\r\n") << now
        << QStringLiteral("boot")
        << QVariantMap { { QStringLiteral("wx"), QStringLiteral("enabled") },
               { QStringLiteral("radio"), QStringLiteral("txrx") } };
    QTest::newRow("remote update") << QByteArray("SP9XYZ-7>APLRT1:>Remote update\r\n") << now
                                   << QStringLiteral("remoteUpdate") << QVariantMap {};
    QTest::newRow("remote update query")
        << QByteArray("SP9XYZ-7>APLRT1:>Remote update (query)\r\n") << now
        << QStringLiteral("remoteUpdate") << QVariantMap { { QStringLiteral("query"), true } };
    QTest::newRow("remote update failed")
        << QByteArray("SP9XYZ-7>APLRT1:>Remote update failed\r\n") << now
        << QStringLiteral("remoteUpdateFailed") << QVariantMap {};
    QTest::newRow("local update started")
        << QByteArray("SP9XYZ-7>APLRT1:>Local update started\r\n") << now
        << QStringLiteral("localUpdateStarted") << QVariantMap {};
    QTest::newRow("local update finished")
        << QByteArray("SP9XYZ-7>APLRT1:>Local update finished\r\n") << now
        << QStringLiteral("localUpdateFinished") << QVariantMap {};
    QTest::newRow("user reboot") << QByteArray("SP9XYZ-7>APLRT1:>User reboot\n") << now
                                 << QStringLiteral("userReboot") << QVariantMap {};
    QTest::newRow("scheduled reboot") << QByteArray("SP9XYZ-7>APLRT1:>Scheduled Reboot\r\n") << now
                                      << QStringLiteral("scheduledReboot") << QVariantMap {};
    QTest::newRow("low battery") << QByteArray("SP9XYZ-7>APLRT1:>Low battery - sleeping\r\n") << now
                                 << QStringLiteral("lowBatterySleep")
                                 << QVariantMap { { attr::lastGasp, true },
                                        { attr::alarm, alarm::lowBattery } };
    QTest::newRow("plain status") << QByteArray("SP9XYZ-7>APRS:>Net tonight 20:00\r\n") << now
                                  << QString() << QVariantMap {};
}

void TstAprs::status()
{
    QFETCH(QByteArray, line);
    QFETCH(qint64, now);
    QFETCH(QString, event);
    QFETCH(QVariantMap, attributes);

    const DecodeResult out = decodeLine(line, now);
    QVERIFY2(out.ok(), qPrintable(out.error));
    QCOMPARE(out.messages.size(), 1);
    const DecodedMessage &m = out.messages[0];
    QCOMPARE(m.type, MessageType::Status);
    QVERIFY(!m.hasLocation);
    QCOMPARE(m.position.uniqueId, QStringLiteral("SP9XYZ-7"));
    QCOMPARE(m.position.deviceTime, now);
    QVERIFY(!m.text.isEmpty());
    QVERIFY(line.contains(m.text.toUtf8()));
    QCOMPARE(m.position.attributes.value(attr::event).toString(), event);
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it) {
        const QVariant v = m.position.attributes.value(it.key());
        QVERIFY2(v.isValid(), qPrintable(it.key()));
        if (it.value().typeId() == QMetaType::Double)
            QVERIFY(std::fabs(v.toDouble() - it.value().toDouble()) < 1e-9);
        else
            QCOMPARE(v, it.value());
    }
    // Only the listed extras (plus "event") were set.
    QCOMPARE(m.position.attributes.size(), attributes.size() + (event.isEmpty() ? 0 : 1));
}

void TstAprs::malformed_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("error");

    QTest::newRow("no header") << QByteArray("N0CALL:!4903.50N/07201.75W>\r\n")
                               << QStringLiteral("aprs: missing 'SOURCE>DEST:' header at byte 0");
    QTest::newRow("no colon") << QByteArray("N0CALL>APRS!4903.50N/07201.75W>\r\n")
                              << QStringLiteral("aprs: missing 'SOURCE>DEST:' header at byte 0");
    QTest::newRow("bad source") << QByteArray("N0 CALL>APRS:!4903.50N/07201.75W>\r\n")
                                << QStringLiteral(
                                       "aprs: bad character in source callsign at byte 2");
    QTest::newRow("empty info") << QByteArray("N0CALL>APRS:\r\n")
                                << QStringLiteral("aprs: empty information field at byte 12");
    QTest::newRow("bad latitude") << QByteArray("N0CALL>APRS:!49X3.50N/07201.75W>\r\n")
                                  << QStringLiteral("aprs: bad latitude at byte 13");
    QTest::newRow("latitude 95") << QByteArray("N0CALL>APRS:!9503.50N/07201.75W>\r\n")
                                 << QStringLiteral("aprs: bad latitude at byte 13");
    QTest::newRow("bad hemisphere") << QByteArray("N0CALL>APRS:!4903.50N/07201.75X>\r\n")
                                    << QStringLiteral("aprs: bad longitude at byte 22");
    QTest::newRow("truncated position") << QByteArray("N0CALL>APRS:!4903.50N/0720\r\n")
                                        << QStringLiteral("aprs: truncated position at byte 26");
    QTest::newRow("bad timestamp") << QByteArray("N0CALL>APRS:@9923zz4903.50N/07201.75W>\r\n")
                                   << QStringLiteral("aprs: bad timestamp at byte 13");
    QTest::newRow("truncated compressed")
        << QByteArray("N0CALL>APRS:!/5L!!<*e\r\n")
        << QStringLiteral("aprs: truncated compressed position at byte 21");
    QTest::newRow("bad base91") << QByteArray("N0CALL>APRS:!/5L!~<*e7>7P[\r\n")
                                << QStringLiteral("aprs: bad base-91 coordinates at byte 14");
    QTest::newRow("mic-e short dest")
        << QByteArray("N0CALL>S32U6:`(_fn\"Oj/\r\n")
        << QStringLiteral("aprs: Mic-E destination shorter than 6 characters at byte 0");
    QTest::newRow("mic-e bad dest")
        << QByteArray("N0CALL>S32U6M:`(_fn\"Oj/\r\n")
        << QStringLiteral("aprs: bad Mic-E destination character at byte 0");
    QTest::newRow("mic-e truncated")
        << QByteArray("N0CALL>S32U6T:`(_f\r\n")
        << QStringLiteral("aprs: truncated Mic-E information field at byte 18");
    QTest::newRow("mic-e bad longitude") << QByteArray("N0CALL>S32U6T:`\x15_fn\"Oj/\r\n")
                                         << QStringLiteral("aprs: bad Mic-E longitude at byte 15");
    QTest::newRow("login no call") << QByteArray(
        "user  \r\n") << QStringLiteral("aprs: login without a valid callsign at byte 5");
}

void TstAprs::malformed()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, error);
    DecodeContext ctx;
    ctx.now = kNow;
    const DecodeResult out = decodeLine(line, ctx);
    QVERIFY(!out.ok());
    QCOMPARE(out.error, error);
    QVERIFY(out.messages.isEmpty());
    QVERIFY(out.reply.isEmpty());
    QCOMPARE(ctx.state, 0);
}

void TstAprs::ignoredPackets_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("message") << QByteArray("N0CALL>APRS::DL1ABC   :hello{12\r\n");
    QTest::newRow("telemetry") << QByteArray("N0CALL>APRS:T#005,199,000,255,073,123,01101001\r\n");
    QTest::newRow("weather") << QByteArray("N0CALL>APRS:_10090556c220s004g005t077\r\n");
}

void TstAprs::ignoredPackets()
{
    QFETCH(QByteArray, line);
    const DecodeResult out = decodeLine(line);
    QVERIFY2(out.ok(), qPrintable(out.error));
    QVERIFY(out.messages.isEmpty());
}

void TstAprs::thirdParty()
{
    const DecodeResult out = decodeLine(
        "DL1ABC-10>APRS,TCPIP*:}N0CALL-9>APLRT1,TCPIP,DL1ABC-10*:!4903.50N/07201.75W>\r\n");
    QVERIFY2(out.ok(), qPrintable(out.error));
    QCOMPARE(out.messages.size(), 1);
    QCOMPARE(out.messages[0].position.uniqueId, QStringLiteral("N0CALL-9"));
    QVERIFY(std::fabs(out.messages[0].position.latitude - 49.0583333) < 1e-5);
}

void TstAprs::framing_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("length");

    QTest::newRow("crlf") << QByteArray("A>B:>x\r\nC>D") << int(FrameCut::Frame) << 8;
    QTest::newRow("lf") << QByteArray("A>B:>x\nC>D") << int(FrameCut::Frame) << 7;
    QTest::newRow("cr only") << QByteArray("A>B:>x\rC>D") << int(FrameCut::Frame) << 7;
    QTest::newRow("cr at end") << QByteArray("A>B:>x\r") << int(FrameCut::NeedMore) << 0;
    QTest::newRow("partial") << QByteArray("A>B:>x") << int(FrameCut::NeedMore) << 0;
    QTest::newRow("empty") << QByteArray() << int(FrameCut::NeedMore) << 0;
    QTest::newRow("blank lines") << QByteArray("\r\n\r\nA>B:>x\n") << int(FrameCut::Garbage) << 4;
}

void TstAprs::framing()
{
    QFETCH(QByteArray, stream);
    QFETCH(int, kind);
    QFETCH(int, length);
    const AprsDecoder dec;
    const FrameCut cut = dec.cutFrame(stream);
    QCOMPARE(int(cut.kind), kind);
    QCOMPARE(cut.length, qsizetype(length));
}

void TstAprs::framingSplitAndCoalesced()
{
    const QByteArray stream = QByteArray("user N0CALL pass 13023 vers t 1\r\n")
        + "# server keepalive\r\n" + "N0CALL-9>APLRT1:!4903.50N/07201.75W>\n"
        + "N0CALL-9>APLRT1:>User reboot\r\n";
    const AprsDecoder dec;
    // Coalesced: all at once.
    {
        DecodeContext ctx;
        ctx.now = kNow;
        QByteArrayView rest = stream;
        QList<MessageType> types;
        while (true) {
            const FrameCut cut = dec.cutFrame(rest);
            if (cut.kind == FrameCut::NeedMore)
                break;
            QCOMPARE(cut.kind, FrameCut::Frame);
            DecodeResult out;
            dec.decode(rest.first(cut.length), ctx, out);
            QVERIFY2(out.ok(), qPrintable(out.error));
            for (const auto &m : out.messages)
                types << m.type;
            rest = rest.sliced(cut.length);
        }
        QVERIFY(rest.isEmpty());
        QCOMPARE(types,
            (QList<MessageType> { MessageType::Login, MessageType::Heartbeat, MessageType::Position,
                MessageType::Status }));
        QCOMPARE(ctx.state, int(AprsDecoder::LoggedInVerified));
    }
    // Split: one byte at a time.
    {
        QByteArray buffer;
        int frames = 0;
        for (const char c : stream) {
            buffer += c;
            const FrameCut cut = dec.cutFrame(buffer);
            if (cut.kind == FrameCut::Frame) {
                ++frames;
                QVERIFY(buffer.endsWith('\n'));
                buffer.remove(0, cut.length);
            } else {
                QCOMPARE(cut.kind, FrameCut::NeedMore);
            }
        }
        QCOMPARE(frames, 4);
        QVERIFY(buffer.isEmpty());
    }
}

void TstAprs::oversized()
{
    const AprsDecoder dec;
    const QByteArray longLine = "N0CALL>APRS:>" + QByteArray(600, 'x');
    const FrameCut cut = dec.cutFrame(longLine);
    QCOMPARE(cut.kind, FrameCut::Garbage);
    QCOMPARE(cut.length, AprsDecoder::kMaxLine);
    // Just under the limit is still a frame.
    const QByteArray ok = "N0CALL>APRS:>" + QByteArray(400, 'x') + "\r\n";
    QCOMPARE(dec.cutFrame(ok).kind, FrameCut::Frame);
    // CR at the last allowed byte with its LF one byte beyond: too long as a whole.
    const QByteArray edge = "N0CALL>APRS:>" + QByteArray(AprsDecoder::kMaxLine - 14, 'x') + "\r\n";
    QCOMPARE(edge.size(), AprsDecoder::kMaxLine + 1);
    QCOMPARE(dec.cutFrame(edge).kind, FrameCut::Garbage);
    QCOMPARE(
        dec.cutFrame(QByteArray(edge.first(edge.size() - 2) + "\n")).length, AprsDecoder::kMaxLine);
    // A caller that hands decode() an oversized line gets an error.
    const DecodeResult out = decodeLine(longLine + "\r\n");
    QVERIFY(!out.ok());
    QVERIFY(out.error.startsWith(QStringLiteral("aprs: line longer than")));
}

void TstAprs::roundTrip_data()
{
    QTest::addColumn<int>("form"); // 0 uncompressed+timestamp, 1 compressed, 2 Mic-E
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("speedKph");
    QTest::addColumn<double>("course");
    QTest::addColumn<double>("altitude");

    const struct
    {
        const char *name;
        double lat, lon, speed, course, alt;
    } points[] = {
        { "north-east", 52.2297, 21.0122, 54.0, 271.0, 110.0 },
        { "south-west", -33.8688, -151.2093, 7.4, 15.0, 58.0 },
        { "lon < 10", 5.5, 4.25, 100.0, 359.0, 12.0 },
        { "lon 100-109", 1.3521, 103.8198, 0.0, 0.0, 15.0 },
        { "lon 110-179", -41.2865, 174.7762, 30.0, 180.0, 0.0 },
    };
    for (const auto &p : points) {
        for (int form = 0; form < 3; ++form) {
            QTest::addRow("%s/%d", p.name, form)
                << form << p.lat << p.lon << p.speed << p.course << p.alt;
        }
    }
}

void TstAprs::roundTrip()
{
    QFETCH(int, form);
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(double, speedKph);
    QFETCH(double, course);
    QFETCH(double, altitude);

    const AprsFrameEncoder enc;
    Position p;
    p.latitude = lat;
    p.longitude = lon;
    p.speedKph = speedKph;
    p.course = course;
    p.altitude = altitude;
    p.valid = true;
    p.deviceTime = utcTime(2026, 11, 10, 11, 58, 0);
    const QString id = QStringLiteral("sp9xyz-7");
    const QByteArray frame = form == 0 ? enc.position(id, p, 1)
        : form == 1                    ? enc.positionCompressed(id, p)
                                       : enc.positionMicE(id, p);
    const AprsDecoder dec;
    const FrameCut cut = dec.cutFrame(frame);
    QCOMPARE(cut.kind, FrameCut::Frame);
    QCOMPARE(cut.length, frame.size());
    const DecodeResult out = decodeLine(frame);
    QVERIFY2(out.ok(), qPrintable(out.error + QStringLiteral(" ") + QString::fromLatin1(frame)));
    QCOMPARE(out.messages.size(), 1);
    const Position &d = out.messages[0].position;
    QCOMPARE(out.messages[0].type, MessageType::Position);
    QCOMPARE(d.uniqueId, QStringLiteral("SP9XYZ-7"));
    QCOMPARE(d.deviceTime, form == 0 ? p.deviceTime : kNow);
    // 0.01' = 1.7e-4 deg for the text forms; base-91 is much finer.
    const double tol = form == 1 ? 1e-5 : 1e-4;
    QVERIFY2(std::fabs(d.latitude - lat) < tol, qPrintable(QString::number(d.latitude, 'f', 7)));
    QVERIFY2(std::fabs(d.longitude - lon) < tol, qPrintable(QString::number(d.longitude, 'f', 7)));
    // Knots in whole units (text forms) or 8 % steps (compressed).
    const double speedTol = form == 1 ? qMax(1.0, speedKph * 0.05) : 1.0;
    QVERIFY2(std::fabs(d.speedKph - speedKph) <= speedTol, qPrintable(QString::number(d.speedKph)));
    double dc = std::fabs(d.course - course);
    dc = qMin(dc, 360 - dc);
    QVERIFY2(dc <= (form == 1 ? 2.0 : 0.5), qPrintable(QString::number(d.course)));
    if (form != 1)
        QVERIFY2(std::fabs(d.altitude - altitude) <= 0.5, qPrintable(QString::number(d.altitude)));
}

void TstAprs::encoderFrames()
{
    const AprsFrameEncoder enc;
    QCOMPARE(enc.protocol(), QStringLiteral("aprs"));
    QCOMPARE(enc.login(QStringLiteral("n0call"), 0),
        QByteArray("user N0CALL pass 13023 vers FleetWatchSim 0.1\r\n"));
    DecodeContext ctx;
    ctx.now = kNow;
    DecodeResult out = decodeLine(enc.login(QStringLiteral("dl1abc-9"), 0), ctx);
    QVERIFY(out.ok());
    QCOMPARE(out.reply, QByteArray("# logresp DL1ABC-9 verified, server FLEETWATCH\r\n"));

    out = decodeLine(enc.heartbeat(QStringLiteral("dl1abc-9"), 1), ctx);
    QVERIFY(out.ok());
    QCOMPARE(out.messages.size(), 1);
    QCOMPARE(out.messages[0].type, MessageType::Heartbeat);
    QCOMPARE(out.messages[0].position.uniqueId, QStringLiteral("DL1ABC-9"));

    Position p;
    p.latitude = 50.06;
    p.longitude = 19.94;
    p.speedKph = 20;
    p.valid = true;
    out = decodeLine(enc.alarm(QStringLiteral("dl1abc-9"), p, alarm::sos, 2), ctx);
    QVERIFY2(out.ok(), qPrintable(out.error));
    QCOMPARE(out.messages.size(), 1);
    QCOMPARE(out.messages[0].type, MessageType::Event);
    QVERIFY(out.messages[0].hasLocation);
    QCOMPARE(out.messages[0].position.attributes.value(attr::alarm).toString(), alarm::sos);
    QVERIFY(std::fabs(out.messages[0].position.latitude - 50.06) < 1e-4);

    out = decodeLine(enc.alarm(QStringLiteral("dl1abc-9"), p, alarm::lowBattery, 3), ctx);
    QVERIFY(out.ok());
    QCOMPARE(out.messages.size(), 1);
    QCOMPARE(out.messages[0].type, MessageType::Status);
    QCOMPARE(out.messages[0].position.attributes.value(attr::alarm).toString(), alarm::lowBattery);
    QVERIFY(enc.alarm(QStringLiteral("dl1abc-9"), p, alarm::door, 4).isEmpty());
}

FW_TEST_CLASS(TstAprs)
#include "tst_aprs.moc"
