#pragma once
// GeofenceShape: one geofence made testable: its local metric projection, its GEOS geometry in
// that plane (polygon with holes, or the corridor's route buffered by half its width) prepared
// for repeated point tests, and its longitude/latitude boxes for the index (split in two where
// it crosses the antimeridian, widened to every longitude where it reaches a pole). Circles are
// tested by great-circle distance, which is exact everywhere. Built and used with the
// GeosContext that owns its geometry.

#include "Geofence.h"
#include "GeosContext.h"

#include <QJsonObject>

#include <optional>
#include <vector>

namespace fw {

struct GeoBox
{
    double minLon = 0.0;
    double minLat = 0.0;
    double maxLon = 0.0;
    double maxLat = 0.0;
};

class GeofenceShape
{
public:
    // nullopt with a readable *error when the geofence cannot be built (a polygon crossing
    // itself, a shape wider than a hemisphere, ...).
    static std::optional<GeofenceShape> build(const GeosContext &geos, const Geofence &fence,
                                              QString *error);

    bool contains(const GeosContext &geos, const GeoPoint &p) const;
    const std::vector<GeoBox> &boxes() const { return m_boxes; }
    // The area as a GeoJSON geometry: a Polygon (circles and corridors as their outline).
    QJsonObject geoJson() const { return m_geoJson; }

private:
    GeofenceShape(GeofenceKind kind, const LocalProjection &projection,
                  GeosContext::Geometry geometry);
    void computeBoxes(const GeosContext &geos, const std::vector<GeoPoint> &outline);

    GeofenceKind m_kind;
    LocalProjection m_projection;
    double m_radiusM = 0.0; // circle radius, or the farthest outline point from the centre
    GeosContext::Geometry m_geometry;
    GeosContext::Prepared m_prepared;
    std::vector<GeoBox> m_boxes;
    QJsonObject m_geoJson;
};

} // namespace fw
