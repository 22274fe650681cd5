#include "DeviceFilterProxyModel.h"

#include "DeviceListModel.h"

#include <QHash>
#include <algorithm>
#include <climits>
#include <iterator>

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

int groupColumn(DeviceFilterProxyModel::GroupBy by)
{
    switch (by) {
    case DeviceFilterProxyModel::GroupBy::Group:
        return DeviceListModel::GroupColumn;
    case DeviceFilterProxyModel::GroupBy::Model:
        return DeviceListModel::ModelColumn;
    case DeviceFilterProxyModel::GroupBy::Carrier:
        return DeviceListModel::CarrierColumn;
    case DeviceFilterProxyModel::GroupBy::None:
        break;
    }
    return -1;
}
} // namespace

DeviceFilterProxyModel::DeviceFilterProxyModel(QObject *parent)
    : QAbstractProxyModel(parent)
{ }

DeviceFilterProxyModel::~DeviceFilterProxyModel() = default;

void DeviceFilterProxyModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    beginResetModel();
    if (m_devices)
        disconnect(m_devices, nullptr, this, nullptr);
    m_devices = qobject_cast<DeviceListModel *>(sourceModel);
    Q_ASSERT(m_devices || !sourceModel);
    QAbstractProxyModel::setSourceModel(m_devices);
    m_pending = {};
    m_batching = false;
    if (m_devices) {
        const auto *source = m_devices;
        connect(
            source, &QAbstractItemModel::dataChanged, this, &DeviceFilterProxyModel::onDataChanged);
        connect(source, &QAbstractItemModel::headerDataChanged, this,
            [this](Qt::Orientation orientation, int first, int last) {
                if (orientation == Qt::Horizontal)
                    emit headerDataChanged(orientation, first, last);
                else if (!m_proxyToSource.empty())
                    emit headerDataChanged(orientation, 0, rowCount() - 1);
            });
        connect(source, &QAbstractItemModel::rowsAboutToBeInserted, this,
            &DeviceFilterProxyModel::flushPending);
        connect(source, &QAbstractItemModel::rowsInserted, this,
            &DeviceFilterProxyModel::onRowsInserted);
        connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            &DeviceFilterProxyModel::onRowsAboutToBeRemoved);
        connect(
            source, &QAbstractItemModel::rowsRemoved, this, &DeviceFilterProxyModel::onRowsRemoved);
        connect(source, &QAbstractItemModel::modelAboutToBeReset, this,
            &DeviceFilterProxyModel::onSourceAboutToBeReset);
        connect(
            source, &QAbstractItemModel::modelReset, this, &DeviceFilterProxyModel::onSourceReset);
        // DeviceListModel never moves rows, changes its layout or its columns; should it,
        // start over.
        for (const auto about :
            { &QAbstractItemModel::rowsAboutToBeMoved, &QAbstractItemModel::columnsAboutToBeMoved })
            connect(source, about, this, &DeviceFilterProxyModel::onSourceAboutToBeReset);
        for (const auto done :
            { &QAbstractItemModel::rowsMoved, &QAbstractItemModel::columnsMoved })
            connect(source, done, this, &DeviceFilterProxyModel::onSourceReset);
        for (const auto about : { &QAbstractItemModel::columnsAboutToBeInserted,
                 &QAbstractItemModel::columnsAboutToBeRemoved })
            connect(source, about, this, &DeviceFilterProxyModel::onSourceAboutToBeReset);
        for (const auto done :
            { &QAbstractItemModel::columnsInserted, &QAbstractItemModel::columnsRemoved })
            connect(source, done, this, &DeviceFilterProxyModel::onSourceReset);
        connect(source, &QAbstractItemModel::layoutAboutToBeChanged, this,
            &DeviceFilterProxyModel::onSourceAboutToBeReset);
        connect(source, &QAbstractItemModel::layoutChanged, this,
            &DeviceFilterProxyModel::onSourceReset);
        connect(m_devices, &DeviceListModel::updatesAboutToBeApplied, this,
            &DeviceFilterProxyModel::onUpdatesAboutToBeApplied);
        connect(m_devices, &DeviceListModel::updatesApplied, this,
            &DeviceFilterProxyModel::onUpdatesApplied);
    }
    rebuild();
    endResetModel();
}

