#pragma once
// DashboardWidget: the fleet at a glance, in one strip: large counts in the status colours for
// all devices, each status group (Online, GPS outdated, Offline, Blocked, Not activated) and each
// of the three not-activated states on its own, and the 24-hour line of devices online. Every
// count is a tile that filters the device list; the tile in force is marked, and the tiles are
// operable from the keyboard (Tab to reach them, arrows to move, Space to choose). With no
// devices at all it shows a first-run page explaining how to register a tracker or start the
// demo fleet instead.

#include "status/ConnectionStatus.h"
#include "util/TimeUtil.h"

#include <QWidget>
#include <array>
#include <optional>

class QAbstractButton;
class QButtonGroup;
class QPushButton;
class QStackedWidget;

namespace fw {

class DashboardTile;
class OnlineTimelineWidget;

class DashboardWidget : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kGroupCount = 5;

    explicit DashboardWidget(QWidget *parent = nullptr);

    // Per-status counts, index = static_cast<int>(ConnectionStatus) (FleetDelta::counts).
    void setCounts(const std::array<int, kStatusCount> &counts);
    int count(StatusGroup group) const;
    int count(ConnectionStatus status) const { return m_counts[std::size_t(status)]; }
    int total() const;
    bool isFirstRun() const;

    // The stored history of devices online (see OnlineTimeline), oldest first.
    void setOnlineTimeline(TimeMs from, TimeMs to, const QList<int> &counts);
    OnlineTimelineWidget *onlineTimeline() const { return m_timeline; }

    QAbstractButton *tile(StatusGroup group) const;
    QAbstractButton *tile(ConnectionStatus notActivatedState) const; // one of the three parts
    QAbstractButton *showAllButton() const;
    QAbstractButton *addDeviceButton() const;
    QAbstractButton *startDemoButton() const;
    // The tile in force: nothing = all devices.
    std::optional<StatusGroup> selectedGroup() const;
    std::optional<ConnectionStatus> selectedStatus() const;

public slots:
    // Marks "all devices" when the list stops filtering for another reason.
    void markShowAll();

signals:
    void groupFilterRequested(fw::StatusGroup group);
    void statusFilterRequested(fw::ConnectionStatus status);
    void showAllRequested();
    void addDeviceRequested();
    void startDemoRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    DashboardTile *makeTile(QWidget *parent, const QColor &color, ConnectionStatus indicator);
    void retranslate();
    void updateTiles();

    std::array<int, kStatusCount> m_counts {};
    std::array<DashboardTile *, kGroupCount> m_groupTiles {};
    std::array<DashboardTile *, 3> m_partTiles {};
    DashboardTile *m_showAll = nullptr;
    QButtonGroup *m_buttons;
    OnlineTimelineWidget *m_timeline = nullptr;
    QPushButton *m_addDevice;
    QPushButton *m_startDemo;
    QStackedWidget *m_pages;
};

} // namespace fw
