#include "MapViewport.h"

#include "map/MapProjection.h"

#include <cmath>

namespace fw {

MapViewport::MapViewport(QPointF centerNorm, double zoom, QSizeF size)
    : m_centerNorm(centerNorm)
    , m_zoom(zoom)
    , m_size(size)
{ }

double MapViewport::worldSize() const
{
    return MapProjection::worldSize(m_zoom);
}

QPointF MapViewport::centerWorld() const
{
    return m_centerNorm * worldSize();
}

QPointF MapViewport::originWorld() const
{
    return centerWorld() - QPointF(m_size.width() / 2.0, m_size.height() / 2.0);
}

QPointF MapViewport::toScreen(QPointF norm) const
{
    norm.rx() += std::round(m_centerNorm.x() - norm.x());
    return norm * worldSize() - originWorld();
}

QPointF MapViewport::toNormalized(QPointF screen) const
{
    return (originWorld() + screen) / worldSize();
}

bool MapViewport::operator==(const MapViewport &other) const
{
    return m_centerNorm.x() == other.m_centerNorm.x() && m_centerNorm.y() == other.m_centerNorm.y()
        && m_zoom == other.m_zoom && m_size.width() == other.m_size.width()
        && m_size.height() == other.m_size.height();
}

} // namespace fw
