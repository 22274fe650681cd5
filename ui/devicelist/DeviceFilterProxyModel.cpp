#include "DeviceFilterProxyModel.h"

#include "DeviceListModel.h"

#include <QHash>
#include <QStringList>
#include <algorithm>

namespace fw {

namespace {
quint8 groupBit(StatusGroup g)
{
    return quint8(1u << int(g));
}

bool matches(const DeviceSnapshot &s, const QString &term)
{
    const auto has
        = [&term](const QString &field) { return field.contains(term, Qt::CaseInsensitive); };
    return has(s.device.name) || has(s.device.uniqueId) || has(s.device.phone)
        || has(s.device.group) || has(s.device.model);
}
} // namespace

DeviceFilterProxyModel::DeviceFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(DeviceListModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void DeviceFilterProxyModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    if (m_devices)
        disconnect(m_devices, nullptr, this, nullptr);
    m_devices = qobject_cast<DeviceListModel *>(sourceModel);
    Q_ASSERT(m_devices || !sourceModel);
    QSortFilterProxyModel::setSourceModel(sourceModel);
    if (m_devices) {
        connect(m_devices, &DeviceListModel::updatesAboutToBeApplied, this,
            &DeviceFilterProxyModel::onUpdatesAboutToBeApplied);
        connect(m_devices, &DeviceListModel::updatesApplied, this,
            &DeviceFilterProxyModel::onUpdatesApplied);
    }
}

QSet<StatusGroup> DeviceFilterProxyModel::statusGroups() const
{
    QSet<StatusGroup> groups;
    if (m_groupMask == kAllGroups)
        return groups;
    for (int g = 0; g < 5; ++g) {
        if (m_groupMask & (1u << g))
            groups.insert(StatusGroup(g));
    }
    return groups;
}

void DeviceFilterProxyModel::setSearchText(const QString &text)
{
    if (text == m_searchText)
        return;
    m_searchText = text;
    m_terms = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
    emit filterChanged();
}

void DeviceFilterProxyModel::setStatusGroups(const QSet<StatusGroup> &groups)
{
    quint8 mask = 0;
    for (const StatusGroup g : groups)
        mask |= groupBit(g);
    if (mask == 0)
        mask = kAllGroups;
    if (mask == m_groupMask && !m_onlyStatus)
        return;
    m_groupMask = mask;
    m_onlyStatus.reset();
    invalidateFilter();
    emit filterChanged();
}

void DeviceFilterProxyModel::setStatusGroup(StatusGroup group)
{
    setStatusGroups({ group });
}

void DeviceFilterProxyModel::setOnlyStatus(ConnectionStatus status)
{
    if (m_onlyStatus == status)
        return;
    m_groupMask = groupBit(statusGroup(status));
    m_onlyStatus = status;
    invalidateFilter();
    emit filterChanged();
}

void DeviceFilterProxyModel::clearStatusGroups()
{
    setStatusGroups({});
}

void DeviceFilterProxyModel::setGroupBy(GroupBy by)
{
    if (by == m_groupBy)
        return;
    m_groupBy = by;
    if (sortColumn() < 0 && by != GroupBy::None)
        sort(DeviceListModel::NameColumn, Qt::AscendingOrder);
    else
        invalidate(); // re-sorts with the new leading key
}

QString DeviceFilterProxyModel::groupKey(const DeviceSnapshot &s, GroupBy by)
{
    switch (by) {
    case GroupBy::None:
        return {};
    case GroupBy::Group:
        return s.device.group;
    case GroupBy::Model:
        return s.device.model;
    case GroupBy::Carrier:
        return s.device.carrier;
    }
    return {};
}

QString DeviceFilterProxyModel::groupKeyAt(const QModelIndex &proxyIndex) const
{
    if (!m_devices || !proxyIndex.isValid())
        return {};
    return groupKey(m_devices->snapshotAt(mapToSource(proxyIndex).row()), m_groupBy);
}

QString DeviceFilterProxyModel::uniqueIdAt(const QModelIndex &proxyIndex) const
{
    if (!m_devices || !proxyIndex.isValid())
        return {};
    return m_devices->snapshotAt(mapToSource(proxyIndex).row()).device.uniqueId;
}

QModelIndex DeviceFilterProxyModel::indexOfDevice(const QString &uniqueId, int column) const
{
    if (!m_devices)
        return {};
    const int row = m_devices->rowOf(uniqueId);
    if (row < 0)
        return {};
    return mapFromSource(m_devices->index(row, column));
}

bool DeviceFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_devices || sourceParent.isValid())
        return false;
    const DeviceSnapshot &s = m_devices->snapshotAt(sourceRow);
    if (m_groupMask != kAllGroups && !(m_groupMask & groupBit(statusGroup(s.status))))
        return false;
    if (m_onlyStatus && s.status != *m_onlyStatus)
        return false;
    for (const QString &term : m_terms) {
        if (!matches(s, term))
            return false;
    }
    return true;
}

