// Teltonika decoder tests with hand-made frames: IMEI login, Codec 8 / 8E / 12 / 13, UDP,
// framing of split and coalesced streams, replies byte for byte, and encoder round trips.
#include "TestMain.h"
#include "protocols/Checksums.h"
#include "protocols/TeltonikaDecoder.h"
#include "protocols/TeltonikaIoElements.h"
#include "sim/TeltonikaFrameEncoder.h"

#include <QTest>

using namespace fw;

namespace {

const QString kImei = QStringLiteral("356307042441013");

// 00000000 + length + data + CRC-16/IBM (4 bytes), around hex data (codec .. count).
QByteArray tcpPacket(const QByteArray &dataHex)
{
    const QByteArray data = QByteArray::fromHex(dataHex);
    QByteArray b(4, '\0');
    const auto n = static_cast<quint32>(data.size());
    b.append(char(n >> 24)).append(char(n >> 16)).append(char(n >> 8)).append(char(n));
    b.append(data);
    const quint16 crc = checksum::crc16Ibm(data);
    b.append('\0').append('\0').append(char(crc >> 8)).append(char(crc & 0xff));
    return b;
}

// One Codec 8 record: 2024-06-10 06:13:20 UTC, lon 21.0122287, lat 52.2296756, alt 110 m,
// course 90, 9 satellites, 54 km/h, event 239; IO: 239=1, 240=1, 21=4 (1 byte), 66=12600,
// 67=4100 (2 bytes), 16=123456 (4 bytes), no 8-byte values.
const QByteArray kRecord8 = QByteArrayLiteral("0000019000c79c00"
                                              "00"
                                              "0c86362f"
                                              "1f219db4"
                                              "006e"
                                              "005a"
                                              "09"
                                              "0036"
                                              "ef"
                                              "08"
                                              "03"
                                              "ef01"
                                              "f001"
                                              "1504"
                                              "02"
                                              "423138"
                                              "431004"
                                              "01"
                                              "100001e240"
                                              "00");

QByteArray goodPacket()
{
    return tcpPacket("0801" + kRecord8 + "01");
}

DecodeContext loggedIn()
{
    DecodeContext ctx;
    ctx.uniqueId = kImei;
    ctx.now = utcTime(2024, 6, 10, 6, 14, 0);
    return ctx;
}

} // namespace

class TstTeltonika : public QObject
{
    Q_OBJECT

private slots:
    void info()
    {
        const TeltonikaDecoder d;
        QCOMPARE(d.info().name, QStringLiteral("teltonika"));
        QCOMPARE(d.info().defaultPort, quint16(5027));
        QVERIFY(d.info().tcp);
        QVERIFY(d.info().udp);
        QVERIFY(!d.info().textual);
    }

