// Fleet diagnosis: one synthetic scenario per finding of diagnostics.md, with a fixed `now`, plus
// the healthy fleet that must produce nothing above Info.

#include "TestMain.h"

#include "diagnostics/FleetDiagnosis.h"
#include "protocols/ProtocolRegistry.h"

#include <QJsonArray>
#include <QTest>

using namespace fw;

namespace {

const TimeMs kNow = utcTime(2024, 3, 15, 12, 0, 0);

// GT06 login frame of 123456789012345 and an H02 position report.
const QByteArray kGt06Login = QByteArray::fromHex("78780d01012345678901234500018cdd0d0a");

DeviceSnapshot device(const QString &id, const QString &model, const QString &protocol,
                      const QString &carrier, ConnectionStatus status)
{
    DeviceSnapshot s;
    s.device.uniqueId = id;
    s.device.model = model;
    s.device.protocol = protocol;
    s.device.carrier = carrier;
    s.device.registeredAt = kNow - 30 * kDay;
    s.status = status;
    DeviceActivity &a = s.activity;
    a.uniqueId = id;
    a.protocol = protocol;
    a.localPort = defaultPortForProtocol(protocol);
    a.peer = QStringLiteral("10.0.0.1:40000");
    if (status == ConnectionStatus::Offline) {
        a.lastPacketAt = kNow - 2 * kHour;
        a.lastFixAt = kNow - 2 * kHour - 5 * kSecond;
        a.lastFixReceivedAt = kNow - 2 * kHour;
    } else {
        a.lastPacketAt = kNow - 30 * kSecond;
        a.lastFixAt = kNow - 35 * kSecond;
        a.lastFixReceivedAt = kNow - 30 * kSecond;
    }
    return s;
}

ListenerState listener(const QString &protocol, quint16 port, quint64 frames = 1000)
{
    ListenerState l;
    l.protocol = protocol;
    l.port = port;
    l.listening = true;
    l.frames = frames;
    l.decoded = frames;
    l.lastByteAt = kNow - 2 * kSecond;
    return l;
}

RawFrame undecodedFrame(quint16 port, const QString &protocol, const QByteArray &bytes,
                        quint64 seq)
{
    RawFrame f;
    f.seq = seq;
    f.time = kNow - 60 * kSecond + TimeMs(seq);
    f.localPort = port;
    f.protocol = protocol;
    f.peer = QStringLiteral("10.9.9.%1:5000").arg(seq % 200);
    f.bytes = bytes;
    f.outcome = FrameOutcome::Undecoded;
    f.detail = protocol + QStringLiteral(": not a frame");
    return f;
}

// 20 devices on three protocols and two carriers, all current; listeners up; a stray frame.
DiagnosisInput healthyFleet()
{
    DiagnosisInput in;
    in.now = kNow;
    const QString models[] = { QStringLiteral("Concox GT06N"), QStringLiteral("SinoTrack ST-901"),
                               QStringLiteral("Teltonika FMB920") };
    const QString protocols[] = { QStringLiteral("gt06"), QStringLiteral("h02"),
                                  QStringLiteral("teltonika") };
    for (int i = 0; i < 20; ++i) {
        in.devices << device(QStringLiteral("86000000000%1").arg(i, 4, 10, QLatin1Char('0')),
                             models[i % 3], protocols[i % 3],
                             i % 2 ? QStringLiteral("Alpha") : QStringLiteral("Beta"),
                             ConnectionStatus::Online);
    }
    in.devices[7].status = ConnectionStatus::Offline; // one offline device is normal
    in.devices[7].activity.lastPacketAt = kNow - 3 * kHour;
    in.devices[7].activity.lastFixReceivedAt = kNow - 3 * kHour;
    in.devices[7].activity.lastFixAt = kNow - 3 * kHour - 5 * kSecond;
    in.listeners << listener(QStringLiteral("gt06"), 5023) << listener(QStringLiteral("h02"), 5013)
                 << listener(QStringLiteral("teltonika"), 5027);
    in.listeners[0].undecoded = 1;
    in.listeners[0].decoded = 999;
    in.recentUndecoded << undecodedFrame(5023, QStringLiteral("gt06"), "GET / HTTP/1.1\r\n", 1);
    in.selfCheck = { { 5023, true }, { 5013, true }, { 5027, true } };
    in.lastByteAt = kNow - 2 * kSecond;
    return in;
}

DiagnosisInput scenario(const QString &name)
{
    DiagnosisInput in = healthyFleet();
    if (name == u"listener-bind-error") {
        in.listeners[1].listening = false;
        in.listeners[1].error = QStringLiteral("The bound address is already in use");
        in.selfCheck.remove(5013);
    } else if (name == u"listener-self-check") {
        in.selfCheck[5027] = false;
    } else if (name.startsWith(u"no-data")) {
        for (DeviceSnapshot &d : in.devices) {
            d.status = ConnectionStatus::Offline;
            d.activity.lastPacketAt = kNow - 2 * kHour;
            d.activity.lastFixReceivedAt = kNow - 2 * kHour;
            d.activity.lastFixAt = kNow - 2 * kHour - 5 * kSecond;
            if (name == u"no-data-network")
                d.device.carrier = QStringLiteral("Vodafone");
        }
        in.lastByteAt = kNow - 2 * kHour;
        if (name == u"no-data-listeners") {
            for (ListenerState &l : in.listeners) {
                l.listening = false;
                l.error = QStringLiteral("Permission denied");
            }
            in.selfCheck.clear();
        }
    } else if (name == u"clock-ahead" || name == u"clock-behind") {
        const TimeMs skew = name == u"clock-ahead" ? 3 * kHour : -10 * kMinute;
        for (DeviceSnapshot &d : in.devices) {
            if (d.status == ConnectionStatus::Offline)
                continue;
            d.status = ConnectionStatus::GpsOutdated;
            d.activity.lastFixReceivedAt = kNow - 20 * kSecond;
            d.activity.lastFixAt = kNow - 20 * kSecond - skew - 3 * kSecond;
        }
        // Two devices disagree (buffered data, a tracker in another time zone).
        in.devices[0].activity.lastFixAt = kNow - 5 * kHour;
        in.devices[1].activity.lastFixAt = kNow - 40 * kSecond;
    } else if (name == u"offline-model") {
        in.devices.clear();
        // 13 GT06N (12 offline), 17 others (2 offline) on mixed carriers.
        for (int i = 0; i < 13; ++i)
            in.devices << device(QStringLiteral("g%1").arg(i), QStringLiteral("Concox GT06N"),
                                 QStringLiteral("gt06"),
                                 i % 2 ? QStringLiteral("Alpha") : QStringLiteral("Beta"),
                                 i < 12 ? ConnectionStatus::Offline : ConnectionStatus::Online);
        for (int i = 0; i < 17; ++i)
            in.devices << device(QStringLiteral("t%1").arg(i), QStringLiteral("Teltonika FMB920"),
                                 QStringLiteral("teltonika"),
                                 i % 2 ? QStringLiteral("Alpha") : QStringLiteral("Beta"),
                                 i < 2 ? ConnectionStatus::Offline : ConnectionStatus::Online);
    } else if (name == u"offline-carrier") {
        in.devices.clear();
        const QString models[] = { QStringLiteral("Concox GT06N"),
                                   QStringLiteral("Teltonika FMB920"),
                                   QStringLiteral("SinoTrack ST-901") };
        const QString protocols[] = { QStringLiteral("gt06"), QStringLiteral("teltonika"),
                                      QStringLiteral("h02") };
        // 12 on CarrierX (10 offline), 24 on others (1 offline).
        for (int i = 0; i < 36; ++i) {
            const bool x = i < 12;
            const bool offline = x ? i < 10 : i == 20;
            in.devices << device(QStringLiteral("d%1").arg(i), models[i % 3], protocols[i % 3],
                                 x ? QStringLiteral("CarrierX")
                                   : (i % 2 ? QStringLiteral("Alpha") : QStringLiteral("Beta")),
                                 offline ? ConnectionStatus::Offline : ConnectionStatus::Online);
        }
    } else if (name == u"undecoded-wrong-port") {
        ListenerState &h02 = in.listeners[1];
        h02.frames = 50;
        h02.decoded = 20;
        h02.undecoded = 30;
        for (quint64 i = 0; i < 6; ++i)
            in.recentUndecoded << undecodedFrame(5013, QStringLiteral("h02"), kGt06Login, 10 + i);
    } else if (name == u"undecoded-unknown") {
        ListenerState &gt06 = in.listeners[0];
        gt06.frames = 40;
        gt06.decoded = 10;
        gt06.undecoded = 30;
        for (quint64 i = 0; i < 5; ++i)
            in.recentUndecoded << undecodedFrame(5023, QStringLiteral("gt06"),
                                                 QByteArray::fromHex("0102030405060708"), 10 + i);
    } else if (name == u"unknown-device" || name == u"unknown-similar") {
        UnknownDeviceSighting s;
        s.uniqueId = name == u"unknown-device" ? QStringLiteral("359881234567890")
                                               : QStringLiteral("000000000003");
        s.protocol = QStringLiteral("gt06");
        s.peer = QStringLiteral("10.1.2.3:41000");
        s.localPort = 5023;
        s.lastSeen = kNow - kMinute;
        s.frames = 7;
        in.unknown << s;
        // A sighting of a registered id is stale and must be ignored.
        UnknownDeviceSighting stale = s;
        stale.uniqueId = in.devices[0].device.uniqueId;
        in.unknown << stale;
    }
    return in;
}

const Finding *findingById(const QList<Finding> &list, const QString &id)
{
    for (const Finding &f : list) {
        if (f.id == id)
            return &f;
    }
    return nullptr;
}

} // namespace

