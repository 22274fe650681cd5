// GT06 / Concox decoder and encoder tests. Samples are hand-made (checksums computed
// independently of the decoder); replies are compared byte for byte.
#include "TestMain.h"

#include "protocols/Gt06Decoder.h"
#include "sim/Gt06FrameEncoder.h"

#include <QTest>

using namespace fw;

namespace {

QByteArray hex(const char *h)
{
    return QByteArray::fromHex(h);
}

constexpr TimeMs kNow = 1718000000000; // 2024-06-10T06:13:20Z

DecodeContext loggedIn()
{
    DecodeContext ctx;
    ctx.uniqueId = QStringLiteral("123456789012345");
    ctx.now = kNow;
    return ctx;
}

// Feeds `stream` through cutFrame, returns the cut frames (as hex) and counts garbage bytes.
QList<QByteArray> cutAll(const Gt06Decoder &dec, QByteArray stream, qsizetype *garbage = nullptr)
{
    QList<QByteArray> frames;
    qsizetype junk = 0;
    for (int guard = 0; guard < 10000 && !stream.isEmpty(); ++guard) {
        const FrameCut c = dec.cutFrame(stream);
        if (c.kind == FrameCut::NeedMore)
            break;
        if (c.kind == FrameCut::Frame)
            frames.append(stream.left(c.length).toHex());
        else
            junk += c.length;
        stream.remove(0, c.length);
    }
    if (garbage)
        *garbage = junk;
    return frames;
}

} // namespace

class TstGt06 : public QObject
{
    Q_OBJECT

private slots:
    void info()
    {
        const ProtocolInfo &i = Gt06Decoder().info();
        QCOMPARE(i.name, QStringLiteral("gt06"));
        QCOMPARE(i.defaultPort, quint16(5023));
        QVERIFY(i.tcp);
        QVERIFY(!i.textual);
    }

