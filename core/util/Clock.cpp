#include "Clock.h"

#include <QDateTime>

namespace fw {

TimeMs SystemClock::now() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

ManualClock::ManualClock(TimeMs start, QObject *parent)
    : Clock(parent)
    , m_now(start)
{
}

void ManualClock::setNow(TimeMs t)
{
    m_now = t;
    emit advanced();
}

} // namespace fw