// Item model ---------------------------------------------------------------------------------

QModelIndex DeviceFilterProxyModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= int(m_proxyToSource.size())
        || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex DeviceFilterProxyModel::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex DeviceFilterProxyModel::sibling(int row, int column, const QModelIndex &idx) const
{
    return idx.isValid() ? index(row, column) : QModelIndex();
}

int DeviceFilterProxyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_proxyToSource.size());
}

int DeviceFilterProxyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_devices ? 0 : m_devices->columnCount();
}

bool DeviceFilterProxyModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && rowCount() > 0 && columnCount() > 0;
}

QVariant DeviceFilterProxyModel::headerData(
    int section, Qt::Orientation orientation, int role) const
{
    if (!m_devices)
        return {};
    if (orientation == Qt::Horizontal) // columns are the source's, with or without rows
        return m_devices->headerData(section, orientation, role);
    if (section < 0 || section >= int(m_proxyToSource.size()))
        return {};
    return m_devices->headerData(m_proxyToSource[std::size_t(section)], orientation, role);
}

QModelIndex DeviceFilterProxyModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!m_devices || !proxyIndex.isValid() || proxyIndex.model() != this
        || proxyIndex.row() >= int(m_proxyToSource.size()))
        return {};
    return m_devices->index(m_proxyToSource[std::size_t(proxyIndex.row())], proxyIndex.column());
}

QModelIndex DeviceFilterProxyModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!m_devices || !sourceIndex.isValid() || sourceIndex.model() != m_devices
        || sourceIndex.row() >= int(m_sourceToProxy.size()))
        return {};
    const int row = m_sourceToProxy[std::size_t(sourceIndex.row())];
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

void DeviceFilterProxyModel::sort(int column, Qt::SortOrder order)
{
    flushPending();
    m_order.configure(m_devices, column, order, groupColumn(m_groupBy));
    resortAll();
}

// Filter and order ---------------------------------------------------------------------------

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
    flushPending();
    refreshTextMatches();
    refilter();
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
    refilter();
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
    refilter();
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
    if (m_order.column() < 0 && by != GroupBy::None)
        sort(DeviceListModel::NameColumn, Qt::AscendingOrder);
    else
        sort(m_order.column(), m_order.order()); // the new leading key
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
    const QModelIndex source = mapToSource(proxyIndex);
    return source.isValid() ? groupKey(m_devices->snapshotAt(source.row()), m_groupBy) : QString();
}

