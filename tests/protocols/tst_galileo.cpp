// Galileosky: main packets (head packet with IMEI and device id, records with coordinates,
// speed and course, power, odometer, several records in one packet), command answers, photo
// parts, compressed packets, Iridium reports, the 0x02 + checksum confirmation, framing by the
// length field (the archive bit), errors and encoder round trips. Packets are hand-made with
// the encoder or taken from the public Traccar samples.
#include "DecoderTestSupport.h"
#include "TestMain.h"

#include "StreamFeed.h"
#include "domain/Network.h"
#include "protocols/GalileoDecoder.h"
#include "sim/GalileoFrameEncoder.h"

#include <QTest>
#include <cmath>

using namespace fw;
using fw::test::located;
using fw::test::feedStream;

namespace {
constexpr TimeMs kNow = utcTime(2024, 3, 10, 12, 0, 0);
const QString kImei = QStringLiteral("868345032042426");

DecodeResult decodeOne(const QByteArray &frame, DecodeContext *context = nullptr)
{
    return fw::test::decodeFrame(GalileoDecoder(), frame, kNow, context);
}

// A main packet with every CAN register tag, one record in Riyadh.
const QByteArray kMain = QByteArray::fromHex(
    "011801018202130338363833343530333230343234323604640010a406207caa9f5b300c830a7901ca0ec80233"
    "0000000034b802350540003e41703f422b1043234504004600e09000000000a000a100a200a300a400a500a600"
    "a700a800a900aa00ab00ac00ad00ae00af00b00000b10000b20000b30000b40000b50000b60000b70000b80000"
    "b90000c000000000c100000000c200000000c300000000c400c500c600c700c800c900ca00cb00cc00cd00ce00"
    "cf00d000d100d200d4d3140000d60000d70000d80000d90000da0000db00000000dc00000000dd00000000de00"
    "000000df00000000f000000000f100000000f200000000f300000000f400000000f500000000f600000000f700"
    "000000f800000000f9000000008960");

// Bits into a byte string, most significant first.
QByteArray packBits(std::initializer_list<std::pair<quint32, int>> fields)
{
    QByteArray out;
    int used = 0;
    quint32 acc = 0;
    for (const auto &[value, bits] : fields) {
        for (int i = bits - 1; i >= 0; --i) {
            acc = (acc << 1) | ((value >> i) & 1);
            if (++used % 8 == 0) {
                out.append(static_cast<char>(acc & 0xff));
                acc = 0;
            }
        }
    }
    return out;
}
} // namespace

