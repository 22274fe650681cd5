// The shared command queue (issue #14): a command queued in the database by `command send`
// or by a connected window (RemoteFleetSource) reaches a GT06 device connected to a real
// `--headless --node-id A` node on the throw-away PostgreSQL server (the device's socket gets
// the exact encoded bytes), the device's answer comes back as the command's reply, a viewer
// cannot queue one, and a command nobody could send in time is marked expired. An SMS command
// queued by `command send --via sms` goes out through the HTTP SMS gateway of a node started
// with --sms-gateway (a loopback HTTP server receives the request), and a refusing gateway
// leaves the command failed with the gateway's error.

#include "CliTestSupport.h"
#include "Gt06TestDevice.h"
#include "LoopbackHttpServer.h"
#include "TestMain.h"

#include "commands/CommandCatalog.h"
#include "domain/DeviceModelCatalog.h"
#include "node/FleetSource.h"
#include "remote/RemoteFleetSource.h"
#include "storage/Database.h"
#include "util/Clock.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>

using namespace fw;
using namespace fw::test;

class TestCommandQueue : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void usageErrors_data();
    void usageErrors();
    void typesOfAGt06Device();
    void sendWaitsForTheDevicesReply();
    void connectedWindowQueuesAndTheNodeSends();
    void viewerCannotQueue();
    void unsentCommandExpires();
    void smsGoesOutThroughTheNodesGateway();

private:
    QString postgresDatabase();
    bool addDevice(const QString &db, const QString &imei);
    QStringList nodeArgs(const QString &db, const QString &id, quint16 port) const;
    QList<QJsonObject> commands(const QString &db);
    static QByteArray gt06Bytes(qint64 id, CommandType type, const QString &text);

    CliEnvironment m_env;
};

void TestCommandQueue::initTestCase()
{
    QVERIFY(m_env.init());
}

QString TestCommandQueue::postgresDatabase()
{
    QString why;
    const QString db = m_env.newDatabase(QStringLiteral("postgresql"), &why);
    if (db.isEmpty() && !PostgresTestServer::required())
        qWarning("%s", qPrintable(why));
    return db;
}

bool TestCommandQueue::addDevice(const QString &db, const QString &imei)
{
    const CliResult r = m_env.run({ QStringLiteral("devices"), QStringLiteral("add"),
        QStringLiteral("--id"), imei, QStringLiteral("--name"), imei, QStringLiteral("--protocol"),
        QStringLiteral("gt06"), QStringLiteral("--db"), db });
    if (r.exitCode != 0)
        qWarning("devices add: %s", r.err.constData());
    return r.exitCode == 0;
}

QStringList TestCommandQueue::nodeArgs(const QString &db, const QString &id, quint16 port) const
{
    return { QStringLiteral("--headless"), QStringLiteral("--db"), db, QStringLiteral("--bind"),
        QStringLiteral("127.0.0.1"), QStringLiteral("--listen"),
        QStringLiteral("gt06=%1").arg(port), QStringLiteral("--node-id"), id,
        QStringLiteral("--stats-interval"), QStringLiteral("0") };
}

QList<QJsonObject> TestCommandQueue::commands(const QString &db)
{
    const CliResult r = m_env.run({ QStringLiteral("command"), QStringLiteral("list"),
        QStringLiteral("--json"), QStringLiteral("--db"), db });
    QList<QJsonObject> out;
    for (const QJsonValue &v :
        QJsonDocument::fromJson(r.out).object().value(QStringLiteral("commands")).toArray())
        out.append(v.toObject());
    return out;
}

QByteArray TestCommandQueue::gt06Bytes(qint64 id, CommandType type, const QString &text)
{
    CommandParams p;
    p.serial = static_cast<quint32>(id); // the node numbers a command by its row
    p.text = text;
    return encodeGprsCommand(u"gt06", type, p);
}

