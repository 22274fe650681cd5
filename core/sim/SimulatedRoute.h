#pragma once
// SimulatedRoute: where a simulated vehicle drives. Pure math over QGeoCoordinate: smooth random
// paths (gradual turns, acceleration limits, stop-and-go) inside a circular area, deterministic
// for a seed. The DeviceSimulator keeps one per device; tests drive it directly.

#include <QGeoCoordinate>
#include <QtGlobal>

namespace fw {

struct RoutePoint
{
    QGeoCoordinate coordinate;
    double speedKph = 0.0;
    double course = 0.0; // degrees from north, [0, 360)
    bool moving = false;
};

class SimulatedRoute
{
public:
    SimulatedRoute() = default;
    // Starts at `start`, wanders inside the circle (centre, radiusKm), speeds up to maxSpeedKph.
    SimulatedRoute(const QGeoCoordinate &start, const QGeoCoordinate &centre, double radiusKm,
                   quint64 seed, double maxSpeedKph = 90.0);

    // The point reached from `from` after `seconds` at a constant speed and course.
    static QGeoCoordinate advance(const QGeoCoordinate &from, double speedKph, double courseDeg,
                                  double seconds);
    // `course` turned towards `target` by at most `maxTurnDeg`, the short way round.
    static double turnTowards(double course, double target, double maxTurnDeg);
    static double normaliseCourse(double degrees); // into [0, 360)
    static constexpr double kTurnRateDegPerSec = 1.5; // gentle curves, not zig-zags
    static constexpr double kAccelKphPerSec = 7.0; // about 2 m/s^2

    // Drives on for `seconds` (integrated in steps of at most kSubStepSecs) and returns the new
    // point; speed and course are the values at the end.
    RoutePoint step(double seconds);
    RoutePoint current() const;
    double maxSpeedKph() const { return m_maxSpeedKph; }

private:
    static constexpr double kSubStepSecs = 5.0;
    double uniform(); // [0, 1)
    void subStep(double seconds);

    double m_lat = 0.0;
    double m_lon = 0.0;
    double m_centreLat = 0.0;
    double m_centreLon = 0.0;
    double m_radiusM = 10000.0;
    double m_maxSpeedKph = 90.0;
    double m_speed = 0.0;
    double m_course = 0.0;
    double m_targetSpeed = 0.0;
    double m_turnBias = 0.0; // degrees per second the driver is currently steering
    double m_phaseLeft = 0.0; // seconds left of the current drive or stop
    quint64 m_rng = 0;
    bool m_stopped = true;
};

} // namespace fw
