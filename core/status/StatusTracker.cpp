#include "StatusTracker.h"

#include "util/Clock.h"

#include <QLoggingCategory>
#include <limits>

Q_LOGGING_CATEGORY(lcStatus, "fleetwatch.status", QtInfoMsg)

namespace fw {

namespace {
constexpr TimeMs kMaxTimerInterval = kHour; // re-check at least hourly; guards clock drift
}

StatusTracker::StatusTracker(Clock *clock, const StatusSettings &settings, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_settings(settings)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &StatusTracker::processDue);
    connect(m_clock, &Clock::advanced, this, &StatusTracker::processDue);
}

TimeMs StatusTracker::now() const
{
    return m_clock->now();
}

void StatusTracker::reserve(std::size_t devices)
{
    m_entries.reserve(devices);
    m_heap.reserve(devices);
}

bool StatusTracker::isValid(Slot slot) const
{
    return slot >= 0 && idx(slot) < m_entries.size() && m_entries[idx(slot)].used;
}

StatusTracker::Slot StatusTracker::addDevice(const StatusInputs &inputs, const ReasonState &reasons)
{
    Slot slot;
    if (!m_freeSlots.empty()) {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
    } else {
        slot = static_cast<Slot>(m_entries.size());
        m_entries.emplace_back();
    }
    Entry &e = m_entries[idx(slot)];
    e.inputs = inputs;
    e.reasons = reasons;
    e.used = true;
    const TimeMs t = now();
    e.status = evaluateStatus(inputs, m_settings, t);
    ++m_counts[static_cast<std::size_t>(e.status)];
    ++m_deviceCount;
    m_heap.set(slot, nextStatusDeadline(inputs, m_settings, t));
    armTimer();
    return slot;
}

void StatusTracker::updateInputs(Slot slot, const StatusInputs &inputs)
{
    if (!isValid(slot))
        return;
    Entry &e = m_entries[idx(slot)];
    e.inputs = inputs;
    reevaluate(slot, now());
    armTimer();
}

void StatusTracker::removeDevice(Slot slot)
{
    if (!isValid(slot))
        return;
    Entry &e = m_entries[idx(slot)];
    --m_counts[static_cast<std::size_t>(e.status)];
    --m_deviceCount;
    e = Entry {};
    m_heap.remove(slot);
    m_freeSlots.push_back(slot);
}

bool StatusTracker::recordPacket(Slot slot, const PacketObservation &packet)
{
    if (!isValid(slot))
        return false;
    Entry &e = m_entries[idx(slot)];
    if (e.status == ConnectionStatus::Blocked)
        return false;
    if (packet.serverTime != kNoTime
        && (e.inputs.lastPacketAt == kNoTime || packet.serverTime >= e.inputs.lastPacketAt))
        e.inputs.lastPacketAt = packet.serverTime;
    if (packet.kind == PacketKind::Position && packet.validFix && packet.fixTime != kNoTime)
        e.inputs.lastFixAt = packet.fixTime;
    e.reasons.observe(packet);
    reevaluate(slot, now());
    armTimer();
    return true;
}

void StatusTracker::recordConnectionEnd(Slot slot, ConnectionEnd end)
{
    if (isValid(slot))
        m_entries[idx(slot)].reasons.connectionEnd = end;
}

void StatusTracker::restoreReasons(Slot slot, const ReasonState &reasons)
{
    if (isValid(slot))
        m_entries[idx(slot)].reasons = reasons;
}

void StatusTracker::setSettings(const StatusSettings &settings)
{
    if (settings == m_settings)
        return;
    m_settings = settings;
    const TimeMs t = now();
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].used)
            reevaluate(static_cast<Slot>(i), t);
    }
    armTimer();
}

StatusReason StatusTracker::reason(Slot slot) const
{
    const Entry &e = m_entries[idx(slot)];
    return detectReason(e.status, e.inputs, e.reasons, m_settings, now());
}

int StatusTracker::count(StatusGroup g) const
{
    int n = 0;
    for (ConnectionStatus s : kAllStatuses) {
        if (statusGroup(s) == g)
            n += count(s);
    }
    return n;
}

void StatusTracker::reevaluate(Slot slot, TimeMs t)
{
    Entry &e = m_entries[idx(slot)];
    const ConnectionStatus next = evaluateStatus(e.inputs, m_settings, t);
    m_heap.set(slot, nextStatusDeadline(e.inputs, m_settings, t));
    if (next == e.status)
        return;
    const ConnectionStatus previous = e.status;
    e.status = next;
    --m_counts[static_cast<std::size_t>(previous)];
    ++m_counts[static_cast<std::size_t>(next)];
    emit statusChanged(slot, previous, next, t);
}

void StatusTracker::processDue()
{
    const TimeMs t = now();
    while (!m_heap.isEmpty() && m_heap.topDeadline() <= t)
        reevaluate(m_heap.topSlot(), t);
    m_armedFor = kNoTime;
    armTimer();
}

void StatusTracker::armTimer()
{
    const TimeMs top = m_heap.topDeadline();
    if (top == kNoTime) {
        m_timer.stop();
        m_armedFor = kNoTime;
        return;
    }
    // Re-arming costs a timer re-registration; only do it when the earliest deadline moved
    // earlier. A timer that fires early finds nothing due and re-arms itself.
    if (m_armedFor != kNoTime && m_armedFor <= top && m_timer.isActive())
        return;
    const TimeMs delay = std::clamp<TimeMs>(top - now(), 0, kMaxTimerInterval);
    m_armedFor = top;
    m_timer.start(std::chrono::milliseconds(delay));
}

std::size_t StatusTracker::memoryBytes() const
{
    return sizeof(*this) + m_entries.capacity() * sizeof(Entry) + m_heap.memoryBytes()
        + m_freeSlots.capacity() * sizeof(Slot);
}

} // namespace fw