void TestCommandQueue::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no-action") << QStringList { QStringLiteral("command") }
                               << QStringLiteral("types [--device ID]");
    QTest::newRow("unknown-type")
        << QStringList { QStringLiteral("command"), QStringLiteral("send"), QStringLiteral("1"),
               QStringLiteral("--type"), QStringLiteral("engine-stp") }
        << QStringLiteral("did you mean \"engine-stop\"");
    QTest::newRow("bad-param")
        << QStringList { QStringLiteral("command"), QStringLiteral("send"), QStringLiteral("1"),
               QStringLiteral("--type"), QStringLiteral("reboot"), QStringLiteral("--param"),
               QStringLiteral("x=1") }
        << QStringLiteral("reboot takes no parameter \"x\"");
    QTest::newRow("bad-via")
        << QStringList { QStringLiteral("command"), QStringLiteral("send"), QStringLiteral("1"),
               QStringLiteral("--type"), QStringLiteral("reboot"), QStringLiteral("--via"),
               QStringLiteral("fax") }
        << QStringLiteral("--via takes auto, gprs or sms");
}

void TestCommandQueue::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const CliResult r = m_env.run(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
}

void TestCommandQueue::typesOfAGt06Device()
{
    QString why;
    const QString db = m_env.newDatabase(QStringLiteral("sqlite"), &why);
    QVERIFY(addDevice(db, QStringLiteral("864717003283100")));
    const CliResult r = m_env.run({ QStringLiteral("command"), QStringLiteral("types"),
        QStringLiteral("--device"), QStringLiteral("864717003283100"), QStringLiteral("--json"),
        QStringLiteral("--db"), db });
    QCOMPARE(r.exitCode, 0);
    const QJsonArray types = QJsonDocument::fromJson(r.out).object().value(u"types").toArray();
    QVERIFY(!types.isEmpty());
    bool custom = false;
    for (const QJsonValue &v : types) {
        const QJsonObject t = v.toObject();
        if (t.value(u"type").toString() == u"custom") {
            custom = true;
            QVERIFY(t.value(u"channels").toArray().contains(QJsonValue(QStringLiteral("gprs"))));
            QCOMPARE(t.value(u"params").toArray(), QJsonArray { QStringLiteral("text") });
        }
    }
    QVERIFY2(custom, r.out.constData());
    // SMS to a device without a phone number: said at once, nothing queued.
    const CliResult sms = m_env.run({ QStringLiteral("command"), QStringLiteral("send"),
        QStringLiteral("864717003283100"), QStringLiteral("--type"), QStringLiteral("reboot"),
        QStringLiteral("--via"), QStringLiteral("sms"), QStringLiteral("--db"), db });
    QVERIFY(sms.exitCode != 0);
    QVERIFY2(sms.err.contains("has no phone number"), sms.err.constData());
    QVERIFY(commands(db).isEmpty());
}

