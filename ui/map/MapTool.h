#pragma once
// MapTool: something the operator does on the map with the mouse besides looking (drawing a
// geofence, say). MapWidget offers it each press first: a press the tool takes becomes its drag;
// any other press pans the map as usual, and a click that was not a drag goes to click() instead
// of selecting a device. The tool paints itself above the map's layers and says when it changed.

#include "map/MapViewport.h"

#include <QObject>

class QPainter;

namespace fw {

class MapTool : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual bool press(QPointF pos, const MapViewport &view) = 0; // true: the tool drags
    virtual void drag(QPointF pos, const MapViewport &view) = 0;
    virtual void release() = 0;
    virtual void click(QPointF pos, const MapViewport &view) = 0;
    virtual void paint(QPainter &painter, const MapViewport &view) const = 0;

signals:
    void changed();
};

} // namespace fw