QString DeviceFilterProxyModel::uniqueIdAt(const QModelIndex &proxyIndex) const
{
    const QModelIndex source = mapToSource(proxyIndex);
    return source.isValid() ? m_devices->snapshotAt(source.row()).device.uniqueId : QString();
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

bool DeviceFilterProxyModel::acceptsSourceRow(int sourceRow) const
{
    const DeviceSnapshot &s = m_devices->snapshotAt(sourceRow);
    if (m_groupMask != kAllGroups && !(m_groupMask & groupBit(statusGroup(s.status))))
        return false;
    if (m_onlyStatus && s.status != *m_onlyStatus)
        return false;
    return m_terms.isEmpty() || m_textMatches[std::size_t(sourceRow)];
}

void DeviceFilterProxyModel::refreshTextMatch(int sourceRow)
{
    const DeviceSnapshot &s = m_devices->snapshotAt(sourceRow);
    bool all = true;
    for (const QString &term : m_terms) {
        if (!matches(s, term)) {
            all = false;
            break;
        }
    }
    m_textMatches[std::size_t(sourceRow)] = char(all);
}

void DeviceFilterProxyModel::refreshTextMatches()
{
    const int rows = m_devices ? m_devices->rowCount() : 0;
    m_textMatches.assign(std::size_t(rows), 1);
    if (m_terms.isEmpty())
        return;
    for (int r = 0; r < rows; ++r)
        refreshTextMatch(r);
}

bool DeviceFilterProxyModel::sortsBefore(int a, int b) const
{
    return m_order.before(a, b);
}

// Source changes -----------------------------------------------------------------------------

void DeviceFilterProxyModel::onDataChanged(
    const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (!topLeft.isValid() || !bottomRight.isValid() || topLeft.parent().isValid())
        return;
    const int left = topLeft.column();
    const int right = bottomRight.column();
    quint32 columns = 0;
    for (int c = left; c <= right && c < 32; ++c)
        columns |= 1u << c;
    // In a batch the rows come from DeviceListModel::batchChanges(), with exact columns.
    if (!m_batching) {
        const char flags = changeFlags(columns);
        for (int r = topLeft.row(); r <= bottomRight.row(); ++r) {
            m_pending.rows.push_back(r);
            m_pending.flags.push_back(flags);
        }
    }
    m_pending.left = m_pending.left < 0 ? left : std::min(m_pending.left, left);
    m_pending.right = std::max(m_pending.right, right);
    if (roles.isEmpty())
        m_pending.allRoles = true;
    for (const int role : roles) {
        if (!m_pending.roles.contains(role))
            m_pending.roles.append(role);
    }
    if (!m_batching)
        flushPending();
}

void DeviceFilterProxyModel::onUpdatesAboutToBeApplied(int)
{
    flushPending();
    m_batching = true;
}

void DeviceFilterProxyModel::onUpdatesApplied()
{
    m_batching = false;
    for (const DeviceListModel::RowColumns &c : m_devices->batchChanges()) {
        m_pending.rows.push_back(c.row);
        m_pending.flags.push_back(changeFlags(c.columns));
    }
    flushPending();
}

char DeviceFilterProxyModel::changeFlags(quint32 columns) const
{
    const auto has = [columns](int column) { return (columns & (1u << column)) != 0; };
    char flags = m_order.affectedBy(columns) ? kResort : 0;
    for (const int column : { DeviceListModel::NameColumn, DeviceListModel::UniqueIdColumn,
             DeviceListModel::PhoneColumn, DeviceListModel::GroupColumn,
             DeviceListModel::ModelColumn }) {
        if (has(column))
            flags |= kSearchedText;
    }
    return flags;
}

void DeviceFilterProxyModel::flushPending()
{
    if (m_pending.isEmpty() || !m_devices) {
        m_pending = {}; // columns and roles of runs without rows to handle
        return;
    }
    Pending p = std::move(m_pending);
    m_pending = {};
    // Rows in order, once each (a row named twice keeps both flags).
    std::vector<std::pair<int, char>> rows;
    rows.reserve(p.rows.size());
    for (std::size_t i = 0; i < p.rows.size(); ++i)
        rows.emplace_back(p.rows[i], p.flags[i]);
    if (!std::is_sorted(rows.begin(), rows.end()))
        std::sort(rows.begin(), rows.end());
    p.rows.clear();
    p.flags.clear();
    for (const auto &[row, flags] : rows) {
        if (!p.rows.empty() && p.rows.back() == row) {
            p.flags.back() = char(p.flags.back() | flags);
            continue;
        }
        p.rows.push_back(row);
        p.flags.push_back(flags);
    }
    apply(p.rows, p.flags, &p);
}

void DeviceFilterProxyModel::apply(
    const std::vector<int> &rows, const std::vector<char> &flags, const Pending *changed)
{
    std::vector<int> leaving;
    std::vector<int> entering;
    std::vector<int> moved; // visible, staying, and their sort key may have changed
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const int r = rows[i];
        const bool resort = flags[i] & kResort;
        if (resort)
            m_order.refresh(r);
        if ((flags[i] & kSearchedText) && !m_terms.isEmpty())
            refreshTextMatch(r);
        const bool visible = m_sourceToProxy[std::size_t(r)] >= 0;
        const bool accepted = acceptsSourceRow(r);
        if (visible && !accepted)
            leaving.push_back(r);
        else if (!visible && accepted)
            entering.push_back(r);
        else if (visible && resort)
            moved.push_back(r);
    }
    // Only when some changed row is out of order with its neighbours (rows that leave do not
    // count) do the changed rows move.
    if (!moved.empty()) {
        std::vector<char> isLeaving;
        if (!leaving.empty()) {
            isLeaving.assign(m_sourceToProxy.size(), 0);
            for (const int r : leaving)
                isLeaving[std::size_t(r)] = 1;
        }
        const auto skip
            = [&isLeaving](int r) { return !isLeaving.empty() && isLeaving[std::size_t(r)]; };
        const int count = int(m_proxyToSource.size());
        bool inOrder = true;
        for (const int r : moved) {
            const int p = m_sourceToProxy[std::size_t(r)];
            int before = p - 1;
            while (before >= 0 && skip(m_proxyToSource[std::size_t(before)]))
                --before;
            int after = p + 1;
            while (after < count && skip(m_proxyToSource[std::size_t(after)]))
                ++after;
            if ((before >= 0 && !sortsBefore(m_proxyToSource[std::size_t(before)], r))
                || (after < count && !sortsBefore(r, m_proxyToSource[std::size_t(after)]))) {
                inOrder = false;
                break;
            }
        }
        if (inOrder)
            moved.clear();
    }
    // One insertion, at most one layout change and one removal for the whole batch.
    appendBlock(entering); // sorts them
    m_order.sort(moved);
    std::vector<int> merge;
    merge.reserve(moved.size() + entering.size());
    std::merge(moved.begin(), moved.end(), entering.begin(), entering.end(),
        std::back_inserter(merge), [this](int a, int b) { return sortsBefore(a, b); });
    reorderAndRemove(leaving, std::move(merge));

    if (changed) {
        int top = INT_MAX;
        int bottom = -1;
        for (const int r : rows) {
            const int p = m_sourceToProxy[std::size_t(r)];
            if (p >= 0) {
                top = std::min(top, p);
                bottom = std::max(bottom, p);
            }
        }
        if (bottom >= 0) {
            emit dataChanged(index(top, changed->left), index(bottom, changed->right),
                changed->allRoles ? QList<int>() : changed->roles);
        }
    }
}