void TestCommandQueue::sendWaitsForTheDevicesReply()
{
    const QString db = postgresDatabase();
    if (db.isEmpty())
        QSKIP("no PostgreSQL server");
    const QString imei = QStringLiteral("864717003283101");
    QVERIFY(addDevice(db, imei));
    const quint16 port = freeLoopbackPort();
    NodeProcess node;
    QVERIFY2(node.start(m_env, nodeArgs(db, QStringLiteral("A"), port), 1), node.err.constData());
    Gt06Device device(imei);
    QVERIFY(device.connectAndLogin(port));

    QProcess send;
    send.setProcessEnvironment(m_env.environment());
    QElapsedTimer clock;
    clock.start();
    send.start(m_env.executable(), { QStringLiteral("command"), QStringLiteral("send"), imei,
        QStringLiteral("--type"), QStringLiteral("custom"), QStringLiteral("--param"),
        QStringLiteral("text=STATUS#"), QStringLiteral("--wait"), QStringLiteral("10"),
        QStringLiteral("--json"), QStringLiteral("--db"), db });
    QVERIFY(send.waitForStarted(10000));
    // The row tells the id the node numbers the frame with.
    QList<QJsonObject> rows;
    QTRY_VERIFY_WITH_TIMEOUT(!(rows = commands(db)).isEmpty(), 10000);
    const qint64 id = rows.first().value(u"id").toInteger();
    QVERIFY(id > 0);
    const QByteArray expected = gt06Bytes(id, CommandType::Custom, QStringLiteral("STATUS#"));
    QVERIFY(!expected.isEmpty());
    const QByteArray got = device.readBytes(expected.size(), 5000);
    QCOMPARE(got.toHex(), expected.toHex());
    qInfo("queued to on the device's socket: %lld ms", clock.elapsed());

    device.reply(QStringLiteral("GPS:OK GSM:4"), static_cast<quint32>(id));
    QVERIFY(send.waitForFinished(15000));
    QCOMPARE(send.exitCode(), 0);
    const QByteArray out = send.readAllStandardOutput();
    const QJsonObject o = QJsonDocument::fromJson(out).object();
    QCOMPARE(o.value(u"id").toInteger(), id);
    QCOMPARE(o.value(u"status").toString(), QStringLiteral("replied"));
    QCOMPARE(o.value(u"reply").toString(), QStringLiteral("GPS:OK GSM:4"));
    QCOMPARE(o.value(u"node").toString(), QStringLiteral("A"));

    const QJsonObject row = commands(db).first();
    QCOMPARE(row.value(u"status").toString(), QStringLiteral("replied"));
    QCOMPARE(row.value(u"createdBy").toString(), DatabaseConfig::parse(db)->user());
    QVERIFY(!row.value(u"sentAt").toString().isEmpty());
    QVERIFY(!row.value(u"finishedAt").toString().isEmpty());
}

void TestCommandQueue::connectedWindowQueuesAndTheNodeSends()
{
    const QString db = postgresDatabase();
    if (db.isEmpty())
        QSKIP("no PostgreSQL server");
    const QString imei = QStringLiteral("864717003283102");
    QVERIFY(addDevice(db, imei));
    const quint16 port = freeLoopbackPort();
    NodeProcess node;
    QVERIFY2(node.start(m_env, nodeArgs(db, QStringLiteral("A"), port), 1), node.err.constData());
    Gt06Device device(imei);
    QVERIFY(device.connectAndLogin(port));

    const DeviceModelCatalog catalog;
    SystemClock clock;
    Database gui;
    QVERIFY2(gui.open(*DatabaseConfig::parse(db)), qPrintable(gui.lastError()));
    RemoteFleetSource::Parts parts;
    parts.config = *DatabaseConfig::parse(db);
    parts.catalog = &catalog;
    parts.database = &gui;
    parts.clock = &clock;
    RemoteFleetSource source(parts);
    QSignalSpy connected(&source, &RemoteFleetSource::connectionChanged);
    QList<FleetDelta> deltas;
    connect(&source, &FleetSource::delta, this, [&deltas](const FleetDelta &d) { deltas.append(d); });
    source.start();
    QTRY_VERIFY_WITH_TIMEOUT(!connected.isEmpty(), 10000);
    QVERIFY(connected.first().at(0).toBool());

    // The window's dialog sees the device as reachable (a node holds its connection).
    std::optional<bool> live;
    QObject context;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
        source.requestDeviceView(imei, &context,
            [&live](const FleetSource::DeviceView &v) { live = v.liveSession; });
        QTest::qWait(100);
        return live.value_or(false);
    }()), 10000);

    const QByteArray bytes = gt06Bytes(77, CommandType::PositionRequest, {});
    std::optional<bool> sent;
    QElapsedTimer timer;
    timer.start();
    source.sendCommand(imei, bytes, &context, [&sent](bool ok) { sent = ok; });
    QCOMPARE(device.readBytes(bytes.size(), 5000).toHex(), bytes.toHex());
    qInfo("window to device socket: %lld ms", timer.elapsed());
    QTRY_VERIFY_WITH_TIMEOUT(sent.has_value(), 5000);
    QVERIFY(*sent);

    device.reply(QStringLiteral("Lat:N52.2 Lon:E21.0"), 77);
    const auto replyShown = [&] {
        for (const FleetDelta &d : std::as_const(deltas)) {
            for (const DeviceEvent &e : d.events) {
                if (e.type == EventType::CommandResult && e.uniqueId == imei
                    && e.text == u"Lat:N52.2 Lon:E21.0")
                    return true;
            }
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(replyShown(), 5000);
    QList<QJsonObject> rows;
    QTRY_VERIFY_WITH_TIMEOUT(!(rows = commands(db)).isEmpty()
            && rows.first().value(u"status").toString() == u"replied",
        5000);
    QCOMPARE(rows.first().value(u"type").toString(), QStringLiteral("raw"));
    QCOMPARE(rows.first().value(u"node").toString(), QStringLiteral("A"));
    QCOMPARE(rows.first().value(u"reply").toString(), QStringLiteral("Lat:N52.2 Lon:E21.0"));
}

void TestCommandQueue::viewerCannotQueue()
{
    const QString db = postgresDatabase();
    if (db.isEmpty())
        QSKIP("no PostgreSQL server");
    const QString imei = QStringLiteral("864717003283103");
    QVERIFY(addDevice(db, imei));
    QCOMPARE(m_env.run({ QStringLiteral("db"), QStringLiteral("init"), QStringLiteral("--db"), db })
                 .exitCode,
        0);
    const QString login = QStringLiteral("cmdq_viewer");
    {
        Database admin;
        QVERIFY(admin.open(*DatabaseConfig::parse(db)));
        admin.exec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(login));
        QVERIFY2(admin.exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'cmdq-pw'").arg(login)),
            qPrintable(admin.lastError()));
    }
    QCOMPARE(m_env.run({ QStringLiteral("db"), QStringLiteral("grant"), QStringLiteral("viewer"),
                           login, QStringLiteral("--db"), db })
                 .exitCode,
        0);
    const DatabaseConfig c = *DatabaseConfig::parse(db);
    const QString viewerUrl
        = DatabaseConfig::postgres(c.host(), c.port(), c.databaseName(), login, QStringLiteral("cmdq-pw")).url();
    const CliResult r = m_env.run({ QStringLiteral("command"), QStringLiteral("send"), imei,
        QStringLiteral("--type"), QStringLiteral("reboot"), QStringLiteral("--db"), viewerUrl });
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains("may not send commands (viewer)"), r.err.constData());
    QVERIFY(commands(db).isEmpty()); // nothing queued
    // The viewer still reads the queue.
    QCOMPARE(m_env.run({ QStringLiteral("command"), QStringLiteral("list"),
                           QStringLiteral("--db"), viewerUrl })
                 .exitCode,
        0);
}

