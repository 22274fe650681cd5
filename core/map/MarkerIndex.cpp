#include "MarkerIndex.h"

#include "map/MapProjection.h"

#include <QLineF>

#include <algorithm>
#include <cmath>

namespace fw {

double MarkerIndex::clusterDiameter(int count)
{
    return std::min(44.0, 22.0 + 7.0 * std::log10(std::max(1, count)));
}

int MarkerIndex::severity(ConnectionStatus s)
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

MarkerIndex::MarkerIndex()
    : m_grid(kGrid * kGrid)
{ }

// ---- markers ----------------------------------------------------------------------------------

int MarkerIndex::cellOf(QPointF n) const
{
    const int cx = std::clamp(static_cast<int>(n.x() * kGrid), 0, kGrid - 1);
    const int cy = std::clamp(static_cast<int>(n.y() * kGrid), 0, kGrid - 1);
    return cy * kGrid + cx;
}

void MarkerIndex::gridInsert(int index)
{
    Entry &e = m_entries[index];
    e.cell = cellOf(e.norm);
    m_grid[e.cell].push_back(index);
}

void MarkerIndex::gridRemove(int index)
{
    Entry &e = m_entries[index];
    if (e.cell < 0)
        return;
    auto &cell = m_grid[e.cell];
    const auto it = std::find(cell.begin(), cell.end(), index);
    if (it != cell.end()) {
        *it = cell.back();
        cell.pop_back();
    }
    e.cell = -1;
}

bool MarkerIndex::upsert(const Marker &marker)
{
    if (!(marker.latitude >= -90 && marker.latitude <= 90)
        || !(marker.longitude >= -180 && marker.longitude <= 180)) {
        remove(marker.id);
        return false;
    }
    const QPointF norm = MapProjection::toNormalized(marker.latitude, marker.longitude);
    auto it = m_byId.find(marker.id);
    int index;
    if (it == m_byId.end()) {
        index = static_cast<int>(m_entries.size());
        m_entries.push_back({});
        m_byId.insert(marker.id, index);
    } else {
        index = *it;
    }
    Entry &e = m_entries[index];
    e.marker = marker;
    if (e.marker.name.isEmpty())
        e.marker.name = marker.id;
    const int cell = cellOf(norm);
    e.norm = norm;
    if (cell != e.cell) {
        gridRemove(index);
        gridInsert(index);
    }
    invalidate();
    return true;
}

void MarkerIndex::remove(const QString &id)
{
    const auto it = m_byId.constFind(id);
    if (it == m_byId.constEnd())
        return;
    const int index = *it;
    m_byId.erase(it);
    gridRemove(index);
    const int last = static_cast<int>(m_entries.size()) - 1;
    if (index != last) {
        auto &cell = m_grid[m_entries[last].cell];
        std::replace(cell.begin(), cell.end(), last, index);
        m_entries[index] = std::move(m_entries[last]);
        m_byId[m_entries[index].marker.id] = index;
    }
    m_entries.pop_back();
    invalidate();
}

void MarkerIndex::clear()
{
    m_entries.clear();
    m_byId.clear();
    for (auto &cell : m_grid)
        cell.clear();
    invalidate();
}

const MarkerIndex::Marker *MarkerIndex::find(const QString &id) const
{
    const auto it = m_byId.constFind(id);
    return it == m_byId.constEnd() ? nullptr : &m_entries[*it].marker;
}

std::optional<QPointF> MarkerIndex::normalizedPos(const QString &id) const
{
    const auto it = m_byId.constFind(id);
    if (it == m_byId.constEnd())
        return std::nullopt;
    return m_entries[*it].norm;
}

std::optional<QPointF> MarkerIndex::screenPos(const QString &id, const MapViewport &view) const
{
    const auto norm = normalizedPos(id);
    if (!norm)
        return std::nullopt;
    return view.toScreen(*norm);
}

std::optional<QRectF> MarkerIndex::normalizedBounds() const
{
    if (m_entries.empty())
        return std::nullopt;
    double x0 = 1, y0 = 1, x1 = 0, y1 = 0;
    for (const Entry &e : m_entries) {
        x0 = std::min(x0, e.norm.x());
        x1 = std::max(x1, e.norm.x());
        y0 = std::min(y0, e.norm.y());
        y1 = std::max(y1, e.norm.y());
    }
    return QRectF(QPointF(x0, y0), QPointF(x1, y1));
}

void MarkerIndex::setClusterMaxZoom(double zoom)
{
    m_clusterMaxZoom = zoom;
    invalidate();
}

// ---- layout -----------------------------------------------------------------------------------

const std::vector<MarkerIndex::Item> &MarkerIndex::layout(const MapViewport &view) const
{
    if (m_layoutValid && m_layoutView == view)
        return m_layout;
    m_layoutValid = true;
    m_layoutView = view;
    m_layout.clear();
    const double w = view.worldSize();
    const QPointF origin = view.originWorld();
    const double margin = 24.0;
    const QRectF visible((origin.x() - margin) / w, (origin.y() - margin) / w,
        (view.width() + 2 * margin) / w, (view.height() + 2 * margin) / w);
    const bool cluster = view.zoom() < m_clusterMaxZoom;
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
    // Each world copy the view overlaps (k = -1 west of the antimeridian, 1 east of it).
    const int k0 = static_cast<int>(std::floor(visible.left()));
    const int k1 = static_cast<int>(std::floor(visible.right()));
    for (int k = k0; k <= k1; ++k) {
        const QRectF part = visible.translated(-k, 0).intersected(QRectF(0, 0, 1, 1));
        if (part.isEmpty())
            continue;
        const int cx0 = std::clamp(static_cast<int>(part.left() * kGrid), 0, kGrid - 1);
        const int cx1 = std::clamp(static_cast<int>(part.right() * kGrid), 0, kGrid - 1);
        const int cy0 = std::clamp(static_cast<int>(part.top() * kGrid), 0, kGrid - 1);
        const int cy1 = std::clamp(static_cast<int>(part.bottom() * kGrid), 0, kGrid - 1);
        for (int cy = cy0; cy <= cy1; ++cy) {
            for (int cx = cx0; cx <= cx1; ++cx) {
                for (int index : m_grid[cy * kGrid + cx]) {
                    const Entry &e = m_entries[index];
                    if (!part.contains(e.norm))
                        continue;
                    const double wx = (e.norm.x() + k) * w;
                    const double wy = e.norm.y() * w;
                    const ConnectionStatus status = e.marker.status;
                    if (!cluster) {
                        m_layout.push_back({ QPointF(wx, wy) - origin, 1, status, index, {} });
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
                    if (a.count == 0 || severity(status) > severity(a.worst))
                        a.worst = status;
                    a.sx += wx;
                    a.sy += wy;
                    const double nx = e.norm.x() + k;
                    if (a.count == 0) {
                        a.first = index;
                        a.x0 = a.x1 = nx;
                        a.y0 = a.y1 = e.norm.y();
                    } else {
                        a.x0 = std::min(a.x0, nx);
                        a.x1 = std::max(a.x1, nx);
                        a.y0 = std::min(a.y0, e.norm.y());
                        a.y1 = std::max(a.y1, e.norm.y());
                    }
                    ++a.count;
                }
            }
        }
    }
    for (const Agg &a : aggs) {
        if (a.count == 1) {
            const ConnectionStatus status = m_entries[a.first].marker.status;
            m_layout.push_back({ QPointF(a.sx, a.sy) - origin, 1, status, a.first, {} });
        } else {
            m_layout.push_back({ QPointF(a.sx / a.count, a.sy / a.count) - origin, a.count, a.worst,
                -1, QRectF(QPointF(a.x0, a.y0), QPointF(a.x1, a.y1)) });
        }
    }
    return m_layout;
}

// ---- hit tests --------------------------------------------------------------------------------

QString MarkerIndex::markerAt(const MapViewport &view, QPointF pos, const QString &selected) const
{
    // The selected marker is drawn on top, so it wins.
    if (const auto sel = screenPos(selected, view);
        sel && QLineF(*sel, pos).length() <= kMarkerHitRadius)
        return selected;
    const auto &items = layout(view);
    for (auto it = items.rbegin(); it != items.rend(); ++it) {
        if (it->count == 1 && QLineF(it->pos, pos).length() <= kMarkerHitRadius)
            return m_entries[it->marker].marker.id;
    }
    return {};
}

std::optional<MarkerIndex::Item> MarkerIndex::clusterAt(const MapViewport &view, QPointF pos) const
{
    const auto &items = layout(view);
    for (auto it = items.rbegin(); it != items.rend(); ++it) {
        if (it->count > 1 && QLineF(it->pos, pos).length() <= clusterDiameter(it->count) / 2)
            return *it;
    }
    return std::nullopt;
}

} // namespace fw
