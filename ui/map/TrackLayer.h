#pragma once
// TrackLayer: the selected device's stored track drawn on the map, each segment coloured by
// speed (blue slow -> red fast) with a small gradient legend. Points are projected once when the
// track is set; painting culls segments outside the view and batches runs of one colour.

#include "domain/Position.h"

#include <QCoreApplication>
#include <QColor>
#include <QList>
#include <QPointF>
#include <QRectF>

class QPainter;
class QPalette;

namespace fw {

class TrackLayer
{
    Q_DECLARE_TR_FUNCTIONS(fw::TrackLayer)
public:
    void setTrack(const QList<Position> &positions); // oldest first; no-fix rows are skipped
    void clear();
    bool isEmpty() const { return m_points.isEmpty(); }
    int pointCount() const { return static_cast<int>(m_points.size()); }
    const QList<Position> &positions() const { return m_positions; }
    QRectF normalizedBounds() const { return m_bounds; }
    double maxSpeedKph() const { return m_maxSpeed; } // legend top (at least 30 km/h)

    static QColor speedColor(double kph, double maxKph);
    // One colour for the whole track (several devices on one map); invalid = colour by speed.
    void setColor(const QColor &color) { m_color = color; }
    QColor color() const { return m_color; }

    // `origin` = world pixel (at worldSize) of the widget's top-left corner, copy already chosen.
    void paint(QPainter *painter, QPointF origin, double worldSize, const QRectF &viewport) const;
    void paintLegend(QPainter *painter, const QRectF &area, const QPalette &palette) const;

private:
    QList<Position> m_positions; // the ones drawn (valid, with coordinates)
    QList<QPointF> m_points; // normalised Mercator, longitudes unwrapped along the track
    QList<double> m_speeds;
    QRectF m_bounds;
    double m_maxSpeed = 30.0;
    QColor m_color;
};

} // namespace fw
