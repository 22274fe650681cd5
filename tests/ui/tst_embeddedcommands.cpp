// The command queue of a window that receives the trackers itself (issue #14, "actions from any
// window"): on the throw-away PostgreSQL server, the real window offscreen in embedded mode
// listens on a free GT06 port; a GT06 tracker on a loopback socket logs in to it; `fleetwatch
// command send --wait` (another program, as another window would) queues a command in the
// database. The window's own node sends it: the tracker's socket receives the exact encoded
// bytes, the tracker's answer is recorded as the command's reply and `--wait` prints it.

#include "TestMain.h"

#define FW_EXECUTABLE FW_BINARY_DIR "/bin/fleetwatch"
#include "../cli/CliTestSupport.h"
#include "../cli/Gt06TestDevice.h"

#include "app/DesktopSession.h"
#include "commands/CommandCatalog.h"
#include "dialogs/SettingsDialog.h"
#include "events/EventLogModel.h"
#include "events/EventLogWidget.h"
#include "mainwindow/MainWindow.h"
#include "protocols/ProtocolRegistry.h"
#include "storage/Database.h"

#include <QCoreApplication>
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
};

void TstEmbeddedCommands::commandSendReachesTheWindowsDevice()
{
    CliEnvironment env;
    QVERIFY(env.init());
    PostgresTestServer &server = PostgresTestServer::shared();
    if (!server.isRunning() && !server.start()) {
        if (PostgresTestServer::required())
            QFAIL(qPrintable(server.errorString()));
        QSKIP("no PostgreSQL server");
    }
    QString why;
    const std::optional<DatabaseConfig> config = server.createDatabase(&why);
    QVERIFY2(config, qPrintable(why));
    const QString db = config->url();
    {
        Database setup;
        QVERIFY2(setup.open(*config), qPrintable(setup.lastError()));
        Device d;
        d.uniqueId = kImei;
        d.name = QStringLiteral("Truck 901");
        d.model = QStringLiteral("Concox GT06N");
        d.protocol = QStringLiteral("gt06");
        QVERIFY2(setup.addDevice(d), qPrintable(setup.lastError()));
    }

    // The window: "this computer receives the trackers", on the shared database.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("EmbeddedCommands"));
    QSettings().clear();
    const quint16 port = freeLoopbackPort();
    listenOnlyGt06(port);
    DesktopSession::Options options;
    options.databaseUrl = db;
    auto session = std::make_unique<DesktopSession>(options);
    QString error;
    QVERIFY2(session->start(&error), qPrintable(error));
    QVERIFY(!session->isConnected());
    MainWindow *window = session->window();
    window->show();

    Gt06Device device(kImei);
    QVERIFY(device.connectAndLogin(port));

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
    session.reset();
}

FW_TEST_CLASS(TstEmbeddedCommands)

#include "tst_embeddedcommands.moc"
