// Issue #11's desktop defects, tested through the real composition (DesktopSession with a real
// SQLite file, real listeners and sockets): commands use the device's own password, the Settings
// dialog leaves the database's fleet settings alone unless the operator changes them, pressing
// OK keeps device connections, and a history read outlives the window that asked for it.
#include "SettingsTestSupport.h"
#include "TestMain.h"

#include "app/DesktopSession.h"
#include "commands/CommandDialog.h"
#include "details/DeviceDetailsPanel.h"
#include "devicelist/DeviceListModel.h"
#include "devicelist/DeviceListView.h"
#include "dialogs/SettingsDialog.h"
#include "fleet/FleetSettings.h"
#include "fleet/HistorySource.h"
#include "mainwindow/MainWindow.h"
#include "mainwindow/ProblemBanner.h"
#include "node/FleetSettingsStore.h"
#include "protocols/ProtocolRegistry.h"
#include "sim/Gt06FrameEncoder.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"
#include "util/Clock.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>

#include <atomic>

using namespace fw;

namespace {
const QString kImei = QStringLiteral("864717003283581");

// A session on a fresh SQLite file, every protocol on a free port, one registered GT06 device.
struct SessionFixture
{
    QTemporaryDir dir;
    QString url;
    QHash<QString, quint16> ports;
    std::unique_ptr<DesktopSession> session;

    bool prepare(const QString &appName, const Device &device, const FleetSettings *fleet)
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
        QCoreApplication::setApplicationName(appName);
        QSettings settings;
        settings.clear();
        ports = fw::test::assignFreePorts(settings);
        if (ports.isEmpty())
            return false;
        url = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("s.sqlite"));
        Database db;
        if (!db.open(*DatabaseConfig::parse(url)) || !db.addDevice(device))
            return false;
        return !fleet || FleetSettingsStore::save(db, *fleet);
    }

    bool start(bool demo = false)
    {
        DesktopSession::Options options;
        options.databaseUrl = url;
        options.demo = demo;
        session = std::make_unique<DesktopSession>(options);
        QString error;
        if (!session->start(&error)) {
            qWarning("session: %s", qPrintable(error));
            return false;
        }
        session->window()->show();
        return true;
    }

    // `device` connected to the session's GT06 port, logged in as kImei, the answer read.
    bool connectLoggedIn(QTcpSocket &device) const
    {
        device.connectToHost(QHostAddress::LocalHost, ports.value(QStringLiteral("gt06")));
        if (!device.waitForConnected(5000))
            return false;
        device.write(Gt06FrameEncoder().login(kImei, 1));
        if (!QTest::qWaitFor([&device] { return device.bytesAvailable() >= 10; }, 5000))
            return false;
        device.readAll();
        return true;
    }

    FleetSettings storedFleetSettings() const
    {
        Database db;
        db.open(*DatabaseConfig::parse(url));
        return FleetSettingsStore::load(db);
    }
};

Device gt06Device(const QString &password)
{
    Device d;
    d.uniqueId = kImei;
    d.name = QStringLiteral("Truck with its own password");
    d.model = QStringLiteral("Concox GT06N");
    d.protocol = QStringLiteral("gt06");
    d.password = password;
    d.registeredAt = QDateTime::currentMSecsSinceEpoch() - kHour;
    return d;
}

// A history that takes its time and notices being used after it was destroyed.
std::atomic<bool> g_historyDestroyed { false };
std::atomic<bool> g_historyUsedAfterDestruction { false };
std::atomic<int> g_historyReads { 0 };

class SlowHistory final : public HistorySource
{
public:
    ~SlowHistory() override { g_historyDestroyed = true; }
    QList<DeviceEvent> events(const QString &, TimeMs, int) const override
    {
        ++g_historyReads;
        QThread::msleep(300); // the window goes away meanwhile
        if (g_historyDestroyed)
            g_historyUsedAfterDestruction = true;
        return {};
    }
    QList<Position> track(const QString &, TimeMs, TimeMs, int) const override
    {
        if (g_historyDestroyed)
            g_historyUsedAfterDestruction = true;
        return {};
    }
};
} // namespace

