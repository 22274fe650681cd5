#pragma once
// TripDetector: one device's positions, in device-time order, turned into trips, stops, gaps and a
// summary as they stream past (memory grows with the number of trips and stops, never with the
// number of positions). A device is standing still when its speed is below the threshold, its
// ignition is off where it reports ignition, or it stays within the parked drift of where it
// stopped; standing still long enough is a stop; the motion between two stops is a trip when it
// is long enough, otherwise the two stops are one. A trip starts at the last position of the stop
// before it and ends at the first position of the stop after it. A long gap without data ends
// whatever was going on and is reported as a gap. Distances come from the odometer where the
// device reports one, otherwise great-circle between positions.

#include "ReportRecords.h"

#include "domain/Position.h"

#include <optional>

namespace fw {

class TripDetector
{
public:
    // What the detector needs of one position.
    struct Sample
    {
        TimeMs time = kNoTime;
        double lat = 0, lon = 0;
        double speedKph = 0;
        std::optional<double> odometer; // metres, where the device reports one
        std::optional<bool> ignition;
    };

    TripDetector(const QString &uniqueId, const ReportOptions &options);

    // Positions must come in device-time order; ones without coordinates or out of order (a
    // buffered position older than the last one) are skipped.
    void add(const Position &position);
    void add(const Sample &sample); // the caller checked the coordinates and the time
    void finish(); // closes what is open at the last position

    const QList<TripRecord> &trips() const { return m_trips; }
    const QList<StopRecord> &stops() const { return m_stops; }
    const QList<GapRecord> &gaps() const { return m_gaps; }
    SummaryRecord summary() const;

    static double distanceMeters(double lat1, double lon1, double lat2, double lon2);

private:
    using Point = Sample;
    // A run of motion since the last stop (or the start, or a gap).
    struct Motion
    {
        Point from; // the last position of the stop before it (or its first position)
        Point last;
        double meters = 0; // great-circle along the positions
        double maxSpeed = 0;
    };

    bool standingStill(const Point &p) const;
    void step(const Point &p);
    void closeStop(const Point &endAt);
    void addTrip(const Point &endAt, double meters, double maxSpeed);
    void closeOpen();
    double tripMeters(const Point &from, const Point &to, double alongPositions) const;

    QString m_uniqueId;
    ReportOptions m_options;
    std::optional<Point> m_last;
    // Standing still since m_stillSince (with the motion's metres and top speed up to it); a
    // stop once that lasts minStop.
    std::optional<Point> m_stillSince;
    double m_metersAtStill = 0;
    double m_maxSpeedAtStill = 0;
    bool m_inStop = false;
    Point m_stopStart;
    std::optional<Motion> m_motion;
    QList<TripRecord> m_trips;
    QList<StopRecord> m_stops;
    QList<GapRecord> m_gaps;
    double m_maxSpeed = 0; // over every position
    TimeMs m_ignitionMs = 0; // time with the ignition reported on
};

} // namespace fw
