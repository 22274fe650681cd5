// Command catalogue: commands per model/protocol, SMS texts with the password filled in, wire
// encodings byte for byte (checksums computed here by independent bitwise reference code), and
// matching replies to pending commands.

#include "TestMain.h"

#include "commands/CommandCatalog.h"

#include <QTest>

using namespace fw;

namespace {

// --- reference implementations, deliberately bitwise and table-free ---

quint16 refCrcX25(const QByteArray &data) // CRC-16/X-25 (CRC-ITU as GT06 uses it)
{
    quint16 crc = 0xffff;
    for (char ch : data) {
        crc ^= static_cast<quint8>(ch);
        for (int i = 0; i < 8; ++i)
            crc = (crc & 1) ? static_cast<quint16>((crc >> 1) ^ 0x8408)
                            : static_cast<quint16>(crc >> 1);
    }
    return static_cast<quint16>(~crc);
}

quint16 refCrcArc(const QByteArray &data) // CRC-16/ARC (Teltonika "CRC-16/IBM")
{
    quint16 crc = 0;
    for (char ch : data) {
        crc ^= static_cast<quint8>(ch);
        for (int i = 0; i < 8; ++i)
            crc = (crc & 1) ? static_cast<quint16>((crc >> 1) ^ 0xa001)
                            : static_cast<quint16>(crc >> 1);
    }
    return crc;
}

QByteArray be16(quint16 v)
{
    return QByteArray::fromHex(QByteArray::number(v, 16).rightJustified(4, '0'));
}

QByteArray hex(const char *h)
{
    return QByteArray::fromHex(h);
}

QByteArray refGt06(const QByteArray &command, quint32 serial)
{
    QByteArray body;
    body.append(char(1 + 1 + 4 + command.size() + 2 + 2)); // type .. crc
    body.append('\x80');
    body.append(char(4 + command.size()));
    body.append(hex("000000") + char(serial & 0xff));
    body.append(command);
    body.append(be16(quint16(serial)));
    return hex("7878") + body + be16(refCrcX25(body)) + hex("0d0a");
}

QByteArray refJt808(const QByteArray &unescaped)
{
    quint8 x = 0;
    for (char ch : unescaped)
        x ^= static_cast<quint8>(ch);
    const QByteArray withSum = unescaped + char(x);
    QByteArray out("\x7e");
    for (char ch : withSum) {
        if (ch == '\x7e')
            out += hex("7d02");
        else if (ch == '\x7d')
            out += hex("7d01");
        else
            out += ch;
    }
    return out + '\x7e';
}

CommandParams params(const QString &id, quint32 serial = 1)
{
    CommandParams p;
    p.uniqueId = id;
    p.serial = serial;
    p.now = utcTime(2024, 3, 15, 10, 20, 30);
    return p;
}

} // namespace

Q_DECLARE_METATYPE(fw::CommandType)
Q_DECLARE_METATYPE(fw::CommandParams)

class TestCommandCatalog : public QObject
{
    Q_OBJECT

private slots:
    void referenceChecksums()
    {
        // Published check values of both CRCs over "123456789".
        QCOMPARE(refCrcX25("123456789"), quint16(0x906e));
        QCOMPARE(refCrcArc("123456789"), quint16(0xbb3d));
    }

