#include "MapWidget.h"

#include "devicelist/DeviceListModel.h"
#include "util/Clock.h"

#include <QApplication>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QVariantAnimation>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace fw {

namespace {
constexpr double kInertiaTau = 325.0; // ms, exponential decay of the fling velocity
} // namespace

MapWidget::MapWidget(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Fleet map"));
    setAccessibleDescription(tr("Map of the devices. Arrow keys pan, plus and minus zoom."));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true); // the name of the device under the pointer
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
    m_painter.forgetRequestedTiles();
    if (m_source) {
        connect(m_source, &TileSource::tileReady, this, [this] { update(); });
        connect(m_source, &TileSource::attributionChanged, this, [this] { update(); });
    }
    update();
}

// ---- view -------------------------------------------------------------------------------------

MapViewport MapWidget::viewport() const
{
    return MapViewport(m_centerNorm, m_zoom, QSizeF(size()));
}

double MapWidget::worldSize() const
{
    return MapProjection::worldSize(m_zoom);
}

QPointF MapWidget::originWorld() const
{
    return viewport().originWorld();
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
    return viewport().toScreen(MapProjection::toNormalized(c.latitude(), c.longitude()));
}

QGeoCoordinate MapWidget::screenToGeo(QPointF pos) const
{
    return MapProjection::fromNormalized(viewport().toNormalized(pos));
}

TileRange MapWidget::visibleTileRange() const
{
    int level = MapProjection::tileZoom(m_zoom);
    if (m_source)
        level = std::clamp(level, m_source->minZoom(), m_source->maxZoom());
    return MapProjection::visibleTiles(viewport().centerWorld(), QSizeF(size()), m_zoom, level);
}

void MapWidget::fitNormalized(const QRectF &rect, double maxZoom)
{
    const QSizeF avail(std::max(50, width() - 80), std::max(50, height() - 80));
    const double zoom = std::min(MapProjection::zoomToFit(rect, avail), maxZoom);
    m_zoom = MapProjection::clampZoom(zoom);
    setCenterNorm(rect.center());
    viewMoved();
}

void MapWidget::fitAll()
{
    if (const auto bounds = m_markers.normalizedBounds())
        fitNormalized(*bounds, 16.0);
}

