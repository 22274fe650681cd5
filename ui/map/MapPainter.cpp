#include "MapPainter.h"

#include "map/GeofenceLayer.h"
#include "map/MapTool.h"

#include "devicelist/StatusIndicator.h"
#include "map/Basemap.h"
#include "map/MarkerIndex.h"
#include "map/TileSource.h"
#include "map/TrackLayer.h"

#include <QLocale>
#include <QPainter>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace fw {

namespace {
constexpr double kMarkerRadius = MarkerIndex::kMarkerRadius;
constexpr int kSpriteSize = 34; // marker sprite incl. heading arrow
constexpr int kMaxLabels = 250;

quint32 dprKey(qreal dpr)
{
    return static_cast<quint32>(std::clamp<long>(std::lround(dpr * 4), 1, 15));
}

QString countText(int count)
{
    if (count < 1000)
        return QString::number(count);
    if (count < 10000)
        return QString::number(count / 1000.0, 'f', 1) + QLatin1Char('k');
    return QString::number(count / 1000) + QLatin1Char('k');
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

int headingBucket(const MarkerIndex::Marker &m)
{
    return m.moving ? static_cast<int>(std::lround(m.course / 10.0)) % 36 : -1;
}
} // namespace

void MapPainter::clearSprites()
{
    m_sprites.clear();
    m_clusterSprites.clear();
}

void MapPainter::forgetRequestedTiles()
{
    m_lastWantedSource = nullptr;
}

void MapPainter::paint(QPainter &p, const Frame &frame)
{
    const QRect area(QPoint(0, 0), frame.view.size().toSize());
    p.fillRect(area, Basemap::palette(isDark(frame.palette)).water);
    m_drewSourceTiles = false;
    m_drewBasemap = false;
    paintTiles(p, frame);
    // Name what is really on screen: the tiles, the basemap where tiles are missing, or both.
    QStringList credits;
    if (m_drewSourceTiles && !frame.sourceAttribution.isEmpty())
        credits << frame.sourceAttribution;
    if (m_drewBasemap || credits.isEmpty())
        credits << frame.basemapAttribution;
    m_attribution = credits.join(QStringLiteral(" | "));
    if (frame.geofences)
        frame.geofences->paint(p, frame.view, frame.palette);
    for (const TrackLayer *other : frame.otherTracks)
        other->paint(&p, frame.view.originWorld(), frame.view.worldSize(), QRectF(area));
    if (frame.track && !frame.track->isEmpty())
        frame.track->paint(&p, frame.view.originWorld(), frame.view.worldSize(), QRectF(area));
    paintMarkers(p, frame);
    paintReplay(p, frame);
    if (frame.tool)
        frame.tool->paint(p, frame.view);
    paintOverlays(p, frame);
}

void MapPainter::requestTiles(TileSource *source, const TileRange &range)
{
    if (!source)
        return;
    const TileRange wanted = range.grown(1);
    if (wanted == m_lastWanted && m_lastWantedSource == source)
        return;
    m_lastWanted = wanted;
    m_lastWantedSource = source;
    const int n = 1 << wanted.z;
    const double cx = (range.x0 + range.x1) / 2.0;
    const double cy = (range.y0 + range.y1) / 2.0;
    struct Entry
    {
        double d;
        TileId id;
    };
    QList<Entry> entries;
    QSet<TileId> seen;
    for (int y = wanted.y0; y <= wanted.y1; ++y) {
        for (int x = wanted.x0; x <= wanted.x1; ++x) {
            const TileId id { wanted.z, ((x % n) + n) % n, y };
            if (seen.contains(id))
                continue;
            seen.insert(id);
            const bool ring = !range.contains(x, y);
            entries.append({ (x - cx) * (x - cx) + (y - cy) * (y - cy) + (ring ? 1e6 : 0), id });
        }
    }
    std::stable_sort(
        entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.d < b.d; });
    QList<TileId> ids;
    ids.reserve(entries.size());
    for (const Entry &e : entries)
        ids.append(e.id);
    source->setWanted(ids);
}

