#include "EventBacklog.h"

#include "StoreSink.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcEvents, "fleetwatch.ingest.events", QtInfoMsg)

namespace fw {

namespace {
constexpr qsizetype kEventsPerSubmit = 2'000; // a backlog goes out in batches this size
}

EventBacklog::EventBacklog(StoreSink *sink, qsizetype capacity, QObject *parent)
    : QObject(parent)
    , m_sink(sink)
    , m_capacity(std::max<qsizetype>(1, capacity))
{
    m_retryTimer.setInterval(kRetryMs);
    connect(&m_retryTimer, &QTimer::timeout, this, &EventBacklog::retry);
    connect(m_sink, &StoreSink::drained, this, &EventBacklog::retry);
}

void EventBacklog::store(const QList<DeviceEvent> &events)
{
    if (events.isEmpty())
        return;
    if (m_waiting.empty()) {
        StoreRequest request;
        request.events = events;
        if (m_sink->submit(0, request))
            return;
    }
    keep(events);
    retry();
}

void EventBacklog::keep(const QList<DeviceEvent> &events)
{
    for (const DeviceEvent &e : events)
        m_waiting.push_back(e);
    const qsizetype over = pending() - m_capacity;
    if (over > 0) {
        m_waiting.erase(m_waiting.begin(), m_waiting.begin() + over);
        m_dropped += static_cast<quint64>(over);
        // One line per thousand lost, not one per event.
        if (m_droppedLogged == 0 || m_dropped - m_droppedLogged >= 1000) {
            qCWarning(lcEvents).noquote()
                << "the database cannot keep up:" << m_dropped << "status events dropped so far ("
                << pending() << "waiting)";
            m_droppedLogged = m_dropped;
        }
    }
    if (!m_retryTimer.isActive())
        m_retryTimer.start();
}

void EventBacklog::retry()
{
    while (!m_waiting.empty()) {
        const qsizetype n = std::min(pending(), kEventsPerSubmit);
        StoreRequest request;
        request.events.reserve(n);
        for (qsizetype i = 0; i < n; ++i)
            request.events.append(m_waiting[static_cast<size_t>(i)]);
        if (!m_sink->submit(0, request))
            return; // still full: the timer or the next drain tries again
        m_waiting.erase(m_waiting.begin(), m_waiting.begin() + n);
    }
    m_retryTimer.stop();
}

} // namespace fw
