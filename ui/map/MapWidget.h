#pragma once
// MapWidget: the fleet on a Web Mercator map, painted with QPainter: tiles from a TileSource with
// the Natural Earth basemap wherever a tile is missing, device markers in the status colours of
// the list (clustered on a screen grid at far zooms), the selected device's track and a replay
// marker. Fed by FleetDelta batches; a spatial grid keeps frames fast with 10,000 devices.

#include "domain/Position.h"
#include "fleet/DeviceSnapshot.h"
#include "map/Basemap.h"
#include "map/MapProjection.h"
#include "map/TileSource.h"
#include "map/TrackLayer.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPixmap>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <optional>
#include <vector>

class QVariantAnimation;

namespace fw {

class Clock;

class MapWidget : public QWidget
{
    Q_OBJECT
public:
    // One thing drawn at a screen position: a single device or a cluster of several.
    struct Item
    {
        QPointF pos; // logical widget pixels
        int count = 1;
        ConnectionStatus status = ConnectionStatus::Online; // the device's, or the worst
        int marker = -1; // index of a single device (count == 1)
        QRectF bounds; // of the members, normalised Mercator (clusters)
    };

    explicit MapWidget(QWidget *parent = nullptr);
    ~MapWidget() override;

    void setClock(Clock *clock); // for "last update 3 min ago"; may be null
    void setTileSource(TileSource *source); // not owned; null = built-in basemap only
    TileSource *tileSource() const { return m_source; }
    Basemap &basemap() { return m_basemap; }

    QGeoCoordinate center() const;
    double zoom() const { return m_zoom; }
    void setCenter(const QGeoCoordinate &center);
    void setZoom(double zoom); // around the centre
    void setView(const QGeoCoordinate &center, double zoom);
    void zoomAround(QPointF widgetPos, double zoom, bool animated = false);
    void panBy(QPointF pixels); // moves the map content by `pixels`
    bool isAnimating() const;

    QPointF geoToScreen(const QGeoCoordinate &c) const; // the world copy nearest the centre
    QGeoCoordinate screenToGeo(QPointF widgetPos) const;
    TileRange visibleTileRange() const; // tiles covering the widget at the current zoom

    // Devices.
    void applyDelta(const FleetDelta &delta);
    int markerCount() const { return static_cast<int>(m_markers.size()); }
    bool hasMarker(const QString &id) const { return m_index.contains(id); }
    std::optional<QPointF> markerPos(const QString &id) const; // screen, without clustering
    QList<Item> visibleItems() const; // after clustering, as the last/next frame draws them
    QString deviceAt(QPointF widgetPos) const; // a single marker under the point, or empty
    QString toolTipTextAt(QPointF widgetPos) const;
    QString selectedDevice() const { return m_selected; }
    QString followedDevice() const { return m_followed; }
    // Clustering applies below this zoom (default 15); 0 turns it off.
    void setClusterMaxZoom(double zoom);
    double clusterMaxZoom() const { return m_clusterMaxZoom; }
    static constexpr int kClusterCellPx = 64;
    static constexpr double kLabelMinZoom = 12.0;

    // Track and replay.
    void setTrack(const QList<Position> &track);
    void clearTrack();
    const TrackLayer &trackLayer() const { return m_track; }
    void setReplayPosition(const Position &position);
    void clearReplayPosition();
    std::optional<Position> replayPosition() const { return m_replay; }

    QString attributionText() const;
    double lastFrameMs() const { return m_lastFrameMs; }
    QSize sizeHint() const override { return { 800, 600 }; }

public slots:
    void selectDevice(const QString &id); // does not emit deviceSelected
    void setFollowedDevice(const QString &id); // empty = stop following
    void fitAll();
    void fitSelection();
    void zoomIn();
    void zoomOut();

signals:
    void deviceSelected(const QString &id); // by the user (click)
    void followedDeviceChanged(const QString &id);
    void viewChanged(); // centre or zoom moved

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Marker
    {
        QString id;
        QString name;
        ConnectionStatus status = ConnectionStatus::Online;
        QPointF norm; // normalised Mercator
        bool moving = false;
        double course = 0;
        TimeMs lastUpdate = kNoTime;
        int cell = -1;
    };
    static constexpr int kGrid = 256; // spatial index: kGrid x kGrid cells over the world

    void upsertMarker(const DeviceSnapshot &s);
    void removeMarker(const QString &id);
    void gridInsert(int index);
    void gridRemove(int index);
    int cellOf(QPointF norm) const;

    QPointF centerWorld() const; // world pixels at m_zoom
    QPointF originWorld() const; // world pixel of the widget's top-left
    double worldSize() const;
    void setCenterNorm(QPointF norm);
    void viewMoved();
    void fitNormalized(const QRectF &rect, double maxZoom);
    const std::vector<Item> &layout() const;
    bool isDark() const;

    void paintTiles(QPainter &p);
    void paintMarkers(QPainter &p);
    void paintOverlays(QPainter &p);
    void requestTiles(const TileRange &range);
    QPixmap markerSprite(ConnectionStatus status, int headingBucket, qreal dpr);
    QPixmap clusterSprite(int count, ConnectionStatus worst, qreal dpr);
    void stopInertia();
    void inertiaStep();

    Clock *m_clock = nullptr;
    QPointer<TileSource> m_source;
    Basemap m_basemap;
    QPointF m_centerNorm { 0.5, 0.5 };
    double m_zoom = 2.0;

    std::vector<Marker> m_markers;
    QHash<QString, int> m_index;
    std::vector<std::vector<int>> m_grid;
    QString m_selected;
    QString m_followed;
    double m_clusterMaxZoom = 15.0;

    mutable std::vector<Item> m_layout;
    mutable bool m_layoutDirty = true;

    TrackLayer m_track;
    std::optional<Position> m_replay;

    QHash<quint32, QPixmap> m_sprites;
    QHash<quint64, QPixmap> m_clusterSprites;
    TileRange m_lastWanted;
    const TileSource *m_lastWantedSource = nullptr;

    // Interaction.
    bool m_pressed = false;
    bool m_dragged = false;
    QPointF m_pressPos;
    QPointF m_lastMousePos;
    QElapsedTimer m_moveClock;
    QPointF m_velocity; // px/s
    QTimer m_inertia;
    QElapsedTimer m_inertiaClock;
    QVariantAnimation *m_zoomAnimation = nullptr;
    QPointF m_zoomAnchor;
    double m_wheelTarget = -1;
    double m_lastFrameMs = 0;
};

} // namespace fw
