#pragma once
// ReportTableModel: the rows of one ReportResult as a table (trips, stops, summary, events or
// geofence visits, each with its own columns). The whole result is replaced at once with a model
// reset; a QSortFilterProxyModel sorts on SortRole. Named roles give views and the map the times
// and places behind each row.

#include "reports/ReportResult.h"

#include <QAbstractTableModel>

namespace fw {

class ReportTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        UniqueIdRole = Qt::UserRole + 1, // QString
        StartTimeRole, // qint64 ms (UTC): trip/stop start, event time, visit enter
        EndTimeRole, // qint64 ms (UTC), or -1
        LatitudeRole, // double, or invalid when the row has no place
        LongitudeRole,
        SortRole, // a number or text that sorts the column as users expect
    };
    Q_ENUM(Role)

    explicit ReportTableModel(QObject *parent = nullptr);

    void setResult(const ReportResult &result);
    // The addresses of one trip or stop arrived (ReportAddresses): its place columns change.
    void updateAddresses(const ReportResult &result, int row);
    void clear();
    const ReportResult &result() const { return m_result; }
    ReportKind kind() const { return m_result.kind; }
    QStringList columnTitles() const; // of the current kind, as the header shows them
    QString cellText(int row, int column) const; // as shown (the PDF table uses it too)

    static QString durationText(qint64 seconds); // "2 h 05 min", "45 s"
    static QString timeText(TimeMs t); // local time, or an empty text for kNoTime

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant sortValue(int row, int column) const;
    QVariant roleValue(int row, int role) const;
    bool dailySummary() const;

    ReportResult m_result;
};

} // namespace fw