void TestCommandQueue::unsentCommandExpires()
{
    const QString db = postgresDatabase();
    if (db.isEmpty())
        QSKIP("no PostgreSQL server");
    const QString imei = QStringLiteral("864717003283104");
    QVERIFY(addDevice(db, imei));
    const quint16 port = freeLoopbackPort();
    NodeProcess node;
    QVERIFY2(node.start(m_env, nodeArgs(db, QStringLiteral("A"), port), 1), node.err.constData());
    // The device is not connected: the command waits in the queue.
    const CliResult queued = m_env.run({ QStringLiteral("command"), QStringLiteral("send"), imei,
        QStringLiteral("--type"), QStringLiteral("reboot"), QStringLiteral("--json"),
        QStringLiteral("--db"), db });
    QCOMPARE(queued.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(queued.out).object();
    QCOMPARE(o.value(u"status").toString(), QStringLiteral("queued"));
    QTest::qWait(2500); // the node has looked at it at least once and left it
    QCOMPARE(commands(db).first().value(u"status").toString(), QStringLiteral("queued"));
    {
        Database admin;
        QVERIFY(admin.open(*DatabaseConfig::parse(db)));
        QVERIFY(admin.exec(QStringLiteral("UPDATE commands SET expires_at = expires_at - 3600000")));
    }
    QTRY_COMPARE_WITH_TIMEOUT(commands(db).first().value(u"status").toString(),
        QStringLiteral("expired"), 6000);
    QVERIFY(!commands(db).first().value(u"finishedAt").toString().isEmpty());
    // Connecting now sends nothing: it expired.
    Gt06Device device(imei);
    QVERIFY(device.connectAndLogin(port));
    QTest::qWait(2500);
    QCOMPARE(device.socket.bytesAvailable(), 0);
}

void TestCommandQueue::smsGoesOutThroughTheNodesGateway()
{
    const QString db = postgresDatabase();
    if (db.isEmpty())
        QSKIP("no PostgreSQL server");
    const QString imei = QStringLiteral("864717003283105");
    QVERIFY(addDevice(db, imei));
    QCOMPARE(m_env.run({ QStringLiteral("devices"), QStringLiteral("edit"), imei,
                           QStringLiteral("--phone"), QStringLiteral("+49 170 1234567"),
                           QStringLiteral("--db"), db })
                 .exitCode,
        0);
    bool refuse = false;
    LoopbackHttpServer gateway([&refuse](const HttpRequest &) {
        HttpResponse r;
        r.status = refuse ? 503 : 200;
        r.body = refuse ? QByteArrayLiteral("no credit") : QByteArrayLiteral("OK");
        r.contentType = QByteArrayLiteral("text/plain");
        return r;
    });
    QVERIFY(gateway.isListening());
    const quint16 port = freeLoopbackPort();
    NodeProcess node;
    QVERIFY2(node.start(m_env,
                 nodeArgs(db, QStringLiteral("A"), port)
                     << QStringLiteral("--sms-gateway")
                     << gateway.url(QStringLiteral("/send?to={phone}&msg={text}")),
                 1),
        node.err.constData());

    // The device is not connected anywhere: SMS does not need its connection.
    const auto sendSms = [&] {
        QProcess send;
        send.setProcessEnvironment(m_env.environment());
        send.start(m_env.executable(), { QStringLiteral("command"), QStringLiteral("send"), imei,
            QStringLiteral("--type"), QStringLiteral("reboot"), QStringLiteral("--via"),
            QStringLiteral("sms"), QStringLiteral("--wait"), QStringLiteral("10"),
            QStringLiteral("--json"), QStringLiteral("--db"), db });
        // This thread serves the gateway while the command waits.
        const bool ended
            = QTest::qWaitFor([&send] { return send.state() == QProcess::NotRunning; }, 20000);
        return std::make_pair(ended ? send.exitCode() : -1,
            QJsonDocument::fromJson(send.readAllStandardOutput()).object());
    };
    const auto [code, o] = sendSms();
    QCOMPARE(gateway.requests.size(), 1);
    const QUrlQuery query(QUrl(QString::fromLatin1(gateway.requests.first().target)));
    QCOMPARE(query.queryItemValue(QStringLiteral("to"), QUrl::FullyDecoded), QStringLiteral("+491701234567"));
    QCOMPARE(query.queryItemValue(QStringLiteral("msg"), QUrl::FullyDecoded),
        QStringLiteral("RESET#"));
    QCOMPARE(code, 0);
    QCOMPARE(o.value(u"status").toString(), QStringLiteral("sent"));
    QCOMPARE(o.value(u"node").toString(), QStringLiteral("A"));
    QJsonObject row = commands(db).first();
    QCOMPARE(row.value(u"channel").toString(), QStringLiteral("sms"));
    QCOMPARE(row.value(u"status").toString(), QStringLiteral("sent"));
    QVERIFY(!row.value(u"sentAt").toString().isEmpty());

    // A gateway that refuses: the command failed, with the gateway's answer.
    refuse = true;
    const auto [failedCode, failed] = sendSms();
    QCOMPARE(gateway.requests.size(), 2);
    QCOMPARE(failedCode, 1);
    QCOMPARE(failed.value(u"status").toString(), QStringLiteral("failed"));
    row = commands(db).last();
    QCOMPARE(row.value(u"status").toString(), QStringLiteral("failed"));
    QVERIFY2(row.value(u"error").toString().contains(u"503")
            || row.value(u"error").toString().contains(u"no credit"),
        qPrintable(row.value(u"error").toString()));
}

FW_TEST_CLASS(TestCommandQueue)
#include "tst_commandqueue.moc"
