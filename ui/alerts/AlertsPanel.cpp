#include "AlertsPanel.h"

#include "AlertListModel.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace fw {

namespace {
const QString kTrayKey = QStringLiteral("alerts/trayMessage");
const QString kSoundKey = QStringLiteral("alerts/sound");
const QString kOpenOnlyKey = QStringLiteral("alerts/openOnly");
} // namespace

AlertsPanel::AlertsPanel(QWidget *parent)
    : QDockWidget(tr("Alerts"), parent)
    , m_model(new AlertListModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("alertsDock"));
    setAccessibleName(tr("Alerts"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);

    auto *bar = new QHBoxLayout;
    m_summary = new QLabel(body);
    m_summary->setAccessibleName(tr("Alert summary"));
    // The summary wraps and may shrink: the panel shares its width with the events and the map
    // (tabified docks take the widest minimum), and translations are longer than English.
    m_summary->setWordWrap(true);
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    bar->addWidget(m_summary, 1);
    m_openOnly = new QCheckBox(tr("&Open only"), body);
    m_openOnly->setToolTip(tr("Hide the alerts someone has acknowledged"));
    bar->addWidget(m_openOnly);
    m_tray = new QCheckBox(tr("&Tray message"), body);
    m_tray->setToolTip(tr("Show a desktop message when a new alert arrives"));
    bar->addWidget(m_tray);
    m_sound = new QCheckBox(tr("So&und"), body);
    m_sound->setToolTip(tr("Beep when a new alert arrives"));
    bar->addWidget(m_sound);
    m_acknowledge = new QPushButton(tr("&Acknowledge..."), body);
    m_acknowledge->setObjectName(QStringLiteral("acknowledgeButton"));
    m_acknowledge->setToolTip(
        tr("Record that you have dealt with the selected alert (Ctrl+Shift+K)"));
    m_acknowledge->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+K")));
    bar->addWidget(m_acknowledge);
    layout->addLayout(bar);

    m_problem = new QLabel(body);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #d33b2f"));
    m_problem->hide();
    layout->addWidget(m_problem);

    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(AlertListModel::AcknowledgedRole);
    m_proxy->setFilterKeyColumn(0);
    m_table = new QTableView(body);
    m_table->setObjectName(QStringLiteral("alertTable"));
    m_table->setAccessibleName(tr("Alert list"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    QHeaderView *header = m_table->horizontalHeader();
    // Time and device as wide as they are; the text takes what is left, so in a narrow dock
    // it is the text that is cut short (the whole of it is in the tooltip).
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(AlertListModel::TimeColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(AlertListModel::DeviceColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(AlertListModel::TextColumn, QHeaderView::Stretch);
    header->resizeSection(AlertListModel::TypeColumn,
        fontMetrics().horizontalAdvance(QStringLiteral("Geofence entered__")));
    header->resizeSection(AlertListModel::AcknowledgedColumn,
        fontMetrics().horizontalAdvance(QStringLiteral("Acknowledged__")));
    layout->addWidget(m_table, 1);
    setWidget(body);

    const QSettings settings;
    m_tray->setChecked(settings.value(kTrayKey, true).toBool());
    m_sound->setChecked(settings.value(kSoundKey, false).toBool());
    setOpenOnly(settings.value(kOpenOnlyKey, false).toBool());
    connect(m_tray, &QCheckBox::toggled, this, [](bool on) { QSettings().setValue(kTrayKey, on); });
    connect(
        m_sound, &QCheckBox::toggled, this, [](bool on) { QSettings().setValue(kSoundKey, on); });
    connect(m_openOnly, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(kOpenOnlyKey, on);
        setOpenOnly(on);
    });
    connect(m_acknowledge, &QPushButton::clicked, this, &AlertsPanel::askForNote);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &AlertsPanel::updateButtons);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        emit deviceActivated(index.data(AlertListModel::DeviceIdRole).toString());
    });
    connect(
        m_model, &AlertListModel::unacknowledgedCountChanged, this, &AlertsPanel::updateSummary);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AlertsPanel::updateSummary);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &AlertsPanel::updateButtons);
    updateSummary();
    updateButtons();
}

qint64 AlertsPanel::selectedAlert() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : rows.first().data(AlertListModel::IdRole).toLongLong();
}

bool AlertsPanel::trayMessages() const
{
    return m_tray->isChecked();
}

bool AlertsPanel::sound() const
{
    return m_sound->isChecked();
}

void AlertsPanel::setOpenOnly(bool openOnly)
{
    if (m_openOnly->isChecked() != openOnly)
        m_openOnly->setChecked(openOnly);
    m_proxy->setFilterFixedString(openOnly ? QStringLiteral("false") : QString());
}

void AlertsPanel::acknowledgeSelected(const QString &note)
{
    if (const qint64 id = selectedAlert(); id > 0)
        emit acknowledgeRequested(id, note.trimmed());
}

void AlertsPanel::setProblem(const QString &text)
{
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

void AlertsPanel::askForNote()
{
    const qint64 id = selectedAlert();
    if (id <= 0)
        return;
    bool ok = false;
    const QString note = QInputDialog::getText(this, tr("Acknowledge alert"),
        tr("Note for alert %1 (what was done, optional):").arg(id), QLineEdit::Normal, QString(),
        &ok);
    if (ok)
        acknowledgeSelected(note);
}

void AlertsPanel::updateButtons()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    m_acknowledge->setEnabled(m_acknowledgeRefused.isEmpty() && !rows.isEmpty()
        && !rows.first().data(AlertListModel::AcknowledgedRole).toBool());
}

void AlertsPanel::setAcknowledgeRefused(const QString &reason)
{
    m_acknowledgeRefused = reason;
    m_acknowledge->setToolTip(reason);
    updateButtons();
}

void AlertsPanel::updateSummary()
{
    const int open = m_model->unacknowledgedCount();
    m_summary->setText(open == 0 ? tr("No open alerts") : tr("%n open alert(s)", nullptr, open));
    setWindowTitle(open == 0 ? tr("Alerts") : tr("Alerts (%1)").arg(open));
}

} // namespace fw
