#pragma once
// StoreSink: where ingest hands what must be written, and learns when it is safely committed so
// that data acknowledgements can be released. The batched database writer implements it; tests
// can use an in-memory sink. submit() is thread-safe and never blocks: it returns false when the
// sink's bounded queue is full, and the caller then stops reading from devices until it drains.

#include "fleet/FleetState.h"

#include <QObject>

namespace fw {

class StoreSink : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual bool submit(quint64 ticket, const StoreRequest &request) = 0;
    // True when the next submit() will be taken (single producer: stays true until it submits).
    bool hasRoom() const { return hasRoomFor(0); }
    // The same for a producer that gathers frames before it submits them: true when `gathered`
    // rows it holds plus the next frame's will still be taken.
    virtual bool hasRoomFor(qsizetype gathered) const = 0;

signals:
    void committed(const QList<quint64> &tickets);
    void healthChanged(bool healthy, const QString &error);
    void drained(); // room again after a refusal
};

} // namespace fw
