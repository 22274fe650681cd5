#pragma once
// DeviceListModel: the fleet as a table, one row per device, fed by FleetState's coalesced
// FleetDelta batches. A thin adapter: it formats snapshots for display and announces changes
// precisely (appends, removals, one dataChanged per contiguous run of changed rows limited to the
// changed columns), so 100,000 rows and 10,000 changes per batch stay cheap for views and proxies.

#include "fleet/DeviceSnapshot.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QTimer>
#include <array>
#include <memory>
#include <vector>

namespace fw {

class Clock;

class DeviceListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        StatusColumn, // indicator only (painted by StatusIndicatorDelegate)
        NameColumn,
        UniqueIdColumn,
        StatusTextColumn,
        LastUpdateColumn, // "3 min ago"
        MotionColumn, // "moving" / "stopped for 2 h"
        SpeedColumn,
        ProtocolColumn,
        ModelColumn,
        GroupColumn,
        CarrierColumn,
        PhoneColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    // Row-level roles (StatusRole .. LastUpdateRole) give the same value on every column; a change
    // of them is announced together with the columns it made visible (StatusColumn when none).
    // SortRole is per column: the value the proxy compares.
    enum Role {
        StatusRole = Qt::UserRole + 1, // ConnectionStatus as int
        StatusGroupRole, // StatusGroup as int
        UniqueIdRole, // QString
        SnapshotRole, // QVariant holding the DeviceSnapshot
        ReasonTextRole, // snapshot.reason.text()
        LastUpdateRole, // qint64 ms since epoch of the last packet; invalid when never
        SortRole,
    };
    Q_ENUM(Role)

    explicit DeviceListModel(Clock *clock, QObject *parent = nullptr);
    ~DeviceListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Direct access for the proxy and the view (no QVariant on hot paths). `row` must be valid.
    const DeviceSnapshot &snapshotAt(int row) const { return *m_rows[std::size_t(row)]; }
    int rowOf(const QString &uniqueId) const; // -1 when unknown

    // Three-way comparison of two devices on a column, as the proxy sorts them.
    static int compare(const DeviceSnapshot &a, const DeviceSnapshot &b, int column);
    // Columns whose order is an integer key (the ones live updates change: status, times,
    // speed); numericSortKey() orders exactly as compare() does for them (NaN speeds aside).
    static bool hasNumericSortKey(int column);
    static qint64 numericSortKey(const DeviceSnapshot &s, int column);
    // Columns ordered by text: compare() compares sortText() case-insensitively, then exactly.
    static bool hasTextSortKey(int column);
    static const QString &sortText(const DeviceSnapshot &s, int column);
    // Text of a cell as shown (also used for export); the status column gives the status title.
    QString displayText(const DeviceSnapshot &s, int column) const;

    static QString relativeTimeText(TimeMs then, TimeMs now); // "3 min ago", "never"
    static QString durationText(TimeMs duration); // "2 h", "5 min", "3 d"
    static QString tooltipText(const DeviceSnapshot &s);

    // Between updatesAboutToBeApplied() and updatesApplied(): the changed rows of the batch in
    // ascending order (a row may repeat), each with the columns its change shows (bit per
    // Column). Exact per row, where a dataChanged run's column range spans its rows' changes.
    struct RowColumns
    {
        int row;
        quint32 columns;
    };
    const std::vector<RowColumns> &batchChanges() const { return m_batchChanges; }

    int refreshInterval() const { return m_refreshTimer.interval(); }
    void setRefreshInterval(int ms);

public slots:
    void applyDelta(const fw::FleetDelta &delta);
    // Re-announces the relative-time columns ("Last update", "Motion"); a timer calls it.
    void refreshRelativeTimes();

signals:
    // Around the updates of one delta that changes `changedRows` existing rows (after removals,
    // before appended rows); lets a proxy defer expensive work to one pass per batch.
    void updatesAboutToBeApplied(int changedRows);
    void updatesApplied();

private:
    void resetTo(const QList<DeviceSnapshot> &snapshots);
    void removeIds(const QStringList &ids);
    void reindexFrom(int row);

    Clock *m_clock;
    std::vector<std::unique_ptr<DeviceSnapshot>> m_rows;
    QHash<QString, int> m_rowById;
    QTimer m_refreshTimer;
    std::vector<RowColumns> m_batchChanges;
    static constexpr quint32 kRoleCombinations = 64; // RoleFlag bits
    std::array<QList<int>, kRoleCombinations> m_rolesByFlags;
};

} // namespace fw
