// JT/T 808 decoder tests with hand-made frames: register/auth/heartbeat replies byte for byte,
// 0x0200 / 0x0704 locations with alarm bits and items, escapes, framing, errors, round trips.
#include "TestMain.h"

#include "domain/Network.h"
#include "protocols/Jt808Decoder.h"
#include "sim/Jt808FrameEncoder.h"

#include <QTest>

using namespace fw;

namespace {

const QString kPhone = QStringLiteral("013912345678");

// Header (2013) for kPhone with serial 0x0007 + body; wrapped with checksum and escapes.
QByteArray frame(const char *typeHex, const QByteArray &bodyHex)
{
    const QByteArray body = QByteArray::fromHex(bodyHex);
    QByteArray content = QByteArray::fromHex(typeHex);
    content.append(char((body.size() >> 8) & 0x03)).append(char(body.size() & 0xff));
    content.append(QByteArray::fromHex("013912345678")).append(QByteArray::fromHex("0007"));
    content.append(body);
    return Jt808Decoder::wrap(content);
}

// Location body: alarm, status (ACC on, fixed, north/east), lat 31.230464, lon 121.473925,
// 12 m, 60.5 km/h, course 270, 2024-06-10 14:13:20 GMT+8; items: mileage, rssi, satellites.
QByteArray locationBody(const char *alarmHex, const char *extraItems = "")
{
    return QByteArray(alarmHex) + "00000003" + "01dc8a00" + "073d8b85" + "000c" + "025d" + "010e"
        + "240610141320" + "010400000457" + "30011a" + "31010b" + extraItems;
}

DecodeContext context()
{
    DecodeContext ctx;
    ctx.now = utcTime(2024, 6, 10, 6, 14, 0);
    return ctx;
}

} // namespace

class TstJt808 : public QObject
{
    Q_OBJECT

private slots:
    void info()
    {
        const Jt808Decoder d;
        QCOMPARE(d.info().name, QStringLiteral("jt808"));
        QCOMPARE(d.info().defaultPort, quint16(5015));
        QVERIFY(d.info().tcp);
        QVERIFY(!d.info().textual);
    }

