#include "MapWidget.h"

#include "devicelist/DeviceListModel.h"
#include "devicelist/StatusIndicator.h"
#include "map/TileSource.h"
#include "util/Clock.h"

#include <QApplication>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QVariantAnimation>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace fw {

namespace {
constexpr double kMarkerRadius = 7.0; // logical px of the status disc
constexpr int kSpriteSize = 34; // marker sprite incl. heading arrow
constexpr int kMaxLabels = 250;
constexpr double kInertiaTau = 325.0; // ms, exponential decay of the fling velocity

// Which status a cluster shows: the one needing attention most.
int severity(ConnectionStatus s)
{
    switch (s) {
    case ConnectionStatus::Offline:
        return 6;
    case ConnectionStatus::AwaitingFirstData:
        return 5;
    case ConnectionStatus::GpsOutdated:
        return 4;
    case ConnectionStatus::Online:
        return 3;
    case ConnectionStatus::NeedsManualActivation:
        return 2;
    case ConnectionStatus::JustRegistered:
        return 1;
    case ConnectionStatus::Blocked:
        return 0;
    }
    return 0;
}

quint32 dprKey(qreal dpr)
{
    return static_cast<quint32>(std::clamp<long>(std::lround(dpr * 4), 1, 15));
}

double clusterDiameter(int count)
{
    return std::min(44.0, 22.0 + 7.0 * std::log10(std::max(1, count)));
}

QString countText(int count)
{
    if (count < 1000)
        return QString::number(count);
    if (count < 10000)
        return QString::number(count / 1000.0, 'f', 1) + QLatin1Char('k');
    return QString::number(count / 1000) + QLatin1Char('k');
}
} // namespace

MapWidget::MapWidget(QWidget *parent)
    : QWidget(parent)
    , m_grid(kGrid * kGrid)
{
    setAccessibleName(tr("Fleet map"));
    setAccessibleDescription(tr("Map of the devices. Arrow keys pan, plus and minus zoom."));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(false);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setCursor(Qt::OpenHandCursor);
    setMinimumSize(120, 90);
    m_basemap.load();
    m_inertia.setInterval(16);
    connect(&m_inertia, &QTimer::timeout, this, &MapWidget::inertiaStep);
    m_zoomAnimation = new QVariantAnimation(this);
    m_zoomAnimation->setDuration(180);
    m_zoomAnimation->setEasingCurve(QEasingCurve::OutCubic);
    connect(m_zoomAnimation, &QVariantAnimation::valueChanged, this, [this](const QVariant &v) {
        if (m_zoomAnimation->state() == QAbstractAnimation::Running)
            zoomAround(m_zoomAnchor, v.toDouble(), false);
    });
    connect(m_zoomAnimation, &QVariantAnimation::finished, this, [this] { m_wheelTarget = -1; });
}

MapWidget::~MapWidget() = default;

void MapWidget::setClock(Clock *clock)
{
    m_clock = clock;
}

void MapWidget::setTileSource(TileSource *source)
{
    if (m_source == source)
        return;
    if (m_source)
        disconnect(m_source, nullptr, this, nullptr);
    m_source = source;
    m_lastWantedSource = nullptr;
    if (m_source) {
        connect(m_source, &TileSource::tileReady, this, [this] { update(); });
        connect(m_source, &TileSource::attributionChanged, this, [this] { update(); });
    }
    update();
}

// ---- view -------------------------------------------------------------------------------------

double MapWidget::worldSize() const
{
    return MapProjection::worldSize(m_zoom);
}

QPointF MapWidget::centerWorld() const
{
    return m_centerNorm * worldSize();
}

QPointF MapWidget::originWorld() const
{
    return centerWorld() - QPointF(width() / 2.0, height() / 2.0);
}

QGeoCoordinate MapWidget::center() const
{
    return MapProjection::fromNormalized(m_centerNorm);
}

