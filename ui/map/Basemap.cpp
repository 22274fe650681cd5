#include "Basemap.h"

#include <QDataStream>
#include <QFile>
#include <QPainter>
#include <QtGlobal>

#include <cmath>

static void fwInitBasemapResource()
{
    Q_INIT_RESOURCE(basemap);
}

namespace fw {

namespace {
QPolygonF clipToRect(const QPolygonF &poly, const QRectF &r)
{
    // Sutherland-Hodgman against the four edges: enough for filling (edges along the border
    // of the rectangle are invisible once the painter clips to the tile).
    QPolygonF out = poly;
    for (int edge = 0; edge < 4 && !out.isEmpty(); ++edge) {
        const QPolygonF in = out;
        out.clear();
        auto inside = [&](QPointF p) {
            switch (edge) {
            case 0:
                return p.x() >= r.left();
            case 1:
                return p.x() <= r.right();
            case 2:
                return p.y() >= r.top();
            default:
                return p.y() <= r.bottom();
            }
        };
        auto cross = [&](QPointF a, QPointF b) {
            double t = 0;
            switch (edge) {
            case 0:
                t = (r.left() - a.x()) / (b.x() - a.x());
                break;
            case 1:
                t = (r.right() - a.x()) / (b.x() - a.x());
                break;
            case 2:
                t = (r.top() - a.y()) / (b.y() - a.y());
                break;
            default:
                t = (r.bottom() - a.y()) / (b.y() - a.y());
                break;
            }
            return a + (b - a) * t;
        };
        for (qsizetype i = 0; i < in.size(); ++i) {
            const QPointF cur = in.at(i);
            const QPointF prev = in.at((i + in.size() - 1) % in.size());
            const bool ci = inside(cur);
            const bool pi = inside(prev);
            if (ci) {
                if (!pi)
                    out.append(cross(prev, cur));
                out.append(cur);
            } else if (pi) {
                out.append(cross(prev, cur));
            }
        }
    }
    return out;
}

quint64 tileKey(const TileId &id, qreal dpr, bool dark)
{
    const quint64 d = static_cast<quint64>(std::lround(dpr * 4)) & 0xff;
    return (static_cast<quint64>(id.z) << 58) | (static_cast<quint64>(id.x) << 33)
        | (static_cast<quint64>(id.y) << 9) | (d << 1) | (dark ? 1 : 0);
}
} // namespace

QString Basemap::defaultResource()
{
    return QStringLiteral(":/fleetwatch/basemap/ne_110m.fwbm");
}

Basemap::Basemap()
{
    m_tiles.setMaxCost(48 * 1024); // KiB
}

bool Basemap::load(const QString &path)
{
    fwInitBasemapResource();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    QDataStream in(&file);
    in.setByteOrder(QDataStream::LittleEndian);
    in.setFloatingPointPrecision(QDataStream::SinglePrecision);
    char magic[4] = {};
    if (in.readRawData(magic, 4) != 4 || qstrncmp(magic, "FWBM", 4) != 0)
        return false;
    quint32 version = 0;
    quint32 count = 0;
    in >> version >> count;
    if (version != 1)
        return false;
    m_land.clear();
    m_lines.clear();
    m_paths.clear();
    m_tiles.clear();
    for (quint32 i = 0; i < count && in.status() == QDataStream::Ok; ++i) {
        quint8 kind = 0;
        quint32 n = 0;
        in >> kind >> n;
        if (n > 1000000)
            return false;
        QPolygonF poly;
        poly.reserve(n);
        for (quint32 k = 0; k < n; ++k) {
            float lon = 0;
            float lat = 0;
            in >> lon >> lat;
            // x straight from the longitude: records may run past +-180 on purpose.
            poly.append(
                QPointF((double(lon) + 180.0) / 360.0, MapProjection::toNormalized(lat, 0.0).y()));
        }
        if (kind == 0)
            m_land.append({ poly, poly.boundingRect() });
        else
            m_lines.append({ poly, poly.boundingRect(), kind == 2 });
    }
    return in.status() == QDataStream::Ok && !m_land.isEmpty();
}

Basemap::Palette Basemap::palette(bool dark)
{
    if (dark)
        return { QColor(0x1d, 0x2a, 0x38), QColor(0x3a, 0x3f, 0x44), QColor(0x5b, 0x70, 0x85),
            QColor(0x6e, 0x73, 0x7a) };
    return { QColor(0xb9, 0xd6, 0xe8), QColor(0xf1, 0xee, 0xe4), QColor(0x7d, 0xa2, 0xbd),
        QColor(0xa5, 0x9c, 0xa8) };
}

const Basemap::ZoomPaths &Basemap::paths(int zoom)
{
    auto it = m_paths.find(zoom);
    if (it != m_paths.end())
        return it->second;
    const double scale = MapProjection::worldSize(zoom);
    ZoomPaths z;
    z.land.setFillRule(Qt::WindingFill);
    for (const Ring &ring : m_land) {
        QPolygonF p = ring.points;
        for (QPointF &pt : p)
            pt *= scale;
        z.land.addPolygon(p);
        z.land.closeSubpath();
    }
    for (const Line &line : m_lines) {
        QPolygonF p = line.points;
        for (QPointF &pt : p)
            pt *= scale;
        (line.border ? z.borders : z.coast).addPolygon(p);
    }
    return m_paths.emplace(zoom, std::move(z)).first->second;
}

QPainterPath Basemap::landPath(int zoom)
{
    return paths(std::clamp(zoom, 0, kMaxPathZoom)).land;
}

bool Basemap::isLand(double lat, double lon) const
{
    const QPointF p = MapProjection::toNormalized(lat, lon);
    for (const Ring &ring : m_land) {
        if (ring.bounds.contains(p) && ring.points.containsPoint(p, Qt::OddEvenFill))
            return true;
    }
    return false;
}

void Basemap::render(QPainter *p, const TileId &id, const Palette &colors)
{
    const int n = 1 << id.z;
    const double ts = MapProjection::kTileSize;
    p->fillRect(QRectF(0, 0, ts, ts), colors.water);
    if (id.y < 0 || id.y >= n)
        return;
    const int x = ((id.x % n) + n) % n;
    const qreal lineWidth = id.z < 3 ? 0.6 : 0.9;
    p->setRenderHint(QPainter::Antialiasing);
    p->setClipRect(QRectF(0, 0, ts, ts));
    if (id.z <= kMaxPathZoom) {
        const ZoomPaths &z = paths(id.z);
        p->translate(-x * ts, -id.y * ts);
        p->fillPath(z.land, colors.land);
        p->strokePath(z.borders, QPen(colors.border, lineWidth, Qt::DashLine));
        p->strokePath(z.coast, QPen(colors.coast, lineWidth));
        return;
    }
    // Deep zooms: cull by bounds and clip each ring to the tile (plus a margin), in tile-local
    // coordinates, so the rasteriser never sees coordinates in the millions.
    const double scale = MapProjection::worldSize(id.z);
    const QRectF tileN(double(x) / n, double(id.y) / n, 1.0 / n, 1.0 / n);
    const QRectF margin = tileN.adjusted(-0.1 / n, -0.1 / n, 0.1 / n, 0.1 / n);
    auto local
        = [&](QPointF pt) { return QPointF(pt.x() * scale - x * ts, pt.y() * scale - id.y * ts); };
    QPainterPath land;
    land.setFillRule(Qt::WindingFill);
    for (const Ring &ring : m_land) {
        if (!ring.bounds.intersects(margin))
            continue;
        QPolygonF clipped = clipToRect(ring.points, margin);
        if (clipped.size() < 3)
            continue;
        for (QPointF &pt : clipped)
            pt = local(pt);
        land.addPolygon(clipped);
        land.closeSubpath();
    }
    p->fillPath(land, colors.land);
    QPainterPath coast;
    QPainterPath borders;
    for (const Line &line : m_lines) {
        if (!line.bounds.intersects(margin))
            continue;
        QPainterPath &path = line.border ? borders : coast;
        bool open = false;
        for (qsizetype i = 1; i < line.points.size(); ++i) {
            const QPointF a = line.points.at(i - 1);
            const QPointF b = line.points.at(i);
            if (!QRectF(a, b)
                     .normalized()
                     .adjusted(-1e-12, -1e-12, 1e-12, 1e-12)
                     .intersects(margin)) {
                open = false;
                continue;
            }
            if (!open)
                path.moveTo(local(a));
            path.lineTo(local(b));
            open = true;
        }
    }
    p->strokePath(borders, QPen(colors.border, lineWidth, Qt::DashLine));
    p->strokePath(coast, QPen(colors.coast, lineWidth));
}

QImage Basemap::tile(const TileId &id, qreal dpr, bool dark)
{
    const int n = 1 << id.z;
    TileId key = id;
    key.x = ((id.x % n) + n) % n;
    const quint64 k = tileKey(key, dpr, dark);
    if (const QImage *cached = m_tiles.object(k))
        return *cached;
    const int px = static_cast<int>(std::ceil(MapProjection::kTileSize * dpr));
    QImage image(px, px, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    {
        QPainter p(&image);
        render(&p, key, palette(dark));
    }
    m_tiles.insert(k, new QImage(image), std::max<int>(1, int(image.sizeInBytes() / 1024)));
    return image;
}

} // namespace fw
