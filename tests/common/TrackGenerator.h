#pragma once
// TrackGenerator: synthetic tracks with known answers for the report tests: parked (one report
// every 30 s, optionally drifting and with speed noise) and driving north at a steady speed (one
// report every 10 s), so the test knows each trip's length, start and end to the second.

#include "domain/Position.h"

#include <QVariantMap>

namespace fw::test {

struct TrackGenerator
{
    static constexpr double kMetresPerDegreeLat = 111'195.0;

    QString uniqueId = QStringLiteral("dev");
    QList<Position> positions;
    TimeMs time = 1'700'000'000'000;
    double lat = 52.0, lon = 21.0;

    void at(double speed, const QVariantMap &attributes = {})
    {
        Position p;
        p.uniqueId = uniqueId;
        p.deviceTime = time;
        p.serverTime = time;
        p.valid = true;
        p.latitude = lat;
        p.longitude = lon;
        p.speedKph = speed;
        p.protocol = QStringLiteral("osmand");
        for (auto it = attributes.cbegin(); it != attributes.cend(); ++it)
            p.attributes.set(it.key(), it.value());
        positions.append(p);
    }
    // Parked for `seconds`, one report every 30 s, drifting `drift` metres either way, every
    // third report with `speedNoise` km/h.
    void park(int seconds, double drift = 0, double speedNoise = 0,
        const QVariantMap &attributes = {})
    {
        for (int s = 0; s < seconds; s += 30) {
            const double saved = lat;
            lat += ((s / 30) % 2 ? drift : -drift) / kMetresPerDegreeLat;
            at((s / 30) % 3 == 0 ? speedNoise : 0, attributes);
            lat = saved;
            time += 30 * kSecond;
        }
    }
    // Driving north at `kph` for `seconds`, one report every 10 s.
    void drive(int seconds, double kph, const QVariantMap &attributes = {})
    {
        for (int s = 0; s < seconds; s += 10) {
            time += 10 * kSecond;
            lat += kph / 3.6 * 10 / kMetresPerDegreeLat;
            at(kph, attributes);
        }
    }
};

} // namespace fw::test