class TstDesktopSession : public QObject
{
    Q_OBJECT
private slots:
    void commandsUseTheDevicesOwnPassword();
    void settingsOkKeepsDatabaseFleetSettings();
    void settingsOkKeepsConnectionsAndAcknowledgements();
    void historyReadOutlivesTheWindow();
    void removingABigDeviceKeepsTheFleetAcknowledged();
    void demoWorksWhenItsPortsAreTaken();
    void resetLayoutAndOneLayoutPerScreen();
};

void TstDesktopSession::commandsUseTheDevicesOwnPassword()
{
    SessionFixture f;
    QVERIFY(
        f.prepare(QStringLiteral("SessionPassword"), gt06Device(QStringLiteral("4321")), nullptr));
    QVERIFY(f.start());
    MainWindow *window = f.session->window();
    DeviceListModel *model = window->deviceModel();
    QTRY_VERIFY(model->rowOf(kImei) >= 0);
    // The window's copy never holds the secret...
    QVERIFY(model->snapshotAt(model->rowOf(kImei)).device.password.isEmpty());

    // ...yet the command dialog composes with it, not with the model's default (123456).
    emit window->sendCommandRequested(kImei);
    CommandDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window->findChild<CommandDialog *>()) != nullptr);
    QCOMPARE(dialog->device().password, QStringLiteral("4321"));
    dialog->close();

    // The details panel's configuration SMS (the device has sent nothing yet) uses it too.
    window->selectDevice(kImei);
    auto *details = window->findChild<DeviceDetailsPanel *>();
    QVERIFY(details);
    QTRY_COMPARE(details->uniqueId(), kImei);
    QTRY_VERIFY2(details->configSms().contains(QStringLiteral("SERVER,4321,")),
        qPrintable(details->configSms()));
    window->close();
}

void TstDesktopSession::settingsOkKeepsDatabaseFleetSettings()
{
    // A node set these for everyone on the database.
    FleetSettings fleet;
    fleet.status.gpsFreshness = 120 * kSecond;
    fleet.status.defaultOfflineTimeout = 900 * kSecond;
    fleet.retentionDays = 30;
    SessionFixture f;
    QVERIFY(f.prepare(QStringLiteral("SessionFleetSettings"), gt06Device({}), &fleet));
    // Stale local values from an older version must not win either.
    QSettings().setValue(QStringLiteral("status/gpsFreshnessSecs"), 999);
    QSettings().setValue(QStringLiteral("storage/retentionDays"), 0);
    QVERIFY(f.start());
    MainWindow *window = f.session->window();

    // OK without touching the thresholds: the database keeps the node's values.
    int shownFreshnessMinutes = -1;
    QVERIFY(fw::test::pressOkInSettings(window, [&](SettingsDialog *d) {
        shownFreshnessMinutes
            = d->findChild<QSpinBox *>(QStringLiteral("gpsFreshnessMinutes"))->value();
    }));
    QCOMPARE(shownFreshnessMinutes, 2); // the dialog shows what the database holds
    QTest::qWait(300);
    FleetSettings stored = f.storedFleetSettings();
    QCOMPARE(stored.status.gpsFreshness, 120 * kSecond);
    QCOMPARE(stored.status.defaultOfflineTimeout, 900 * kSecond);
    QCOMPARE(stored.retentionDays, 30);

    // Changing one value in the dialog writes it to the database (off the GUI thread).
    QVERIFY(fw::test::pressOkInSettings(window, [](SettingsDialog *d) {
        d->findChild<QSpinBox *>(QStringLiteral("retentionDays"))->setValue(45);
    }));
    QTRY_COMPARE(f.storedFleetSettings().retentionDays, 45);
    stored = f.storedFleetSettings();
    QCOMPARE(stored.status.gpsFreshness, 120 * kSecond);
    QVERIFY(!QSettings().contains(QStringLiteral("storage/retentionDays"))
        || QSettings().value(QStringLiteral("storage/retentionDays")).toInt() == 0);
    window->close();
}

