#pragma once
// GeofenceIndex: every geofence of the fleet, built once (GEOS prepared geometries) and put in
// a GEOS STRtree by longitude/latitude box, so finding the geofences around a position costs a
// tree lookup and an exact test of the few candidates, however many geofences there are. Owns
// its GEOS context: use an index from one thread at a time (the rule engine's).

#include "Geofence.h"
#include "GeofenceShape.h"
#include "GeosContext.h"

#include <QHash>
#include <QStringList>

#include <memory>
#include <vector>

namespace fw {

class GeofenceIndex
{
public:
    GeofenceIndex();
    ~GeofenceIndex();
    GeofenceIndex(const GeofenceIndex &) = delete;
    GeofenceIndex &operator=(const GeofenceIndex &) = delete;

    // Replaces the contents. A geofence that cannot be built is left out, with its reason
    // appended to *errors.
    void rebuild(const QList<Geofence> &geofences, QStringList *errors = nullptr);

    int size() const { return static_cast<int>(m_fences.size()); }
    const Geofence &geofence(int i) const { return m_fences[static_cast<std::size_t>(i)]; }
    int indexOf(const QString &name) const { return m_byName.value(name, -1); }

    // Indices of the geofences that contain p, ascending (out is cleared first).
    void containing(const GeoPoint &p, std::vector<int> &out) const;
    bool contains(int i, const GeoPoint &p) const;
    QJsonObject geoJson(int i) const { return m_shapes[static_cast<std::size_t>(i)].geoJson(); }

    // The GeoJSON geometry of one geofence, or an empty object with *error.
    static QJsonObject geometryOf(const Geofence &fence, QString *error = nullptr);

private:
    std::unique_ptr<GeosContext> m_geos; // first: everything below holds its handle
    std::vector<Geofence> m_fences;
    std::vector<GeofenceShape> m_shapes;
    std::vector<GeosContext::Geometry> m_boxes; // envelopes inserted in the tree
    GeosContext::Tree m_tree;
    QHash<QString, int> m_byName;
};

} // namespace fw
