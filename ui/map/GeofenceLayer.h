#pragma once
// GeofenceLayer: the geofences drawn on the live map, each as its outline (circles and corridors
// as the polygon the rules test, from the geo layer), tinted by kind, with its name from a
// moderate zoom on. Outlines are projected once when the geofences are set; painting draws each
// world copy the view touches, so a geofence across the antimeridian stays whole.

#include "geo/Geofence.h"

#include <QCoreApplication>
#include <QList>
#include <QPolygonF>
#include <QRectF>

class QPainter;
class QPalette;

namespace fw {

class MapViewport;

class GeofenceLayer
{
    Q_DECLARE_TR_FUNCTIONS(fw::GeofenceLayer)
public:
    static constexpr double kLabelMinZoom = 11.0;

    void setGeofences(const QList<Geofence> &geofences);
    int count() const { return static_cast<int>(m_shapes.size()); }
    QStringList names() const;
    // The outline of one geofence in normalised Mercator (longitudes unwrapped along it).
    QPolygonF outline(const QString &name) const;
    QRectF normalizedBounds() const { return m_bounds; }
    void setHighlighted(const QString &name) { m_highlighted = name; }

    void paint(QPainter &painter, const MapViewport &view, const QPalette &palette) const;

private:
    struct Shape
    {
        QString name;
        GeofenceKind kind = GeofenceKind::Polygon;
        QList<QPolygonF> rings; // normalised; the first is the outer ring
        QRectF bounds;
    };
    QList<Shape> m_shapes;
    QRectF m_bounds;
    QString m_highlighted;
};

} // namespace fw
