// Device troubleshooter: the six steps answered from a RawLog, listener states and a snapshot,
// one scenario per typical support case.

#include "TestMain.h"

#include "diagnostics/DeviceTroubleshooter.h"
#include "domain/DeviceModelCatalog.h"
#include "protocols/ProtocolRegistry.h"

#include <QJsonArray>
#include <QTest>

using namespace fw;

namespace {

const TimeMs kNow = utcTime(2024, 3, 15, 12, 0, 0);
const QString kImei = QStringLiteral("123456789012345");
// GT06 login frame of 123456789012345.
const QByteArray kGt06Login = QByteArray::fromHex("78780d01012345678901234500018cdd0d0a");

RawFrame frame(quint16 port, const QString &protocol, const QString &peer, FrameOutcome outcome,
               const QString &id = {})
{
    RawFrame f;
    f.time = kNow - kMinute;
    f.localPort = port;
    f.protocol = protocol;
    f.peer = peer;
    f.uniqueId = id;
    f.bytes = kGt06Login;
    f.outcome = outcome;
    f.detail = outcome == FrameOutcome::Undecoded ? protocol + QStringLiteral(": bad frame")
                                                  : QStringLiteral("login");
    return f;
}

DeviceSnapshot snapshotOf(const QString &id)
{
    DeviceSnapshot s;
    s.device.uniqueId = id;
    s.device.model = QStringLiteral("Concox GT06N");
    s.device.registeredAt = kNow - kDay;
    s.device.password = QStringLiteral("987654");
    s.activity.uniqueId = id;
    s.status = ConnectionStatus::AwaitingFirstData;
    return s;
}

struct Fixture
{
    RawLog log;
    TroubleshootInput in;

    Fixture()
    {
        in.now = kNow;
        in.rawLog = &log;
        in.serverAddress = QStringLiteral("track.example.com");
        ListenerState gt06;
        gt06.protocol = QStringLiteral("gt06");
        gt06.port = 5023;
        gt06.listening = true;
        ListenerState h02 = gt06;
        h02.protocol = QStringLiteral("h02");
        h02.port = 5013;
        in.listeners = { gt06, h02 };
        in.selfCheck = { { 5023, true }, { 5013, true } };
    }
};

void build(const QString &name, Fixture &fx)
{
    TroubleshootInput &in = fx.in;
    const QString peer = QStringLiteral("10.0.0.5:40000");
    if (name == u"never-seen") {
        in.device = snapshotOf(kImei).device;
        in.snapshot = snapshotOf(kImei);
        // Someone else's traffic is not this device's.
        fx.log.append(frame(5023, QStringLiteral("gt06"), QStringLiteral("10.0.0.9:1"),
                            FrameOutcome::Decoded, QStringLiteral("999999999999999")));
    } else if (name == u"wrong-port-by-address") {
        DeviceSnapshot s = snapshotOf(kImei);
        s.activity.peer = peer; // it connected once, from this address
        in.device = s.device;
        in.snapshot = s;
        for (int i = 0; i < 3; ++i)
            fx.log.append(frame(5013, QStringLiteral("h02"), peer, FrameOutcome::Undecoded));
    } else if (name == u"wrong-port-unattributed") {
        in.device = snapshotOf(kImei).device;
        in.snapshot = snapshotOf(kImei);
        fx.log.append(frame(5013, QStringLiteral("h02"), QStringLiteral("10.7.7.7:1"),
                            FrameOutcome::Undecoded));
    } else if (name == u"unknown-id") {
        Device d;
        d.uniqueId = kImei; // not registered: no snapshot
        in.device = d;
        fx.log.append(
            frame(5023, QStringLiteral("gt06"), peer, FrameOutcome::UnknownDevice, kImei));
        UnknownDeviceSighting u;
        u.uniqueId = kImei;
        u.peer = peer;
        u.localPort = 5023;
        u.protocol = QStringLiteral("gt06");
        in.unknown << u;
    } else if (name == u"registered-other-id") {
        DeviceSnapshot s = snapshotOf(QStringLiteral("860000000000001"));
        s.activity.peer = peer;
        in.device = s.device;
        in.snapshot = s;
        fx.log.append(
            frame(5023, QStringLiteral("gt06"), peer, FrameOutcome::UnknownDevice, kImei));
    } else if (name == u"no-fix" || name == u"healthy" || name == u"listener-down") {
        DeviceSnapshot s = snapshotOf(kImei);
        s.activity.peer = peer;
        s.activity.localPort = 5023;
        s.activity.protocol = QStringLiteral("gt06");
        s.activity.lastPacketAt = kNow - 10 * kSecond;
        s.status = ConnectionStatus::GpsOutdated;
        if (name != u"no-fix") {
            s.activity.lastFixAt = kNow - 15 * kSecond;
            s.activity.lastFixReceivedAt = kNow - 10 * kSecond;
            s.status = ConnectionStatus::Online;
        }
        in.device = s.device;
        in.snapshot = s;
        fx.log.append(frame(5023, QStringLiteral("gt06"), peer, FrameOutcome::Decoded, kImei));
        if (name == u"listener-down") {
            in.listeners[0].listening = false;
            in.listeners[0].error = QStringLiteral("The address is protected");
        }
    }
}

QString verdicts(const QList<TroubleshootStep> &steps)
{
    QString s;
    for (const TroubleshootStep &st : steps)
        s += st.verdict == TroubleshootStep::Pass ? u'P'
            : st.verdict == TroubleshootStep::Fail ? u'F'
                                                   : u'C';
    return s;
}

} // namespace