    void encodings_data()
    {
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<fw::CommandType>("type");
        QTest::addColumn<fw::CommandParams>("params");
        QTest::addColumn<QByteArray>("expected");

        const QString imei = QStringLiteral("123456789012345");
        QTest::newRow("gt06 engine stop") << "gt06" << CommandType::EngineStop << params(imei, 1)
                                          << refGt06("RELAY,1#", 1);
        QTest::newRow("gt06 engine resume") << "gt06" << CommandType::EngineResume
                                            << params(imei, 2) << refGt06("RELAY,0#", 2);
        QTest::newRow("gt06 position") << "gt06" << CommandType::PositionRequest
                                       << params(imei, 3) << refGt06("WHERE#", 3);
        QTest::newRow("gt06 reboot") << "gt06" << CommandType::Reboot << params(imei, 4)
                                     << refGt06("RESET#", 4);
        CommandParams interval = params(imei, 5);
        interval.intervalSecs = 60;
        QTest::newRow("gt06 interval") << "gt06" << CommandType::SetInterval << interval
                                       << refGt06("TIMER,60#", 5);
        CommandParams server = params(imei, 6);
        server.host = QStringLiteral("track.example.com");
        server.port = 5023;
        QTest::newRow("gt06 server") << "gt06" << CommandType::SetServer << server
                                     << refGt06("SERVER,1,track.example.com,5023,0#", 6);
        // Hand-checked constant for one frame: length 0x12, CRC-ITU 0x7edc over 12..0001.
        QTest::newRow("gt06 constant") << "gt06" << CommandType::EngineStop << params(imei, 1)
                                       << hex("787812800c0000000152454c41592c312300017edc0d0a");

        const QString h02 = QStringLiteral("4106012345");
        QTest::newRow("h02 engine stop") << "h02" << CommandType::EngineStop << params(h02)
                                         << QByteArray("*HQ,4106012345,S20,102030,1,1#");
        QTest::newRow("h02 engine resume") << "h02" << CommandType::EngineResume << params(h02)
                                           << QByteArray("*HQ,4106012345,S20,102030,1,0#");
        QTest::newRow("h02 reboot") << "h02" << CommandType::Reboot << params(h02)
                                    << QByteArray("*HQ,4106012345,R1,102030#");
        CommandParams h02Interval = params(h02);
        h02Interval.intervalSecs = 30;
        QTest::newRow("h02 interval") << "h02" << CommandType::SetInterval << h02Interval
                                      << QByteArray("*HQ,4106012345,S71,102030,22,30#");

        QTest::newRow("gps103 stop") << "gps103" << CommandType::EngineStop << params(imei)
                                     << QByteArray("**,imei:123456789012345,J;");
        QTest::newRow("gps103 resume") << "gps103" << CommandType::EngineResume << params(imei)
                                       << QByteArray("**,imei:123456789012345,K;");
        QTest::newRow("gps103 position") << "gps103" << CommandType::PositionRequest
                                         << params(imei)
                                         << QByteArray("**,imei:123456789012345,B;");
        CommandParams g1 = params(imei);
        g1.intervalSecs = 30;
        QTest::newRow("gps103 30 s") << "gps103" << CommandType::SetInterval << g1
                                     << QByteArray("**,imei:123456789012345,C,30s;");
        CommandParams g2 = params(imei);
        g2.intervalSecs = 600;
        QTest::newRow("gps103 10 min") << "gps103" << CommandType::SetInterval << g2
                                       << QByteArray("**,imei:123456789012345,C,10m;");

        // Teltonika's own documentation example: "getinfo" as Codec 12.
        CommandParams getinfo = params(imei);
        getinfo.text = QStringLiteral("getinfo");
        QTest::newRow("teltonika getinfo (vendor example)")
            << "teltonika" << CommandType::Custom << getinfo
            << hex("000000000000000f0c010500000007676574696e666f0100004312");
        const QByteArray getgps = hex("0c01050000000667657467707301");
        QTest::newRow("teltonika getgps") << "teltonika" << CommandType::PositionRequest
                                          << params(imei)
                                          << hex("000000000000000e") + getgps + hex("0000")
                                                 + be16(refCrcArc(getgps));
        const QByteArray digout = hex("0c01050000000b") + QByteArray("setdigout 1") + hex("01");
        QTest::newRow("teltonika stop") << "teltonika" << CommandType::EngineStop << params(imei)
                                        << hex("0000000000000013") + digout + hex("0000")
                                               + be16(refCrcArc(digout));

        const QString watch = QStringLiteral("1234567890");
        QTest::newRow("watch locate") << "watch" << CommandType::PositionRequest << params(watch)
                                      << QByteArray("[3G*1234567890*0002*CR]");
        CommandParams ws = params(watch);
        ws.watchVendor = QStringLiteral("SG");
        ws.host = QStringLiteral("1.2.3.4");
        ws.port = 5093;
        QTest::newRow("watch server") << "watch" << CommandType::SetServer << ws
                                      << QByteArray("[SG*1234567890*000F*IP,1.2.3.4,5093]");
        CommandParams wi = params(watch);
        wi.intervalSecs = 600;
        QTest::newRow("watch interval") << "watch" << CommandType::SetInterval << wi
                                        << QByteArray("[3G*1234567890*000A*UPLOAD,600]");

        const QString phone = QStringLiteral("13912345678");
        QTest::newRow("jt808 position") << "jt808" << CommandType::PositionRequest
                                        << params(phone, 1)
                                        << refJt808(hex("82010000013912345678""0001"));
        QTest::newRow("jt808 position, escaped serial")
            << "jt808" << CommandType::PositionRequest << params(phone, 0x7e7d)
            << refJt808(hex("82010000013912345678""7e7d"));
        QTest::newRow("jt808 escape constant")
            << "jt808" << CommandType::PositionRequest << params(phone, 0x7e7d)
            << hex("7e82010000013912345678""7d027d01""b07e");
        QTest::newRow("jt808 engine stop") << "jt808" << CommandType::EngineStop
                                           << params(phone, 2)
                                           << refJt808(hex("81050001013912345678""0002""f0"));
        QTest::newRow("jt808 reboot") << "jt808" << CommandType::Reboot << params(phone, 3)
                                      << refJt808(hex("81050001013912345678""0003""04"));
        CommandParams ji = params(phone, 4);
        ji.intervalSecs = 30;
        QTest::newRow("jt808 interval")
            << "jt808" << CommandType::SetInterval << ji
            << refJt808(hex("8103000a013912345678""0004""01""00000029""04""0000001e"));
        CommandParams js = params(phone, 5);
        js.host = QStringLiteral("a.b");
        js.port = 5015;
        QTest::newRow("jt808 server")
            << "jt808" << CommandType::SetServer << js
            << refJt808(hex("81030012013912345678""0005""02""00000013""03""612e62"
                            "00000018""04""00001397"));
        // TK103: "(" + id + server command + ")".
        const QString tk = QStringLiteral("027044702512");
        QTest::newRow("tk103 position") << "tk103" << CommandType::PositionRequest
                                        << params(tk, 1) << QByteArray("(027044702512AP00)");
        QTest::newRow("tk103 engine stop") << "tk103" << CommandType::EngineStop << params(tk, 2)
                                           << QByteArray("(027044702512AV010)");
        QTest::newRow("tk103 engine resume") << "tk103" << CommandType::EngineResume
                                             << params(tk, 3) << QByteArray("(027044702512AV011)");
        QTest::newRow("tk103 reboot") << "tk103" << CommandType::Reboot << params(tk, 4)
                                      << QByteArray("(027044702512AT00)");
        CommandParams ti = params(tk, 5);
        ti.intervalSecs = 300;
        QTest::newRow("tk103 interval") << "tk103" << CommandType::SetInterval << ti
                                        << QByteArray("(027044702512AR00012C0000)");
        CommandParams tc = params(tk, 6);
        tc.text = QStringLiteral("AP07");
        QTest::newRow("tk103 custom") << "tk103" << CommandType::Custom << tc
                                      << QByteArray("(027044702512AP07)");
        // Meitrack: "@@A" + length (from the comma to the end) + ",IMEI,command*" + sum + CRLF;
        // the sums were added up apart from the encoder.
        QTest::newRow("meitrack position") << "meitrack" << CommandType::PositionRequest
                                           << params(imei, 1)
                                           << QByteArray("@@A25,123456789012345,A10*58\r\n");
        QTest::newRow("meitrack engine stop")
            << "meitrack" << CommandType::EngineStop << params(imei, 2)
            << QByteArray("@@A33,123456789012345,C01,0,12222*DA\r\n");
        CommandParams mi = params(imei, 3);
        mi.intervalSecs = 25; // rounded up to 3 x 10 s
        QTest::newRow("meitrack interval") << "meitrack" << CommandType::SetInterval << mi
                                           << QByteArray("@@A27,123456789012345,A12,3*BB\r\n");
        // Ruptela: length, 108 (text over GPRS), text, CRC-16/KERMIT; the custom row is the
        // public Traccar encoder sample, the others were checked with a separate CRC script.
        CommandParams rc = params(imei, 1);
        rc.text = QStringLiteral(" Setio 2,1");
        QTest::newRow("ruptela custom") << "ruptela" << CommandType::Custom << rc
                                        << QByteArray::fromHex("000b6c20536574696f20322c31eb3e");
        rc.text = QStringLiteral("000b890100000000007fffffff89f0");
        QTest::newRow("ruptela custom hex") << "ruptela" << CommandType::Custom << rc
                                            << QByteArray::fromHex(rc.text.toLatin1());
        QTest::newRow("ruptela engine stop")
            << "ruptela" << CommandType::EngineStop << params(imei, 2)
            << QByteArray::fromHex("00146c7061737320696d6d6f62696c697a6572203130bc22");
        QTest::newRow("ruptela engine resume")
            << "ruptela" << CommandType::EngineResume << params(imei, 3)
            << QByteArray::fromHex("00106c70617373207265736574696d6d6f62ee1f");
        // Galileosky: main packet with IMEI, device id, index and text tags (public sample).
        CommandParams gc = params(imei, 1);
        gc.text = QStringLiteral("status");
        QTest::newRow("galileo custom")
            << "galileo" << CommandType::Custom << gc
            << QByteArray::fromHex("01200003313233343536373839303132333435040000e000000000e106"
                                   "7374617475731f64");
        QTest::newRow("wialon reboot") << "wialon" << CommandType::Reboot << params(imei, 1)
                                       << QByteArray("reboot\r\n");
        QTest::newRow("wialon engine stop") << "wialon" << CommandType::EngineStop
                                            << params(imei, 3) << QByteArray("L1=1\r\n");
        QTest::newRow("wialon engine resume") << "wialon" << CommandType::EngineResume
                                              << params(imei, 4) << QByteArray("L1=0\r\n");
        CommandParams wc = params(imei, 2);
        wc.text = QStringLiteral("L1=1");
        QTest::newRow("wialon custom") << "wialon" << CommandType::Custom << wc
                                       << QByteArray("L1=1\r\n");
        // Queclink: AT+GTRTO / AT+GTOUT with the password and the FFFF serial.
        CommandParams qp = params(imei, 1);
        qp.password = QStringLiteral("gv300");
        QTest::newRow("gl200 position") << "gl200" << CommandType::PositionRequest << qp
                                        << QByteArray("AT+GTRTO=gv300,1,,,,,,FFFF$");
        QTest::newRow("gl200 reboot") << "gl200" << CommandType::Reboot << qp
                                      << QByteArray("AT+GTRTO=gv300,3,,,,,,FFFF$");
        QTest::newRow("gl200 engine stop")
            << "gl200" << CommandType::EngineStop << qp
            << QByteArray("AT+GTOUT=gv300,1,,,0,0,0,0,0,0,0,,,,,,,FFFF$");
        QTest::newRow("gl200 engine resume")
            << "gl200" << CommandType::EngineResume << qp
            << QByteArray("AT+GTOUT=gv300,0,,,0,0,0,0,0,0,0,,,,,,,FFFF$");
        // Suntech (legacy form): "SA200CMD;<id>;02;<action>" and CR.
        const QString st = QStringLiteral("907126014");
        QTest::newRow("suntech position") << "suntech" << CommandType::PositionRequest
                                          << params(st, 1)
                                          << QByteArray("SA200CMD;907126014;02;StatusReq\r");
        QTest::newRow("suntech engine stop") << "suntech" << CommandType::EngineStop
                                             << params(st, 2)
                                             << QByteArray("SA200CMD;907126014;02;Enable1\r");
        QTest::newRow("suntech engine resume")
            << "suntech" << CommandType::EngineResume << params(st, 3)
            << QByteArray("SA200CMD;907126014;02;Disable1\r");
        QTest::newRow("suntech reboot") << "suntech" << CommandType::Reboot << params(st, 4)
                                        << QByteArray("SA200CMD;907126014;02;Reboot\r");
        // Eelink: 0x6767 0x80 downlink, sequence = serial, command flag 1, server flag 0.
        QTest::newRow("eelink position") << "eelink" << CommandType::PositionRequest
                                         << params(imei, 1) << hex("676780000d00010100000000574845524523");
        QTest::newRow("eelink engine stop") << "eelink" << CommandType::EngineStop
                                            << params(imei, 2) << hex("676780000f0002010000000052454c41592c3123");
        // Castel: CRC-16/X25 computed apart from the encoder.
        const QString castelId = QStringLiteral("213GL2014010001");
        QTest::newRow("castel engine stop")
            << "castel" << CommandType::EngineStop << params(castelId, 1)
            << hex("4040200001323133474c32303134303130303031000000000045830153c80d0a"
                   "");
        QTest::newRow("castel engine resume")
            << "castel" << CommandType::EngineResume << params(castelId, 1)
            << hex("4040200001323133474c323031343031303030310000000000458300dad90d0a"
                   "");
        // T800x: 0x2323 type 0x81, length, serial 1, IMEI as BCD, mode 1, text.
        CommandParams t8 = params(QStringLiteral("123456789012345"), 1);
        t8.text = QStringLiteral("STATUS#");
        QTest::newRow("t800x custom") << "t800x" << CommandType::Custom << t8
                                      << hex("2323810017000101234567890123450153544154555323");
        // Xexun: SMS-style text, default password 123456.
        QTest::newRow("xexun engine stop") << "xexun" << CommandType::EngineStop
                                           << params(imei, 1) << QByteArray("powercar123456 11");
        CommandParams xp = params(imei, 2);
        xp.password = QStringLiteral("654321");
        QTest::newRow("xexun engine resume") << "xexun" << CommandType::EngineResume << xp
                                             << QByteArray("powercar654321 00");
    }

