#pragma once
// GeofencesDialog: the operator's list of geofences and the editor for one. A new circle,
// polygon or corridor is drawn on the main window's map (the dialog hands its GeofenceDraft out
// with drawingStarted(); clicks add vertices, drags move and resize, Ctrl+Z undoes), an existing
// one is redrawn the same way, and files are imported. Name, speed limit and what it applies to
// (every device, a group or some devices) are typed here. It never touches the database: saving,
// removing and importing are requests by signal, and the list comes back through setGeofences().

#include "GeofenceDraft.h"
#include "geo/Geofence.h"

#include <QDialog>
#include <QPointer>

QT_BEGIN_NAMESPACE
class QAction;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;
QT_END_NAMESPACE

namespace fw {

class GeofenceListModel;

class GeofencesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit GeofencesDialog(QWidget *parent = nullptr);
    ~GeofencesDialog() override;

    GeofenceListModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    GeofenceDraft *draft() const { return m_draft.data(); }
    QAction *undoAction() const { return m_undo; }
    QLineEdit *nameEdit() const { return m_name; }
    QSpinBox *speedLimitBox() const { return m_speedLimit; }
    QSpinBox *widthBox() const { return m_width; }
    QComboBox *assignmentBox() const { return m_assignment; }
    QLineEdit *groupEdit() const { return m_group; }
    QPushButton *saveButton() const { return m_save; }
    QString problem() const;

public slots:
    void setGeofences(const QList<fw::Geofence> &geofences);
    void setProblem(const QString &text); // empty = none
    void startNew(fw::GeofenceKind kind);
    void editSelected();
    // Checks the editor and asks for the geofence to be saved.
    void save();
    void cancelDrawing();
    void removeSelected();
    void importFile(const QString &fileName); // no file dialog

signals:
    void drawingStarted(fw::GeofenceDraft *draft);
    void drawingFinished();
    void saveRequested(const fw::Geofence &geofence, const QString &replacing);
    void removeRequested(const QString &name);
    void importRequested(const QString &fileName);
    void highlightRequested(const QString &name);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void beginDrawing(GeofenceKind kind);
    void updateEditor();
    QString selectedName() const;
    QPushButton *addButton(const QString &text, const QString &tip);

    GeofenceListModel *m_model;
    QTableView *m_table;
    QGroupBox *m_editor;
    QLineEdit *m_name;
    QSpinBox *m_speedLimit;
    QComboBox *m_assignment;
    QLineEdit *m_group;
    QSpinBox *m_width;
    QLabel *m_hint;
    QLabel *m_problem;
    QPushButton *m_save;
    QPushButton *m_cancel;
    QPushButton *m_remove;
    QAction *m_undo;
    QPointer<GeofenceDraft> m_draft;
    QString m_replacing; // the name of the geofence being edited, empty for a new one
};

} // namespace fw
