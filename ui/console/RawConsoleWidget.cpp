#include "RawConsoleWidget.h"

#include "RawFrameModel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSaveFile>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace fw {

RawConsoleWidget::RawConsoleWidget(QWidget *parent)
    : QWidget(parent)
    , m_model(new RawFrameModel(this))
    , m_view(new QTableView(this))
    , m_deviceEdit(new QLineEdit(this))
    , m_portSpin(new QSpinBox(this))
    , m_outcomeCombo(new QComboBox(this))
    , m_hexCheck(new QCheckBox(tr("&Hex"), this))
    , m_pauseButton(new QToolButton(this))
    , m_countLabel(new QLabel(this))
    , m_timer(new QTimer(this))
{
    setObjectName(u"RawConsoleWidget"_s);
    setAccessibleName(tr("Raw console"));

    m_deviceEdit->setPlaceholderText(tr("Device id"));
    m_deviceEdit->setClearButtonEnabled(true);
    m_deviceEdit->setAccessibleName(tr("Device filter"));
    m_deviceEdit->setObjectName(u"deviceFilter"_s);

    m_portSpin->setRange(0, 65535);
    m_portSpin->setSpecialValueText(tr("Any port"));
    m_portSpin->setAccessibleName(tr("Port filter"));
    m_portSpin->setObjectName(u"portFilter"_s);

    m_outcomeCombo->addItem(tr("Any outcome"), -1);
    for (FrameOutcome o : { FrameOutcome::Decoded, FrameOutcome::UnknownDevice,
             FrameOutcome::Undecoded, FrameOutcome::DroppedBlocked })
        m_outcomeCombo->addItem(frameOutcomeTitle(o), static_cast<int>(o));
    m_outcomeCombo->setAccessibleName(tr("Outcome filter"));
    m_outcomeCombo->setObjectName(u"outcomeFilter"_s);

    m_hexCheck->setToolTip(tr("Show text frames as hex too"));
    m_hexCheck->setAccessibleName(tr("Hex only"));
    m_hexCheck->setChecked(QSettings().value(u"console/hexOnly"_s, false).toBool());
    m_model->setHexOnly(m_hexCheck->isChecked());

    m_pauseButton->setCheckable(true);
    m_pauseButton->setText(tr("Pause"));
    m_pauseButton->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    m_pauseButton->setToolButtonStyle(Qt::ToolButtonIconOnly); // narrow docks: icons only
    m_pauseButton->setToolTip(tr("Pause the view (frames keep arriving in the log)"));
    m_pauseButton->setAccessibleName(tr("Pause"));
    m_pauseButton->setObjectName(u"pauseButton"_s);

    auto *saveButton = new QToolButton(this);
    saveButton->setText(tr("Save…"));
    saveButton->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    saveButton->setToolButtonStyle(Qt::ToolButtonIconOnly);
    saveButton->setToolTip(tr("Save the rows shown to a file"));
    saveButton->setAccessibleName(tr("Save rows"));
    auto *clearButton = new QToolButton(this);
    clearButton->setText(tr("Clear"));
    clearButton->setIcon(
        QIcon::fromTheme(u"edit-clear"_s, style()->standardIcon(QStyle::SP_DialogResetButton)));
    clearButton->setToolTip(tr("Clear the view (the log keeps the frames)"));
    clearButton->setAccessibleName(tr("Clear view"));

    m_view->setModel(m_model);
    m_view->setObjectName(u"rawFrameView"_s);
    m_view->setAccessibleName(tr("Frames"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(RawFrameModel::DataColumn, 360);
    m_view->setColumnWidth(RawFrameModel::DetailColumn, 280);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu); // Copy and Save rows, as in the bar

    auto *copyAction = new QAction(tr("&Copy"), this);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(copyAction);
    auto *saveAction = new QAction(tr("&Save Rows…"), this);
    saveAction->setShortcut(QKeySequence::Save);
    saveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(saveAction);

    // The bar must fit a bottom dock under the map on a 1366 px screen in any language: the
    // fields shrink, the count elides (its tooltip has it in full).
    m_deviceEdit->setMinimumWidth(fontMetrics().averageCharWidth() * 10);
    m_outcomeCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_outcomeCombo->setMinimumContentsLength(10);
    m_countLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_countLabel->setMinimumWidth(fontMetrics().averageCharWidth() * 8);
    m_countLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // Placeholders and special values name the filters (and their accessible names), so the
    // bar needs no labels.
    m_portSpin->setToolTip(tr("Only frames received on this port"));
    m_outcomeCombo->setToolTip(tr("Only frames with this outcome"));
    m_deviceEdit->setToolTip(tr("Only frames of this device"));
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_deviceEdit, 1);
    filters->addWidget(m_portSpin);
    filters->addWidget(m_outcomeCombo);
    filters->addWidget(m_hexCheck);
    filters->addWidget(m_countLabel, 1);
    filters->addWidget(m_pauseButton);
    filters->addWidget(saveButton);
    filters->addWidget(clearButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);

    m_timer->setInterval(kPollIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &RawConsoleWidget::refresh);
    connect(m_deviceEdit, &QLineEdit::editingFinished, this, &RawConsoleWidget::applyFilter);
    connect(m_deviceEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty()) // the clear button
            applyFilter();
    });
    connect(m_portSpin, &QSpinBox::valueChanged, this, &RawConsoleWidget::applyFilter);
    connect(m_outcomeCombo, &QComboBox::currentIndexChanged, this, &RawConsoleWidget::applyFilter);
    connect(m_hexCheck, &QCheckBox::toggled, this, [this](bool on) {
        m_model->setHexOnly(on);
        QSettings().setValue(u"console/hexOnly"_s, on);
    });
    connect(m_pauseButton, &QToolButton::toggled, this, &RawConsoleWidget::setPaused);
    connect(copyAction, &QAction::triggered, this, &RawConsoleWidget::copySelection);
    connect(saveButton, &QToolButton::clicked, this, &RawConsoleWidget::saveVisibleRowsAs);
    connect(saveAction, &QAction::triggered, this, &RawConsoleWidget::saveVisibleRowsAs);
    connect(clearButton, &QToolButton::clicked, this, &RawConsoleWidget::clearView);
    updateCounts();
}

