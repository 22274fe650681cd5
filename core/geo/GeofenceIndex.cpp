#include "GeofenceIndex.h"

#include "GeoLog.h"

#include <algorithm>
#include <cstdint>

namespace fw {

GeofenceIndex::GeofenceIndex()
    : m_geos(std::make_unique<GeosContext>())
    , m_tree(m_geos->tree())
{
}

GeofenceIndex::~GeofenceIndex()
{
    // The tree and the geometries go before the context they were made with.
    m_tree.reset();
    m_boxes.clear();
    m_shapes.clear();
}

void GeofenceIndex::rebuild(const QList<Geofence> &geofences, QStringList *errors)
{
    m_tree.reset();
    m_boxes.clear();
    m_shapes.clear();
    m_fences.clear();
    m_byName.clear();
    m_tree = m_geos->tree();
    m_fences.reserve(static_cast<std::size_t>(geofences.size()));
    m_shapes.reserve(static_cast<std::size_t>(geofences.size()));
    for (const Geofence &fence : geofences) {
        QString error;
        std::optional<GeofenceShape> shape = GeofenceShape::build(*m_geos, fence, &error);
        if (!shape) {
            qCWarning(lcGeo) << "geofence left out:" << error;
            if (errors)
                errors->append(error);
            continue;
        }
        const auto index = static_cast<std::uintptr_t>(m_fences.size());
        for (const GeoBox &b : shape->boxes()) {
            GeosContext::Geometry box = m_geos->rectangle(b.minLon, b.minLat, b.maxLon, b.maxLat);
            if (!box)
                continue;
            // Items are index + 1 so that no item is a null pointer.
            GEOSSTRtree_insert_r(m_geos->handle(), m_tree.get(), box.get(),
                                 reinterpret_cast<void *>(index + 1));
            m_boxes.push_back(std::move(box));
        }
        m_byName.insert(fence.name, static_cast<int>(index));
        m_fences.push_back(fence);
        m_shapes.push_back(std::move(*shape));
    }
    qCDebug(lcGeo) << "geofence index:" << m_fences.size() << "geofences";
}

void GeofenceIndex::containing(const GeoPoint &p, std::vector<int> &out) const
{
    out.clear();
    if (m_fences.empty())
        return;
    const GeosContext::Geometry point = m_geos->point(normalizedLongitude(p.lon), p.lat);
    if (!point)
        return;
    GEOSSTRtree_query_r(
        m_geos->handle(), m_tree.get(), point.get(),
        [](void *item, void *userdata) {
            static_cast<std::vector<int> *>(userdata)->push_back(
                static_cast<int>(reinterpret_cast<std::uintptr_t>(item) - 1));
        },
        &out);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    out.erase(std::remove_if(out.begin(), out.end(),
                             [&](int i) {
                                 return !m_shapes[static_cast<std::size_t>(i)].contains(*m_geos, p);
                             }),
              out.end());
}

bool GeofenceIndex::contains(int i, const GeoPoint &p) const
{
    return i >= 0 && i < size() && m_shapes[static_cast<std::size_t>(i)].contains(*m_geos, p);
}

QJsonObject GeofenceIndex::geometryOf(const Geofence &fence, QString *error)
{
    const GeosContext geos;
    const std::optional<GeofenceShape> shape = GeofenceShape::build(geos, fence, error);
    return shape ? shape->geoJson() : QJsonObject();
}

} // namespace fw
