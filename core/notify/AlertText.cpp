#include "AlertText.h"

#include "NotifyTr.h"

#include <QLocale>
#include <QStringList>

namespace fw {

namespace {
QString coordinate(double value)
{
    return QLocale::c().toString(value, 'f', 6);
}
} // namespace

QString AlertText::typeTitle(const QString &type)
{
    if (type == QLatin1String("geofence-enter"))
        return NotifyTr::tr("Geofence entered");
    if (type == QLatin1String("geofence-exit"))
        return NotifyTr::tr("Geofence left");
    if (type == QLatin1String("overspeed"))
        return NotifyTr::tr("Overspeed");
    if (type == QLatin1String("offline"))
        return NotifyTr::tr("Offline");
    if (type == QLatin1String("status"))
        return NotifyTr::tr("Status changed");
    if (type == QLatin1String("alarm"))
        return NotifyTr::tr("Alarm");
    if (type == QLatin1String("ignition-on"))
        return NotifyTr::tr("Ignition on");
    if (type == QLatin1String("ignition-off"))
        return NotifyTr::tr("Ignition off");
    if (type == QLatin1String("idle"))
        return NotifyTr::tr("Idle");
    if (type == QLatin1String("low-battery"))
        return NotifyTr::tr("Low battery");
    if (type == QLatin1String("maintenance"))
        return NotifyTr::tr("Maintenance due");
    return type;
}

QString AlertText::subject(const QJsonObject &alert)
{
    const QString device = alert.value(QLatin1String("uniqueId")).toString();
    const QString title = typeTitle(alert.value(QLatin1String("type")).toString());
    const QString geofence = alert.value(QLatin1String("geofence")).toString();
    if (geofence.isEmpty())
        //: Mail subject: %1 is the device's unique id, %2 what happened ("Overspeed").
        return NotifyTr::tr("[FleetWatch] %1: %2").arg(device, title);
    //: Mail subject: %1 device, %2 what happened, %3 the geofence's name.
    return NotifyTr::tr("[FleetWatch] %1: %2 (%3)").arg(device, title, geofence);
}

QString AlertText::body(const QJsonObject &alert)
{
    const QString device = alert.value(QLatin1String("uniqueId")).toString();
    const QString type = alert.value(QLatin1String("type")).toString();
    const QString text = alert.value(QLatin1String("text")).toString();
    const QString rule = alert.value(QLatin1String("rule")).toString();
    const QString geofence = alert.value(QLatin1String("geofence")).toString();
    const QString time = alert.value(QLatin1String("time")).toString();
    const QJsonObject position = alert.value(QLatin1String("position")).toObject();

    QStringList lines;
    lines << NotifyTr::tr("FleetWatch raised an alert for device %1.").arg(device) << QString();
    lines << NotifyTr::tr("What happened: %1").arg(text.isEmpty() ? typeTitle(type) : text);
    if (!rule.isEmpty())
        lines << NotifyTr::tr("Rule: %1 (%2)").arg(rule, typeTitle(type));
    if (!geofence.isEmpty())
        lines << NotifyTr::tr("Geofence: %1").arg(geofence);
    if (!time.isEmpty())
        //: The time the device reported the position, as sent by the node (ISO 8601, UTC).
        lines << NotifyTr::tr("Time of the position: %1").arg(time);
    if (position.contains(QLatin1String("lat")) && position.contains(QLatin1String("lon"))) {
        const QString lat = coordinate(position.value(QLatin1String("lat")).toDouble());
        const QString lon = coordinate(position.value(QLatin1String("lon")).toDouble());
        lines << NotifyTr::tr("Position: %1, %2").arg(lat, lon);
        const QString map
            = QStringLiteral("https://www.openstreetmap.org/?mlat=%1&mlon=%2#map=16/%1/%2");
        lines << NotifyTr::tr("On a map: %1").arg(map.arg(lat, lon));
    }
    if (alert.contains(QLatin1String("id")))
        lines << NotifyTr::tr("Alert number: %1")
                     .arg(QString::number(alert.value(QLatin1String("id")).toInteger()));
    lines << QString();
    lines << NotifyTr::tr("Open FleetWatch to see the device on the map and to acknowledge the "
                          "alert.");
    lines << NotifyTr::tr("This message was sent automatically; replies are not read.");
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace fw
