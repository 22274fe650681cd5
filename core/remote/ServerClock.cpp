#include "ServerClock.h"

#include <QDateTime>

#include <cstdlib>

namespace fw {

TimeMs ServerClock::now() const
{
    return QDateTime::currentMSecsSinceEpoch() + offset();
}

void ServerClock::synchronize(TimeMs serverNow, TimeMs localNow)
{
    const TimeMs offset = serverNow - localNow;
    const TimeMs previous = m_offset.exchange(offset, std::memory_order_relaxed);
    if (std::llabs(offset - previous) > kJitterMs)
        emit advanced();
}

} // namespace fw
