#pragma once
// BlockDialog: blocks a device (administrative or tariff reasons) until unblocked by hand or
// until a date and time, entered either in local time or in UTC as the label says, and unblocks
// a blocked one. The change goes through DeviceDirectory::setBlocked.

#include "domain/Device.h"

#include <QDialog>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QPushButton;
class QRadioButton;
QT_END_NAMESPACE

namespace fw {

class Clock;
class DeviceDirectory;

class BlockDialog : public QDialog
{
    Q_OBJECT
public:
    BlockDialog(DeviceDirectory *directory, const Clock *clock, QWidget *parent = nullptr);

    void setDevice(const Device &device);

    bool hasUntil() const; // false = until unblocked by hand
    TimeMs until() const; // kNoTime when !hasUntil()
    void setUntil(TimeMs until); // kNoTime = until unblocked by hand
    void setUtc(bool utc); // the editor shows (and takes) UTC rather than local time
    bool isUtc() const;

    QString validationError() const { return m_error; }
    QString directoryError() const { return m_directoryError; }

public slots:
    void accept() override;
    void unblock();

private:
    void validate();
    void updateZoneLabel();
    TimeMs now() const;

    DeviceDirectory *m_directory;
    const Clock *m_clock;
    Device m_device;
    QString m_error;
    QString m_directoryError;

    QLabel *m_intro;
    QRadioButton *m_manualRadio;
    QRadioButton *m_untilRadio;
    QDateTimeEdit *m_untilEdit;
    QCheckBox *m_utcCheck;
    QLabel *m_zoneLabel;
    QLabel *m_errorLabel;
    QDialogButtonBox *m_buttons;
    QPushButton *m_unblockButton;
};

} // namespace fw
