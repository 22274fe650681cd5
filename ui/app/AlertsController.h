#pragma once
// AlertsController: geofences, rules and alerts in the window. It runs an AlertStoreWorker on a
// thread of its own (the GUI thread never waits for the database), puts the Alerts panel in the
// window, draws the geofences on the map (with the Geofences menu's toggle), opens the Geofences
// and Rules dialogs and carries their requests to the worker and the answers back. New alerts of
// the embedded node arrive through onAlert(): into the panel, to the tray (rules that tell the
// window), and to the AlertNotifier for their e-mail and webhook targets.

#include "alerts/Alert.h"
#include "geo/Geofence.h"
#include "geofences/GeofencesDialog.h"
#include "geofences/RulesDialog.h"
#include "storage/DatabaseConfig.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <memory>

namespace fw {

class AlertNotifier;
class AlertStoreWorker;
class AlertsPanel;
class Clock;
class MainWindow;
class MapWidget;

class AlertsController : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        DatabaseConfig database;
        const Clock *clock = nullptr;
        MainWindow *window = nullptr;
        MapWidget *map = nullptr; // may be null (no map)
        AlertNotifier *notifier = nullptr; // may be null (no e-mail or webhooks)
        QString user; // recorded as who acknowledged
    };

    explicit AlertsController(const Parts &parts, QObject *parent = nullptr);
    ~AlertsController() override;

    AlertsPanel *panel() const { return m_panel; }
    GeofencesDialog *geofencesDialog() const { return m_geofences.data(); }
    RulesDialog *rulesDialog() const { return m_rules.data(); }
    int announced() const { return m_announced; } // tray messages shown (tests)
    // How often the database is asked for alerts other nodes raised or someone acknowledged
    // (default 10 s); 0 stops asking.
    void setPollInterval(int ms);

public slots:
    void onAlert(const fw::Alert &alert);
    void openGeofences();
    void openRules();
    void reload(); // geofences and the recent alerts

private:
    template <typename F> void post(F &&f);

    Parts m_parts;
    QThread m_thread;
    std::unique_ptr<AlertStoreWorker> m_worker;
    AlertsPanel *m_panel = nullptr; // owned by the window
    QPointer<GeofencesDialog> m_geofences;
    QPointer<RulesDialog> m_rules;
    QList<Geofence> m_lastGeofences;
    QTimer m_poll;
    int m_announced = 0;
};

} // namespace fw
