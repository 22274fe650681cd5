#include "OnlineTimeline.h"

#include "domain/DeviceEvent.h"

#include <algorithm>

namespace fw {

OnlineTimeline::OnlineTimeline(TimeMs from, TimeMs to, int samples)
    : m_from(from)
    , m_to(std::max(to, from + 1))
    , m_samples(std::max(samples, 2))
    , m_delta(std::size_t(m_samples) + 1, 0)
{ }

bool OnlineTimeline::countsAsOnline(ConnectionStatus status)
{
    return statusGroup(status) == StatusGroup::Online;
}

TimeMs OnlineTimeline::sampleTime(int index) const
{
    return m_from + (m_to - m_from) * index / (m_samples - 1);
}

void OnlineTimeline::addChange(TimeMs at, ConnectionStatus from, ConnectionStatus to)
{
    const int delta = int(countsAsOnline(to)) - int(countsAsOnline(from));
    if (delta == 0 || at == kNoTime || at <= m_from)
        return; // changes up to the first sample do not alter any sample
    std::size_t slot = m_delta.size() - 1;
    if (at <= m_to) {
        // The first sample at or after the change: samples before it did not see it yet.
        const TimeMs span = m_to - m_from;
        const TimeMs steps = m_samples - 1;
        const TimeMs k = ((at - m_from) * steps + span - 1) / span;
        slot = std::size_t(std::clamp<TimeMs>(k, 1, steps));
    }
    m_delta[slot] += delta;
}

void OnlineTimeline::addEvent(const DeviceEvent &event)
{
    if (event.type != EventType::StatusChange)
        return;
    ConnectionStatus from {}, to {};
    if (!statusFromId(event.attributes.value(QStringLiteral("from")).toString(), &from)
        || !statusFromId(event.attributes.value(QStringLiteral("to")).toString(), &to))
        return;
    addChange(event.time, from, to);
}

QList<int> OnlineTimeline::counts(int onlineNow) const
{
    QList<int> result(m_samples, 0);
    // Walking back from now: undo the changes that happened after each sample.
    int count = onlineNow - m_delta.back();
    for (int i = m_samples - 1; i >= 0; --i) {
        result[i] = std::max(count, 0);
        count -= m_delta[std::size_t(i)];
    }
    return result;
}

} // namespace fw
