// `fleetwatch diagnose --json` against a database that a live node (in this process, with the
// real writer) keeps its status in: the findings of the node reach the command, a healthy fleet
// raises nothing above info, and without a reporting node the command says so.

#include "TestMain.h"

#include "node/NodeStatusReporter.h"
#include "domain/DeviceModelCatalog.h"
#include "fleet/FleetState.h"
#include "node/IngestNode.h"
#include "ingest/IngestServer.h"
#include "ingest/RawLog.h"
#include "protocols/ProtocolRegistry.h"
#include "sim/DeviceFrameEncoder.h"
#include "storage/Database.h"
#include "storage/PositionWriter.h"
#include "util/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace fw;

namespace {

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

QJsonObject diagnoseJson(const QString &dbPath, QString *rawOut = nullptr)
{
    QProcess p;
    p.start(QStringLiteral(FW_EXECUTABLE),
        { QStringLiteral("diagnose"), QStringLiteral("--json"), QStringLiteral("--db"),
            QStringLiteral("sqlite:") + dbPath });
    if (!p.waitForFinished(30000))
        return {};
    const QByteArray out = p.readAllStandardOutput();
    if (rawOut)
        *rawOut = QString::fromUtf8(out + p.readAllStandardError());
    return QJsonDocument::fromJson(out).object();
}

QJsonObject findingOf(const QJsonObject &doc, const QString &id)
{
    for (const QJsonValue &v : doc.value(u"findings").toArray()) {
        if (v.toObject().value(u"id").toString() == id)
            return v.toObject();
    }
    return {};
}

QString imei(int i)
{
    return QStringLiteral("35209900%1").arg(i, 7, 10, QLatin1Char('0'));
}

Position fix(TimeMs time, int i)
{
    Position p;
    p.deviceTime = time;
    p.valid = true;
    p.latitude = 50.0 + i * 0.01;
    p.longitude = 19.0;
    p.speedKph = 20;
    p.satellites = 8;
    return p;
}

// A node writing into `path` through the real PositionWriter (the node status goes to the
// writer's database without being told).
struct LiveNode
{
    explicit LiveNode(const QString &path)
        : config(DatabaseConfig::sqlite(path))
        , writer(config)
    {
        writer.start();
        IngestNode::Parts parts;
        parts.clock = &clock;
        parts.registry = &registry;
        parts.catalog = &catalog;
        parts.rawLog = &rawLog;
        parts.writer = &writer;
        node = std::make_unique<IngestNode>(parts);
        node->prepare(FleetSettings {});
    }
    ~LiveNode()
    {
        sockets.clear();
        node->stop();
        writer.flush(10000);
        node.reset();
        writer.stop();
    }

    void start(const QList<ListenerConfig> &listeners, const QList<Device> &devices)
    {
        IngestConfig c;
        c.bind = QHostAddress(QHostAddress::LocalHost);
        c.listeners = listeners;
        node->statusReporter()->setHostName(QStringLiteral("cli-node"));
        node->start(c, devices, {});
    }

    void send(quint16 port, const QList<QByteArray> &frames)
    {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(socket->waitForConnected(3000));
        for (const QByteArray &f : frames)
            socket->write(f);
        socket->flush();
        sockets.push_back(std::move(socket));
    }

    // Everything decoded and written, the self-check done and the status stored.
    void settle(quint64 frames)
    {
        QVERIFY(QTest::qWaitFor([&] { return node->server()->stats().frames >= frames; }, 5000));
        QVERIFY(writer.flush(10000));
        NodeStatusReporter *r = node->statusReporter();
        QVERIFY(QTest::qWaitFor([r] { return !r->selfCheckRunning(); }, 5000));
        const int before = r->writes();
        r->refresh();
        QVERIFY(QTest::qWaitFor([r, before] { return r->writes() > before; }, 8000));
    }

    DatabaseConfig config;
    SystemClock clock;
    const ProtocolRegistry registry;
    const DeviceModelCatalog catalog;
    RawLog rawLog;
    PositionWriter writer;
    std::unique_ptr<IngestNode> node;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
};

} // namespace

