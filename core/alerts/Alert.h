#pragma once
// Alert: one raised alert, as stored and as shown (`fleetwatch alerts --json`, the window, the
// body of a webhook). toJson() is exactly the contract's object; the rule's notification
// targets travel with it for the notifier but are not part of the JSON. `key` identifies the
// occurrence (rule, device, position time, geofence) so the database refuses a second copy,
// even one raised again after a node restart.

#include "util/TimeUtil.h"

#include <QJsonObject>
#include <QStringList>

namespace fw {

struct Alert
{
    qint64 id = 0; // database row id, 0 before it is stored
    QString rule; // the rule's name
    QString type; // the rule's type id ("geofence-enter", ...)
    QString uniqueId;
    TimeMs time = kNoTime; // the position's (or the deadline's) time
    QString text;
    QString geofence; // empty when the rule has none
    double latitude = 0.0;
    double longitude = 0.0;
    bool hasPosition = false;
    QString acknowledgedBy; // empty: not acknowledged
    TimeMs acknowledgedAt = kNoTime;
    QString note;
    QStringList targets; // the rule's --notify targets (not in the JSON)

    QString key() const;
    // {"id":N,"rule":...,"type":...,"uniqueId":...,"time":...,"text":...,"geofence":...,
    //  "position":{"lat":..,"lon":..},"acknowledgedBy":null} (+ acknowledgedAt and note when
    // acknowledged).
    QJsonObject toJson() const;
};

} // namespace fw