void MapWidget::setCenterNorm(QPointF norm)
{
    norm.setX(norm.x() - std::floor(norm.x()));
    // Keep the poles' edges from scrolling into the middle of the view.
    const double halfH = height() / 2.0 / worldSize();
    norm.setY(halfH >= 0.5 ? 0.5 : std::clamp(norm.y(), halfH, 1.0 - halfH));
    if (norm == m_centerNorm)
        return;
    m_centerNorm = norm;
    viewMoved();
}

void MapWidget::viewMoved()
{
    m_layoutDirty = true;
    update();
    emit viewChanged();
}

void MapWidget::setCenter(const QGeoCoordinate &c)
{
    if (c.isValid())
        setCenterNorm(MapProjection::toNormalized(c.latitude(), c.longitude()));
}

void MapWidget::setZoom(double zoom)
{
    zoomAround(QPointF(width() / 2.0, height() / 2.0), zoom, false);
}

void MapWidget::setView(const QGeoCoordinate &c, double zoom)
{
    m_zoom = MapProjection::clampZoom(zoom);
    m_layoutDirty = true;
    setCenter(c);
    viewMoved();
}

void MapWidget::zoomAround(QPointF pos, double zoom, bool animated)
{
    zoom = MapProjection::clampZoom(zoom);
    if (animated) {
        m_zoomAnimation->stop();
        m_zoomAnchor = pos;
        m_wheelTarget = zoom;
        m_zoomAnimation->setStartValue(m_zoom);
        m_zoomAnimation->setEndValue(zoom);
        m_zoomAnimation->start();
        return;
    }
    if (zoom == m_zoom)
        return;
    const QPointF anchorNorm = (originWorld() + pos) / worldSize();
    m_zoom = zoom;
    const QPointF centerNorm
        = anchorNorm + (QPointF(width() / 2.0, height() / 2.0) - pos) / worldSize();
    m_layoutDirty = true;
    setCenterNorm(centerNorm);
    viewMoved();
}

bool MapWidget::isAnimating() const
{
    return m_zoomAnimation->state() == QAbstractAnimation::Running || m_inertia.isActive();
}

void MapWidget::panBy(QPointF pixels)
{
    setCenterNorm(m_centerNorm - pixels / worldSize());
}

void MapWidget::zoomIn()
{
    const double base = m_wheelTarget >= 0 ? m_wheelTarget : m_zoom;
    zoomAround(QPointF(width() / 2.0, height() / 2.0), std::floor(base + 1.0 + 1e-9), true);
}

void MapWidget::zoomOut()
{
    const double base = m_wheelTarget >= 0 ? m_wheelTarget : m_zoom;
    zoomAround(QPointF(width() / 2.0, height() / 2.0), std::ceil(base - 1.0 - 1e-9), true);
}

QPointF MapWidget::geoToScreen(const QGeoCoordinate &c) const
{
    QPointF n = MapProjection::toNormalized(c.latitude(), c.longitude());
    n.rx() += std::round(m_centerNorm.x() - n.x());
    return n * worldSize() - originWorld();
}

QGeoCoordinate MapWidget::screenToGeo(QPointF pos) const
{
    return MapProjection::fromNormalized((originWorld() + pos) / worldSize());
}

TileRange MapWidget::visibleTileRange() const
{
    int level = MapProjection::tileZoom(m_zoom);
    if (m_source)
        level = std::clamp(level, m_source->minZoom(), m_source->maxZoom());
    return MapProjection::visibleTiles(centerWorld(), QSizeF(size()), m_zoom, level);
}

void MapWidget::fitNormalized(const QRectF &rect, double maxZoom)
{
    const QSizeF avail(std::max(50, width() - 80), std::max(50, height() - 80));
    const double zoom = std::min(MapProjection::zoomToFit(rect, avail), maxZoom);
    m_zoom = MapProjection::clampZoom(zoom);
    m_layoutDirty = true;
    setCenterNorm(rect.center());
    viewMoved();
}