void MapPainter::paintTiles(QPainter &p, const Frame &frame)
{
    const TileRange &range = frame.tiles;
    TileSource *source = frame.source;
    const int n = 1 << range.z;
    const double tilePx = MapProjection::kTileSize * std::exp2(frame.view.zoom() - range.z);
    const QPointF origin = frame.view.originWorld();
    const qreal dpr = frame.devicePixelRatio;
    const bool dark = isDark(frame.palette);
    const bool scaled = std::abs(tilePx - MapProjection::kTileSize) > 0.01 || dpr != 1.0;
    p.setRenderHint(QPainter::SmoothPixmapTransform, scaled);
    for (int y = range.y0; y <= range.y1; ++y) {
        const double top = std::round(y * tilePx - origin.y());
        const double bottom = std::round((y + 1) * tilePx - origin.y());
        for (int x = range.x0; x <= range.x1; ++x) {
            const double left = std::round(x * tilePx - origin.x());
            const double right = std::round((x + 1) * tilePx - origin.x());
            const QRectF target(left, top, right - left, bottom - top);
            const TileId id { range.z, ((x % n) + n) % n, y };
            if (source) {
                const QImage img = source->cachedTile(id);
                if (!img.isNull()) {
                    p.drawImage(target, img);
                    m_drewSourceTiles = true;
                    continue;
                }
            }
            QImage fallback = frame.basemap->tile(id, dpr, dark);
            p.drawImage(target, fallback);
            bool covered = false;
            // A coarser tile already in memory is better than the outlines.
            if (source) {
                for (int d = 1; d <= 4 && range.z - d >= 0; ++d) {
                    const TileId parent { range.z - d, id.x >> d, id.y >> d };
                    const QImage img = source->cachedTile(parent);
                    if (img.isNull())
                        continue;
                    const double sub = double(img.width()) / (1 << d);
                    const QRectF src(
                        (id.x & ((1 << d) - 1)) * sub, (id.y & ((1 << d) - 1)) * sub, sub, sub);
                    p.drawImage(target, img, src);
                    covered = true;
                    break;
                }
            }
            m_drewSourceTiles = m_drewSourceTiles || covered;
            m_drewBasemap = m_drewBasemap || !covered;
        }
    }
    requestTiles(source, range);
}

QPixmap MapPainter::markerSprite(ConnectionStatus status, int bucket, qreal dpr)
{
    const quint32 key = (quint32(status) << 16) | (quint32(bucket + 1) << 4) | dprKey(dpr);
    const auto it = m_sprites.constFind(key);
    if (it != m_sprites.constEnd())
        return *it;
    QPixmap pm(QSize(kSpriteSize, kSpriteSize) * dpr);
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    {
        QPainter sp(&pm);
        sp.setRenderHint(QPainter::Antialiasing);
        const QPointF c(kSpriteSize / 2.0, kSpriteSize / 2.0);
        if (bucket >= 0) {
            sp.save();
            sp.translate(c);
            sp.rotate(bucket * 10.0);
            const QPolygonF arrow { QPointF(0, -kMarkerRadius - 8),
                QPointF(-5.5, -kMarkerRadius - 1), QPointF(5.5, -kMarkerRadius - 1) };
            sp.setPen(QPen(QColor(255, 255, 255, 230), 1.2));
            sp.setBrush(statusColor(status));
            sp.drawPolygon(arrow);
            sp.restore();
        }
        // A light halo so the indicator reads on dark tiles and on the outlines alike.
        sp.setPen(QPen(QColor(0, 0, 0, 90), 1.0));
        sp.setBrush(QColor(255, 255, 255, 235));
        sp.drawEllipse(c, kMarkerRadius + 1.5, kMarkerRadius + 1.5);
        paintStatusIndicator(&sp,
            QRectF(
                c.x() - kMarkerRadius, c.y() - kMarkerRadius, 2 * kMarkerRadius, 2 * kMarkerRadius),
            status);
    }
    m_sprites.insert(key, pm);
    return pm;
}

