#pragma once
// WriterStoreSink: adapts the PositionWriter (its own thread, group commits) to the StoreSink that
// ingest talks to. Lives on the ingest thread; the writer's signals arrive queued.

#include "ingest/StoreSink.h"

namespace fw {

class PositionWriter;

class WriterStoreSink final : public StoreSink
{
    Q_OBJECT
public:
    WriterStoreSink(PositionWriter *writer, qsizetype maxPendingRows, QObject *parent = nullptr);

    bool submit(quint64 ticket, const StoreRequest &request) override;
    bool hasRoomFor(qsizetype gathered) const override;

private:
    PositionWriter *m_writer;
    qsizetype m_maxPending;
    mutable bool m_refused = false; // set when a producer was turned away
};

} // namespace fw
