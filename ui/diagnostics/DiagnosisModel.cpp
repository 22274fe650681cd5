#include "DiagnosisModel.h"

#include "FindingPresentation.h"

#include <QIcon>

#include <algorithm>

namespace fw {

struct DiagnosisModel::Item
{
    Item *parent = nullptr;
    Kind kind = FindingItem;
    QString text;
    QString toolTip;
    QString deviceId;
    // Finding rows only.
    QString key;
    QString findingId;
    Finding::Severity severity = Finding::Info;
    QString protocol;
    std::vector<std::unique_ptr<Item>> children;

    int rowInParent() const
    {
        if (!parent)
            return 0;
        for (size_t i = 0; i < parent->children.size(); ++i) {
            if (parent->children[i].get() == this)
                return static_cast<int>(i);
        }
        return 0;
    }
    Item *add(Kind k, const QString &t)
    {
        auto child = std::make_unique<Item>();
        child->parent = this;
        child->kind = k;
        child->text = t;
        children.push_back(std::move(child));
        return children.back().get();
    }
};

DiagnosisModel::DiagnosisModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Item>())
{ }

DiagnosisModel::~DiagnosisModel() = default;

QString DiagnosisModel::identity(const Finding &f)
{
    QString key = f.id;
    for (const char *field : { "port", "uniqueId", "group", "carrier", "protocol" }) {
        const QJsonValue v = f.evidence.value(QLatin1String(field));
        if (!v.isUndefined())
            key += QLatin1Char('\x1f') + v.toVariant().toString();
    }
    return key;
}

std::unique_ptr<DiagnosisModel::Item> DiagnosisModel::makeFinding(const Finding &f) const
{
    auto item = std::make_unique<Item>();
    item->kind = FindingItem;
    item->text = f.title;
    item->toolTip = FindingPresentation::severityTitle(f.severity) + QStringLiteral(": ") + f.title;
    item->key = identity(f);
    item->findingId = f.id;
    item->severity = f.severity;
    if (f.id == u"unknown-devices" && !f.devices.isEmpty()) {
        item->deviceId = f.devices.first();
        item->protocol = f.evidence.value(QStringLiteral("protocol")).toString();
    }
    if (!f.devices.isEmpty()) {
        QStringList shown = f.devices.mid(0, 20);
        if (f.devices.size() > 20)
            shown << tr("and %n more", "", int(f.devices.size() - 20));
        Item *devices
            = item->add(DevicesItem, tr("Devices: %1").arg(shown.join(QStringLiteral(", "))));
        if (f.devices.size() == 1)
            devices->deviceId = f.devices.first();
    }
    Item *evidence = item->add(EvidenceItem, tr("Evidence"));
    for (const QString &line : FindingPresentation::evidenceLines(f.evidence))
        evidence->add(EvidenceLineItem, line);
    Item *action = item->add(ActionItem, tr("What to do: %1").arg(f.action));
    action->toolTip = f.action;
    return item;
}

void DiagnosisModel::setFindings(const QList<Finding> &findings)
{
    m_findings = findings;
    std::vector<std::unique_ptr<Item>> wanted;
    QHash<QString, int> wantedRow;
    for (const Finding &f : findings) {
        auto item = makeFinding(f);
        if (wantedRow.contains(item->key))
            item->key += QLatin1Char('\x1e') + QString::number(wanted.size()); // keep both
        wantedRow.insert(item->key, static_cast<int>(wanted.size()));
        wanted.push_back(std::move(item));
    }
    auto &rows = m_root->children;
    // 1. Gone findings leave, bottom up, one contiguous run at a time.
    for (int end = static_cast<int>(rows.size()) - 1; end >= 0;) {
        if (wantedRow.contains(rows[size_t(end)]->key)) {
            --end;
            continue;
        }
        int first = end;
        while (first > 0 && !wantedRow.contains(rows[size_t(first - 1)]->key))
            --first;
        beginRemoveRows({}, first, end);
        rows.erase(rows.begin() + first, rows.begin() + end + 1);
        endRemoveRows();
        end = first - 1;
    }
    // 2. Walk the wanted order: keep, move up, or insert; then update what changed.
    for (int i = 0; i < static_cast<int>(wanted.size()); ++i) {
        Item &want = *wanted[size_t(i)];
        int at = -1;
        for (int j = i; j < static_cast<int>(rows.size()); ++j) {
            if (rows[size_t(j)]->key == want.key) {
                at = j;
                break;
            }
        }
        if (at < 0) {
            beginInsertRows({}, i, i);
            wanted[size_t(i)]->parent = m_root.get();
            rows.insert(rows.begin() + i, std::move(wanted[size_t(i)]));
            endInsertRows();
            continue;
        }
        if (at != i) {
            beginMoveRows({}, at, at, {}, i);
            auto moving = std::move(rows[size_t(at)]);
            rows.erase(rows.begin() + at);
            rows.insert(rows.begin() + i, std::move(moving));
            endMoveRows();
        }
        syncFields(rows[size_t(i)].get(), want);
        syncChildren(rows[size_t(i)].get(), want);
    }
}

