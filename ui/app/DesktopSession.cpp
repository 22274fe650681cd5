#include "DesktopSession.h"

#include "commands/CommandDialog.h"
#include "console/RawConsoleWidget.h"
#include "diagnostics/DiagnosisPanel.h"
#include "node/NodeStatusReporter.h"
#include "diagnostics/TroubleshooterDialog.h"
#include "node/DatabaseDeviceDirectory.h"
#include "fleet/FleetSettings.h"
#include "node/FleetSettingsStore.h"
#include "fleet/FleetState.h"
#include "fleet/HistorySource.h"
#include "node/DatabaseHistorySource.h"
#include "node/IngestNode.h"
#include "ingest/IngestServer.h"
#include "mainwindow/MainWindow.h"
#include "map/MapView.h"
#include "map/MapWidget.h"
#include "devicelist/DeviceListView.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"
#include "storage/PositionWriter.h"
#include "SettingsController.h"
#include "secrets/SessionSecrets.h"

#if __has_include("sim/DeviceSimulator.h")
#include "sim/DemoFleet.h"
#include "sim/DeviceSimulator.h"
#define FW_HAVE_SIMULATOR
#endif

#include <QCoreApplication>
#include <QDockWidget>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QNetworkInterface>
#include <QPointer>
#include <QSettings>

Q_LOGGING_CATEGORY(lcDesktop, "fleetwatch.desktop", QtInfoMsg)

namespace fw {

namespace {
QString serverAddressGuess()
{
    for (const QHostAddress &a : QNetworkInterface::allAddresses()) {
        if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback())
            return a.toString();
    }
    return QStringLiteral("127.0.0.1");
}

template <typename F>
void runOn(QObject *context, F &&f)
{
    QMetaObject::invokeMethod(context, std::forward<F>(f), Qt::BlockingQueuedConnection);
}

// What the troubleshooter and the command dialog need from the node, read on its thread.
struct NodeView
{
    std::optional<DeviceSnapshot> snapshot;
    QList<ListenerState> listeners;
    QHash<quint16, bool> selfCheck;
    QList<UnknownDeviceSighting> unknown;
    StatusSettings settings;
    bool liveSession = false;
};

// Reads the view on the node's thread and hands it to `then` on `context`'s thread, without
// waiting for either. `context` must outlive the node's thread (the session does).
void requestNodeView(IngestNode *node, QObject *context, const QString &uniqueId,
                     std::function<void(const NodeView &)> then)
{
    QMetaObject::invokeMethod(node, [node, context, uniqueId, then = std::move(then)] {
        NodeView v;
        v.snapshot = node->fleet()->snapshot(uniqueId);
        v.listeners = node->server()->listeners();
        v.selfCheck = node->statusReporter()->selfCheck();
        v.unknown = node->server()->unknownDevices();
        v.settings = node->fleet()->settings();
        v.liveSession = node->server()->hasLiveSession(uniqueId);
        QMetaObject::invokeMethod(context, [then, v = std::move(v)] { then(v); });
    });
}

QList<TroubleshootStep> troubleshoot(const NodeView &v, const ProtocolRegistry &registry,
                                     const DeviceModelCatalog &catalog, const RawLog *rawLog,
                                     const Clock &clock, const QString &uniqueId,
                                     const QString &serverAddress)
{
    TroubleshootInput in;
    in.now = clock.now();
    in.device.uniqueId = uniqueId;
    if (v.snapshot)
        in.device = v.snapshot->device;
    in.snapshot = v.snapshot;
    in.rawLog = rawLog;
    in.listeners = v.listeners;
    in.selfCheck = v.selfCheck;
    in.unknown = v.unknown;
    in.settings = v.settings;
    in.serverAddress = serverAddress;
    return DeviceTroubleshooter(registry, catalog).run(in);
}

void showRawFrames(MainWindow *window, const QString &uniqueId)
{
    auto *console = window->findChild<RawConsoleWidget *>();
    if (!console)
        return;
    console->setDeviceFilter(uniqueId);
    for (QWidget *w = console->parentWidget(); w; w = w->parentWidget()) {
        if (auto *dock = qobject_cast<QDockWidget *>(w)) {
            dock->show();
            dock->raise();
            break;
        }
    }
}
} // namespace