    void encodings()
    {
        QFETCH(QString, protocol);
        QFETCH(fw::CommandType, type);
        QFETCH(fw::CommandParams, params);
        QFETCH(QByteArray, expected);
        QString error;
        const QByteArray got = encodeGprsCommand(protocol, type, params, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(got.toHex(), expected.toHex());
        QVERIFY(supportsGprsCommand(protocol, type));
    }

    void encodingErrors()
    {
        const CommandParams one = params(QStringLiteral("1"));
        QString error;
        QVERIFY(encodeGprsCommand(u"watch", CommandType::EngineStop, one, &error).isEmpty());
        QVERIFY(!error.isEmpty());
        error.clear();
        const CommandParams letters = params(QStringLiteral("12ab"));
        QVERIFY(encodeGprsCommand(u"jt808", CommandType::Reboot, letters, &error).isEmpty());
        QVERIFY(error.contains(u"12 digits"));
        CommandParams noTime = params(QStringLiteral("4106012345"));
        noTime.now = kNoTime;
        QVERIFY(encodeGprsCommand(u"h02", CommandType::Reboot, noTime).isEmpty());
        QVERIFY(encodeGprsCommand(u"osmand", CommandType::Custom, one).isEmpty());
        QVERIFY(encodeGprsCommand(u"gt06", CommandType::SetServer, one).isEmpty());
        QVERIFY(!supportsGprsCommand(u"gt06", CommandType::ConnectRequest));
    }

    void catalogue()
    {
        const DeviceModelCatalog models;
        const CommandCatalog catalog(models);
        const QList<CommandDefinition> watch = catalog.forProtocol(u"watch");
        for (const CommandDefinition &d : watch)
            QVERIFY(d.type != CommandType::EngineStop); // watches have no engine
        const QList<CommandDefinition> cloud = catalog.forModel(u"Cloud-on-request tracker");
        const auto connect = std::find_if(cloud.cbegin(), cloud.cend(), [](const auto &d) {
            return d.type == CommandType::ConnectRequest;
        });
        QVERIFY(connect != cloud.cend());
        QVERIFY(!connect->gprs);
        QCOMPARE(connect->id, QStringLiteral("connect-request"));
        QVERIFY(!connect->title.isEmpty());
        // Only models with a connect template offer it.
        for (const CommandDefinition &d : catalog.forModel(u"Concox GT06N"))
            QVERIFY(d.type != CommandType::ConnectRequest);
        const auto stop = catalog.forModel(u"Concox GT06N").first();
        QCOMPARE(stop.type, CommandType::EngineStop);
        QVERIFY(stop.needsConfirmation);
        QVERIFY(stop.gprs);
        QCOMPARE(catalog.forProtocol(u"osmand").size(), 1); // custom SMS only

        CommandType t;
        QVERIFY(commandTypeFromId(u"set-interval", &t));
        QCOMPARE(t, CommandType::SetInterval);
        QVERIFY(!commandTypeFromId(u"nope", &t));
    }

    void smsTexts_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("password");
        QTest::addColumn<fw::CommandType>("type");
        QTest::addColumn<QString>("expected");

        QTest::newRow("connect, own password") << "Cloud-on-request tracker" << "4321"
                                               << CommandType::ConnectRequest
                                               << "CONNECT,PWD=4321#";
        QTest::newRow("connect, default password") << "Cloud-on-request tracker" << ""
                                                   << CommandType::ConnectRequest
                                                   << "CONNECT,PWD=1234#";
        QTest::newRow("concox server") << "Concox GT06N" << "" << CommandType::SetServer
                                       << "SERVER,666666,0,track.example.com,5023,0#";
        QTest::newRow("coban stop") << "Coban TK103-2B" << "111111" << CommandType::EngineStop
                                    << "stop111111";
        QTest::newRow("coban interval") << "Coban TK103-2B" << "" << CommandType::SetInterval
                                        << "fix030s***n123456";
        QTest::newRow("teltonika position") << "Teltonika FMB920" << ""
                                            << CommandType::PositionRequest << "  getgps";
        QTest::newRow("custom keeps braces") << "Concox GT06N" << "" << CommandType::Custom
                                             << "{host}";
        QTest::newRow("no sms form") << "JT808 generic" << "" << CommandType::Reboot << "";
    }

