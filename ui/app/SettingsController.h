#pragma once
// SettingsController: what happens when the operator presses OK in Settings. This computer's
// settings (ports, APRS-IS feed) re-configure the running node: only listeners whose port or
// enabled state changed are re-opened, so devices stay connected and no held acknowledgement is
// dropped. The fleet settings (thresholds, retention) go to the database, their one source of
// truth, off the GUI thread, and to the running node and writer. Nothing here waits for the
// ingest thread or the database.

#include "fleet/FleetSettings.h"
#include "ingest/IngestConfig.h"
#include "storage/DatabaseConfig.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace fw {

class IngestNode;
class MainWindow;
class PositionWriter;
class ProtocolRegistry;
class SessionSecrets;

class SettingsController : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        const ProtocolRegistry *registry = nullptr;
        IngestNode *node = nullptr; // lives on the ingest thread
        PositionWriter *writer = nullptr;
        DatabaseConfig database;
        MainWindow *window = nullptr;
        SessionSecrets *secrets = nullptr;
    };

    explicit SettingsController(const Parts &parts, QObject *parent = nullptr);

    // Listener configuration from this computer's settings (ingest/<protocol>/enabled|port,
    // aprsis/server|callsign|filter).
    static IngestConfig ingestConfigFromSettings(const ProtocolRegistry &registry);

public slots:
    void applyLocalSettings();
    void applyFleetSettings(const fw::FleetSettings &settings);
    // New passwords from Settings: used from now on and kept in the keychain.
    void storeSecrets(const QHash<QString, QString> &secrets);

signals:
    // The database write of applyFleetSettings() finished (error empty on success).
    void fleetSettingsSaved(const QString &error);

private:
    void showProblems();

    Parts m_parts;
    QPointer<MainWindow> m_window;
    QString m_fleetProblem;
};

} // namespace fw
