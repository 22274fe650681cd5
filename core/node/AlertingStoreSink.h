#pragma once
// AlertingStoreSink: a StoreSink in front of the node's real sink that also hands every accepted
// submission (positions and events) to the AlertWorker. Ingest sees the inner sink's answers and
// signals unchanged; the hand-over is a queued call with implicitly shared lists, so rules never
// slow the ingest thread, and what the inner sink refused is never evaluated.

#include "ingest/StoreSink.h"

namespace fw {

class AlertWorker;

class AlertingStoreSink final : public StoreSink
{
    Q_OBJECT
public:
    AlertingStoreSink(StoreSink *inner, AlertWorker *worker, QObject *parent = nullptr);

    bool submit(quint64 ticket, const StoreRequest &request) override;
    bool hasRoomFor(qsizetype gathered) const override { return m_inner->hasRoomFor(gathered); }

private:
    StoreSink *m_inner;
    AlertWorker *m_worker;
};

} // namespace fw
