// NMEA 0183 over TCP: hand-made sentences (there are no public vectors), the device id
// convention, checksums, the GGA day boundary, framing and encoder round trips.
#include "StreamFeed.h"
#include "TestMain.h"

#include "protocols/NmeaDecoder.h"
#include "sim/NmeaFrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;
using fw::test::feedStream;

namespace {

constexpr TimeMs kNow = utcTime(2024, 3, 10, 12, 0, 0);

} // namespace

class TstNmea : public QObject
{
    Q_OBJECT

private slots:
    void info()
    {
        const NmeaDecoder dec;
        QCOMPARE(dec.info().name, QStringLiteral("nmea"));
        QCOMPARE(dec.info().defaultPort, quint16(10110));
        QVERIFY(dec.info().tcp);
        QVERIFY(!dec.info().udp);
        QVERIFY(dec.info().textual);
    }

    void checksumHelper()
    {
        // Sentence from the encoder: the checksum must be the XOR of the body, in upper hex.
        QCOMPARE(NmeaFrameEncoder::sentence("PFWID,TRUCK7"), QByteArray("$PFWID,TRUCK7*0C\r\n"));
    }

    void decode_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("hasLocation");
        QTest::addColumn<QString>("time");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("speedKph");

        QTest::newRow("rmc") << NmeaFrameEncoder::sentence(
            "GPRMC,093015.50,A,4916.4500,N,12311.1200,W,10.0,54.7,100324,020.3,E,A")
                             << "position" << true << "2024-03-10T09:30:15.500Z" << true
                             << 49.274167 << -123.185333 << 18.52;
        QTest::newRow("gnrmc-void")
            << NmeaFrameEncoder::sentence(
                   "GNRMC,235959,V,3351.0000,S,15112.0000,E,0.0,0.0,090324,,,N")
            << "position" << true << "2024-03-09T23:59:59Z" << false << -33.85 << 151.2 << 0.0;
        QTest::newRow("gga") << NmeaFrameEncoder::sentence(
            "GPGGA,113000.00,5230.0000,N,01322.5000,E,1,08,0.9,34.5,M,47.0,M,,")
                             << "position" << true << "2024-03-10T11:30:00Z" << true << 52.5
                             << 13.375 << 0.0;
        // 23:50 seen at 12:00 is closer to yesterday... no: 11h50 ahead vs 12h10 behind.
        QTest::newRow("gga-late") << NmeaFrameEncoder::sentence(
            "GNGGA,235000,5230.0000,N,01322.5000,E,2,10,0.8,30.0,M,,M,,")
                                  << "position" << true << "2024-03-10T23:50:00Z" << true << 52.5
                                  << 13.375 << 0.0;
        QTest::newRow("gga-no-quality")
            << NmeaFrameEncoder::sentence("GPGGA,115959,5230.0000,N,01322.5000,E,0,00,,,M,,M,,")
            << "position" << true << "2024-03-10T11:59:59Z" << false << 52.5 << 13.375 << 0.0;
        QTest::newRow("rmc-no-fix")
            << NmeaFrameEncoder::sentence("GPRMC,,V,,,,,,,,,,N") << "heartbeat" << false
            << QString() << false << 0.0 << 0.0 << 0.0;
        QTest::newRow("gll") << NmeaFrameEncoder::sentence(
            "GPGLL,5230.0000,N,01322.5000,E,113000.00,A,A")
                             << "position" << true << "2024-03-10T11:30:00Z" << true << 52.5
                             << 13.375 << 0.0;
        QTest::newRow("gll-void") << NmeaFrameEncoder::sentence(
            "GNGLL,5230.0000,S,01322.5000,W,113000,V,N")
                                  << "position" << true << "2024-03-10T11:30:00Z" << false
                                  << -52.5 << -13.375 << 0.0;
        QTest::newRow("gll-no-fix") << NmeaFrameEncoder::sentence("GPGLL,,,,,113000,V,N")
                                    << "heartbeat" << false << QString() << false << 0.0 << 0.0
                                    << 0.0;
        QTest::newRow("txt") << NmeaFrameEncoder::sentence("GPTXT,01,01,02,ANTENNA OPEN")
                             << "status" << false << QString() << false << 0.0 << 0.0 << 0.0;
        QTest::newRow("no-checksum")
            << QByteArray("$GPRMC,093015,A,4916.4500,N,12311.1200,W,0.0,0.0,100324,,\r\n")
            << "position" << true << "2024-03-10T09:30:15Z" << true << 49.274167 << -123.185333
            << 0.0;
    }

    void decode()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, type);
        QFETCH(bool, hasLocation);
        QFETCH(QString, time);
        QFETCH(bool, valid);
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(double, speedKph);
        const NmeaDecoder dec;
        DecodeContext ctx;
        ctx.now = kNow;
        ctx.uniqueId = QStringLiteral("GPS-1");
        DecodeResult out;
        dec.decode(line, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QVERIFY(out.reply.isEmpty());
        QCOMPARE(out.messages.size(), 1);
        const DecodedMessage &m = out.messages.first();
        QCOMPARE(messageTypeId(m.type), type);
        QCOMPARE(m.hasLocation, hasLocation);
        QCOMPARE(m.position.protocol, QStringLiteral("nmea"));
        QCOMPARE(m.position.uniqueId, QStringLiteral("GPS-1"));
        if (!time.isEmpty())
            QCOMPARE(toIso(m.position.deviceTime), time);
        if (hasLocation) {
            QCOMPARE(m.position.valid, valid);
            QVERIFY(std::fabs(m.position.latitude - lat) < 1e-5);
            QVERIFY(std::fabs(m.position.longitude - lon) < 1e-5);
            QVERIFY(std::fabs(m.position.speedKph - speedKph) < 1e-6);
        }
    }

    void ggaFields()
    {
        const NmeaDecoder dec;
        DecodeContext ctx;
        ctx.now = kNow;
        DecodeResult out;
        dec.decode(NmeaFrameEncoder::sentence(
                       "GPGGA,113000.00,5230.0000,N,01322.5000,E,1,08,0.9,34.5,M,47.0,M,,"),
            ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const Position &p = out.messages.first().position;
        QCOMPARE(p.satellites, 8);
        QCOMPARE(p.altitude, 34.5);
        QCOMPARE(p.attributes.value(attr::hdop), QVariant(0.9));
    }

    void dayBoundary()
    {
        // Just after midnight UTC, a GGA stamped 23:59:58 belongs to the previous day.
        const NmeaDecoder dec;
        DecodeContext ctx;
        ctx.now = utcTime(2024, 3, 11, 0, 0, 3);
        DecodeResult out;
        dec.decode(NmeaFrameEncoder::sentence(
                       "GPGGA,235958,5230.0000,N,01322.5000,E,1,08,0.9,34.5,M,,M,,"),
            ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(toIso(out.messages.first().position.deviceTime),
            QStringLiteral("2024-03-10T23:59:58Z"));
        // And the other way round: a receiver ahead of a server clock that is before midnight.
        ctx.now = utcTime(2024, 3, 10, 23, 59, 59);
        out.clear();
        dec.decode(NmeaFrameEncoder::sentence(
                       "GPGGA,000001,5230.0000,N,01322.5000,E,1,08,0.9,34.5,M,,M,,"),
            ctx, out);
        QCOMPARE(toIso(out.messages.first().position.deviceTime),
            QStringLiteral("2024-03-11T00:00:01Z"));
    }

    void deviceId()
    {
        const NmeaDecoder dec;
        DecodeContext ctx;
        DecodeResult out;
        dec.decode("TRUCK-7\r\n", ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages.first().type, MessageType::Login);
        QCOMPARE(ctx.uniqueId, QStringLiteral("TRUCK-7"));

        out.clear();
        dec.decode(NmeaFrameEncoder::sentence("GPGSV,1,1,00"), ctx, out);
        QVERIFY(out.ok());
        QVERIFY(out.messages.isEmpty());

        // After a sentence a bare line is no longer an id...
        out.clear();
        dec.decode("OTHER\r\n", ctx, out);
        QCOMPARE(out.error, QStringLiteral("nmea: text line after NMEA sentences at byte 0"));
        QCOMPARE(ctx.uniqueId, QStringLiteral("TRUCK-7"));
        // ...but $PFWID may rename the connection at any time.
        out.clear();
        dec.decode(NmeaFrameEncoder::sentence("PFWID,BOAT_12"), ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.first().type, MessageType::Login);
        QCOMPARE(out.messages.first().position.uniqueId, QStringLiteral("BOAT_12"));
        QCOMPARE(ctx.uniqueId, QStringLiteral("BOAT_12"));
    }

    // Streamers name themselves with $PGID / $IMEI / $ID, or put their id before a sentence.
    void selfIdentification_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("positions");
        const QByteArray rmc = "GPRMC,093015,A,4916.4500,N,12311.1200,W,0.0,0.0,100324,,";
        QTest::newRow("pgid") << NmeaFrameEncoder::sentence("PGID,862877030081211")
                              << "862877030081211" << 0;
        QTest::newRow("imei") << NmeaFrameEncoder::sentence("IMEI,359710049095095")
                              << "359710049095095" << 0;
        QTest::newRow("id") << NmeaFrameEncoder::sentence("ID,BOAT-3") << "BOAT-3" << 0;
        QTest::newRow("id, sentence") << "TRUCK9," + NmeaFrameEncoder::sentence(rmc) << "TRUCK9"
                                      << 1;
        QTest::newRow("id space sentence")
            << "TRUCK9 " + NmeaFrameEncoder::sentence(rmc) << "TRUCK9" << 1;
        QTest::newRow("id sentence") << "358899051234567" + NmeaFrameEncoder::sentence(rmc)
                                     << "358899051234567" << 1;
    }
    void selfIdentification()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, id);
        QFETCH(int, positions);
        const NmeaDecoder dec;
        DecodeContext ctx;
        ctx.now = kNow;
        DecodeResult out;
        dec.decode(line, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(ctx.uniqueId, id);
        QCOMPARE(out.messages.size(), 1 + positions);
        QCOMPARE(out.messages.first().type, MessageType::Login);
        if (positions > 0) {
            QVERIFY(out.messages.last().hasLocation);
            QCOMPARE(out.messages.last().position.uniqueId, id);
        }
        // The same id again is no new login.
        out.clear();
        dec.decode(line, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        if (positions > 0)
            QCOMPARE(out.messages.size(), positions);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("error");
        QTest::newRow("bad-checksum")
            << QByteArray("$GPRMC,093015,A,4916.4500,N,12311.1200,W,0.0,0.0,100324,,*00\r\n")
            << "nmea: bad checksum (expected 0d, got 00) at byte 57";
        QTest::newRow("malformed-checksum")
            << QByteArray("$GPRMC,093015,A,4916.4500,N,12311.1200,W,0.0,0.0,100324,,*6\r\n")
            << "nmea: malformed checksum at byte 57";
        QTest::newRow("bad-latitude") << NmeaFrameEncoder::sentence(
            "GPRMC,093015,A,49x6.4500,N,12311.1200,W,0.0,0.0,100324,,")
                                      << "nmea: bad latitude at byte 16";
        QTest::newRow("bad-hemisphere") << NmeaFrameEncoder::sentence(
            "GPRMC,093015,A,4916.4500,N,12311.1200,Q,0.0,0.0,100324,,")
                                        << "nmea: bad longitude at byte 28";
        QTest::newRow("minutes-over-60")
            << NmeaFrameEncoder::sentence("GPGGA,093015,4961.0000,N,12311.12,W,1,05,1.0,0,M,,M,,")
            << "nmea: bad latitude at byte 14";
        QTest::newRow("bad-date") << NmeaFrameEncoder::sentence(
            "GPRMC,093015,A,4916.4500,N,12311.1200,W,0.0,0.0,321324,,")
                                  << "nmea: bad date/time at byte 49";
        QTest::newRow("truncated") << NmeaFrameEncoder::sentence("GPRMC,093015,A,4916.4500,N")
                                   << "nmea: bad longitude at byte 27";
        QTest::newRow("bad-id") << QByteArray("TRUCK 7\r\n")
                                << "nmea: bad character in device id line at byte 5";
        QTest::newRow("bad-pfwid")
            << NmeaFrameEncoder::sentence("PFWID,") << "nmea: bad device id in $PFWID at byte 7";
        QTest::newRow("oversized") << QByteArray("$GP" + QByteArray(400, 'A') + "\r\n")
                                   << "nmea: sentence too long at byte 256";
    }

    void errors()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, error);
        const NmeaDecoder dec;
        DecodeContext ctx;
        ctx.now = kNow;
        DecodeResult out;
        dec.decode(line, ctx, out);
        QCOMPARE(out.error, error);
        QVERIFY(out.messages.isEmpty());
    }

    void framing()
    {
        const NmeaDecoder dec;
        const QByteArray stream = QByteArray("TRUCK-7\r\n")
            + NmeaFrameEncoder::sentence("GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1")
            + NmeaFrameEncoder::sentence(
                "GPRMC,093015.50,A,4916.4500,N,12311.1200,W,10.0,54.7,100324,020.3,E,A")
            + "\n" // a blank line
            + NmeaFrameEncoder::sentence(
                "GPGGA,093016.00,4916.4510,N,12311.1210,W,1,08,0.9,34.5,M,47.0,M,,");
        for (const int chunk : { 1, 3, 16, 1024 }) {
            int garbage = 0;
            const QList<DecodeResult> results = feedStream(dec, stream, chunk, kNow, &garbage);
            QCOMPARE(garbage, 0);
            QCOMPARE(results.size(), 5);
            int positions = 0;
            for (const DecodeResult &r : results) {
                QVERIFY2(r.ok(), qPrintable(r.error));
                for (const DecodedMessage &m : r.messages) {
                    if (m.hasLocation) {
                        ++positions;
                        QCOMPARE(m.position.uniqueId, QStringLiteral("TRUCK-7"));
                    }
                }
            }
            QCOMPARE(positions, 2);
        }
    }

    void cutFrame()
    {
        const NmeaDecoder dec;
        QCOMPARE(dec.cutFrame("$GPRMC,1234").kind, FrameCut::NeedMore);
        const FrameCut junk = dec.cutFrame("\x01\x02\x03$GPGSV*00\r\n");
        QCOMPARE(junk.kind, FrameCut::Garbage);
        QCOMPARE(junk.length, 3);
        const FrameCut big = dec.cutFrame(QByteArray(1000, 'A'));
        QCOMPARE(big.kind, FrameCut::Garbage);
        QVERIFY(big.length >= 1);
        const FrameCut line = dec.cutFrame("$GPGSV*00\r\n$GP");
        QCOMPARE(line.kind, FrameCut::Frame);
        QCOMPARE(line.length, 11);
    }

    void roundTrip_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("speedKph");
        QTest::addColumn<bool>("valid");
        QTest::newRow("north-west") << 40.712776 << -74.005974 << 55.5 << true;
        QTest::newRow("south-east") << -41.286461 << 174.776230 << 0.0 << true;
        QTest::newRow("invalid") << 89.999 << -179.999 << 3.0 << false;
    }

    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(double, speedKph);
        QFETCH(bool, valid);
        const NmeaFrameEncoder enc;
        const NmeaDecoder dec;
        Position p;
        p.deviceTime = utcTime(2024, 3, 10, 11, 59, 30, 250);
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = speedKph;
        p.course = 12.25;
        p.valid = valid;
        p.satellites = 9;
        p.altitude = 120.5;
        const QString id = QStringLiteral("NMEA-42");
        QVERIFY(enc.heartbeat(id, 1).isEmpty());
        QVERIFY(enc.alarm(id, p, alarm::sos, 1).isEmpty());
        const QByteArray stream
            = enc.login(id, 1) + enc.position(id, p, 2) + NmeaFrameEncoder::gga(p);
        const QList<DecodeResult> results = feedStream(dec, stream, 7, kNow);
        QCOMPARE(results.size(), 3);
        QCOMPARE(results.at(0).messages.first().type, MessageType::Login);
        for (const int i : { 1, 2 }) {
            QVERIFY2(results.at(i).ok(), qPrintable(results.at(i).error));
            const Position &q = results.at(i).messages.first().position;
            QCOMPARE(q.uniqueId, id);
            QCOMPARE(q.deviceTime, p.deviceTime);
            QCOMPARE(q.valid, valid);
            QVERIFY(std::fabs(q.latitude - lat) < 1e-6);
            QVERIFY(std::fabs(q.longitude - lon) < 1e-6);
        }
        const Position &rmc = results.at(1).messages.first().position;
        QVERIFY(std::fabs(rmc.speedKph - speedKph) < 0.02);
        QVERIFY(std::fabs(rmc.course - 12.25) < 0.01);
        const Position &gga = results.at(2).messages.first().position;
        QCOMPARE(gga.satellites, 9);
        QVERIFY(std::fabs(gga.altitude - 120.5) < 0.1);
    }
};

FW_TEST_CLASS(TstNmea)
#include "tst_nmea.moc"