void TstDesktopSession::settingsOkKeepsConnectionsAndAcknowledgements()
{
    SessionFixture f;
    QVERIFY(f.prepare(QStringLiteral("SessionListeners"), gt06Device({}), nullptr));
    QVERIFY(f.start());
    MainWindow *window = f.session->window();

    const Gt06FrameEncoder encoder;
    QTcpSocket device;
    QVERIFY(f.connectLoggedIn(device));

    // OK with nothing changed, then with another protocol's port moved: the GT06 connection
    // stays up and its next position is acknowledged on the same socket.
    const quint16 newH02Port = freeTcpUdpPort();
    QVERIFY(newH02Port);
    QVERIFY(fw::test::pressOkInSettings(window, {}));
    QVERIFY(fw::test::pressOkInSettings(window, [newH02Port](SettingsDialog *d) {
        d->findChild<QSpinBox *>(QStringLiteral("port_h02"))->setValue(newH02Port);
    }));
    QTest::qWait(500);
    QCOMPARE(device.state(), QAbstractSocket::ConnectedState);
    Position p;
    p.deviceTime = QDateTime::currentMSecsSinceEpoch();
    p.valid = true;
    p.latitude = 52.2;
    p.longitude = 21.0;
    device.write(encoder.position(kImei, p, 2));
    QTRY_VERIFY_WITH_TIMEOUT(device.bytesAvailable() >= 10, 5000); // acknowledged after commit
    QCOMPARE(device.state(), QAbstractSocket::ConnectedState);

    // The moved port listens on its new number, the old one is free again.
    QTcpSocket h02;
    h02.connectToHost(QHostAddress::LocalHost, newH02Port);
    QVERIFY(h02.waitForConnected(5000));
    QTcpServer old;
    const quint16 oldPort = f.ports.value(QStringLiteral("h02"));
    const auto freed
        = [&old, oldPort] { return old.isListening() || old.listen(QHostAddress::Any, oldPort); };
    QTRY_VERIFY2(freed(), qPrintable(old.errorString()));
    window->close();
}

void TstDesktopSession::historyReadOutlivesTheWindow()
{
    g_historyDestroyed = false;
    g_historyUsedAfterDestruction = false;
    g_historyReads = 0;
    ManualClock clock(QDateTime::currentMSecsSinceEpoch());
    const ProtocolRegistry registry;
    WindowContext context;
    context.clock = &clock;
    context.registry = &registry;
    context.history = std::make_shared<SlowHistory>();
    auto window = std::make_unique<MainWindow>(context);
    context = WindowContext(); // the window holds the only reference now
    FleetDelta delta;
    delta.reset = true;
    DeviceSnapshot s;
    s.device = gt06Device({});
    delta.changed.append(s);
    window->applyDelta(delta);
    window->selectDevice(kImei); // starts the background history read
    QTRY_COMPARE(g_historyReads.load(), 1);
    window.reset(); // the window (and the session behind it) goes while the read runs
    QThreadPool::globalInstance()->waitForDone(10000);
    QVERIFY(!g_historyUsedAfterDestruction);
    QVERIFY(g_historyDestroyed); // and it is freed once the read is done
}

