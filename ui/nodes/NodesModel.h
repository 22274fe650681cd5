#pragma once
// NodesModel: the ingest nodes of a shared database (table `nodes`) as a thin table model for
// the Nodes panel: id, host, alive, ports, connections, positions per second, last seen. A new
// reading is merged in place: rows of nodes that appeared or went away are inserted or removed,
// and only the cells that changed are announced, so a view keeps its selection and scroll
// position while it refreshes every few seconds. Alive is the database server's judgement.

#include "storage/NodeTable.h"

#include <QAbstractTableModel>

namespace fw {

class NodesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        HostColumn,
        AliveColumn,
        PortsColumn,
        ConnectionsColumn,
        RateColumn,
        LastSeenColumn,
        ColumnCount
    };
    // One role per column with the raw value (QML, tests, sorting): the same names as
    // `fleetwatch nodes --json`.
    enum Role {
        IdRole = Qt::UserRole + 1,
        HostRole,
        AliveRole, // bool
        PortsRole, // QVariantMap protocol -> port
        ConnectionsRole, // qint64
        PositionsPerSecondRole, // double
        LastSeenRole, // qint64 ms (server clock), null when never
    };

    explicit NodesModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Merges a reading (any order; shown by id).
    void setNodes(const QList<NodeRecord> &nodes);
    const NodeRecord &nodeAt(int row) const { return m_rows.at(row); }
    int rowOf(const QString &id) const;
    int aliveCount() const;

    static QString portsText(const QMap<QString, int> &ports); // "gt06=5023 osmand=5055"

private:
    QVariant display(const NodeRecord &n, int column) const;

    QList<NodeRecord> m_rows; // sorted by id
};

} // namespace fw
