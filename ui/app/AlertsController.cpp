#include "AlertsController.h"

#include "alerts/AlertListModel.h"
#include "alerts/AlertsPanel.h"
#include "geofences/GeofenceDraft.h"
#include "geofences/GeofencesDialog.h"
#include "geofences/RulesDialog.h"
#include "mainwindow/MainWindow.h"
#include "mainwindow/StatusNotifier.h"
#include "map/MapWidget.h"
#include "node/AlertNotifier.h"
#include "node/AlertStoreWorker.h"
#include "notify/AlertText.h"
#include "util/Clock.h"

namespace fw {

namespace {
constexpr int kAlertDays = 7; // the panel starts with the alerts of the last week
constexpr int kPollMs = 10'000;
constexpr TimeMs kPollWindow = kHour; // alerts of the last hour are read again
} // namespace

AlertsController::AlertsController(const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
    , m_worker(std::make_unique<AlertStoreWorker>(parts.database, parts.clock))
{
    m_thread.setObjectName(QStringLiteral("alert-store"));
    m_worker->moveToThread(&m_thread);
    m_thread.start();
    AlertStoreWorker *worker = m_worker.get();

    m_panel = new AlertsPanel(parts.window);
    parts.window->addPanel(m_panel, Qt::BottomDockWidgetArea);
    connect(
        m_panel, &AlertsPanel::acknowledgeRequested, this, [this](qint64 id, const QString &note) {
            post([w = m_worker.get(), id, by = m_parts.user, note] {
                w->acknowledge(id, by, note);
            });
        });
    connect(m_panel, &AlertsPanel::deviceActivated, parts.window, &MainWindow::selectDevice);
    connect(worker, &AlertStoreWorker::alertsLoaded, m_panel->model(), &AlertListModel::setAlerts);
    connect(worker, &AlertStoreWorker::acknowledged, this,
        [this](qint64 id, const QString &by, qint64 at, const QString &note) {
            m_panel->model()->setAcknowledged(id, by, at, note);
            m_panel->setProblem({});
        });
    connect(worker, &AlertStoreWorker::failed, m_panel, &AlertsPanel::setProblem);
    connect(worker, &AlertStoreWorker::failed, this, [this](const QString &error) {
        if (m_geofences)
            m_geofences->setProblem(error);
        if (m_rules)
            m_rules->setProblem(error);
    });
    connect(
        worker, &AlertStoreWorker::geofencesLoaded, this, [this](const QList<Geofence> &geofences) {
            m_lastGeofences = geofences;
            if (m_parts.map)
                m_parts.map->setGeofences(geofences);
            if (m_geofences)
                m_geofences->setGeofences(geofences);
            if (m_rules) {
                QStringList names;
                for (const Geofence &g : geofences)
                    names << g.name;
                m_rules->setGeofenceNames(names);
            }
        });
    connect(worker, &AlertStoreWorker::rulesLoaded, this, [this](const QList<AlertRule> &rules) {
        if (m_rules)
            m_rules->setRules(rules);
    });
    // Device names for the panel, from the batches the window shows.
    connect(parts.window, &MainWindow::deltaApplied, this, [this](const FleetDelta &delta) {
        QHash<QString, QString> names;
        for (const DeviceSnapshot &s : delta.changed) {
            if (m_panel->model()->deviceName(s.device.uniqueId) != s.device.name)
                names.insert(s.device.uniqueId, s.device.name);
        }
        if (!names.isEmpty())
            m_panel->model()->setDeviceNames(names);
    });
    connect(parts.window, &MainWindow::geofencesRequested, this, &AlertsController::openGeofences);
    connect(parts.window, &MainWindow::rulesRequested, this, &AlertsController::openRules);
    if (parts.map) {
        parts.map->setGeofencesVisible(parts.window->geofencesShown());
        connect(parts.window, &MainWindow::geofencesShownChanged, parts.map,
            &MapWidget::setGeofencesVisible);
    }
    // Alerts of other nodes on the same database, and acknowledgements made elsewhere (the
    // CLI, another window): read again every few seconds, merged by id.
    connect(
        worker, &AlertStoreWorker::recentAlertsLoaded, this, [this](const QList<Alert> &recent) {
            for (const Alert &a : recent)
                m_panel->model()->addAlert(a);
        });
    connect(&m_poll, &QTimer::timeout, this, [this] {
        post([w = m_worker.get(), from = m_parts.clock->now() - kPollWindow] {
            w->loadRecentAlerts(from);
        });
    });
    m_poll.start(kPollMs);
    reload();
}

void AlertsController::setPollInterval(int ms)
{
    m_poll.stop();
    if (ms > 0)
        m_poll.start(ms);
}

AlertsController::~AlertsController()
{
    if (m_parts.map)
        m_parts.map->setTool(nullptr);
    // The worker closes its connection on the thread that opened it (shut-down only).
    AlertStoreWorker *worker = m_worker.release();
    QMetaObject::invokeMethod(
        worker, [worker] { delete worker; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

template <typename F> void AlertsController::post(F &&f)
{
    QMetaObject::invokeMethod(m_worker.get(), std::forward<F>(f), Qt::QueuedConnection);
}

void AlertsController::reload()
{
    post([w = m_worker.get()] {
        w->loadGeofences();
        w->loadAlerts(kAlertDays);
    });
}

void AlertsController::onAlert(const Alert &alert)
{
    m_panel->model()->addAlert(alert);
    if (m_parts.notifier)
        m_parts.notifier->notify(alert);
    // The tray only for rules that tell this window.
    if (!alert.targets.contains(QStringLiteral("window")) || !m_panel->trayMessages())
        return;
    const QJsonObject json = alert.toJson();
    if (m_parts.window->statusNotifier()->announce(
            AlertText::subject(json), alert.text, m_panel->sound()))
        ++m_announced;
}

void AlertsController::openGeofences()
{
    if (!m_geofences) {
        m_geofences = new GeofencesDialog(m_parts.window);
        m_geofences->setAttribute(Qt::WA_DeleteOnClose);
        GeofencesDialog *dialog = m_geofences;
        dialog->setGeofences(m_lastGeofences);
        connect(dialog, &GeofencesDialog::saveRequested, this,
            [this](const Geofence &g, const QString &replacing) {
                post([w = m_worker.get(), g, replacing] { w->saveGeofence(g, replacing); });
            });
        connect(dialog, &GeofencesDialog::removeRequested, this, [this](const QString &name) {
            post([w = m_worker.get(), name] { w->removeGeofence(name); });
        });
        connect(dialog, &GeofencesDialog::importRequested, this, [this](const QString &file) {
            post([w = m_worker.get(), file] { w->importGeofences(file); });
        });
        if (MapWidget *map = m_parts.map) {
            connect(dialog, &GeofencesDialog::drawingStarted, map, [map](GeofenceDraft *draft) {
                map->setTool(draft);
                map->setGeofencesVisible(true);
            });
            connect(dialog, &GeofencesDialog::drawingFinished, map, [this, map] {
                map->setTool(nullptr);
                map->setGeofencesVisible(m_parts.window->geofencesShown());
            });
            connect(dialog, &GeofencesDialog::highlightRequested, map,
                &MapWidget::setHighlightedGeofence);
            map->addAction(dialog->undoAction()); // Ctrl+Z also with the map focused
        }
        post([w = m_worker.get()] { w->loadGeofences(); });
    }
    m_geofences->show();
    m_geofences->raise();
    m_geofences->activateWindow();
}

void AlertsController::openRules()
{
    if (!m_rules) {
        m_rules = new RulesDialog(m_parts.window);
        m_rules->setAttribute(Qt::WA_DeleteOnClose);
        RulesDialog *dialog = m_rules;
        QStringList names;
        for (const Geofence &g : std::as_const(m_lastGeofences))
            names << g.name;
        dialog->setGeofenceNames(names);
        connect(dialog, &RulesDialog::saveRequested, this,
            [this](const AlertRule &r, const QString &replacing) {
                post([w = m_worker.get(), r, replacing] { w->saveRule(r, replacing); });
            });
        connect(dialog, &RulesDialog::removeRequested, this, [this](const QString &name) {
            post([w = m_worker.get(), name] { w->removeRule(name); });
        });
        post([w = m_worker.get()] { w->loadRules(); });
    }
    m_rules->show();
    m_rules->raise();
    m_rules->activateWindow();
}

} // namespace fw
