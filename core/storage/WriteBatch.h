#pragma once
// WriteBatch: what ingest hands to the PositionWriter in one piece: the positions, events and
// activity updates decoded from one or more frames, and a ticket. The writer reports the ticket
// in PositionWriter::committed once all of it is in the database; only then does ingest send the
// device its acknowledgement.

#include "domain/DeviceActivity.h"
#include "domain/DeviceEvent.h"
#include "domain/Position.h"

#include <QList>

namespace fw {

struct WriteBatch
{
    QList<Position> positions;
    QList<DeviceEvent> events;
    QList<DeviceActivity> activities; // for one device, only the last one counts
    quint64 ticket = 0;

    qsizetype rows() const { return positions.size() + events.size() + activities.size(); }
};

} // namespace fw