void MapWidget::fitAll()
{
    if (m_markers.empty())
        return;
    double x0 = 1, y0 = 1, x1 = 0, y1 = 0;
    for (const Marker &m : m_markers) {
        x0 = std::min(x0, m.norm.x());
        x1 = std::max(x1, m.norm.x());
        y0 = std::min(y0, m.norm.y());
        y1 = std::max(y1, m.norm.y());
    }
    fitNormalized(QRectF(QPointF(x0, y0), QPointF(x1, y1)), 16.0);
}

void MapWidget::fitSelection()
{
    std::optional<QRectF> rect;
    const auto it = m_index.constFind(m_selected);
    if (it != m_index.constEnd())
        rect = QRectF(m_markers[*it].norm, QSizeF(0, 0));
    if (!m_track.isEmpty()) {
        const QRectF b = m_track.normalizedBounds();
        rect = rect
            ? QRectF(QPointF(std::min(rect->left(), b.left()), std::min(rect->top(), b.top())),
                QPointF(std::max(rect->right(), b.right()), std::max(rect->bottom(), b.bottom())))
            : b;
    }
    if (rect)
        fitNormalized(*rect, std::max(m_zoom, 15.0));
}

// ---- markers ----------------------------------------------------------------------------------

int MapWidget::cellOf(QPointF n) const
{
    const int cx = std::clamp(static_cast<int>(n.x() * kGrid), 0, kGrid - 1);
    const int cy = std::clamp(static_cast<int>(n.y() * kGrid), 0, kGrid - 1);
    return cy * kGrid + cx;
}

void MapWidget::gridInsert(int index)
{
    Marker &m = m_markers[index];
    m.cell = cellOf(m.norm);
    m_grid[m.cell].push_back(index);
}

void MapWidget::gridRemove(int index)
{
    Marker &m = m_markers[index];
    if (m.cell < 0)
        return;
    auto &cell = m_grid[m.cell];
    const auto it = std::find(cell.begin(), cell.end(), index);
    if (it != cell.end()) {
        *it = cell.back();
        cell.pop_back();
    }
    m.cell = -1;
}

void MapWidget::upsertMarker(const DeviceSnapshot &s)
{
    const DeviceActivity &a = s.activity;
    if (!a.hasLocation || !(a.latitude >= -90 && a.latitude <= 90)
        || !(a.longitude >= -180 && a.longitude <= 180)) {
        removeMarker(s.device.uniqueId);
        return;
    }
    const QPointF norm = MapProjection::toNormalized(a.latitude, a.longitude);
    auto it = m_index.find(s.device.uniqueId);
    int index;
    if (it == m_index.end()) {
        index = static_cast<int>(m_markers.size());
        m_markers.push_back({});
        m_index.insert(s.device.uniqueId, index);
    } else {
        index = *it;
    }
    Marker &m = m_markers[index];
    m.id = s.device.uniqueId;
    m.name = s.device.name.isEmpty() ? s.device.uniqueId : s.device.name;
    m.status = s.status;
    m.moving = s.moving;
    m.course = a.course;
    m.lastUpdate = a.lastPacketAt;
    const int cell = cellOf(norm);
    m.norm = norm;
    if (cell != m.cell) {
        gridRemove(index);
        gridInsert(index);
    }
}

void MapWidget::removeMarker(const QString &id)
{
    const auto it = m_index.constFind(id);
    if (it == m_index.constEnd())
        return;
    const int index = *it;
    m_index.erase(it);
    gridRemove(index);
    const int last = static_cast<int>(m_markers.size()) - 1;
    if (index != last) {
        auto &cell = m_grid[m_markers[last].cell];
        std::replace(cell.begin(), cell.end(), last, index);
        m_markers[index] = std::move(m_markers[last]);
        m_index[m_markers[index].id] = index;
    }
    m_markers.pop_back();
}

