#include "TrackDecimator.h"

#include <algorithm>

namespace fw {

TrackDecimator::TrackDecimator(qsizetype capacity)
    : m_capacity(std::max<qsizetype>(2, capacity))
{ }

void TrackDecimator::add(const Position &position)
{
    if (!position.hasCoordinates())
        return;
    m_lastKept = m_seen % m_stride == 0;
    if (m_lastKept) {
        m_kept.append(position);
        if (m_kept.size() >= 2 * m_capacity) {
            // Keep every second one (the first stays) and take every 2n-th from now on.
            if ((m_kept.size() - 1) % 2 != 0) { // the one just added goes: remember it as last
                m_last = position;
                m_lastKept = false;
            }
            qsizetype out = 0;
            for (qsizetype i = 0; i < m_kept.size(); i += 2)
                m_kept[out++] = std::move(m_kept[i]);
            m_kept.resize(out);
            m_stride *= 2;
        }
    } else {
        m_last = position;
    }
    ++m_seen;
}

QList<Position> TrackDecimator::take()
{
    if (!m_lastKept && m_seen > 0)
        m_kept.append(m_last);
    m_lastKept = true;
    m_seen = 0;
    m_stride = 1;
    return std::exchange(m_kept, {});
}

} // namespace fw
