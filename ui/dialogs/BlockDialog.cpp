#include "BlockDialog.h"

#include "fleet/DeviceDirectory.h"
#include "util/Clock.h"

#include <QCheckBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTimeZone>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace fw {

BlockDialog::BlockDialog(DeviceDirectory *directory, const Clock *clock, QWidget *parent)
    : QDialog(parent)
    , m_directory(directory)
    , m_clock(clock)
    , m_intro(new QLabel(this))
    , m_manualRadio(new QRadioButton(tr("Until &unblocked by hand"), this))
    , m_untilRadio(new QRadioButton(tr("Un&til:"), this))
    , m_untilEdit(new QDateTimeEdit(this))
    , m_utcCheck(new QCheckBox(tr("&UTC"), this))
    , m_zoneLabel(new QLabel(this))
    , m_errorLabel(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
    , m_unblockButton(new QPushButton(tr("U&nblock"), this))
{
    setObjectName(u"BlockDialog"_s);
    setWindowTitle(tr("Block Device"));
    m_intro->setWordWrap(true);
    m_manualRadio->setChecked(true);
    m_manualRadio->setAccessibleName(tr("Block until unblocked by hand"));
    m_untilRadio->setAccessibleName(tr("Block until a date and time"));
    m_untilEdit->setObjectName(u"untilEdit"_s);
    m_untilEdit->setAccessibleName(tr("End of the block"));
    m_untilEdit->setCalendarPopup(true);
    m_untilEdit->setDisplayFormat(u"yyyy-MM-dd HH:mm"_s);
    m_untilEdit->setTimeSpec(Qt::LocalTime);
    m_utcCheck->setAccessibleName(tr("Enter the time in UTC"));
    m_utcCheck->setToolTip(tr("Enter the end of the block in UTC instead of local time"));
    m_zoneLabel->setObjectName(u"zoneLabel"_s);
    m_errorLabel->setObjectName(u"errorLabel"_s);
    m_errorLabel->setWordWrap(true);
    QPalette errorPalette = m_errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xd3, 0x3b, 0x2f));
    m_errorLabel->setPalette(errorPalette);
    m_unblockButton->setAccessibleName(tr("Unblock"));
    m_unblockButton->hide();
    auto *blockButton = m_buttons->addButton(tr("&Block"), QDialogButtonBox::AcceptRole);
    blockButton->setObjectName(u"blockButton"_s);
    m_buttons->addButton(m_unblockButton, QDialogButtonBox::ActionRole);

    const TimeMs start = now();
    const TimeMs tomorrow = (start / kHour + 25) * kHour; // a whole hour about a day ahead
    m_untilEdit->setDateTime(toDateTime(tomorrow).toLocalTime());

    auto *note = new QLabel(tr("A blocked device's data is answered but discarded: it is not "
                               "stored, shown or used for its status, and unblocking does not "
                               "bring it back."),
        this);
    note->setWordWrap(true);
    note->setEnabled(false);

    auto *grid = new QGridLayout;
    grid->addWidget(m_manualRadio, 0, 0, 1, 3);
    grid->addWidget(m_untilRadio, 1, 0);
    grid->addWidget(m_untilEdit, 1, 1);
    grid->addWidget(m_utcCheck, 1, 2);
    grid->addWidget(m_zoneLabel, 2, 1, 1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(grid);
    layout->addWidget(note);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &BlockDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &BlockDialog::reject);
    connect(m_unblockButton, &QPushButton::clicked, this, &BlockDialog::unblock);
    connect(m_untilRadio, &QRadioButton::toggled, this, &BlockDialog::validate);
    connect(m_untilEdit, &QDateTimeEdit::dateTimeChanged, this, &BlockDialog::validate);
    connect(m_utcCheck, &QCheckBox::toggled, this, [this](bool utc) {
        setUtc(utc);
        QSettings().setValue(u"ui/blockUntilUtc"_s, utc);
    });
    setUtc(QSettings().value(u"ui/blockUntilUtc"_s, false).toBool());
    validate();
}

