#pragma once
// HistorySource: what the window needs from storage about one device (recent events, recent
// track), behind an interface so the window never holds a database connection of its own and
// tests can answer from memory. Calls may run on worker threads.

#include "domain/DeviceEvent.h"
#include "domain/Position.h"

#include <QList>

namespace fw {

class HistorySource
{
public:
    virtual ~HistorySource() = default;
    // Newest `limit` events from `from` on, oldest first.
    virtual QList<DeviceEvent> events(const QString &uniqueId, TimeMs from, int limit) const = 0;
    // Positions between from and to, oldest first, at most `limit` (the newest are kept).
    virtual QList<Position> track(const QString &uniqueId, TimeMs from, TimeMs to,
                                  int limit) const = 0;
};

} // namespace fw