bool DeviceFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_devices)
        return QSortFilterProxyModel::lessThan(left, right);
    if (m_deferSort)
        return false; // see m_deferSort
    if (!m_keys.empty()) {
        const auto &a = m_keys[std::size_t(left.row())];
        const auto &b = m_keys[std::size_t(right.row())];
        if (a.first != b.first)
            return sortOrder() == Qt::AscendingOrder ? a.first < b.first : a.first > b.first;
        if (a.second != b.second)
            return a.second < b.second;
        return left.row() < right.row();
    }
    const DeviceSnapshot &a = m_devices->snapshotAt(left.row());
    const DeviceSnapshot &b = m_devices->snapshotAt(right.row());
    if (m_groupBy != GroupBy::None) {
        const int byGroup
            = QString::compare(groupKey(a, m_groupBy), groupKey(b, m_groupBy), Qt::CaseInsensitive);
        if (byGroup != 0) // groups keep ascending order whatever the column's sort order
            return sortOrder() == Qt::AscendingOrder ? byGroup < 0 : byGroup > 0;
    }
    const int c = DeviceListModel::compare(a, b, left.column());
    if (c != 0)
        return c < 0;
    return left.row() < right.row(); // stable, deterministic order for equal keys
}

void DeviceFilterProxyModel::onUpdatesAboutToBeApplied(int changedRows)
{
    // Below this a per-run re-sort is cheaper than one full sort.
    constexpr int kDeferThreshold = 256;
    m_deferSort = changedRows >= kDeferThreshold && dynamicSortFilter() && sortColumn() >= 0
        && DeviceListModel::hasNumericSortKey(sortColumn());
}

void DeviceFilterProxyModel::onUpdatesApplied()
{
    if (!m_deferSort)
        return;
    m_deferSort = false;
    const int column = sortColumn();
    const int rows = m_devices->rowCount();
    QHash<QString, int> groupRanks;
    if (m_groupBy != GroupBy::None) {
        for (int r = 0; r < rows; ++r)
            groupRanks.insert(groupKey(m_devices->snapshotAt(r), m_groupBy).toCaseFolded(), 0);
        QStringList names = groupRanks.keys();
        std::sort(names.begin(), names.end());
        for (int i = 0; i < names.size(); ++i)
            groupRanks[names.at(i)] = i;
    }
    m_keys.resize(std::size_t(rows));
    for (int r = 0; r < rows; ++r) {
        const DeviceSnapshot &s = m_devices->snapshotAt(r);
        const int rank
            = groupRanks.isEmpty() ? 0 : groupRanks.value(groupKey(s, m_groupBy).toCaseFolded());
        m_keys[std::size_t(r)] = { rank, DeviceListModel::numericSortKey(s, column) };
    }
    setDynamicSortFilter(true); // already on: this re-sorts once (without re-filtering)
    m_keys.clear();
    m_keys.shrink_to_fit();
}

} // namespace fw
