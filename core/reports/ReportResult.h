#pragma once
// ReportResult: what ReportBuilder found for one ReportRequest: the rows of every kind it
// computed, the gaps without data, the devices' names, and the totals over all rows.

#include "ReportRequest.h"

#include "domain/DeviceEvent.h"
#include "domain/Position.h"

#include <QHash>

namespace fw {

struct ReportResult
{
    ReportKind kind = ReportKind::Trips;
    TimeMs from = kNoTime;
    TimeMs to = kNoTime;
    QStringList uniqueIds; // the devices the report covers, in order
    QHash<QString, QString> deviceNames; // uniqueId -> the name operators gave it
    QList<TripRecord> trips;
    QList<StopRecord> stops;
    QList<GapRecord> gaps;
    QList<SummaryRecord> summary;
    QList<DeviceEvent> events;
    QList<VisitRecord> visits;
    QHash<QString, QList<Position>> tracks; // thinned, when the request asked for them
    qint64 positionsRead = 0;
    // Whether geofences exist to report visits of; the visits report says so when there are none.
    bool hasGeofences = false;
    // Whether addresses were looked up (ReportAddresses): the outputs then carry them.
    bool hasAddresses = false;

    SummaryRecord total() const; // over every summary row
    QString deviceName(const QString &uniqueId) const; // the name, or the id when it has none
    qsizetype rowCount() const; // rows of the requested kind
};

} // namespace fw
