#include "DeviceListModel.h"

#include "util/Clock.h"

#include <QLocale>
#include <algorithm>
#include <bit>
#include <limits>
#include <optional>

namespace fw {

namespace {

// What changed in a row, as bit sets over columns and over the role families below.
enum RoleFlag : quint32 {
    DisplayFlag = 1, // Qt::DisplayRole + SortRole of the changed columns
    StatusFlag = 2, // StatusRole, StatusGroupRole, AccessibleTextRole
    ReasonFlag = 4, // ReasonTextRole
    TooltipFlag = 8, // Qt::ToolTipRole
    LastUpdateFlag = 16, // LastUpdateRole
    SnapshotFlag = 32, // SnapshotRole
};

constexpr quint32 bit(int column)
{
    return 1u << column;
}

int statusRank(ConnectionStatus s)
{
    // Most useful first when sorting ascending: working devices, then problems, then the rest.
    switch (s) {
    case ConnectionStatus::Online:
        return 0;
    case ConnectionStatus::GpsOutdated:
        return 1;
    case ConnectionStatus::Offline:
        return 2;
    case ConnectionStatus::AwaitingFirstData:
        return 3;
    case ConnectionStatus::NeedsManualActivation:
        return 4;
    case ConnectionStatus::JustRegistered:
        return 5;
    case ConnectionStatus::Blocked:
        return 6;
    }
    return 7;
}

const QString &effectiveProtocol(const DeviceSnapshot &s)
{
    return s.device.protocol.isEmpty() ? s.activity.protocol : s.device.protocol;
}

qint64 motionKey(const DeviceSnapshot &s)
{
    if (s.moving)
        return std::numeric_limits<qint64>::max();
    return s.stoppedSince; // longest stopped first when ascending; unknown (kNoTime) before all
}

// Snapshots of one device usually share their strings: compare pointers before characters.
bool sameText(const QString &a, const QString &b)
{
    return (a.constData() == b.constData() && a.size() == b.size()) || a == b;
}

struct RowChange
{
    quint32 columns = 0;
    quint32 roles = 0;
};

RowChange diff(const DeviceSnapshot &a, const DeviceSnapshot &b)
{
    using M = DeviceListModel;
    RowChange c;
    const auto mark = [&c](int column, quint32 roles) {
        c.columns |= bit(column);
        c.roles |= roles;
    };
    if (a.status != b.status) {
        mark(M::StatusColumn, DisplayFlag | StatusFlag | TooltipFlag);
        mark(M::StatusTextColumn, DisplayFlag | StatusFlag | TooltipFlag);
    }
    if (!(a.reason == b.reason)) {
        mark(M::StatusColumn, ReasonFlag | TooltipFlag);
        mark(M::StatusTextColumn, ReasonFlag | TooltipFlag);
    }
    if (!sameText(a.device.name, b.device.name))
        mark(M::NameColumn, DisplayFlag);
    if (a.activity.lastPacketAt != b.activity.lastPacketAt)
        mark(M::LastUpdateColumn, DisplayFlag | TooltipFlag | LastUpdateFlag);
    if (a.moving != b.moving || a.stoppedSince != b.stoppedSince
        || a.activity.hasLocation != b.activity.hasLocation)
        mark(M::MotionColumn, DisplayFlag);
    if (a.activity.speedKph != b.activity.speedKph
        || a.activity.hasLocation != b.activity.hasLocation)
        mark(M::SpeedColumn, DisplayFlag);
    if (!sameText(effectiveProtocol(a), effectiveProtocol(b)))
        mark(M::ProtocolColumn, DisplayFlag);
    if (!sameText(a.device.model, b.device.model))
        mark(M::ModelColumn, DisplayFlag);
    if (!sameText(a.device.group, b.device.group))
        mark(M::GroupColumn, DisplayFlag);
    if (!sameText(a.device.carrier, b.device.carrier))
        mark(M::CarrierColumn, DisplayFlag);
    if (!sameText(a.device.phone, b.device.phone))
        mark(M::PhoneColumn, DisplayFlag);
    const bool same = c.columns == 0 && a.device == b.device && a.activity == b.activity
        && a.statusSince == b.statusSince;
    if (!same) {
        c.roles |= SnapshotFlag;
        if (c.columns == 0) // nothing visible changed: announce the row-level role on column 0
            c.columns = bit(M::StatusColumn);
    }
    return c;
}

// What a change of `fields` shows, without comparing anything (the fleet compared once).
RowChange changeOf(DeviceFields fields)
{
    using M = DeviceListModel;
    RowChange c;
    const auto mark = [&c](int column, quint32 roles) {
        c.columns |= bit(column);
        c.roles |= roles;
    };
    if (fields & DeviceField::Status) {
        mark(M::StatusColumn, DisplayFlag | StatusFlag | TooltipFlag);
        mark(M::StatusTextColumn, DisplayFlag | StatusFlag | TooltipFlag);
    }
    if (fields & DeviceField::Reason) {
        mark(M::StatusColumn, ReasonFlag | TooltipFlag);
        mark(M::StatusTextColumn, ReasonFlag | TooltipFlag);
    }
    if (fields & DeviceField::Identity) {
        for (int column : { M::NameColumn, M::ProtocolColumn, M::ModelColumn, M::GroupColumn,
                 M::CarrierColumn, M::PhoneColumn })
            mark(column, DisplayFlag);
    }
    if (fields & DeviceField::LastPacket)
        mark(M::LastUpdateColumn, DisplayFlag | TooltipFlag | LastUpdateFlag);
    if (fields & DeviceField::Motion)
        mark(M::MotionColumn, DisplayFlag);
    if (fields & DeviceField::Speed)
        mark(M::SpeedColumn, DisplayFlag);
    if (fields) {
        c.roles |= SnapshotFlag;
        if (c.columns == 0) // nothing visible changed: announce the row-level role on column 0
            c.columns = bit(M::StatusColumn);
    }
    return c;
}

QList<int> rolesFor(quint32 flags)
{
    QList<int> roles;
    if (flags & DisplayFlag)
        roles << Qt::DisplayRole << DeviceListModel::SortRole;
    if (flags & StatusFlag)
        roles << Qt::AccessibleTextRole << DeviceListModel::StatusRole
              << DeviceListModel::StatusGroupRole;
    if (flags & TooltipFlag)
        roles << Qt::ToolTipRole;
    if (flags & ReasonFlag)
        roles << DeviceListModel::ReasonTextRole;
    if (flags & LastUpdateFlag)
        roles << DeviceListModel::LastUpdateRole;
    if (flags & SnapshotFlag)
        roles << DeviceListModel::SnapshotRole;
    std::sort(roles.begin(), roles.end());
    return roles;
}

template <typename T> int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

int compareText(const QString &a, const QString &b)
{
    const int r = QString::compare(a, b, Qt::CaseInsensitive);
    return r != 0 ? r : QString::compare(a, b, Qt::CaseSensitive);
}

} // namespace

DeviceListModel::DeviceListModel(Clock *clock, QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock(clock)
{
    m_refreshTimer.setInterval(30 * 1000);
    m_refreshTimer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_refreshTimer, &QTimer::timeout, this, &DeviceListModel::refreshRelativeTimes);
    m_refreshTimer.start();
}

DeviceListModel::~DeviceListModel() = default;

void DeviceListModel::setRefreshInterval(int ms)
{
    m_refreshTimer.setInterval(ms);
}

int DeviceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DeviceListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int DeviceListModel::rowOf(const QString &uniqueId) const
{
    return m_rowById.value(uniqueId, -1);
}

QString DeviceListModel::relativeTimeText(TimeMs then, TimeMs now)
{
    if (then == kNoTime)
        return tr("never");
    const TimeMs ago = now - then;
    if (ago < kMinute)
        return tr("just now");
    if (ago < kHour)
        return tr("%n min ago", nullptr, int(ago / kMinute));
    if (ago < kDay)
        return tr("%n h ago", nullptr, int(ago / kHour));
    return tr("%n d ago", nullptr, int(ago / kDay));
}

QString DeviceListModel::durationText(TimeMs duration)
{
    if (duration < kMinute)
        return tr("under a minute");
    if (duration < kHour)
        return tr("%n min", nullptr, int(duration / kMinute));
    if (duration < kDay)
        return tr("%n h", nullptr, int(duration / kHour));
    return tr("%n d", nullptr, int(duration / kDay));
}

QString DeviceListModel::tooltipText(const DeviceSnapshot &s)
{
    QString text = statusTitle(s.status);
    const QString reason = s.reason.text();
    if (!reason.isEmpty())
        text += QLatin1Char('\n') + reason;
    const QStringList causes = s.reason.likelyCauses();
    if (!causes.isEmpty()) {
        text += QLatin1String("\n\n") + tr("Likely causes:");
        for (const QString &cause : causes)
            text += QLatin1String("\n\u2022 ") + cause;
    }
    return text;
}

QString DeviceListModel::displayText(const DeviceSnapshot &s, int column) const
{
    switch (column) {
    case StatusColumn:
    case StatusTextColumn:
        return statusTitle(s.status);
    case NameColumn:
        return s.device.name;
    case UniqueIdColumn:
        return s.device.uniqueId;
    case LastUpdateColumn:
        return relativeTimeText(s.activity.lastPacketAt, m_clock->now());
    case MotionColumn:
        if (s.moving)
            return tr("moving");
        if (s.stoppedSince != kNoTime)
            return tr("stopped for %1").arg(durationText(m_clock->now() - s.stoppedSince));
        return s.activity.hasLocation ? tr("stopped") : QString();
    case SpeedColumn:
        if (!s.activity.hasLocation)
            return {};
        return tr("%1 km/h").arg(QLocale().toString(s.activity.speedKph, 'f', 0));
    case ProtocolColumn:
    case ModelColumn:
    case GroupColumn:
    case CarrierColumn:
    case PhoneColumn:
        return sortText(s, column); // the device's own text, shown as it sorts
    default:
        return {};
    }
}

QVariant DeviceListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DeviceSnapshot &s = *m_rows[std::size_t(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return column == StatusColumn ? QVariant() : QVariant(displayText(s, column));
    case Qt::AccessibleTextRole:
        return displayText(s, column);
    case Qt::ToolTipRole:
        if (column == StatusColumn || column == StatusTextColumn)
            return tooltipText(s);
        if (column == NameColumn) // the default columns leave the id and status text out
            return QString(s.device.name + QLatin1String(" (") + s.device.uniqueId
                + QLatin1String(")\n") + tooltipText(s));
        if (column == LastUpdateColumn && s.activity.lastPacketAt != kNoTime)
            return QLocale().toString(
                toDateTime(s.activity.lastPacketAt).toLocalTime(), QLocale::LongFormat);
        return {};
    case Qt::TextAlignmentRole:
        if (column == SpeedColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case StatusRole:
        return int(s.status);
    case StatusGroupRole:
        return int(statusGroup(s.status));
    case UniqueIdRole:
        return s.device.uniqueId;
    case SnapshotRole:
        return QVariant::fromValue(s);
    case ReasonTextRole:
        return s.reason.text();
    case LastUpdateRole:
        return s.activity.lastPacketAt == kNoTime ? QVariant()
                                                  : QVariant(qint64(s.activity.lastPacketAt));
    case SortRole:
        switch (column) {
        case StatusColumn:
        case StatusTextColumn:
            return statusRank(s.status);
        case LastUpdateColumn:
            return qint64(s.activity.lastPacketAt);
        case MotionColumn:
            return qint64(motionKey(s));
        case SpeedColumn:
            return s.activity.hasLocation ? s.activity.speedKph : -1.0;
        default:
            return displayText(s, column);
        }
    default:
        return {};
    }
}

int DeviceListModel::compare(const DeviceSnapshot &a, const DeviceSnapshot &b, int column)
{
    switch (column) {
    case StatusColumn:
    case StatusTextColumn:
        return threeWay(statusRank(a.status), statusRank(b.status));
    case NameColumn:
        return compareText(a.device.name, b.device.name);
    case UniqueIdColumn:
        return compareText(a.device.uniqueId, b.device.uniqueId);
    case LastUpdateColumn:
        return threeWay(a.activity.lastPacketAt, b.activity.lastPacketAt);
    case MotionColumn:
        return threeWay(motionKey(a), motionKey(b));
    case SpeedColumn:
        return threeWay(a.activity.hasLocation ? a.activity.speedKph : -1.0,
            b.activity.hasLocation ? b.activity.speedKph : -1.0);
    case ProtocolColumn:
        return compareText(effectiveProtocol(a), effectiveProtocol(b));
    case ModelColumn:
        return compareText(a.device.model, b.device.model);
    case GroupColumn:
        return compareText(a.device.group, b.device.group);
    case CarrierColumn:
        return compareText(a.device.carrier, b.device.carrier);
    case PhoneColumn:
        return compareText(a.device.phone, b.device.phone);
    default:
        return 0;
    }
}

bool DeviceListModel::hasNumericSortKey(int column)
{
    return column == StatusColumn || column == StatusTextColumn || column == LastUpdateColumn
        || column == MotionColumn || column == SpeedColumn;
}

qint64 DeviceListModel::numericSortKey(const DeviceSnapshot &s, int column)
{
    switch (column) {
    case StatusColumn:
    case StatusTextColumn:
        return statusRank(s.status);
    case LastUpdateColumn:
        return s.activity.lastPacketAt;
    case MotionColumn:
        return motionKey(s);
    case SpeedColumn: { // the double's bits, made to order as the doubles do
        const double v = (s.activity.hasLocation ? s.activity.speedKph : -1.0) + 0.0; // no -0
        const auto bits = std::bit_cast<qint64>(v);
        return bits >= 0 ? bits : bits ^ std::numeric_limits<qint64>::max();
    }
    default:
        return 0;
    }
}

bool DeviceListModel::hasTextSortKey(int column)
{
    return column == NameColumn || column == UniqueIdColumn || column == ProtocolColumn
        || column == ModelColumn || column == GroupColumn || column == CarrierColumn
        || column == PhoneColumn;
}

const QString &DeviceListModel::sortText(const DeviceSnapshot &s, int column)
{
    switch (column) {
    case UniqueIdColumn:
        return s.device.uniqueId;
    case ProtocolColumn:
        return effectiveProtocol(s);
    case ModelColumn:
        return s.device.model;
    case GroupColumn:
        return s.device.group;
    case CarrierColumn:
        return s.device.carrier;
    case PhoneColumn:
        return s.device.phone;
    default:
        return s.device.name;
    }
}

QVariant DeviceListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const kTitles[ColumnCount] = {
        QT_TR_NOOP("Status"),
        QT_TR_NOOP("Name"),
        QT_TR_NOOP("Unique id"),
        QT_TR_NOOP("Status text"),
        QT_TR_NOOP("Last update"),
        QT_TR_NOOP("Motion"),
        QT_TR_NOOP("Speed"),
        QT_TR_NOOP("Protocol"),
        QT_TR_NOOP("Model"),
        QT_TR_NOOP("Group"),
        QT_TR_NOOP("Carrier"),
        QT_TR_NOOP("Phone"),
    };
    switch (role) {
    case Qt::DisplayRole:
        // The indicator column stays narrow: no title, the tooltip names it.
        return section == StatusColumn ? QString() : tr(kTitles[section]);
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
        return tr(kTitles[section]);
    default:
        return {};
    }
}

QHash<int, QByteArray> DeviceListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(StatusRole, "status");
    names.insert(StatusGroupRole, "statusGroup");
    names.insert(UniqueIdRole, "uniqueId");
    names.insert(SnapshotRole, "snapshot");
    names.insert(ReasonTextRole, "reasonText");
    names.insert(LastUpdateRole, "lastUpdate");
    names.insert(SortRole, "sortKey");
    return names;
}

