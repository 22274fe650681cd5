#include "SimulatedRoute.h"

#include <QtMath>
#include <algorithm>
#include <cmath>

namespace fw {

SimulatedRoute::SimulatedRoute(const QGeoCoordinate &start, const QGeoCoordinate &centre,
                               double radiusKm, quint64 seed, double maxSpeedKph)
    : m_lat(start.latitude())
    , m_lon(start.longitude())
    , m_centreLat(centre.latitude())
    , m_centreLon(centre.longitude())
    , m_radiusM(std::max(0.1, radiusKm) * 1000.0)
    , m_maxSpeedKph(std::max(5.0, maxSpeedKph))
    , m_rng(seed ^ 0x9e3779b97f4a7c15ULL)
{
    m_course = std::floor(uniform() * 360.0);
    m_phaseLeft = 10.0 + uniform() * 60.0; // parked for a moment before the first drive
}

QGeoCoordinate SimulatedRoute::advance(const QGeoCoordinate &from, double speedKph,
                                       double courseDeg, double seconds)
{
    const double metres = std::max(0.0, speedKph) / 3.6 * std::max(0.0, seconds);
    if (metres <= 0.0)
        return from;
    return from.atDistanceAndAzimuth(metres, normaliseCourse(courseDeg));
}

double SimulatedRoute::normaliseCourse(double degrees)
{
    double c = std::fmod(degrees, 360.0);
    if (c < 0)
        c += 360.0;
    return c >= 360.0 ? 0.0 : c;
}

double SimulatedRoute::turnTowards(double course, double target, double maxTurnDeg)
{
    double diff = normaliseCourse(target - course);
    if (diff > 180.0)
        diff -= 360.0;
    const double limit = std::max(0.0, maxTurnDeg);
    return normaliseCourse(course + std::clamp(diff, -limit, limit));
}

double SimulatedRoute::uniform()
{
    // SplitMix64: tiny state, the same sequence on every platform.
    quint64 z = (m_rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * (1.0 / 9007199254740992.0);
}

void SimulatedRoute::subStep(double seconds)
{
    m_phaseLeft -= seconds;
    if (m_phaseLeft <= 0.0) {
        if (m_stopped) {
            // Drive off: a cruising speed between a third and all of the maximum.
            m_stopped = false;
            m_targetSpeed = m_maxSpeedKph * (0.35 + 0.65 * uniform());
            m_phaseLeft = 60.0 + uniform() * 540.0;
        } else {
            // Stop: mostly short (lights, traffic), sometimes a longer halt.
            m_stopped = true;
            m_targetSpeed = 0.0;
            m_phaseLeft = uniform() < 0.7 ? 15.0 + uniform() * 60.0 : 120.0 + uniform() * 480.0;
        }
    }
    if (!m_stopped && uniform() < seconds / 60.0) // change pace about once a minute
        m_targetSpeed = std::clamp(m_targetSpeed * (0.8 + 0.4 * uniform()), 10.0, m_maxSpeedKph);

    const double dv = std::clamp(m_targetSpeed - m_speed, -kAccelKphPerSec * seconds,
                                 kAccelKphPerSec * seconds);
    const double before = m_speed;
    m_speed = std::max(0.0, m_speed + dv);
    const double avgSpeed = (before + m_speed) / 2.0;
    if (avgSpeed <= 0.0)
        return;

    // Steering: a slowly changing bias, and back towards the centre when near the edge.
    if (uniform() < seconds / 30.0)
        m_turnBias = (uniform() * 2.0 - 1.0) * kTurnRateDegPerSec;
    const QGeoCoordinate here(m_lat, m_lon);
    const QGeoCoordinate centre(m_centreLat, m_centreLon);
    double target = m_course + m_turnBias * seconds;
    if (here.distanceTo(centre) > 0.8 * m_radiusM)
        target = here.azimuthTo(centre);
    m_course = turnTowards(m_course, target, kTurnRateDegPerSec * seconds * 2.0);

    const QGeoCoordinate next = advance(here, avgSpeed, m_course, seconds);
    m_lat = next.latitude();
    m_lon = next.longitude();
}

RoutePoint SimulatedRoute::step(double seconds)
{
    double left = std::max(0.0, seconds);
    while (left > 0.0) {
        const double dt = std::min(left, kSubStepSecs);
        subStep(dt);
        left -= dt;
    }
    return current();
}

RoutePoint SimulatedRoute::current() const
{
    RoutePoint p;
    p.coordinate = QGeoCoordinate(m_lat, m_lon);
    p.speedKph = m_speed;
    p.course = normaliseCourse(m_course);
    p.moving = m_speed > 0.5;
    return p;
}

} // namespace fw
