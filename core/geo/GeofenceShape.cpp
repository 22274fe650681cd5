#include "GeofenceShape.h"

#include "GeoTr.h"

#include <QJsonArray>

#include <cmath>
#include <numbers>

namespace fw {

namespace {
constexpr int kCircleSegments = 64;
constexpr double kBoxMarginDeg = 1e-4; // ~11 m: the exact test decides, the box only filters
constexpr double kMaxExtentM = 9'000'000; // beyond this a local projection distorts too much

double round7(double v)
{
    return std::round(v * 1e7) / 1e7;
}

QJsonArray ringJson(const std::vector<GeoPoint> &ring)
{
    QJsonArray a;
    for (const GeoPoint &p : ring)
        a.append(QJsonArray { round7(p.lon), round7(p.lat) });
    if (!ring.empty()
        && (ring.front().lat != ring.back().lat || ring.front().lon != ring.back().lon))
        a.append(QJsonArray { round7(ring.front().lon), round7(ring.front().lat) });
    return a;
}

std::vector<GeoPoint> toVector(const QList<GeoPoint> &list)
{
    return { list.cbegin(), list.cend() };
}

std::vector<PlanePoint> project(const LocalProjection &proj, const QList<GeoPoint> &points)
{
    std::vector<PlanePoint> out;
    out.reserve(static_cast<std::size_t>(points.size()));
    for (const GeoPoint &p : points)
        out.push_back(proj.forward(p));
    return out;
}
} // namespace

GeofenceShape::GeofenceShape(GeofenceKind kind, const LocalProjection &projection,
                             GeosContext::Geometry geometry)
    : m_kind(kind)
    , m_projection(projection)
    , m_geometry(std::move(geometry))
{
}

std::optional<GeofenceShape> GeofenceShape::build(const GeosContext &geos, const Geofence &fence,
                                                  QString *error)
{
    const auto fail = [&](const QString &why) -> std::optional<GeofenceShape> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (const QString why = fence.validate(); !why.isEmpty())
        return fail(why);

    if (fence.kind == GeofenceKind::Circle) {
        const LocalProjection proj(fence.points.constFirst());
        GeofenceShape shape(fence.kind, proj, GeosContext::Geometry(nullptr, { geos.handle() }));
        shape.m_radiusM = fence.radiusM;
        std::vector<GeoPoint> outline;
        for (int i = 0; i < kCircleSegments; ++i) {
            const double a = 2 * std::numbers::pi * i / kCircleSegments;
            outline.push_back(proj.inverse({ fence.radiusM * std::sin(a),
                                             fence.radiusM * std::cos(a) }));
        }
        shape.m_geoJson = QJsonObject { { QStringLiteral("type"), QStringLiteral("Polygon") },
                                        { QStringLiteral("coordinates"),
                                          QJsonArray { ringJson(outline) } } };
        shape.computeBoxes(geos, outline);
        return shape;
    }

    const LocalProjection proj(LocalProjection::centreOf(
        fence.points.constData(), static_cast<int>(fence.points.size())));
    GeosContext::Geometry geometry(nullptr, { geos.handle() });
    if (fence.kind == GeofenceKind::Polygon) {
        std::vector<std::vector<PlanePoint>> holes;
        for (const auto &h : fence.holes)
            holes.push_back(project(proj, h));
        geometry = geos.polygon(project(proj, fence.points), holes);
        if (!geometry)
            return fail(GeoTr::tr("%1: not a polygon (%2)").arg(fence.name, geos.lastError()));
        if (const QString why = geos.invalidReason(geometry.get()); !why.isEmpty())
            return fail(GeoTr::tr("%1: the polygon is not valid: %2").arg(fence.name, why));
    } else {
        const auto line = geos.lineString(project(proj, fence.points));
        if (!line)
            return fail(GeoTr::tr("%1: not a route (%2)").arg(fence.name, geos.lastError()));
        geometry = geos.buffer(line.get(), fence.widthM / 2);
        if (!geometry)
            return fail(GeoTr::tr("%1: cannot widen the route (%2)")
                            .arg(fence.name, geos.lastError()));
    }
    GeofenceShape shape(fence.kind, proj, std::move(geometry));
    const std::vector<PlanePoint> ring = geos.exteriorRing(shape.m_geometry.get());
    // Outline in degrees, densified so the boxes also hold edges that bow towards a pole.
    std::vector<GeoPoint> outline;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        const PlanePoint a = ring[i], b = ring[i + 1];
        shape.m_radiusM = std::max(shape.m_radiusM, std::hypot(a.x, a.y));
        for (int k = 0; k < 4; ++k) {
            const double f = k / 4.0;
            outline.push_back(proj.inverse({ a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f }));
        }
    }
    if (shape.m_radiusM > kMaxExtentM)
        return fail(GeoTr::tr("%1: the area is too large (more than %2 km across)")
                        .arg(fence.name)
                        .arg(kMaxExtentM / 1000));
    shape.m_prepared = geos.prepare(shape.m_geometry.get());
    if (fence.kind == GeofenceKind::Polygon) {
        QJsonArray rings { ringJson(toVector(fence.points)) };
        for (const auto &h : fence.holes)
            rings.append(ringJson(toVector(h)));
        shape.m_geoJson = QJsonObject { { QStringLiteral("type"), QStringLiteral("Polygon") },
                                        { QStringLiteral("coordinates"), rings } };
    } else {
        std::vector<GeoPoint> corridorRing;
        for (const PlanePoint &p : ring)
            corridorRing.push_back(proj.inverse(p));
        shape.m_geoJson = QJsonObject { { QStringLiteral("type"), QStringLiteral("Polygon") },
                                        { QStringLiteral("coordinates"),
                                          QJsonArray { ringJson(corridorRing) } } };
    }
    shape.computeBoxes(geos, outline);
    return shape;
}

