#include "DeviceEditDialog.h"

#include "domain/DeviceModelCatalog.h"
#include "fleet/DeviceDirectory.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace fw {

namespace {

constexpr int kMaxTimeoutSecs = 7 * 24 * 3600;

} // namespace

QString DeviceEditDialog::modelLabel(const QString &name, const QString &protocol, quint16 port)
{
    if (port == 0)
        return tr("%1 (%2)").arg(name, protocol);
    return tr("%1 (%2, port %3 to configure)").arg(name, protocol, QString::number(port));
}

DeviceEditDialog::DeviceEditDialog(
    DeviceDirectory *directory, const DeviceModelCatalog *catalog, QWidget *parent)
    : QDialog(parent)
    , m_directory(directory)
    , m_catalog(catalog)
    , m_idEdit(new QLineEdit(this))
    , m_nameEdit(new QLineEdit(this))
    , m_modelCombo(new QComboBox(this))
    , m_phoneEdit(new QLineEdit(this))
    , m_carrierEdit(new QLineEdit(this))
    , m_groupEdit(new QLineEdit(this))
    , m_timeoutSpin(new QSpinBox(this))
    , m_passwordEdit(new QLineEdit(this))
    , m_idNote(new QLabel(this))
    , m_errorLabel(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"DeviceEditDialog"_s);
    setWindowTitle(tr("Register Device"));

    if (m_directory) {
        const QList<Device> devices = m_directory->devices();
        m_existingIds.reserve(devices.size());
        for (const Device &d : devices)
            m_existingIds.insert(d.uniqueId);
    }

    m_idEdit->setObjectName(u"uniqueIdEdit"_s);
    m_idEdit->setAccessibleName(tr("Unique id"));
    m_idEdit->setPlaceholderText(tr("IMEI or the id the tracker sends"));
    m_idEdit->setMaxLength(64);
    m_nameEdit->setObjectName(u"nameEdit"_s);
    m_nameEdit->setAccessibleName(tr("Name"));
    m_modelCombo->setObjectName(u"modelCombo"_s);
    m_modelCombo->setAccessibleName(tr("Model"));
    m_modelCombo->addItem(tr("Unknown / other"), QString());
    if (m_catalog) {
        for (const DeviceModel &m : m_catalog->models())
            m_modelCombo->addItem(modelLabel(m.name, m.protocol, m.defaultPort), m.name);
    }
    m_phoneEdit->setObjectName(u"phoneEdit"_s);
    m_phoneEdit->setAccessibleName(tr("Phone number"));
    m_phoneEdit->setPlaceholderText(tr("SIM card number, for SMS commands"));
    m_carrierEdit->setObjectName(u"carrierEdit"_s);
    m_carrierEdit->setAccessibleName(tr("Carrier"));
    m_groupEdit->setObjectName(u"groupEdit"_s);
    m_groupEdit->setAccessibleName(tr("Group"));
    m_timeoutSpin->setObjectName(u"offlineTimeoutSpin"_s);
    m_timeoutSpin->setAccessibleName(tr("Offline timeout"));
    m_timeoutSpin->setRange(0, kMaxTimeoutSecs);
    m_timeoutSpin->setSingleStep(60);
    m_timeoutSpin->setSuffix(tr(" s"));
    m_timeoutSpin->setSpecialValueText(tr("Fleet default"));
    m_timeoutSpin->setToolTip(tr("Seconds without any packet before the device counts as "
                                 "offline; 0 uses the fleet default."));
    m_passwordEdit->setObjectName(u"passwordEdit"_s);
    m_passwordEdit->setAccessibleName(tr("Device password"));
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    m_passwordEdit->setPlaceholderText(tr("Empty: the model's default password"));

    m_idNote->setWordWrap(true);
    m_idNote->hide();
    m_errorLabel->setObjectName(u"errorLabel"_s);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setAccessibleName(tr("Problem"));
    QPalette errorPalette = m_errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xd3, 0x3b, 0x2f));
    m_errorLabel->setPalette(errorPalette);

    auto *form = new QFormLayout;
    form->addRow(tr("&Unique id:"), m_idEdit);
    form->addRow(QString(), m_idNote);
    form->addRow(tr("&Name:"), m_nameEdit);
    form->addRow(tr("&Model:"), m_modelCombo);
    form->addRow(tr("&Phone:"), m_phoneEdit);
    form->addRow(tr("&Carrier:"), m_carrierEdit);
    form->addRow(tr("&Group:"), m_groupEdit);
    form->addRow(tr("&Offline timeout:"), m_timeoutSpin);
    form->addRow(tr("Pass&word:"), m_passwordEdit);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &DeviceEditDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &DeviceEditDialog::reject);
    for (QLineEdit *edit : { m_idEdit, m_nameEdit })
        connect(edit, &QLineEdit::textChanged, this, &DeviceEditDialog::validate);
    validate();
}

