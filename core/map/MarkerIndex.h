#pragma once
// MarkerIndex: the devices the map shows, in a spatial grid over normalised Mercator so a frame
// visits only the markers in view; lays them out for a view (nearby ones grouped into clusters on
// a screen grid at far zooms) and tells which marker or cluster lies under a point. No widget in
// it, so what is drawn where, and what a click hits, is tested on its own.

#include "map/MapViewport.h"
#include "status/ConnectionStatus.h"
#include "util/TimeUtil.h"

#include <QHash>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <optional>
#include <vector>

namespace fw {

class MarkerIndex
{
public:
    // What the map knows of one device.
    struct Marker
    {
        QString id;
        QString name; // the label; the id when empty
        ConnectionStatus status = ConnectionStatus::Online;
        double latitude = 0.0;
        double longitude = 0.0;
        bool moving = false;
        double course = 0.0; // degrees; shown as a heading arrow while moving
        TimeMs lastUpdate = kNoTime;
    };

    // One thing drawn at a screen position: a single device or a cluster of several.
    struct Item
    {
        QPointF pos; // logical pixels of the view
        int count = 1;
        ConnectionStatus status = ConnectionStatus::Online; // the device's, or the worst
        int marker = -1; // index of a single device (count == 1), for at()
        QRectF bounds; // of the members, normalised Mercator (clusters)
    };

    static constexpr int kGrid = 256; // spatial index: kGrid x kGrid cells over the world
    static constexpr int kClusterCellPx = 64; // markers in one such screen cell form a cluster
    static constexpr double kMarkerRadius = 7.0; // logical px of a marker's status disc
    static constexpr double kMarkerHitRadius = kMarkerRadius + 3.0; // a click this near hits it
    static double clusterDiameter(int count); // logical px, grows with the count
    // Which status a cluster shows: the one needing attention most has the highest severity.
    static int severity(ConnectionStatus status);

    MarkerIndex();

    // Adds or replaces the marker of marker.id. Coordinates off the globe (or NaN) remove it
    // instead; returns whether the device is on the map.
    bool upsert(const Marker &marker);
    void remove(const QString &id);
    void clear();

    int size() const { return static_cast<int>(m_entries.size()); }
    bool isEmpty() const { return m_entries.empty(); }
    bool contains(const QString &id) const { return m_byId.contains(id); }
    const Marker &at(int index) const { return m_entries[index].marker; } // Item::marker
    const Marker *find(const QString &id) const; // null when not on the map
    std::optional<QPointF> normalizedPos(const QString &id) const;
    // Screen position in `view` (the world copy nearest its centre), without clustering.
    std::optional<QPointF> screenPos(const QString &id, const MapViewport &view) const;
    std::optional<QRectF> normalizedBounds() const; // of all markers; none when empty

    // Clustering applies below this zoom (default 15); 0 turns it off.
    void setClusterMaxZoom(double zoom);
    double clusterMaxZoom() const { return m_clusterMaxZoom; }

    // The items of `view` in drawing order (later ones on top), with a margin around it so
    // markers at the edge do not pop in. Kept until the markers or the view change; the
    // reference is valid until the next call with another view.
    const std::vector<Item> &layout(const MapViewport &view) const;
    // The single marker under `pos` (the topmost; `selected` first, as it is drawn on top of
    // everything), or empty.
    QString markerAt(const MapViewport &view, QPointF pos, const QString &selected = {}) const;
    std::optional<Item> clusterAt(const MapViewport &view, QPointF pos) const; // the topmost

private:
    struct Entry
    {
        Marker marker;
        QPointF norm; // normalised Mercator
        int cell = -1;
    };

    int cellOf(QPointF norm) const;
    void gridInsert(int index);
    void gridRemove(int index);
    void invalidate() { m_layoutValid = false; }

    std::vector<Entry> m_entries;
    QHash<QString, int> m_byId;
    std::vector<std::vector<int>> m_grid;
    double m_clusterMaxZoom = 15.0;

    mutable std::vector<Item> m_layout;
    mutable MapViewport m_layoutView;
    mutable bool m_layoutValid = false;
};

} // namespace fw