class TestFleetDiagnosis : public QObject
{
    Q_OBJECT

private slots:
    void healthyFleet_hasNothingAboveInfo()
    {
        const ProtocolRegistry registry;
        const QList<Finding> findings = diagnose(healthyFleet(), registry);
        for (const Finding &f : findings)
            QVERIFY2(f.severity == Finding::Info, qPrintable(f.id + u": " + f.title));
        QCOMPARE(worstSeverity(findings), Finding::Info);
    }

    void scenarios_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("severity");
        QTest::addColumn<QString>("titlePart");
        QTest::addColumn<int>("count"); // findings with that id
        QTest::addColumn<int>("devices"); // devices of the first such finding, -1 = any

        QTest::newRow("listener bind error") << "listener-bind-error" << "listener-down"
                                             << int(Finding::Critical)
                                             << "Port 5013 (h02) is not listening" << 1 << 7;
        QTest::newRow("listener self-check") << "listener-self-check" << "listener-down"
                                             << int(Finding::Critical) << "test connection" << 1
                                             << 6;
        QTest::newRow("no data, listeners down") << "no-data-listeners" << "no-data"
                                                 << int(Finding::Critical)
                                                 << "No data has reached the server since" << 1
                                                 << 0;
        QTest::newRow("no data, network") << "no-data-network" << "no-data"
                                          << int(Finding::Critical) << "(2 h 0 min ago)" << 1
                                          << 0;
        QTest::newRow("clock ahead") << "clock-ahead" << "server-clock-skew"
                                     << int(Finding::Critical) << "looks 3 h 0 min ahead" << 1
                                     << 17;
        QTest::newRow("clock behind") << "clock-behind" << "server-clock-skew"
                                      << int(Finding::Critical) << "looks 9 min 57 s behind" << 1
                                      << 17;
        QTest::newRow("offline by model and port")
            << "offline-model" << "offline-concentration" << int(Finding::Warning)
            << "12 of 14 offline devices share model Concox GT06N, port 5023 (gt06)" << 1 << 12;
        QTest::newRow("offline by carrier") << "offline-carrier" << "offline-concentration"
                                            << int(Finding::Warning)
                                            << "10 of 11 offline devices share carrier CarrierX"
                                            << 1 << 10;
        QTest::newRow("undecoded, wrong port")
            << "undecoded-wrong-port" << "undecoded-frames" << int(Finding::Warning)
            << "Port 5013 (h02) receives frames that look like gt06 (its port is 5023)" << 1 << 0;
        QTest::newRow("undecoded, unknown") << "undecoded-unknown" << "undecoded-frames"
                                            << int(Finding::Warning)
                                            << "Port 5023 (gt06): 30 of 40 frames" << 1 << 0;
        QTest::newRow("unknown device") << "unknown-device" << "unknown-devices"
                                        << int(Finding::Warning)
                                        << "Unknown device 359881234567890 sends from 10.1.2.3 "
                                           "on port 5023"
                                        << 1 << 1;
        QTest::newRow("unknown, similar id") << "unknown-similar" << "unknown-devices"
                                             << int(Finding::Warning) << "000000000003" << 1 << 1;
    }

    void scenarios()
    {
        QFETCH(QString, name);
        QFETCH(QString, id);
        QFETCH(int, severity);
        QFETCH(QString, titlePart);
        QFETCH(int, count);
        QFETCH(int, devices);

        const ProtocolRegistry registry;
        const QList<Finding> findings = diagnose(scenario(name), registry);
        int n = 0;
        for (const Finding &f : findings)
            n += f.id == id ? 1 : 0;
        QCOMPARE(n, count);
        const Finding *f = findingById(findings, id);
        QVERIFY(f);
        QCOMPARE(int(f->severity), severity);
        QVERIFY2(f->title.contains(titlePart), qPrintable(f->title));
        QVERIFY(!f->action.isEmpty());
        QVERIFY(!f->evidence.isEmpty());
        if (devices >= 0)
            QCOMPARE(f->devices.size(), devices);
        // Most severe first.
        for (qsizetype i = 1; i < findings.size(); ++i)
            QVERIFY(findings[i - 1].severity >= findings[i].severity);
    }

    void noData_saysWhy()
    {
        const ProtocolRegistry registry;
        const Finding *down = nullptr;
        const QList<Finding> a = diagnose(scenario(QStringLiteral("no-data-listeners")), registry);
        down = findingById(a, QStringLiteral("no-data"));
        QVERIFY(down);
        QCOMPARE(down->evidence.value(u"cause").toString(), QStringLiteral("listeners-down"));
        QCOMPARE(down->evidence.value(u"listenersDown").toArray().size(), 3);
        // Every listener is reported on its own as well.
        int listenerFindings = 0;
        for (const Finding &f : a)
            listenerFindings += f.id == u"listener-down" ? 1 : 0;
        QCOMPARE(listenerFindings, 3);

        const QList<Finding> b = diagnose(scenario(QStringLiteral("no-data-network")), registry);
        const Finding *net = findingById(b, QStringLiteral("no-data"));
        QVERIFY(net);
        QCOMPARE(net->evidence.value(u"cause").toString(), QStringLiteral("network"));
        QCOMPARE(net->evidence.value(u"sharedCarrier").toString(), QStringLiteral("Vodafone"));
        QCOMPARE(net->evidence.value(u"silentForSeconds").toInteger(), 7200);
        QVERIFY(net->action.contains(u"firewall"));
        QVERIFY(net->action.contains(u"Vodafone"));
        QVERIFY(!findingById(b, QStringLiteral("offline-concentration")));
    }

    void clockSkew_evidence()
    {
        const ProtocolRegistry registry;
        const QList<Finding> f = diagnose(scenario(QStringLiteral("clock-ahead")), registry);
        const Finding *skew = findingById(f, QStringLiteral("server-clock-skew"));
        QVERIFY(skew);
        QCOMPARE(skew->evidence.value(u"sampledDevices").toInt(), 19);
        QCOMPARE(skew->evidence.value(u"devicesSharingOffset").toInt(), 17);
        QCOMPARE(skew->evidence.value(u"medianOffsetSeconds").toDouble(), 3 * 3600.0 + 3);
        QVERIFY(skew->action.contains(u"NTP"));
    }

    void offlineConcentration_evidence()
    {
        const ProtocolRegistry registry;
        const QList<Finding> f = diagnose(scenario(QStringLiteral("offline-model")), registry);
        const Finding *c = findingById(f, QStringLiteral("offline-concentration"));
        QVERIFY(c);
        const QJsonObject group = c->evidence.value(u"group").toObject();
        QCOMPARE(group.value(u"model").toString(), QStringLiteral("Concox GT06N"));
        QCOMPARE(group.value(u"port").toInt(), 5023);
        QVERIFY(!group.contains(u"carrier"));
        QCOMPARE(c->evidence.value(u"offlineInGroup").toInt(), 12);
        QCOMPARE(c->evidence.value(u"offlineTotal").toInt(), 14);
        QCOMPARE(c->evidence.value(u"groupSize").toInt(), 13);
        QVERIFY(c->action.contains(u"port 5023"));
    }

    void undecoded_evidenceNamesTheProtocol()
    {
        const ProtocolRegistry registry;
        const QList<Finding> f
            = diagnose(scenario(QStringLiteral("undecoded-wrong-port")), registry);
        const Finding *u = findingById(f, QStringLiteral("undecoded-frames"));
        QVERIFY(u);
        QCOMPARE(u->evidence.value(u"looksLike").toString(), QStringLiteral("gt06"));
        QCOMPARE(u->evidence.value(u"looksLikePort").toInt(), 5023);
        QCOMPARE(u->evidence.value(u"matchingSamples").toInt(), 6);
        QCOMPARE(u->evidence.value(u"undecoded").toInt(), 30);
        const QJsonArray samples = u->evidence.value(u"samples").toArray();
        QCOMPARE(samples.size(), 6);
        QCOMPARE(samples.first().toObject().value(u"hex").toString(),
                 QString::fromLatin1(kGt06Login.toHex()));
    }

    void unknown_offersRegistration()
    {
        const ProtocolRegistry registry;
        QList<Finding> f = diagnose(scenario(QStringLiteral("unknown-device")), registry);
        const Finding *u = findingById(f, QStringLiteral("unknown-devices"));
        QVERIFY(u);
        QCOMPARE(u->devices, QStringList { QStringLiteral("359881234567890") });
        QCOMPARE(u->evidence.value(u"frames").toInt(), 7);
        QCOMPARE(u->evidence.value(u"port").toInt(), 5023);
        QVERIFY(u->action.contains(u"Register 359881234567890"));

        f = diagnose(scenario(QStringLiteral("unknown-similar")), registry);
        u = findingById(f, QStringLiteral("unknown-devices"));
        QVERIFY(u);
        QCOMPARE(u->evidence.value(u"similarRegistered").toArray().first().toString(),
                 QStringLiteral("860000000000003"));
    }

    void json_shape()
    {
        const ProtocolRegistry registry;
        const QList<Finding> f = diagnose(scenario(QStringLiteral("listener-bind-error")),
                                          registry);
        const QJsonObject doc = findingsToJson(kNow, f);
        QCOMPARE(doc.value(u"at").toString(), QStringLiteral("2024-03-15T12:00:00Z"));
        const QJsonArray list = doc.value(u"findings").toArray();
        QCOMPARE(list.size(), f.size());
        const QJsonObject first = list.first().toObject();
        QStringList keys = first.keys();
        keys.sort();
        QCOMPARE(keys, (QStringList { QStringLiteral("action"), QStringLiteral("devices"),
                                      QStringLiteral("evidence"), QStringLiteral("id"),
                                      QStringLiteral("severity"), QStringLiteral("title") }));
        QCOMPARE(first.value(u"severity").toString(), QStringLiteral("critical"));
        QCOMPARE(first.value(u"evidence").toObject().value(u"port").toInt(), 5013);
        QCOMPARE(findingSeverityId(Finding::Info), QStringLiteral("info"));
        QCOMPARE(findingSeverityId(Finding::Warning), QStringLiteral("warning"));
    }

    void helpers()
    {
        QCOMPARE(diag::durationText(3 * kHour + 5 * kMinute), QStringLiteral("3 h 5 min"));
        QCOMPARE(diag::durationText(-45 * kSecond), QStringLiteral("45 s"));
        QCOMPARE(diag::durationText(2 * kDay + kHour), QStringLiteral("2 d 1 h"));
        QCOMPARE(diag::peerAddress(QStringLiteral("1.2.3.4:5000")), QStringLiteral("1.2.3.4"));
        QCOMPARE(diag::sampleText(QByteArray("ab\x01"), true), QStringLiteral("ab."));
        QCOMPARE(diag::sampleText(QByteArray::fromHex("0102"), false, 1),
                 QStringLiteral("01..."));
    }
};

FW_TEST_CLASS(TestFleetDiagnosis)
#include "tst_fleetdiagnosis.moc"
