#pragma once
// MainWindow: the operator's desktop. Dock widgets that operators arrange (remembered between
// runs) around the map area: dashboard, device list, device details, event log and raw frame
// console, with the menu, toolbar, shortcuts and status bar of a desktop program. It presents
// what the core publishes (FleetDelta batches) and sends operator actions to the core's
// interfaces; it holds no fleet logic of its own.

#include "fleet/DeviceSnapshot.h"
#include "fleet/FleetSettings.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>

#include <functional>
#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;

namespace fw {

class Clock;
class DashboardWidget;
class DeviceDetailsPanel;
class DeviceDirectory;
class DeviceFilterProxyModel;
class DeviceListModel;
class DeviceListView;
class DeviceModelCatalog;
class EventLogWidget;
class OnlineTimelineLoader;
class ProblemBanner;
class StatusNotifier;
class HistorySource;
class ProtocolRegistry;
class RawConsoleWidget;
class RawLog;

struct WindowContext
{
    Clock *clock = nullptr;
    const ProtocolRegistry *registry = nullptr;
    const DeviceModelCatalog *catalog = nullptr;
    const RawLog *rawLog = nullptr;
    DeviceDirectory *directory = nullptr;
    // Shared with the background reads that use it, so a read still running when the window
    // and session go away never touches a freed object.
    std::shared_ptr<const HistorySource> history;
    QString databaseDescription; // e.g. "sqlite:/home/me/.local/share/FleetWatch/..."
    QString serverAddress; // what devices should be configured with (host name or IP)
    std::function<QString()> serverSecret; // the keychain's, for Settings' connection test
};

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const WindowContext &context, QWidget *parent = nullptr);
    ~MainWindow() override;

    // The map fills the central area once it exists (it is its own component).
    void setMapWidget(QWidget *map);
    // A dock built elsewhere (e.g. the diagnosis panel): placed, listed in the View menu, and
    // put back where the operator left it.
    void addPanel(QDockWidget *dock, Qt::DockWidgetArea area);
    DeviceListModel *deviceModel() const { return m_model; }
    DeviceListView *deviceList() const { return m_list; }
    DashboardWidget *dashboard() const { return m_dashboard; }
    DeviceDetailsPanel *details() const { return m_details; }
    QString currentDevice() const { return m_currentId; }
    StatusNotifier *statusNotifier() const { return m_notifier; }
    bool geofencesShown() const; // the Geofences menu's toggle (persisted)

public slots:
    void applyDelta(const fw::FleetDelta &delta);
    void selectDevice(const QString &uniqueId);
    void registerDevice();
    void editDevice(const QString &uniqueId);
    void blockDevice(const QString &uniqueId);
    void unblockDevice(const QString &uniqueId);
    void removeDevice(const QString &uniqueId);
    void importDevices();
    void showSettings();
    // Critical/warning diagnosis findings shown in the banner with the window's own problems
    // (empty = none).
    void setDiagnosisBanner(const QString &text);
    // The fleet settings as the database holds them (shown and edited in Settings).
    void setFleetSettings(const fw::FleetSettings &settings) { m_fleetSettings = settings; }
    // Why this login may not change them (empty: it may); Settings shows them read-only.
    void setFleetSettingsRefused(const QString &reason) { m_fleetSettingsRefused = reason; }
    // A problem the operator should see now, without a modal dialog (empty = none).
    void setSettingsProblem(const QString &text);
    // Shows the raw frame console filtered to one device.
    void showRawFrames(const QString &uniqueId);
    // The background part of a removal ended (error empty on success).
    void deviceRemovalFinished(const QString &uniqueId, const QString &error);

signals:
    // After a batch was applied, with the GUI-thread time it took (benchmarks, diagnostics).
    void deltaApplied(const fw::FleetDelta &delta, qint64 nanoseconds);
    void demoRequested();
    void settingsChanged();
    // The operator changed the fleet settings (shared by every node and window on the database).
    void fleetSettingsEdited(const fw::FleetSettings &settings);
    // Passwords the operator typed in Settings (for the keychain, never the settings file).
    void secretsEntered(const QHash<QString, QString> &secrets);
    void troubleshootRequested(const QString &uniqueId);
    void sendCommandRequested(const QString &uniqueId);
    void showOnMapRequested(const QString &uniqueId);
    void followRequested(const QString &uniqueId);
    void reportsRequested(const QString &uniqueId); // the Reports window, this device chosen
    void geofencesRequested();
    void rulesRequested();
    void geofencesShownChanged(bool shown);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    QDockWidget *addDock(
        QWidget *widget, const QString &title, const QString &objectName, Qt::DockWidgetArea area);
    void createActions();
    void createStatusBar();
    void onCurrentDeviceChanged(const QString &uniqueId);
    void loadHistory(const QString &uniqueId);
    void updateStatusBar(const FleetDelta &delta);
    void showBanner();
    void toggleWatch();
    void restoreLayout();
    void saveLayout() const;
    void resetLayout();
    void arrangeDefaultDocks();
    void applyDefaultSizes();
    void showProblemDetails();
    QString layoutGroup() const; // settings group of this screen size
    QRect availableArea() const;
    std::optional<DeviceSnapshot> snapshotOf(const QString &uniqueId) const;

    WindowContext m_context;
    FleetSettings m_fleetSettings;
    QString m_fleetSettingsRefused;
    QString m_settingsProblem;
    DeviceListModel *m_model = nullptr;
    DeviceListView *m_list = nullptr;
    DashboardWidget *m_dashboard = nullptr;
    DeviceDetailsPanel *m_details = nullptr;
    EventLogWidget *m_events = nullptr;
    RawConsoleWidget *m_console = nullptr;
    QLabel *m_mapPlaceholder = nullptr;
    ProblemBanner *m_banner = nullptr;
    QDockWidget *m_listDock = nullptr;
    QDockWidget *m_detailsDock = nullptr;
    QDockWidget *m_eventsDock = nullptr;
    QList<std::pair<QDockWidget *, Qt::DockWidgetArea>> m_panels; // added by addPanel()
    OnlineTimelineLoader *m_timelineLoader = nullptr;
    bool m_pendingDefaultSizes = false;
    bool m_timelineStarted = false;
    QStringList m_bannerLines; // the window's own problems (database, ports)
    QString m_diagnosisBanner;
    QLabel *m_portsLabel = nullptr;
    QLabel *m_rateLabel = nullptr;
    QLabel *m_databaseLabel = nullptr;
    QLabel *m_devicesLabel = nullptr;
    QAction *m_watchAction = nullptr;
    QAction *m_geofencesAction = nullptr;
    QMenu *m_viewMenu = nullptr;
    QString m_currentId;
    quint64 m_lastFrames = 0;
    TimeMs m_lastFramesAt = kNoTime;
    StatusNotifier *m_notifier = nullptr;
    int m_historyRequest = 0;
};

} // namespace fw