TimeMs BlockDialog::now() const
{
    return m_clock ? m_clock->now() : QDateTime::currentMSecsSinceEpoch();
}

void BlockDialog::setDevice(const Device &device)
{
    m_device = device;
    const QString who = device.name.isEmpty()
        ? device.uniqueId
        : tr("%1 (%2)").arg(device.name, device.uniqueId);
    m_intro->setText(device.blocked ? tr("%1 is blocked. Change the block or unblock it.").arg(who)
                                    : tr("Block %1.").arg(who));
    m_unblockButton->setVisible(device.blocked);
    if (device.blocked)
        setUntil(device.blockedUntil);
    validate();
}

bool BlockDialog::hasUntil() const
{
    return m_untilRadio->isChecked();
}

TimeMs BlockDialog::until() const
{
    return hasUntil() ? fromDateTime(m_untilEdit->dateTime()) : kNoTime;
}

void BlockDialog::setUntil(TimeMs t)
{
    if (t == kNoTime) {
        m_manualRadio->setChecked(true);
    } else {
        m_untilRadio->setChecked(true);
        const QDateTime dt = toDateTime(t);
        m_untilEdit->setDateTime(isUtc() ? dt : dt.toLocalTime());
    }
    validate();
}

bool BlockDialog::isUtc() const
{
    return m_untilEdit->timeSpec() == Qt::UTC;
}

void BlockDialog::setUtc(bool utc)
{
    if (m_utcCheck->isChecked() != utc) {
        const QSignalBlocker block(m_utcCheck);
        m_utcCheck->setChecked(utc);
    }
    if (isUtc() != utc) {
        // Same instant, shown in the other zone.
        const QDateTime instant = m_untilEdit->dateTime();
        m_untilEdit->setTimeSpec(utc ? Qt::UTC : Qt::LocalTime);
        m_untilEdit->setDateTime(utc ? instant.toUTC() : instant.toLocalTime());
    }
    updateZoneLabel();
}

void BlockDialog::updateZoneLabel()
{
    if (isUtc()) {
        m_zoneLabel->setText(tr("The time is in UTC."));
    } else {
        const QDateTime dt = m_untilEdit->dateTime();
        m_zoneLabel->setText(
            tr("The time is local time (%1, %2).")
                .arg(dt.timeZoneAbbreviation(),
                    QTimeZone::systemTimeZone().displayName(dt, QTimeZone::OffsetName)));
    }
}

void BlockDialog::validate()
{
    m_untilEdit->setEnabled(hasUntil());
    m_utcCheck->setEnabled(hasUntil());
    QString error;
    if (m_device.uniqueId.isEmpty())
        error = tr("No device selected.");
    else if (hasUntil() && until() <= now())
        error = tr("The end of the block is not in the future.");
    m_error = error;
    m_errorLabel->setText(error);
    m_errorLabel->setVisible(!error.isEmpty());
    for (QAbstractButton *b : m_buttons->buttons()) {
        if (m_buttons->buttonRole(b) == QDialogButtonBox::AcceptRole)
            b->setEnabled(error.isEmpty());
    }
    m_unblockButton->setEnabled(!m_device.uniqueId.isEmpty());
    if (!isUtc())
        updateZoneLabel();
}

void BlockDialog::accept()
{
    validate();
    if (!m_error.isEmpty())
        return;
    const QString error = m_directory ? m_directory->setBlocked(m_device.uniqueId, true, until())
                                      : tr("No device directory is available.");
    if (!error.isEmpty()) {
        m_directoryError = error;
        m_errorLabel->setText(error);
        m_errorLabel->show();
        return;
    }
    QDialog::accept();
}

void BlockDialog::unblock()
{
    if (m_device.uniqueId.isEmpty())
        return;
    const QString error = m_directory ? m_directory->setBlocked(m_device.uniqueId, false, kNoTime)
                                      : tr("No device directory is available.");
    if (!error.isEmpty()) {
        m_directoryError = error;
        m_errorLabel->setText(error);
        m_errorLabel->show();
        return;
    }
    QDialog::accept();
}

} // namespace fw
