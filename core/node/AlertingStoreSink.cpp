#include "AlertingStoreSink.h"

#include "AlertWorker.h"

namespace fw {

AlertingStoreSink::AlertingStoreSink(StoreSink *inner, AlertWorker *worker, QObject *parent)
    : StoreSink(parent)
    , m_inner(inner)
    , m_worker(worker)
{
    connect(inner, &StoreSink::committed, this, &StoreSink::committed);
    connect(inner, &StoreSink::healthChanged, this, &StoreSink::healthChanged);
    connect(inner, &StoreSink::drained, this, &StoreSink::drained);
}

bool AlertingStoreSink::submit(quint64 ticket, const StoreRequest &request)
{
    if (!m_inner->submit(ticket, request))
        return false;
    m_worker->enqueue(request.positions, request.events);
    return true;
}

} // namespace fw
