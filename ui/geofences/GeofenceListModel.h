#pragma once
// GeofenceListModel: the database's geofences as a table (name, kind, speed limit, who it
// applies to: every device, a group or some devices), with the geofence values behind named
// roles for the dialog and the tests.

#include "geo/Geofence.h"

#include <QAbstractTableModel>

namespace fw {

class GeofenceListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, KindColumn, SpeedLimitColumn, AssignedColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        NameRole = Qt::UserRole + 1, // QString
        KindRole, // "circle", "polygon", "corridor"
        SpeedLimitRole, // double km/h, 0 = none
        GroupRole, // QString, empty = every device (unless DevicesRole names some)
        DevicesRole, // QStringList, empty = not limited to devices
    };
    Q_ENUM(Role)

    explicit GeofenceListModel(QObject *parent = nullptr);

    void setGeofences(const QList<Geofence> &geofences);
    const QList<Geofence> &geofences() const { return m_rows; }
    int rowOf(const QString &name) const;
    static QString kindTitle(GeofenceKind kind);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QList<Geofence> m_rows;
};

} // namespace fw