void GeofenceShape::computeBoxes(const GeosContext &geos, const std::vector<GeoPoint> &outline)
{
    const GeoPoint c = m_projection.centre();
    double minLat = 90, maxLat = -90, minLon = 1e9, maxLon = -1e9;
    for (const GeoPoint &p : outline) {
        const double lon = c.lon + normalizedLongitude(p.lon - c.lon); // unwrapped around c
        minLat = std::min(minLat, p.lat);
        maxLat = std::max(maxLat, p.lat);
        minLon = std::min(minLon, lon);
        maxLon = std::max(maxLon, lon);
    }
    minLat -= kBoxMarginDeg;
    maxLat += kBoxMarginDeg;
    minLon -= kBoxMarginDeg;
    maxLon += kBoxMarginDeg;
    const bool north = contains(geos, { 90.0, 0.0 });
    const bool south = contains(geos, { -90.0, 0.0 });
    if (north || south || maxLat >= 89.9 || minLat <= -89.9) {
        // Around (or at) a pole every longitude is near.
        m_boxes = { { -180.0, south ? -90.0 : std::max(-90.0, minLat), 180.0,
                      north ? 90.0 : std::min(90.0, maxLat) } };
        return;
    }
    if (minLon < -180.0) {
        m_boxes = { { minLon + 360.0, minLat, 180.0, maxLat },
                    { -180.0, minLat, std::min(maxLon, 180.0), maxLat } };
    } else if (maxLon > 180.0) {
        m_boxes = { { minLon, minLat, 180.0, maxLat },
                    { -180.0, minLat, maxLon - 360.0, maxLat } };
    } else {
        m_boxes = { { minLon, minLat, maxLon, maxLat } };
    }
}

bool GeofenceShape::contains(const GeosContext &geos, const GeoPoint &p) const
{
    if (m_kind == GeofenceKind::Circle)
        return greatCircleMetres(m_projection.centre(), p) <= m_radiusM;
    if (greatCircleMetres(m_projection.centre(), p) > m_radiusM + 1.0)
        return false;
    const PlanePoint xy = m_projection.forward(p);
    const GeosContext::Geometry point = geos.point(xy.x, xy.y);
    return point && GEOSPreparedIntersects_r(geos.handle(), m_prepared.get(), point.get()) == 1;
}

} // namespace fw
