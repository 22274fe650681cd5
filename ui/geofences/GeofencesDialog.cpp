#include "GeofencesDialog.h"

#include "GeofenceDraft.h"
#include "GeofenceListModel.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace fw {

GeofencesDialog::GeofencesDialog(QWidget *parent)
    : QDialog(parent)
    , m_model(new GeofenceListModel(this))
{
    setObjectName(QStringLiteral("geofencesDialog"));
    setWindowTitle(tr("Geofences"));
    setAccessibleName(tr("Geofences"));
    auto *layout = new QHBoxLayout(this);

    auto *left = new QVBoxLayout;
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("geofenceTable"));
    m_table->setAccessibleName(tr("Geofence list"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(
        GeofenceListModel::NameColumn, QHeaderView::Stretch);
    left->addWidget(m_table, 1);
    auto *buttons = new QHBoxLayout;
    const auto add = [&](const QString &text, const QString &tip) {
        QPushButton *b = addButton(text, tip);
        buttons->addWidget(b);
        return b;
    };
    connect(add(tr("C&ircle"), tr("Draw a new circle: click its centre on the map")),
        &QPushButton::clicked, this, [this] { startNew(GeofenceKind::Circle); });
    connect(add(tr("&Polygon"), tr("Draw a new polygon: click its corners on the map")),
        &QPushButton::clicked, this, [this] { startNew(GeofenceKind::Polygon); });
    connect(add(tr("C&orridor"), tr("Draw a new corridor: click along the route on the map")),
        &QPushButton::clicked, this, [this] { startNew(GeofenceKind::Corridor); });
    connect(add(tr("&Edit"), tr("Change the selected geofence")), &QPushButton::clicked, this,
        &GeofencesDialog::editSelected);
    connect(add(tr("&Import..."), tr("Read geofences from a GeoJSON, KML or GPX file")),
        &QPushButton::clicked, this, [this] {
            const QString file = QFileDialog::getOpenFileName(this, tr("Import geofences"),
                QString(), tr("Geofence files (*.geojson *.json *.kml *.gpx);;All files (*)"));
            if (!file.isEmpty())
                importFile(file);
        });
    m_remove = add(tr("&Remove"), tr("Delete the selected geofence"));
    connect(m_remove, &QPushButton::clicked, this, &GeofencesDialog::removeSelected);
    left->addLayout(buttons);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #d33b2f"));
    m_problem->hide();
    left->addWidget(m_problem);
    layout->addLayout(left, 3);

    m_editor = new QGroupBox(tr("Geofence"), this);
    auto *form = new QFormLayout(m_editor);
    m_name = new QLineEdit(m_editor);
    m_name->setAccessibleName(tr("Geofence name"));
    form->addRow(tr("&Name:"), m_name);
    m_speedLimit = new QSpinBox(m_editor);
    m_speedLimit->setRange(0, 300);
    m_speedLimit->setSuffix(tr(" km/h"));
    m_speedLimit->setSpecialValueText(tr("no limit"));
    m_speedLimit->setAccessibleName(tr("Speed limit"));
    form->addRow(tr("&Speed limit:"), m_speedLimit);
    m_assignment = new QComboBox(m_editor);
    m_assignment->addItem(tr("All devices"));
    m_assignment->addItem(tr("One group"));
    m_assignment->addItem(tr("These devices"));
    m_assignment->setAccessibleName(tr("Applies to"));
    form->addRow(tr("&Applies to:"), m_assignment);
    m_group = new QLineEdit(m_editor);
    m_group->setAccessibleName(tr("Group name or device ids"));
    form->addRow(tr("&Which:"), m_group);
    m_width = new QSpinBox(m_editor);
    m_width->setRange(5, 50'000);
    m_width->setValue(100);
    m_width->setSuffix(tr(" m"));
    m_width->setAccessibleName(tr("Corridor width"));
    form->addRow(tr("Corridor &width:"), m_width);
    m_hint = new QLabel(m_editor);
    m_hint->setWordWrap(true);
    form->addRow(m_hint);
    auto *editButtons = new QHBoxLayout;
    auto *undoButton = new QPushButton(tr("&Undo"), m_editor);
    m_undo = new QAction(tr("Undo the last change to the shape"), this);
    m_undo->setShortcut(QKeySequence::Undo);
    m_undo->setShortcutContext(Qt::WindowShortcut);
    m_undo->setEnabled(false);
    addAction(m_undo);
    undoButton->setToolTip(
        tr("Undo the last change to the shape (%1)")
            .arg(QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText)));
    connect(undoButton, &QPushButton::clicked, m_undo, &QAction::trigger);
    connect(m_undo, &QAction::enabledChanged, undoButton, &QWidget::setEnabled);
    undoButton->setEnabled(false);
    editButtons->addWidget(undoButton);
    m_cancel = new QPushButton(tr("&Cancel"), m_editor);
    connect(m_cancel, &QPushButton::clicked, this, &GeofencesDialog::cancelDrawing);
    editButtons->addWidget(m_cancel);
    m_save = new QPushButton(tr("&Save"), m_editor);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setDefault(true);
    connect(m_save, &QPushButton::clicked, this, &GeofencesDialog::save);
    editButtons->addWidget(m_save);
    form->addRow(editButtons);
    layout->addWidget(m_editor, 2);

    connect(m_assignment, &QComboBox::currentIndexChanged, this, &GeofencesDialog::updateEditor);
    connect(m_width, &QSpinBox::valueChanged, this, [this](int metres) {
        if (m_draft)
            m_draft->setCorridorWidth(metres);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        emit highlightRequested(selectedName());
        updateEditor();
    });
    connect(m_table, &QTableView::doubleClicked, this, &GeofencesDialog::editSelected);
    resize(860, 420);
    updateEditor();
}

GeofencesDialog::~GeofencesDialog() = default;

QPushButton *GeofencesDialog::addButton(const QString &text, const QString &tip)
{
    auto *b = new QPushButton(text, this);
    b->setToolTip(tip);
    b->setAccessibleDescription(tip);
    b->setAutoDefault(false);
    return b;
}

QString GeofencesDialog::problem() const
{
    return m_problem->isHidden() ? QString() : m_problem->text();
}

void GeofencesDialog::setGeofences(const QList<Geofence> &geofences)
{
    const QString selected = selectedName();
    m_model->setGeofences(geofences);
    if (const int row = m_model->rowOf(selected); row >= 0)
        m_table->selectRow(row);
    updateEditor();
}

void GeofencesDialog::setProblem(const QString &text)
{
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

QString GeofencesDialog::selectedName() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(GeofenceListModel::NameRole).toString();
}

void GeofencesDialog::beginDrawing(GeofenceKind kind)
{
    if (m_draft) {
        emit drawingFinished();
        delete m_draft;
    }
    m_draft = new GeofenceDraft(kind, this);
    m_draft->setCorridorWidth(m_width->value());
    m_draft->setGeofence(m_draft->toGeofence({})); // the width is not an undo step
    connect(m_undo, &QAction::triggered, m_draft, &GeofenceDraft::undo);
    connect(m_draft, &GeofenceDraft::undoAvailable, m_undo, &QAction::setEnabled);
    connect(m_draft, &MapTool::changed, this, &GeofencesDialog::updateEditor);
    setProblem({});
    emit drawingStarted(m_draft);
}

void GeofencesDialog::startNew(GeofenceKind kind)
{
    m_replacing.clear();
    beginDrawing(kind);
    m_name->clear();
    m_speedLimit->setValue(0);
    m_assignment->setCurrentIndex(0);
    m_group->clear();
    m_name->setFocus();
    updateEditor();
}

void GeofencesDialog::editSelected()
{
    const int row = m_model->rowOf(selectedName());
    if (row < 0)
        return;
    const Geofence g = m_model->geofences().at(row);
    m_replacing = g.name;
    if (g.kind == GeofenceKind::Corridor)
        m_width->setValue(static_cast<int>(g.widthM));
    beginDrawing(g.kind);
    m_draft->setGeofence(g);
    m_name->setText(g.name);
    m_speedLimit->setValue(static_cast<int>(g.speedLimitKph));
    m_assignment->setCurrentIndex(!g.devices.isEmpty() ? 2 : g.group.isEmpty() ? 0 : 1);
    m_group->setText(!g.devices.isEmpty() ? g.devices.join(QStringLiteral(", ")) : g.group);
    updateEditor();
}

void GeofencesDialog::save()
{
    if (!m_draft)
        return;
    Geofence base;
    base.name = m_name->text().trimmed();
    base.speedLimitKph = m_speedLimit->value();
    if (m_assignment->currentIndex() == 1)
        base.group = m_group->text().trimmed();
    if (m_assignment->currentIndex() == 2)
        base.devices = m_group->text().split(
            QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
    if (base.name.isEmpty())
        return setProblem(tr("Give the geofence a name."));
    if (m_assignment->currentIndex() != 0 && base.group.isEmpty() && base.devices.isEmpty())
        return setProblem(tr("Name the group or the devices the geofence applies to."));
    if (!m_draft->isComplete())
        return setProblem(m_draft->kind() == GeofenceKind::Polygon
                ? tr("A polygon needs at least three corners on the map.")
                : m_draft->kind() == GeofenceKind::Corridor
                ? tr("A corridor needs at least two points on the map.")
                : tr("Click the circle's centre on the map."));
    const Geofence g = m_draft->toGeofence(base);
    if (const QString reason = g.validate(); !reason.isEmpty())
        return setProblem(reason);
    if (base.name != m_replacing && m_model->rowOf(base.name) >= 0)
        return setProblem(tr("There is already a geofence called \"%1\".").arg(base.name));
    setProblem({});
    emit saveRequested(g, m_replacing);
    cancelDrawing();
}

void GeofencesDialog::cancelDrawing()
{
    if (!m_draft)
        return;
    emit drawingFinished();
    delete m_draft;
    m_replacing.clear();
    m_undo->setEnabled(false);
    updateEditor();
}

void GeofencesDialog::removeSelected()
{
    if (const QString name = selectedName(); !name.isEmpty())
        emit removeRequested(name);
}

void GeofencesDialog::importFile(const QString &fileName)
{
    setProblem({});
    emit importRequested(fileName);
}

void GeofencesDialog::closeEvent(QCloseEvent *event)
{
    cancelDrawing();
    emit highlightRequested({});
    QDialog::closeEvent(event);
}

void GeofencesDialog::updateEditor()
{
    const bool drawing = !m_draft.isNull();
    m_editor->setEnabled(drawing);
    m_group->setEnabled(drawing && m_assignment->currentIndex() != 0);
    m_group->setPlaceholderText(m_assignment->currentIndex() == 2
            ? tr("device ids, separated by commas")
            : tr("group name"));
    m_width->setEnabled(drawing && m_draft->kind() == GeofenceKind::Corridor);
    m_remove->setEnabled(!selectedName().isEmpty());
    m_save->setEnabled(drawing && m_draft->isComplete());
    if (!drawing) {
        m_hint->setText(tr("Choose Circle, Polygon or Corridor to draw a new geofence on the map, "
                           "or select one and choose Edit."));
        return;
    }
    switch (m_draft->kind()) {
    case GeofenceKind::Circle:
        m_hint->setText(tr("Click the centre on the map. Drag the centre to move the circle and "
                           "the handle on its edge to change the radius (%1 m).")
                            .arg(qRound(m_draft->radiusM())));
        break;
    case GeofenceKind::Polygon:
        m_hint->setText(tr("Click each corner on the map (%n so far). Drag a corner to move "
                           "it, or the inside to move the whole polygon.",
            nullptr, static_cast<int>(m_draft->points().size())));
        break;
    case GeofenceKind::Corridor:
        m_hint->setText(tr("Click along the route on the map (%n point(s) so far). Drag a point "
                           "to move it, or the route to move the whole corridor.",
            nullptr, static_cast<int>(m_draft->points().size())));
        break;
    }
}

} // namespace fw
