#pragma once
// DeviceListView: the operator's device table: search, status-group filter, "group by", column
// chooser with remembered layout, CSV export of what is shown, and a context menu whose actions
// are emitted as signals (the window decides what "show on map" or "block" means). Holds no
// domain logic; it only presents DeviceListModel through DeviceFilterProxyModel.

#include "status/ConnectionStatus.h"

#include <QHash>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QMenu;
class QTableView;
class QTimer;

namespace fw {

class DeviceListModel;
class DeviceFilterProxyModel;

class DeviceListView : public QWidget
{
    Q_OBJECT
public:
    explicit DeviceListView(DeviceListModel *model, QWidget *parent = nullptr);
    ~DeviceListView() override;

    DeviceFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    QLineEdit *searchField() const { return m_search; }
    QComboBox *groupByCombo() const { return m_groupBy; }
    QString currentDeviceId() const;

    // Writes the rows that pass the filter, visible columns in their on-screen order, as
    // RFC 4180 CSV (UTF-8, CRLF). Returns an empty string or a translated error.
    QString exportCsv(const QString &fileName) const;
    static QString csvField(const QString &text);

    // The context menu for one device (caller owns it); actions have object names
    // "showOnMap", "follow", "edit", "block"/"unblock", "troubleshoot", "sendCommand", "copyId".
    // Edit, block and unblock are disabled when editReason is set, send command when
    // commandReason is (setChangesRefused()); the reason is the action's tooltip.
    QMenu *createContextMenu(const QString &uniqueId, QWidget *parent = nullptr);
    // Why this login may not change devices / send commands (empty: it may).
    void setChangesRefused(const QString &editReason, const QString &commandReason);
    // The header's column chooser (caller owns it); one checkable action per column.
    QMenu *createColumnMenu(QWidget *parent = nullptr);
    // The columns a new operator sees: status, name, last update and speed, sized to their
    // titles and typical contents (the rest are in the column chooser and the tooltips).
    void applyDefaultColumns();
    // The width the default columns need without scrolling sideways.
    int defaultColumnsWidth() const;

public slots:
    void selectDevice(const QString &uniqueId);
    void setStatusGroupFilter(fw::StatusGroup group);
    void setStatusFilter(fw::ConnectionStatus status);
    void showAllStatuses();
    void exportWithDialog(); // asks for a file name, then exportCsv()
    void saveHeaderState() const;

signals:
    void currentDeviceChanged(const QString &uniqueId); // empty when nothing is selected
    void showOnMap(const QString &uniqueId);
    void follow(const QString &uniqueId);
    void edit(const QString &uniqueId);
    void block(const QString &uniqueId);
    void unblock(const QString &uniqueId);
    void troubleshoot(const QString &uniqueId);
    void sendCommand(const QString &uniqueId);
    // The list had to drop its status filter (to show a device the operator asked for).
    void statusFilterCleared();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void restoreHeaderState();
    void fitNameColumn();
    void onCurrentRowChanged();
    void showContextMenu(const QPoint &pos);
    void showColumnMenu(const QPoint &pos);

    DeviceListModel *m_model;
    QHash<int, int> m_neededWidth; // column -> width its title and typical contents need
    bool m_autoColumns = true; // the name column fills the width until the operator resizes
    bool m_adjustingColumns = false;
    DeviceFilterProxyModel *m_proxy;
    QLineEdit *m_search;
    QComboBox *m_groupBy;
    QTableView *m_table;
    QTimer *m_saveTimer;
    QString m_editRefused;
    QString m_commandRefused;
    QString m_currentId;
};

} // namespace fw