void DeviceFilterProxyModel::refilter()
{
    flushPending();
    if (!m_devices)
        return;
    const int count = m_devices->rowCount();
    std::vector<int> rows(static_cast<std::size_t>(count));
    for (int r = 0; r < count; ++r)
        rows[std::size_t(r)] = r;
    apply(rows, std::vector<char>(std::size_t(count), 0), nullptr);
}

void DeviceFilterProxyModel::reorderAndRemove(
    const std::vector<int> &leaving, std::vector<int> moved)
{
    if (leaving.empty() && moved.empty())
        return;
    if (moved.empty()) { // leaving rows in one contiguous block: removed where they are
        int top = INT_MAX;
        int bottom = -1;
        for (const int r : leaving) {
            top = std::min(top, m_sourceToProxy[std::size_t(r)]);
            bottom = std::max(bottom, m_sourceToProxy[std::size_t(r)]);
        }
        if (bottom - top + 1 == int(leaving.size())) {
            beginRemoveRows({}, top, bottom);
            for (const int r : leaving)
                m_sourceToProxy[std::size_t(r)] = -1;
            m_proxyToSource.erase(
                m_proxyToSource.begin() + top, m_proxyToSource.begin() + bottom + 1);
            rebuildSourceToProxy(std::size_t(top));
            endRemoveRows();
            return;
        }
    }
    // Everything else in one layout change: the moved rows merged into place (if that changes
    // anything), the leaving rows gathered at the end; then the end removed as one block.
    std::vector<char> mark(m_sourceToProxy.size(), 0);
    for (const int r : leaving)
        mark[std::size_t(r)] = 1;
    for (const int r : moved)
        mark[std::size_t(r)] = 2;
    std::vector<int> order;
    std::vector<int> tail;
    order.reserve(m_proxyToSource.size());
    tail.reserve(leaving.size());
    for (const int r : m_proxyToSource) {
        if (mark[std::size_t(r)] == 0)
            order.push_back(r);
        else if (mark[std::size_t(r)] == 1)
            tail.push_back(r);
    }
    if (!moved.empty())
        m_order.mergeInto(order, moved);
    order.insert(order.end(), tail.begin(), tail.end());
    if (order != m_proxyToSource)
        relayout(std::move(order));
    if (!tail.empty()) {
        const int first = int(m_proxyToSource.size() - tail.size());
        beginRemoveRows({}, first, int(m_proxyToSource.size()) - 1);
        for (const int r : tail)
            m_sourceToProxy[std::size_t(r)] = -1;
        m_proxyToSource.resize(std::size_t(first));
        endRemoveRows();
    }
}

