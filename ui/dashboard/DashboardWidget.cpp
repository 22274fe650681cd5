#include "DashboardWidget.h"

#include "DashboardTile.h"
#include "OnlineTimelineWidget.h"
#include "devicelist/StatusIndicator.h"

#include <QButtonGroup>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace fw {

namespace {
// The status whose indicator stands for a group on its tile.
ConnectionStatus representative(StatusGroup group)
{
    switch (group) {
    case StatusGroup::Online:
        return ConnectionStatus::Online;
    case StatusGroup::GpsOutdated:
        return ConnectionStatus::GpsOutdated;
    case StatusGroup::Offline:
        return ConnectionStatus::Offline;
    case StatusGroup::Blocked:
        return ConnectionStatus::Blocked;
    case StatusGroup::NotActivated:
        return ConnectionStatus::AwaitingFirstData;
    }
    return ConnectionStatus::Offline;
}

constexpr std::array<ConnectionStatus, 3> kNotActivatedParts = {
    ConnectionStatus::JustRegistered,
    ConnectionStatus::AwaitingFirstData,
    ConnectionStatus::NeedsManualActivation,
};

// Button ids in the exclusive group: 0..4 the groups, 10 + status a part, 100 all devices.
constexpr int kAllId = 100;
constexpr int kPartIdBase = 10;
} // namespace

DashboardWidget::DashboardWidget(QWidget *parent)
    : QWidget(parent)
    , m_buttons(new QButtonGroup(this))
    , m_addDevice(new QPushButton(tr("&Register a device\u2026"), this))
    , m_startDemo(new QPushButton(tr("Start the &demo fleet"), this))
    , m_pages(new QStackedWidget(this))
{
    setAccessibleName(tr("Fleet dashboard"));
    m_buttons->setExclusive(true);

    auto *tilesPage = new QWidget(m_pages);
    auto *row = new QHBoxLayout(tilesPage);
    row->setContentsMargins(4, 4, 4, 4);
    row->setSpacing(6);
    m_showAll = makeTile(tilesPage, palette().color(QPalette::Highlight), ConnectionStatus::Online);
    m_showAll->setObjectName(QStringLiteral("showAll"));
    m_showAll->setIndicator({});
    m_buttons->addButton(m_showAll, kAllId);
    row->addWidget(m_showAll);
    for (int g = 0; g < kGroupCount; ++g) {
        const auto group = StatusGroup(g);
        DashboardTile *tile = makeTile(tilesPage, statusGroupColor(group), representative(group));
        tile->setObjectName(QStringLiteral("tile-%1").arg(g));
        m_buttons->addButton(tile, g);
        m_groupTiles[std::size_t(g)] = tile;
    }
    for (int g = 0; g < kGroupCount - 1; ++g)
        row->addWidget(m_groupTiles[std::size_t(g)]);
    // Not activated: its total, then each of its three states on a tile of its own.
    auto *notActivated = new QFrame(tilesPage);
    notActivated->setFrameShape(QFrame::StyledPanel);
    auto *parts = new QHBoxLayout(notActivated);
    parts->setContentsMargins(3, 3, 3, 3);
    parts->setSpacing(4);
    DashboardTile *groupTile = m_groupTiles[std::size_t(StatusGroup::NotActivated)];
    groupTile->setParent(notActivated);
    parts->addWidget(groupTile);
    for (std::size_t i = 0; i < kNotActivatedParts.size(); ++i) {
        const ConnectionStatus s = kNotActivatedParts[i];
        DashboardTile *tile = makeTile(notActivated, statusColor(s), s);
        tile->setObjectName(QStringLiteral("tile-") + statusId(s));
        tile->setCompact(true);
        m_buttons->addButton(tile, kPartIdBase + int(s));
        m_partTiles[i] = tile;
        parts->addWidget(tile);
    }
    row->addWidget(notActivated, 1);
    m_timeline = new OnlineTimelineWidget(tilesPage);
    row->addWidget(m_timeline, 1);
    m_showAll->setChecked(true);

    connect(m_buttons, &QButtonGroup::idClicked, this, [this](int id) {
        if (id == kAllId)
            emit showAllRequested();
        else if (id >= kPartIdBase)
            emit statusFilterRequested(ConnectionStatus(id - kPartIdBase));
        else
            emit groupFilterRequested(StatusGroup(id));
    });

    auto *firstRunPage = new QWidget(m_pages);
    auto *welcome = new QLabel(firstRunPage);
    welcome->setWordWrap(true);
    welcome->setTextFormat(Qt::RichText);
    welcome->setText(
        tr("<h3>No trackers yet</h3>"
           "<p>Register a tracker with its unique id (usually the IMEI printed on the device "
           "or its box) and model. Then point the tracker at this computer's address and the "
           "port of its protocol, usually with a configuration SMS; FleetWatch shows both "
           "when you register it.</p>"
           "<p>Just looking around? The demo fleet simulates trackers of every kind, including "
           "ones that go offline, lose GPS or never activate.</p>"));
    m_addDevice->setAccessibleName(tr("Register a device"));
    m_startDemo->setAccessibleName(tr("Start the demo fleet"));
    connect(m_addDevice, &QPushButton::clicked, this, &DashboardWidget::addDeviceRequested);
    connect(m_startDemo, &QPushButton::clicked, this, &DashboardWidget::startDemoRequested);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_addDevice);
    buttons->addWidget(m_startDemo);
    buttons->addStretch(1);
    auto *firstRun = new QVBoxLayout(firstRunPage);
    firstRun->addWidget(welcome);
    firstRun->addLayout(buttons);
    firstRun->addStretch(1);

    m_pages->addWidget(tilesPage);
    m_pages->addWidget(firstRunPage);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    retranslate();
    updateTiles();
}

