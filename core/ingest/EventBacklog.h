#pragma once
// EventBacklog: status changes and other history on their way to the store. No device waits for
// them (no acknowledgement depends on them), so when the writer's queue is full they wait here
// instead of being lost, and go out as soon as it has room again. The wait is bounded: beyond
// the capacity the oldest are dropped, counted in the node's stats and logged, never silently.

#include "domain/DeviceEvent.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <deque>

namespace fw {

class StoreSink;

class EventBacklog : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype kDefaultCapacity = 100'000;
    static constexpr int kRetryMs = 500;

    explicit EventBacklog(
        StoreSink *sink, qsizetype capacity = kDefaultCapacity, QObject *parent = nullptr);

    // Hands the events to the store now, or keeps them (in order, after any already waiting).
    void store(const QList<DeviceEvent> &events);
    // Tries again to hand what waits to the store (also runs on its own when the store drains).
    void retry();

    qsizetype pending() const { return static_cast<qsizetype>(m_waiting.size()); }
    quint64 dropped() const { return m_dropped; }

private:
    void keep(const QList<DeviceEvent> &events);

    StoreSink *m_sink;
    qsizetype m_capacity;
    std::deque<DeviceEvent> m_waiting;
    quint64 m_dropped = 0;
    quint64 m_droppedLogged = 0;
    QTimer m_retryTimer;
};

} // namespace fw