void DeviceFilterProxyModel::appendBlock(std::vector<int> &entering)
{
    if (entering.empty())
        return;
    m_order.sort(entering);
    const std::size_t first = m_proxyToSource.size();
    beginInsertRows({}, int(first), int(first + entering.size()) - 1);
    m_proxyToSource.insert(m_proxyToSource.end(), entering.begin(), entering.end());
    rebuildSourceToProxy(first);
    endInsertRows();
}

void DeviceFilterProxyModel::resortAll()
{
    std::vector<int> order = m_proxyToSource;
    m_order.sort(order);
    if (order != m_proxyToSource)
        relayout(std::move(order));
}

void DeviceFilterProxyModel::relayout(std::vector<int> order)
{
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList from = persistentIndexList();
    std::vector<int> sources;
    sources.reserve(std::size_t(from.size()));
    for (const QModelIndex &i : from)
        sources.push_back(m_proxyToSource[std::size_t(i.row())]);
    m_proxyToSource = std::move(order);
    rebuildSourceToProxy();
    QModelIndexList to;
    to.reserve(from.size());
    for (qsizetype i = 0; i < from.size(); ++i)
        to.append(
            index(m_sourceToProxy[std::size_t(sources[std::size_t(i)])], from.at(i).column()));
    changePersistentIndexList(from, to);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void DeviceFilterProxyModel::rebuildSourceToProxy(std::size_t from)
{
    for (std::size_t p = from; p < m_proxyToSource.size(); ++p)
        m_sourceToProxy[std::size_t(m_proxyToSource[p])] = int(p);
}

void DeviceFilterProxyModel::rebuild()
{
    m_proxyToSource.clear();
    m_sourceToProxy.clear();
    m_pending = {};
    m_order.configure(m_devices, m_order.column(), m_order.order(), groupColumn(m_groupBy));
    refreshTextMatches();
    if (!m_devices)
        return;
    const int count = m_devices->rowCount();
    m_sourceToProxy.assign(std::size_t(count), -1);
    for (int r = 0; r < count; ++r) {
        if (acceptsSourceRow(r))
            m_proxyToSource.push_back(r);
    }
    m_order.sort(m_proxyToSource);
    rebuildSourceToProxy();
}

void DeviceFilterProxyModel::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    for (int &s : m_proxyToSource) {
        if (s >= first)
            s += count;
    }
    m_sourceToProxy.insert(m_sourceToProxy.begin() + first, std::size_t(count), -1);
    if (first < int(m_sourceToProxy.size()) - count)
        rebuildSourceToProxy();
    m_order.rowsInserted(first, count);
    m_textMatches.insert(m_textMatches.begin() + first, std::size_t(count), 1);
    if (!m_terms.isEmpty()) {
        for (int r = first; r <= last; ++r)
            refreshTextMatch(r);
    }
    std::vector<int> entering;
    for (int r = first; r <= last; ++r) {
        if (acceptsSourceRow(r))
            entering.push_back(r);
    }
    appendBlock(entering);
    reorderAndRemove({}, std::move(entering));
}

void DeviceFilterProxyModel::onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    flushPending();
    std::vector<int> leaving;
    for (int r = first; r <= last; ++r) {
        if (m_sourceToProxy[std::size_t(r)] >= 0)
            leaving.push_back(r);
    }
    reorderAndRemove(leaving, {});
}

void DeviceFilterProxyModel::onRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    m_sourceToProxy.erase(m_sourceToProxy.begin() + first, m_sourceToProxy.begin() + last + 1);
    m_order.rowsRemoved(first, count);
    m_textMatches.erase(m_textMatches.begin() + first, m_textMatches.begin() + last + 1);
    for (int &s : m_proxyToSource) {
        if (s > last)
            s -= count;
    }
    rebuildSourceToProxy();
}

void DeviceFilterProxyModel::onSourceAboutToBeReset()
{
    m_pending = {};
    m_batching = false;
    beginResetModel();
}

void DeviceFilterProxyModel::onSourceReset()
{
    rebuild();
    endResetModel();
}

} // namespace fw
