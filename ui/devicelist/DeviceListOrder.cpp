#include "DeviceListOrder.h"

#include "DeviceListModel.h"

#include <algorithm>
#include <iterator>

namespace fw {

namespace {
const QString &groupText(const DeviceSnapshot &s, int groupColumn)
{
    switch (groupColumn) {
    case DeviceListModel::ModelColumn:
        return s.device.model;
    case DeviceListModel::CarrierColumn:
        return s.device.carrier;
    default:
        return s.device.group;
    }
}
} // namespace

void DeviceListOrder::configure(
    const DeviceListModel *model, int column, Qt::SortOrder order, int groupColumn)
{
    m_model = model;
    m_column = column < 0 ? -1 : column;
    m_order = order;
    m_groupColumn = groupColumn;
    m_keyed = m_model && m_column >= 0 && m_groupColumn < 0
        && DeviceListModel::hasNumericSortKey(m_column);
    m_textKeyed = m_model && m_column >= 0 && m_groupColumn < 0
        && DeviceListModel::hasTextSortKey(m_column);
    m_keys.clear();
    m_texts.clear();
    if (!m_keyed && !m_textKeyed)
        return;
    const int rows = m_model->rowCount();
    if (m_keyed)
        m_keys.resize(std::size_t(rows));
    else
        m_texts.resize(std::size_t(rows));
    for (int r = 0; r < rows; ++r)
        refresh(r);
}

bool DeviceListOrder::before(int a, int b) const
{
    const bool descending = m_order == Qt::DescendingOrder;
    int c = 0;
    if (m_keyed) {
        const qint64 ka = m_keys[std::size_t(a)];
        const qint64 kb = m_keys[std::size_t(b)];
        c = ka < kb ? -1 : (ka > kb ? 1 : 0);
    } else if (m_textKeyed) {
        c = QString::compare(m_texts[std::size_t(a)], m_texts[std::size_t(b)]);
        if (c == 0) // equal but for case: compare() decides on the exact text
            c = DeviceListModel::compare(m_model->snapshotAt(a), m_model->snapshotAt(b), m_column);
    } else if (m_column >= 0) {
        const DeviceSnapshot &sa = m_model->snapshotAt(a);
        const DeviceSnapshot &sb = m_model->snapshotAt(b);
        if (m_groupColumn >= 0) {
            const int byGroup = QString::compare(
                groupText(sa, m_groupColumn), groupText(sb, m_groupColumn), Qt::CaseInsensitive);
            if (byGroup != 0) // groups keep ascending order whatever the column's sort order
                return byGroup < 0;
        }
        c = DeviceListModel::compare(sa, sb, m_column);
    }
    if (c != 0)
        return descending ? c > 0 : c < 0;
    return descending ? b < a : a < b; // stable, deterministic order for equal keys
}

bool DeviceListOrder::affectedBy(quint32 columns) const
{
    const auto has = [columns](int column) { return column >= 0 && (columns & (1u << column)); };
    return m_column >= 0 && (has(m_column) || has(m_groupColumn));
}

void DeviceListOrder::refresh(int sourceRow)
{
    if (m_keyed) {
        m_keys[std::size_t(sourceRow)]
            = DeviceListModel::numericSortKey(m_model->snapshotAt(sourceRow), m_column);
    } else if (m_textKeyed) {
        m_texts[std::size_t(sourceRow)]
            = DeviceListModel::sortText(m_model->snapshotAt(sourceRow), m_column).toCaseFolded();
    }
}

void DeviceListOrder::rowsInserted(int first, int count)
{
    if (m_keyed)
        m_keys.insert(m_keys.begin() + first, std::size_t(count), 0);
    else if (m_textKeyed)
        m_texts.insert(m_texts.begin() + first, std::size_t(count), QString());
    else
        return;
    for (int r = first; r < first + count; ++r)
        refresh(r);
}

void DeviceListOrder::rowsRemoved(int first, int count)
{
    if (m_keyed)
        m_keys.erase(m_keys.begin() + first, m_keys.begin() + first + count);
    else if (m_textKeyed)
        m_texts.erase(m_texts.begin() + first, m_texts.begin() + first + count);
}

void DeviceListOrder::sort(std::vector<int> &rows) const
{
    std::sort(rows.begin(), rows.end(), [this](int a, int b) { return before(a, b); });
}

void DeviceListOrder::mergeInto(std::vector<int> &ordered, const std::vector<int> &sortedRows) const
{
    const auto less = [this](int a, int b) { return before(a, b); };
    std::vector<int> merged;
    merged.reserve(ordered.size() + sortedRows.size());
    // Few rows into many (the usual batch): a binary search each, k log n comparisons instead
    // of n + k (which matter when they compare names).
    if (sortedRows.size() * 32 < ordered.size()) {
        auto from = ordered.begin();
        for (const int row : sortedRows) {
            const auto at = std::lower_bound(from, ordered.end(), row, less);
            merged.insert(merged.end(), from, at);
            merged.push_back(row);
            from = at;
        }
        merged.insert(merged.end(), from, ordered.end());
    } else {
        std::merge(ordered.begin(), ordered.end(), sortedRows.begin(), sortedRows.end(),
            std::back_inserter(merged), less);
    }
    ordered.swap(merged);
}

} // namespace fw
