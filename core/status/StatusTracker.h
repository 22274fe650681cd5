#pragma once
// StatusTracker: the live status of every device, kept incrementally. Packets and edits
// re-evaluate one device; time is handled by one pending deadline per device in a DeadlineHeap
// and a single timer armed for the earliest one, so work per event is O(log n) and nothing ever
// scans the fleet. Each transition emits exactly one statusChanged; the dashboard counts are
// adjusted on every transition rather than recounted. Statuses come from evaluateStatus(), the
// same pure function the command line uses.

#include "DeadlineHeap.h"
#include "StatusReason.h"
#include "StatusRules.h"

#include <QObject>
#include <QTimer>
#include <array>
#include <vector>

namespace fw {

class Clock;

class StatusTracker : public QObject
{
    Q_OBJECT
public:
    using Slot = int;

    explicit StatusTracker(Clock *clock, const StatusSettings &settings = {},
                           QObject *parent = nullptr);

    void reserve(std::size_t devices);
    // Adds a device and evaluates it; returns its slot (slots of removed devices are reused).
    Slot addDevice(const StatusInputs &inputs, const ReasonState &reasons = {});
    // Operator edits (block, unblock, timeout, model, identity replacement).
    void updateInputs(Slot slot, const StatusInputs &inputs);
    void removeDevice(Slot slot);

    // A frame accepted from the device. Returns false, and changes nothing, while the device is
    // blocked: its data is discarded, as the rules require.
    bool recordPacket(Slot slot, const PacketObservation &packet);
    void recordConnectionEnd(Slot slot, ConnectionEnd end);
    void restoreReasons(Slot slot, const ReasonState &reasons);

    void setSettings(const StatusSettings &settings);
    const StatusSettings &settings() const { return m_settings; }

    bool isValid(Slot slot) const;
    ConnectionStatus status(Slot slot) const { return m_entries[idx(slot)].status; }
    const StatusInputs &inputs(Slot slot) const { return m_entries[idx(slot)].inputs; }
    const ReasonState &reasonState(Slot slot) const { return m_entries[idx(slot)].reasons; }
    StatusReason reason(Slot slot) const;
    TimeMs deadline(Slot slot) const { return m_heap.deadlineOf(slot); }

    int count(ConnectionStatus s) const { return m_counts[static_cast<std::size_t>(s)]; }
    int count(StatusGroup g) const;
    int deviceCount() const { return m_deviceCount; }
    TimeMs nextDeadline() const { return m_heap.topDeadline(); }
    std::size_t memoryBytes() const;
    TimeMs now() const;

public slots:
    // Re-evaluates every device whose deadline has passed. Called by the timer and whenever the
    // clock is stepped.
    void processDue();

signals:
    void statusChanged(int slot, fw::ConnectionStatus from, fw::ConnectionStatus to, qint64 at);

private:
    struct Entry
    {
        StatusInputs inputs;
        ReasonState reasons;
        ConnectionStatus status = ConnectionStatus::Offline;
        bool used = false;
    };
    static std::size_t idx(Slot s) { return static_cast<std::size_t>(s); }
    void reevaluate(Slot slot, TimeMs now);
    void armTimer();

    Clock *m_clock;
    StatusSettings m_settings;
    std::vector<Entry> m_entries;
    std::vector<Slot> m_freeSlots;
    DeadlineHeap m_heap;
    std::array<int, kStatusCount> m_counts {};
    int m_deviceCount = 0;
    QTimer m_timer;
    TimeMs m_armedFor = kNoTime;
};

} // namespace fw
