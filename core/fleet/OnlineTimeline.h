#pragma once
// OnlineTimeline: how many devices were online at each moment of a past period (the dashboard's
// 24-hour line), rebuilt from the stored status changes without knowing any device's state at
// the start: walking back from the number online now, every change into "online" after a moment
// means one fewer then, every change out of it one more. Changes are added as they are read
// (any order), so a long period never holds its events in memory.

#include "status/ConnectionStatus.h"
#include "util/TimeUtil.h"

#include <QList>
#include <vector>

namespace fw {

struct DeviceEvent;

class OnlineTimeline
{
public:
    // `samples` points evenly from `from` to `to` (both included); at least two.
    OnlineTimeline(TimeMs from, TimeMs to, int samples);

    void addChange(TimeMs at, ConnectionStatus from, ConnectionStatus to);
    // A stored status-change event (attributes "from"/"to"); other events are ignored.
    void addEvent(const DeviceEvent &event);

    // The count at each sample time, oldest first, given how many are online now (at `to`).
    QList<int> counts(int onlineNow) const;
    TimeMs sampleTime(int index) const;
    int sampleCount() const { return m_samples; }
    TimeMs from() const { return m_from; }
    TimeMs to() const { return m_to; }

    static bool countsAsOnline(ConnectionStatus status);

private:
    TimeMs m_from;
    TimeMs m_to;
    int m_samples;
    // m_delta[k]: net change into "online" between sample k-1 (excluded) and sample k
    // (included); the last slot holds changes after `to` (a clock ahead of ours).
    std::vector<int> m_delta;
};

} // namespace fw
