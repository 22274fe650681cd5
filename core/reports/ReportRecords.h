#pragma once
// ReportRecords: the rows of the trips, stops and summary reports (../shared/design/interfaces.md,
// "Reports") and the thresholds that define them. Plain values, shared by the command line and
// the window.

#include "util/TimeUtil.h"

#include <QDate>
#include <QList>
#include <QString>

#include <optional>

namespace fw {

struct ReportOptions
{
    double speedThresholdKph = 3.0; // slower than this is standing still
    TimeMs minStopMs = 300 * kSecond; // standing still at least this long is a stop
    double minTripMeters = 500.0; // shorter motion between stops is not a trip
    // Standing still within this distance of where the stop began is still the same stop: a
    // parked tracker's position drifts, and some report a few km/h of drift as speed.
    double parkedDriftMeters = 60.0;
    // No data for longer than this is a gap: it ends what was going on before it and is
    // reported on its own, neither a trip nor a stop.
    TimeMs maxGapMs = kHour;
};

struct TripRecord
{
    QString uniqueId;
    TimeMs start = kNoTime;
    TimeMs end = kNoTime;
    double startLat = 0, startLon = 0, endLat = 0, endLon = 0;
    double distanceKm = 0;
    double maxSpeedKph = 0;
    double avgSpeedKph = 0;
    QString startAddress, endAddress; // from the reverse geocoder, when one is set
    qint64 durationS() const { return (end - start) / kSecond; }
};

struct StopRecord
{
    QString uniqueId;
    TimeMs start = kNoTime;
    TimeMs end = kNoTime;
    double lat = 0, lon = 0;
    QString address; // from the reverse geocoder, when one is set
    qint64 durationS() const { return (end - start) / kSecond; }
};

struct GapRecord
{
    QString uniqueId;
    TimeMs start = kNoTime; // the last position before it
    TimeMs end = kNoTime; // the first after it
};

struct SummaryRecord
{
    QString uniqueId;
    QDate day; // the local calendar day of a daily summary; invalid for the whole period
    double distanceKm = 0;
    double maxSpeedKph = 0;
    double avgSpeedKph = 0; // over the moving time
    qint64 movingS = 0;
    qint64 engineHoursS = 0; // time with ignition on, where the device reports ignition
    int trips = 0;

    // Adds another row's totals (devices of a group, days of a period): distances, times and
    // trips add up, the maximum is the larger one and the average follows the moving time.
    void accumulate(const SummaryRecord &other);
};

// A stay inside a geofence: entered, and left (or still inside at the end of the period).
struct VisitRecord
{
    QString uniqueId;
    QString geofence;
    TimeMs enter = kNoTime;
    TimeMs exit = kNoTime; // kNoTime: still inside when the period ended
    qint64 durationS() const { return exit == kNoTime ? 0 : (exit - enter) / kSecond; }
};

} // namespace fw
