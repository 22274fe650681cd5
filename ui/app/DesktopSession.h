#pragma once
// DesktopSession: the composition root of the desktop mode. It builds the shared parts (clock,
// protocol registry, catalogue, raw log, database, writer), runs the ingest node on its own
// thread, creates the window and connects them; and takes them down in the right order so every
// accepted position is written before the program exits.

#include "domain/DeviceModelCatalog.h"
#include "fleet/DeviceSnapshot.h"
#include "ingest/IngestConfig.h"
#include "ingest/RawLog.h"
#include "protocols/ProtocolRegistry.h"
#include "util/Clock.h"

#include <QObject>
#include <QThread>
#include <memory>

namespace fw {

class Database;
class DatabaseDeviceDirectory;
class DatabaseHistorySource;
class DeviceSimulator;
class IngestNode;
class MainWindow;
class PositionWriter;
class SecretStore;
class SessionSecrets;
class SettingsController;

class DesktopSession : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString databaseUrl; // empty = settings, then the default SQLite file
        bool demo = false;
        int demoDevicesPerProtocol = 12; // the demo fleet's size per protocol
        int demoPositionsPerSecond = 0; // 0 = each tracker reports every few seconds
        // Where passwords are kept (the OS keychain in the program); null = this session only.
        SecretStore *secretStore = nullptr;
    };

    explicit DesktopSession(const Options &options, QObject *parent = nullptr);
    ~DesktopSession() override;

    bool start(QString *error);
    MainWindow *window() const { return m_window.get(); }

public slots:
    // Starts the simulated demo fleet (once), aimed at the ports the node listens on.
    void startDemo();

private:
    void startDemoOn(const QList<ListenerState> &listeners);
    void openCommandDialog(IngestNode *node, const DeviceSnapshot &snapshot,
                           const QList<ListenerState> &listeners, bool liveSession);

    Options m_options;
    SystemClock m_clock;
    ProtocolRegistry m_registry;
    DeviceModelCatalog m_catalog;
    RawLog m_rawLog;
    QThread m_ingestThread;
    QThread m_simulatorThread;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<PositionWriter> m_writer;
    std::shared_ptr<DatabaseHistorySource> m_history;
    std::unique_ptr<DatabaseDeviceDirectory> m_directory;
    IngestNode *m_node = nullptr; // lives on m_ingestThread
    DeviceSimulator *m_simulator = nullptr; // lives on m_simulatorThread
    bool m_demoStarting = false; // waiting for the node's listeners
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<SettingsController> m_settings;
    std::unique_ptr<SecretStore> m_ownSecretStore; // when Options gave none
    std::unique_ptr<SessionSecrets> m_secrets;
};

} // namespace fw
