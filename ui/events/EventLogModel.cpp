#include "EventLogModel.h"

#include <QColor>

using namespace Qt::StringLiterals;

namespace fw {

EventLogModel::EventLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void EventLogModel::setMaxRows(int rows)
{
    m_maxRows = std::max(1, rows);
    const int excess = rowCount() - m_maxRows;
    if (excess > 0) {
        beginRemoveRows({}, 0, excess - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + excess);
        endRemoveRows();
    }
}

void EventLogModel::appendEvents(const QList<DeviceEvent> &events)
{
    if (events.isEmpty())
        return;
    // Only the newest maxRows of the batch can ever be shown.
    const qsizetype skip = std::max<qsizetype>(0, events.size() - m_maxRows);
    const int incoming = static_cast<int>(events.size() - skip);
    const int excess = rowCount() + incoming - m_maxRows;
    if (excess > 0) {
        const int drop = std::min(excess, rowCount());
        beginRemoveRows({}, 0, drop - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + drop);
        endRemoveRows();
    }
    const int first = rowCount();
    beginInsertRows({}, first, first + incoming - 1);
    for (qsizetype i = skip; i < events.size(); ++i)
        m_rows.push_back(events.at(i));
    endInsertRows();
}

void EventLogModel::clear()
{
    if (m_rows.empty())
        return;
    beginRemoveRows({}, 0, rowCount() - 1);
    m_rows.clear();
    endRemoveRows();
}

void EventLogModel::setDeviceNames(const QHash<QString, QString> &names)
{
    const QHash<QString, QString> old = std::exchange(m_names, names);
    // One dataChanged per contiguous run of rows whose shown name changed.
    int runStart = -1;
    const int n = rowCount();
    for (int row = 0; row <= n; ++row) {
        bool changed = false;
        if (row < n) {
            const QString &id = m_rows[static_cast<std::size_t>(row)].uniqueId;
            changed = old.value(id) != m_names.value(id);
        }
        if (changed && runStart < 0) {
            runStart = row;
        } else if (!changed && runStart >= 0) {
            emit dataChanged(index(runStart, DeviceColumn), index(row - 1, DeviceColumn),
                { Qt::DisplayRole, Qt::ToolTipRole });
            runStart = -1;
        }
    }
}

QString EventLogModel::typeTitle(EventType type)
{
    switch (type) {
    case EventType::StatusChange:
        return tr("Status change");
    case EventType::Alarm:
        return tr("Alarm");
    case EventType::StatusPacket:
        return tr("Status message");
    case EventType::CommandResult:
        return tr("Command result");
    case EventType::Connection:
        return tr("Connection");
    }
    return {};
}

QString EventLogModel::deviceText(const QString &uniqueId) const
{
    const QString name = m_names.value(uniqueId);
    return name.isEmpty() ? uniqueId : tr("%1 (%2)").arg(name, uniqueId);
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DeviceEvent &e = eventAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return toDateTime(e.time).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
        case DeviceColumn:
            return deviceText(e.uniqueId);
        case TypeColumn:
            return typeTitle(e.type);
        case TextColumn:
            return e.text;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn)
            return toIso(e.time);
        if (index.column() == TextColumn)
            return e.text;
        break;
    case Qt::ForegroundRole:
        if (e.type == EventType::Alarm && index.column() == TypeColumn)
            return QColor(QStringLiteral("#d33b2f"));
        break;
    case TimeRole:
        return e.time;
    case DeviceIdRole:
        return e.uniqueId;
    case TypeRole:
        return static_cast<int>(e.type);
    case TypeIdRole:
        return eventTypeId(e.type);
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case DeviceColumn:
        return tr("Device");
    case TypeColumn:
        return tr("Type");
    case TextColumn:
        return tr("Event");
    }
    return {};
}

} // namespace fw
