#pragma once
// VisitTracker: one device's positions, in device-time order, turned into geofence visits (an
// enter and the exit after it). GPS jitter at a boundary would otherwise cut one stay into many:
// a device counts as gone only after it has stayed outside for the exit dwell (or when the data
// ends outside); coming back sooner continues the same visit. The exit time is the first
// position outside. Which geofences apply is the caller's choice (a geofence assigned to a group
// applies only to that group's devices).

#include "ReportRecords.h"

#include <vector>

namespace fw {

class GeofenceIndex;

class VisitTracker
{
public:
    static constexpr TimeMs kDefaultExitDwell = 60 * kSecond;

    // `applies[i]` says whether geofence i of the index is watched for this device.
    VisitTracker(const QString &uniqueId, const GeofenceIndex &index, std::vector<bool> applies,
                 TimeMs exitDwell = kDefaultExitDwell);

    void add(TimeMs time, double lat, double lon); // in device-time order; older ones are skipped
    void finish(); // confirms pending exits; a device still inside keeps an open visit
    const QList<VisitRecord> &visits() const { return m_visits; }

private:
    struct Open
    {
        qsizetype visit = -1; // index in m_visits, -1 when outside
        TimeMs leftAt = kNoTime; // first position outside while a visit is open
    };

    QString m_uniqueId;
    const GeofenceIndex &m_index;
    std::vector<bool> m_applies;
    TimeMs m_exitDwell;
    TimeMs m_last = kNoTime;
    std::vector<Open> m_open; // per geofence of the index
    std::vector<int> m_inside; // scratch: geofences containing the current position
    QList<VisitRecord> m_visits;
};

} // namespace fw