void MapWidget::applyDelta(const FleetDelta &delta)
{
    if (delta.reset) {
        m_markers.clear();
        m_index.clear();
        for (auto &cell : m_grid)
            cell.clear();
    }
    for (const QString &id : delta.removed)
        removeMarker(id);
    for (const DeviceSnapshot &s : delta.changed)
        upsertMarker(s);
    m_layoutDirty = true;
    if (!m_followed.isEmpty()) {
        const auto it = m_index.constFind(m_followed);
        if (it == m_index.constEnd())
            setFollowedDevice({});
        else
            setCenterNorm(m_markers[*it].norm);
    }
    update();
}

std::optional<QPointF> MapWidget::markerPos(const QString &id) const
{
    const auto it = m_index.constFind(id);
    if (it == m_index.constEnd())
        return std::nullopt;
    QPointF n = m_markers[*it].norm;
    n.rx() += std::round(m_centerNorm.x() - n.x());
    return n * worldSize() - originWorld();
}

void MapWidget::setClusterMaxZoom(double zoom)
{
    m_clusterMaxZoom = zoom;
    m_layoutDirty = true;
    update();
}

const std::vector<MapWidget::Item> &MapWidget::layout() const
{
    if (!m_layoutDirty)
        return m_layout;
    m_layoutDirty = false;
    m_layout.clear();
    const double w = worldSize();
    const QPointF origin = originWorld();
    const double margin = 24.0;
    const QRectF view((origin.x() - margin) / w, (origin.y() - margin) / w,
        (width() + 2 * margin) / w, (height() + 2 * margin) / w);
    const bool cluster = m_zoom < m_clusterMaxZoom;
    struct Agg
    {
        int count = 0;
        double sx = 0;
        double sy = 0;
        ConnectionStatus worst = ConnectionStatus::Blocked;
        int first = -1;
        double x0 = 0;
        double y0 = 0;
        double x1 = 0;
        double y1 = 0;
    };
    std::vector<Agg> aggs;
    QHash<quint64, int> cells;
    if (cluster)
        cells.reserve(1024);
    const int k0 = static_cast<int>(std::floor(view.left()));
    const int k1 = static_cast<int>(std::floor(view.right()));
    for (int k = k0; k <= k1; ++k) {
        const QRectF part = view.translated(-k, 0).intersected(QRectF(0, 0, 1, 1));
        if (part.isEmpty())
            continue;
        const int cx0 = std::clamp(static_cast<int>(part.left() * kGrid), 0, kGrid - 1);
        const int cx1 = std::clamp(static_cast<int>(part.right() * kGrid), 0, kGrid - 1);
        const int cy0 = std::clamp(static_cast<int>(part.top() * kGrid), 0, kGrid - 1);
        const int cy1 = std::clamp(static_cast<int>(part.bottom() * kGrid), 0, kGrid - 1);
        for (int cy = cy0; cy <= cy1; ++cy) {
            for (int cx = cx0; cx <= cx1; ++cx) {
                for (int index : m_grid[cy * kGrid + cx]) {
                    const Marker &m = m_markers[index];
                    if (!part.contains(m.norm))
                        continue;
                    const double wx = (m.norm.x() + k) * w;
                    const double wy = m.norm.y() * w;
                    if (!cluster) {
                        m_layout.push_back({ QPointF(wx, wy) - origin, 1, m.status, index, {} });
                        continue;
                    }
                    const qint64 gx = static_cast<qint64>(std::floor(wx / kClusterCellPx));
                    const qint64 gy = static_cast<qint64>(std::floor(wy / kClusterCellPx));
                    const quint64 key = (quint64(gx + (qint64(1) << 31)) << 32) | quint64(gy);
                    auto it = cells.find(key);
                    if (it == cells.end()) {
                        it = cells.insert(key, int(aggs.size()));
                        aggs.push_back({});
                    }
                    Agg &a = aggs[*it];
                    if (a.count == 0 || severity(m.status) > severity(a.worst))
                        a.worst = m.status;
                    a.sx += wx;
                    a.sy += wy;
                    const double nx = m.norm.x() + k;
                    if (a.count == 0) {
                        a.first = index;
                        a.x0 = a.x1 = nx;
                        a.y0 = a.y1 = m.norm.y();
                    } else {
                        a.x0 = std::min(a.x0, nx);
                        a.x1 = std::max(a.x1, nx);
                        a.y0 = std::min(a.y0, m.norm.y());
                        a.y1 = std::max(a.y1, m.norm.y());
                    }
                    ++a.count;
                }
            }
        }
    }
    for (const Agg &a : aggs) {
        if (a.count == 1) {
            const Marker &m = m_markers[a.first];
            m_layout.push_back({ QPointF(a.sx, a.sy) - origin, 1, m.status, a.first, {} });
        } else {
            m_layout.push_back({ QPointF(a.sx / a.count, a.sy / a.count) - origin, a.count, a.worst,
                -1, QRectF(QPointF(a.x0, a.y0), QPointF(a.x1, a.y1)) });
        }
    }
    return m_layout;
}

