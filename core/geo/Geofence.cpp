#include "Geofence.h"

#include "GeoTr.h"

#include <QJsonArray>

#include <cmath>

namespace fw {

namespace {
bool validPoint(const GeoPoint &p)
{
    return std::isfinite(p.lat) && std::isfinite(p.lon) && p.lat >= -90.0 && p.lat <= 90.0
        && p.lon >= -180.0 && p.lon <= 180.0;
}

QJsonArray pointsJson(const QList<GeoPoint> &points)
{
    QJsonArray a;
    for (const GeoPoint &p : points)
        a.append(QJsonArray { p.lat, p.lon });
    return a;
}

std::optional<QList<GeoPoint>> pointsFrom(const QJsonArray &a)
{
    QList<GeoPoint> out;
    for (const QJsonValue &v : a) {
        const QJsonArray pair = v.toArray();
        if (pair.size() < 2 || !pair.at(0).isDouble() || !pair.at(1).isDouble())
            return std::nullopt;
        out.append({ pair.at(0).toDouble(), pair.at(1).toDouble() });
    }
    return out;
}

// Drops a closing point that repeats the first one.
int distinctRingSize(const QList<GeoPoint> &ring)
{
    qsizetype n = ring.size();
    if (n > 1 && ring.first().lat == ring.last().lat && ring.first().lon == ring.last().lon)
        --n;
    return static_cast<int>(n);
}
} // namespace

QString Geofence::kindId(GeofenceKind kind)
{
    switch (kind) {
    case GeofenceKind::Circle:
        return QStringLiteral("circle");
    case GeofenceKind::Polygon:
        return QStringLiteral("polygon");
    case GeofenceKind::Corridor:
        return QStringLiteral("corridor");
    }
    return QStringLiteral("polygon");
}

std::optional<GeofenceKind> Geofence::kindFromId(const QString &id)
{
    if (id == u"circle")
        return GeofenceKind::Circle;
    if (id == u"polygon")
        return GeofenceKind::Polygon;
    if (id == u"corridor")
        return GeofenceKind::Corridor;
    return std::nullopt;
}

QString Geofence::validate() const
{
    if (name.trimmed().isEmpty())
        return GeoTr::tr("a geofence needs a name");
    for (const GeoPoint &p : points) {
        if (!validPoint(p))
            return GeoTr::tr("%1: %2,%3 is not a latitude,longitude")
                .arg(name)
                .arg(p.lat)
                .arg(p.lon);
    }
    if (!std::isfinite(speedLimitKph) || speedLimitKph < 0)
        return GeoTr::tr("%1: the speed limit must be a positive number").arg(name);
    if (!group.isEmpty() && !devices.isEmpty())
        return GeoTr::tr("%1: a geofence applies to a group or to devices, not both").arg(name);
    switch (kind) {
    case GeofenceKind::Circle:
        if (points.size() != 1)
            return GeoTr::tr("%1: a circle needs one centre").arg(name);
        if (!std::isfinite(radiusM) || radiusM <= 0 || radiusM > 5'000'000)
            return GeoTr::tr("%1: the radius must be between 0 and 5000 km").arg(name);
        break;
    case GeofenceKind::Polygon:
        if (distinctRingSize(points) < 3)
            return GeoTr::tr("%1: a polygon needs at least three points").arg(name);
        for (const auto &h : holes) {
            if (distinctRingSize(h) < 3)
                return GeoTr::tr("%1: a hole needs at least three points").arg(name);
            for (const GeoPoint &p : h) {
                if (!validPoint(p))
                    return GeoTr::tr("%1: %2,%3 is not a latitude,longitude")
                        .arg(name)
                        .arg(p.lat)
                        .arg(p.lon);
            }
        }
        break;
    case GeofenceKind::Corridor:
        if (points.size() < 2)
            return GeoTr::tr("%1: a corridor needs at least two points").arg(name);
        if (!std::isfinite(widthM) || widthM <= 0 || widthM > 200'000)
            return GeoTr::tr("%1: the corridor width must be between 0 and 200 km").arg(name);
        break;
    }
    return {};
}

QJsonObject Geofence::definitionJson() const
{
    QJsonObject o { { QStringLiteral("points"), pointsJson(points) } };
    if (!holes.isEmpty()) {
        QJsonArray h;
        for (const auto &ring : holes)
            h.append(pointsJson(ring));
        o.insert(QStringLiteral("holes"), h);
    }
    if (kind == GeofenceKind::Circle)
        o.insert(QStringLiteral("radius"), radiusM);
    if (kind == GeofenceKind::Corridor)
        o.insert(QStringLiteral("width"), widthM);
    if (!devices.isEmpty())
        o.insert(QStringLiteral("devices"), QJsonArray::fromStringList(devices));
    return o;
}

bool Geofence::appliesTo(const QString &uniqueId, const QString &deviceGroup) const
{
    if (!devices.isEmpty())
        return devices.contains(uniqueId);
    return group.isEmpty() || group == deviceGroup;
}

bool Geofence::setDefinition(const QJsonObject &definition)
{
    const auto p = pointsFrom(definition.value(QStringLiteral("points")).toArray());
    if (!p)
        return false;
    points = *p;
    holes.clear();
    for (const QJsonValue &v : definition.value(QStringLiteral("holes")).toArray()) {
        const auto h = pointsFrom(v.toArray());
        if (!h)
            return false;
        holes.append(*h);
    }
    radiusM = definition.value(QStringLiteral("radius")).toDouble();
    widthM = definition.value(QStringLiteral("width")).toDouble();
    devices.clear();
    for (const QJsonValue &v : definition.value(QStringLiteral("devices")).toArray())
        devices.append(v.toString());
    return true;
}

std::optional<QList<GeoPoint>> Geofence::parsePointList(const QString &text)
{
    QList<GeoPoint> out;
    const QStringList pairs = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &pair : pairs) {
        const QStringList parts = pair.simplified().split(QLatin1Char(' '));
        if (parts.size() != 2)
            return std::nullopt;
        bool okLat = false, okLon = false;
        const GeoPoint p { parts.at(0).toDouble(&okLat), parts.at(1).toDouble(&okLon) };
        if (!okLat || !okLon)
            return std::nullopt;
        out.append(p);
    }
    if (out.isEmpty())
        return std::nullopt;
    return out;
}

} // namespace fw