void MapWidget::fitSelection()
{
    std::optional<QRectF> rect;
    if (const auto norm = m_markers.normalizedPos(m_selected))
        rect = QRectF(*norm, QSizeF(0, 0));
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

void MapWidget::upsertMarker(const DeviceSnapshot &s)
{
    const DeviceActivity &a = s.activity;
    if (!a.hasLocation) {
        m_markers.remove(s.device.uniqueId);
        return;
    }
    m_markers.upsert({ s.device.uniqueId, s.device.name, s.status, a.latitude, a.longitude,
        s.moving, a.course, a.lastPacketAt });
}

void MapWidget::applyDelta(const FleetDelta &delta)
{
    if (delta.reset)
        m_markers.clear();
    for (const QString &id : delta.removed)
        m_markers.remove(id);
    for (const DeviceSnapshot &s : delta.changed)
        upsertMarker(s);
    if (!m_followed.isEmpty()) {
        if (const auto norm = m_markers.normalizedPos(m_followed))
            setCenterNorm(*norm);
        else
            setFollowedDevice({});
    }
    update();
}

std::optional<QPointF> MapWidget::markerPos(const QString &id) const
{
    return m_markers.screenPos(id, viewport());
}

void MapWidget::setClusterMaxZoom(double zoom)
{
    m_markers.setClusterMaxZoom(zoom);
    update();
}

QList<MapWidget::Item> MapWidget::visibleItems() const
{
    const auto &items = m_markers.layout(viewport());
    return QList<Item>(items.begin(), items.end());
}

QString MapWidget::deviceAt(QPointF pos) const
{
    return m_markers.markerAt(viewport(), pos, m_selected);
}

QString MapWidget::toolTipTextAt(QPointF pos) const
{
    const QString id = deviceAt(pos);
    const TimeMs now = m_clock ? m_clock->now() : kNoTime;
    if (!id.isEmpty()) {
        const MarkerIndex::Marker &m = *m_markers.find(id);
        QStringList lines { m.name, statusTitle(m.status) };
        if (now != kNoTime)
            lines
                << tr("Last update: %1").arg(DeviceListModel::relativeTimeText(m.lastUpdate, now));
        return lines.join(QLatin1Char('\n'));
    }
    if (const auto cluster = m_markers.clusterAt(viewport(), pos)) {
        return tr("%n devices", nullptr, cluster->count) + QLatin1Char('\n')
            + tr("Needs most attention: %1").arg(statusTitle(cluster->status)) + QLatin1Char('\n')
            + tr("Click to zoom in");
    }
    return {};
}

void MapWidget::selectDevice(const QString &id)
{
    if (id == m_selected)
        return;
    m_selected = id;
    if (const auto pos = markerPos(id);
        pos && !rect().adjusted(20, 20, -20, -20).contains(pos->toPoint()))
        setCenterNorm(*m_markers.normalizedPos(id));
    update();
}

void MapWidget::setFollowedDevice(const QString &id)
{
    if (id == m_followed)
        return;
    m_followed = id;
    if (const auto norm = m_markers.normalizedPos(id))
        setCenterNorm(*norm);
    emit followedDeviceChanged(id);
}

// ---- track ------------------------------------------------------------------------------------

void MapWidget::setTrack(const QList<Position> &track)
{
    m_track.setTrack(track);
    update();
}

void MapWidget::setOtherTracks(const QList<QList<Position>> &tracks, const QList<QColor> &colors)
{
    m_otherTracks.clear();
    for (qsizetype i = 0; i < tracks.size(); ++i) {
        TrackLayer layer;
        layer.setTrack(tracks.at(i));
        layer.setColor(colors.value(i, palette().color(QPalette::Highlight)));
        if (!layer.isEmpty())
            m_otherTracks.append(std::move(layer));
    }
    update();
}

void MapWidget::fitTracks()
{
    std::optional<QRectF> rect;
    const auto unite = [&rect](const TrackLayer &layer) {
        if (!layer.isEmpty())
            rect = rect ? rect->united(layer.normalizedBounds()) : layer.normalizedBounds();
    };
    unite(m_track);
    for (const TrackLayer &layer : std::as_const(m_otherTracks))
        unite(layer);
    if (rect)
        fitNormalized(*rect, 16.0);
}

void MapWidget::fitTimeSpan(TimeMs from, TimeMs to)
{
    std::optional<QRectF> rect;
    for (const Position &p : m_track.positions()) {
        if (p.deviceTime < from || p.deviceTime > to)
            continue;
        const QPointF n = MapProjection::toNormalized(p.latitude, p.longitude);
        rect = rect ? rect->united(QRectF(n, QSizeF(0, 0))) : QRectF(n, QSizeF(0, 0));
    }
    if (rect)
        fitNormalized(*rect, 16.0);
}

void MapWidget::clearTrack()
{
    m_track.clear();
    m_otherTracks.clear();
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
    const QString drawn = m_painter.lastAttribution();
    return drawn.isEmpty() ? basemapAttribution() : drawn;
}

QString MapWidget::basemapAttribution()
{
    return tr("Built-in basemap: Natural Earth");
}

// ---- geofences and tools ---------------------------------------------------------------------

void MapWidget::setGeofences(const QList<Geofence> &geofences)
{
    m_geofences.setGeofences(geofences);
    update();
}

void MapWidget::setHighlightedGeofence(const QString &name)
{
    m_geofences.setHighlighted(name);
    update();
}

void MapWidget::setGeofencesVisible(bool visible)
{
    m_showGeofences = visible;
    update();
}

void MapWidget::setTool(MapTool *tool)
{
    if (m_tool)
        disconnect(m_tool, nullptr, this, nullptr);
    m_tool = tool;
    m_toolDrag = false;
    if (tool)
        connect(tool, &MapTool::changed, this, qOverload<>(&QWidget::update));
    setCursor(tool ? Qt::CrossCursor : Qt::OpenHandCursor);
    update();
}

// ---- painting ---------------------------------------------------------------------------------

void MapWidget::paintEvent(QPaintEvent *)
{
    QElapsedTimer timer;
    timer.start();
    MapPainter::Frame frame;
    frame.view = viewport();
    frame.tiles = visibleTileRange();
    frame.source = m_source.data();
    frame.basemap = &m_basemap;
    frame.markers = &m_markers;
    frame.selected = m_selected;
    frame.track = &m_track;
    for (const TrackLayer &layer : std::as_const(m_otherTracks))
        frame.otherTracks << &layer;
    frame.geofences = m_showGeofences ? &m_geofences : nullptr;
    frame.tool = m_tool.data();
    frame.replay = m_replay;
    frame.sourceAttribution = m_source ? m_source->attribution() : QString();
    frame.basemapAttribution = basemapAttribution();
    frame.hovered = m_hovered;
    frame.palette = palette();
    frame.font = font();
    frame.devicePixelRatio = devicePixelRatioF();
    frame.focused = hasFocus();
    QPainter p(this);
    m_painter.paint(p, frame);
    m_lastFrameMs = timer.nsecsElapsed() / 1e6;
}

void MapWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    setCenterNorm(m_centerNorm);
}

void MapWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        m_painter.clearSprites();
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
    m_toolDrag = m_tool && m_tool->press(event->position(), viewport());
    m_pressPos = event->position();
    m_lastMousePos = m_pressPos;
    m_moveClock.start();
}

void MapWidget::leaveEvent(QEvent *event)
{
    if (!m_hovered.isEmpty()) {
        m_hovered.clear();
        update();
    }
    QWidget::leaveEvent(event);
}

void MapWidget::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_pressed) {
        const QString hovered = deviceAt(event->position());
        if (hovered != m_hovered) {
            m_hovered = hovered;
            update();
        }
        return QWidget::mouseMoveEvent(event);
    }
    const QPointF pos = event->position();
    if (m_toolDrag) {
        m_dragged = true;
        if (m_tool)
            m_tool->drag(pos, viewport());
        return;
    }
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
    if (m_toolDrag) {
        m_toolDrag = false;
        if (m_tool)
            m_tool->release();
        return;
    }
    if (m_dragged) {
        if (m_moveClock.elapsed() < 60 && std::hypot(m_velocity.x(), m_velocity.y()) > 150) {
            m_inertiaClock.start();
            m_inertia.start();
        }
        return;
    }
    const QPointF pos = event->position();
    if (m_tool) {
        m_tool->click(pos, viewport());
        return;
    }
    const QString id = deviceAt(pos);
    if (!id.isEmpty()) {
        m_selected = id;
        update();
        emit deviceSelected(id);
        return;
    }
    if (const auto cluster = m_markers.clusterAt(viewport(), pos))
        fitNormalized(cluster->bounds, std::max(m_zoom + 2, m_markers.clusterMaxZoom()));
}

void MapWidget::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mouseDoubleClickEvent(event);
    if (m_tool)
        return mousePressEvent(event); // quick clicks add vertices; they do not zoom
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