class TstGalileo : public QObject
{
    Q_OBJECT
private slots:
    void mainPacket()
    {
        const DecodeResult out = decodeOne(kMain);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.first().type, MessageType::Login);
        const auto fixes = located(out);
        QCOMPARE(fixes.size(), 1);
        const Position &p = fixes[0]->position;
        QCOMPARE(p.uniqueId, kImei);
        QCOMPARE(toIso(p.deviceTime), QStringLiteral("2018-09-17T13:22:04Z"));
        QVERIFY(p.valid);
        QCOMPARE(p.satellites, 12);
        QVERIFY(std::fabs(p.latitude - 24.709763) < 1e-7);
        QVERIFY(std::fabs(p.longitude - 46.665418) < 1e-7);
        QCOMPARE(p.altitude, 696.0);
        QCOMPARE(p.speedKph, 0.0);
        const Attributes &a = p.attributes;
        QCOMPARE(a.value(QStringLiteral("deviceId")).toInt(), 100);
        QCOMPARE(a.value(attr::index).toInt(), 1700);
        QCOMPARE(a.value(attr::hdop).toDouble(), 0.5);
        QCOMPARE(a.value(attr::power).toDouble(), 16.24);
        QCOMPARE(a.value(attr::battery).toDouble(), 4.139);
        QCOMPARE(a.value(QStringLiteral("deviceTemp")).toInt(), 35);
        QCOMPARE(a.value(attr::odometer).toLongLong(), 5331LL);
        QCOMPARE(a.value(QStringLiteral("can8BitR15")).toInt(), 0);
        // Confirmed with 0x02 and the packet's own checksum.
        QCOMPARE(out.reply.toHex(), QByteArray("028960"));
        QVERIFY(out.replyAcknowledgesData);
    }

    void severalRecordsWithoutImei()
    {
        const GalileoFrameEncoder enc;
        DecodeContext ctx;
        decodeOne(enc.login(kImei, 1), &ctx);
        QCOMPARE(ctx.uniqueId, kImei);
        // Two records in one packet, no IMEI: the tag 0x20 seen again starts the second.
        QByteArray tags;
        for (const quint32 t : { 1700000000u, 1700000010u }) {
            tags.append('\x20');
            for (int i = 0; i < 4; ++i)
                tags.append(static_cast<char>((t >> (8 * i)) & 0xff));
            tags.append(QByteArray::fromHex("3000830a7901ca0ec802"));
            tags.append(QByteArray::fromHex("33e8030807")); // 100.0 km/h, 180.0 degrees
        }
        const DecodeResult out = decodeOne(GalileoDecoder::packet(0x01, tags, true), &ctx);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const auto fixes = located(out);
        QCOMPARE(fixes.size(), 2);
        QCOMPARE(fixes[0]->position.uniqueId, kImei);
        QCOMPARE(fixes[1]->position.deviceTime - fixes[0]->position.deviceTime, 10000);
        QCOMPARE(fixes[1]->position.speedKph, 100.0);
        QCOMPARE(fixes[1]->position.course, 180.0);
        QCOMPARE(out.reply.size(), 3);
        QCOMPARE(out.reply[0], '\x02');
    }

    void headPacketAndCommandAnswer()
    {
        DecodeContext ctx;
        DecodeResult out = decodeOne(
            QByteArray::fromHex("011380033836383230343030313534393038370432008590"), &ctx);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].type, MessageType::Login);
        QCOMPARE(out.reply.toHex(), QByteArray("028590"));
        out = decodeOne(QByteArray::fromHex("012a0003383633353931303233353137333732046600e00000"
                                            "0000e1104f555428332e2e3029203d2031313130bb29"),
                        &ctx);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage &m = out.messages.last();
        QCOMPARE(m.type, MessageType::CommandResult);
        QCOMPARE(m.text, QStringLiteral("OUT(3..0) = 1110"));
        QVERIFY(m.position.attributes.value(attr::outdated).toBool()); // at the last known place
        QCOMPARE(out.reply.toHex(), QByteArray("02bb29"));
    }

    void photoPart()
    {
        DecodeContext ctx;
        ctx.uniqueId = kImei;
        const QByteArray part = GalileoDecoder::packet(0x07, QByteArray::fromHex("00ffd8ffe000"));
        const DecodeResult out = decodeOne(part, &ctx);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QVERIFY(located(out).isEmpty());
        QCOMPARE(out.reply, QByteArray(1, '\x07') + part.right(2));
    }

    void compressedPacket()
    {
        DecodeContext ctx;
        ctx.uniqueId = kImei;
        // Minimal data set: 100 s into the year, valid, coarse coordinates, no alarm; then two
        // tags (power 0x41, odometer 0xd4) and their values.
        QByteArray record = packBits({ { 0, 1 }, { 100, 25 }, { 0, 1 },
                                       { quint32((13.4 + 180) / 360 * 4194304), 22 },
                                       { quint32((52.5 + 90) / 180 * 2097152), 21 }, { 1, 1 },
                                       { 0, 9 } });
        QCOMPARE(record.size(), 10);
        record += QByteArray::fromHex("0241d4" "3031" "10270000");
        const QByteArray packet = GalileoDecoder::packet(0x08, QByteArray(record + record));
        const DecodeResult out = decodeOne(packet, &ctx);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const auto fixes = located(out);
        QCOMPARE(fixes.size(), 2);
        const Position &p = fixes[0]->position;
        QCOMPARE(toIso(p.deviceTime), QStringLiteral("2024-01-01T00:01:40Z"));
        QVERIFY(std::fabs(p.latitude - 52.5) < 1e-4);
        QVERIFY(std::fabs(p.longitude - 13.4) < 1e-4);
        QCOMPARE(p.attributes.value(attr::power).toDouble(), 12.592);
        QCOMPARE(p.attributes.value(attr::odometer).toLongLong(), 10000LL);
        QCOMPARE(p.attributes.value(attr::alarm).toString(), alarm::general);
        QCOMPARE(out.reply, QByteArray(1, '\x02') + packet.right(2));
    }

    void iridiumReport()
    {
        const QByteArray frame = QByteArray::fromHex(
            "01004e01001c0747ea59333030323334303639363034353930000012000063c85e6903000b0321a8f8"
            "46aba50000000202001e205f5ec863300c4643fdfdbbe6c8fb330000000034e7013505d400000000");
        const GalileoDecoder dec;
        QCOMPARE(dec.cutFrame(frame).length, frame.size());
        const DecodeResult out = decodeOne(frame);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const auto fixes = located(out);
        QCOMPARE(fixes.size(), 1);
        const Position &p = fixes[0]->position;
        QCOMPARE(p.uniqueId, QStringLiteral("300234069604590"));
        QCOMPARE(toIso(p.deviceTime), QStringLiteral("2023-01-18T21:02:23Z"));
        QVERIFY(std::fabs(p.latitude + 33.733818) < 1e-6);
        QVERIFY(std::fabs(p.longitude + 70.719813) < 1e-6);
        QVERIFY(out.reply.isEmpty()); // satellite reports are not answered
    }

    void framing()
    {
        const GalileoDecoder dec;
        const GalileoFrameEncoder enc;
        const QByteArray stream = "xx" + enc.login(kImei, 1) + kMain + enc.heartbeat(kImei, 2);
        for (const int chunk : { 4096, 7, 1 }) {
            int garbageCuts = 0;
            const QList<DecodeResult> results = feedStream(dec, stream, chunk, kNow, &garbageCuts);
            QCOMPARE(garbageCuts, 2);
            QCOMPARE(results.size(), 3);
            QCOMPARE(located(results[1]).size(), 1);
            for (const DecodeResult &r : results)
                QVERIFY(!r.reply.isEmpty());
        }
        // The archive bit is not part of the length.
        QByteArray archived = kMain;
        archived[2] = static_cast<char>(archived[2] | 0x80);
        QCOMPARE(dec.cutFrame(archived).length, kMain.size());
        QCOMPARE(dec.cutFrame(QByteArrayView("\x01\xff\x7f\x01\x02\x03", 6)).kind,
                 FrameCut::Garbage);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QByteArray badCrc = kMain;
        badCrc[badCrc.size() - 1] = static_cast<char>(badCrc.back() ^ 0x01);
        QTest::newRow("checksum") << badCrc;
        QTest::newRow("short") << QByteArray::fromHex("0101");
        QTest::newRow("unknown tag") << GalileoDecoder::packet(0x01, QByteArray::fromHex("1f0000"));
        QTest::newRow("tag cut short")
            << GalileoDecoder::packet(0x01, QByteArray::fromHex("04640010a4062000"));
        QTest::newRow("compressed cut short")
            << GalileoDecoder::packet(0x08, QByteArray::fromHex("00000000000000000000024142"));
    }
    void malformed()
    {
        QFETCH(QByteArray, frame);
        const DecodeResult out = decodeOne(frame);
        QVERIFY(!out.ok());
        QVERIFY2(out.error.startsWith(QStringLiteral("galileo: ")), qPrintable(out.error));
        QVERIFY(out.reply.isEmpty());
    }

    void roundTrip_data() { fw::test::addRoundTripRows(); }
    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(bool, valid);
        const GalileoFrameEncoder enc;
        const GalileoDecoder dec;
        Position p;
        p.deviceTime = utcTime(2024, 2, 29, 23, 59, 58);
        p.latitude = lat;
        p.longitude = lon;
        p.altitude = 120;
        p.speedKph = 42.5;
        p.course = 271.5;
        p.satellites = 9;
        p.valid = valid;
        const QByteArray stream = enc.login(kImei, 1) + enc.position(kImei, p, 2)
            + enc.heartbeat(kImei, 3);
        const QList<DecodeResult> results = feedStream(dec, stream, 5, kNow);
        QCOMPARE(results.size(), 3);
        const DecodeResult &r = results[1];
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(located(r).size(), 1);
        const Position &q = located(r)[0]->position;
        QCOMPARE(q.uniqueId, kImei);
        QCOMPARE(q.deviceTime, p.deviceTime);
        QCOMPARE(q.valid, valid);
        QVERIFY(std::fabs(q.latitude - lat) < 1e-6);
        QVERIFY(std::fabs(q.longitude - lon) < 1e-6);
        QCOMPARE(q.speedKph, 42.5);
        QCOMPARE(q.course, 271.5);
        QCOMPARE(q.altitude, 120.0);
        QCOMPARE(q.satellites, 9);
        QCOMPARE(q.attributes.value(attr::index).toInt(), 2);
        QCOMPARE(results[2].messages.size(), 1);
        QCOMPARE(results[2].messages[0].type, MessageType::Heartbeat);
        QCOMPARE(enc.alarm(kImei, p, alarm::sos, 4), QByteArray());
    }
};

FW_TEST_CLASS(TstGalileo)
#include "tst_galileo.moc"
