#pragma once
// MapViewport: one view of the map as a value (centre in normalised Mercator, fractional zoom,
// size in logical pixels) and the pixel conversions that follow from it, so the widget that
// moves the view, the painter that draws it and the marker index that lays it out agree.

#include <QPointF>
#include <QSizeF>

namespace fw {

class MapViewport
{
public:
    MapViewport() = default;
    MapViewport(QPointF centerNorm, double zoom, QSizeF size);

    QPointF centerNorm() const { return m_centerNorm; }
    double zoom() const { return m_zoom; }
    QSizeF size() const { return m_size; }
    double width() const { return m_size.width(); }
    double height() const { return m_size.height(); }

    double worldSize() const; // world pixels across at zoom()
    QPointF centerWorld() const;
    QPointF originWorld() const; // world pixel of the top-left corner
    // Screen position of a normalised Mercator point, on the world copy nearest the centre.
    QPointF toScreen(QPointF norm) const;
    QPointF toNormalized(QPointF screen) const; // x not wrapped into [0, 1)

    // Exact, unlike QPointF's fuzzy ==: a layout cached for one view is reused only for it.
    bool operator==(const MapViewport &other) const;

private:
    QPointF m_centerNorm { 0.5, 0.5 };
    double m_zoom = 0.0;
    QSizeF m_size;
};

} // namespace fw