void DeviceListModel::applyDelta(const FleetDelta &delta)
{
    if (delta.reset) {
        resetTo(delta.changed);
        return;
    }
    if (!delta.removed.isEmpty())
        removeIds(delta.removed);

    struct Pending
    {
        int row;
        int order; // position in the delta: a later snapshot of the same device wins
        const DeviceSnapshot *snapshot;
        std::optional<DeviceFields> fields; // what changed, when the delta says
    };
    std::vector<Pending> updates;
    updates.reserve(std::size_t(delta.changed.size()));
    std::vector<const DeviceSnapshot *> added;
    QHash<QString, std::size_t> addedIndex;
    for (int i = 0; i < delta.changed.size(); ++i) {
        const DeviceSnapshot &s = delta.changed.at(i);
        const auto it = m_rowById.constFind(s.device.uniqueId);
        if (it != m_rowById.constEnd()) {
            std::optional<DeviceFields> fields;
            if (delta.fields.size() == delta.changed.size())
                fields = delta.fields.at(i);
            updates.push_back({ it.value(), i, &s, fields });
        } else if (const auto a = addedIndex.constFind(s.device.uniqueId);
                   a != addedIndex.constEnd()) {
            added[a.value()] = &s;
        } else {
            addedIndex.insert(s.device.uniqueId, added.size());
            added.push_back(&s);
        }
    }

    if (!updates.empty()) {
        std::sort(updates.begin(), updates.end(), [](const Pending &a, const Pending &b) {
            return a.row != b.row ? a.row < b.row : a.order < b.order;
        });
        emit updatesAboutToBeApplied(int(updates.size()));
        int runStart = -1;
        int runEnd = -1;
        RowChange run;
        const auto flush = [&] {
            if (runStart < 0 || run.columns == 0)
                return;
            const int left = std::countr_zero(run.columns);
            const int right = 31 - std::countl_zero(run.columns);
            // The role lists are few: built once per combination (thousands of runs a batch).
            QList<int> &roles = m_rolesByFlags[run.roles & (kRoleCombinations - 1)];
            if (roles.isEmpty())
                roles = rolesFor(run.roles);
            emit dataChanged(index(runStart, left), index(runEnd, right), roles);
        };
        for (const Pending &u : updates) {
            DeviceSnapshot &current = *m_rows[std::size_t(u.row)];
            // The fleet says what changed; a delta built without that is compared here.
            const RowChange c = u.fields ? changeOf(*u.fields) : diff(current, *u.snapshot);
            current = *u.snapshot;
            if (c.columns == 0 && c.roles == 0)
                continue; // identical snapshot: nothing to announce
            m_batchChanges.push_back({ u.row, c.columns });
            if (runStart >= 0 && u.row <= runEnd + 1) {
                runEnd = u.row;
                run.columns |= c.columns;
                run.roles |= c.roles;
            } else {
                flush();
                runStart = runEnd = u.row;
                run = c;
            }
        }
        flush();
        emit updatesApplied();
        m_batchChanges.clear();
    }

    if (!added.empty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_rows.reserve(m_rows.size() + added.size());
        for (const DeviceSnapshot *s : added) {
            m_rowById.insert(s->device.uniqueId, int(m_rows.size()));
            m_rows.push_back(std::make_unique<DeviceSnapshot>(*s));
        }
        endInsertRows();
    }
}