QPixmap MapPainter::clusterSprite(int count, ConnectionStatus worst, qreal dpr, const QFont &font)
{
    const quint64 key
        = (quint64(std::min(count, 1 << 24)) << 16) | (quint64(worst) << 8) | dprKey(dpr);
    const auto it = m_clusterSprites.constFind(key);
    if (it != m_clusterSprites.constEnd())
        return *it;
    if (m_clusterSprites.size() > 4000)
        m_clusterSprites.clear();
    const double d = MarkerIndex::clusterDiameter(count);
    const int side = static_cast<int>(std::ceil(d + 10));
    QPixmap pm(QSize(side, side) * dpr);
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    {
        QPainter sp(&pm);
        sp.setRenderHint(QPainter::Antialiasing);
        const QPointF c(side / 2.0, side / 2.0);
        QColor halo = statusColor(worst);
        halo.setAlpha(90);
        sp.setPen(Qt::NoPen);
        sp.setBrush(halo);
        sp.drawEllipse(c, d / 2 + 4, d / 2 + 4);
        sp.setPen(QPen(Qt::white, 2));
        sp.setBrush(statusColor(worst));
        sp.drawEllipse(c, d / 2, d / 2);
        QFont f = font;
        f.setBold(true);
        f.setPixelSize(count >= 100 ? 10 : 11);
        sp.setFont(f);
        sp.setPen(Qt::white);
        sp.drawText(QRectF(0, 0, side, side), Qt::AlignCenter, countText(count));
    }
    m_clusterSprites.insert(key, pm);
    return pm;
}

void MapPainter::paintMarkers(QPainter &p, const Frame &frame)
{
    const MarkerIndex &markers = *frame.markers;
    const qreal dpr = frame.devicePixelRatio;
    const auto &items = markers.layout(frame.view);
    const bool labels = frame.view.zoom() >= kLabelMinZoom;
    auto drawSprite = [&](const QPixmap &pm, QPointF pos) {
        const QSizeF s = QSizeF(pm.size()) / dpr;
        p.drawPixmap(QPointF(std::round((pos.x() - s.width() / 2) * dpr) / dpr,
                         std::round((pos.y() - s.height() / 2) * dpr) / dpr),
            pm);
    };
    for (const MarkerIndex::Item &item : items) {
        if (item.count > 1) {
            drawSprite(clusterSprite(item.count, item.status, dpr, frame.font), item.pos);
            continue;
        }
        const MarkerIndex::Marker &m = markers.at(item.marker);
        drawSprite(markerSprite(m.status, headingBucket(m), dpr), item.pos);
    }
    if (labels) {
        int drawn = 0;
        for (const MarkerIndex::Item &item : items) {
            if (item.count > 1)
                continue;
            if (++drawn > kMaxLabels)
                break;
            paintNameLabel(p, frame, item.pos, markers.at(item.marker).name, false);
        }
    }
    // The device under the pointer: its name at any zoom.
    if (!frame.hovered.isEmpty() && frame.hovered != frame.selected) {
        if (const auto pos = markers.screenPos(frame.hovered, frame.view))
            paintNameLabel(p, frame, *pos, markers.find(frame.hovered)->name, true);
    }
    // The selected device: on top of everything, with a ring in the highlight colour.
    const QRect bounds(QPoint(0, 0), frame.view.size().toSize());
    if (const auto pos = markers.screenPos(frame.selected, frame.view);
        pos && bounds.adjusted(-20, -20, 20, 20).contains(pos->toPoint())) {
        const MarkerIndex::Marker &m = *markers.find(frame.selected);
        drawSprite(markerSprite(m.status, headingBucket(m), dpr), *pos);
        p.setRenderHint(QPainter::Antialiasing);
        p.setBrush(Qt::NoBrush);
        // A halo that reads on any tile: white under the highlight colour, and the name.
        p.setPen(QPen(QColor(255, 255, 255, 220), 6));
        p.drawEllipse(*pos, kMarkerRadius + 6, kMarkerRadius + 6);
        p.setPen(QPen(frame.palette.color(QPalette::Highlight), 3));
        p.drawEllipse(*pos, kMarkerRadius + 6, kMarkerRadius + 6);
        paintNameLabel(p, frame, *pos + QPointF(4, 0), m.name, true);
    }
}

void MapPainter::paintNameLabel(
    QPainter &p, const Frame &frame, QPointF at, const QString &name, bool emphasised) const
{
    QFont f = frame.font;
    if (emphasised)
        f.setBold(true);
    else
        f.setPointSizeF(f.pointSizeF() * 0.85);
    p.setFont(f);
    const QFontMetricsF fm(f);
    QColor bg = frame.palette.color(QPalette::Base);
    bg.setAlpha(emphasised ? 235 : 200);
    const QRectF r(at.x() + kMarkerRadius + 5, at.y() - fm.height() / 2 - 1,
        fm.horizontalAdvance(name) + 8, fm.height() + 2);
    p.setPen(emphasised ? QPen(frame.palette.color(QPalette::Highlight), 1) : QPen(Qt::NoPen));
    p.setBrush(bg);
    p.drawRoundedRect(r, 3, 3);
    p.setPen(frame.palette.color(QPalette::Text));
    p.drawText(r, Qt::AlignCenter, name);
}

