// The command queue of a window that receives the trackers itself (issue #14, "actions from any
// window"): on the throw-away PostgreSQL server, the real window offscreen in embedded mode
// listens on a free GT06 port; a GT06 tracker on a loopback socket logs in to it; `fleetwatch
// command send --wait` (another program, as another window would) queues a command in the
// database. The window's own node sends it: the tracker's socket receives the exact encoded
// bytes, the tracker's answer is recorded as the command's reply and `--wait` prints it.
// With "Send SMS through: a FleetWatch node's SMS gateway" chosen in the window's Settings, the
// command dialog's Send SMS queues the command and a `--headless --sms-gateway` node sends it
// through its HTTP gateway (a loopback server here); the dialog shows it sent.

#include "TestMain.h"

#define FW_EXECUTABLE FW_BINARY_DIR "/bin/fleetwatch"
#include "../cli/CliTestSupport.h"
#include "../cli/Gt06TestDevice.h"
#include "LoopbackHttpServer.h"
#include "SettingsTestSupport.h"

#include "app/DesktopSession.h"
#include "commands/CommandCatalog.h"
#include "commands/CommandDialog.h"
#include "dialogs/SettingsDialog.h"
#include "events/EventLogModel.h"
#include "events/EventLogWidget.h"
#include "mainwindow/MainWindow.h"
#include "protocols/ProtocolRegistry.h"
#include "storage/Database.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QPushButton>
#include <QTreeWidget>
#include <QSettings>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTest>

using namespace fw;
using namespace fw::test;

namespace {

const QString kImei = QStringLiteral("864717003283901");

QList<QJsonObject> commandRows(const CliEnvironment &env, const QString &db)
{
    const CliResult r = env.run({ QStringLiteral("command"), QStringLiteral("list"),
        QStringLiteral("--json"), QStringLiteral("--db"), db });
    QList<QJsonObject> out;
    for (const QJsonValue &v :
        QJsonDocument::fromJson(r.out).object().value(QStringLiteral("commands")).toArray())
        out.append(v.toObject());
    return out;
}

// The window's settings: only GT06, on `port` (no other listener is opened).
void listenOnlyGt06(quint16 port)
{
    QSettings settings;
    const ProtocolRegistry registry;
    for (const auto &d : registry.decoders()) {
        const QString key = QStringLiteral("ingest/") + d->info().name;
        settings.setValue(key + QStringLiteral("/enabled"), d->info().name == u"gt06");
    }
    settings.setValue(SettingsDialog::portKey(QStringLiteral("gt06")), port);
}

} // namespace

class TstEmbeddedCommands : public QObject
{
    Q_OBJECT

private slots:
    void commandSendReachesTheWindowsDevice();
    void smsThroughANodeFromTheWindow();

private:
    // A fresh database with kImei (phone `phone`), and the window receiving on `port`.
    bool startWindow(const QString &phone);

    CliEnvironment m_env;
    QString m_db;
    quint16 m_port = 0;
    std::unique_ptr<DesktopSession> m_session;
};