class TestDeviceTroubleshooter : public QObject
{
    Q_OBJECT

private slots:
    void steps_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected"); // verdict per step: P, F, C
        QTest::addColumn<int>("keyStep");
        QTest::addColumn<QString>("answerPart");

        QTest::newRow("never seen") << "never-seen" << "FCCCCC" << 1 << "nothing carrying id";
        QTest::newRow("wrong port, by address") << "wrong-port-by-address" << "PFCCFC" << 2
                                                << "look like gt06 (port 5023) but arrived on "
                                                   "port 5013, which expects h02";
        QTest::newRow("wrong port, unattributed") << "wrong-port-unattributed" << "FFCCCC" << 2
                                                  << "on port 5013 look like gt06";
        QTest::newRow("unknown id") << "unknown-id" << "PPFCPP" << 3
                                    << "decode to id 123456789012345, which is not registered";
        QTest::newRow("registered under another id") << "registered-other-id" << "PPFCPP" << 3
                                                     << "decode to 123456789012345";
        QTest::newRow("no fix") << "no-fix" << "PPPFPP" << 4 << "never reported a valid fix";
        QTest::newRow("healthy") << "healthy" << "PPPPPP" << 6 << "has reached it";
        QTest::newRow("listener down") << "listener-down" << "PPPPPF" << 6
                                       << "5023 is not listening (The address is protected)";
    }

    void steps()
    {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        QFETCH(int, keyStep);
        QFETCH(QString, answerPart);

        Fixture fx;
        build(name, fx);
        const ProtocolRegistry registry;
        const DeviceModelCatalog catalog;
        const DeviceTroubleshooter t(registry, catalog);
        const QList<TroubleshootStep> steps = t.run(fx.in);
        QCOMPARE(steps.size(), 6);
        for (int i = 0; i < 6; ++i) {
            QCOMPARE(steps[i].number, i + 1);
            QVERIFY(!steps[i].question.isEmpty());
            QVERIFY(!steps[i].answer.isEmpty());
            if (steps[i].verdict == TroubleshootStep::Fail)
                QVERIFY2(!steps[i].action.isEmpty(), qPrintable(steps[i].answer));
        }
        QCOMPARE(verdicts(steps), expected);
        const QString answer = steps[keyStep - 1].answer;
        QVERIFY2(answer.contains(answerPart), qPrintable(answer));
    }

    void neverSeen_explainsHowToConfigureAndCheck()
    {
        Fixture fx;
        build(QStringLiteral("never-seen"), fx);
        const ProtocolRegistry registry;
        const DeviceModelCatalog catalog;
        const QList<TroubleshootStep> steps = DeviceTroubleshooter(registry, catalog).run(fx.in);
        const TroubleshootStep &port = steps[4];
        QCOMPARE(port.evidence.value(u"expectedPort").toInt(), 5023);
        QCOMPARE(port.evidence.value(u"configSms").toString(),
                 QStringLiteral("SERVER,<password>,0,track.example.com,5023,0#"));
        QVERIFY(!port.action.contains(u"987654")); // the password never appears
        const TroubleshootStep &reach = steps[5];
        QVERIFY(reach.answer.contains(u"cannot be checked from here"));
        QVERIFY(reach.action.contains(u"nc -vz track.example.com 5023"));
        QCOMPARE(reach.evidence.value(u"selfCheck").toBool(), true);
    }

    void wrongPort_evidence()
    {
        Fixture fx;
        build(QStringLiteral("wrong-port-by-address"), fx);
        const ProtocolRegistry registry;
        const DeviceModelCatalog catalog;
        const QList<TroubleshootStep> steps = DeviceTroubleshooter(registry, catalog).run(fx.in);
        QCOMPARE(steps[0].evidence.value(u"framesFromLastAddress").toInt(), 3);
        QCOMPARE(steps[1].evidence.value(u"looksLike").toString(), QStringLiteral("gt06"));
        QCOMPARE(steps[1].evidence.value(u"arrivedOnPort").toInt(), 5013);
        QVERIFY(steps[1].action.contains(u"port 5023"));
        QCOMPARE(steps[4].evidence.value(u"arrivalPorts").toArray(), QJsonArray { 5013 });
    }

    void json()
    {
        Fixture fx;
        build(QStringLiteral("healthy"), fx);
        const ProtocolRegistry registry;
        const DeviceModelCatalog catalog;
        const QList<TroubleshootStep> steps = DeviceTroubleshooter(registry, catalog).run(fx.in);
        const QJsonObject o = DeviceTroubleshooter::toJson(kImei, kNow, steps);
        QCOMPARE(o.value(u"device").toString(), kImei);
        QCOMPARE(o.value(u"steps").toArray().size(), 6);
        QCOMPARE(o.value(u"steps").toArray().at(3).toObject().value(u"verdict").toString(),
                 QStringLiteral("pass"));
        QCOMPARE(verdictId(TroubleshootStep::CannotCheck), QStringLiteral("cannot-check"));
    }
};

FW_TEST_CLASS(TestDeviceTroubleshooter)
#include "tst_devicetroubleshooter.moc"
