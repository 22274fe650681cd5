#include "WriterStoreSink.h"

#include "storage/PositionWriter.h"

namespace fw {

namespace {
constexpr qsizetype kFrameMargin = 4096; // rows one frame may add (Teltonika packs up to 255)
}

WriterStoreSink::WriterStoreSink(PositionWriter *writer, qsizetype maxPendingRows, QObject *parent)
    : StoreSink(parent)
    , m_writer(writer)
    , m_maxPending(maxPendingRows)
{
    connect(writer, &PositionWriter::committed, this, [this](const QList<quint64> &tickets) {
        emit committed(tickets);
        if (m_refused && hasRoom()) {
            m_refused = false;
            emit drained();
        }
    });
    connect(writer, &PositionWriter::healthChanged, this, &StoreSink::healthChanged);
}

bool WriterStoreSink::hasRoomFor(qsizetype gathered) const
{
    const bool room = m_writer->pendingRows() + gathered + kFrameMargin < m_maxPending;
    if (!room)
        m_refused = true;
    return room;
}

bool WriterStoreSink::submit(quint64 ticket, const StoreRequest &request)
{
    WriteBatch batch;
    batch.ticket = ticket;
    batch.positions = request.positions;
    batch.events = request.events;
    batch.activities = request.activities;
    if (m_writer->submit(std::move(batch)))
        return true;
    m_refused = true;
    return false;
}

} // namespace fw
