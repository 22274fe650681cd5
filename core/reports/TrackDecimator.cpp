#include "TrackDecimator.h"

#include "storage/AttributesJson.h"

#include <algorithm>

namespace fw {

TrackDecimator::TrackDecimator(const QString &uniqueId, qsizetype capacity)
    : m_uniqueId(uniqueId)
    , m_capacity(std::max<qsizetype>(2, capacity))
{ }

Position TrackDecimator::toPosition(const TrackSample &sample) const
{
    Position p;
    p.uniqueId = m_uniqueId;
    p.deviceTime = sample.time;
    p.valid = sample.valid;
    p.latitude = sample.latitude;
    p.longitude = sample.longitude;
    p.altitude = sample.altitude;
    p.speedKph = sample.speedKph;
    if (!sample.attributes.isEmpty())
        p.attributes = AttributesJson::readUtf8(sample.attributes.data(), sample.attributes.size());
    return p;
}

void TrackDecimator::add(const TrackSample &sample)
{
    if (!sample.hasCoordinates())
        return;
    m_lastKept = m_seen % m_stride == 0;
    if (m_lastKept) {
        m_kept.append(toPosition(sample));
        if (m_kept.size() >= 2 * m_capacity) {
            // Keep every second one (the first stays) and take every 2n-th from now on; the one
            // just added may go, and is then remembered as the last.
            if ((m_kept.size() - 1) % 2 != 0)
                m_lastKept = false;
            qsizetype out = 0;
            for (qsizetype i = 0; i < m_kept.size(); i += 2)
                m_kept[out++] = std::move(m_kept[i]);
            m_kept.resize(out);
            m_stride *= 2;
        }
    }
    if (!m_lastKept) {
        m_last = sample;
        m_lastAttributes.assign(sample.attributes.data(), size_t(sample.attributes.size()));
        m_last.attributes = QByteArrayView(m_lastAttributes.data(), qsizetype(m_lastAttributes.size()));
    }
    ++m_seen;
}

QList<Position> TrackDecimator::take()
{
    if (!m_lastKept && m_seen > 0)
        m_kept.append(toPosition(m_last));
    m_lastKept = true;
    m_seen = 0;
    m_stride = 1;
    return std::exchange(m_kept, {});
}

} // namespace fw
