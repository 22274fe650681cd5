#pragma once
// AlertListModel: the alerts the window shows, newest first: those of the last days as the
// database holds them, then each new one as the node raises it (a second copy of one id only
// updates the row). Acknowledging changes a row in place: who, when and the note. A thin
// adapter: the alerts are core values, the words for a type come from the notify layer.

#include "alerts/Alert.h"

#include <QAbstractTableModel>
#include <QHash>

namespace fw {

class AlertListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        DeviceColumn,
        TypeColumn,
        TextColumn,
        AcknowledgedColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        IdRole = Qt::UserRole + 1, // qint64 alert id
        TimeRole, // qint64 ms since the epoch (the position's time)
        DeviceIdRole, // QString uniqueId
        TypeIdRole, // "geofence-enter", ...
        RuleRole, // the rule's name
        GeofenceRole, // empty when the rule has none
        AcknowledgedRole, // bool
        AcknowledgedByRole, // QString
        AcknowledgedAtRole, // qint64 ms, or null
        NoteRole, // QString
    };
    Q_ENUM(Role)

    static constexpr int kMaxRows = 5000;

    explicit AlertListModel(QObject *parent = nullptr);

    // Replaces every row (oldest first as the database gives them).
    void setAlerts(const QList<Alert> &alerts);
    // A new alert on top; an id already shown is updated instead (and left alone when it
    // has not changed).
    void addAlert(const Alert &alert);
    void setAcknowledged(qint64 id, const QString &by, TimeMs at, const QString &note);
    int rowOf(qint64 id) const;
    const Alert &alertAt(int row) const { return m_rows.at(row); }
    int unacknowledgedCount() const;
    // Names shown instead of ids in the device column (id -> name), merged into those known.
    void setDeviceNames(const QHash<QString, QString> &names);
    QString deviceName(const QString &uniqueId) const { return m_names.value(uniqueId); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    void unacknowledgedCountChanged(int count);

private:
    QString acknowledgedText(const Alert &a) const;

    QList<Alert> m_rows; // newest first
    QHash<QString, QString> m_names;
    int m_unacknowledged = 0;
};

} // namespace fw
