#pragma once
// AlertText: the words a person reads about an alert (mail subject and body), written from the
// contract's alert object (interfaces.md: id, rule, type, uniqueId, time, text, geofence,
// position). Pure functions through NotifyTr::tr(), so they are translated and testable.

#include <QJsonObject>
#include <QString>

namespace fw {

class AlertText
{
public:
    // "Geofence entered", "Overspeed", ...; an unknown type is shown as it is.
    static QString typeTitle(const QString &type);
    // One line: "[FleetWatch] truck-7: Geofence entered (Depot)".
    static QString subject(const QJsonObject &alert);
    // A few short lines: what happened, device, rule, place and time, and what to do next.
    static QString body(const QJsonObject &alert);
};

} // namespace fw
