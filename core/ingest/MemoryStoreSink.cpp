#include "MemoryStoreSink.h"

#include <QTimer>

namespace fw {

MemoryStoreSink::MemoryStoreSink(qsizetype capacity, QObject *parent)
    : StoreSink(parent)
    , m_capacity(capacity)
{
}

bool MemoryStoreSink::submit(quint64 ticket, const StoreRequest &request)
{
    if (!hasRoom())
        return false;
    m_positions.append(request.positions);
    m_events.append(request.events);
    m_pendingRows += request.positions.size() + request.events.size() + 1;
    m_pendingTickets.append(ticket);
    if (m_autoCommit)
        QTimer::singleShot(0, this, &MemoryStoreSink::commitPending);
    return true;
}

void MemoryStoreSink::commitPending()
{
    if (m_pendingTickets.isEmpty())
        return;
    const QList<quint64> tickets = std::exchange(m_pendingTickets, {});
    const bool wasFull = !hasRoom();
    m_pendingRows = 0;
    emit committed(tickets);
    if (wasFull)
        emit drained();
}

} // namespace fw
