#include "NodesModel.h"

#include <QDateTime>
#include <QSet>

#include <algorithm>
#include <iterator>

namespace fw {

namespace {

constexpr int kRoleOfColumn[] = { NodesModel::IdRole, NodesModel::HostRole,
    NodesModel::AliveRole, NodesModel::PortsRole, NodesModel::ConnectionsRole,
    NodesModel::PositionsPerSecondRole, NodesModel::LastSeenRole };
static_assert(std::size(kRoleOfColumn) == NodesModel::ColumnCount);

bool sameCell(const NodeRecord &a, const NodeRecord &b, int column)
{
    switch (column) {
    case NodesModel::IdColumn:
        return a.id == b.id;
    case NodesModel::HostColumn:
        return a.host == b.host;
    case NodesModel::AliveColumn:
        return a.alive == b.alive;
    case NodesModel::PortsColumn:
        return a.ports == b.ports;
    case NodesModel::ConnectionsColumn:
        return a.connections == b.connections;
    case NodesModel::RateColumn:
        return qFuzzyCompare(1.0 + a.positionsPerSecond, 1.0 + b.positionsPerSecond);
    case NodesModel::LastSeenColumn:
        return a.lastSeen == b.lastSeen;
    }
    return true;
}

} // namespace

NodesModel::NodesModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int NodesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int NodesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString NodesModel::portsText(const QMap<QString, int> &ports)
{
    QStringList parts;
    for (auto it = ports.cbegin(); it != ports.cend(); ++it)
        parts << QStringLiteral("%1=%2").arg(it.key()).arg(it.value());
    return parts.join(QLatin1Char(' '));
}

QVariant NodesModel::display(const NodeRecord &n, int column) const
{
    switch (column) {
    case IdColumn:
        return n.id;
    case HostColumn:
        return n.host;
    case AliveColumn:
        return n.alive ? tr("alive") : tr("silent");
    case PortsColumn:
        return portsText(n.ports);
    case ConnectionsColumn:
        return n.connections;
    case RateColumn:
        return QString::number(n.positionsPerSecond, 'f', 1);
    case LastSeenColumn:
        return n.lastSeen == kNoTime
            ? tr("never")
            : QDateTime::fromMSecsSinceEpoch(n.lastSeen).toString(QStringLiteral("HH:mm:ss"));
    }
    return {};
}

QVariant NodesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const NodeRecord &n = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(n, index.column());
    case Qt::ToolTipRole:
        if (index.column() == LastSeenColumn && n.lastSeen != kNoTime)
            return QDateTime::fromMSecsSinceEpoch(n.lastSeen).toString(Qt::ISODate);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == ConnectionsColumn || index.column() == RateColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case IdRole:
        return n.id;
    case HostRole:
        return n.host;
    case AliveRole:
        return n.alive;
    case PortsRole: {
        QVariantMap ports;
        for (auto it = n.ports.cbegin(); it != n.ports.cend(); ++it)
            ports.insert(it.key(), it.value());
        return ports;
    }
    case ConnectionsRole:
        return n.connections;
    case PositionsPerSecondRole:
        return n.positionsPerSecond;
    case LastSeenRole:
        return n.lastSeen == kNoTime ? QVariant() : QVariant(n.lastSeen);
    }
    return {};
}

QVariant NodesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Node");
    case HostColumn:
        return tr("Host");
    case AliveColumn:
        return tr("State");
    case PortsColumn:
        return tr("Ports");
    case ConnectionsColumn:
        return tr("Connections");
    case RateColumn:
        return tr("Positions/s");
    case LastSeenColumn:
        return tr("Last seen");
    }
    return {};
}

QHash<int, QByteArray> NodesModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(IdRole, "id");
    names.insert(HostRole, "host");
    names.insert(AliveRole, "alive");
    names.insert(PortsRole, "ports");
    names.insert(ConnectionsRole, "connections");
    names.insert(PositionsPerSecondRole, "positionsPerSecond");
    names.insert(LastSeenRole, "lastSeen");
    return names;
}

int NodesModel::rowOf(const QString &id) const
{
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), id,
        [](const NodeRecord &n, const QString &key) { return n.id < key; });
    return it != m_rows.cend() && it->id == id ? static_cast<int>(it - m_rows.cbegin()) : -1;
}

int NodesModel::aliveCount() const
{
    return static_cast<int>(
        std::count_if(m_rows.cbegin(), m_rows.cend(), [](const NodeRecord &n) { return n.alive; }));
}

void NodesModel::setNodes(const QList<NodeRecord> &nodes)
{
    QList<NodeRecord> fresh = nodes;
    std::sort(fresh.begin(), fresh.end(),
        [](const NodeRecord &a, const NodeRecord &b) { return a.id < b.id; });
    QSet<QString> ids;
    for (const NodeRecord &n : std::as_const(fresh))
        ids.insert(n.id);
    // Gone nodes first (from the end, so the rows before keep their numbers).
    for (int row = static_cast<int>(m_rows.size()) - 1; row >= 0; --row) {
        if (ids.contains(m_rows.at(row).id))
            continue;
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
    }
    // Then each node in id order: changed cells announced, new ones inserted in place.
    for (const NodeRecord &n : std::as_const(fresh)) {
        if (const int row = rowOf(n.id); row >= 0) {
            const NodeRecord old = m_rows.at(row);
            m_rows[row] = n;
            for (int column = 0; column < ColumnCount; ++column) {
                if (sameCell(old, n, column))
                    continue;
                const QModelIndex cell = index(row, column);
                QList<int> roles { Qt::DisplayRole, kRoleOfColumn[column] };
                if (column == LastSeenColumn)
                    roles << Qt::ToolTipRole;
                emit dataChanged(cell, cell, roles);
            }
            continue;
        }
        const auto at = std::lower_bound(m_rows.cbegin(), m_rows.cend(), n.id,
            [](const NodeRecord &r, const QString &key) { return r.id < key; });
        const int row = static_cast<int>(at - m_rows.cbegin());
        beginInsertRows({}, row, row);
        m_rows.insert(row, n);
        endInsertRows();
    }
}

} // namespace fw
