#pragma once
// MemoryStoreSink: a StoreSink that keeps everything in memory and commits when told to (or
// immediately). For tests and for running decoders without a database; bounded like the real
// writer so back-pressure can be exercised.

#include "StoreSink.h"

namespace fw {

class MemoryStoreSink final : public StoreSink
{
    Q_OBJECT
public:
    explicit MemoryStoreSink(qsizetype capacity = 1 << 20, QObject *parent = nullptr);

    bool submit(quint64 ticket, const StoreRequest &request) override;
    bool hasRoomFor(qsizetype gathered) const override
    {
        return m_pendingRows + gathered < m_capacity;
    }

    void setAutoCommit(bool on) { m_autoCommit = on; }
    void commitPending(); // emits committed() for everything submitted so far
    void setCapacity(qsizetype rows) { m_capacity = rows; }

    const QList<Position> &positions() const { return m_positions; }
    const QList<DeviceEvent> &events() const { return m_events; }
    qsizetype pendingRows() const { return m_pendingRows; }

private:
    qsizetype m_capacity;
    qsizetype m_pendingRows = 0;
    bool m_autoCommit = true;
    QList<quint64> m_pendingTickets;
    QList<Position> m_positions;
    QList<DeviceEvent> m_events;
};

} // namespace fw
