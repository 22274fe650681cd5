#pragma once
// ReportRequest: which report, for which devices and which period, with which thresholds. The
// command line and the window's Reports view both build one and hand it to ReportBuilder, so the
// two always compute the same thing.

#include "ReportRecords.h"

#include <QStringList>

namespace fw {

enum class ReportKind { Trips, Stops, Summary, Events, Visits };

QString reportKindId(ReportKind kind); // "trips", "stops", "summary", "events", "geofences"
std::optional<ReportKind> reportKindFromId(const QString &id);
QList<ReportKind> allReportKinds();

struct ReportRequest
{
    ReportKind kind = ReportKind::Trips;
    QStringList uniqueIds; // resolved devices, in the order the report lists them
    TimeMs from = kNoTime;
    TimeMs to = kNoTime;
    ReportOptions options;
    bool daily = false; // summary: one row per device and local calendar day
    // Thinned tracks for the chart and the map picture: this many positions shared by all
    // devices (0 = none). ReportResult::tracks holds them.
    qsizetype trackBudget = 0;
};

} // namespace fw