    void smsTexts()
    {
        QFETCH(QString, model);
        QFETCH(QString, password);
        QFETCH(fw::CommandType, type);
        QFETCH(QString, expected);
        const DeviceModelCatalog models;
        const CommandCatalog catalog(models);
        Device d;
        d.uniqueId = QStringLiteral("1");
        d.model = model;
        d.password = password;
        CommandParams p;
        p.host = QStringLiteral("track.example.com");
        p.port = 5023;
        p.intervalSecs = 30;
        p.text = QStringLiteral("{host}");
        QCOMPARE(catalog.smsText(d, type, p), expected);
    }

    void replyMatching_data()
    {
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("viaSms");
        QTest::addColumn<quint64>("expected");
        QTest::addColumn<int>("basis");

        // Pending (device A, in this order): 1 position (gprs), 2 engine stop (gprs),
        // 3 custom "STATUS#" (gprs), 4 connect (sms), 5 set server (sms).
        QTest::newRow("stop by content") << "gt06" << "Cut off the fuel supply: Success!" << false
                                         << quint64(2) << int(CommandReplyMatch::Content);
        QTest::newRow("position by content") << "gt06" << "Lat:N52.1,Lon:E21.2" << false
                                             << quint64(1) << int(CommandReplyMatch::Content);
        QTest::newRow("custom echo") << "gt06" << "STATUS: battery 80%" << false << quint64(3)
                                     << int(CommandReplyMatch::Content);
        QTest::newRow("unclear, oldest") << "gt06" << "done" << false << quint64(1)
                                         << int(CommandReplyMatch::Order);
        QTest::newRow("sms connected") << "" << "Connected to 1.2.3.4:5023 ABC" << true
                                       << quint64(4) << int(CommandReplyMatch::Content);
        QTest::newRow("sms server ok") << "" << "SERVER OK" << true << quint64(5)
                                       << int(CommandReplyMatch::Content);
        QTest::newRow("h02 S20") << "h02" << "S20,1,1" << false << quint64(0)
                                 << int(CommandReplyMatch::None);
    }

