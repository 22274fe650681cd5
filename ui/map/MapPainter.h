#pragma once
// MapPainter: draws one frame of the map from the state MapWidget holds (view, tile source,
// markers, selection, track, replay position), so the widget keeps only input and state. Caches
// the marker and cluster sprites, and asks the tile source for the tiles around what it drew.

#include "domain/Position.h"
#include "map/MapProjection.h"
#include "map/MapViewport.h"
#include "status/ConnectionStatus.h"

#include <QCoreApplication>
#include <QFont>
#include <QHash>
#include <QPalette>
#include <QPixmap>

#include <optional>

class QPainter;

namespace fw {

class Basemap;
class GeofenceLayer;
class MapTool;
class MarkerIndex;
class TileSource;
class TrackLayer;

class MapPainter
{
    // The scale bar's texts were written for the widget; they keep its translation context.
    Q_DECLARE_TR_FUNCTIONS(fw::MapWidget)
public:
    // Everything one frame shows; the pointers must stay valid while paint() runs.
    struct Frame
    {
        MapViewport view;
        TileRange tiles; // the tiles that cover the view
        TileSource *source = nullptr; // null = the built-in basemap only
        Basemap *basemap = nullptr;
        const MarkerIndex *markers = nullptr;
        QString selected; // drawn on top, with a ring
        const TrackLayer *track = nullptr;
        QList<const TrackLayer *> otherTracks; // drawn under `track`, without a legend
        const GeofenceLayer *geofences = nullptr; // null: hidden
        const MapTool *tool = nullptr; // drawn above the markers
        std::optional<Position> replay;
        QString sourceAttribution; // of the tile source's tiles
        QString basemapAttribution; // of the built-in basemap, drawn where tiles are missing
        QString hovered; // its name is shown beside it
        QPalette palette;
        QFont font;
        qreal devicePixelRatio = 1.0;
        bool focused = false; // draws the focus frame
    };

    static constexpr double kLabelMinZoom = 12.0; // device names from this zoom on

    void paint(QPainter &p, const Frame &frame);
    // The attribution of the layers the last frame really drew ("" before the first).
    QString lastAttribution() const { return m_attribution; }
    void clearSprites(); // after a palette or font change
    void forgetRequestedTiles(); // another tile source: ask it afresh

private:
    void paintTiles(QPainter &p, const Frame &frame);
    void paintNameLabel(
        QPainter &p, const Frame &frame, QPointF at, const QString &name, bool emphasised) const;
    void requestTiles(TileSource *source, const TileRange &range);
    void paintMarkers(QPainter &p, const Frame &frame);
    void paintReplay(QPainter &p, const Frame &frame) const;
    void paintOverlays(QPainter &p, const Frame &frame) const;
    QPixmap markerSprite(ConnectionStatus status, int headingBucket, qreal dpr);
    QPixmap clusterSprite(int count, ConnectionStatus worst, qreal dpr, const QFont &font);

    QHash<quint32, QPixmap> m_sprites;
    QString m_attribution;
    bool m_drewSourceTiles = false; // in the frame being painted
    bool m_drewBasemap = false;
    QHash<quint64, QPixmap> m_clusterSprites;
    TileRange m_lastWanted;
    const TileSource *m_lastWantedSource = nullptr;
};

} // namespace fw
