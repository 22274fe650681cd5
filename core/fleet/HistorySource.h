#pragma once
// HistorySource: what the window needs from storage about one device (recent events, recent
// track), behind an interface so the window never holds a database connection of its own and
// tests can answer from memory. Calls may run on worker threads.

#include "domain/DeviceEvent.h"
#include "domain/Position.h"

#include <QList>

#include <functional>

namespace fw {

class HistorySource
{
public:
    virtual ~HistorySource() = default;
    // Newest `limit` events from `from` on, oldest first.
    virtual QList<DeviceEvent> events(const QString &uniqueId, TimeMs from, int limit) const = 0;
    // Positions between from and to, oldest first, at most `limit` (the newest are kept).
    virtual QList<Position> track(
        const QString &uniqueId, TimeMs from, TimeMs to, int limit) const = 0;
    // Every device's events between from and to, oldest first, handed to `each` one by one
    // (return false to stop) so a long period is never held in memory. A source without stored
    // events has none.
    using EventVisitor = std::function<bool(const DeviceEvent &)>;
    virtual void forEachFleetEvent(TimeMs from, TimeMs to, const EventVisitor &each) const
    {
        Q_UNUSED(from);
        Q_UNUSED(to);
        Q_UNUSED(each);
    }
};

} // namespace fw