    void login_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("imei");
        QTest::addColumn<QByteArray>("reply");
        QTest::newRow("plain") << hex("78780d01012345678901234500018cdd0d0a")
                               << QStringLiteral("123456789012345") << hex("787805010001d9dc0d0a");
        QTest::newRow("with type code")
            << hex("78780f010861234567890123360802033eaa0d0a") << QStringLiteral("861234567890123")
            << hex("787805010203c97e0d0a");
    }
    void login()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, imei);
        QFETCH(QByteArray, reply);
        Gt06Decoder dec;
        DecodeContext ctx;
        DecodeResult out;
        dec.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(ctx.uniqueId, imei);
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].type, MessageType::Login);
        QCOMPARE(out.messages[0].position.uniqueId, imei);
        QCOMPARE(out.reply.toHex(), reply.toHex());
        QVERIFY(!out.replyAcknowledgesData);
    }

    void position_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("time");
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("speed");
        QTest::addColumn<double>("course");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<int>("sats");
        QTest::addColumn<QByteArray>("reply");
        QTest::newRow("0x12 north east")
            << hex("78781f1218030f0a141ec9053def6a003f05123c147b01cc00286d000f4d0010062b0d0a")
            << QStringLiteral("2024-03-15T10:20:30Z") << 48.85837 << 2.294481 << 60.0 << 123.0
            << true << 9 << hex("787805120010b2250d0a");
        QTest::newRow("0x12 south, day end")
            << hex("78781f12170c1f173b3bc503a23c241039165d00d16701cc00286d000f4d001100a10d0a")
            << QStringLiteral("2023-12-31T23:59:59Z") << -33.86882 << 151.209296 << 0.0 << 359.0
            << true << 5 << hex("787805120011a3ac0d0a");
        QTest::newRow("0x22 west invalid")
            << hex("78782222190102030405cc045d904507f1b168640d0e01cc00286d000f4d0100010012f19c0d0a")
            << QStringLiteral("2025-01-02T03:04:05Z") << 40.689247 << -74.044502 << 100.0 << 270.0
            << false << 12 << hex("78780522001217990d0a");
    }
    void position()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, time);
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(double, speed);
        QFETCH(double, course);
        QFETCH(bool, valid);
        QFETCH(int, sats);
        QFETCH(QByteArray, reply);
        Gt06Decoder dec;
        DecodeContext ctx = loggedIn();
        DecodeResult out;
        dec.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        const DecodedMessage &m = out.messages[0];
        QCOMPARE(m.type, MessageType::Position);
        QVERIFY(m.hasLocation);
        const Position &p = m.position;
        QCOMPARE(p.uniqueId, ctx.uniqueId);
        QCOMPARE(p.protocol, QStringLiteral("gt06"));
        QCOMPARE(toIso(p.deviceTime), time);
        QVERIFY(qAbs(p.latitude - lat) < 1e-5);
        QVERIFY(qAbs(p.longitude - lon) < 1e-5);
        QCOMPARE(p.speedKph, speed);
        QCOMPARE(p.course, course);
        QCOMPARE(p.valid, valid);
        QCOMPARE(p.satellites, sats);
        QCOMPARE(out.reply.toHex(), reply.toHex());
        QVERIFY(out.replyAcknowledgesData);
    }

    void positionExtras()
    {
        Gt06Decoder dec;
        DecodeContext ctx = loggedIn();
        DecodeResult out;
        // 0x12 with the ignition flag set in the course word.
        dec.decode(hex("78781f12170c1f173b3bc503a23c241039165d00d16701cc00286d000f4d001100a10d0a"),
            ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages[0].position.attributes.value(attr::ignition), QVariant(true));
        out.clear();
        // 0x22: ACC byte, upload mode, re-upload flag.
        dec.decode(
            hex("78782222190102030405cc045d904507f1b168640d0e01cc00286d000f4d0100010012f19c0d0a"),
            ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const Attributes &a = out.messages[0].position.attributes;
        QCOMPARE(a.value(attr::ignition), QVariant(true));
        QCOMPARE(a.value(attr::archive), QVariant(true));
        QCOMPARE(a.value(attr::event).toInt(), 0);
    }

    void heartbeat_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<int>("batteryLevel");
        QTest::addColumn<QString>("alarm");
        QTest::addColumn<QByteArray>("reply");
        QTest::newRow("plain") << hex("78780a1346060400020020bae40d0a") << 100 << QString()
                               << hex("787805130020d97a0d0a");
        QTest::newRow("sos") << hex("78780a132603040102002107d40d0a") << 50 << alarm::sos
                             << hex("787805130021c8f30d0a");
    }
    void heartbeat()
    {
        QFETCH(QByteArray, frame);
        QFETCH(int, batteryLevel);
        QFETCH(QString, alarm);
        QFETCH(QByteArray, reply);
        Gt06Decoder dec;
        DecodeContext ctx = loggedIn();
        DecodeResult out;
        dec.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        const DecodedMessage &m = out.messages[0];
        QVERIFY(!m.hasLocation);
        QCOMPARE(m.type, alarm.isEmpty() ? MessageType::Heartbeat : MessageType::Event);
        QCOMPARE(m.position.attributes.value(QStringLiteral("batteryLevel")).toInt(), batteryLevel);
        QCOMPARE(m.position.attributes.value(attr::alarm).toString(), alarm);
        QCOMPARE(m.position.attributes.value(attr::charge), QVariant(true));
        QCOMPARE(out.reply.toHex(), reply.toHex());
        QVERIFY(!out.replyAcknowledgesData);
    }

    void alarm_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("alarm");
        QTest::addColumn<QByteArray>("reply");
        QTest::newRow("sos") << hex("787825161806010c0000c70596f820024646801e142d0901cc00286d000f"
                                    "4d4405040102003000cd0d0a")
                             << alarm::sos << hex("787805160030f0460d0a");
        QTest::newRow("power cut") << hex("787825161806010c0001c70596f820024646801e142d0901cc0028"
                                          "6d000f4d44050402020031cdb80d0a")
                                   << alarm::powerCut << hex("787805160031e1cf0d0a");
        QTest::newRow("vibration") << hex("787825161806010c0002c70596f820024646801e142d0901cc0028"
                                          "6d000f4d44050403020032e0da0d0a")
                                   << alarm::vibration << hex("787805160032d3540d0a");
        QTest::newRow("0x26 tampering") << hex("787825261806010c0003c70596f820024646801e142d0901cc"
                                               "00286d000f4d44050413020033b7620d0a")
                                        << alarm::tampering << hex("78780526003344730d0a");
        QTest::newRow("no alarm") << hex("787825161806010c0004c70596f820024646801e142d0901cc00286d"
                                         "000f4d44050400020034a6a50d0a")
                                  << QString() << hex("787805160034b6620d0a");
    }
    void alarm()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, alarm);
        QFETCH(QByteArray, reply);
        Gt06Decoder dec;
        DecodeContext ctx = loggedIn();
        DecodeResult out;
        dec.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        const DecodedMessage &m = out.messages[0];
        QVERIFY(m.hasLocation);
        QCOMPARE(m.type, alarm.isEmpty() ? MessageType::Position : MessageType::Event);
        QCOMPARE(m.position.attributes.value(attr::alarm).toString(), alarm);
        QVERIFY(qAbs(m.position.latitude - 52.1) < 1e-5);
        QVERIFY(qAbs(m.position.longitude - 21.2) < 1e-5);
        QCOMPARE(m.position.attributes.value(QStringLiteral("batteryLevel")).toInt(), 83);
        QCOMPARE(out.reply.toHex(), reply.toHex());
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("error");
        QTest::newRow("bad header")
            << hex("78790501000100000d0a") << QStringLiteral("gt06: bad header");
        QTest::newRow("no stop bits")
            << hex("787805130020d97a0d0b") << QStringLiteral("gt06: missing stop bits");
        QTest::newRow("too short") << hex("78780d0a") << QStringLiteral("gt06: frame too short");
        QTest::newRow("truncated location")
            << hex("78780f1218030f0a141ec9053db40040d92f0d0a") << QStringLiteral("truncated");
        QTest::newRow("short login")
            << hex("7878050100010d0a") << QStringLiteral("gt06: login frame too short");
    }
    void malformed()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, error);
        Gt06Decoder dec;
        DecodeContext ctx = loggedIn();
        DecodeResult out;
        dec.decode(frame, ctx, out);
        QVERIFY(!out.ok());
        QVERIFY2(out.error.contains(error), qPrintable(out.error));
        QVERIFY(out.messages.isEmpty());
        QVERIFY(out.reply.isEmpty());
    }

    // Many devices send a wrong CRC; the frame is delimited by header, length and stop bits,
    // so it is decoded (and answered with a correct CRC) all the same.
    void wrongCrcAccepted()
    {
        Gt06Decoder dec;
        DecodeContext ctx = loggedIn();
        DecodeResult out;
        dec.decode(hex("78781f1218030f0a141ec9053def6a003f05123c147b01cc00286d000f4d001000000d0a"),
                   ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        QVERIFY(out.messages[0].hasLocation);
        QCOMPARE(out.reply.toHex(), Gt06Decoder::buildFrame(false, 0x12, 0x0010).toHex());
    }

    void dataBeforeLogin()
    {
        Gt06Decoder dec;
        DecodeContext ctx;
        DecodeResult out;
        dec.decode(hex("78781f1218030f0a141ec9053def6a003f05123c147b01cc00286d000f4d0010062b0d0a"),
            ctx, out);
        QVERIFY(out.ok());
        QVERIFY(out.messages.isEmpty());
        QVERIFY(out.reply.isEmpty());
    }

    void otherFrames()
    {
        Gt06Decoder dec;
        DecodeContext ctx = loggedIn();
        DecodeResult out;
        // Extended info frame, sub-type 0x0b: external voltage.
        dec.decode(hex("79790008940b04d2005057130d0a"), ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].type, MessageType::Status);
        QCOMPARE(out.messages[0].position.attributes.value(attr::power).toDouble(), 12.34);
        // Time request: the reply carries the server time (UTC).
        out.clear();
        ctx.now = parseIso(QStringLiteral("2024-03-15T10:20:30Z"));
        dec.decode(hex("7878058a00608e190d0a"), ctx, out);
        QVERIFY(out.ok());
        QVERIFY(out.messages.isEmpty());
        QCOMPARE(out.reply.toHex(), hex("78780b8a18030f0a141e0060b6910d0a").toHex());
        // Unknown basic frame: acknowledged, nothing reported.
        out.clear();
        dec.decode(hex("7878075f010200612f4c0d0a"), ctx, out);
        QVERIFY(out.ok());
        QVERIFY(out.messages.isEmpty());
        QCOMPARE(out.reply.toHex(), hex("7878055f006129220d0a").toHex());
    }

    void framing_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QList<QByteArray>>("frames");
        QTest::addColumn<qsizetype>("garbage");
        const QByteArray login = "78780d01012345678901234500018cdd0d0a";
        const QByteArray hb = "78780a1346060400020020bae40d0a";
        const QByteArray ext = "79790008940b04d2005057130d0a";
        QTest::newRow("one") << QByteArray::fromHex(login) << QList<QByteArray> { login }
                             << qsizetype(0);
        QTest::newRow("coalesced") << QByteArray::fromHex(login + hb + ext)
                                   << QList<QByteArray> { login, hb, ext } << qsizetype(0);
        QTest::newRow("garbage first")
            << QByteArray::fromHex("00ff7801" + hb) << QList<QByteArray> { hb } << qsizetype(4);
        QTest::newRow("partial tail")
            << QByteArray::fromHex(hb + login.left(20)) << QList<QByteArray> { hb } << qsizetype(0);
        QTest::newRow("length 0, runs to 0d0a")
            << QByteArray::fromHex("7878001701020304050d0a" + hb)
            << QList<QByteArray> { "7878001701020304050d0a", hb } << qsizetype(0);
    }
    void framing()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QList<QByteArray>, frames);
        QFETCH(qsizetype, garbage);
        Gt06Decoder dec;
        qsizetype junk = 0;
        QCOMPARE(cutAll(dec, stream, &junk), frames);
        QCOMPARE(junk, garbage);
    }

    void splitStream()
    {
        // Byte-by-byte arrival: NeedMore until the frame is complete, then exactly one frame.
        Gt06Decoder dec;
        const QByteArray frame = hex("78781f1218030f0a141ec9053def6a003f05123c147b01cc00286d000f4d"
                                     "0010062b0d0a");
        for (qsizetype i = 1; i < frame.size(); ++i)
            QCOMPARE(dec.cutFrame(frame.left(i)).kind, FrameCut::NeedMore);
        const FrameCut c = dec.cutFrame(frame);
        QCOMPARE(c.kind, FrameCut::Frame);
        QCOMPARE(c.length, frame.size());
    }

    void oversized()
    {
        Gt06Decoder dec;
        // Declared 0x7979 length far beyond maxFrameSize and no 0d0a: refused as garbage.
        QByteArray stream = hex("79791400");
        stream.append(QByteArray(dec.info().maxFrameSize, '\x11'));
        const FrameCut c = dec.cutFrame(stream);
        QCOMPARE(c.kind, FrameCut::Garbage);
        QVERIFY(c.length >= 1);
        // Below the limit it waits for more.
        QCOMPARE(dec.cutFrame(stream.left(100)).kind, FrameCut::NeedMore);
        // A frame handed to decode that is larger than the limit is an error.
        QByteArray big = hex("79791400");
        big.append(QByteArray(dec.info().maxFrameSize, '\x11'));
        big.append("\r\n");
        DecodeContext ctx = loggedIn();
        DecodeResult out;
        dec.decode(big, ctx, out);
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
        QTest::newRow("no fix") << 1.3521 << 103.8198 << 7.0 << 350.0 << false;
    }
    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(double, speed);
        QFETCH(double, course);
        QFETCH(bool, valid);
        Gt06FrameEncoder enc;
        Gt06Decoder dec;
        const QString imei = QStringLiteral("356938035643809");
        DecodeContext ctx;
        ctx.now = kNow;
        DecodeResult out;
        dec.decode(enc.login(imei, 1), ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(ctx.uniqueId, imei);

        Position p;
        p.deviceTime = kNow - 5000;
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = speed;
        p.course = course;
        p.valid = valid;
        p.satellites = 8;
        out.clear();
        const QByteArray frame = enc.position(imei, p, 2);
        QCOMPARE(dec.cutFrame(frame).length, frame.size());
        dec.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        const Position &q = out.messages[0].position;
        QCOMPARE(q.deviceTime, p.deviceTime);
        QVERIFY(qAbs(q.latitude - lat) < 1e-5);
        QVERIFY(qAbs(q.longitude - lon) < 1e-5);
        QCOMPARE(q.speedKph, speed);
        QCOMPARE(q.course, course);
        QCOMPARE(q.valid, valid);
        QCOMPARE(q.satellites, 8);
        QCOMPARE(q.uniqueId, imei);

        for (const QString &a : { alarm::sos, alarm::powerCut, alarm::vibration, alarm::overspeed,
                 alarm::lowBattery, alarm::tampering }) {
            out.clear();
            dec.decode(enc.alarm(imei, p, a, 3), ctx, out);
            QVERIFY2(out.ok(), qPrintable(out.error));
            QCOMPARE(out.messages.size(), 1);
            QCOMPARE(out.messages[0].type, MessageType::Event);
            QCOMPARE(out.messages[0].position.attributes.value(attr::alarm).toString(), a);
            QVERIFY(qAbs(out.messages[0].position.latitude - lat) < 1e-5);
        }
        QVERIFY(enc.alarm(imei, p, alarm::movement, 4).isEmpty());

        out.clear();
        dec.decode(enc.heartbeat(imei, 5), ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.messages.size(), 1);
        QCOMPARE(out.messages[0].type, MessageType::Heartbeat);
        QCOMPARE(out.reply, Gt06Decoder::buildFrame(false, 0x13, 5));
    }
};

FW_TEST_CLASS(TstGt06)
#include "tst_gt06.moc"