bool TstEmbeddedCommands::startWindow(const QString &phone)
{
    m_session.reset();
    if (!m_env.init())
        return false;
    PostgresTestServer &server = PostgresTestServer::shared();
    if (!server.isRunning() && !server.start()) {
        qWarning("%s", qPrintable(server.errorString()));
        return false;
    }
    QString why;
    const std::optional<DatabaseConfig> config = server.createDatabase(&why);
    if (!config) {
        qWarning("%s", qPrintable(why));
        return false;
    }
    m_db = config->url();
    {
        Database setup;
        if (!setup.open(*config))
            return false;
        Device d;
        d.uniqueId = kImei;
        d.name = QStringLiteral("Truck 901");
        d.model = QStringLiteral("Concox GT06N");
        d.protocol = QStringLiteral("gt06");
        d.phone = phone;
        if (!setup.addDevice(d)) {
            qWarning("%s", qPrintable(setup.lastError()));
            return false;
        }
    }
    // The window: "this computer receives the trackers", on the shared database.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("EmbeddedCommands"));
    QSettings().clear();
    m_port = freeLoopbackPort();
    listenOnlyGt06(m_port);
    DesktopSession::Options options;
    options.databaseUrl = m_db;
    m_session = std::make_unique<DesktopSession>(options);
    QString error;
    if (!m_session->start(&error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    m_session->window()->show();
    return !m_session->isConnected();
}

void TstEmbeddedCommands::commandSendReachesTheWindowsDevice()
{
    if (!PostgresTestServer::shared().isRunning() && !PostgresTestServer::shared().start()
        && !PostgresTestServer::required())
        QSKIP("no PostgreSQL server");
    QVERIFY(startWindow({}));
    const CliEnvironment &env = m_env;
    const QString db = m_db;
    MainWindow *window = m_session->window();
    Gt06Device device(kImei);
    QVERIFY(device.connectAndLogin(m_port));

    // `command send --wait` from another program: queued in the database only.
    QProcess send;
    send.setProcessEnvironment(env.environment());
    send.start(env.executable(), { QStringLiteral("command"), QStringLiteral("send"), kImei,
        QStringLiteral("--type"), QStringLiteral("custom"), QStringLiteral("--param"),
        QStringLiteral("text=WHERE#"), QStringLiteral("--wait"), QStringLiteral("15"),
        QStringLiteral("--json"), QStringLiteral("--db"), db });
    QVERIFY(send.waitForStarted(10000));
    QList<QJsonObject> rows;
    QTRY_VERIFY_WITH_TIMEOUT(!(rows = commandRows(env, db)).isEmpty(), 10000);
    const qint64 id = rows.first().value(u"id").toInteger();
    QVERIFY(id > 0);
    CommandParams p;
    p.serial = static_cast<quint32>(id); // the node numbers a command by its row
    p.text = QStringLiteral("WHERE#");
    const QByteArray expected = encodeGprsCommand(u"gt06", CommandType::Custom, p);
    QVERIFY(!expected.isEmpty());
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(device.readBytes(expected.size(), 8000).toHex(), expected.toHex());
    qInfo("queued command on the window's device socket after %lld ms (from the row seen)",
        timer.elapsed());

    // The tracker answers; the reply is recorded and `--wait` prints it.
    device.reply(QStringLiteral("Lat:N52.2 Lon:E21.0"), static_cast<quint32>(id));
    QVERIFY(QTest::qWaitFor([&] { return send.state() == QProcess::NotRunning; }, 20000));
    const QByteArray out = send.readAllStandardOutput();
    QVERIFY2(send.exitCode() == 0, send.readAllStandardError().constData());
    const QJsonObject o = QJsonDocument::fromJson(out).object();
    QCOMPARE(o.value(u"id").toInteger(), id);
    QCOMPARE(o.value(u"status").toString(), QStringLiteral("replied"));
    QCOMPARE(o.value(u"reply").toString(), QStringLiteral("Lat:N52.2 Lon:E21.0"));
    const QString host = QSysInfo::machineHostName().isEmpty() ? QStringLiteral("localhost")
                                                               : QSysInfo::machineHostName();
    QCOMPARE(o.value(u"node").toString(), host); // the window's node sent it

    const QJsonObject row = commandRows(env, db).first();
    QCOMPARE(row.value(u"status").toString(), QStringLiteral("replied"));
    QVERIFY(!row.value(u"sentAt").toString().isEmpty());
    QVERIFY(!row.value(u"finishedAt").toString().isEmpty());

    // The window's own event log shows the answer too (its node decoded it).
    const auto replies = [window] {
        const EventLogModel *log = window->findChild<EventLogWidget *>()->model();
        int n = 0;
        for (int r = 0; r < log->rowCount(); ++r) {
            const DeviceEvent &e = log->eventAt(r);
            n += e.uniqueId == kImei && e.type == EventType::CommandResult
                && e.text == u"Lat:N52.2 Lon:E21.0";
        }
        return n;
    };
    QTRY_COMPARE_WITH_TIMEOUT(replies(), 1, 3000);

    device.socket.disconnectFromHost();
    m_session.reset();
}

void TstEmbeddedCommands::smsThroughANodeFromTheWindow()
{
    if (!PostgresTestServer::shared().isRunning() && !PostgresTestServer::shared().start()
        && !PostgresTestServer::required())
        QSKIP("no PostgreSQL server");
    QVERIFY(startWindow(QStringLiteral("+49 170 1234567")));
    MainWindow *window = m_session->window();
    LoopbackHttpServer gateway([](const HttpRequest &) {
        HttpResponse r;
        r.body = QByteArrayLiteral("OK");
        r.contentType = QByteArrayLiteral("text/plain");
        return r;
    });
    QVERIFY(gateway.isListening());
    NodeProcess node; // the node with the SMS gateway (the window has none)
    QVERIFY2(node.start(m_env,
                 { QStringLiteral("--headless"), QStringLiteral("--db"), m_db,
                     QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                     QStringLiteral("--listen"),
                     QStringLiteral("gt06=%1").arg(freeLoopbackPort()),
                     QStringLiteral("--node-id"), QStringLiteral("A"),
                     QStringLiteral("--stats-interval"), QStringLiteral("0"),
                     QStringLiteral("--sms-gateway"),
                     gateway.url(QStringLiteral("/send?to={phone}&msg={text}")) },
                 1),
        node.err.constData());

    // The setting, chosen in the Settings dialog, is kept.
    QVERIFY(pressOkInSettings(window, [](SettingsDialog *d) {
        auto *kind = d->findChild<QComboBox *>(QStringLiteral("smsKind"));
        kind->setCurrentIndex(kind->findData(QStringLiteral("node")));
    }));
    QCOMPARE(QSettings().value(QStringLiteral("sms/gateway")).toString(), QStringLiteral("node"));

    emit window->sendCommandRequested(kImei);
    CommandDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window->findChild<CommandDialog *>()) != nullptr);
    dialog->selectCommand(CommandType::Reboot);
    auto *sendSms = dialog->findChild<QPushButton *>(QStringLiteral("sendSmsButton"));
    QVERIFY(sendSms->isVisibleTo(dialog));
    QVERIFY(sendSms->isEnabled());
    sendSms->click();

    // The node's gateway gets the SMS; the dialog says so once the node recorded it.
    QTRY_COMPARE_WITH_TIMEOUT(gateway.requests.size(), 1, 10000);
    const QUrlQuery query(QUrl(QString::fromLatin1(gateway.requests.first().target)));
    QCOMPARE(query.queryItemValue(QStringLiteral("to"), QUrl::FullyDecoded),
        QStringLiteral("+491701234567"));
    QCOMPARE(query.queryItemValue(QStringLiteral("msg"), QUrl::FullyDecoded),
        QStringLiteral("RESET#"));
    QTreeWidget *pending = dialog->findChild<QTreeWidget *>(QStringLiteral("pendingList"));
    QCOMPARE(pending->topLevelItemCount(), 1);
    QTRY_VERIFY2_WITH_TIMEOUT(pending->topLevelItem(0)->text(4).contains(u"sent by a node"),
        qPrintable(pending->topLevelItem(0)->text(4)), 5000);
    const QJsonObject row = commandRows(m_env, m_db).value(0);
    QCOMPARE(row.value(u"channel").toString(), QStringLiteral("sms"));
    QCOMPARE(row.value(u"type").toString(), QStringLiteral("reboot"));
    QCOMPARE(row.value(u"status").toString(), QStringLiteral("sent"));
    QCOMPARE(row.value(u"node").toString(), QStringLiteral("A"));
    QVERIFY(row.value(u"params").toObject().isEmpty()); // no text, no password in the queue
    dialog->close();
    m_session.reset();
}

FW_TEST_CLASS(TstEmbeddedCommands)

#include "tst_embeddedcommands.moc"
