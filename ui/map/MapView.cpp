#include "MapView.h"

#include "map/MapWidget.h"
#include "map/MbTilesSource.h"
#include "map/ReplayBar.h"
#include "map/TrackLoader.h"
#include "map/XyzTileSource.h"
#include "util/Clock.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSettings>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace fw {

namespace {
const QString kSourcesKey = QStringLiteral("map/sources");
const QString kSourceKey = QStringLiteral("map/source");
const QString kCenterKey = QStringLiteral("map/center");
const QString kZoomKey = QStringLiteral("map/zoom");
const QString kPeriodKey = QStringLiteral("map/trackPeriodHours");
} // namespace

QString MapView::builtInSourceName()
{
    return tr("Built-in basemap only");
}

MapView::MapView(Clock *clock, QWidget *parent)
    : QWidget(parent)
    , m_clock(clock)
{
    setAccessibleName(tr("Map"));
    m_map = new MapWidget(this);
    m_map->setClock(clock);
    m_replay = new ReplayBar(this);
    m_replay->setVisible(false);
    m_loader = new TrackLoader(this);

    m_toolBar = new QToolBar(tr("Map"), this);
    m_toolBar->setAccessibleName(tr("Map tools"));
    QAction *fitAll = m_toolBar->addAction(tr("Fit all"), m_map, &MapWidget::fitAll);
    fitAll->setToolTip(tr("Show every device (Home)"));
    QAction *fitSelection
        = m_toolBar->addAction(tr("Fit selection"), m_map, &MapWidget::fitSelection);
    fitSelection->setToolTip(tr("Show the selected device and its track"));
    m_follow = m_toolBar->addAction(tr("Follow"));
    m_follow->setCheckable(true);
    m_follow->setToolTip(tr("Keep the selected device in the middle of the map"));
    m_toolBar->addSeparator();
    m_toolBar->addWidget(new QLabel(tr("Map:"), this));
    m_sourceBox = new QComboBox(this);
    m_sourceBox->setAccessibleName(tr("Map tiles"));
    m_toolBar->addWidget(m_sourceBox);
    m_toolBar->addWidget(new QLabel(tr("Track:"), this));
    m_periodBox = new QComboBox(this);
    m_periodBox->setAccessibleName(tr("Track period"));
    m_periodBox->addItem(tr("Last hour"), 1);
    m_periodBox->addItem(tr("Last 6 hours"), 6);
    m_periodBox->addItem(tr("Last 24 hours"), 24);
    m_periodBox->addItem(tr("Last 3 days"), 72);
    m_periodBox->addItem(tr("Last 7 days"), 168);
    m_periodBox->setCurrentIndex(2);
    m_toolBar->addWidget(m_periodBox);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_map, 1);
    layout->addWidget(m_replay);

    connect(m_follow, &QAction::toggled, this,
        [this](bool on) { m_map->setFollowedDevice(on ? m_map->selectedDevice() : QString()); });
    connect(m_map, &MapWidget::followedDeviceChanged, this, [this](const QString &id) {
        const QSignalBlocker block(m_follow);
        m_follow->setChecked(!id.isEmpty());
    });
    connect(m_map, &MapWidget::deviceSelected, this, [this](const QString &id) {
        if (m_follow->isChecked())
            m_map->setFollowedDevice(id);
        reloadTrack();
        emit deviceSelected(id);
    });
    connect(m_sourceBox, &QComboBox::currentIndexChanged, this,
        [this] { setSource(m_sourceBox->currentText()); });
    connect(m_periodBox, &QComboBox::currentIndexChanged, this, &MapView::reloadTrack);
    connect(m_loader, &TrackLoader::loaded, this,
        [this](quint64, const QString &id, const QList<Position> &track) {
            if (id != m_map->selectedDevice())
                return;
            m_map->setTrack(track);
            m_replay->setTrack(track);
            m_replay->setVisible(m_replay->hasTrack());
        });
    connect(m_replay, &ReplayBar::positionChanged, m_map, &MapWidget::setReplayPosition);

    loadSources();
    restoreSettings();
}

MapView::~MapView()
{
    saveSettings();
    m_map->setTileSource(nullptr);
}