RawConsoleWidget::~RawConsoleWidget() = default;

void RawConsoleWidget::setRawLog(const RawLog *log)
{
    m_model->setRawLog(log);
    refresh();
}

void RawConsoleWidget::setDeviceFilter(const QString &uniqueId)
{
    m_deviceEdit->setText(uniqueId);
    applyFilter();
}

void RawConsoleWidget::setPortFilter(quint16 port)
{
    m_portSpin->setValue(port); // applies through valueChanged
}

void RawConsoleWidget::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    {
        const QSignalBlocker block(m_pauseButton);
        m_pauseButton->setChecked(paused);
    }
    m_pauseButton->setText(paused ? tr("Resume") : tr("Pause"));
    m_pauseButton->setAccessibleName(m_pauseButton->text());
    m_pauseButton->setIcon(
        style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    updateTimer();
    if (!paused)
        refresh();
    updateCounts();
}

void RawConsoleWidget::applyFilter()
{
    RawLogFilter f;
    f.uniqueId = m_deviceEdit->text().trimmed();
    f.localPort = static_cast<quint16>(m_portSpin->value());
    const int outcome = m_outcomeCombo->currentData().toInt();
    if (outcome >= 0)
        f.outcome = static_cast<FrameOutcome>(outcome);
    const RawLogFilter old = m_model->filter();
    if (old.uniqueId == f.uniqueId && old.localPort == f.localPort && old.outcome == f.outcome)
        return;
    m_model->setFilter(f);
    m_view->scrollToBottom();
    updateCounts();
}

void RawConsoleWidget::refresh()
{
    if (m_paused)
        return;
    const QScrollBar *bar = m_view->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum();
    if (m_model->poll() > 0) {
        if (atBottom)
            m_view->scrollToBottom();
        updateCounts();
    }
}

void RawConsoleWidget::clearView()
{
    m_model->clearView();
    updateCounts();
}

void RawConsoleWidget::updateTimer()
{
    const bool run = !m_paused && isVisible();
    if (run && !m_timer->isActive())
        m_timer->start();
    else if (!run)
        m_timer->stop();
}

void RawConsoleWidget::updateCounts()
{
    const QString rows = tr("%n frame(s)", nullptr, m_model->rowCount());
    m_countLabel->setText(m_paused ? tr("%1 (paused)").arg(rows) : rows);
    m_countLabel->setToolTip(m_countLabel->text());
}

void RawConsoleWidget::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
    updateTimer();
}

void RawConsoleWidget::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    updateTimer();
}

QString RawConsoleWidget::selectedRowsText() const
{
    QList<int> rows;
    if (const QItemSelectionModel *sel = m_view->selectionModel()) {
        for (const QModelIndex &index : sel->selectedRows())
            rows << index.row();
        if (rows.isEmpty() && sel->currentIndex().isValid())
            rows << sel->currentIndex().row();
    }
    if (rows.isEmpty())
        return {};
    std::sort(rows.begin(), rows.end());
    QStringList lines { RawFrameModel::headerLine() };
    for (int row : std::as_const(rows))
        lines << m_model->rowText(row);
    return lines.join(u'\n') + u'\n';
}

QString RawConsoleWidget::visibleRowsText() const
{
    QStringList lines { RawFrameModel::headerLine() };
    for (int row = 0; row < m_model->rowCount(); ++row)
        lines << m_model->rowText(row);
    return lines.join(u'\n') + u'\n';
}

void RawConsoleWidget::copySelection() const
{
    const QString text = selectedRowsText();
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

QString RawConsoleWidget::saveVisibleRows(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    file.write(visibleRowsText().toUtf8());
    if (!file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

void RawConsoleWidget::saveVisibleRowsAs()
{
    QSettings settings;
    const QString dir = settings.value(u"console/saveDir"_s).toString();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Frames"), dir, tr("Tab-separated text (*.tsv *.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(u"console/saveDir"_s, QFileInfo(path).absolutePath());
    const QString error = saveVisibleRows(path);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Save Frames"), error);
}

} // namespace fw
