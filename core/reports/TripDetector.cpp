#include "TripDetector.h"

#include <QtMath>
#include <algorithm>
#include <cmath>

namespace fw {

TripDetector::TripDetector(const QString &uniqueId, const ReportOptions &options)
    : m_uniqueId(uniqueId)
    , m_options(options)
{ }

double TripDetector::distanceMeters(double lat1, double lon1, double lat2, double lon2)
{
    constexpr double kEarthRadius = 6371008.8; // mean radius, metres
    const double p1 = qDegreesToRadians(lat1), p2 = qDegreesToRadians(lat2);
    const double dp = p2 - p1, dl = qDegreesToRadians(lon2 - lon1);
    const double h = std::sin(dp / 2) * std::sin(dp / 2)
        + std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
    return 2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(h)));
}

void TripDetector::add(const Position &position)
{
    if (!position.hasCoordinates() || position.deviceTime == kNoTime)
        return;
    Sample p;
    p.time = position.deviceTime;
    p.lat = position.latitude;
    p.lon = position.longitude;
    p.speedKph = position.speedKph;
    const QVariant odometer = position.attributes.value(attr::odometer);
    if (odometer.isValid())
        p.odometer = odometer.toDouble();
    const QVariant ignition = position.attributes.value(attr::ignition);
    if (ignition.isValid())
        p.ignition = ignition.toBool();
    add(p);
}

void TripDetector::add(const Sample &p)
{
    if (m_last && p.time < m_last->time)
        return; // out of order: the caller reads in device-time order
    if (m_last && p.time - m_last->time > m_options.maxGapMs) {
        // Nothing is known about the gap: close what was open before it, report it, start over.
        closeOpen();
        m_gaps.append({ m_uniqueId, m_last->time, p.time });
        m_last.reset();
    }
    if (m_last && m_last->ignition.value_or(false))
        m_ignitionMs += p.time - m_last->time;
    m_maxSpeed = std::max(m_maxSpeed, p.speedKph);
    step(p);
    m_last = p;
}

bool TripDetector::standingStill(const Point &p) const
{
    if (p.ignition.has_value() && !*p.ignition)
        return true;
    if (p.speedKph < m_options.speedThresholdKph)
        return true;
    // Drift around where it stopped is not motion.
    return m_stillSince
        && distanceMeters(m_stillSince->lat, m_stillSince->lon, p.lat, p.lon)
        <= m_options.parkedDriftMeters;
}

void TripDetector::step(const Point &p)
{
    const bool still = standingStill(p);
    if (m_inStop) {
        if (still)
            return;
        // Moving off: the stop ends at its last position, and the motion starts there.
        closeStop(*m_last);
        m_motion = Motion { *m_last, *m_last, 0, 0 };
        m_stillSince.reset();
    }
    if (!m_motion) {
        m_motion = Motion { p, p, 0, 0 }; // the first position, or the first after a gap
    } else {
        m_motion->meters += distanceMeters(m_motion->last.lat, m_motion->last.lon, p.lat, p.lon);
        m_motion->last = p;
    }
    if (!still) {
        m_motion->maxSpeed = std::max(m_motion->maxSpeed, p.speedKph);
        m_stillSince.reset();
        return;
    }
    if (!m_stillSince) {
        m_stillSince = p;
        m_metersAtStill = m_motion->meters;
        m_maxSpeedAtStill = m_motion->maxSpeed;
    }
    if (p.time - m_stillSince->time < m_options.minStopMs)
        return;
    // Standing still long enough: a stop from m_stillSince on. The motion before it is a trip
    // when it went far enough; otherwise it joins the stop before it into one.
    const double meters = tripMeters(m_motion->from, *m_stillSince, m_metersAtStill);
    m_stopStart = *m_stillSince;
    if (meters >= m_options.minTripMeters) {
        addTrip(*m_stillSince, meters, m_maxSpeedAtStill);
    } else if (!m_stops.isEmpty() && m_stops.constLast().end == m_motion->from.time) {
        const StopRecord previous = m_stops.takeLast();
        m_stopStart.time = previous.start;
        m_stopStart.lat = previous.lat;
        m_stopStart.lon = previous.lon;
    } else {
        m_stopStart = m_motion->from; // too little to be a trip: it was here all along
    }
    m_inStop = true;
    m_motion.reset();
}

double TripDetector::tripMeters(const Point &from, const Point &to, double alongPositions) const
{
    if (from.odometer && to.odometer && *to.odometer >= *from.odometer)
        return *to.odometer - *from.odometer;
    return alongPositions;
}

void TripDetector::closeStop(const Point &endAt)
{
    m_stops.append({ m_uniqueId, m_stopStart.time, endAt.time, m_stopStart.lat, m_stopStart.lon });
    m_inStop = false;
}

void TripDetector::addTrip(const Point &endAt, double meters, double maxSpeed)
{
    TripRecord t;
    t.uniqueId = m_uniqueId;
    t.start = m_motion->from.time;
    t.end = endAt.time;
    t.startLat = m_motion->from.lat;
    t.startLon = m_motion->from.lon;
    t.endLat = endAt.lat;
    t.endLon = endAt.lon;
    t.distanceKm = meters / 1000.0;
    t.maxSpeedKph = maxSpeed;
    const double hours = double(t.end - t.start) / kHour;
    t.avgSpeedKph = hours > 0 ? t.distanceKm / hours : 0;
    m_trips.append(t);
}

void TripDetector::closeOpen()
{
    if (!m_last)
        return;
    if (m_inStop) {
        closeStop(*m_last);
    } else if (m_motion) {
        // Still moving (or not yet stopped long enough) when the data ends: a trip to here.
        const double meters = tripMeters(m_motion->from, *m_last, m_motion->meters);
        if (meters >= m_options.minTripMeters)
            addTrip(*m_last, meters, m_motion->maxSpeed);
    }
    m_motion.reset();
    m_stillSince.reset();
    m_inStop = false;
}

void TripDetector::finish()
{
    closeOpen();
}

SummaryRecord TripDetector::summary() const
{
    SummaryRecord s;
    s.uniqueId = m_uniqueId;
    for (const TripRecord &t : m_trips) {
        s.distanceKm += t.distanceKm;
        s.movingS += t.durationS();
    }
    s.trips = int(m_trips.size());
    s.maxSpeedKph = m_maxSpeed;
    s.avgSpeedKph = s.movingS > 0 ? s.distanceKm / (double(s.movingS) / 3600.0) : 0;
    s.engineHoursS = m_ignitionMs / kSecond;
    return s;
}

} // namespace fw