void DiagnosisModel::syncFields(Item *item, const Item &wanted)
{
    QList<int> roles;
    if (item->text != wanted.text)
        roles << Qt::DisplayRole << Qt::AccessibleTextRole;
    if (item->toolTip != wanted.toolTip)
        roles << Qt::ToolTipRole;
    if (item->severity != wanted.severity)
        roles << Qt::DecorationRole << SeverityRole << Qt::AccessibleTextRole;
    if (item->deviceId != wanted.deviceId)
        roles << DeviceIdRole;
    if (item->protocol != wanted.protocol)
        roles << ProtocolRole;
    if (roles.isEmpty())
        return;
    item->text = wanted.text;
    item->toolTip = wanted.toolTip;
    item->severity = wanted.severity;
    item->deviceId = wanted.deviceId;
    item->protocol = wanted.protocol;
    const QModelIndex index = indexOf(item);
    emit dataChanged(index, index, roles);
}

void DiagnosisModel::syncChildren(Item *item, const Item &wanted)
{
    const QModelIndex parentIndex = indexOf(item);
    auto &have = item->children;
    const auto &want = wanted.children;
    size_t i = 0;
    while (i < want.size()) {
        if (i < have.size() && have[i]->kind == want[i]->kind) {
            syncFields(have[i].get(), *want[i]);
            syncChildren(have[i].get(), *want[i]);
            ++i;
            continue;
        }
        // A child the finding no longer has (its kind comes later among ours): remove it; one it
        // did not have (a devices line appeared): insert a copy.
        const auto later = have.begin() + static_cast<std::ptrdiff_t>(std::min(i, have.size()));
        const bool extra = std::any_of(
            later, have.end(), [&](const auto &h) { return h->kind == want[i]->kind; });
        if (i < have.size() && extra) {
            beginRemoveRows(parentIndex, int(i), int(i));
            have.erase(have.begin() + static_cast<std::ptrdiff_t>(i));
            endRemoveRows();
            continue;
        }
        auto copy = std::make_unique<Item>();
        copy->parent = item;
        copy->kind = want[i]->kind;
        copy->text = want[i]->text;
        copy->toolTip = want[i]->toolTip;
        copy->deviceId = want[i]->deviceId;
        beginInsertRows(parentIndex, int(i), int(i));
        have.insert(have.begin() + static_cast<std::ptrdiff_t>(i), std::move(copy));
        endInsertRows();
        syncChildren(have[i].get(), *want[i]);
        ++i;
    }
    if (have.size() > want.size()) {
        beginRemoveRows(parentIndex, int(want.size()), int(have.size() - 1));
        have.erase(have.begin() + static_cast<std::ptrdiff_t>(want.size()), have.end());
        endRemoveRows();
    }
}

DiagnosisModel::Item *DiagnosisModel::itemOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Item *>(index.internalPointer()) : m_root.get();
}

QModelIndex DiagnosisModel::indexOf(const Item *item, int column) const
{
    if (!item || item == m_root.get())
        return {};
    return createIndex(item->rowInParent(), column, const_cast<Item *>(item));
}

QModelIndex DiagnosisModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    const Item *p = itemOf(parent);
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex DiagnosisModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOf(itemOf(child)->parent);
}

int DiagnosisModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return static_cast<int>(itemOf(parent)->children.size());
}

int DiagnosisModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant DiagnosisModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Item *item = itemOf(index);
    if (index.column() == ActionColumn) {
        // The action column holds the finding's button (the panel puts it there).
        if (role == DeviceIdRole || role == ProtocolRole || role == FindingIdRole
            || role == KindRole)
            return data(index.siblingAtColumn(TitleColumn), role);
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        return item->text;
    case Qt::ToolTipRole:
        return item->toolTip.isEmpty() ? QVariant() : QVariant(item->toolTip);
    case Qt::AccessibleTextRole:
        return item->kind == FindingItem
            ? tr("%1: %2").arg(FindingPresentation::severityTitle(item->severity), item->text)
            : item->text;
    case Qt::DecorationRole:
        return item->kind == FindingItem
            ? QVariant(FindingPresentation::severityIcon(item->severity))
            : QVariant();
    case KindRole:
        return int(item->kind);
    case FindingIdRole:
        return item->kind == FindingItem ? QVariant(item->findingId) : QVariant();
    case SeverityRole:
        return item->kind == FindingItem ? QVariant(int(item->severity)) : QVariant();
    case DeviceIdRole:
        return item->deviceId.isEmpty() ? QVariant() : QVariant(item->deviceId);
    case ProtocolRole:
        return item->protocol.isEmpty() ? QVariant() : QVariant(item->protocol);
    default:
        return {};
    }
}

QVariant DiagnosisModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == TitleColumn ? tr("Finding") : tr("Action");
}

QHash<int, QByteArray> DiagnosisModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(KindRole, "kind");
    names.insert(FindingIdRole, "findingId");
    names.insert(SeverityRole, "severity");
    names.insert(DeviceIdRole, "deviceId");
    names.insert(ProtocolRole, "protocol");
    return names;
}

} // namespace fw
