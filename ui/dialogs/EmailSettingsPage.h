#pragma once
// EmailSettingsPage: the Settings page of the SMTP server that alert mail goes through
// (interfaces.md: smtp/host, smtp/port, smtp/user, smtp/starttls, plus smtp/from). The keys are
// the notify layer's own (SmtpSettings), so the window and a headless node read one format; the
// password is handed to the keychain (kSmtpPasswordKey), never to the settings file.

#include <QWidget>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QLineEdit;
class QSpinBox;
QT_END_NAMESPACE

namespace fw {

class EmailSettingsPage : public QWidget
{
    Q_OBJECT
public:
    explicit EmailSettingsPage(QWidget *parent = nullptr);

    void load(); // from QSettings
    void save() const; // to QSettings
    QString enteredPassword() const; // empty: keep the stored one
    QString validationError() const; // empty when fine (an empty host: no e-mail)

    QLineEdit *hostEdit() const { return m_host; }
    QSpinBox *portBox() const { return m_port; }
    QLineEdit *userEdit() const { return m_user; }
    QLineEdit *passwordEdit() const { return m_password; }
    QCheckBox *startTlsBox() const { return m_startTls; }
    QLineEdit *fromEdit() const { return m_from; }

signals:
    void edited();

private:
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QCheckBox *m_startTls;
    QLineEdit *m_from;
};

} // namespace fw
