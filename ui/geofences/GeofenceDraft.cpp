#include "GeofenceDraft.h"

#include "map/MapProjection.h"

#include <QPainter>
#include <QPainterPath>
#include <QPainterPathStroker>

#include <cmath>

namespace fw {

namespace {
constexpr int kMaxUndo = 200;
constexpr double kNewCircleRadiusPx = 40.0;

double metresPerPixel(const MapViewport &view, double lat)
{
    return 2 * M_PI * MapProjection::kEarthRadius * std::cos(lat * M_PI / 180.0) / view.worldSize();
}
} // namespace

GeofenceDraft::GeofenceDraft(GeofenceKind kind, QObject *parent)
    : MapTool(parent)
{
    m_state.kind = kind;
}

void GeofenceDraft::setGeofence(const Geofence &geofence)
{
    m_state.kind = geofence.kind;
    m_state.points = geofence.points;
    m_state.holes
        = geofence.kind == GeofenceKind::Polygon ? geofence.holes : QList<QList<GeoPoint>>();
    m_state.radiusM = geofence.radiusM;
    if (geofence.kind == GeofenceKind::Corridor)
        m_state.widthM = geofence.widthM;
    m_undo.clear();
    emit undoAvailable(false);
    emit changed();
}

void GeofenceDraft::setCorridorWidth(double metres)
{
    if (metres == m_state.widthM)
        return;
    remember();
    m_state.widthM = metres;
    emit changed();
}

bool GeofenceDraft::isComplete() const
{
    switch (m_state.kind) {
    case GeofenceKind::Circle:
        return m_state.points.size() == 1 && m_state.radiusM > 0;
    case GeofenceKind::Polygon:
        return m_state.points.size() >= 3;
    case GeofenceKind::Corridor:
        return m_state.points.size() >= 2 && m_state.widthM > 0;
    }
    return false;
}

Geofence GeofenceDraft::toGeofence(const Geofence &base) const
{
    Geofence g = base;
    g.kind = m_state.kind;
    g.points = m_state.points;
    g.holes = m_state.kind == GeofenceKind::Polygon ? m_state.holes : QList<QList<GeoPoint>>();
    g.radiusM = m_state.kind == GeofenceKind::Circle ? m_state.radiusM : 0.0;
    g.widthM = m_state.kind == GeofenceKind::Corridor ? m_state.widthM : 0.0;
    return g;
}

void GeofenceDraft::remember()
{
    m_undo.append(m_state);
    if (m_undo.size() > kMaxUndo)
        m_undo.removeFirst();
    if (m_undo.size() == 1)
        emit undoAvailable(true);
}

void GeofenceDraft::undo()
{
    if (m_undo.isEmpty())
        return;
    m_state = m_undo.takeLast();
    m_grab = None;
    if (m_undo.isEmpty())
        emit undoAvailable(false);
    emit changed();
}

void GeofenceDraft::clear()
{
    if (m_state.points.isEmpty())
        return;
    remember();
    m_state.points.clear();
    m_state.radiusM = 0.0;
    emit changed();
}

QPointF GeofenceDraft::screenOf(const GeoPoint &p, const MapViewport &view) const
{
    return view.toScreen(MapProjection::toNormalized(p.lat, p.lon));
}

GeoPoint GeofenceDraft::geoOf(QPointF pos, const MapViewport &view)
{
    const QGeoCoordinate c = MapProjection::fromNormalized(view.toNormalized(pos));
    return { c.latitude(), c.longitude() };
}

QPointF GeofenceDraft::radiusHandle(const MapViewport &view) const
{
    const GeoPoint &c = m_state.points.first();
    const QPointF centre = screenOf(c, view);
    return centre + QPointF(m_state.radiusM / metresPerPixel(view, c.lat), 0);
}

bool GeofenceDraft::insideBody(QPointF pos, const MapViewport &view) const
{
    QPolygonF poly;
    for (const GeoPoint &p : m_state.points)
        poly << screenOf(p, view);
    if (m_state.kind == GeofenceKind::Circle && !poly.isEmpty()) {
        const QPointF d = pos - poly.first();
        return std::hypot(d.x(), d.y()) <= kHandlePx * 2;
    }
    if (m_state.kind == GeofenceKind::Polygon && poly.size() >= 3)
        return poly.containsPoint(pos, Qt::OddEvenFill);
    if (m_state.kind == GeofenceKind::Corridor && poly.size() >= 2) {
        QPainterPath line;
        line.addPolygon(poly);
        QPainterPathStroker stroker;
        stroker.setWidth(kHandlePx * 2);
        return stroker.createStroke(line).contains(pos);
    }
    return false;
}

bool GeofenceDraft::press(QPointF pos, const MapViewport &view)
{
    m_grab = None;
    const auto near
        = [&](QPointF p) { return std::hypot(p.x() - pos.x(), p.y() - pos.y()) <= kHandlePx; };
    if (m_state.kind == GeofenceKind::Circle) {
        if (m_state.points.isEmpty())
            return false;
        if (near(radiusHandle(view)))
            m_grab = RadiusHandle;
    } else {
        for (int i = static_cast<int>(m_state.points.size()) - 1; i >= 0; --i) {
            if (near(screenOf(m_state.points.at(i), view))) {
                m_grab = i;
                break;
            }
        }
    }
    if (m_grab == None && insideBody(pos, view)) {
        m_grab = Body;
        m_grabGeo = geoOf(pos, view);
        m_grabPoints = m_state.points;
        m_grabHoles = m_state.holes;
    }
    if (m_grab == None)
        return false;
    remember();
    return true;
}

void GeofenceDraft::drag(QPointF pos, const MapViewport &view)
{
    const GeoPoint at = geoOf(pos, view);
    if (m_grab >= 0 && m_grab < m_state.points.size()) {
        m_state.points[m_grab] = at;
    } else if (m_grab == RadiusHandle) {
        m_state.radiusM = std::max(1.0, greatCircleMetres(m_state.points.first(), at));
    } else if (m_grab == Body) {
        const double dLat = at.lat - m_grabGeo.lat;
        const double dLon = at.lon - m_grabGeo.lon;
        const auto shift = [&](const GeoPoint &from) {
            return GeoPoint { std::clamp(from.lat + dLat, -89.9, 89.9),
                normalizedLongitude(from.lon + dLon) };
        };
        for (qsizetype i = 0; i < m_state.points.size(); ++i)
            m_state.points[i] = shift(m_grabPoints.at(i));
        for (qsizetype h = 0; h < m_state.holes.size(); ++h) {
            for (qsizetype i = 0; i < m_state.holes[h].size(); ++i)
                m_state.holes[h][i] = shift(m_grabHoles.at(h).at(i));
        }
    } else {
        return;
    }
    emit changed();
}

void GeofenceDraft::release()
{
    m_grab = None;
}

void GeofenceDraft::click(QPointF pos, const MapViewport &view)
{
    const GeoPoint at = geoOf(pos, view);
    remember();
    if (m_state.kind == GeofenceKind::Circle) {
        m_state.points = { at };
        if (m_state.radiusM <= 0)
            m_state.radiusM = std::round(kNewCircleRadiusPx * metresPerPixel(view, at.lat));
    } else {
        m_state.points.append(at);
    }
    emit changed();
}

void GeofenceDraft::paint(QPainter &painter, const MapViewport &view) const
{
    if (m_state.points.isEmpty())
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor ink(0xd8, 0x1b, 0x60);
    QColor fill = ink;
    fill.setAlpha(50);
    QPolygonF poly;
    for (const GeoPoint &p : m_state.points)
        poly << screenOf(p, view);
    painter.setPen(QPen(ink, 2.0, Qt::DashLine));
    painter.setBrush(fill);
    if (m_state.kind == GeofenceKind::Circle) {
        const double r = m_state.radiusM / metresPerPixel(view, m_state.points.first().lat);
        painter.drawEllipse(poly.first(), r, r);
        poly << radiusHandle(view);
    } else if (m_state.kind == GeofenceKind::Polygon) {
        QPainterPath area;
        area.setFillRule(Qt::OddEvenFill);
        area.addPolygon(poly);
        area.closeSubpath();
        for (const QList<GeoPoint> &hole : m_state.holes) {
            QPolygonF ring;
            for (const GeoPoint &p : hole)
                ring << screenOf(p, view);
            area.addPolygon(ring);
            area.closeSubpath();
        }
        painter.drawPath(area);
    } else {
        const double w = m_state.widthM / metresPerPixel(view, m_state.points.first().lat);
        QColor band = fill;
        painter.setPen(QPen(band, std::max(2.0, w), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter.drawPolyline(poly);
        painter.setPen(QPen(ink, 2.0, Qt::DashLine));
        painter.drawPolyline(poly);
    }
    painter.setPen(QPen(ink, 1.5));
    painter.setBrush(Qt::white);
    for (const QPointF &p : poly)
        painter.drawEllipse(p, kHandlePx - 2, kHandlePx - 2);
    painter.restore();
}

} // namespace fw
