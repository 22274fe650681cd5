#pragma once
// LocalProjection: an azimuthal equidistant projection centred on one geofence, in metres. Every
// geofence is tested in its own metric plane, so a polygon across the antimeridian (longitudes
// wrap through the centre's) or around a pole (no singular meridians near the centre) is as
// correct as one in Europe, and corridor widths and circle radii are true metres.

namespace fw {

struct GeoPoint
{
    double lat = 0.0;
    double lon = 0.0;
};

struct PlanePoint
{
    double x = 0.0; // metres east of the centre (along the centre's tangent plane)
    double y = 0.0; // metres north
};

inline constexpr double kEarthRadiusM = 6'371'008.8; // mean radius (IUGG)

// Great-circle distance in metres (haversine).
double greatCircleMetres(const GeoPoint &a, const GeoPoint &b);
// Longitude in (-180, 180].
double normalizedLongitude(double lon);

class LocalProjection
{
public:
    LocalProjection() = default;
    explicit LocalProjection(const GeoPoint &centre);

    // The spherical mean of the points (unit vectors averaged), a good centre for any shape
    // that fits in a hemisphere, whichever meridian it crosses.
    static GeoPoint centreOf(const GeoPoint *points, int count);

    const GeoPoint &centre() const { return m_centre; }
    PlanePoint forward(const GeoPoint &p) const;
    GeoPoint inverse(const PlanePoint &p) const;

private:
    GeoPoint m_centre;
    double m_sinLat0 = 0.0;
    double m_cosLat0 = 1.0;
};

} // namespace fw
