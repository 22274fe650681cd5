#pragma once
// EventLogModel: the fleet's recent events (status changes, alarms, status packets, command
// results) as an append-only table with a bounded number of rows. New events are inserted at
// the end and the oldest removed in one range each, so views keep their place; filtering is
// left to a QSortFilterProxyModel in the widget.

#include "domain/DeviceEvent.h"

#include <QAbstractTableModel>
#include <QHash>
#include <deque>

namespace fw {

class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, DeviceColumn, TypeColumn, TextColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        TimeRole = Qt::UserRole + 1, // qint64 ms since the epoch (UTC)
        DeviceIdRole, // QString uniqueId
        TypeRole, // int (EventType)
        TypeIdRole, // "status-change", "alarm", ...
    };
    Q_ENUM(Role)

    static constexpr int kDefaultMaxRows = 10000;

    explicit EventLogModel(QObject *parent = nullptr);

    void setMaxRows(int rows);
    int maxRows() const { return m_maxRows; }

    // Appends in the order given; removes the oldest rows beyond maxRows().
    void appendEvents(const QList<DeviceEvent> &events);
    void clear();
    const DeviceEvent &eventAt(int row) const { return m_rows.at(static_cast<std::size_t>(row)); }

    // Names shown next to ids in the device column (id -> name); updates rows that show them.
    void setDeviceNames(const QHash<QString, QString> &names);

    static QString typeTitle(EventType type); // translated

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString deviceText(const QString &uniqueId) const;

    std::deque<DeviceEvent> m_rows;
    QHash<QString, QString> m_names;
    int m_maxRows = kDefaultMaxRows;
};

} // namespace fw
