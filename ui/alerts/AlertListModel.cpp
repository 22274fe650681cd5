#include "AlertListModel.h"

#include "notify/AlertText.h"

#include <QColor>
#include <QFont>

using namespace Qt::StringLiterals;

namespace fw {

namespace {
QString localText(TimeMs t)
{
    return toDateTime(t).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
}
} // namespace

AlertListModel::AlertListModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void AlertListModel::setAlerts(const QList<Alert> &alerts)
{
    beginResetModel();
    m_rows.clear();
    const qsizetype first = std::max<qsizetype>(0, alerts.size() - kMaxRows);
    for (qsizetype i = alerts.size() - 1; i >= first; --i)
        m_rows.append(alerts.at(i));
    endResetModel();
    const int before = m_unacknowledged;
    m_unacknowledged = 0;
    for (const Alert &a : std::as_const(m_rows))
        m_unacknowledged += a.acknowledgedBy.isEmpty() ? 1 : 0;
    if (before != m_unacknowledged)
        emit unacknowledgedCountChanged(m_unacknowledged);
}

void AlertListModel::addAlert(const Alert &alert)
{
    if (const int row = rowOf(alert.id); row >= 0 && alert.id != 0) {
        const Alert &shown = m_rows.at(row);
        if (shown.acknowledgedBy == alert.acknowledgedBy && shown.note == alert.note
            && shown.text == alert.text)
            return; // the same alert read again
        const bool wasOpen = shown.acknowledgedBy.isEmpty();
        m_rows[row] = alert;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        if (wasOpen != alert.acknowledgedBy.isEmpty()) {
            m_unacknowledged += wasOpen ? -1 : 1;
            emit unacknowledgedCountChanged(m_unacknowledged);
        }
        return;
    }
    if (m_rows.size() >= kMaxRows) {
        const int last = static_cast<int>(m_rows.size()) - 1;
        beginRemoveRows({}, last, last);
        if (m_rows.last().acknowledgedBy.isEmpty())
            --m_unacknowledged;
        m_rows.removeLast();
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    m_rows.prepend(alert);
    endInsertRows();
    if (alert.acknowledgedBy.isEmpty())
        ++m_unacknowledged;
    emit unacknowledgedCountChanged(m_unacknowledged);
}

void AlertListModel::setAcknowledged(qint64 id, const QString &by, TimeMs at, const QString &note)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    Alert &a = m_rows[row];
    const bool wasOpen = a.acknowledgedBy.isEmpty();
    a.acknowledgedBy = by;
    a.acknowledgedAt = at;
    a.note = note;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    if (wasOpen) {
        --m_unacknowledged;
        emit unacknowledgedCountChanged(m_unacknowledged);
    }
}

int AlertListModel::rowOf(qint64 id) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == id)
            return static_cast<int>(i);
    }
    return -1;
}

int AlertListModel::unacknowledgedCount() const
{
    return m_unacknowledged;
}

void AlertListModel::setDeviceNames(const QHash<QString, QString> &names)
{
    bool changed = false;
    for (auto it = names.cbegin(); it != names.cend(); ++it) {
        auto known = m_names.find(it.key());
        if (known == m_names.end() || known.value() != it.value()) {
            m_names.insert(it.key(), it.value());
            changed = true;
        }
    }
    if (changed && !m_rows.isEmpty())
        emit dataChanged(
            index(0, DeviceColumn), index(rowCount() - 1, DeviceColumn), { Qt::DisplayRole });
}

int AlertListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AlertListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AlertListModel::acknowledgedText(const Alert &a) const
{
    if (a.acknowledgedBy.isEmpty())
        return tr("Open");
    return a.acknowledgedBy;
}

QVariant AlertListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Alert &a = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return localText(a.time);
        case DeviceColumn: {
            const QString name = m_names.value(a.uniqueId);
            return name.isEmpty() ? a.uniqueId : name;
        }
        case TypeColumn:
            return AlertText::typeTitle(a.type);
        case TextColumn:
            return a.text;
        case AcknowledgedColumn:
            return acknowledgedText(a);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == AcknowledgedColumn && !a.acknowledgedBy.isEmpty()) {
            const QString when
                = tr("Acknowledged by %1 at %2").arg(a.acknowledgedBy, localText(a.acknowledgedAt));
            return a.note.isEmpty() ? when : tr("%1\nNote: %2").arg(when, a.note);
        }
        if (index.column() == TextColumn)
            return tr("%1\n(rule \"%2\")").arg(a.text, a.rule);
        if (index.column() == TimeColumn)
            return toIso(a.time);
        if (index.column() == DeviceColumn)
            return a.uniqueId;
        break;
    case Qt::FontRole:
        if (a.acknowledgedBy.isEmpty()) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        break;
    case IdRole:
        return a.id;
    case TimeRole:
        return a.time;
    case DeviceIdRole:
        return a.uniqueId;
    case TypeIdRole:
        return a.type;
    case RuleRole:
        return a.rule;
    case GeofenceRole:
        return a.geofence;
    case AcknowledgedRole:
        return !a.acknowledgedBy.isEmpty();
    case AcknowledgedByRole:
        return a.acknowledgedBy;
    case AcknowledgedAtRole:
        return a.acknowledgedAt == kNoTime ? QVariant() : QVariant(a.acknowledgedAt);
    case NoteRole:
        return a.note;
    }
    return {};
}

QVariant AlertListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case DeviceColumn:
        return tr("Device");
    case TypeColumn:
        return tr("Alert");
    case TextColumn:
        return tr("What happened");
    case AcknowledgedColumn:
        return tr("Acknowledged");
    }
    return {};
}

QHash<int, QByteArray> AlertListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(IdRole, "alertId");
    names.insert(TimeRole, "time");
    names.insert(DeviceIdRole, "uniqueId");
    names.insert(TypeIdRole, "type");
    names.insert(RuleRole, "rule");
    names.insert(GeofenceRole, "geofence");
    names.insert(AcknowledgedRole, "acknowledged");
    names.insert(AcknowledgedByRole, "acknowledgedBy");
    names.insert(AcknowledgedAtRole, "acknowledgedAt");
    names.insert(NoteRole, "note");
    return names;
}

} // namespace fw