void DeviceEditDialog::setDevice(const Device &device)
{
    m_original = device;
    m_originalId = device.uniqueId;
    setWindowTitle(tr("Edit Device"));
    int modelIndex = m_modelCombo->findData(device.model);
    if (modelIndex < 0 && m_catalog && !device.model.isEmpty()) {
        if (const DeviceModel *m = m_catalog->find(device.model))
            modelIndex = m_modelCombo->findData(m->name);
    }
    if (modelIndex < 0 && !device.model.isEmpty()) {
        m_modelCombo->addItem(tr("%1 (not in the catalogue)").arg(device.model), device.model);
        modelIndex = m_modelCombo->count() - 1;
    }
    m_modelCombo->setCurrentIndex(std::max(0, modelIndex));
    m_nameEdit->setText(device.name);
    m_phoneEdit->setText(device.phone);
    m_carrierEdit->setText(device.carrier);
    m_groupEdit->setText(device.group);
    m_timeoutSpin->setValue(
        static_cast<int>(std::min<qint64>(device.offlineTimeoutSecs, kMaxTimeoutSecs)));
    m_passwordEdit->setText(device.password);
    m_idEdit->setText(device.uniqueId); // last: validates with everything in place
    validate();
}

Device DeviceEditDialog::device() const
{
    Device d = m_original; // keeps blocked, registeredAt and the like
    d.uniqueId = m_idEdit->text().trimmed();
    d.name = m_nameEdit->text().trimmed();
    d.model = m_modelCombo->currentData().toString();
    const DeviceModel *model = nullptr;
    if (m_catalog && !d.model.isEmpty())
        model = m_catalog->find(d.model);
    if (model)
        d.protocol = model->protocol;
    else if (d.model != m_original.model)
        d.protocol.clear();
    d.phone = m_phoneEdit->text().trimmed();
    d.carrier = m_carrierEdit->text().trimmed();
    d.group = m_groupEdit->text().trimmed();
    d.offlineTimeoutSecs = m_timeoutSpin->value();
    d.password = m_passwordEdit->text();
    return d;
}

void DeviceEditDialog::validate()
{
    const QString id = m_idEdit->text().trimmed();
    const QString name = m_nameEdit->text().trimmed();
    QString error;
    if (id.isEmpty()) {
        error = tr("Enter the unique id the tracker reports (usually its IMEI).");
    } else if (!isAcceptableUniqueId(id)) {
        error = tr("The unique id may have 1 to 64 printable characters, without spaces or "
                   "commas.");
    } else if (m_existingIds.contains(id) && id != m_originalId) {
        error = tr("A device with the id %1 is already registered.").arg(id);
    } else if (name.isEmpty()) {
        error = tr("Enter a name for the device.");
    }
    m_error = error;
    m_directoryError.clear();
    m_errorLabel->setText(error);
    m_errorLabel->setVisible(!error.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());

    // Notes never block OK: an id is whatever the device sends.
    QStringList notes;
    if (hasWrongImeiCheckDigit(id)) {
        notes << tr("Note: this is not a valid IMEI (with these first 14 digits the last digit "
                    "would be %1). Many trackers send such ids, so it is accepted; check it "
                    "against the id the tracker reports.")
                     .arg(imeiCheckDigit(id));
    }
    if (isEditing() && !id.isEmpty() && id != m_originalId) {
        notes << tr("Changing the id replaces the tracker: registration starts again and the "
                    "device waits for its first data.");
    }
    m_idNote->setText(notes.join(u'\n'));
    m_idNote->setVisible(!notes.isEmpty());
}

QString DeviceEditDialog::noteText() const
{
    return m_idNote->isVisibleTo(this) ? m_idNote->text() : QString();
}

void DeviceEditDialog::accept()
{
    validate();
    if (!isValid())
        return;
    QString error;
    if (!m_directory)
        error = tr("No device directory is available.");
    else if (isEditing())
        error = m_directory->updateDevice(m_originalId, device());
    else
        error = m_directory->addDevice(device());
    if (!error.isEmpty()) {
        m_directoryError = error;
        m_errorLabel->setText(error);
        m_errorLabel->show();
        return;
    }
    QDialog::accept();
}

} // namespace fw
