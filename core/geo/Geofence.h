#pragma once
// Geofence: an area a rule watches: a circle (centre and radius), a polygon (outer ring and
// holes) or a corridor (a route with a width). A plain value type in degrees and metres, as the
// operator gave it; GeofenceShape turns it into tested geometry. Stored as one row whose
// `definition` is definitionJson().

#include "LocalProjection.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace fw {

enum class GeofenceKind { Circle, Polygon, Corridor };

struct Geofence
{
    qint64 id = 0; // database row id, 0 before it is stored
    QString name;
    GeofenceKind kind = GeofenceKind::Polygon;
    QList<GeoPoint> points; // circle: the centre; polygon: outer ring; corridor: the route
    QList<QList<GeoPoint>> holes; // polygon only
    double radiusM = 0.0; // circle
    double widthM = 0.0; // corridor: full width (the route is buffered by half of it)
    double speedLimitKph = 0.0; // 0 = none
    QString group; // empty (and no devices): every device
    QStringList devices; // these devices only (kept in the definition); excludes a group

    static QString kindId(GeofenceKind kind); // "circle", "polygon", "corridor"
    static std::optional<GeofenceKind> kindFromId(const QString &id);

    // Whether rules watch this geofence for a device of this group.
    bool appliesTo(const QString &uniqueId, const QString &deviceGroup) const;

    // A readable reason when the definition cannot be a geofence, empty when it can.
    QString validate() const;

    // What the database keeps of the shape: {"points":[[lat,lon],...],"holes":[...],
    // "radius":M,"width":M,"devices":[...]}.
    QJsonObject definitionJson() const;
    bool setDefinition(const QJsonObject &definition);

    // Parses "LAT LON, LAT LON, ..." (the CLI's --polygon/--corridor). nullopt on bad text.
    static std::optional<QList<GeoPoint>> parsePointList(const QString &text);
};

} // namespace fw