QList<MapWidget::Item> MapWidget::visibleItems() const
{
    const auto &items = layout();
    return QList<Item>(items.begin(), items.end());
}

QString MapWidget::deviceAt(QPointF pos) const
{
    // The selected marker is drawn on top, so it wins.
    if (const auto sel = markerPos(m_selected);
        sel && QLineF(*sel, pos).length() <= kMarkerRadius + 3)
        return m_selected;
    const auto &items = layout();
    for (auto it = items.rbegin(); it != items.rend(); ++it) {
        if (it->count == 1 && QLineF(it->pos, pos).length() <= kMarkerRadius + 3)
            return m_markers[it->marker].id;
    }
    return {};
}

QString MapWidget::toolTipTextAt(QPointF pos) const
{
    const QString id = deviceAt(pos);
    const TimeMs now = m_clock ? m_clock->now() : kNoTime;
    if (!id.isEmpty()) {
        const Marker &m = m_markers[m_index.value(id)];
        QStringList lines { m.name, statusTitle(m.status) };
        if (now != kNoTime)
            lines
                << tr("Last update: %1").arg(DeviceListModel::relativeTimeText(m.lastUpdate, now));
        return lines.join(QLatin1Char('\n'));
    }
    const auto &items = layout();
    for (auto it = items.rbegin(); it != items.rend(); ++it) {
        if (it->count > 1 && QLineF(it->pos, pos).length() <= clusterDiameter(it->count) / 2) {
            return tr("%n devices", nullptr, it->count) + QLatin1Char('\n')
                + tr("Needs most attention: %1").arg(statusTitle(it->status)) + QLatin1Char('\n')
                + tr("Click to zoom in");
        }
    }
    return {};
}

void MapWidget::selectDevice(const QString &id)
{
    if (id == m_selected)
        return;
    m_selected = id;
    if (const auto pos = markerPos(id);
        pos && !rect().adjusted(20, 20, -20, -20).contains(pos->toPoint())) {
        const auto it = m_index.constFind(id);
        setCenterNorm(m_markers[*it].norm);
    }
    update();
}

void MapWidget::setFollowedDevice(const QString &id)
{
    if (id == m_followed)
        return;
    m_followed = id;
    const auto it = m_index.constFind(id);
    if (it != m_index.constEnd())
        setCenterNorm(m_markers[*it].norm);
    emit followedDeviceChanged(id);
}

// ---- track ------------------------------------------------------------------------------------

void MapWidget::setTrack(const QList<Position> &track)
{
    m_track.setTrack(track);
    update();
}

void MapWidget::clearTrack()
{
    m_track.clear();
    m_replay.reset();
    update();
}

void MapWidget::setReplayPosition(const Position &position)
{
    m_replay = position;
    update();
}

void MapWidget::clearReplayPosition()
{
    m_replay.reset();
    update();
}

QString MapWidget::attributionText() const
{
    if (m_source && !m_source->attribution().isEmpty())
        return m_source->attribution();
    return tr("Natural Earth");
}

