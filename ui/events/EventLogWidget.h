#pragma once
// EventLogWidget: the fleet event log dock: an EventLogModel behind a filter field, newest at
// the bottom and followed while the operator is looking at the bottom. Activating a row asks
// for that device (the window selects it in the list).

#include <QWidget>

QT_BEGIN_NAMESPACE
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
QT_END_NAMESPACE

namespace fw {

class EventLogModel;
struct DeviceEvent;

class EventLogWidget : public QWidget
{
    Q_OBJECT
public:
    explicit EventLogWidget(QWidget *parent = nullptr);

    EventLogModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }

    void appendEvents(const QList<DeviceEvent> &events);
    void setFilterText(const QString &text);

signals:
    void deviceActivated(const QString &uniqueId);

private:
    EventLogModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filterEdit;
    QTableView *m_view;
};

} // namespace fw
