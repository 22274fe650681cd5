#pragma once
// GeofenceDraft: a geofence being drawn on the map, as the MapTool the map hands its mouse to.
// A circle: the first click places the centre (with a radius of about 40 px), dragging the
// centre moves it, dragging the ring handle resizes it. A polygon or corridor: each click adds a
// vertex, dragging a vertex moves it, dragging inside the shape (or along the corridor) moves
// the whole shape. Every change can be undone (Ctrl+Z in the dialog). The geometry is kept in
// degrees and metres, so it does not depend on the zoom it was drawn at.

#include "geo/Geofence.h"
#include "map/MapTool.h"

#include <QList>

namespace fw {

class GeofenceDraft : public MapTool
{
    Q_OBJECT
public:
    static constexpr double kHandlePx = 7.0; // grab distance of a handle

    explicit GeofenceDraft(GeofenceKind kind, QObject *parent = nullptr);

    // Starts from an existing geofence (editing it); its kind, points and sizes.
    void setGeofence(const Geofence &geofence);
    GeofenceKind kind() const { return m_state.kind; }
    const QList<GeoPoint> &points() const { return m_state.points; }
    double radiusM() const { return m_state.radiusM; }
    void setCorridorWidth(double metres);
    double corridorWidth() const { return m_state.widthM; }
    // The shape has enough points to be a geofence of its kind.
    bool isComplete() const;
    // `base` gives the name, speed limit and group; the shape is the draft's.
    Geofence toGeofence(const Geofence &base) const;

    bool canUndo() const { return !m_undo.isEmpty(); }

    bool press(QPointF pos, const MapViewport &view) override;
    void drag(QPointF pos, const MapViewport &view) override;
    void release() override;
    void click(QPointF pos, const MapViewport &view) override;
    void paint(QPainter &painter, const MapViewport &view) const override;

public slots:
    void undo();
    void clear();

signals:
    void undoAvailable(bool available);

private:
    struct State
    {
        GeofenceKind kind = GeofenceKind::Polygon;
        QList<GeoPoint> points;
        QList<QList<GeoPoint>> holes; // an imported polygon's: kept and moved, not edited
        double radiusM = 0.0;
        double widthM = 100.0;
    };
    enum Grab { None = -3, Body = -2, RadiusHandle = -1 }; // >= 0: a vertex
    void remember(); // pushes the state before a change
    QPointF screenOf(const GeoPoint &p, const MapViewport &view) const;
    static GeoPoint geoOf(QPointF pos, const MapViewport &view);
    QPointF radiusHandle(const MapViewport &view) const;
    bool insideBody(QPointF pos, const MapViewport &view) const;

    State m_state;
    QList<State> m_undo;
    int m_grab = None;
    GeoPoint m_grabGeo; // where a body drag started
    QList<GeoPoint> m_grabPoints;
    QList<QList<GeoPoint>> m_grabHoles;
};

} // namespace fw