void TstDesktopSession::removingABigDeviceKeepsTheFleetAcknowledged()
{
    // A device with a million stored positions is removed while another streams: the removal
    // runs in short chunks off the GUI thread, so neither the window nor the other device's
    // acknowledgements wait (it used to be one transaction on the GUI thread, holding the
    // write lock past the writer's busy timeout).
    constexpr int kStoredPositions = 1'000'000;
    const QString bigId = QStringLiteral("353505220873067");
    SessionFixture f;
    QVERIFY(f.prepare(QStringLiteral("SessionRemoval"), gt06Device({}), nullptr));
    {
        Database db;
        QVERIFY(db.open(*DatabaseConfig::parse(f.url)));
        Device big = gt06Device({});
        big.uniqueId = bigId;
        big.name = QStringLiteral("Retired truck");
        QVERIFY(db.addDevice(big));
        QVERIFY(db.exec(QStringLiteral(
            "INSERT INTO positions (device_id, device_time, server_time, valid, latitude, "
            "longitude, speed_kph, course) WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + "
            "1 FROM n LIMIT %1) SELECT (SELECT id FROM devices WHERE unique_id = '%2'), "
            "1600000000000 + x * 1000, 1600000000000 + x * 1000, 1, 52 + x * 1e-7, 21, 30, 90 "
            "FROM n")
                            .arg(kStoredPositions)
                            .arg(bigId)));
        QCOMPARE(db.positionCount(bigId), kStoredPositions);
    }
    QVERIFY(f.start());
    MainWindow *window = f.session->window();
    QTRY_VERIFY(window->deviceModel()->rowOf(bigId) >= 0);

    // The other device streams, one position at a time, each waiting for its acknowledgement.
    const Gt06FrameEncoder encoder;
    QTcpSocket device;
    QVERIFY(f.connectLoggedIn(device));
    QElapsedTimer sentAt;
    qint64 worstAckMs = 0;
    int acknowledged = 0;
    quint32 serial = 2;
    const auto sendNext = [&] {
        Position p;
        p.deviceTime = QDateTime::currentMSecsSinceEpoch();
        p.valid = true;
        p.latitude = 52.2;
        p.longitude = 21.0;
        device.write(encoder.position(kImei, p, serial++));
        sentAt.start();
    };
    connect(&device, &QTcpSocket::readyRead, this, [&] {
        device.readAll();
        worstAckMs = std::max(worstAckMs, sentAt.elapsed());
        ++acknowledged;
        QTimer::singleShot(20, &device, sendNext);
    });
    // The GUI thread's own pulse: a freeze shows as a long gap.
    QElapsedTimer pulse;
    pulse.start();
    qint64 worstGapMs = 0;
    QTimer heartbeat;
    connect(&heartbeat, &QTimer::timeout, this,
        [&] { worstGapMs = std::max(worstGapMs, pulse.restart()); });
    heartbeat.start(20);
    sendNext();
    QTRY_VERIFY(acknowledged >= 5);

    QTimer::singleShot(0, window, [window] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
            box->button(QMessageBox::Yes)->click();
    });
    QElapsedTimer removal;
    removal.start();
    window->removeDevice(bigId);
    QTRY_VERIFY(window->deviceModel()->rowOf(bigId) < 0); // gone from the list at once
    const auto stored = [&f, &bigId] {
        Database db;
        return db.open(*DatabaseConfig::parse(f.url)) && !db.findDevice(bigId)
            && db.positionCount(bigId) == 0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(stored(), 180'000);
    const int acksDuringRemoval = acknowledged;
    qInfo("removed %d positions in %lld ms; %d acknowledgements meanwhile, the slowest %lld ms; "
          "longest GUI pause %lld ms",
        kStoredPositions, static_cast<long long>(removal.elapsed()), acksDuringRemoval,
        static_cast<long long>(worstAckMs), static_cast<long long>(worstGapMs));
    QVERIFY2(worstAckMs < 1000, qPrintable(QString::number(worstAckMs)));
    QVERIFY2(worstGapMs < 1000, qPrintable(QString::number(worstGapMs)));
    QVERIFY(acksDuringRemoval > 10);
    heartbeat.stop();
    device.disconnect(this);
    // The streaming device's positions are all there.
    Database db;
    QVERIFY(db.open(*DatabaseConfig::parse(f.url)));
    QTRY_VERIFY(db.positionCount(kImei) >= acknowledged);
    window->close();
}

// Another program holds two of the configured ports: the demo listens on free ports of its own
// for those protocols, its trackers report there, and no port problem stays in the banner.
void TstDesktopSession::demoWorksWhenItsPortsAreTaken()
{
    SessionFixture f;
    QVERIFY(f.prepare(QStringLiteral("DemoTakenPorts"), gt06Device(QString()), nullptr));
    QTcpServer gt06Squatter, h02Squatter;
    QVERIFY(gt06Squatter.listen(QHostAddress::Any, f.ports.value(QStringLiteral("gt06"))));
    QVERIFY(h02Squatter.listen(QHostAddress::Any, f.ports.value(QStringLiteral("h02"))));
    QVERIFY(f.start(true));
    MainWindow *window = f.session->window();
    DeviceListModel *model = window->deviceModel();
    const auto onlineOf = [model](const QString &protocol) {
        int n = 0;
        for (int row = 0; row < model->rowCount(); ++row) {
            const DeviceSnapshot &s = model->snapshotAt(row);
            n += s.device.protocol == protocol && s.status == ConnectionStatus::Online;
        }
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(
        onlineOf(QStringLiteral("gt06")) >= 3 && onlineOf(QStringLiteral("h02")) >= 3, 30000);
    auto *banner = window->findChild<ProblemBanner *>();
    QVERIFY(banner);
    QTRY_VERIFY_WITH_TIMEOUT(
        banner->problems().join(QString()).indexOf(QStringLiteral("port")) < 0, 10000);
    // The squatters kept their ports: the demo went elsewhere instead of taking them over.
    QVERIFY(gt06Squatter.isListening());
    QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("gt06")));
}