    void replies_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("type");
        QTest::addColumn<QByteArray>("reply");
        QTest::newRow("register") << frame("0100",
            "002c012c"
            "464c545743"
                + QByteArray(40, '0')
                + "53494d30303031"
                  "01"
                  "53494d313233") << int(MessageType::Login)
                                  << Jt808Decoder::wrap(
                                         QByteArray::fromHex("8100000f013912345678"
                                                             "0000"
                                                             "0007"
                                                             "00"
                                                             "303133393132333435363738"));
        QTest::newRow("auth") << frame("0102", "3031333931323334353637") << int(MessageType::Login)
                              << Jt808Decoder::wrap(
                                     QByteArray::fromHex("80010005013912345678000000070102"
                                                         "00"));
        QTest::newRow("heartbeat")
            << frame("0002", "") << int(MessageType::Heartbeat)
            << Jt808Decoder::wrap(QByteArray::fromHex("80010005013912345678000000070002"
                                                      "00"));
    }
    void replies()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, type);
        QFETCH(QByteArray, reply);
        const Jt808Decoder d;
        DecodeContext ctx = context();
        DecodeResult out;
        d.decode(request, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(ctx.uniqueId, kPhone);
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(int(out.messages[0].type), type);
        QCOMPARE(out.messages[0].position.uniqueId, kPhone);
        QCOMPARE(out.reply.toHex(), reply.toHex());
        QVERIFY(!out.replyAcknowledgesData);
        QCOMPARE(ctx.serial, quint32(1));
    }

    void position()
    {
        const Jt808Decoder d;
        DecodeContext ctx = context();
        DecodeResult out;
        d.decode(frame("0200", locationBody("00000000")), ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        const DecodedMessage &m = out.messages[0];
        QCOMPARE(m.type, MessageType::Position);
        QVERIFY(m.hasLocation);
        const Position &p = m.position;
        QCOMPARE(p.uniqueId, kPhone);
        QCOMPARE(p.protocol, QStringLiteral("jt808"));
        QCOMPARE(p.deviceTime, utcTime(2024, 6, 10, 6, 13, 20));
        QVERIFY(p.valid);
        QVERIFY(qAbs(p.latitude - 31.230464) < 1e-6);
        QVERIFY(qAbs(p.longitude - 121.473925) < 1e-6);
        QCOMPARE(p.altitude, 12.0);
        QVERIFY(qAbs(p.speedKph - 60.5) < 1e-9);
        QCOMPARE(p.course, 270.0);
        QCOMPARE(p.satellites, 11);
        QCOMPARE(p.attributes.value(QStringLiteral("sat")).toInt(), 11);
        QCOMPARE(p.attributes.value(attr::rssi).toInt(), 26);
        QCOMPARE(p.attributes.value(attr::odometer).toLongLong(), 111100);
        QCOMPARE(p.attributes.value(attr::ignition).toBool(), true);
        QVERIFY(!p.attributes.contains(attr::alarm));
        QCOMPARE(out.reply.toHex(),
            Jt808Decoder::wrap(QByteArray::fromHex("80010005013912345678000000070200"
                                                   "00"))
                .toHex());
        QVERIFY(out.replyAcknowledgesData);
    }

    void southWestInvalid()
    {
        QByteArray body = locationBody("00000000");
        body.replace(8, 8, "0000000c"); // no fix, south, west
        const Jt808Decoder d;
        DecodeContext ctx = context();
        DecodeResult out;
        d.decode(frame("0200", body), ctx, out);
        QVERIFY(out.ok());
        const Position &p = out.messages[0].position;
        QVERIFY(!p.valid);
        QVERIFY(p.latitude < 0);
        QVERIFY(p.longitude < 0);
        QCOMPARE(p.attributes.value(attr::ignition).toBool(), false);
    }

    void alarms_data()
    {
        QTest::addColumn<QByteArray>("alarmHex");
        QTest::addColumn<QString>("alarm");
        QTest::newRow("sos") << QByteArray("00000001") << alarm::sos;
        QTest::newRow("overspeed") << QByteArray("00000002") << alarm::overspeed;
        QTest::newRow("low battery") << QByteArray("00000080") << alarm::lowBattery;
        QTest::newRow("power cut") << QByteArray("00000100") << alarm::powerCut;
        QTest::newRow("tampering") << QByteArray("00020000") << alarm::tampering;
        QTest::newRow("two") << QByteArray("00000081")
                             << QString(alarm::sos + QStringLiteral(",") + alarm::lowBattery);
    }
    void alarms()
    {
        QFETCH(QByteArray, alarmHex);
        QFETCH(QString, alarm);
        const Jt808Decoder d;
        DecodeContext ctx = context();
        DecodeResult out;
        d.decode(frame("0200", locationBody(alarmHex.constData())), ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages[0].type, MessageType::Event);
        QVERIFY(out.messages[0].hasLocation);
        QCOMPARE(out.messages[0].position.attributes.value(attr::alarm).toString(), alarm);
    }

    void items()
    {
        // external power 0xF1 (12.480 V), battery level 0xFE (77 %), temperature 0x51 (-3.5 C)
        const Jt808Decoder d;
        DecodeContext ctx = context();
        DecodeResult out;
        d.decode(frame("0200",
                     locationBody("00000000",
                         "f104000030c0"
                         "fe014d"
                         "51028023")),
            ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const Attributes &a = out.messages[0].position.attributes;
        QVERIFY(qAbs(a.value(attr::power).toDouble() - 12.48) < 1e-9);
        QCOMPARE(a.value(QStringLiteral("batteryLevel")).toInt(), 77);
        QVERIFY(qAbs(a.value(QStringLiteral("temp1")).toDouble() + 3.5) < 1e-9);
    }

    // 0xEB holding a cell list: MCC 460, MNC 0, then LAC, cell id, signal per cell.
    void cellItem()
    {
        const Jt808Decoder d;
        DecodeContext ctx = context();
        DecodeResult out;
        d.decode(frame("0200", locationBody("00000000", "eb0d01cc00" "2a3b1c2d40" "2a3b1c2e35")),
                 ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const Network n = Network::of(out.messages[0].position.attributes);
        QCOMPARE(n.cellTowers.size(), 2);
        QCOMPARE(n.cellTowers[0], (CellTower { 460, 0, 0x2a3b, 0x1c2d, 0x40 }));
        QCOMPARE(n.cellTowers[1].cellId, 0x1c2e);
    }

    void batch()
    {
        const QByteArray item = locationBody("00000000");
        const QByteArray len = QByteArray::number(item.size() / 2, 16).rightJustified(4, '0');
        const Jt808Decoder d;
        DecodeContext ctx = context();
        DecodeResult out;
        d.decode(frame("0704",
                     "0002"
                     "01" + len
                         + item + len + item),
            ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 2);
        QCOMPARE(out.messages[1].position.attributes.value(attr::archive).toBool(), true);
        QCOMPARE(out.reply.toHex(),
            Jt808Decoder::wrap(QByteArray::fromHex("80010005013912345678000000070704"
                                                   "00"))
                .toHex());
        QVERIFY(out.replyAcknowledgesData);
    }

    void escapes()
    {
        // Serial 0x7e7d must survive escaping on the way in and in the reply.
        QByteArray content = QByteArray::fromHex("02000000013912345678"
                                                 "7e7d");
        content.append(QByteArray::fromHex(locationBody("00000000")));
        content[3] = char(content.size() - 12);
        const QByteArray wire = Jt808Decoder::wrap(content);
        QVERIFY(wire.contains(QByteArray::fromHex("7d027d01")));
        const Jt808Decoder d;
        QCOMPARE(d.cutFrame(wire).length, wire.size());
        DecodeContext ctx = context();
        DecodeResult out;
        d.decode(wire, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QVERIFY(out.reply.contains(QByteArray::fromHex("7d027d01"))); // serial echoed, escaped
    }

    void textResult()
    {
        const Jt808Decoder d;
        DecodeContext ctx = context();
        DecodeResult out;
        d.decode(QByteArray("(013912345678,1,001,BASE,2,TIME)"), ctx, out);
        QVERIFY(out.ok());
        QVERIFY(out.messages.isEmpty());
        QCOMPARE(out.reply, QByteArray("(013912345678,1,001,BASE,2,20240610061400)"));
        ctx.uniqueId = kPhone;
        out.clear();
        d.decode(QByteArray("(013912345678,1,001,LOCK,1,OK)"), ctx, out);
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].type, MessageType::CommandResult);
        QCOMPARE(out.messages[0].position.attributes.value(attr::result).toString(),
            QStringLiteral("(013912345678,1,001,LOCK,1,OK)"));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QString>("error");
        QTest::newRow("truncated location") << frame("0200", locationBody("00000000").left(40))
                                            << QStringLiteral("truncated location");
        QTest::newRow("short") << QByteArray::fromHex("7e0002007e") << QStringLiteral("15 bytes");
        QTest::newRow("bad escape") << QByteArray::fromHex("7e000200000139123456780007"
                                                           "7d05"
                                                           "7e")
                                    << QStringLiteral("escape");
        QTest::newRow("batch overrun") << frame("0704",
            "0005"
            "00"
            "0100"
            "00000000") << QStringLiteral("batch");
    }
    // A wrong check byte is common in the field; the frame is delimited, so it is decoded.
    void wrongChecksumAccepted()
    {
        QByteArray wire = frame("0200", locationBody("00000000"));
        wire[wire.size() - 2] = static_cast<char>(wire[wire.size() - 2] ^ 0x01);
        const Jt808Decoder d;
        DecodeContext ctx = context();
        DecodeResult out;
        d.decode(wire, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        QVERIFY(out.messages[0].hasLocation);
        QVERIFY(!out.reply.isEmpty());
    }

    void malformed()
    {
        QFETCH(QByteArray, wire);
        QFETCH(QString, error);
        const Jt808Decoder d;
        DecodeContext ctx = context();
        DecodeResult out;
        d.decode(wire, ctx, out);
        QVERIFY(!out.ok());
        QVERIFY2(out.error.contains(error), qPrintable(out.error));
        QVERIFY(out.error.startsWith(QStringLiteral("jt808: ")));
        QVERIFY(out.messages.isEmpty());
        QVERIFY(out.reply.isEmpty());
    }

    void framing_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("length");
        const QByteArray hb = frame("0002", "");
        QTest::newRow("empty") << QByteArray() << int(FrameCut::NeedMore) << 0;
        QTest::newRow("frame") << hb << int(FrameCut::Frame) << int(hb.size());
        QTest::newRow("split") << hb.left(5) << int(FrameCut::NeedMore) << 0;
        QTest::newRow("coalesced") << hb + hb << int(FrameCut::Frame) << int(hb.size());
        QTest::newRow("leading garbage") << QByteArray("$$") + hb << int(FrameCut::Garbage) << 2;
        QTest::newRow("double marker")
            << QByteArray("\x7e\x7e", 2) + hb.mid(1) << int(FrameCut::Garbage) << 1;
        QTest::newRow("text") << QByteArray("(1,2)(3") << int(FrameCut::Frame) << 5;
        QTest::newRow("oversized")
            << QByteArray(1, '\x7e') + QByteArray(5000, 'a') << int(FrameCut::Garbage) << 1;
    }
    void framing()
    {
        QFETCH(QByteArray, stream);
        QFETCH(int, kind);
        QFETCH(int, length);
        const Jt808Decoder d;
        const FrameCut cut = d.cutFrame(stream);
        QCOMPARE(int(cut.kind), kind);
        if (kind != FrameCut::NeedMore)
            QCOMPARE(int(cut.length), length);
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<bool>("valid");
        QTest::newRow("phone") << kPhone << 31.230416 << 121.473701 << true;
        QTest::newRow("imei 2019")
            << QStringLiteral("356307042441013") << -33.868819 << -70.669265 << true;
        QTest::newRow("no fix") << kPhone << 10.5 << 100.25 << false;
    }
    void roundTrip()
    {
        QFETCH(QString, id);
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(bool, valid);
        Position p;
        p.deviceTime = utcTime(2025, 1, 2, 23, 4, 5);
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = 42.3;
        p.course = 181;
        p.altitude = 250;
        p.valid = valid;
        p.satellites = 6;
        const Jt808FrameEncoder e;
        const Jt808Decoder d;
        DecodeContext ctx = context();
        DecodeResult out;
        d.decode(e.login(id, 1), ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(ctx.uniqueId, id);
        QVERIFY(!out.reply.isEmpty());
        for (const QByteArray &f :
            { e.heartbeat(id, 2), e.position(id, p, 3), e.alarm(id, p, alarm::sos, 4) }) {
            out.clear();
            QCOMPARE(d.cutFrame(f).length, f.size());
            d.decode(f, ctx, out);
            QVERIFY2(out.ok(), qPrintable(out.error));
            QCOMPARE(out.messages.size(), 1);
            QCOMPARE(out.messages[0].position.uniqueId, id);
        }
        const Position &q = out.messages[0].position;
        QCOMPARE(out.messages[0].type, MessageType::Event);
        QCOMPARE(q.attributes.value(attr::alarm).toString(), alarm::sos);
        QCOMPARE(q.deviceTime, p.deviceTime);
        QVERIFY(qAbs(q.latitude - lat) < 1e-6);
        QVERIFY(qAbs(q.longitude - lon) < 1e-6);
        QVERIFY(qAbs(q.speedKph - 42.3) < 0.051);
        QCOMPARE(q.course, 181.0);
        QCOMPARE(q.altitude, 250.0);
        QCOMPARE(q.valid, valid);
        QCOMPARE(q.satellites, 6);
        QVERIFY(e.alarm(id, p, alarm::geofenceExit, 5).isEmpty());
    }
};

FW_TEST_CLASS(TstJt808)
#include "tst_jt808.moc"
