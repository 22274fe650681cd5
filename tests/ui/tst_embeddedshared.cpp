// A window that receives the trackers itself ("this computer receives the trackers") on a
// PostgreSQL database other desktops share (issue #14): a device registered or blocked elsewhere
// (`fleetwatch devices` here, standing for another window) reaches its embedded node within a
// second, without a restart: the new tracker's data is taken, the blocked one's is not stored.

#include "TestMain.h"

#define FW_EXECUTABLE FW_BINARY_DIR "/bin/fleetwatch"
#include "../cli/CliTestSupport.h"
#include "../cli/Gt06TestDevice.h"
#include "ConnectedWindowSupport.h"
#include "SettingsTestSupport.h"

#include "app/DesktopSession.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace fw;
using namespace fw::test;

class TstEmbeddedShared : public QObject
{
    Q_OBJECT

private slots:
    void embeddedNodeTakesEditsMadeElsewhere();
};

void TstEmbeddedShared::embeddedNodeTakesEditsMadeElsewhere()
{
    CliEnvironment env;
    QVERIFY(env.init());
    FW_NEW_POSTGRES_DATABASE(env, db);
    const QString organization = QCoreApplication::organizationName();
    const QString application = QCoreApplication::applicationName();
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("EmbeddedShared"));
    QHash<QString, quint16> ports;
    {
        QSettings settings;
        settings.clear();
        ports = assignFreePorts(settings);
    }
    QVERIFY(!ports.isEmpty());
    DesktopSession::Options options;
    options.databaseUrl = db;
    auto session = std::make_unique<DesktopSession>(options);
    QString error;
    QVERIFY2(session->start(&error), qPrintable(error));
    const MainWindow *window = session->window();
    QCOMPARE(window->deviceModel()->rowCount(), 0);

    // Registered elsewhere after the window started: in its list within a second.
    const QString imei = QStringLiteral("864717003284092");
    const CliResult add = env.run({ QStringLiteral("devices"), QStringLiteral("add"),
        QStringLiteral("--id"), imei, QStringLiteral("--name"), QStringLiteral("Late van"),
        QStringLiteral("--db"), db });
    QVERIFY2(add.exitCode == 0, add.err.constData());
    QElapsedTimer since;
    since.start();
    QTRY_COMPARE_WITH_TIMEOUT(window->deviceModel()->rowCount(), 1, 1000);
    qInfo("registered elsewhere to the embedded node's list: %lld ms", since.elapsed());

    // Its tracker's data is taken by this window's node.
    QElapsedTimer clock;
    clock.start();
    Gt06Device tracker(imei);
    QVERIFY(tracker.connectAndLogin(ports.value(QStringLiteral("gt06"))));
    const TimeMs now = QDateTime::currentMSecsSinceEpoch() / kSecond * kSecond;
    tracker.send(now - kSecond, 52.4);
    QVERIFY(tracker.waitAcks(1, 10000, clock));
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(window, imei).status, ConnectionStatus::Online, 3000);

    // Blocked elsewhere: blocked here within a second, and its next fix is not stored.
    const CliResult block = env.run({ QStringLiteral("devices"), QStringLiteral("block"), imei,
        QStringLiteral("--db"), db });
    QVERIFY2(block.exitCode == 0, block.err.constData());
    since.start();
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(window, imei).status, ConnectionStatus::Blocked, 1000);
    tracker.send(now, 52.99);
    QVERIFY(tracker.waitAcks(2, 10000, clock));
    QTest::qWait(300);
    QCOMPARE(rowOf(window, imei).activity.latitude, 52.4);
    QCOMPARE(env.exportCsv(db).size(), 1);

    tracker.socket.disconnectFromHost();
    session.reset();
    QSettings().clear();
    QCoreApplication::setOrganizationName(organization);
    QCoreApplication::setApplicationName(application);
}

FW_TEST_CLASS(TstEmbeddedShared)

#include "tst_embeddedshared.moc"