// ---- painting ---------------------------------------------------------------------------------

bool MapWidget::isDark() const
{
    return palette().color(QPalette::Window).lightness() < 128;
}

void MapWidget::requestTiles(const TileRange &range)
{
    if (!m_source)
        return;
    const TileRange wanted = range.grown(1);
    if (wanted == m_lastWanted && m_lastWantedSource == m_source.data())
        return;
    m_lastWanted = wanted;
    m_lastWantedSource = m_source.data();
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
    m_source->setWanted(ids);
}

void MapWidget::paintTiles(QPainter &p)
{
    const TileRange range = visibleTileRange();
    const int n = 1 << range.z;
    const double tilePx = MapProjection::kTileSize * std::exp2(m_zoom - range.z);
    const QPointF origin = originWorld();
    const qreal dpr = devicePixelRatioF();
    const bool dark = isDark();
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
            if (m_source) {
                const QImage img = m_source->cachedTile(id);
                if (!img.isNull()) {
                    p.drawImage(target, img);
                    continue;
                }
            }
            QImage fallback = m_basemap.tile(id, dpr, dark);
            p.drawImage(target, fallback);
            // A coarser tile already in memory is better than the outlines.
            if (m_source) {
                for (int d = 1; d <= 4 && range.z - d >= 0; ++d) {
                    const TileId parent { range.z - d, id.x >> d, id.y >> d };
                    const QImage img = m_source->cachedTile(parent);
                    if (img.isNull())
                        continue;
                    const double sub = double(img.width()) / (1 << d);
                    const QRectF src(
                        (id.x & ((1 << d) - 1)) * sub, (id.y & ((1 << d) - 1)) * sub, sub, sub);
                    p.drawImage(target, img, src);
                    break;
                }
            }
        }
    }
    requestTiles(range);
}

QPixmap MapWidget::markerSprite(ConnectionStatus status, int bucket, qreal dpr)
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

QPixmap MapWidget::clusterSprite(int count, ConnectionStatus worst, qreal dpr)
{
    const quint64 key
        = (quint64(std::min(count, 1 << 24)) << 16) | (quint64(worst) << 8) | dprKey(dpr);
    const auto it = m_clusterSprites.constFind(key);
    if (it != m_clusterSprites.constEnd())
        return *it;
    if (m_clusterSprites.size() > 4000)
        m_clusterSprites.clear();
    const double d = clusterDiameter(count);
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
        QFont f = font();
        f.setBold(true);
        f.setPixelSize(count >= 100 ? 10 : 11);
        sp.setFont(f);
        sp.setPen(Qt::white);
        sp.drawText(QRectF(0, 0, side, side), Qt::AlignCenter, countText(count));
    }
    m_clusterSprites.insert(key, pm);
    return pm;
}

