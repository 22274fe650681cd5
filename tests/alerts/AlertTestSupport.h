#pragma once
// Helpers for the rule tests: positions placed in metres along a straight east-bound track from
// a fixed origin (so expected crossings are exact numbers, independent of the geometry code),
// and an alert collector attached to a RuleEngine.

#include "alerts/RuleEngine.h"
#include "domain/Position.h"

#include <QList>

#include <cmath>
#include <numbers>

namespace fw::test {

inline constexpr TimeMs kT0 = 1'700'000'000'000; // 2023-11-14T22:13:20Z
inline constexpr double kLat0 = 50.0;
inline constexpr double kLon0 = 14.0;
inline constexpr double kMetresPerDegLat = 6'371'008.8 * std::numbers::pi / 180.0;

inline double lonAt(double eastM)
{
    return kLon0 + eastM / (kMetresPerDegLat * std::cos(kLat0 * std::numbers::pi / 180.0));
}
inline double latAt(double northM)
{
    return kLat0 + northM / kMetresPerDegLat;
}

inline Position positionAt(const QString &id, TimeMs t, double lat, double lon, double speed = 36)
{
    Position p;
    p.uniqueId = id;
    p.deviceTime = t;
    p.serverTime = t;
    p.valid = true;
    p.latitude = lat;
    p.longitude = lon;
    p.speedKph = speed;
    p.protocol = QStringLiteral("osmand");
    return p;
}

struct AlertCollector
{
    explicit AlertCollector(RuleEngine &engine)
    {
        QObject::connect(&engine, &RuleEngine::alertRaised, &engine,
                         [this](const Alert &a) { alerts.append(a); });
    }
    QList<Alert> ofType(const QString &type, const QString &geofence = {}) const
    {
        QList<Alert> out;
        for (const Alert &a : alerts) {
            if (a.type == type && (geofence.isEmpty() || a.geofence == geofence))
                out.append(a);
        }
        return out;
    }
    QList<Alert> alerts;
};

} // namespace fw::test
