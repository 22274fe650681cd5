#pragma once
// DeviceEditDialog: registers a tracker or edits one. Validates as the operator types (id
// format, IMEI check digit, duplicates, name) and says what is wrong next to the form, with OK
// disabled until it is right; on OK it goes through DeviceDirectory and stays open showing the
// directory's error if the change was refused.

#include "domain/Device.h"

#include <QDialog>
#include <QSet>

QT_BEGIN_NAMESPACE
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
QT_END_NAMESPACE

namespace fw {

class DeviceDirectory;
class DeviceModelCatalog;

class DeviceEditDialog : public QDialog
{
    Q_OBJECT
public:
    // Register mode. Both pointers must outlive the dialog; catalog may be null (no models).
    DeviceEditDialog(
        DeviceDirectory *directory, const DeviceModelCatalog *catalog, QWidget *parent = nullptr);

    // Edit mode: fills the form; the device keeps the fields this dialog does not show.
    void setDevice(const Device &device);
    bool isEditing() const { return !m_originalId.isEmpty(); }

    Device device() const; // the device as the form describes it
    bool isValid() const { return m_error.isEmpty(); }
    QString validationError() const { return m_error; } // translated, empty when valid
    QString directoryError() const { return m_directoryError; }
    QString noteText() const; // non-blocking notes (unusual IMEI, identity change), translated

    // "Concox GT06N (gt06, port 5023 to configure)"
    static QString modelLabel(const QString &name, const QString &protocol, quint16 port);

public slots:
    void accept() override;

private:
    void validate();

    DeviceDirectory *m_directory;
    const DeviceModelCatalog *m_catalog;
    QSet<QString> m_existingIds;
    Device m_original;
    QString m_originalId;
    QString m_error;
    QString m_directoryError;

    QLineEdit *m_idEdit;
    QLineEdit *m_nameEdit;
    QComboBox *m_modelCombo;
    QLineEdit *m_phoneEdit;
    QLineEdit *m_carrierEdit;
    QLineEdit *m_groupEdit;
    QSpinBox *m_timeoutSpin;
    QLineEdit *m_passwordEdit;
    QLabel *m_idNote;
    QLabel *m_errorLabel;
    QDialogButtonBox *m_buttons;
};

} // namespace fw
