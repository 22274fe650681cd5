#include "GeosContext.h"

#include "GeoLog.h"

namespace fw {

GeosContext::GeosContext()
    : m_handle(GEOS_init_r())
{
    GEOSContext_setErrorMessageHandler_r(m_handle, &GeosContext::onError, this);
    GEOSContext_setNoticeMessageHandler_r(m_handle, nullptr, nullptr);
}

GeosContext::~GeosContext()
{
    GEOS_finish_r(m_handle);
}

void GeosContext::onError(const char *message, void *userdata)
{
    auto *self = static_cast<GeosContext *>(userdata);
    self->m_lastError = QString::fromUtf8(message);
    qCDebug(lcGeo) << "GEOS:" << self->m_lastError;
}

void GeosContext::GeometryDeleter::operator()(GEOSGeometry *g) const
{
    GEOSGeom_destroy_r(handle, g);
}

void GeosContext::PreparedDeleter::operator()(const GEOSPreparedGeometry *g) const
{
    GEOSPreparedGeom_destroy_r(handle, g);
}

void GeosContext::TreeDeleter::operator()(GEOSSTRtree *t) const
{
    GEOSSTRtree_destroy_r(handle, t);
}

GEOSCoordSequence *GeosContext::sequence(const std::vector<PlanePoint> &points, bool close) const
{
    std::vector<double> xy;
    xy.reserve(points.size() * 2 + 2);
    for (const PlanePoint &p : points) {
        xy.push_back(p.x);
        xy.push_back(p.y);
    }
    if (close && !points.empty()
        && (points.front().x != points.back().x || points.front().y != points.back().y)) {
        xy.push_back(points.front().x);
        xy.push_back(points.front().y);
    }
    return GEOSCoordSeq_copyFromBuffer_r(m_handle, xy.data(),
                                         static_cast<unsigned>(xy.size() / 2), 0, 0);
}

GeosContext::Geometry GeosContext::polygon(const std::vector<PlanePoint> &shell,
                                           const std::vector<std::vector<PlanePoint>> &holes) const
{
    if (shell.size() < 3)
        return Geometry(nullptr, { m_handle });
    GEOSGeometry *outer = GEOSGeom_createLinearRing_r(m_handle, sequence(shell, true));
    if (!outer)
        return Geometry(nullptr, { m_handle });
    std::vector<GEOSGeometry *> inner;
    for (const auto &h : holes) {
        if (h.size() < 3)
            continue;
        if (GEOSGeometry *ring = GEOSGeom_createLinearRing_r(m_handle, sequence(h, true)))
            inner.push_back(ring);
    }
    // The polygon takes ownership of the rings.
    return Geometry(GEOSGeom_createPolygon_r(m_handle, outer, inner.data(),
                                             static_cast<unsigned>(inner.size())),
                    { m_handle });
}

GeosContext::Geometry GeosContext::lineString(const std::vector<PlanePoint> &points) const
{
    if (points.size() < 2)
        return Geometry(nullptr, { m_handle });
    return Geometry(GEOSGeom_createLineString_r(m_handle, sequence(points, false)), { m_handle });
}

GeosContext::Geometry GeosContext::point(double x, double y) const
{
    return Geometry(GEOSGeom_createPointFromXY_r(m_handle, x, y), { m_handle });
}

GeosContext::Geometry GeosContext::rectangle(double xMin, double yMin, double xMax,
                                             double yMax) const
{
    return Geometry(GEOSGeom_createRectangle_r(m_handle, xMin, yMin, xMax, yMax), { m_handle });
}

GeosContext::Geometry GeosContext::buffer(const GEOSGeometry *g, double distance) const
{
    return Geometry(GEOSBuffer_r(m_handle, g, distance, 8), { m_handle });
}

GeosContext::Prepared GeosContext::prepare(const GEOSGeometry *g) const
{
    return Prepared(GEOSPrepare_r(m_handle, g), { m_handle });
}

GeosContext::Tree GeosContext::tree() const
{
    return Tree(GEOSSTRtree_create_r(m_handle, 10), { m_handle });
}

QString GeosContext::invalidReason(const GEOSGeometry *g) const
{
    if (GEOSisValid_r(m_handle, g) == 1)
        return {};
    char *reason = GEOSisValidReason_r(m_handle, g);
    const QString text = reason ? QString::fromUtf8(reason) : QStringLiteral("invalid");
    GEOSFree_r(m_handle, reason);
    return text;
}

std::vector<PlanePoint> GeosContext::exteriorRing(const GEOSGeometry *polygon) const
{
    std::vector<PlanePoint> out;
    const GEOSGeometry *ring = GEOSGetExteriorRing_r(m_handle, polygon);
    if (!ring)
        return out;
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(m_handle, ring);
    unsigned size = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(m_handle, seq, &size))
        return out;
    out.resize(size);
    std::vector<double> xy(size * 2);
    GEOSCoordSeq_copyToBuffer_r(m_handle, seq, xy.data(), 0, 0);
    for (unsigned i = 0; i < size; ++i)
        out[i] = { xy[2 * i], xy[2 * i + 1] };
    return out;
}

} // namespace fw
