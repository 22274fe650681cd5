#pragma once
// DashboardWidget: the fleet at a glance: one tile per status group (Online, GPS outdated,
// Offline, Blocked, Not activated with its three parts) with live counts, each a button that
// asks the device list to show only that group. With no devices at all it shows a first-run
// page explaining how to register a tracker or start the demo fleet instead.

#include "status/ConnectionStatus.h"

#include <QWidget>
#include <array>

class QAbstractButton;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace fw {

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

    QAbstractButton *tile(StatusGroup group) const;
    QAbstractButton *showAllButton() const;
    QAbstractButton *addDeviceButton() const;
    QAbstractButton *startDemoButton() const;

signals:
    void groupFilterRequested(fw::StatusGroup group);
    void showAllRequested();
    void addDeviceRequested();
    void startDemoRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateTiles();
    QString tileText(StatusGroup group) const;

    std::array<int, kStatusCount> m_counts {};
    std::array<QPushButton *, kGroupCount> m_tiles {};
    QPushButton *m_showAll;
    QPushButton *m_addDevice;
    QPushButton *m_startDemo;
    QStackedWidget *m_pages;
};

} // namespace fw
