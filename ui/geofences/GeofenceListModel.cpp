#include "GeofenceListModel.h"

#include <QLocale>

namespace fw {

GeofenceListModel::GeofenceListModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void GeofenceListModel::setGeofences(const QList<Geofence> &geofences)
{
    beginResetModel();
    m_rows = geofences;
    endResetModel();
}

int GeofenceListModel::rowOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).name == name)
            return static_cast<int>(i);
    }
    return -1;
}

QString GeofenceListModel::kindTitle(GeofenceKind kind)
{
    switch (kind) {
    case GeofenceKind::Circle:
        return tr("Circle");
    case GeofenceKind::Polygon:
        return tr("Polygon");
    case GeofenceKind::Corridor:
        return tr("Corridor");
    }
    return {};
}

int GeofenceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int GeofenceListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GeofenceListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Geofence &g = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return g.name;
        case KindColumn:
            return kindTitle(g.kind);
        case SpeedLimitColumn:
            return g.speedLimitKph > 0
                ? tr("%1 km/h").arg(QLocale().toString(g.speedLimitKph, 'f', 0))
                : tr("none");
        case AssignedColumn:
            if (!g.devices.isEmpty())
                return g.devices.join(QStringLiteral(", "));
            return g.group.isEmpty() ? tr("All devices") : tr("Group %1").arg(g.group);
        }
        break;
    case NameRole:
        return g.name;
    case KindRole:
        return Geofence::kindId(g.kind);
    case SpeedLimitRole:
        return g.speedLimitKph;
    case GroupRole:
        return g.group;
    case DevicesRole:
        return g.devices;
    }
    return {};
}

QVariant GeofenceListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case KindColumn:
        return tr("Shape");
    case SpeedLimitColumn:
        return tr("Speed limit");
    case AssignedColumn:
        return tr("Applies to");
    }
    return {};
}

QHash<int, QByteArray> GeofenceListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(NameRole, "name");
    names.insert(KindRole, "kind");
    names.insert(SpeedLimitRole, "speedLimitKph");
    names.insert(GroupRole, "group");
    names.insert(DevicesRole, "devices");
    return names;
}

} // namespace fw
