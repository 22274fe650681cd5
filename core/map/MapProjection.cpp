#include "MapProjection.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace fw {

TileRange TileRange::grown(int ring) const
{
    const int n = 1 << z;
    TileRange r = *this;
    r.x0 -= ring;
    r.x1 += ring;
    r.y0 = std::max(0, y0 - ring);
    r.y1 = std::min(n - 1, y1 + ring);
    return r;
}

double MapProjection::clampLatitude(double lat)
{
    return std::clamp(lat, -kMaxLatitude, kMaxLatitude);
}

double MapProjection::clampZoom(double zoom)
{
    if (std::isnan(zoom))
        return kMinZoom;
    return std::clamp(zoom, kMinZoom, kMaxZoom);
}

double MapProjection::wrapLongitude(double lon)
{
    if (lon >= -180.0 && lon < 180.0)
        return lon;
    double w = std::fmod(lon + 180.0, 360.0);
    if (w < 0)
        w += 360.0;
    return w - 180.0;
}

double MapProjection::worldSize(double zoom)
{
    return kTileSize * std::exp2(zoom);
}

int MapProjection::tileZoom(double zoom)
{
    return static_cast<int>(std::lround(clampZoom(zoom)));
}

QPointF MapProjection::toNormalized(double lat, double lon)
{
    const double x = (wrapLongitude(lon) + 180.0) / 360.0;
    const double phi = clampLatitude(lat) * std::numbers::pi / 180.0;
    const double y
        = 0.5 - std::log(std::tan(std::numbers::pi / 4 + phi / 2)) / (2 * std::numbers::pi);
    // lon = 180 is the same meridian as -180; keep it on the east edge rather than folding it.
    return QPointF(lon == 180.0 ? 1.0 : x, std::clamp(y, 0.0, 1.0));
}

QGeoCoordinate MapProjection::fromNormalized(QPointF n)
{
    double x = n.x() - std::floor(n.x());
    const double y = std::clamp(n.y(), 0.0, 1.0);
    const double lon = x * 360.0 - 180.0;
    const double lat
        = std::atan(std::sinh(std::numbers::pi * (1.0 - 2.0 * y))) * 180.0 / std::numbers::pi;
    return QGeoCoordinate(clampLatitude(lat), lon);
}

QPointF MapProjection::toWorld(double lat, double lon, double zoom)
{
    return toNormalized(lat, lon) * worldSize(clampZoom(zoom));
}

QPointF MapProjection::toWorld(const QGeoCoordinate &c, double zoom)
{
    return toWorld(c.latitude(), c.longitude(), zoom);
}

QGeoCoordinate MapProjection::toGeo(QPointF world, double zoom)
{
    return fromNormalized(world / worldSize(clampZoom(zoom)));
}

double MapProjection::wrapX(double worldX, double zoom)
{
    const double size = worldSize(clampZoom(zoom));
    double x = std::fmod(worldX, size);
    if (x < 0)
        x += size;
    return x;
}

TileId MapProjection::tileAt(double lat, double lon, int z)
{
    z = static_cast<int>(clampZoom(z));
    const int n = 1 << z;
    const QPointF p = toNormalized(lat, lon) * n;
    return { z, std::clamp(static_cast<int>(std::floor(p.x())), 0, n - 1),
        std::clamp(static_cast<int>(std::floor(p.y())), 0, n - 1) };
}

TileRange MapProjection::visibleTiles(QPointF centerWorld, QSizeF size, double zoom, int level)
{
    zoom = clampZoom(zoom);
    const int z = level < 0 ? tileZoom(zoom) : std::clamp(level, 0, static_cast<int>(kMaxZoom));
    const int n = 1 << z;
    // Tile pixels at the drawn zoom: a level-z tile is 256 * 2^(zoom - z) logical pixels.
    const double tilePx = kTileSize * std::exp2(zoom - z);
    const double left = centerWorld.x() - size.width() / 2;
    const double top = centerWorld.y() - size.height() / 2;
    const double right = left + size.width();
    const double bottom = top + size.height();
    TileRange r;
    r.z = z;
    r.x0 = static_cast<int>(std::floor(left / tilePx));
    r.x1 = static_cast<int>(std::ceil(right / tilePx)) - 1;
    r.y0 = std::max(0, static_cast<int>(std::floor(top / tilePx)));
    r.y1 = std::min(n - 1, static_cast<int>(std::ceil(bottom / tilePx)) - 1);
    if (r.x1 < r.x0)
        r.x1 = r.x0;
    return r;
}

QRectF MapProjection::visibleNormalized(QPointF centerWorld, QSizeF size, double zoom)
{
    const double w = worldSize(clampZoom(zoom));
    return QRectF((centerWorld.x() - size.width() / 2) / w,
        (centerWorld.y() - size.height() / 2) / w, size.width() / w, size.height() / w);
}

double MapProjection::metresPerPixel(double lat, double zoom)
{
    const double circumference = 2 * std::numbers::pi * kEarthRadius;
    return circumference * std::cos(clampLatitude(lat) * std::numbers::pi / 180.0)
        / worldSize(clampZoom(zoom));
}

double MapProjection::zoomToFit(const QRectF &normalizedRect, QSizeF size)
{
    const double w = std::max(normalizedRect.width(), 1e-12);
    const double h = std::max(normalizedRect.height(), 1e-12);
    const double zx = std::log2(size.width() / (w * kTileSize));
    const double zy = std::log2(size.height() / (h * kTileSize));
    return clampZoom(std::min(zx, zy));
}

} // namespace fw