void DeviceListModel::resetTo(const QList<DeviceSnapshot> &snapshots)
{
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    m_rows.reserve(std::size_t(snapshots.size()));
    m_rowById.reserve(snapshots.size());
    for (const DeviceSnapshot &s : snapshots) {
        const auto it = m_rowById.constFind(s.device.uniqueId);
        if (it != m_rowById.constEnd()) {
            *m_rows[std::size_t(it.value())] = s;
            continue;
        }
        m_rowById.insert(s.device.uniqueId, int(m_rows.size()));
        m_rows.push_back(std::make_unique<DeviceSnapshot>(s));
    }
    endResetModel();
}

void DeviceListModel::removeIds(const QStringList &ids)
{
    std::vector<int> rows;
    rows.reserve(std::size_t(ids.size()));
    for (const QString &id : ids) {
        const auto it = m_rowById.constFind(id);
        if (it != m_rowById.constEnd())
            rows.push_back(it.value());
    }
    if (rows.empty())
        return;
    std::sort(rows.begin(), rows.end(), std::greater<>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    // Highest run first, so the rows of the runs still to come keep their numbers.
    std::size_t i = 0;
    while (i < rows.size()) {
        const int last = rows[i];
        int first = last;
        while (i + 1 < rows.size() && rows[i + 1] == first - 1)
            first = rows[++i];
        ++i;
        beginRemoveRows({}, first, last);
        for (int r = first; r <= last; ++r)
            m_rowById.remove(m_rows[std::size_t(r)]->device.uniqueId);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
        endRemoveRows();
    }
    reindexFrom(rows.back());
}

void DeviceListModel::reindexFrom(int row)
{
    for (std::size_t r = std::size_t(row); r < m_rows.size(); ++r)
        m_rowById[m_rows[r]->device.uniqueId] = int(r);
}

void DeviceListModel::refreshRelativeTimes()
{
    if (m_rows.empty())
        return;
    static_assert(LastUpdateColumn + 1 == MotionColumn);
    emit dataChanged(index(0, LastUpdateColumn), index(int(m_rows.size()) - 1, MotionColumn),
        { Qt::DisplayRole });
}

} // namespace fw
