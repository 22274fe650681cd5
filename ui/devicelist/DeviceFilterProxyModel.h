#pragma once
// DeviceFilterProxyModel: what the operator narrows the device list to (free text over name, id,
// phone, group and model; a set of status groups picked on the dashboard) and how it is ordered,
// including "group by" (group, model, carrier) as the leading sort key so a group's rows stay
// together. Reads DeviceListModel snapshots directly, so filtering 100,000 rows stays cheap.

#include "status/ConnectionStatus.h"

#include <QSet>
#include <QSortFilterProxyModel>
#include <optional>
#include <utility>
#include <vector>

namespace fw {

class DeviceListModel;
struct DeviceSnapshot;

class DeviceFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class GroupBy { None, Group, Model, Carrier };
    Q_ENUM(GroupBy)

    explicit DeviceFilterProxyModel(QObject *parent = nullptr);

    // Must be a DeviceListModel (or nullptr).
    void setSourceModel(QAbstractItemModel *sourceModel) override;
    DeviceListModel *deviceModel() const { return m_devices; }

    QString searchText() const { return m_searchText; }
    // Empty set = all groups.
    QSet<StatusGroup> statusGroups() const;
    GroupBy groupBy() const { return m_groupBy; }
    bool isFiltering() const
    {
        return !m_terms.isEmpty() || m_groupMask != kAllGroups || m_onlyStatus.has_value();
    }
    // The one status shown (a not-activated state's tile), if any.
    std::optional<ConnectionStatus> onlyStatus() const { return m_onlyStatus; }

    static QString groupKey(const DeviceSnapshot &s, GroupBy by);
    // Group key of a proxy row ("" when not grouping or the device has none).
    QString groupKeyAt(const QModelIndex &proxyIndex) const;
    QString uniqueIdAt(const QModelIndex &proxyIndex) const;
    QModelIndex indexOfDevice(const QString &uniqueId, int column = 0) const;

public slots:
    void setSearchText(const QString &text);
    void setStatusGroups(const QSet<fw::StatusGroup> &groups);
    void setStatusGroup(fw::StatusGroup group); // only that group (a dashboard tile)
    void setOnlyStatus(fw::ConnectionStatus status); // only that status
    void clearStatusGroups(); // show all
    void setGroupBy(fw::DeviceFilterProxyModel::GroupBy by);

signals:
    void filterChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    static constexpr quint8 kAllGroups = 0x1f;
    void onUpdatesAboutToBeApplied(int changedRows);
    void onUpdatesApplied();

    DeviceListModel *m_devices = nullptr;
    QString m_searchText;
    QStringList m_terms;
    quint8 m_groupMask = kAllGroups;
    std::optional<ConnectionStatus> m_onlyStatus;
    GroupBy m_groupBy = GroupBy::None;
    // Large batches on a live-changing sort column: lessThan() reports "equal" while the model
    // emits its runs (no per-run re-sort, which costs O(rows) each), then one full sort over
    // keys gathered once (m_keys, by source row) restores the order.
    bool m_deferSort = false;
    std::vector<std::pair<int, qint64>> m_keys; // (group rank, column key)
};

} // namespace fw
