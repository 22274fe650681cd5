#include "DeviceListView.h"

#include "DeviceFilterProxyModel.h"
#include "DeviceListModel.h"
#include "StatusIndicatorDelegate.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace fw {

namespace {
const QString kHeaderKey = QStringLiteral("deviceList/header");
const QString kGroupByKey = QStringLiteral("deviceList/groupBy");
const QString kAutoColumnsKey = QStringLiteral("deviceList/autoColumns");
} // namespace

DeviceListView::DeviceListView(DeviceListModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new DeviceFilterProxyModel(this))
    , m_search(new QLineEdit(this))
    , m_groupBy(new QComboBox(this))
    , m_table(new QTableView(this))
    , m_saveTimer(new QTimer(this))
{
    setAccessibleName(tr("Device list"));
    m_proxy->setSourceModel(model);

    m_search->setPlaceholderText(tr("Search name, id, phone, group or model"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search devices"));
    connect(m_search, &QLineEdit::textChanged, m_proxy, &DeviceFilterProxyModel::setSearchText);
    auto *findAction = new QAction(tr("Find device"), this);
    findAction->setShortcuts(QKeySequence::Find);
    findAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(findAction, &QAction::triggered, m_search, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    addAction(findAction);

    auto *groupLabel = new QLabel(tr("&Group by:"), this);
    groupLabel->setBuddy(m_groupBy);
    m_groupBy->setAccessibleName(tr("Group devices by"));
    m_groupBy->addItem(tr("None"), int(DeviceFilterProxyModel::GroupBy::None));
    m_groupBy->addItem(tr("Group"), int(DeviceFilterProxyModel::GroupBy::Group));
    m_groupBy->addItem(tr("Model"), int(DeviceFilterProxyModel::GroupBy::Model));
    m_groupBy->addItem(tr("Carrier"), int(DeviceFilterProxyModel::GroupBy::Carrier));
    connect(m_groupBy, &QComboBox::currentIndexChanged, this, [this] {
        const int by = m_groupBy->currentData().toInt();
        m_proxy->setGroupBy(DeviceFilterProxyModel::GroupBy(by));
        QSettings().setValue(kGroupByKey, by);
    });

    auto *exportButton = new QToolButton(this);
    exportButton->setText(tr("Export CSV\u2026"));
    exportButton->setToolTip(tr("Export the devices shown to a CSV file"));
    exportButton->setAccessibleName(tr("Export to CSV"));
    connect(exportButton, &QToolButton::clicked, this, &DeviceListView::exportWithDialog);

    m_table->setObjectName(QStringLiteral("deviceTable"));
    m_table->setAccessibleName(tr("Devices"));
    m_table->setModel(m_proxy);
    m_table->setItemDelegateForColumn(
        DeviceListModel::StatusColumn, new StatusIndicatorDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->verticalHeader()->hide();
    // Fixed row heights: the view never measures 100,000 rows.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionsMovable(true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    header->setStretchLastSection(true);
    header->setMinimumSectionSize(m_table->fontMetrics().height() + 4);
    applyDefaultColumns();
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(DeviceListModel::NameColumn, Qt::AscendingOrder);
    connect(m_table, &QWidget::customContextMenuRequested, this, &DeviceListView::showContextMenu);
    connect(header, &QWidget::customContextMenuRequested, this, &DeviceListView::showColumnMenu);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &DeviceListView::onCurrentRowChanged);
    // The proxy may drop or reorder the current row without a currentRowChanged.
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &DeviceListView::onCurrentRowChanged);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &DeviceListView::onCurrentRowChanged);

    auto *copyAction = new QAction(tr("Copy id"), m_table);
    copyAction->setShortcuts(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    connect(copyAction, &QAction::triggered, this, [this] {
        if (!m_currentId.isEmpty())
            QGuiApplication::clipboard()->setText(m_currentId);
    });
    m_table->addAction(copyAction);

    m_saveTimer->setSingleShot(true);
    m_saveTimer->setInterval(500);
    connect(m_saveTimer, &QTimer::timeout, this, &DeviceListView::saveHeaderState);
    const auto scheduleSave = [this] {
        if (m_adjustingColumns)
            return;
        m_autoColumns = false; // the operator's arrangement from now on
        m_saveTimer->start();
    };
    connect(header, &QHeaderView::sectionMoved, this, scheduleSave);
    connect(header, &QHeaderView::sectionResized, this, [this, scheduleSave] {
        // The stretching last column resizes itself with the view: only a drag is the operator.
        if (QGuiApplication::mouseButtons() != Qt::NoButton)
            scheduleSave();
    });
    connect(header, &QHeaderView::sortIndicatorChanged, this, [this] { m_saveTimer->start(); });
    m_table->viewport()->installEventFilter(this);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_search, 1);
    bar->addWidget(groupLabel);
    bar->addWidget(m_groupBy);
    bar->addWidget(exportButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);

    restoreHeaderState();
    const int groupIndex = m_groupBy->findData(QSettings().value(kGroupByKey, 0).toInt());
    m_groupBy->setCurrentIndex(groupIndex < 0 ? 0 : groupIndex);
}

DeviceListView::~DeviceListView()
{
    saveHeaderState();
}

QString DeviceListView::currentDeviceId() const
{
    return m_currentId;
}

void DeviceListView::saveHeaderState() const
{
    m_saveTimer->stop();
    QSettings settings;
    settings.setValue(kHeaderKey, m_table->horizontalHeader()->saveState());
    settings.setValue(kAutoColumnsKey, m_autoColumns);
}

namespace {
constexpr int kDefaultColumns[] = { DeviceListModel::StatusColumn, DeviceListModel::NameColumn,
    DeviceListModel::LastUpdateColumn, DeviceListModel::SpeedColumn };

// Text as wide as what a column typically shows, to size it before any device is listed.
QString typicalText(int column)
{
    switch (column) {
    case DeviceListModel::NameColumn:
        return QStringLiteral("Refrigerated van 12 (north)");
    case DeviceListModel::LastUpdateColumn: // as the model writes them
        return DeviceListModel::relativeTimeText(0, 59 * kMinute);
    case DeviceListModel::SpeedColumn:
        return DeviceListModel::tr("%1 km/h").arg(QLocale().toString(188));
    default:
        return QStringLiteral("0000000000");
    }
}
} // namespace

void DeviceListView::applyDefaultColumns()
{
    const QScopedValueRollback<bool> adjusting(m_adjustingColumns, true);
    m_autoColumns = true;
    QHeaderView *header = m_table->horizontalHeader();
    for (int column = 0; column < DeviceListModel::ColumnCount; ++column)
        header->setSectionHidden(column, true);
    const QFontMetrics fm = m_table->fontMetrics();
    int visual = 0;
    for (const int column : kDefaultColumns) {
        header->setSectionHidden(column, false);
        header->moveSection(header->visualIndex(column), visual++);
        // The title with room for the sort arrow, or the typical contents, whichever is wider.
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        const int titleWidth = std::max(header->sectionSizeHint(column),
            header->fontMetrics().horizontalAdvance(title) + 3 * header->fontMetrics().height());
        const int needed = column == DeviceListModel::StatusColumn
            ? fm.height() * 2
            : std::max(
                titleWidth, fm.horizontalAdvance(typicalText(column)) + 2 * fm.averageCharWidth());
        header->resizeSection(column, needed);
        m_neededWidth[column] = needed;
    }
    fitNameColumn();
}

void DeviceListView::fitNameColumn()
{
    if (!m_autoColumns || m_neededWidth.isEmpty())
        return;
    const QScopedValueRollback<bool> adjusting(m_adjustingColumns, true);
    QHeaderView *header = m_table->horizontalHeader();
    int others = 0;
    for (int column = 0; column < DeviceListModel::ColumnCount; ++column) {
        if (column != DeviceListModel::NameColumn && !header->isSectionHidden(column))
            others += m_neededWidth.value(column, header->sectionSize(column));
    }
    const int name = std::max(
        m_neededWidth.value(DeviceListModel::NameColumn), m_table->viewport()->width() - others);
    header->resizeSection(DeviceListModel::NameColumn, name);
}

bool DeviceListView::eventFilter(QObject *watched, QEvent *event)
{
    // Until the operator arranges the columns, the name takes the room the others leave.
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        fitNameColumn();
    return QWidget::eventFilter(watched, event);
}

int DeviceListView::defaultColumnsWidth() const
{
    const QHeaderView *header = m_table->horizontalHeader();
    int width = 0;
    for (const int column : kDefaultColumns)
        width += m_neededWidth.value(column, header->sectionSize(column));
    return width + m_table->verticalScrollBar()->sizeHint().width() + 2 * m_table->frameWidth();
}

void DeviceListView::restoreHeaderState()
{
    const QByteArray state = QSettings().value(kHeaderKey).toByteArray();
    QHeaderView *header = m_table->horizontalHeader();
    if (state.isEmpty() || !header->restoreState(state))
        return;
    m_autoColumns = QSettings().value(kAutoColumnsKey, false).toBool();
    m_table->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
}

void DeviceListView::onCurrentRowChanged()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const QString id = current.isValid() ? m_proxy->uniqueIdAt(current) : QString();
    if (id == m_currentId)
        return;
    m_currentId = id;
    emit currentDeviceChanged(id);
}

