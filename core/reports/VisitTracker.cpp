#include "VisitTracker.h"

#include "geo/GeofenceIndex.h"

#include <algorithm>

namespace fw {

VisitTracker::VisitTracker(const QString &uniqueId, const GeofenceIndex &index,
                           std::vector<bool> applies, TimeMs exitDwell)
    : m_uniqueId(uniqueId)
    , m_index(index)
    , m_applies(std::move(applies))
    , m_exitDwell(exitDwell)
    , m_open(static_cast<std::size_t>(index.size()))
{
    m_applies.resize(m_open.size(), false);
}

void VisitTracker::add(TimeMs time, double lat, double lon)
{
    if (time == kNoTime || (m_last != kNoTime && time < m_last))
        return;
    m_last = time;
    m_index.containing(GeoPoint { lat, lon }, m_inside);
    auto inside = m_inside.cbegin();
    for (std::size_t i = 0; i < m_open.size(); ++i) {
        while (inside != m_inside.cend() && std::size_t(*inside) < i)
            ++inside;
        const bool in = inside != m_inside.cend() && std::size_t(*inside) == i;
        Open &open = m_open[i];
        if (!m_applies[i])
            continue;
        if (in) {
            if (open.visit < 0) {
                VisitRecord v;
                v.uniqueId = m_uniqueId;
                v.geofence = m_index.geofence(int(i)).name;
                v.enter = time;
                open.visit = m_visits.size();
                m_visits << v;
            }
            open.leftAt = kNoTime; // back inside before the dwell: the same visit goes on
        } else if (open.visit >= 0) {
            if (open.leftAt == kNoTime)
                open.leftAt = time;
            if (time - open.leftAt >= m_exitDwell) {
                m_visits[open.visit].exit = open.leftAt;
                open = Open();
            }
        }
    }
}

void VisitTracker::finish()
{
    for (Open &open : m_open) {
        if (open.visit >= 0 && open.leftAt != kNoTime)
            m_visits[open.visit].exit = open.leftAt;
        open = Open();
    }
}

} // namespace fw
