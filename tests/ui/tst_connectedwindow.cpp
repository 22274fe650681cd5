// A window connected to a FleetWatch server (issue #14, "two ways to run a window" and "live"):
// a real `fleetwatch --headless --node-id A` node on the throw-away PostgreSQL server, a GT06
// tracker on a loopback socket to it, and the real window offscreen in connected mode
// (DesktopSession with --connect's URL; it opens no listener). Within a second of the node's
// acknowledgement (the commit is before it) the window's device rows and dashboard counts equal
// `fleetwatch status --json`; a device blocked from the window is blocked in `status --json`.

#include "TestMain.h"

#define FW_EXECUTABLE FW_BINARY_DIR "/bin/fleetwatch"
#include "../cli/CliTestSupport.h"
#include "ConnectedWindowSupport.h"

#include "app/DesktopSession.h"
#include "dashboard/DashboardWidget.h"
#include "devicelist/DeviceListModel.h"
#include "domain/Attributes.h"
#include "events/EventLogModel.h"
#include "events/EventLogWidget.h"
#include "fleet/DeviceDirectory.h"
#include "node/FleetSource.h"
#include "mainwindow/MainWindow.h"
#include "sim/Gt06FrameEncoder.h"
#include "status/ConnectionStatus.h"
#include "storage/Database.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

using namespace fw;
using namespace fw::test;

namespace {

const QString kLive = QStringLiteral("864717003283801"); // connects to the node
const QString kSilent = QStringLiteral("864717003283802"); // registered, never heard from

} // namespace

class TstConnectedWindow : public QObject
{
    Q_OBJECT

private slots:
    void windowFollowsTheNodeAndBlocksThroughTheDatabase();
};

void TstConnectedWindow::windowFollowsTheNodeAndBlocksThroughTheDatabase()
{
    CliEnvironment env;
    QVERIFY(env.init());
    QString why;
    PostgresTestServer &server = PostgresTestServer::shared();
    if (!server.isRunning() && !server.start()) {
        if (PostgresTestServer::required())
            QFAIL(qPrintable(server.errorString()));
        QSKIP("no PostgreSQL server");
    }
    const std::optional<DatabaseConfig> config = server.createDatabase(&why);
    QVERIFY2(config, qPrintable(why));
    const QString db = config->url();
    {
        Database setup; // the schema, and two registered trackers
        QVERIFY2(setup.open(*config), qPrintable(setup.lastError()));
        for (const QString &id : { kLive, kSilent }) {
            Device d;
            d.uniqueId = id;
            d.name = QStringLiteral("Truck ") + id.right(3);
            d.model = QStringLiteral("Concox GT06N");
            d.protocol = QStringLiteral("gt06");
            QVERIFY2(setup.addDevice(d), qPrintable(setup.lastError()));
        }
    }
    const quint16 port = freeLoopbackPort();
    NodeProcess node;
    QVERIFY2(node.start(env,
                 { QStringLiteral("--headless"), QStringLiteral("--db"), db,
                     QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                     QStringLiteral("--listen"), QStringLiteral("gt06=%1").arg(port),
                     QStringLiteral("--node-id"), QStringLiteral("A"),
                     QStringLiteral("--stats-interval"), QStringLiteral("0") },
                 1),
        node.err.constData());

    // The window: connected mode, its own settings, no listener of its own.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("ConnectedWindow"));
    QSettings().clear();
    DesktopSession::Options options;
    options.serverUrl = db;
    auto session = std::make_unique<DesktopSession>(options);
    QString error;
    QVERIFY2(session->start(&error), qPrintable(error));
    QVERIFY(session->isConnected());
    MainWindow *window = session->window();
    window->show();
    QTRY_COMPARE_WITH_TIMEOUT(window->deviceModel()->rowCount(), 2, 10000);
    QTRY_VERIFY2_WITH_TIMEOUT(differences(window, cliStatus(env, db)).isEmpty(),
        qPrintable(differences(window, cliStatus(env, db))), 5000);
    QVERIFY(statusGroup(rowOf(window, kLive).status) == StatusGroup::NotActivated);

    // A GT06 tracker logs in to the node and sends a position.
    QTcpSocket device;
    device.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(device.waitForConnected(5000));
    const Gt06FrameEncoder encoder;
    device.write(encoder.login(kLive, 1));
    QVERIFY(QTest::qWaitFor([&] { return device.bytesAvailable() >= 10; }, 10000));
    device.read(10);
    Position p;
    p.deviceTime = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000 - 5 * kSecond;
    p.valid = true;
    p.latitude = 52.23;
    p.longitude = 21.01;
    p.speedKph = 40;
    device.write(encoder.position(kLive, p, 2));
    QVERIFY(QTest::qWaitFor([&] { return device.bytesAvailable() >= 10; }, 10000));
    QElapsedTimer sinceCommit; // the node acknowledges after its commit
    sinceCommit.start();
    device.read(10);
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(window, kLive).status == ConnectionStatus::Online, 3000);
    const qint64 shownMs = sinceCommit.elapsed();
    qInfo("acknowledgement to the window's row: %lld ms", shownMs);
    QVERIFY2(shownMs <= 1000, qPrintable(QStringLiteral("%1 ms").arg(shownMs)));
    QCOMPARE(window->dashboard()->count(StatusGroup::Online), 1);
    QString diff = differences(window, cliStatus(env, db));
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    QCOMPARE(rowOf(window, kLive).activity.latitude, 52.23);

    // An alarm the node stores reaches the window's event log, once.
    const auto alarms = [window] { return alarmsOf(window, kLive); };
    QCOMPARE(alarms(), 0);
    device.write(encoder.alarm(kLive, p, alarm::sos, 3));
    QVERIFY(QTest::qWaitFor([&] { return device.bytesAvailable() >= 10; }, 10000));
    sinceCommit.restart();
    device.read(10);
    QTRY_COMPARE_WITH_TIMEOUT(alarms(), 1, 3000);
    qInfo("acknowledgement to the window's event log: %lld ms", sinceCommit.elapsed());
    QVERIFY(sinceCommit.elapsed() <= 1000);
    QTest::qWait(300);
    QCOMPARE(alarms(), 1);

    // Blocked from the window: a row in the shared database, so `status --json` says blocked,
    // and the window shows it too.
    const QString blockError = session->source()->directory()->setBlocked(kLive, true, kNoTime);
    QVERIFY2(blockError.isEmpty(), qPrintable(blockError));
    QCOMPARE(cliStatus(env, db).statuses.value(kLive), QStringLiteral("blocked"));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(window, kLive).status == ConnectionStatus::Blocked, 1000);
    QTRY_VERIFY2_WITH_TIMEOUT(differences(window, cliStatus(env, db)).isEmpty(),
        qPrintable(differences(window, cliStatus(env, db))), 3000);

    // Removed from the window: gone from the shared database (on a worker) and from the list.
    const QString removeError = session->source()->directory()->removeDevice(kSilent);
    QVERIFY2(removeError.isEmpty(), qPrintable(removeError));
    QTRY_COMPARE_WITH_TIMEOUT(window->deviceModel()->rowCount(), 1, 1000);
    QTRY_COMPARE_WITH_TIMEOUT(cliStatus(env, db).statuses.contains(kSilent), false, 5000);

    device.disconnectFromHost();
    session.reset();
    QVERIFY(node.process.state() == QProcess::Running);
}

FW_TEST_CLASS(TstConnectedWindow)

#include "tst_connectedwindow.moc"
