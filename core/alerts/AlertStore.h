#pragma once
// AlertStore: the geofences, rules, alerts and per-device rule state in the database, on top of
// one open Database connection (SQLite or PostgreSQL, same SQL). Every CLI change to geofences
// or rules bumps a version counter (settings key alerts.configVersion) that a node polls
// cheaply to know when to reload. Alerts are inserted with their dedupe key, so the same
// occurrence is stored (and announced) once however often it is raised. Methods return false /
// nullopt on failure with the reason in lastError().

#include "Alert.h"
#include "AlertRule.h"
#include "geo/Geofence.h"

#include <QHash>
#include <QJsonObject>

#include <optional>

namespace fw {

class Database;

class AlertStore
{
public:
    explicit AlertStore(Database &db);

    QString lastError() const { return m_lastError; }

    // Geofences. add fails when the name is taken; addAll adds every one or none.
    bool addGeofences(const QList<Geofence> &geofences);
    std::optional<QList<Geofence>> geofences();
    bool removeGeofence(const QString &name, bool *found);

    bool addRule(const AlertRule &rule);
    std::optional<QList<AlertRule>> rules();
    bool removeRule(const QString &name, bool *found);

    // Stores the alerts that are new (by key); `alerts` keeps only those, with their ids.
    bool insertAlerts(QList<Alert> &alerts);
    // Oldest first; empty uniqueId: every device; kNoTime leaves an end open.
    std::optional<QList<Alert>> alerts(const QString &uniqueId, TimeMs from, TimeMs to);
    // Alerts stored by the change groups after..upTo (Database::stampChange()), in the order
    // they were stored; empty uniqueId: every device. PostgreSQL only (SQLite keeps no numbers).
    std::optional<QList<Alert>> alertsChanged(qint64 after, qint64 upTo, const QString &uniqueId);
    // On PostgreSQL the database login (session_user) is recorded instead of `by`, and the
    // change takes a change number so other windows and `watch` see it; *recordedBy (when
    // given) is who was recorded.
    bool acknowledge(qint64 id, const QString &by, TimeMs at, const QString &note, bool *found,
        QString *recordedBy = nullptr);

    bool saveStates(const QHash<QString, QJsonObject> &states, TimeMs now);
    std::optional<QHash<QString, QJsonObject>> states();

    // 0 before the first change.
    std::optional<qint64> configVersion();

private:
    std::optional<QList<Alert>> query(const QString &whereAndOrder, const QVariantList &binds);
    bool fail(const QString &what, const QString &detail);
    bool bumpConfigVersion();
    bool nameTaken(const QString &table, const QString &name, bool *taken);

    Database &m_db;
    QString m_lastError;
};

} // namespace fw
