#include "GeofenceLayer.h"

#include "geo/GeofenceIndex.h"
#include "map/MapProjection.h"
#include "map/MapViewport.h"

#include <QJsonArray>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>

#include <cmath>

namespace fw {

namespace {
QPolygonF ringOf(const QJsonArray &coordinates)
{
    QPolygonF ring;
    for (const QJsonValue &v : coordinates) {
        const QJsonArray c = v.toArray();
        QPointF n = MapProjection::toNormalized(c.at(1).toDouble(), c.at(0).toDouble());
        if (!ring.isEmpty()) {
            const double prev = ring.last().x();
            while (n.x() - prev > 0.5)
                n.rx() -= 1.0;
            while (prev - n.x() > 0.5)
                n.rx() += 1.0;
        }
        ring.append(n);
    }
    return ring;
}

QColor kindColor(GeofenceKind kind)
{
    switch (kind) {
    case GeofenceKind::Circle:
        return QColor(0x1f, 0x77, 0xb4);
    case GeofenceKind::Polygon:
        return QColor(0x9c, 0x27, 0xb0);
    case GeofenceKind::Corridor:
        return QColor(0xe6, 0x7e, 0x00);
    }
    return Qt::gray;
}
} // namespace

void GeofenceLayer::setGeofences(const QList<Geofence> &geofences)
{
    m_shapes.clear();
    m_bounds = {};
    for (const Geofence &g : geofences) {
        const QJsonObject geometry = GeofenceIndex::geometryOf(g);
        if (geometry.isEmpty())
            continue; // cannot be built; the CLI and the editor refuse such geofences
        Shape s;
        s.name = g.name;
        s.kind = g.kind;
        for (const QJsonValue &ring : geometry.value(QLatin1String("coordinates")).toArray())
            s.rings.append(ringOf(ring.toArray()));
        if (s.rings.isEmpty() || s.rings.first().size() < 3)
            continue;
        s.bounds = s.rings.first().boundingRect();
        m_bounds = m_bounds.isNull() ? s.bounds : m_bounds.united(s.bounds);
        m_shapes.append(s);
    }
}

QStringList GeofenceLayer::names() const
{
    QStringList out;
    for (const Shape &s : m_shapes)
        out << s.name;
    return out;
}

QPolygonF GeofenceLayer::outline(const QString &name) const
{
    for (const Shape &s : m_shapes) {
        if (s.name == name)
            return s.rings.first();
    }
    return {};
}

void GeofenceLayer::paint(QPainter &painter, const MapViewport &view, const QPalette &palette) const
{
    if (m_shapes.isEmpty())
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const double world = view.worldSize();
    const QPointF origin = view.originWorld();
    const QRectF screen(QPointF(0, 0), view.size());
    const double left = (origin.x() + screen.left()) / world;
    const double right = (origin.x() + screen.right()) / world;
    const bool labels = view.zoom() >= kLabelMinZoom;
    for (const Shape &s : m_shapes) {
        const int k0 = static_cast<int>(std::floor(left - s.bounds.right()));
        const int k1 = static_cast<int>(std::ceil(right - s.bounds.left()));
        const QColor colour = kindColor(s.kind);
        QColor fill = colour;
        fill.setAlpha(s.name == m_highlighted ? 90 : 45);
        const QPen pen(colour, s.name == m_highlighted ? 3.0 : 1.8);
        for (int k = k0; k <= k1; ++k) {
            const QRectF box((s.bounds.left() + k) * world - origin.x(),
                s.bounds.top() * world - origin.y(), s.bounds.width() * world,
                s.bounds.height() * world);
            if (!box.adjusted(-2, -2, 2, 2).intersects(screen))
                continue;
            QPainterPath path;
            path.setFillRule(Qt::OddEvenFill);
            for (const QPolygonF &ring : s.rings) {
                QPolygonF px;
                px.reserve(ring.size());
                for (const QPointF &n : ring)
                    px.append(
                        QPointF((n.x() + k) * world - origin.x(), n.y() * world - origin.y()));
                path.addPolygon(px);
                path.closeSubpath();
            }
            painter.setPen(pen);
            painter.setBrush(fill);
            painter.drawPath(path);
            if (labels && box.width() > 30) {
                painter.setPen(palette.color(QPalette::WindowText));
                painter.drawText(box, Qt::AlignCenter, s.name);
            }
        }
    }
    painter.restore();
}

} // namespace fw
