#pragma once
// MapWidget: the fleet on a Web Mercator map: tiles from a TileSource with the Natural Earth
// basemap wherever a tile is missing, device markers in the status colours of the list
// (clustered on a screen grid at far zooms), the selected device's track and a replay marker.
// Fed by FleetDelta batches. It holds the view and handles input; MarkerIndex decides what is
// drawn where (a spatial grid keeps frames fast with 10,000 devices) and MapPainter draws it.

#include "domain/Position.h"
#include "fleet/DeviceSnapshot.h"
#include "map/Basemap.h"
#include "map/GeofenceLayer.h"
#include "map/MapPainter.h"
#include "map/MapProjection.h"
#include "map/MapViewport.h"
#include "map/MapTool.h"
#include "map/MarkerIndex.h"
#include "map/TileSource.h"
#include "map/TrackLayer.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <optional>

class QVariantAnimation;

namespace fw {

class Clock;

class MapWidget : public QWidget
{
    Q_OBJECT
public:
    // One thing drawn at a screen position: a single device or a cluster of several.
    using Item = MarkerIndex::Item;

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
    int markerCount() const { return m_markers.size(); }
    bool hasMarker(const QString &id) const { return m_markers.contains(id); }
    std::optional<QPointF> markerPos(const QString &id) const; // screen, without clustering
    QList<Item> visibleItems() const; // after clustering, as the last/next frame draws them
    QString deviceAt(QPointF widgetPos) const; // a single marker under the point, or empty
    QString toolTipTextAt(QPointF widgetPos) const;
    QString selectedDevice() const { return m_selected; }
    QString followedDevice() const { return m_followed; }
    // Clustering applies below this zoom (default 15); 0 turns it off.
    void setClusterMaxZoom(double zoom);
    double clusterMaxZoom() const { return m_markers.clusterMaxZoom(); }
    static constexpr int kClusterCellPx = MarkerIndex::kClusterCellPx;
    static constexpr double kLabelMinZoom = MapPainter::kLabelMinZoom;

    // Track and replay.
    void setTrack(const QList<Position> &track);
    void clearTrack();
    // More devices' tracks, each in one colour, under the selected one (reports, replay).
    void setOtherTracks(const QList<QList<Position>> &tracks, const QList<QColor> &colors);
    const QList<TrackLayer> &otherTracks() const { return m_otherTracks; }
    void fitTracks(); // every track in view
    void fitTimeSpan(TimeMs from, TimeMs to); // the part of the selected track in that period
    const TrackLayer &trackLayer() const { return m_track; }
    void setReplayPosition(const Position &position);
    void clearReplayPosition();
    std::optional<Position> replayPosition() const { return m_replay; }

    // Geofences (drawn under the track and markers) and the tool that edits one.
    void setGeofences(const QList<Geofence> &geofences);
    const GeofenceLayer &geofenceLayer() const { return m_geofences; }
    void setHighlightedGeofence(const QString &name);
    bool geofencesVisible() const { return m_showGeofences; }
    void setTool(MapTool *tool); // not owned; null = none
    MapTool *tool() const { return m_tool.data(); }

    QString attributionText() const; // of the layers the last frame drew
    static QString basemapAttribution();
    QString hoveredDevice() const { return m_hovered; }
    double lastFrameMs() const { return m_lastFrameMs; }
    QSize sizeHint() const override { return { 800, 600 }; }

public slots:
    void selectDevice(const QString &id); // does not emit deviceSelected
    void setFollowedDevice(const QString &id); // empty = stop following
    void fitAll();
    void fitSelection();
    void zoomIn();
    void zoomOut();
    void setGeofencesVisible(bool visible);

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
    void leaveEvent(QEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void upsertMarker(const DeviceSnapshot &s);

    MapViewport viewport() const; // the current view, as the index and the painter see it
    QPointF originWorld() const; // world pixel of the widget's top-left
    double worldSize() const;
    void setCenterNorm(QPointF norm);
    void viewMoved();
    void fitNormalized(const QRectF &rect, double maxZoom);

    void stopInertia();
    void inertiaStep();

    Clock *m_clock = nullptr;
    QPointer<TileSource> m_source;
    Basemap m_basemap;
    QPointF m_centerNorm { 0.5, 0.5 };
    double m_zoom = 2.0;

    MarkerIndex m_markers;
    QString m_selected;
    QString m_hovered; // the device under the pointer
    QString m_followed;

    TrackLayer m_track;
    QList<TrackLayer> m_otherTracks;
    GeofenceLayer m_geofences;
    bool m_showGeofences = true;
    QPointer<MapTool> m_tool;
    bool m_toolDrag = false; // the press went to the tool
    std::optional<Position> m_replay;

    MapPainter m_painter;

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
