#include "ReportRequest.h"

#include "ReportResult.h"

#include <algorithm>

namespace fw {

namespace {
struct KindName
{
    ReportKind kind;
    const char16_t *id;
};
constexpr KindName kKindNames[] = {
    { ReportKind::Trips, u"trips" },
    { ReportKind::Stops, u"stops" },
    { ReportKind::Summary, u"summary" },
    { ReportKind::Events, u"events" },
    { ReportKind::Visits, u"geofences" },
};
} // namespace

QString reportKindId(ReportKind kind)
{
    for (const KindName &k : kKindNames) {
        if (k.kind == kind)
            return QString::fromUtf16(k.id);
    }
    return {};
}

std::optional<ReportKind> reportKindFromId(const QString &id)
{
    for (const KindName &k : kKindNames) {
        if (id == QStringView(k.id))
            return k.kind;
    }
    return std::nullopt;
}

QList<ReportKind> allReportKinds()
{
    QList<ReportKind> kinds;
    for (const KindName &k : kKindNames)
        kinds << k.kind;
    return kinds;
}

void SummaryRecord::accumulate(const SummaryRecord &other)
{
    distanceKm += other.distanceKm;
    maxSpeedKph = std::max(maxSpeedKph, other.maxSpeedKph);
    movingS += other.movingS;
    engineHoursS += other.engineHoursS;
    trips += other.trips;
    avgSpeedKph = movingS > 0 ? distanceKm / (double(movingS) / 3600.0) : 0.0;
}

SummaryRecord ReportResult::total() const
{
    SummaryRecord sum;
    for (const SummaryRecord &row : summary)
        sum.accumulate(row);
    return sum;
}

QString ReportResult::deviceName(const QString &uniqueId) const
{
    const QString name = deviceNames.value(uniqueId);
    return name.isEmpty() ? uniqueId : name;
}

qsizetype ReportResult::rowCount() const
{
    switch (kind) {
    case ReportKind::Trips:
        return trips.size();
    case ReportKind::Stops:
        return stops.size();
    case ReportKind::Summary:
        return summary.size();
    case ReportKind::Events:
        return events.size();
    case ReportKind::Visits:
        return visits.size();
    }
    return 0;
}

} // namespace fw
