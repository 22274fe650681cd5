#include "RuleListModel.h"

#include "notify/AlertText.h"
#include "notify/NotificationTarget.h"

namespace fw {

RuleListModel::RuleListModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void RuleListModel::setRules(const QList<AlertRule> &rules)
{
    beginResetModel();
    m_rows = rules;
    endResetModel();
}

int RuleListModel::rowOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).name == name)
            return static_cast<int>(i);
    }
    return -1;
}

QString RuleListModel::devicesText(const AlertRule &rule)
{
    if (!rule.group.isEmpty())
        return tr("Group %1").arg(rule.group);
    if (!rule.devices.isEmpty())
        return rule.devices.join(QStringLiteral(", "));
    return tr("All devices");
}

int RuleListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RuleListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RuleListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AlertRule &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return r.name;
        case TypeColumn:
            return r.geofence.isEmpty()
                ? AlertText::typeTitle(AlertRule::typeId(r.type))
                : tr("%1 (%2)").arg(AlertText::typeTitle(AlertRule::typeId(r.type)), r.geofence);
        case DevicesColumn:
            return devicesText(r);
        case NotifyColumn: {
            if (r.targets.isEmpty())
                return tr("nobody");
            QStringList shown; // webhook URLs without the tokens they may carry
            for (const QString &t : r.targets)
                shown << NotificationTarget::redacted(t);
            return shown.join(QStringLiteral(", "));
        }
        }
        break;
    case NameRole:
        return r.name;
    case TypeIdRole:
        return AlertRule::typeId(r.type);
    case TargetsRole:
        return r.targets;
    }
    return {};
}

QVariant RuleListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case TypeColumn:
        return tr("Watches");
    case DevicesColumn:
        return tr("Devices");
    case NotifyColumn:
        return tr("Tells");
    }
    return {};
}

QHash<int, QByteArray> RuleListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(NameRole, "name");
    names.insert(TypeIdRole, "type");
    names.insert(TargetsRole, "targets");
    return names;
}

} // namespace fw