void MapWidget::paintMarkers(QPainter &p)
{
    const qreal dpr = devicePixelRatioF();
    const auto &items = layout();
    const bool labels = m_zoom >= kLabelMinZoom;
    auto drawSprite = [&](const QPixmap &pm, QPointF pos) {
        const QSizeF s = QSizeF(pm.size()) / dpr;
        p.drawPixmap(QPointF(std::round((pos.x() - s.width() / 2) * dpr) / dpr,
                         std::round((pos.y() - s.height() / 2) * dpr) / dpr),
            pm);
    };
    for (const Item &item : items) {
        if (item.count > 1) {
            drawSprite(clusterSprite(item.count, item.status, dpr), item.pos);
            continue;
        }
        const Marker &m = m_markers[item.marker];
        const int bucket = m.moving ? static_cast<int>(std::lround(m.course / 10.0)) % 36 : -1;
        drawSprite(markerSprite(m.status, bucket, dpr), item.pos);
    }
    if (labels) {
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 0.85);
        p.setFont(f);
        const QFontMetricsF fm(f);
        QColor bg = palette().color(QPalette::Base);
        bg.setAlpha(200);
        const QColor fg = palette().color(QPalette::Text);
        int drawn = 0;
        for (const Item &item : items) {
            if (item.count > 1)
                continue;
            if (++drawn > kMaxLabels)
                break;
            const QString &name = m_markers[item.marker].name;
            const QRectF r(item.pos.x() + kMarkerRadius + 5, item.pos.y() - fm.height() / 2 - 1,
                fm.horizontalAdvance(name) + 6, fm.height() + 2);
            p.setPen(Qt::NoPen);
            p.setBrush(bg);
            p.drawRoundedRect(r, 3, 3);
            p.setPen(fg);
            p.drawText(r, Qt::AlignCenter, name);
        }
    }
    // The selected device: on top of everything, with a ring in the highlight colour.
    if (const auto pos = markerPos(m_selected);
        pos && rect().adjusted(-20, -20, 20, 20).contains(pos->toPoint())) {
        const Marker &m = m_markers[m_index.value(m_selected)];
        const int bucket = m.moving ? static_cast<int>(std::lround(m.course / 10.0)) % 36 : -1;
        drawSprite(markerSprite(m.status, bucket, dpr), *pos);
        p.setRenderHint(QPainter::Antialiasing);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(palette().color(QPalette::Highlight), 3));
        p.drawEllipse(*pos, kMarkerRadius + 5, kMarkerRadius + 5);
    }
}

void MapWidget::paintOverlays(QPainter &p)
{
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    QColor bg = pal.color(QPalette::Base);
    bg.setAlpha(205);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    p.setFont(small);
    const QFontMetricsF fm(small);

    // Scale bar, bottom left: the longest 1/2/5 x 10^k distance that fits in 120 px.
    const double mpp = MapProjection::metresPerPixel(center().latitude(), m_zoom);
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
    const QRectF box(8, height() - 8 - fm.height() - 14,
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
    const QString attribution = attributionText();
    const double aw = fm.horizontalAdvance(attribution) + 10;
    const QRectF abox(width() - aw - 2, height() - fm.height() - 4, aw, fm.height() + 2);
    p.setPen(Qt::NoPen);
    p.setBrush(bg);
    p.drawRect(abox);
    p.setPen(pal.color(QPalette::Text));
    p.drawText(abox, Qt::AlignCenter, attribution);

    // Speed legend of the track, top right.
    if (!m_track.isEmpty())
        m_track.paintLegend(&p, QRectF(width() - 150, 8, 142, 16 + fm.height() + 6), pal);

    if (hasFocus()) {
        p.setPen(QPen(pal.color(QPalette::Highlight), 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(rect()).adjusted(1, 1, -1, -1));
    }
}

void MapWidget::paintEvent(QPaintEvent *)
{
    QElapsedTimer timer;
    timer.start();
    QPainter p(this);
    p.fillRect(rect(), Basemap::palette(isDark()).water);
    paintTiles(p);
    if (!m_track.isEmpty())
        m_track.paint(&p, originWorld(), worldSize(), QRectF(rect()));
    paintMarkers(p);
    if (m_replay && m_replay->hasCoordinates()) {
        const QPointF pos = geoToScreen(QGeoCoordinate(m_replay->latitude, m_replay->longitude));
        p.setRenderHint(QPainter::Antialiasing);
        p.save();
        p.translate(pos);
        p.rotate(m_replay->course);
        p.setPen(QPen(Qt::white, 2));
        p.setBrush(palette().color(QPalette::Highlight));
        p.drawPolygon(QPolygonF { QPointF(0, -13), QPointF(-9, 9), QPointF(0, 4), QPointF(9, 9) });
        p.restore();
    }
    paintOverlays(p);
    m_lastFrameMs = timer.nsecsElapsed() / 1e6;
}

void MapWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_layoutDirty = true;
    setCenterNorm(m_centerNorm);
}

void MapWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        m_sprites.clear();
        m_clusterSprites.clear();
        update();
    }
    QWidget::changeEvent(event);
}

// ---- interaction ------------------------------------------------------------------------------