    void replyMatching()
    {
        QFETCH(QString, protocol);
        QFETCH(QString, text);
        QFETCH(bool, viaSms);
        QFETCH(quint64, expected);
        QFETCH(int, basis);
        const TimeMs t0 = utcTime(2024, 3, 15, 10, 0, 0);
        const auto pending = [t0](quint64 id, CommandType type, bool sms, const char *sent) {
            PendingCommand c;
            c.id = id;
            c.uniqueId = QStringLiteral("A");
            c.protocol = QStringLiteral("gt06");
            c.type = type;
            c.viaSms = sms;
            c.sentAt = t0 + TimeMs(id) * kSecond;
            c.sentText = QString::fromLatin1(sent);
            return c;
        };
        QList<PendingCommand> list {
            pending(1, CommandType::PositionRequest, false, "WHERE#"),
            pending(2, CommandType::EngineStop, false, "RELAY,1#"),
            pending(3, CommandType::Custom, false, "STATUS#"),
            pending(4, CommandType::ConnectRequest, true, "CONNECT"),
            pending(5, CommandType::SetServer, true, "SERVER"),
        };
        PendingCommand other = pending(9, CommandType::EngineStop, false, "");
        other.uniqueId = QStringLiteral("B"); // another device's command never matches
        list.prepend(other);
        CommandReply reply;
        reply.uniqueId = QStringLiteral("A");
        reply.protocol = protocol;
        reply.text = text;
        reply.viaSms = viaSms;
        reply.at = t0 + kMinute;
        const CommandReplyMatch m = CommandReplyMatch::find(list, reply);
        QCOMPARE(m.commandId, expected);
        QCOMPARE(int(m.basis), basis);
    }

    void replyFromMessage()
    {
        DecodedMessage msg;
        msg.type = MessageType::CommandResult;
        msg.position.attributes.set(attr::result, QStringLiteral("DOUT1:1 DOUT2:0"));
        const CommandReply r = CommandReply::fromMessage(msg, QStringLiteral("teltonika"),
                                                         QStringLiteral("X"), 5);
        QCOMPARE(r.text, QStringLiteral("DOUT1:1 DOUT2:0"));
        QCOMPARE(r.uniqueId, QStringLiteral("X"));
        QVERIFY(CommandReplyMatch::textAnswers(u"teltonika", CommandType::EngineStop, r.text));
        QVERIFY(!CommandReplyMatch::textAnswers(u"teltonika", CommandType::EngineResume,
                                                u"DOUT1:1"));
        // Too old: a reply 2 h later answers nothing.
        PendingCommand c;
        c.id = 1;
        c.uniqueId = QStringLiteral("X");
        c.type = CommandType::EngineStop;
        c.sentAt = 0;
        CommandReply late = r;
        late.at = 2 * kHour;
        QVERIFY(!CommandReplyMatch::find({ c }, late).matched());
    }
};

FW_TEST_CLASS(TestCommandCatalog)
#include "tst_commandcatalog.moc"
