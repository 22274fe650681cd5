#include "LocalProjection.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace fw {

namespace {
constexpr double kRad = std::numbers::pi / 180.0;
constexpr double kDeg = 180.0 / std::numbers::pi;
} // namespace

double greatCircleMetres(const GeoPoint &a, const GeoPoint &b)
{
    const double dLat = (b.lat - a.lat) * kRad;
    const double dLon = (b.lon - a.lon) * kRad;
    const double s1 = std::sin(dLat / 2);
    const double s2 = std::sin(dLon / 2);
    const double h = s1 * s1 + std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * s2 * s2;
    return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

double normalizedLongitude(double lon)
{
    double l = std::fmod(lon + 180.0, 360.0);
    if (l < 0)
        l += 360.0;
    l -= 180.0;
    return l == -180.0 ? 180.0 : l;
}

LocalProjection::LocalProjection(const GeoPoint &centre)
    : m_centre(centre)
    , m_sinLat0(std::sin(centre.lat * kRad))
    , m_cosLat0(std::cos(centre.lat * kRad))
{
}

GeoPoint LocalProjection::centreOf(const GeoPoint *points, int count)
{
    double x = 0, y = 0, z = 0;
    for (int i = 0; i < count; ++i) {
        const double lat = points[i].lat * kRad;
        const double lon = points[i].lon * kRad;
        x += std::cos(lat) * std::cos(lon);
        y += std::cos(lat) * std::sin(lon);
        z += std::sin(lat);
    }
    const double h = std::hypot(x, y);
    if (h < 1e-12 && std::abs(z) < 1e-12)
        return count > 0 ? points[0] : GeoPoint {};
    return { std::atan2(z, h) * kDeg, h < 1e-12 ? 0.0 : std::atan2(y, x) * kDeg };
}

PlanePoint LocalProjection::forward(const GeoPoint &p) const
{
    const double lat = p.lat * kRad;
    const double dLon = (p.lon - m_centre.lon) * kRad;
    const double sinLat = std::sin(lat);
    const double cosLat = std::cos(lat);
    const double cosDLon = std::cos(dLon);
    const double cosC
        = std::clamp(m_sinLat0 * sinLat + m_cosLat0 * cosLat * cosDLon, -1.0, 1.0);
    const double c = std::acos(cosC);
    const double k = c < 1e-9 ? 1.0 : c / std::sin(c);
    return { kEarthRadiusM * k * cosLat * std::sin(dLon),
             kEarthRadiusM * k * (m_cosLat0 * sinLat - m_sinLat0 * cosLat * cosDLon) };
}

GeoPoint LocalProjection::inverse(const PlanePoint &p) const
{
    const double rho = std::hypot(p.x, p.y);
    if (rho < 1e-9)
        return m_centre;
    const double c = rho / kEarthRadiusM;
    const double sinC = std::sin(c);
    const double cosC = std::cos(c);
    const double lat = std::asin(std::clamp(cosC * m_sinLat0 + p.y * sinC * m_cosLat0 / rho,
                                            -1.0, 1.0));
    const double lon = m_centre.lon * kRad
        + std::atan2(p.x * sinC, rho * m_cosLat0 * cosC - p.y * m_sinLat0 * sinC);
    return { lat * kDeg, normalizedLongitude(lon * kDeg) };
}

} // namespace fw