void DeviceListView::selectDevice(const QString &uniqueId)
{
    if (uniqueId.isEmpty()) {
        m_table->selectionModel()->clear();
        onCurrentRowChanged();
        return;
    }
    QModelIndex index = m_proxy->indexOfDevice(uniqueId, DeviceListModel::NameColumn);
    if (!index.isValid() && m_model->rowOf(uniqueId) >= 0) {
        // Filtered out: show everything rather than silently not selecting it.
        m_search->clear();
        m_proxy->clearStatusGroups();
        emit statusFilterCleared();
        index = m_proxy->indexOfDevice(uniqueId, DeviceListModel::NameColumn);
    }
    if (!index.isValid())
        return;
    m_table->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    onCurrentRowChanged();
}

void DeviceListView::setStatusGroupFilter(StatusGroup group)
{
    m_proxy->setStatusGroup(group);
}

void DeviceListView::setStatusFilter(ConnectionStatus status)
{
    m_proxy->setOnlyStatus(status);
}

void DeviceListView::showAllStatuses()
{
    m_proxy->clearStatusGroups();
}

QMenu *DeviceListView::createContextMenu(const QString &uniqueId, QWidget *parent)
{
    auto *menu = new QMenu(parent);
    const auto add = [menu, uniqueId](const QString &text, const char *name, auto handler) {
        QAction *action = menu->addAction(text);
        action->setObjectName(QString::fromLatin1(name));
        QObject::connect(
            action, &QAction::triggered, menu, [uniqueId, handler] { handler(uniqueId); });
        return action;
    };
    add(tr("Show on &map"), "showOnMap", [this](const QString &id) { emit showOnMap(id); });
    add(tr("&Follow"), "follow", [this](const QString &id) { emit follow(id); });
    menu->addSeparator();
    add(tr("&Edit\u2026"), "edit", [this](const QString &id) { emit edit(id); });
    const int row = m_model->rowOf(uniqueId);
    const bool blocked = row >= 0 && m_model->snapshotAt(row).device.blocked;
    if (blocked)
        add(tr("&Unblock"), "unblock", [this](const QString &id) { emit unblock(id); });
    else
        add(tr("&Block\u2026"), "block", [this](const QString &id) { emit block(id); });
    add(tr("&Troubleshoot\u2026"), "troubleshoot",
        [this](const QString &id) { emit troubleshoot(id); });
    add(tr("Send &command\u2026"), "sendCommand",
        [this](const QString &id) { emit sendCommand(id); });
    const auto refuse = [menu](const char *name, const QString &reason) {
        if (QAction *a = menu->findChild<QAction *>(QString::fromLatin1(name)); a && !reason.isEmpty()) {
            a->setEnabled(false);
            a->setToolTip(reason);
        }
    };
    for (const char *name : { "edit", "block", "unblock" })
        refuse(name, m_editRefused);
    refuse("sendCommand", m_commandRefused);
    menu->setToolTipsVisible(true);
    menu->addSeparator();
    QAction *copy = add(tr("&Copy id"), "copyId",
        [](const QString &id) { QGuiApplication::clipboard()->setText(id); });
    copy->setShortcuts(QKeySequence::Copy);
    return menu;
}

