#pragma once
// DiagnosisPanel: the fleet diagnosis in the window, as a dock. It lists what the node's
// NodeStatusReporter found (severity, title, evidence, what to do), offers one-click
// registration for unknown device ids, and hands the serious findings to the window's banner.
// It only presents findings; the checks themselves live in core (FleetDiagnosis).

#include "diagnostics/FleetDiagnosis.h"
#include "dialogs/DeviceEditDialog.h"

#include <QDockWidget>
#include <QPointer>

QT_BEGIN_NAMESPACE
class QLabel;
class QPushButton;
class QTreeView;
QT_END_NAMESPACE

namespace fw {

class DeviceDirectory;
class DeviceModelCatalog;
class DiagnosisModel;

class DiagnosisPanel : public QDockWidget
{
    Q_OBJECT
public:
    // Both pointers must outlive the panel; they are handed to the registration dialog.
    DiagnosisPanel(
        DeviceDirectory *directory, const DeviceModelCatalog *catalog, QWidget *parent = nullptr);

    const QList<Finding> &findings() const;
    QTreeView *findingList() const { return m_tree; }
    DiagnosisModel *model() const { return m_model; }
    // One line per critical or warning finding (empty when there is none).
    QString bannerText() const { return m_bannerText; }
    // The registration dialog opened by the last "Register" click, while it is open.
    DeviceEditDialog *registrationDialog() const { return m_registration; }

public slots:
    void setFindings(const QList<fw::Finding> &findings);
    // Opens the registration dialog (register mode) with the id filled in.
    void openRegistration(const QString &uniqueId, const QString &protocol = {});

signals:
    void bannerTextChanged(const QString &text);
    void refreshRequested();
    void deviceActivated(const QString &uniqueId);
    void deviceRegistered(const QString &uniqueId);

private:
    void addRegisterButton(int row);

    DeviceDirectory *m_directory;
    const DeviceModelCatalog *m_catalog;
    QString m_bannerText;
    DiagnosisModel *m_model;
    QTreeView *m_tree;
    QLabel *m_summary;
    QPushButton *m_refreshButton;
    QPointer<DeviceEditDialog> m_registration;
};

} // namespace fw
