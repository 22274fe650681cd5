#pragma once
// ServerClock: this computer's clock corrected to the database server's. A reader of a shared
// database (a connected window, `fleetwatch watch`) computes statuses with the same rules as
// the node, and the node's times are server times; with a desktop clock minutes off, statuses
// would disagree. The offset is measured at each (re)connection and catch-up.

#include "util/Clock.h"

#include <atomic>

namespace fw {

class ServerClock final : public Clock
{
    Q_OBJECT
public:
    using Clock::Clock;
    TimeMs now() const override;
    // `serverNow` read from the server at local time `localNow` (both ms since the epoch).
    // A change of more than kJitterMs is a step: deadlines are checked again (advanced()).
    void synchronize(TimeMs serverNow, TimeMs localNow);
    TimeMs offset() const { return m_offset.load(std::memory_order_relaxed); }

    static constexpr TimeMs kJitterMs = 250;

private:
    std::atomic<TimeMs> m_offset { 0 };
};

} // namespace fw
