#pragma once
// DeviceFilterProxyModel: what the operator narrows the device list to (free text over name, id,
// phone, group and model; a set of status groups picked on the dashboard) and how it is ordered,
// including "group by" (group, model, carrier) as the leading sort key so a group's rows stay
// together. Reads DeviceListModel snapshots directly.
// Its own mapping instead of QSortFilterProxyModel: that one re-sorts or re-filters per
// dataChanged run and inserts/removes each scattered row with its own O(rows) step, so a live
// batch of 10,000 changes into 100,000 rows cost tens of milliseconds. Here the changes of one
// batch are applied together: rows that leave the filter are moved to the end and removed as
// one block, rows that enter are appended as one block and merged into place, and only changed
// rows that are out of order are taken out, sorted and merged back (DeviceListOrder: cached
// integer keys for the live columns, binary search for a few rows into many).

#include "DeviceListOrder.h"
#include "status/ConnectionStatus.h"

#include <QAbstractProxyModel>
#include <QSet>
#include <QStringList>
#include <optional>

#include <vector>

namespace fw {

class DeviceListModel;
struct DeviceSnapshot;

class DeviceFilterProxyModel : public QAbstractProxyModel
{
    Q_OBJECT
public:
    enum class GroupBy { None, Group, Model, Carrier };
    Q_ENUM(GroupBy)

    explicit DeviceFilterProxyModel(QObject *parent = nullptr);
    ~DeviceFilterProxyModel() override;

    // Must be a DeviceListModel (or nullptr).
    void setSourceModel(QAbstractItemModel *sourceModel) override;
    DeviceListModel *deviceModel() const { return m_devices; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    // -1: source order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_order.column(); }
    Qt::SortOrder sortOrder() const { return m_order.order(); }

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

    // Whether the device in source row `sourceRow` passes the current filter, and whether
    // source row `a` comes before `b` in the current order (the order is total: ties go by
    // source row). Public so tests can compare against a from-scratch sort and filter.
    bool acceptsSourceRow(int sourceRow) const;
    bool sortsBefore(int a, int b) const;

public slots:
    void setSearchText(const QString &text);
    void setStatusGroups(const QSet<fw::StatusGroup> &groups);
    void setStatusGroup(fw::StatusGroup group); // only that group (a dashboard tile)
    void setOnlyStatus(fw::ConnectionStatus status); // only that status
    void clearStatusGroups(); // show all
    void setGroupBy(fw::DeviceFilterProxyModel::GroupBy by);

signals:
    void filterChanged();

private:
    static constexpr quint8 kAllGroups = 0x1f;
    static constexpr char kResort = 1; // the sort key may have changed
    static constexpr char kSearchedText = 2; // a field the search looks at may have changed

    // Changed source rows of one batch, gathered from the source's dataChanged runs.
    struct Pending
    {
        std::vector<int> rows;
        std::vector<char> flags; // per entry of rows: kResort, kSearchedText
        int left = -1;
        int right = -1;
        QList<int> roles;
        bool allRoles = false;
        bool isEmpty() const { return rows.empty(); }
    };

    void onDataChanged(
        const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void onUpdatesAboutToBeApplied(int changedRows);
    void onUpdatesApplied();
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void onSourceAboutToBeReset();
    void onSourceReset();

    void rebuild(); // from scratch, no signals (inside a reset)
    void flushPending();
    // Re-evaluates the filter of `rows` (ascending source rows) and, for those with kResort in
    // `flags`, the order; announces removals, insertions and moves. With `changed`, the rows
    // that stay visible are announced as changed too.
    void apply(
        const std::vector<int> &rows, const std::vector<char> &flags, const Pending *changed);
    void refilter();
    // Appends `entering` (source rows not visible yet) as one block, sorted among themselves.
    void appendBlock(std::vector<int> &entering);
    // `leaving` (visible source rows) removed, `moved` (visible source rows whose key changed or
    // that were appended, in order) merged into place: one block removal, or one layout change and
    // one block removal.
    void reorderAndRemove(const std::vector<int> &leaving, std::vector<int> moved);
    void resortAll();
    // Replaces the visible order with `order` (the same rows) inside one layout change,
    // persistent indexes moved along.
    void relayout(std::vector<int> order);
    void rebuildSourceToProxy(std::size_t from = 0);
    char changeFlags(quint32 columns) const; // what a change of these columns may affect
    void refreshTextMatches(); // all rows
    void refreshTextMatch(int sourceRow);

    DeviceListModel *m_devices = nullptr;
    std::vector<int> m_proxyToSource;
    std::vector<int> m_sourceToProxy; // -1: filtered out
    std::vector<char> m_textMatches; // by source row: every search term matches
    Pending m_pending;
    bool m_batching = false;

    DeviceListOrder m_order;
    QString m_searchText;
    QStringList m_terms;
    quint8 m_groupMask = kAllGroups;
    std::optional<ConnectionStatus> m_onlyStatus;
    GroupBy m_groupBy = GroupBy::None;
};

} // namespace fw
