#pragma once
// Basemap: Natural Earth country outlines (land fill, coastlines, borders) drawn wherever a tile
// is missing, so the map is never a blank grey area: offline, with no tile source, or while tiles
// load. Polygons are projected once to normalised Mercator; paths are cached per zoom and
// rendered into tile-sized images (LRU) so panning costs a blit, not a re-fill.

#include "map/MapProjection.h"

#include <QCache>
#include <QColor>
#include <QImage>
#include <QList>
#include <QPainterPath>
#include <QPolygonF>
#include <QString>

#include <map>

namespace fw {

class Basemap
{
public:
    static QString defaultResource(); // ":/fleetwatch/basemap/ne_110m.fwbm"

    Basemap();
    bool load(const QString &path = defaultResource());
    bool isLoaded() const { return !m_land.isEmpty(); }
    int ringCount() const { return static_cast<int>(m_land.size()); }

    struct Palette
    {
        QColor water;
        QColor land;
        QColor coast;
        QColor border;
    };
    static Palette palette(bool dark);

    // The tile as an image of 256 * dpr pixels (device pixel ratio set), from the cache when
    // possible. x is wrapped; tiles outside the world in y are plain water.
    QImage tile(const TileId &id, qreal dpr, bool dark);
    // Land path of the whole world at integer `zoom` in world pixels (cached, zoom <= 8).
    QPainterPath landPath(int zoom);
    bool isLand(double lat, double lon) const; // point in a land ring (for tests)
    void clearCache() { m_tiles.clear(); }

private:
    struct Line
    {
        QPolygonF points; // normalised Mercator
        QRectF bounds;
        bool border = false;
    };
    struct Ring
    {
        QPolygonF points;
        QRectF bounds;
    };
    struct ZoomPaths
    {
        QPainterPath land;
        QPainterPath coast;
        QPainterPath borders;
    };
    static constexpr int kMaxPathZoom = 8; // world <= 65536 px: whole-world paths stay exact
    const ZoomPaths &paths(int zoom);
    void render(QPainter *p, const TileId &id, const Palette &colors);

    QList<Ring> m_land;
    QList<Line> m_lines;
    std::map<int, ZoomPaths> m_paths;
    QCache<quint64, QImage> m_tiles;
};

} // namespace fw