DashboardTile *DashboardWidget::makeTile(
    QWidget *parent, const QColor &color, ConnectionStatus indicator)
{
    auto *tile = new DashboardTile(parent);
    tile->setColor(color);
    tile->setIndicator(statusIcon(indicator));
    return tile;
}

void DashboardWidget::retranslate()
{
    m_showAll->setLabel(tr("All devices"));
    m_showAll->setToolTip(tr("Show every device"));
    for (int g = 0; g < kGroupCount; ++g) {
        DashboardTile *tile = m_groupTiles[std::size_t(g)];
        tile->setLabel(statusGroupTitle(StatusGroup(g)));
        tile->setToolTip(tr("Show only: %1").arg(statusGroupTitle(StatusGroup(g))));
    }
    // Short labels: three small tiles share the room of one; the tooltips have the full titles.
    const QString shortLabels[] = { tr("Just registered"), tr("No data yet"), tr("Needs set-up") };
    for (std::size_t i = 0; i < kNotActivatedParts.size(); ++i) {
        m_partTiles[i]->setLabel(shortLabels[i]);
        m_partTiles[i]->setToolTip(tr("Show only: %1").arg(statusTitle(kNotActivatedParts[i])));
    }
}

void DashboardWidget::setCounts(const std::array<int, kStatusCount> &counts)
{
    m_counts = counts;
    updateTiles();
}

void DashboardWidget::setOnlineTimeline(TimeMs from, TimeMs to, const QList<int> &counts)
{
    m_timeline->setTimeline(from, to, counts);
    m_timeline->setCurrent(count(StatusGroup::Online));
}

int DashboardWidget::count(StatusGroup group) const
{
    int n = 0;
    for (const ConnectionStatus s : kAllStatuses) {
        if (statusGroup(s) == group)
            n += m_counts[std::size_t(s)];
    }
    return n;
}

int DashboardWidget::total() const
{
    int n = 0;
    for (const int c : m_counts)
        n += c;
    return n;
}

bool DashboardWidget::isFirstRun() const
{
    return m_pages->currentIndex() == 1;
}

QAbstractButton *DashboardWidget::tile(StatusGroup group) const
{
    return m_groupTiles[std::size_t(group)];
}

QAbstractButton *DashboardWidget::tile(ConnectionStatus notActivatedState) const
{
    for (std::size_t i = 0; i < kNotActivatedParts.size(); ++i) {
        if (kNotActivatedParts[i] == notActivatedState)
            return m_partTiles[i];
    }
    return nullptr;
}

QAbstractButton *DashboardWidget::showAllButton() const
{
    return m_showAll;
}

QAbstractButton *DashboardWidget::addDeviceButton() const
{
    return m_addDevice;
}

QAbstractButton *DashboardWidget::startDemoButton() const
{
    return m_startDemo;
}

std::optional<StatusGroup> DashboardWidget::selectedGroup() const
{
    const int id = m_buttons->checkedId();
    if (id >= 0 && id < kGroupCount)
        return StatusGroup(id);
    return std::nullopt;
}

std::optional<ConnectionStatus> DashboardWidget::selectedStatus() const
{
    const int id = m_buttons->checkedId();
    if (id >= kPartIdBase && id < kPartIdBase + kStatusCount)
        return ConnectionStatus(id - kPartIdBase);
    return std::nullopt;
}

void DashboardWidget::markShowAll()
{
    m_showAll->setChecked(true);
}

void DashboardWidget::updateTiles()
{
    m_showAll->setCount(total());
    for (int g = 0; g < kGroupCount; ++g)
        m_groupTiles[std::size_t(g)]->setCount(count(StatusGroup(g)));
    for (std::size_t i = 0; i < kNotActivatedParts.size(); ++i)
        m_partTiles[i]->setCount(count(kNotActivatedParts[i]));
    m_timeline->setCurrent(count(StatusGroup::Online));
    m_pages->setCurrentIndex(total() == 0 ? 1 : 0);
}

void DashboardWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    if (event->type() == QEvent::PaletteChange && m_showAll)
        m_showAll->setColor(palette().color(QPalette::Highlight));
    QWidget::changeEvent(event);
}

} // namespace fw
