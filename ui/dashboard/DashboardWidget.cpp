#include "DashboardWidget.h"

#include "devicelist/StatusIndicator.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
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
} // namespace

DashboardWidget::DashboardWidget(QWidget *parent)
    : QWidget(parent)
    , m_showAll(new QPushButton(this))
    , m_addDevice(new QPushButton(tr("&Register a device\u2026"), this))
    , m_startDemo(new QPushButton(tr("Start the &demo fleet"), this))
    , m_pages(new QStackedWidget(this))
{
    setAccessibleName(tr("Fleet dashboard"));

    auto *tilesPage = new QWidget(m_pages);
    auto *grid = new QGridLayout(tilesPage);
    for (int g = 0; g < kGroupCount; ++g) {
        const auto group = StatusGroup(g);
        auto *tile = new QPushButton(tilesPage);
        tile->setObjectName(QStringLiteral("tile-%1").arg(g));
        tile->setIcon(statusIcon(representative(group)));
        tile->setIconSize(QSize(24, 24));
        tile->setMinimumHeight(tile->fontMetrics().height() * 4);
        tile->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
        tile->setToolTip(tr("Show only these devices"));
        // Only the frame is coloured, so the text keeps the palette's contrast (light or dark).
        tile->setStyleSheet(
            QStringLiteral("QPushButton { border: 2px solid %1; border-radius: 6px;"
                           " padding: 6px; text-align: left; }")
                .arg(statusGroupColor(group).name()));
        connect(tile, &QPushButton::clicked, this, [this, group] {
            emit groupFilterRequested(group);
        });
        grid->addWidget(tile, 0, g);
        m_tiles[std::size_t(g)] = tile;
    }
    m_showAll->setObjectName(QStringLiteral("showAll"));
    m_showAll->setToolTip(tr("Show every device"));
    connect(m_showAll, &QPushButton::clicked, this, &DashboardWidget::showAllRequested);
    grid->addWidget(m_showAll, 1, 0, 1, kGroupCount, Qt::AlignLeft);

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
    updateTiles();
}

void DashboardWidget::setCounts(const std::array<int, kStatusCount> &counts)
{
    m_counts = counts;
    updateTiles();
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
    return m_tiles[std::size_t(group)];
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

QString DashboardWidget::tileText(StatusGroup group) const
{
    QString text = statusGroupTitle(group) + QLatin1Char('\n')
        + QLocale().toString(count(group));
    if (group == StatusGroup::NotActivated) {
        for (const ConnectionStatus s : kNotActivatedParts)
            text += QLatin1Char('\n')
                + tr("%1: %2").arg(statusTitle(s), QLocale().toString(count(s)));
    }
    return text;
}

void DashboardWidget::updateTiles()
{
    for (int g = 0; g < kGroupCount; ++g) {
        const auto group = StatusGroup(g);
        QPushButton *tile = m_tiles[std::size_t(g)];
        tile->setText(tileText(group));
        tile->setAccessibleName(tr("%1: %n device(s)", nullptr, count(group))
                                    .arg(statusGroupTitle(group)));
    }
    m_showAll->setText(tr("Show all %n device(s)", nullptr, total()));
    m_pages->setCurrentIndex(total() == 0 ? 1 : 0);
}

void DashboardWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        updateTiles();
    QWidget::changeEvent(event);
}

} // namespace fw