DesktopSession::DesktopSession(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    m_ingestThread.setObjectName(QStringLiteral("ingest"));
    m_simulatorThread.setObjectName(QStringLiteral("simulator"));
}

DesktopSession::~DesktopSession()
{
    if (m_simulator) {
#ifdef FW_HAVE_SIMULATOR
        DeviceSimulator *sim = m_simulator;
        runOn(sim, [sim] {
            sim->stop();
            delete sim;
        });
#endif
        m_simulatorThread.quit();
        m_simulatorThread.wait();
    }
    if (m_node) {
        IngestNode *node = m_node;
        runOn(node, [node] { node->stop(); });
    }
    if (m_writer) {
        m_writer->flush(30'000);
        m_writer->stop();
    }
    if (m_node) {
        IngestNode *node = m_node;
        runOn(node, [node] { delete node; });
    }
    m_ingestThread.quit();
    m_ingestThread.wait();
    if (m_window) {
        if (auto *mapView = m_window->findChild<MapView *>())
            mapView->saveSettings();
    }
    m_window.reset();
}

bool DesktopSession::start(QString *error)
{
    SecretStore *store = m_options.secretStore;
    if (!store) {
        m_ownSecretStore = std::make_unique<MemorySecretStore>();
        store = m_ownSecretStore.get();
    }
    m_secrets = std::make_unique<SessionSecrets>(store);
    m_secrets->loadBlocking();
    m_secrets->migrateFromSettings();
    const QSettings settings;
    QString url = m_options.databaseUrl;
    if (url.isEmpty()) {
        url = withPassword(settings.value(QStringLiteral("database/url")).toString(),
                           m_secrets->value(SecretKeys::kDatabasePassword));
    }
    const std::optional<DatabaseConfig> config =
        url.isEmpty() ? DatabaseConfig::defaultConfig(error) : DatabaseConfig::parse(url, error);
    if (!config)
        return false;
    m_database = std::make_unique<Database>();
    if (!m_database->open(*config)) {
        *error = m_database->lastError();
        return false;
    }
    FleetSettings fleetSettings = FleetSettingsStore::load(*m_database);
    PositionWriter::Options writerOptions;
    m_writer = std::make_unique<PositionWriter>(*config, writerOptions);
    m_writer->start();
    m_writer->setRetentionDays(fleetSettings.retentionDays);
    m_history = std::make_shared<DatabaseHistorySource>(*config);
    m_directory = std::make_unique<DatabaseDeviceDirectory>(m_database.get(), &m_clock, &m_catalog);
    // A removed device's positions go on the writer's thread, between its group commits.
    m_directory->setBackgroundRemoval([this, writer = m_writer.get()](const QString &uniqueId) {
        writer->removeDevice(uniqueId, [this, uniqueId](const QString &problem) {
            QMetaObject::invokeMethod(this, [this, uniqueId, problem] {
                if (m_window)
                    m_window->deviceRemovalFinished(uniqueId, problem);
            });
        });
    });

    // The ingest node: its own thread, so the window never decodes or waits on devices.
    m_node = new IngestNode({ &m_clock, &m_registry, &m_catalog, &m_rawLog, m_writer.get(),
                              nullptr, writerOptions.maxPendingRows });
    m_node->setStatusDatabase(*config); // node status for `fleetwatch diagnose`
    m_node->moveToThread(&m_ingestThread);
    m_ingestThread.start();

    WindowContext context;
    context.clock = &m_clock;
    context.registry = &m_registry;
    context.catalog = &m_catalog;
    context.rawLog = &m_rawLog;
    context.directory = m_directory.get();
    context.history = m_history;
    context.databaseDescription = config->displayUrl();
    context.serverAddress = serverAddressGuess();
    m_window = std::make_unique<MainWindow>(context);
    auto *mapView = new MapView(&m_clock);
    mapView->setDatabaseConfig(*config);
    mapView->restoreSettings();
    m_window->setMapWidget(mapView);
    connect(mapView, &MapView::deviceSelected, m_window.get(), &MainWindow::selectDevice);
    connect(m_window->deviceList(), &DeviceListView::currentDeviceChanged, mapView,
            &MapView::selectDevice);
    connect(m_window.get(), &MainWindow::showOnMapRequested, mapView, [mapView](const QString &id) {
        mapView->selectDevice(id);
        mapView->map()->fitSelection();
    });
    connect(m_window.get(), &MainWindow::followRequested, mapView->map(),
            &MapWidget::setFollowedDevice);

    const IngestConfig ingestConfig = SettingsController::ingestConfigFromSettings(m_registry);
    const QList<Device> devices = m_database->devices();
    const QList<DeviceActivity> activities = m_database->activities();
    IngestNode *node = m_node;
    MainWindow *window = m_window.get();
    DatabaseDeviceDirectory *directory = m_directory.get();
    // Fleet diagnosis: a dock fed by the node's reporter; serious findings go to the banner.
    auto *diagnosis = new DiagnosisPanel(directory, &m_catalog, window);
    window->addPanel(diagnosis, Qt::BottomDockWidgetArea);
    connect(diagnosis, &DiagnosisPanel::bannerTextChanged, window,
            &MainWindow::setDiagnosisBanner);
    connect(diagnosis, &DiagnosisPanel::deviceActivated, window, &MainWindow::selectDevice);
    connect(diagnosis, &DiagnosisPanel::refreshRequested, this, [node] {
        QMetaObject::invokeMethod(node, [node] {
            node->statusReporter()->runSelfCheck();
            node->statusReporter()->refresh();
        });
    });
    runOn(node, [=] {
        // Connect before loading so the window receives the first full snapshot.
        node->prepare(fleetSettings);
        QObject::connect(node->fleet(), &FleetState::delta, window, &MainWindow::applyDelta);
        QObject::connect(node->fleet(), &FleetState::delta, mapView, &MapView::applyDelta);
        QObject::connect(node->statusReporter(), &NodeStatusReporter::findingsChanged, diagnosis,
                         &DiagnosisPanel::setFindings);
        node->start(ingestConfig, devices, activities, directory);
    });
    m_directory->setFleet(m_node->fleet());
    window->setFleetSettings(fleetSettings);
    m_settings = std::make_unique<SettingsController>(SettingsController::Parts {
        &m_registry, m_node, m_writer.get(), *config, window, m_secrets.get() });
    connect(window, &MainWindow::secretsEntered, m_settings.get(),
            &SettingsController::storeSecrets);
    connect(window, &MainWindow::settingsChanged, m_settings.get(),
            &SettingsController::applyLocalSettings);
    connect(window, &MainWindow::fleetSettingsEdited, m_settings.get(),
            &SettingsController::applyFleetSettings);
    connect(window, &MainWindow::demoRequested, this, &DesktopSession::startDemo);

    // Troubleshooter and commands for one device, from the list's menu or the details.
    const QString serverAddress = serverAddressGuess();
    connect(window, &MainWindow::troubleshootRequested, this,
            [this, node, window, serverAddress](const QString &uniqueId) {
                if (uniqueId.isEmpty())
                    return;
                auto *dialog = new TroubleshooterDialog(uniqueId, window);
                dialog->setAttribute(Qt::WA_DeleteOnClose);
                const QPointer<TroubleshooterDialog> guard(dialog);
                const auto run = [this, node, guard, serverAddress](const QString &id) {
                    requestNodeView(node, this, id, [this, guard, serverAddress, id](const NodeView &v) {
                        if (guard)
                            guard->setSteps(troubleshoot(v, m_registry, m_catalog, &m_rawLog,
                                                         m_clock, id, serverAddress));
                    });
                };
                run(uniqueId);
                connect(dialog, &TroubleshooterDialog::rerunRequested, dialog, run);
                connect(dialog, &TroubleshooterDialog::showRawFramesRequested, window,
                        [window](const QString &id) { showRawFrames(window, id); });
                dialog->show();
            });
    connect(window, &MainWindow::sendCommandRequested, this, [this, node](const QString &uniqueId) {
        if (uniqueId.isEmpty())
            return;
        requestNodeView(node, this, uniqueId, [this, node, uniqueId](const NodeView &v) {
            if (v.snapshot && m_window)
                openCommandDialog(node, *v.snapshot, v.listeners, v.liveSession);
        });
    });
    if (m_options.demo)
        startDemo();
    return true;
}

void DesktopSession::openCommandDialog(IngestNode *node, const DeviceSnapshot &snapshot,
                                       const QList<ListenerState> &listeners, bool liveSession)
{
    auto *commands = new CommandCatalog(m_catalog);
    auto *dialog = new CommandDialog(commands, &m_clock, m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QObject::destroyed, [commands] { delete commands; });
    const QString protocol = commands->protocolOf(snapshot.device);
    quint16 port = 0;
    for (const ListenerState &l : listeners) {
        if (l.protocol == protocol && l.listening)
            port = l.port;
    }
    dialog->setServer(serverAddressGuess(), port);
    dialog->setGprsSender([this, node](const QString &id, const QByteArray &bytes,
                                       const std::function<void(bool)> &done) {
        QMetaObject::invokeMethod(node, [this, node, id, bytes, done] {
            const bool sent = node->server()->sendCommand(id, bytes);
            QMetaObject::invokeMethod(this, [done, sent] { done(sent); });
        });
    });
    // The window's snapshots carry no secrets: the password comes from the directory.
    Device device = snapshot.device;
    device.password = m_directory->devicePassword(snapshot.device.uniqueId);
    dialog->setDevice(device, liveSession);
    if (SmsSender *sms = CommandDialog::smsSenderFromSettings(dialog, nullptr, m_secrets->values()))
        dialog->setSmsSender(sms);
    // Replies arrive as command-result events in the fleet's deltas.
    connect(node->fleet(), &FleetState::delta, dialog, &CommandDialog::applyDelta);
    dialog->show();
}

void DesktopSession::startDemo()
{
#ifdef FW_HAVE_SIMULATOR
    if (m_simulator || m_demoStarting)
        return;
    m_demoStarting = true;
    // The listeners belong to the ingest thread: read them there, continue here.
    requestNodeView(m_node, this, {}, [this](const NodeView &v) {
        m_demoStarting = false;
        startDemoOn(v.listeners);
    });
#else
    QMessageBox::information(m_window.get(), tr("Demo fleet"),
                             tr("This build has no device simulator."));
#endif
}

void DesktopSession::startDemoOn(const QList<ListenerState> &listeners)
{
#ifdef FW_HAVE_SIMULATOR
    if (m_simulator)
        return;
    QHash<QString, quint16> ports;
    for (const ListenerState &l : listeners) {
        if (l.listening)
            ports.insert(l.protocol, l.port);
    }
    auto *sim = new DeviceSimulator(DemoFleet::simulatorOptions(
        ports, m_options.demoDevicesPerProtocol, m_options.demoPositionsPerSecond));
    // Register the simulated trackers and the demo's other devices (once), and give the latter
    // the history that puts them in every other status.
    const TimeMs now = m_clock.now();
    QList<Device> missing;
    QList<Device> wanted = sim->devices();
    wanted.append(DemoFleet::extraDevices(now));
    for (Device d : std::as_const(wanted)) {
        if (!m_database->findDevice(d.uniqueId)) {
            if (d.registeredAt == kNoTime)
                d.registeredAt = now - kDay;
            missing.append(d);
        }
    }
    if (!missing.isEmpty()) {
        const QString error = m_directory->importDevices(missing);
        if (!error.isEmpty())
            qCWarning(lcDesktop).noquote() << "demo fleet registration:" << error;
        const QList<DeviceActivity> history = DemoFleet::extraActivities(now);
        m_database->upsertActivity(history);
        IngestNode *node = m_node;
        QMetaObject::invokeMethod(node, [node, history] {
            for (const DeviceActivity &a : history)
                node->fleet()->restoreActivity(a);
        });
    }
    sim->moveToThread(&m_simulatorThread);
    m_simulatorThread.start();
    m_simulator = sim;
    QMetaObject::invokeMethod(sim, [sim] { sim->start(); });
#else
    Q_UNUSED(listeners)
#endif
}

} // namespace fw
