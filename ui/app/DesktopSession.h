#pragma once
// DesktopSession: the composition root of the desktop mode, and only that. It builds the shared
// parts (clock, protocol registry, catalogue, raw log, database, writer, secrets), runs the
// ingest node on its own thread behind a FleetSource, creates the window, hands each concern to
// its controller (settings, troubleshooting, commands, the demo fleet) and connects them; and
// takes them down in the right order so every accepted position is written before it exits.
// Connected to a FleetWatch server (Options::serverUrl) it builds no node, writer or listener:
// the window's FleetSource follows the shared database (RemoteFleetSource).

#include "domain/DeviceModelCatalog.h"
#include "ingest/RawLog.h"
#include "protocols/ProtocolRegistry.h"
#include "util/Clock.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <memory>

namespace fw {

class AccessController;
class AlertNotifier;
class ReverseGeocoder;
class AlertsController;
class CommandQueueRunner;
class CommandsController;
class Database;
class DatabaseConfig;
class DatabaseDeviceDirectory;
class DatabaseHistorySource;
class DemoController;
class DeviceEditFollower;
class FleetSource;
class IngestNode;
class MainWindow;
class MapView;
class NodesController;
class PositionWriter;
class RemoteFleetSource;
class ReportsWindow;
class SecretStore;
class SessionSecrets;
class SettingsController;
class TroubleshootingController;
struct FleetSettings;

class DesktopSession : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString databaseUrl; // empty = settings, then the default SQLite file
        // Set: a window connected to a FleetWatch server (postgresql://...; without a password
        // in it, the keychain's server password is used): no node, no listeners, the fleet
        // followed live from the database. Empty: this computer receives the trackers.
        QString serverUrl;
        QString newServerPassword; // typed at first start: used and kept in the keychain
        bool demo = false;
        int demoDevicesPerProtocol = 12; // the demo fleet's size per protocol
        int demoPositionsPerSecond = 0; // 0 = each tracker reports every few seconds
        // Where passwords are kept (the OS keychain in the program); null = this session only.
        SecretStore *secretStore = nullptr;
    };

    explicit DesktopSession(const Options &options, QObject *parent = nullptr);
    ~DesktopSession() override;

    bool start(QString *error);
    bool isConnected() const { return !m_options.serverUrl.isEmpty(); } // to a server
    MainWindow *window() const { return m_window.get(); }
    FleetSource *source() const { return m_source.get(); } // what the window shows
    AlertsController *alerts() const { return m_alerts.get(); }
    AccessController *access() const { return m_access.get(); } // connected windows only
    NodesController *nodes() const { return m_nodes.get(); }

public slots:
    // Starts the simulated demo fleet (once), aimed at the ports the node listens on.
    void startDemo();

private:
    bool startConnected(QString *error);
    void startCommandQueue(const DatabaseConfig &config);
    void buildWindow(const DatabaseConfig &config, const FleetSettings &fleetSettings);
    void connectControllers(const DatabaseConfig &config);
    void openReports(const DatabaseConfig &config, const QString &uniqueId);
    ReverseGeocoder *reportGeocoder(); // as the settings say now; null when none is set

    Options m_options;
    SystemClock m_clock;
    ProtocolRegistry m_registry;
    DeviceModelCatalog m_catalog;
    RawLog m_rawLog;
    QThread m_ingestThread;
    std::unique_ptr<SecretStore> m_ownSecretStore; // when Options gave none
    SecretStore *m_secretStore = nullptr; // the one in use
    std::unique_ptr<SessionSecrets> m_secrets;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<PositionWriter> m_writer;
    std::shared_ptr<DatabaseHistorySource> m_history;
    std::unique_ptr<DatabaseDeviceDirectory> m_directory;
    IngestNode *m_node = nullptr; // lives on m_ingestThread
    // The shared database's command queue for the devices connected here (PostgreSQL only):
    // lives on m_ingestThread beside the node, a child of it.
    CommandQueueRunner *m_commandRunner = nullptr;
    // On a shared PostgreSQL database: other windows' device edits reach the node (made, used
    // and deleted on m_ingestThread).
    std::unique_ptr<DeviceEditFollower> m_deviceEdits;
    std::unique_ptr<FleetSource> m_source; // the window's view of the node
    std::unique_ptr<MainWindow> m_window;
    QPointer<MapView> m_mapView; // in the window
    std::unique_ptr<SettingsController> m_settings;
    std::unique_ptr<TroubleshootingController> m_troubleshooting;
    std::unique_ptr<CommandsController> m_commands;
    std::unique_ptr<DemoController> m_demo;
    std::unique_ptr<ReportsWindow> m_reports; // made when first asked for
    std::unique_ptr<QNetworkAccessManager> m_geocoderNetwork;
    std::unique_ptr<ReverseGeocoder> m_geocoder; // the reports' addresses
    QString m_geocoderUrl; // what m_geocoder was made for
    std::unique_ptr<AlertNotifier> m_notifier; // e-mail and webhooks of the node's alerts
    std::unique_ptr<AlertsController> m_alerts;
    std::unique_ptr<AccessController> m_access; // what this login may do (connected)
    std::unique_ptr<NodesController> m_nodes; // the Nodes panel's readings
};

} // namespace fw
