#include "Alert.h"

namespace fw {

QString Alert::key() const
{
    return rule + QLatin1Char('|') + uniqueId + QLatin1Char('|') + QString::number(time)
        + QLatin1Char('|') + geofence;
}

QJsonObject Alert::toJson() const
{
    QJsonObject o { { QStringLiteral("id"), id },
                    { QStringLiteral("rule"), rule },
                    { QStringLiteral("type"), type },
                    { QStringLiteral("uniqueId"), uniqueId },
                    { QStringLiteral("time"), toIso(time) },
                    { QStringLiteral("text"), text },
                    { QStringLiteral("geofence"),
                      geofence.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(geofence) },
                    { QStringLiteral("position"),
                      hasPosition ? QJsonValue(QJsonObject { { QStringLiteral("lat"), latitude },
                                                             { QStringLiteral("lon"), longitude } })
                                  : QJsonValue(QJsonValue::Null) },
                    { QStringLiteral("acknowledgedBy"),
                      acknowledgedBy.isEmpty() ? QJsonValue(QJsonValue::Null)
                                               : QJsonValue(acknowledgedBy) } };
    if (!acknowledgedBy.isEmpty()) {
        o.insert(QStringLiteral("acknowledgedAt"), toIso(acknowledgedAt));
        o.insert(QStringLiteral("note"), note);
    }
    return o;
}

} // namespace fw