// View > Reset layout puts every panel back (list left, details right, the bottom panels as tabs
// under the map, the list's default columns), and the layout is remembered per screen size.
void TstDesktopSession::resetLayoutAndOneLayoutPerScreen()
{
    SessionFixture f;
    QVERIFY(f.prepare(QStringLiteral("ResetLayout"), gt06Device(QString()), nullptr));
    QVERIFY(f.start());
    MainWindow *window = f.session->window();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    const auto dock = [window](const char *name) {
        return window->findChild<QDockWidget *>(QString::fromLatin1(name));
    };
    QDockWidget *list = dock("devicesDock");
    QDockWidget *details = dock("detailsDock");
    QDockWidget *events = dock("eventsDock");
    QVERIFY(list && details && events && dock("consoleDock") && dock("diagnosisDock"));
    QCOMPARE(window->dockWidgetArea(list), Qt::LeftDockWidgetArea);
    QVERIFY(window->tabifiedDockWidgets(events).contains(dock("diagnosisDock")));
    // The operator rearranges things.
    window->addDockWidget(Qt::RightDockWidgetArea, list);
    details->hide();
    dock("consoleDock")->setFloating(true);
    QHeaderView *header = window->deviceList()->table()->horizontalHeader();
    header->setSectionHidden(DeviceListModel::SpeedColumn, true);
    header->setSectionHidden(DeviceListModel::PhoneColumn, false);

    QAction *reset = nullptr;
    for (QAction *a : window->findChildren<QAction *>()) {
        if (a->text() == MainWindow::tr("&Reset layout"))
            reset = a;
    }
    QVERIFY(reset);
    reset->trigger();
    QCOMPARE(window->dockWidgetArea(list), Qt::LeftDockWidgetArea);
    QCOMPARE(window->dockWidgetArea(details), Qt::RightDockWidgetArea);
    QVERIFY(details->isVisible());
    QVERIFY(!dock("consoleDock")->isFloating());
    const QList<QDockWidget *> tabs = window->tabifiedDockWidgets(events);
    QVERIFY(tabs.contains(dock("consoleDock")) && tabs.contains(dock("diagnosisDock")));
    QVERIFY(!header->isSectionHidden(DeviceListModel::SpeedColumn));
    QVERIFY(header->isSectionHidden(DeviceListModel::PhoneColumn));

    window->close(); // saves the layout under this screen's size
    const QSize screen = window->screen()->size();
    const QString group = QStringLiteral("window/%1x%2").arg(screen.width()).arg(screen.height());
    QVERIFY(QSettings().contains(group + QStringLiteral("/geometry")));
    QVERIFY(QSettings().contains(group + QStringLiteral("/state")));
}

FW_TEST_CLASS(TstDesktopSession)
#include "tst_desktopsession.moc"
