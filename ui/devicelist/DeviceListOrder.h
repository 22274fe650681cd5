#pragma once
// DeviceListOrder: the order of the device list proxy's rows, as a strict total order over
// DeviceListModel source rows: a sort column and direction, an optional leading group key
// (group, model or carrier; always ascending), ties by source row. For the live columns (status,
// times, motion, speed) without grouping it keeps an integer key per source row, and for text
// columns the case-folded text, so comparing two rows while merging a batch into 100,000 is two
// array reads, not two snapshot lookups and a case-insensitive comparison.

#include <QString>

#include <vector>

namespace fw {

class DeviceListModel;

class DeviceListOrder
{
public:
    // `column` -1: source order. `groupColumn` -1, or the model's Group/Model/CarrierColumn.
    // Reads every row's key from `model` when the column has one.
    void configure(const DeviceListModel *model, int column, Qt::SortOrder order, int groupColumn);
    int column() const { return m_column; }
    Qt::SortOrder order() const { return m_order; }
    int groupColumn() const { return m_groupColumn; }

    // Whether source row `a` comes before `b`. Keys must be current (refresh()).
    bool before(int a, int b) const;
    // Whether a change showing in `columns` (bit per column) may move a row.
    bool affectedBy(quint32 columns) const;

    void refresh(int sourceRow); // after the row's snapshot changed
    void rowsInserted(int first, int count); // source rows, keys read
    void rowsRemoved(int first, int count);

    void sort(std::vector<int> &rows) const;
    // Merges `sortedRows` into `ordered` (both in this order).
    void mergeInto(std::vector<int> &ordered, const std::vector<int> &sortedRows) const;

private:
    const DeviceListModel *m_model = nullptr;
    int m_column = -1;
    Qt::SortOrder m_order = Qt::AscendingOrder;
    int m_groupColumn = -1;
    bool m_keyed = false;
    std::vector<qint64> m_keys; // by source row, when m_keyed
    // Text columns without grouping: the compared text case-folded once per row, so ordering
    // by name is a plain comparison (the exact text breaks ties, as compare() does).
    bool m_textKeyed = false;
    std::vector<QString> m_texts; // by source row, when m_textKeyed
};

} // namespace fw
