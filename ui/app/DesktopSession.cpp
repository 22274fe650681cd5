#include "DesktopSession.h"

#include "AccessController.h"
#include "AlertsController.h"
#include "CommandsController.h"
#include "DemoController.h"
#include "NodesController.h"
#include "SettingsController.h"
#include "TroubleshootingController.h"
#include "devicelist/DeviceListView.h"
#include "diagnostics/DiagnosisPanel.h"
#include "dialogs/SettingsDialog.h"
#include "fleet/FleetSettings.h"
#include "geocoding/ReverseGeocoder.h"
#include "ingest/EpollEventDispatcher.h"
#include "mainwindow/MainWindow.h"
#include "map/MapView.h"
#include "map/MapWidget.h"
#include "node/AlertNotifier.h"
#include "node/CommandQueueRunner.h"
#include "node/DatabaseDeviceDirectory.h"
#include "node/DatabaseHistorySource.h"
#include "node/DeviceEditFollower.h"
#include "node/FleetSettingsStore.h"
#include "node/IngestNode.h"
#include "node/LiveFleetSource.h"
#include "node/NodeStatusReporter.h"
#include "nodes/NodesPanel.h"
#include "remote/ConnectionCheck.h"
#include "remote/RemoteFleetSource.h"
#include "reports/ReportsWindow.h"
#include "secrets/SessionSecrets.h"
#include "storage/ChangeSnapshot.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"
#include "storage/PositionWriter.h"

#include <QNetworkInterface>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>

#include <utility>

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

// Who acknowledges alerts in this window: the operating system's user, as the CLI records it.
QString operatorName()
{
    for (const char *name : { "USER", "LOGNAME", "USERNAME" }) {
        if (const QString v = qEnvironmentVariable(name); !v.isEmpty())
            return v;
    }
    return DesktopSession::tr("this desktop");
}

// Start-up and shut-down only: the node's thread does `f` while this one waits.
template <typename F> void runOn(QObject *context, F &&f)
{
    QMetaObject::invokeMethod(context, std::forward<F>(f), Qt::BlockingQueuedConnection);
}
} // namespace

DesktopSession::DesktopSession(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    m_ingestThread.setObjectName(QStringLiteral("ingest"));
}

