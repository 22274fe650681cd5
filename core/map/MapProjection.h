#pragma once
// MapProjection: the spherical Web Mercator math of the map (EPSG:3857, 256 px tiles, fractional
// zoom), kept free of widgets so the tile sources, the basemap, the benchmark and the tests share
// one definition of "where is this coordinate on screen" and "which tiles cover this view".

#include <QGeoCoordinate>
#include <QHashFunctions>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace fw {

// One tile of the XYZ ("slippy map") scheme: y grows southwards, x in [0, 2^z).
struct TileId
{
    int z = 0;
    int x = 0;
    int y = 0;
    bool operator==(const TileId &o) const = default;
};

inline size_t qHash(const TileId &t, size_t seed = 0) noexcept
{
    return qHashMulti(seed, t.z, t.x, t.y);
}

// An inclusive range of tiles at one zoom. x may run outside [0, 2^z) where the view crosses
// the antimeridian; wrappedX() folds it back. y is always inside [0, 2^z).
struct TileRange
{
    int z = 0;
    int x0 = 0;
    int x1 = -1;
    int y0 = 0;
    int y1 = -1;
    int columns() const { return x1 >= x0 ? x1 - x0 + 1 : 0; }
    int rows() const { return y1 >= y0 ? y1 - y0 + 1 : 0; }
    int count() const { return columns() * rows(); }
    bool contains(int x, int y) const { return x >= x0 && x <= x1 && y >= y0 && y <= y1; }
    bool operator==(const TileRange &o) const = default;
    TileRange grown(int ring) const; // `ring` more tiles on every side (y clamped)
};

class MapProjection
{
public:
    static constexpr int kTileSize = 256;
    static constexpr double kMaxLatitude = 85.05112878;
    static constexpr double kMinZoom = 0.0;
    static constexpr double kMaxZoom = 19.0;
    static constexpr double kEarthRadius = 6378137.0; // WGS 84 semi-major axis, metres

    static double clampLatitude(double lat);
    static double clampZoom(double zoom);
    static double wrapLongitude(double lon); // into [-180, 180)
    static double worldSize(double zoom); // 256 * 2^zoom
    static int tileZoom(double zoom); // the integer tile level drawn at a fractional zoom

    // Normalised Mercator: x and y in [0, 1], (0, 0) = north-west corner. Independent of zoom.
    static QPointF toNormalized(double lat, double lon);
    static QGeoCoordinate fromNormalized(QPointF n); // x wraps, y clamps

    // World pixels at `zoom`: normalised * worldSize(zoom).
    static QPointF toWorld(double lat, double lon, double zoom);
    static QPointF toWorld(const QGeoCoordinate &c, double zoom);
    static QGeoCoordinate toGeo(QPointF world, double zoom);
    static double wrapX(double worldX, double zoom); // into [0, worldSize)

    // The tile that holds a point at integer zoom `z`.
    static TileId tileAt(double lat, double lon, int z);
    // Tiles that cover a viewport of `size` logical pixels centred on `centerWorld` (world
    // pixels at `zoom`), at level `level` (default tileZoom(zoom)).
    static TileRange visibleTiles(QPointF centerWorld, QSizeF size, double zoom, int level = -1);
    // The geographic extent of a viewport (longitudes may leave [-180, 180] when it wraps).
    static QRectF visibleNormalized(QPointF centerWorld, QSizeF size, double zoom);

    // Ground metres per logical pixel at `lat` (for the scale bar).
    static double metresPerPixel(double lat, double zoom);
    // The zoom at which `normalizedRect` fits in `size` pixels (clamped to the limits).
    static double zoomToFit(const QRectF &normalizedRect, QSizeF size);
};

} // namespace fw
