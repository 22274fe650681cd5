#pragma once
// MapView: the map tab of the window: MapWidget plus a toolbar (fit all, fit selection, follow,
// tile source, track period) and the ReplayBar for the selected device's track. Owns the tile
// source chosen from QSettings "map/sources" (or the built-in basemap only) and remembers the
// view ("map/center", "map/zoom", "map/source").

#include "domain/Position.h"
#include "fleet/DeviceSnapshot.h"
#include "storage/DatabaseConfig.h"

#include <QWidget>

#include <memory>

class QAction;
class QComboBox;
class QToolBar;

namespace fw {

class Clock;
class MapWidget;
class ReplayBar;
class TileSource;
class TrackLoader;

class MapView : public QWidget
{
    Q_OBJECT
public:
    struct SourceEntry // one item of the QSettings array "map/sources"
    {
        QString name;
        QString url; // XYZ template, or a path ending in .mbtiles
        QString attribution;
        int maxZoom = 19;
    };
    static QString builtInSourceName(); // "Built-in basemap only"

    explicit MapView(Clock *clock, QWidget *parent = nullptr);
    ~MapView() override;

    MapWidget *map() const { return m_map; }
    ReplayBar *replayBar() const { return m_replay; }
    TrackLoader *trackLoader() const { return m_loader; }

    void setDatabaseConfig(const DatabaseConfig &config); // enables tracks
    void applyDelta(const FleetDelta &delta);

    QList<SourceEntry> sources() const { return m_sources; }
    QString currentSource() const;
    void setSource(const QString &name); // a name from sources() or builtInSourceName()
    TimeMs trackPeriod() const; // length of the track shown, from the period picker
    void setTrackPeriod(TimeMs period);

    void restoreSettings();
    void saveSettings() const;

public slots:
    void selectDevice(const QString &id); // from the list
    void reloadTrack();

signals:
    void deviceSelected(const QString &id); // from a click on the map

private:
    void loadSources();

    Clock *m_clock;
    MapWidget *m_map = nullptr;
    ReplayBar *m_replay = nullptr;
    TrackLoader *m_loader = nullptr;
    QToolBar *m_toolBar = nullptr;
    QAction *m_follow = nullptr;
    QComboBox *m_sourceBox = nullptr;
    QComboBox *m_periodBox = nullptr;
    QList<SourceEntry> m_sources;
    std::unique_ptr<TileSource> m_tileSource;
    QString m_trackDevice;
};

} // namespace fw
