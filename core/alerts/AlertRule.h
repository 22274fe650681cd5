#pragma once
// AlertRule: what an operator asked to be told about (`fleetwatch rules add`): a type with its
// parameters, the devices it covers (a list, a group, or every device) and who is told (the
// --notify targets, kept with the rule for the notifier: "window", "email:ADDR",
// "webhook:URL"). A plain value type; the RuleEngine evaluates it, AlertStore keeps it.

#include "util/TimeUtil.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace fw {

enum class RuleType {
    GeofenceEnter,
    GeofenceExit,
    Overspeed,
    Offline,
    Status,
    Alarm,
    IgnitionOn,
    IgnitionOff,
    Idle,
    LowBattery,
    Maintenance,
};

struct AlertRule
{
    qint64 id = 0; // database row id
    QString name;
    RuleType type = RuleType::GeofenceEnter;
    QString geofence; // geofence-enter/-exit (empty: any geofence), overspeed (optional)
    double limitKph = 0.0; // overspeed; 0 = the geofence's speed limit
    TimeMs after = 0; // overspeed, offline, idle: minimum duration
    QString status; // status: a status id ("offline", ...)
    QString alarm; // alarm: an alarm name or "any"
    double belowPercent = 0.0; // low-battery
    double everyKm = 0.0; // maintenance
    double everyHours = 0.0; // maintenance
    QStringList devices; // empty and no group: every device
    QString group;
    QStringList targets; // notification targets

    static QString typeId(RuleType type); // "geofence-enter", ...
    static std::optional<RuleType> typeFromId(const QString &id);
    static QStringList typeIds();

    bool appliesTo(const QString &uniqueId, const QString &deviceGroup) const;
    // A readable reason when the rule is incomplete or contradictory, empty when it is fine.
    QString validate() const;
    // Whether a target text is one the notifier understands.
    static bool validTarget(const QString &target);

    // `rules list --json` object; also what the database keeps as the rule's parameters.
    QJsonObject toJson() const;
    static std::optional<AlertRule> fromJson(const QJsonObject &o);
};

} // namespace fw