void DeviceListView::setChangesRefused(const QString &editReason, const QString &commandReason)
{
    m_editRefused = editReason;
    m_commandRefused = commandReason;
}

void DeviceListView::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_table->indexAt(pos);
    if (!index.isValid())
        return;
    const QString id = m_proxy->uniqueIdAt(index);
    QMenu *menu = createContextMenu(id, this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(m_table->viewport()->mapToGlobal(pos));
}

QMenu *DeviceListView::createColumnMenu(QWidget *parent)
{
    auto *menu = new QMenu(tr("Columns"), parent);
    QHeaderView *header = m_table->horizontalHeader();
    for (int column = 0; column < m_model->columnCount(); ++column) {
        QAction *action = menu->addAction(
            m_model->headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        action->setData(column);
        // Name always stays, so the list can never become unreadable.
        action->setEnabled(column != DeviceListModel::NameColumn);
        connect(action, &QAction::toggled, this, [this, header, column](bool on) {
            header->setSectionHidden(column, !on);
            saveHeaderState();
        });
    }
    return menu;
}

void DeviceListView::showColumnMenu(const QPoint &pos)
{
    QMenu *menu = createColumnMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(m_table->horizontalHeader()->mapToGlobal(pos));
}

QString DeviceListView::csvField(const QString &text)
{
    const bool quote = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"'))
        || text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'))
        || text.startsWith(QLatin1Char(' ')) || text.endsWith(QLatin1Char(' '));
    if (!quote)
        return text;
    QString escaped = text;
    escaped.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QString DeviceListView::exportCsv(const QString &fileName) const
{
    QHeaderView *header = m_table->horizontalHeader();
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns << logical;
    }
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Cannot write %1: %2").arg(fileName, file.errorString());
    const auto writeLine = [&file](const QStringList &fields) {
        QString line;
        for (int i = 0; i < fields.size(); ++i) {
            if (i > 0)
                line += QLatin1Char(',');
            line += csvField(fields.at(i));
        }
        line += QLatin1String("\r\n");
        file.write(line.toUtf8());
    };
    QStringList fields;
    for (const int column : columns)
        fields << m_model->headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString();
    writeLine(fields);
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const int sourceRow = m_proxy->mapToSource(m_proxy->index(row, 0)).row();
        const DeviceSnapshot &s = m_model->snapshotAt(sourceRow);
        fields.clear();
        for (const int column : columns)
            fields << m_model->displayText(s, column);
        writeLine(fields);
    }
    if (!file.commit())
        return tr("Cannot write %1: %2").arg(fileName, file.errorString());
    return {};
}

void DeviceListView::exportWithDialog()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString fileName = QFileDialog::getSaveFileName(this, tr("Export devices"),
        dir + QLatin1String("/devices.csv"), tr("CSV files (*.csv);;All files (*)"));
    if (fileName.isEmpty())
        return;
    const QString error = exportCsv(fileName);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Export devices"), error);
}

} // namespace fw