void MapWidget::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0)
        return;
    const double base = m_wheelTarget >= 0 ? m_wheelTarget : m_zoom;
    zoomAround(event->position(), base + steps * 0.5, true);
    event->accept();
}

void MapWidget::stopInertia()
{
    m_inertia.stop();
    m_velocity = {};
}

void MapWidget::inertiaStep()
{
    const double dt = std::max<qint64>(1, m_inertiaClock.restart());
    m_velocity *= std::exp(-dt / kInertiaTau);
    if (std::hypot(m_velocity.x(), m_velocity.y()) < 15.0) {
        stopInertia();
        return;
    }
    panBy(m_velocity * dt / 1000.0);
}

void MapWidget::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    stopInertia();
    m_zoomAnimation->stop();
    m_pressed = true;
    m_dragged = false;
    m_pressPos = event->position();
    m_lastMousePos = m_pressPos;
    m_moveClock.start();
}

void MapWidget::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_pressed)
        return QWidget::mouseMoveEvent(event);
    const QPointF pos = event->position();
    if (!m_dragged && (pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
        m_dragged = true;
        setCursor(Qt::ClosedHandCursor);
        if (!m_followed.isEmpty())
            setFollowedDevice({});
    }
    if (m_dragged) {
        const QPointF delta = pos - m_lastMousePos;
        panBy(delta);
        const double dt = std::max<qint64>(1, m_moveClock.restart());
        m_velocity = 0.8 * (delta * 1000.0 / dt) + 0.2 * m_velocity;
    }
    m_lastMousePos = pos;
}

void MapWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_pressed)
        return QWidget::mouseReleaseEvent(event);
    m_pressed = false;
    setCursor(Qt::OpenHandCursor);
    if (m_dragged) {
        if (m_moveClock.elapsed() < 60 && std::hypot(m_velocity.x(), m_velocity.y()) > 150) {
            m_inertiaClock.start();
            m_inertia.start();
        }
        return;
    }
    const QPointF pos = event->position();
    const QString id = deviceAt(pos);
    if (!id.isEmpty()) {
        m_selected = id;
        update();
        emit deviceSelected(id);
        return;
    }
    const auto &items = layout();
    for (auto it = items.rbegin(); it != items.rend(); ++it) {
        if (it->count > 1 && QLineF(it->pos, pos).length() <= clusterDiameter(it->count) / 2) {
            QRectF bounds = it->bounds;
            const double maxZoom = std::max(m_zoom + 2, m_clusterMaxZoom);
            fitNormalized(bounds, maxZoom);
            return;
        }
    }
}

void MapWidget::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mouseDoubleClickEvent(event);
    zoomAround(event->position(), std::floor(m_zoom + 1.0 + 1e-9), true);
}

void MapWidget::keyPressEvent(QKeyEvent *event)
{
    constexpr double kStep = 80.0;
    if (event->matches(QKeySequence::ZoomIn) || event->key() == Qt::Key_Plus
        || event->key() == Qt::Key_Equal) {
        zoomIn();
        return;
    }
    if (event->matches(QKeySequence::ZoomOut) || event->key() == Qt::Key_Minus) {
        zoomOut();
        return;
    }
    switch (event->key()) {
    case Qt::Key_Left:
        panBy({ kStep, 0 });
        return;
    case Qt::Key_Right:
        panBy({ -kStep, 0 });
        return;
    case Qt::Key_Up:
        panBy({ 0, kStep });
        return;
    case Qt::Key_Down:
        panBy({ 0, -kStep });
        return;
    case Qt::Key_Home:
        fitAll();
        return;
    case Qt::Key_Escape:
        if (!m_followed.isEmpty()) {
            setFollowedDevice({});
            return;
        }
        break;
    default:
        break;
    }
    QWidget::keyPressEvent(event);
}

bool MapWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipTextAt(help->pos());
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), text, this);
        }
        return true;
    }
    return QWidget::event(event);
}

} // namespace fw