void MapView::loadSources()
{
    QSettings settings;
    const int n = settings.beginReadArray(kSourcesKey);
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        SourceEntry e;
        e.name = settings.value(QStringLiteral("name")).toString();
        e.url = settings.value(QStringLiteral("url")).toString();
        e.attribution = settings.value(QStringLiteral("attribution")).toString();
        e.maxZoom = settings.value(QStringLiteral("maxZoom"), 19).toInt();
        if (!e.name.isEmpty() && !e.url.isEmpty())
            m_sources.append(e);
    }
    settings.endArray();
    // OpenStreetMap is always offered, first, unless a configured layer took its name.
    const XyzTileSource::Options osm = XyzTileSource::openStreetMap();
    const bool osmConfigured = std::any_of(m_sources.cbegin(), m_sources.cend(),
        [&osm](const SourceEntry &e) { return e.name == osm.name; });
    if (!osmConfigured)
        m_sources.prepend({ osm.name, osm.urlTemplates.first(), osm.attribution, osm.maxZoom });
    const QSignalBlocker block(m_sourceBox);
    m_sourceBox->clear();
    for (const SourceEntry &e : std::as_const(m_sources))
        m_sourceBox->addItem(e.name);
    m_sourceBox->addItem(builtInSourceName());
}

QString MapView::currentSource() const
{
    return m_sourceBox->currentText();
}

void MapView::setSource(const QString &name)
{
    const int index = m_sourceBox->findText(name);
    if (index < 0)
        return;
    if (index != m_sourceBox->currentIndex()) {
        const QSignalBlocker block(m_sourceBox);
        m_sourceBox->setCurrentIndex(index);
    }
    m_map->setTileSource(nullptr);
    m_tileSource.reset();
    for (const SourceEntry &e : std::as_const(m_sources)) {
        if (e.name != name)
            continue;
        if (e.url.endsWith(QLatin1String(".mbtiles"), Qt::CaseInsensitive)) {
            m_tileSource = std::make_unique<MbTilesSource>(e.url);
        } else {
            XyzTileSource::Options o;
            o.name = e.name;
            o.urlTemplates = { e.url };
            o.attribution = e.attribution;
            o.maxZoom = e.maxZoom;
            o.highDpi = devicePixelRatioF() > 1.5 && e.url.contains(QLatin1String("{r}"));
            m_tileSource = std::make_unique<XyzTileSource>(o);
        }
        break;
    }
    m_map->setTileSource(m_tileSource.get());
}

TimeMs MapView::trackPeriod() const
{
    return TimeMs(m_periodBox->currentData().toInt()) * kHour;
}

void MapView::setTrackPeriod(TimeMs period)
{
    const int index = m_periodBox->findData(int(period / kHour));
    if (index >= 0)
        m_periodBox->setCurrentIndex(index);
}

void MapView::setDatabaseConfig(const DatabaseConfig &config)
{
    m_loader->setDatabaseConfig(config);
}

void MapView::applyDelta(const FleetDelta &delta)
{
    m_map->applyDelta(delta);
}

void MapView::selectDevice(const QString &id)
{
    m_map->selectDevice(id);
    if (m_follow->isChecked())
        m_map->setFollowedDevice(id);
    reloadTrack();
}

void MapView::reloadTrack()
{
    const QString id = m_map->selectedDevice();
    if (id != m_trackDevice) {
        m_map->clearTrack();
        m_replay->clear();
        m_replay->setVisible(false);
        m_trackDevice = id;
    }
    if (id.isEmpty() || !m_loader->hasDatabase() || !m_clock)
        return;
    const TimeMs now = m_clock->now();
    m_loader->load(id, now - trackPeriod(), now);
}

void MapView::restoreSettings()
{
    QSettings settings;
    const QVariantList center = settings.value(kCenterKey).toList();
    const double zoom = settings.value(kZoomKey, 3.0).toDouble();
    if (center.size() == 2)
        m_map->setView(QGeoCoordinate(center.at(0).toDouble(), center.at(1).toDouble()), zoom);
    else
        m_map->setView(QGeoCoordinate(30.0, 10.0), zoom);
    const int hours = settings.value(kPeriodKey, 24).toInt();
    setTrackPeriod(TimeMs(hours) * kHour);
    const QString source = settings.value(kSourceKey, m_sources.value(0).name).toString();
    setSource(m_sourceBox->findText(source) >= 0 ? source : builtInSourceName());
}

void MapView::saveSettings() const
{
    QSettings settings;
    const QGeoCoordinate c = m_map->center();
    settings.setValue(kCenterKey, QVariantList { c.latitude(), c.longitude() });
    settings.setValue(kZoomKey, m_map->zoom());
    settings.setValue(kSourceKey, currentSource());
    settings.setValue(kPeriodKey, int(trackPeriod() / kHour));
}

} // namespace fw
