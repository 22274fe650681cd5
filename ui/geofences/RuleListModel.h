#pragma once
// RuleListModel: the database's alert rules as a table (name, what it watches, which devices,
// who is told), with the rule values behind named roles for the dialog and the tests.

#include "alerts/AlertRule.h"

#include <QAbstractTableModel>

namespace fw {

class RuleListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, TypeColumn, DevicesColumn, NotifyColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        NameRole = Qt::UserRole + 1, // QString
        TypeIdRole, // "geofence-enter", ...
        TargetsRole, // QStringList
    };
    Q_ENUM(Role)

    explicit RuleListModel(QObject *parent = nullptr);

    void setRules(const QList<AlertRule> &rules);
    const QList<AlertRule> &rules() const { return m_rows; }
    int rowOf(const QString &name) const;
    static QString devicesText(const AlertRule &rule);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QList<AlertRule> m_rows;
};

} // namespace fw