void MapPainter::paintReplay(QPainter &p, const Frame &frame) const
{
    if (!frame.replay || !frame.replay->hasCoordinates())
        return;
    const Position &replay = *frame.replay;
    const QPointF pos
        = frame.view.toScreen(MapProjection::toNormalized(replay.latitude, replay.longitude));
    p.setRenderHint(QPainter::Antialiasing);
    p.save();
    p.translate(pos);
    p.rotate(replay.course);
    p.setPen(QPen(Qt::white, 2));
    p.setBrush(frame.palette.color(QPalette::Highlight));
    p.drawPolygon(QPolygonF { QPointF(0, -13), QPointF(-9, 9), QPointF(0, 4), QPointF(9, 9) });
    p.restore();
}

void MapPainter::paintOverlays(QPainter &p, const Frame &frame) const
{
    const double width = frame.view.width();
    const double height = frame.view.height();
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = frame.palette;
    QColor bg = pal.color(QPalette::Base);
    bg.setAlpha(205);
    QFont small = frame.font;
    small.setPointSizeF(small.pointSizeF() * 0.85);
    p.setFont(small);
    const QFontMetricsF fm(small);

    // Scale bar, bottom left: the longest 1/2/5 x 10^k distance that fits in 120 px.
    const double latitude = MapProjection::fromNormalized(frame.view.centerNorm()).latitude();
    const double mpp = MapProjection::metresPerPixel(latitude, frame.view.zoom());
    const double maxMetres = mpp * 120.0;
    double nice = std::pow(10.0, std::floor(std::log10(maxMetres)));
    for (double f : { 5.0, 2.0 }) {
        if (nice * f <= maxMetres) {
            nice *= f;
            break;
        }
    }
    const double px = nice / mpp;
    const QString label = nice >= 1000 ? tr("%1 km").arg(QLocale().toString(nice / 1000, 'g', 4))
                                       : tr("%1 m").arg(QLocale().toString(nice, 'g', 4));
    const QRectF box(8, height - 8 - fm.height() - 14,
        std::max(px, fm.horizontalAdvance(label)) + 12, fm.height() + 14);
    p.setPen(Qt::NoPen);
    p.setBrush(bg);
    p.drawRoundedRect(box, 3, 3);
    p.setPen(QPen(pal.color(QPalette::Text), 1.5));
    const double baseY = box.bottom() - 5;
    p.drawLine(QPointF(box.left() + 6, baseY), QPointF(box.left() + 6 + px, baseY));
    p.drawLine(QPointF(box.left() + 6, baseY - 5), QPointF(box.left() + 6, baseY));
    p.drawLine(QPointF(box.left() + 6 + px, baseY - 5), QPointF(box.left() + 6 + px, baseY));
    p.drawText(QRectF(box.left() + 6, box.top() + 1, box.width() - 6, fm.height()),
        Qt::AlignLeft | Qt::AlignVCenter, label);

    // Attribution, bottom right.
    const QString &attribution = m_attribution;
    const double aw = fm.horizontalAdvance(attribution) + 10;
    const QRectF abox(width - aw - 2, height - fm.height() - 4, aw, fm.height() + 2);
    p.setPen(Qt::NoPen);
    p.setBrush(bg);
    p.drawRect(abox);
    p.setPen(pal.color(QPalette::Text));
    p.drawText(abox, Qt::AlignCenter, attribution);

    // Speed legend of the track, top right.
    if (frame.track && !frame.track->isEmpty())
        frame.track->paintLegend(&p, QRectF(width - 150, 8, 142, 16 + fm.height() + 6), pal);

    if (frame.focused) {
        p.setPen(QPen(pal.color(QPalette::Highlight), 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(0, 0, width, height).adjusted(1, 1, -1, -1));
    }
}

} // namespace fw