    void login_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QByteArray>("reply");
        QTest::newRow("imei") << QByteArray::fromHex("000f333536333037303432343431303133") << true
                              << QByteArray::fromHex("01");
        QTest::newRow("letters") << QByteArray::fromHex("000f33353633303730343234343130333a")
                                 << false << QByteArray::fromHex("00");
        QTest::newRow("too long") << QByteArray::fromHex("0030") + QByteArray(48, '1') << false
                                  << QByteArray::fromHex("00");
    }
    void login()
    {
        QFETCH(QByteArray, frame);
        QFETCH(bool, ok);
        QFETCH(QByteArray, reply);
        const TeltonikaDecoder d;
        DecodeContext ctx;
        DecodeResult out;
        d.decode(frame, ctx, out);
        QCOMPARE(out.ok(), ok);
        QCOMPARE(out.reply, reply);
        QVERIFY(!out.replyAcknowledgesData);
        if (ok) {
            QCOMPARE(ctx.uniqueId, kImei);
            QCOMPARE(out.messages.size(), 1);
            QCOMPARE(out.messages[0].type, MessageType::Login);
            QCOMPARE(out.messages[0].position.uniqueId, kImei);
        } else {
            QVERIFY(out.error.startsWith(QStringLiteral("teltonika: ")));
            QVERIFY(ctx.uniqueId.isEmpty());
        }
    }

    void position()
    {
        const TeltonikaDecoder d;
        DecodeContext ctx = loggedIn();
        DecodeResult out;
        d.decode(tcpPacket("0801" + kRecord8 + "01"), ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        const DecodedMessage &m = out.messages[0];
        QCOMPARE(m.type, MessageType::Position);
        QVERIFY(m.hasLocation);
        const Position &p = m.position;
        QCOMPARE(p.uniqueId, kImei);
        QCOMPARE(p.protocol, QStringLiteral("teltonika"));
        QCOMPARE(p.deviceTime, utcTime(2024, 6, 10, 6, 13, 20));
        QVERIFY(p.valid);
        QVERIFY(qAbs(p.latitude - 52.2296756) < 1e-7);
        QVERIFY(qAbs(p.longitude - 21.0122287) < 1e-7);
        QCOMPARE(p.altitude, 110.0);
        QCOMPARE(p.course, 90.0);
        QCOMPARE(p.speedKph, 54.0);
        QCOMPARE(p.satellites, 9);
        QCOMPARE(p.attributes.value(QStringLiteral("sat")).toInt(), 9);
        QCOMPARE(p.attributes.value(attr::event).toInt(), 239);
        QCOMPARE(p.attributes.value(attr::ignition).toBool(), true);
        QCOMPARE(p.attributes.value(attr::motion).toBool(), true);
        QCOMPARE(p.attributes.value(attr::rssi).toInt(), 4);
        QVERIFY(qAbs(p.attributes.value(attr::power).toDouble() - 12.6) < 1e-9);
        QVERIFY(qAbs(p.attributes.value(attr::battery).toDouble() - 4.1) < 1e-9);
        QCOMPARE(p.attributes.value(attr::odometer).toLongLong(), 123456);
        QCOMPARE(out.reply, QByteArray::fromHex("00000001"));
        QVERIFY(out.replyAcknowledgesData);
    }

    void twoRecordsAndFix()
    {
        // Second record has 0 satellites: an invalid fix.
        QByteArray second = kRecord8;
        second.replace(42, 2, "00");
        const TeltonikaDecoder d;
        DecodeContext ctx = loggedIn();
        DecodeResult out;
        d.decode(tcpPacket("0802" + kRecord8 + second + "02"), ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 2);
        QVERIFY(out.messages[0].position.valid);
        QVERIFY(!out.messages[1].position.valid);
        QCOMPARE(out.reply, QByteArray::fromHex("00000002"));
    }

    void heartbeat()
    {
        const TeltonikaDecoder d;
        DecodeContext ctx = loggedIn();
        DecodeResult out;
        d.decode(QByteArray(1, '\xff'), ctx, out);
        QVERIFY(out.ok());
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].type, MessageType::Heartbeat);
        QVERIFY(!out.messages[0].hasLocation);
        QVERIFY(out.reply.isEmpty());
    }

    void alarm_data()
    {
        QTest::addColumn<QByteArray>("io");
        QTest::addColumn<QString>("alarm");
        QTest::newRow("general") << QByteArray("ec01") << alarm::general;
        QTest::newRow("crash") << QByteArray("f701") << alarm::accident;
        QTest::newRow("power cut") << QByteArray("fc01") << alarm::powerCut;
        QTest::newRow("harsh braking") << QByteArray("fd02") << QStringLiteral("hardBraking");
    }
    void alarm()
    {
        QFETCH(QByteArray, io);
        QFETCH(QString, alarm);
        // Record with a single 1-byte IO element.
        const QByteArray record = QByteArrayLiteral("0000019000c79c0001"
                                                    "0c86362f1f219db4006e005a090036")
            + io.left(2) + "01" + "01" + io + "000000";
        const TeltonikaDecoder d;
        DecodeContext ctx = loggedIn();
        DecodeResult out;
        d.decode(tcpPacket("0801" + record + "01"), ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].type, MessageType::Event);
        QVERIFY(out.messages[0].hasLocation);
        QCOMPARE(out.messages[0].position.attributes.value(attr::alarm).toString(), alarm);
    }

    // The common FMB / FMC / FMM elements get names and units instead of "io<id>".
    void namedElements_data()
    {
        QTest::addColumn<int>("id");
        QTest::addColumn<int>("width");
        QTest::addColumn<qulonglong>("raw");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("value");
        QTest::newRow("adc1 mV") << 9 << 2 << 12340ULL << "adc1" << QVariant(12.34);
        QTest::newRow("iccid") << 11 << 8 << 8937204016201ULL << "iccid"
                               << QVariant(QStringLiteral("8937204016201"));
        QTest::newRow("dallas temp negative") << 72 << 4 << 0xFFFFFF9CULL << "temp1"
                                              << QVariant(-10.0);
        QTest::newRow("dallas temp 4") << 75 << 4 << 215ULL << "temp4" << QVariant(21.5);
        QTest::newRow("battery level") << 113 << 1 << 87ULL << "batteryLevel" << QVariant(87);
        QTest::newRow("can fuel level") << 84 << 2 << 452ULL << "fuel" << QVariant(45.2);
        QTest::newRow("engine rpm") << 85 << 2 << 1800ULL << "rpm" << QVariant(1800);
        QTest::newRow("coolant") << 32 << 1 << 0xF6ULL << "coolantTemp" << QVariant(-10);
        QTest::newRow("geofence zone 3") << 157 << 1 << 1ULL << "geofenceZone3" << QVariant(1);
        QTest::newRow("auto geofence") << 175 << 1 << 0ULL << "alarm"
                                       << QVariant(alarm::geofenceExit);
        QTest::newRow("idle") << 251 << 1 << 1ULL << "alarm" << QVariant(QStringLiteral("idle"));
        QTest::newRow("lac") << 206 << 2 << 1234ULL << "lac" << QVariant(1234);
        QTest::newRow("unnamed") << 401 << 2 << 7ULL << "io401" << QVariant(7);
    }
    void namedElements()
    {
        QFETCH(int, id);
        QFETCH(int, width);
        QFETCH(qulonglong, raw);
        QFETCH(QString, key);
        QFETCH(QVariant, value);
        Attributes a;
        TeltonikaIoElements::decode(a, id, width, raw, false);
        const QVariant actual = a.value(key);
        QVERIFY2(actual.isValid(), qPrintable(key));
        if (value.typeId() == QMetaType::Double)
            QVERIFY2(qFuzzyCompare(actual.toDouble(), value.toDouble()),
                     qPrintable(actual.toString()));
        else
            QCOMPARE(actual.toString(), value.toString());
    }

    void codec8Extended()
    {
        // 2-byte ids and counts; one 1-byte IO (239=0) and a variable-length VIN (id 256).
        const QByteArray record = QByteArrayLiteral("0000019000c79c00"
                                                    "00"
                                                    "0c86362f"
                                                    "1f219db4"
                                                    "006e"
                                                    "005a"
                                                    "09"
                                                    "0036"
                                                    "0000"
                                                    "0002"
                                                    "0001"
                                                    "00ef00"
                                                    "0000"
                                                    "0000"
                                                    "0000"
                                                    "0001"
                                                    "0100"
                                                    "0010"
                                                    "5756575a5a5a315a5a36353433323130");
        const TeltonikaDecoder d;
        DecodeContext ctx = loggedIn();
        DecodeResult out;
        d.decode(tcpPacket("8e01" + record + "01"), ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        const Attributes &a = out.messages[0].position.attributes;
        QCOMPARE(a.value(attr::ignition).toBool(), false);
        QCOMPARE(a.value(QStringLiteral("vin")).toString(), QStringLiteral("WVWZZZ1ZZ6543210"));
        QCOMPARE(out.reply, QByteArray::fromHex("00000001"));
    }

    void commandResponses_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("codec 12") << QByteArray("0c0106"
                                                "0000000a"
                                                "5665723a312e3220"
                                                "0d0a"
                                                "01")
                                  << QStringLiteral("result") << QStringLiteral("Ver:1.2");
        QTest::newRow("codec 12 binary") << QByteArray("0c0106"
                                                       "00000003"
                                                       "010203"
                                                       "01")
                                         << QStringLiteral("result") << QStringLiteral("010203");
        QTest::newRow("codec 13 driver")
            << QByteArray("0d0106"
                          "0000001c"
                          "66666666"
                          "4754534c7c367c317c307c39383736353433"
                          "327c317c0d0a"
                          "01")
            << QStringLiteral("driverUniqueId") << QStringLiteral("98765432");
        // The size field counts only the text (Traccar's sample 14): read that way because the
        // usual reading (timestamp included) does not end at the closing record count.
        QTest::newRow("codec 13 size without the timestamp")
            << QByteArray("0d0105"
                          "00000010"
                          "56e92422"
                          "2347455420444154414f524445520d0a"
                          "01")
            << QStringLiteral("result") << QStringLiteral("#GET DATAORDER");
    }
    void commandResponses()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, key);
        QFETCH(QString, value);
        const TeltonikaDecoder d;
        DecodeContext ctx = loggedIn();
        DecodeResult out;
        d.decode(tcpPacket(data), ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].type, MessageType::CommandResult);
        QVERIFY(!out.messages[0].hasLocation);
        QCOMPARE(out.messages[0].position.attributes.value(key).toString(), value);
        QVERIFY(out.reply.isEmpty()); // command responses are not acknowledged
        QVERIFY(!out.replyAcknowledgesData);
    }

    void udp()
    {
        // length, packet id cafe, type 01, AVL packet id 0x22, IMEI, then codec 8 data.
        const QByteArray avl = QByteArray::fromHex("0801" + kRecord8 + "01");
        QByteArray dgram = QByteArray::fromHex("cafe0122000f") + kImei.toLatin1() + avl;
        const auto n = static_cast<quint16>(dgram.size());
        dgram.prepend(char(n & 0xff)).prepend(char(n >> 8));
        const TeltonikaDecoder d;
        QCOMPARE(d.cutFrame(dgram).kind, FrameCut::Frame);
        QCOMPARE(d.cutFrame(dgram).length, dgram.size());
        DecodeContext ctx;
        ctx.transport = Transport::Udp;
        DecodeResult out;
        d.decode(dgram, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(ctx.uniqueId, kImei);
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].position.uniqueId, kImei);
        QCOMPARE(out.reply, QByteArray::fromHex("0005cafe012201"));
        QVERIFY(out.replyAcknowledgesData);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("error");
        const QByteArray good = tcpPacket("0801" + kRecord8 + "01");
        // A checksum that does not match is only forgiven to a frame whose structure holds up
        // (see checksumMismatch): with a byte after the closing count it does not.
        QByteArray badCrc = tcpPacket("0801" + kRecord8 + "0100");
        badCrc[badCrc.size() - 1] = static_cast<char>(badCrc.back() ^ 0x55);
        QTest::newRow("bad checksum, byte after the count")
            << badCrc << QStringLiteral("bad checksum");
        QByteArray badCrcCounts = tcpPacket("0801" + kRecord8 + "02");
        badCrcCounts[badCrcCounts.size() - 1] = static_cast<char>(badCrcCounts.back() ^ 0x55);
        QTest::newRow("bad checksum, counts differ")
            << badCrcCounts << QStringLiteral("bad checksum");
        QByteArray shortCrcExtra = tcpPacket("0801" + kRecord8 + "0100");
        shortCrcExtra.chop(2);
        QTest::newRow("checksum cut short, byte after the count")
            << shortCrcExtra << QStringLiteral("does not match");
        // Traccar's samples 28 and 40: the records are whole but the length field says 0, or
        // 166 bytes for 33; a stream could never be cut there, so the frame is refused.
        QByteArray zeroLength = good;
        zeroLength[7] = 0;
        QTest::newRow("length field zero") << zeroLength << QStringLiteral("does not match");
        QByteArray longLength = good;
        longLength[7] = static_cast<char>(0xa6);
        QTest::newRow("length field too long") << longLength << QStringLiteral("does not match");
        QByteArray badLength = good;
        badLength[7] = static_cast<char>(badLength[7] + 1);
        QTest::newRow("length mismatch") << badLength << QStringLiteral("does not match");
        QTest::newRow("truncated record")
            << tcpPacket("0801" + kRecord8.left(40) + "01") << QStringLiteral("truncated");
        QTest::newRow("counts differ")
            << tcpPacket("0801" + kRecord8 + "02") << QStringLiteral("counts differ");
        QTest::newRow("unknown codec")
            << tcpPacket("2201" + kRecord8 + "01") << QStringLiteral("unknown codec");
        QTest::newRow("huge count")
            << tcpPacket("08ff" + kRecord8 + "ff") << QStringLiteral("larger");
        QTest::newRow("short") << QByteArray::fromHex("0000000000000003080001")
                               << QStringLiteral("too short");
        QTest::newRow("preamble") << QByteArray::fromHex("00000100000000030800010000aaaa")
                                  << QStringLiteral("preamble");
    }
    void malformed()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, error);
        const TeltonikaDecoder d;
        DecodeContext ctx = loggedIn();
        DecodeResult out;
        d.decode(frame, ctx, out);
        QVERIFY(!out.ok());
        QVERIFY2(out.error.contains(error), qPrintable(out.error));
        QVERIFY(out.error.startsWith(QStringLiteral("teltonika: ")));
        QVERIFY(out.messages.isEmpty());
        QVERIFY(out.reply.isEmpty());
        QVERIFY(!out.replyAcknowledgesData);
    }

    // Traccar's samples 14, 20 and 22 carry a checksum that does not match, 33 and 36 one cut
    // to 2 and 3 bytes: their records and counts are whole, so they are taken and acknowledged.
    void checksumMismatch_data()
    {
        QTest::addColumn<QByteArray>("frame");
        const QByteArray good = tcpPacket("0801" + kRecord8 + "01");
        QByteArray wrong = good;
        wrong[wrong.size() - 2] = static_cast<char>(wrong[wrong.size() - 2] ^ 0x11);
        QTest::newRow("wrong checksum") << wrong;
        QTest::newRow("checksum cut to 2 bytes") << good.first(good.size() - 2);
        QTest::newRow("checksum cut to 3 bytes") << good.first(good.size() - 1);
        QTest::newRow("no checksum") << good.first(good.size() - 4);
    }
    void checksumMismatch()
    {
        QFETCH(QByteArray, frame);
        const TeltonikaDecoder d;
        DecodeContext ctx = loggedIn();
        DecodeResult out;
        d.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        QVERIFY(out.messages[0].hasLocation);
        QCOMPARE(out.messages[0].position.latitude, 52.2296756);
        QCOMPARE(out.reply, QByteArray::fromHex("00000001"));
        QVERIFY(out.replyAcknowledgesData);
        // On a stream the cutter still waits for the whole checksum.
        if (frame.size() < goodPacket().size())
            QCOMPARE(d.cutFrame(frame).kind, FrameCut::NeedMore);
    }

    void dataBeforeLogin()
    {
        const TeltonikaDecoder d;
        DecodeContext ctx;
        DecodeResult out;
        d.decode(tcpPacket("0801" + kRecord8 + "01"), ctx, out);
        QVERIFY(!out.ok());
        QVERIFY(out.reply.isEmpty()); // no ack: the device keeps its data
    }

    void framing_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("length");
        const QByteArray imei = QByteArray::fromHex("000f") + kImei.toLatin1();
        const QByteArray avl = tcpPacket("0801" + kRecord8 + "01");
        QTest::newRow("empty") << QByteArray() << int(FrameCut::NeedMore) << 0;
        QTest::newRow("ping") << QByteArray::fromHex("ff000f") << int(FrameCut::Frame) << 1;
        QTest::newRow("imei") << imei << int(FrameCut::Frame) << 17;
        QTest::newRow("imei split") << imei.left(9) << int(FrameCut::NeedMore) << 0;
        QTest::newRow("one byte") << QByteArray(1, '\0') << int(FrameCut::NeedMore) << 0;
        QTest::newRow("avl") << avl << int(FrameCut::Frame) << int(avl.size());
        QTest::newRow("avl split") << avl.left(30) << int(FrameCut::NeedMore) << 0;
        QTest::newRow("avl header split") << avl.left(6) << int(FrameCut::NeedMore) << 0;
        QTest::newRow("coalesced") << avl + imei << int(FrameCut::Frame) << int(avl.size());
        QTest::newRow("garbage") << QByteArray("abc\x00\x0f", 5) << int(FrameCut::Garbage) << 3;
        QTest::newRow("bad preamble")
            << QByteArray::fromHex("0000aa00") << int(FrameCut::Garbage) << 1;
        QTest::newRow("oversized")
            << QByteArray::fromHex("0000000000100000") << int(FrameCut::Garbage) << 1;
        QTest::newRow("zero length")
            << QByteArray::fromHex("0000000000000000") << int(FrameCut::Garbage) << 1;
    }
    void framing()
    {
        QFETCH(QByteArray, stream);
        QFETCH(int, kind);
        QFETCH(int, length);
        const TeltonikaDecoder d;
        const FrameCut cut = d.cutFrame(stream);
        QCOMPARE(int(cut.kind), kind);
        if (kind != FrameCut::NeedMore)
            QCOMPARE(int(cut.length), length);
    }

    void streamOfFrames()
    {
        // IMEI, ping and two AVL packets in one buffer, fed in 7-byte pieces.
        const TeltonikaDecoder d;
        TeltonikaFrameEncoder e;
        Position p;
        p.deviceTime = utcTime(2024, 6, 10, 6, 13, 20);
        p.valid = true;
        p.latitude = 52.2;
        p.longitude = 21.0;
        const QByteArray all = e.login(kImei, 0) + e.heartbeat(kImei, 1) + e.position(kImei, p, 2)
            + e.position(kImei, p, 3);
        QByteArray buffer;
        DecodeContext ctx;
        int positions = 0, frames = 0;
        for (qsizetype i = 0; i < all.size(); i += 7) {
            buffer.append(all.mid(i, 7));
            for (;;) {
                const FrameCut cut = d.cutFrame(buffer);
                if (cut.kind == FrameCut::NeedMore)
                    break;
                QCOMPARE(cut.kind, FrameCut::Frame);
                DecodeResult out;
                d.decode(QByteArrayView(buffer).first(cut.length), ctx, out);
                QVERIFY2(out.ok(), qPrintable(out.error));
                for (const auto &m : std::as_const(out.messages))
                    positions += m.hasLocation;
                ++frames;
                buffer.remove(0, cut.length);
            }
        }
        QCOMPARE(frames, 4);
        QCOMPARE(positions, 2);
        QVERIFY(buffer.isEmpty());
    }

    void roundTrip_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("speed");
        QTest::addColumn<bool>("valid");
        QTest::newRow("warsaw") << 52.2296756 << 21.0122287 << 54.0 << true;
        QTest::newRow("south west") << -33.8688197 << -70.6692655 << 0.0 << true;
        QTest::newRow("no fix") << 10.5 << 100.25 << 120.0 << false;
    }
    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(double, speed);
        QFETCH(bool, valid);
        Position p;
        p.deviceTime = utcTime(2025, 1, 2, 3, 4, 5, 678);
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = speed;
        p.course = 271;
        p.altitude = -12;
        p.valid = valid;
        p.satellites = 7;
        const TeltonikaFrameEncoder e;
        const TeltonikaDecoder d;
        DecodeContext ctx;
        DecodeResult out;
        d.decode(e.login(kImei, 0), ctx, out);
        QVERIFY(out.ok());
        out.clear();
        const QByteArray frame = e.position(kImei, p, 1);
        QCOMPARE(d.cutFrame(frame).length, frame.size());
        d.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        const Position &q = out.messages[0].position;
        QCOMPARE(q.deviceTime, p.deviceTime);
        QVERIFY(qAbs(q.latitude - lat) < 1e-6);
        QVERIFY(qAbs(q.longitude - lon) < 1e-6);
        QCOMPARE(q.speedKph, speed);
        QCOMPARE(q.course, 271.0);
        QCOMPARE(q.altitude, -12.0);
        QCOMPARE(q.valid, valid);
        QCOMPARE(out.reply, QByteArray::fromHex("00000001"));

        out.clear();
        d.decode(e.alarm(kImei, p, alarm::powerCut, 2), ctx, out);
        QVERIFY(out.ok());
        QCOMPARE(out.messages[0].type, MessageType::Event);
        QCOMPARE(
            out.messages[0].position.attributes.value(attr::alarm).toString(), alarm::powerCut);
        QVERIFY(e.alarm(kImei, p, alarm::geofenceEnter, 3).isEmpty());
    }
};

FW_TEST_CLASS(TstTeltonika)
#include "tst_teltonika.moc"