class TstDiagnoseCli : public QObject
{
    Q_OBJECT

private slots:
    void noNode_saysSoAndDiagnosesStoredData()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("empty.sqlite"));
        {
            Database db;
            QVERIFY(db.open(DatabaseConfig::sqlite(path)));
        }
        QString raw;
        const QJsonObject doc = diagnoseJson(path, &raw);
        QVERIFY2(doc.contains(u"findings"), qPrintable(raw));
        const QJsonObject f = findingOf(doc, QStringLiteral("no-live-node"));
        QCOMPARE(f.value(u"severity").toString(), QStringLiteral("warning"));
        QVERIFY(!f.value(u"title").toString().isEmpty());
        QVERIFY(!f.value(u"action").toString().isEmpty());
        QVERIFY(doc.value(u"nodes").toArray().isEmpty());
    }

    void liveNode_findingsReachTheCommand()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("live.sqlite"));
        const TimeMs now = SystemClock().now();
        QList<Device> devices;
        {
            Database db;
            QVERIFY(db.open(DatabaseConfig::sqlite(path)));
            for (int i = 0; i < 4; ++i) {
                Device d;
                d.uniqueId = imei(i);
                d.name = d.uniqueId;
                d.model = QStringLiteral("Concox GT06N");
                d.registeredAt = now - kDay;
                QVERIFY(db.addDevice(d));
                devices << d;
            }
        }
        QTcpServer blocker;
        QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
        const quint16 gt06Port = freePort();
        quint16 h02Port = freePort();
        while (h02Port == gt06Port)
            h02Port = freePort();
        LiveNode n(path);
        n.start({ { QStringLiteral("gt06"), gt06Port }, { QStringLiteral("h02"), h02Port },
                    { QStringLiteral("osmand"), blocker.serverPort() } },
            devices);
        const auto enc = makeDeviceFrameEncoder(u"gt06");
        // The GT06N fleet points at the H02 port; a stranger reports on the right one.
        for (int i = 0; i < 4; ++i)
            n.send(h02Port, { enc->login(imei(i), 1) });
        const QString stranger = imei(99);
        n.send(gt06Port, { enc->login(stranger, 1) });
        n.settle(5);

        QString raw;
        const QJsonObject doc = diagnoseJson(path, &raw);
        QVERIFY2(doc.contains(u"findings"), qPrintable(raw));
        QCOMPARE(doc.value(u"nodes").toArray(), QJsonArray { QStringLiteral("cli-node") });
        QVERIFY2(findingOf(doc, QStringLiteral("no-live-node")).isEmpty(), qPrintable(raw));

        const QJsonObject down = findingOf(doc, QStringLiteral("listener-down"));
        QCOMPARE(down.value(u"severity").toString(), QStringLiteral("critical"));
        QCOMPARE(
            down.value(u"evidence").toObject().value(u"port").toInt(), int(blocker.serverPort()));

        const QJsonObject wrong = findingOf(doc, QStringLiteral("undecoded-frames"));
        QVERIFY2(!wrong.isEmpty(), qPrintable(raw));
        const QJsonObject ev = wrong.value(u"evidence").toObject();
        QCOMPARE(ev.value(u"port").toInt(), int(h02Port));
        QCOMPARE(ev.value(u"looksLike").toString(), QStringLiteral("gt06"));
        QCOMPARE(ev.value(u"looksLikePort").toInt(), int(gt06Port));

        const QJsonObject unknown = findingOf(doc, QStringLiteral("unknown-devices"));
        QCOMPARE(unknown.value(u"devices").toArray(), QJsonArray { stranger });
        QVERIFY(unknown.value(u"evidence")
                    .toObject()
                    .value(u"peer")
                    .toString()
                    .startsWith(u"127.0.0.1:"));
    }

    void healthyFleet_nothingAboveInfo()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("healthy.sqlite"));
        const TimeMs now = SystemClock().now();
        QList<Device> devices;
        {
            Database db;
            QVERIFY(db.open(DatabaseConfig::sqlite(path)));
            for (int i = 0; i < 5; ++i) {
                Device d;
                d.uniqueId = imei(i);
                d.name = d.uniqueId;
                d.model = QStringLiteral("Concox GT06N");
                d.registeredAt = now - kDay;
                QVERIFY(db.addDevice(d));
                devices << d;
            }
        }
        const quint16 port = freePort();
        LiveNode n(path);
        n.start({ { QStringLiteral("gt06"), port } }, devices);
        const auto enc = makeDeviceFrameEncoder(u"gt06");
        for (int i = 0; i < 5; ++i)
            n.send(port, { enc->login(imei(i), 1), enc->position(imei(i), fix(now, i), 2) });
        n.settle(10);
        QString raw;
        const QJsonObject doc = diagnoseJson(path, &raw);
        QVERIFY2(doc.contains(u"findings"), qPrintable(raw));
        QCOMPARE(doc.value(u"nodes").toArray(), QJsonArray { QStringLiteral("cli-node") });
        for (const QJsonValue &v : doc.value(u"findings").toArray())
            QVERIFY2(v.toObject().value(u"severity").toString() == u"info", qPrintable(raw));
    }

    void humanOutput()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("human.sqlite"));
        QProcess p;
        p.start(QStringLiteral(FW_EXECUTABLE),
            { QStringLiteral("diagnose"), QStringLiteral("--db"),
                QStringLiteral("sqlite:") + path });
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(out.contains(u"[WARNING]"), qPrintable(out));
        QVERIFY(!out.trimmed().startsWith(u'{'));
    }
};

FW_TEST_CLASS(TstDiagnoseCli)
#include "tst_diagnose.moc"