DesktopSession::~DesktopSession()
{
    m_reports.reset(); // its report thread ends before the database goes
    m_nodes.reset(); // its reading thread
    m_demo.reset(); // the simulated trackers stop first
    m_alerts.reset(); // its dialogs and database thread, before the window goes
    if (m_node) {
        IngestNode *node = m_node;
        // No more queued commands to the sessions about to close (as the headless node), and no
        // more edits from other windows.
        CommandQueueRunner *runner = std::exchange(m_commandRunner, nullptr);
        runOn(node, [this, node, runner] {
            delete runner;
            m_deviceEdits.reset();
            node->stop();
        });
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
    m_ingestThread.wait(); // no answer of the node can arrive any more
    if (m_notifier)
        m_notifier->shutdown(2000); // queued mail and webhooks get a moment, not forever
    if (m_mapView)
        m_mapView->saveSettings();
    m_window.reset();
}

void DesktopSession::startDemo()
{
    if (m_demo)
        m_demo->start();
}

bool DesktopSession::start(QString *error)
{
    SecretStore *store = m_options.secretStore;
    if (!store) {
        m_ownSecretStore = std::make_unique<MemorySecretStore>();
        store = m_ownSecretStore.get();
    }
    m_secretStore = store;
    m_secrets = std::make_unique<SessionSecrets>(store);
    m_secrets->loadBlocking();
    m_secrets->migrateFromSettings();
    if (isConnected())
        return startConnected(error);
    const QSettings settings;
    QString url = m_options.databaseUrl;
    if (url.isEmpty()) {
        url = withPassword(settings.value(QStringLiteral("database/url")).toString(),
            m_secrets->value(SecretKeys::kDatabasePassword));
    }
    const std::optional<DatabaseConfig> config
        = url.isEmpty() ? DatabaseConfig::defaultConfig(error) : DatabaseConfig::parse(url, error);
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
    IngestNode::Parts nodeParts { &m_clock, &m_registry, &m_catalog, &m_rawLog, m_writer.get(),
        nullptr, writerOptions.maxPendingRows };
    nodeParts.alerts = true; // the window's node evaluates the rules like a headless one
    // The headless node's --alert-dwell and --alert-rate-limit, as settings (seconds).
    if (const QVariant v = settings.value(QStringLiteral("alerts/dwellSeconds")); v.isValid())
        nodeParts.alertOptions.rules.dwell = qMax(0LL, v.toLongLong()) * kSecond;
    if (const QVariant v = settings.value(QStringLiteral("alerts/rateLimitSeconds")); v.isValid())
        nodeParts.alertOptions.rules.rateLimit = qMax(0LL, v.toLongLong()) * kSecond;
    m_node = new IngestNode(nodeParts);
    m_node->setStatusDatabase(*config); // node status for `fleetwatch diagnose`
    m_node->moveToThread(&m_ingestThread);
    if (QAbstractEventDispatcher *dispatcher = EpollEventDispatcher::create())
        m_ingestThread.setEventDispatcher(dispatcher); // the thread takes ownership
    m_ingestThread.start();
    IngestNode *node = m_node;
    runOn(node, [node, fleetSettings] { node->prepare(fleetSettings); });
    // Everything the window learns about the fleet comes through this one source.
    m_source = std::make_unique<LiveFleetSource>(node, &m_rawLog, m_history, m_directory.get());
    buildWindow(*config, fleetSettings);

    const IngestConfig ingestConfig = SettingsController::ingestConfigFromSettings(m_registry);
    // On a shared database, devices registered, blocked or removed elsewhere after this load
    // reach the node by their change numbers (read from here on).
    qint64 editsAfter = -1;
    if (config->isPostgres()) {
        ChangeSnapshot snapshot(*m_database);
        editsAfter = snapshot.isValid() ? snapshot.reached() : -1;
    }
    const QList<Device> devices = m_database->devices();
    const QList<DeviceActivity> activities = m_database->activities();
    DatabaseDeviceDirectory *directory = m_directory.get();
    // Started after the window is connected, so it receives the first full snapshot.
    runOn(node, [=] { node->start(ingestConfig, devices, activities, directory); });
    m_directory->setFleet(m_node->fleet());
    startCommandQueue(*config);
    if (editsAfter >= 0) {
        runOn(node, [this, node, c = *config, editsAfter] {
            m_deviceEdits = std::make_unique<DeviceEditFollower>(c, node->fleet(), editsAfter);
            m_deviceEdits->start();
        });
    }
    connectControllers(*config);
    if (m_options.demo)
        startDemo();
    return true;
}

void DesktopSession::startCommandQueue(const DatabaseConfig &config)
{
    // A shared database: other windows and `command send` queue commands as rows, and the
    // node holding the device's connection sends them; this window's node is one such node
    // (issue #14). A SQLite file has no other window to queue from.
    if (!config.isPostgres())
        return;
    IngestNode *node = m_node;
    const DeviceModelCatalog *catalog = &m_catalog;
    const Clock *clock = &m_clock;
    runOn(node, [this, node, catalog, clock, config] {
        CommandQueueRunner::Parts parts;
        parts.server = node->server();
        parts.fleet = node->fleet();
        parts.catalog = catalog;
        parts.clock = clock;
        parts.database = config;
        // The name its raw frames carry, and `command list` shows as the sender.
        const NodeStatusReporter *reporter = node->statusReporter();
        parts.nodeId = reporter->nodeId().isEmpty() ? reporter->hostName() : reporter->nodeId();
        m_commandRunner = new CommandQueueRunner(parts, node);
        m_commandRunner->start();
    });
}

bool DesktopSession::startConnected(QString *error)
{
    QString url = m_options.serverUrl;
    if (!m_options.newServerPassword.isEmpty())
        m_secrets->set(SecretKeys::kServerPassword, m_options.newServerPassword);
    if (splitPassword(url).password.isEmpty())
        url = withPassword(url, m_secrets->value(SecretKeys::kServerPassword));
    const std::optional<DatabaseConfig> config = DatabaseConfig::parse(url, error);
    if (!config)
        return false;
    // Checked first, so an empty or foreign database is named as such, never set up from here.
    if (const ConnectionCheck::Result check = ConnectionCheck::run(*config); !check.ok()) {
        *error = check.detail.isEmpty() ? check.message
                                        : tr("%1 (the server said: %2)").arg(check.message,
                                              check.detail);
        return false;
    }
    m_database = std::make_unique<Database>();
    if (!m_database->open(*config)) {
        *error = m_database->lastError();
        return false;
    }
    const FleetSettings fleetSettings = FleetSettingsStore::load(*m_database);
    auto remote = std::make_unique<RemoteFleetSource>(RemoteFleetSource::Parts {
        *config, &m_catalog, &m_rawLog, m_database.get(), &m_clock });
    RemoteFleetSource *source = remote.get();
    m_source = std::move(remote);
    buildWindow(*config, fleetSettings);
    connectControllers(*config);
    MainWindow *window = m_window.get();
    const QString where = config->displayUrl();
    connect(source, &RemoteFleetSource::connectionChanged, window,
        [window, where](bool connected, const QString &problem) {
            window->statusBar()->showMessage(connected
                    ? tr("Connected to the FleetWatch server %1").arg(where)
                    : tr("No connection to the FleetWatch server %1: %2; trying again")
                          .arg(where, problem));
        });
    connect(source, &RemoteFleetSource::alertStored, m_alerts.get(), &AlertsController::onAlert);
    connect(source, &RemoteFleetSource::deviceRemovalFinished, window,
        &MainWindow::deviceRemovalFinished);
    // What this login may not change is disabled once the server has said (on a worker).
    m_access = std::make_unique<AccessController>(
        AccessController::Parts { *config, window, m_alerts->panel() });
    m_access->start();
    connect(source, &RemoteFleetSource::connectionChanged, m_access.get(),
        [access = m_access.get()](bool connected) {
            if (connected)
                access->recheck(); // the server may have been told otherwise meanwhile
        });
    connect(m_nodes.get(), &NodesController::findingsChanged, source,
        &RemoteFleetSource::setNodeFindings);
    connect(source, &RemoteFleetSource::diagnosisRequested, m_nodes.get(),
        &NodesController::diagnoseNow);
    source->start(); // the first picture arrives when the fleet is loaded
    return true;
}

void DesktopSession::buildWindow(const DatabaseConfig &config, const FleetSettings &fleetSettings)
{
    WindowContext context;
    context.clock = &m_clock;
    context.registry = &m_registry;
    context.catalog = &m_catalog;
    context.rawLog = m_source->rawLog();
    context.directory = m_source->directory();
    context.history = m_source->history();
    context.databaseDescription = config.displayUrl();
    context.serverAddress = serverAddressGuess();
    context.serverSecret = [secrets = m_secrets.get()] {
        return secrets->value(SecretKeys::kServerPassword);
    };
    m_window = std::make_unique<MainWindow>(context);
    MainWindow *window = m_window.get();
    auto *mapView = new MapView(&m_clock);
    m_mapView = mapView;
    mapView->setDatabaseConfig(config);
    mapView->restoreSettings();
    window->setMapWidget(mapView);
    connect(mapView, &MapView::deviceSelected, window, &MainWindow::selectDevice);
    connect(window->deviceList(), &DeviceListView::currentDeviceChanged, mapView,
        &MapView::selectDevice);
    connect(window, &MainWindow::showOnMapRequested, mapView, [mapView](const QString &id) {
        mapView->selectDevice(id);
        mapView->map()->fitSelection();
    });
    connect(window, &MainWindow::followRequested, mapView->map(), &MapWidget::setFollowedDevice);
    connect(m_source.get(), &FleetSource::delta, window, &MainWindow::applyDelta);
    connect(m_source.get(), &FleetSource::delta, mapView, &MapView::applyDelta);

    // Fleet diagnosis: a dock fed by the source; serious findings go to the banner.
    auto *diagnosis = new DiagnosisPanel(m_source->directory(), &m_catalog, window);
    window->addPanel(diagnosis, Qt::BottomDockWidgetArea);
    connect(diagnosis, &DiagnosisPanel::bannerTextChanged, window, &MainWindow::setDiagnosisBanner);
    connect(diagnosis, &DiagnosisPanel::deviceActivated, window, &MainWindow::selectDevice);
    connect(diagnosis, &DiagnosisPanel::refreshRequested, m_source.get(),
        &FleetSource::refreshDiagnosis);
    connect(m_source.get(), &FleetSource::findingsChanged, diagnosis, &DiagnosisPanel::setFindings);
    window->setFleetSettings(fleetSettings);

    // The ingest nodes of the database (View > Nodes), read on a thread of their own.
    auto *nodesPanel = new NodesPanel(window);
    window->addPanel(nodesPanel, Qt::BottomDockWidgetArea);
    NodesController::Parts nodesParts { config, nodesPanel };
    if (isConnected()) { // no node in this process: the diagnosis is the stored one
        nodesParts.registry = &m_registry;
        nodesParts.catalog = &m_catalog;
    }
    m_nodes = std::make_unique<NodesController>(nodesParts);
    m_nodes->start();
}

void DesktopSession::connectControllers(const DatabaseConfig &config)
{
    MainWindow *window = m_window.get();
    m_settings = std::make_unique<SettingsController>(SettingsController::Parts {
        &m_registry, m_node, m_writer.get(), config, window, m_secrets.get() });
    connect(
        window, &MainWindow::secretsEntered, m_settings.get(), &SettingsController::storeSecrets);
    connect(window, &MainWindow::settingsChanged, m_settings.get(),
        &SettingsController::applyLocalSettings);
    connect(window, &MainWindow::fleetSettingsEdited, m_settings.get(),
        &SettingsController::applyFleetSettings);

    const QString serverAddress = serverAddressGuess();
    m_troubleshooting
        = std::make_unique<TroubleshootingController>(TroubleshootingController::Parts {
            m_source.get(), &m_registry, &m_catalog, &m_clock, serverAddress, window });
    connect(window, &MainWindow::troubleshootRequested, m_troubleshooting.get(),
        &TroubleshootingController::open);
    connect(m_troubleshooting.get(), &TroubleshootingController::showRawFramesRequested, window,
        &MainWindow::showRawFrames);
    m_commands = std::make_unique<CommandsController>(CommandsController::Parts {
        m_source.get(), &m_catalog, &m_clock, m_secrets.get(), serverAddress, window, config });
    connect(window, &MainWindow::sendCommandRequested, m_commands.get(), &CommandsController::open);

    // Alerts: the panel, geofences on the map, the dialogs; each new alert of the node to the
    // panel, the tray and the rule's e-mail and webhook targets.
    // A connected window leaves mail and webhooks to the node that raised the alert.
    if (m_node) {
        m_notifier = std::make_unique<AlertNotifier>(
            AlertNotifier::configFromSettings(QSettings()), &m_clock, m_secretStore);
        m_notifier->start();
    }
    m_alerts = std::make_unique<AlertsController>(AlertsController::Parts { config, &m_clock,
        window, m_mapView ? m_mapView->map() : nullptr, m_notifier.get(),
        operatorName() });
    if (!m_node)
        return; // connected to a server: no node of its own, no demo fleet
    connect(m_node, &IngestNode::alertRaised, m_alerts.get(), &AlertsController::onAlert);

    m_demo = std::make_unique<DemoController>(DemoController::Parts { m_source.get(),
        m_directory.get(), m_database.get(), m_node, &m_clock, &m_registry,
        m_options.demoDevicesPerProtocol, m_options.demoPositionsPerSecond });
    connect(window, &MainWindow::demoRequested, m_demo.get(), &DemoController::start);
    connect(window, &MainWindow::reportsRequested, this,
        [this, config](const QString &uniqueId) { openReports(config, uniqueId); });
    connect(m_demo.get(), &DemoController::portsMoved, window, [window](const QStringList &moves) {
        window->statusBar()->showMessage(
            tr("Demo fleet: %1").arg(moves.join(QStringLiteral("; "))), 30'000);
    });
}

void DesktopSession::openReports(const DatabaseConfig &config, const QString &uniqueId)
{
    if (!m_reports) {
        m_reports = std::make_unique<ReportsWindow>(
            ReportsWindow::Parts { config, m_source->directory(), nullptr });
    }
    // The main map's current tiles and the address service (either may have changed since).
    m_reports->map()->setTileSource(m_mapView ? m_mapView->map()->tileSource() : nullptr);
    m_reports->setGeocoder(reportGeocoder());
    m_reports->refreshDevices();
    if (!uniqueId.isEmpty())
        m_reports->selectDevice(uniqueId);
    m_reports->show();
    m_reports->raise();
    m_reports->activateWindow();
}

ReverseGeocoder *DesktopSession::reportGeocoder()
{
    const QSettings settings;
    const QString url = settings.value(SettingsDialog::kGeocoderUrlKey).toString().trimmed();
    if (url == m_geocoderUrl && (m_geocoder || url.isEmpty()))
        return m_geocoder.get();
    if (m_reports)
        m_reports->setGeocoder(nullptr);
    m_geocoder.reset();
    m_geocoderUrl = url;
    if (url.isEmpty())
        return nullptr;
    if (!m_geocoderNetwork)
        m_geocoderNetwork = std::make_unique<QNetworkAccessManager>();
    ReverseGeocoderConfig config;
    config.baseUrl = url;
    config.cacheDirectory = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    config.language = settings.value(SettingsDialog::kLanguageKey).toString();
    m_geocoder = std::make_unique<ReverseGeocoder>(config, m_geocoderNetwork.get(), &m_clock);
    return m_geocoder.get();
}

} // namespace fw
