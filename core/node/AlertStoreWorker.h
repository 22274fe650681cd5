#pragma once
// AlertStoreWorker: the geofences, rules and alerts of the database for a window, on a thread of
// the caller's choosing with a connection of its own, so the GUI thread never waits for the
// database. Every slot runs one AlertStore call and answers with a signal; a failure answers
// with failed() and a readable reason. Saving under a name that exists replaces the old entry
// (removed, then the new one added; the old one is put back when the new one is refused).

#include "alerts/Alert.h"
#include "alerts/AlertRule.h"
#include "geo/Geofence.h"
#include "storage/DatabaseConfig.h"

#include <QObject>

#include <memory>

namespace fw {

class AlertStore;
class Clock;
class Database;

class AlertStoreWorker : public QObject
{
    Q_OBJECT
public:
    AlertStoreWorker(const DatabaseConfig &config, const Clock *clock, QObject *parent = nullptr);
    ~AlertStoreWorker() override;

public slots:
    void loadGeofences();
    // `replacing`: the name the geofence had before editing (empty for a new one).
    void saveGeofence(const fw::Geofence &geofence, const QString &replacing);
    // GeoJSON, KML or GPX, all or nothing.
    void importGeofences(const QString &fileName);
    void removeGeofence(const QString &name);
    void loadRules();
    void saveRule(const fw::AlertRule &rule, const QString &replacing);
    void removeRule(const QString &name);
    // The alerts of the last `days` days, oldest first.
    void loadAlerts(int days);
    // Those whose time is at or after `from` (what other nodes raised meanwhile, and who
    // acknowledged them), answered with recentAlertsLoaded().
    void loadRecentAlerts(qint64 from);
    void acknowledge(qint64 id, const QString &by, const QString &note);

signals:
    void geofencesLoaded(const QList<fw::Geofence> &geofences);
    void rulesLoaded(const QList<fw::AlertRule> &rules);
    void alertsLoaded(const QList<fw::Alert> &alerts);
    void recentAlertsLoaded(const QList<fw::Alert> &alerts);
    void acknowledged(qint64 id, const QString &by, qint64 at, const QString &note);
    void failed(const QString &error);

private:
    AlertStore *store(); // opened on first use, on the worker's thread
    void fail(const QString &error);

    DatabaseConfig m_config;
    const Clock *m_clock;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AlertStore> m_store;
};

} // namespace fw
