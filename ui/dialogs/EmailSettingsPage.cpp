#include "EmailSettingsPage.h"

#include "notify/SmtpSettings.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>

namespace fw {

EmailSettingsPage::EmailSettingsPage(QWidget *parent)
    : QWidget(parent)
    , m_host(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_startTls(new QCheckBox(tr("Require &STARTTLS (encrypt before logging in)"), this))
    , m_from(new QLineEdit(this))
{
    setObjectName(QStringLiteral("emailPage"));
    auto *form = new QFormLayout(this);
    m_host->setObjectName(QStringLiteral("smtpHost"));
    m_host->setAccessibleName(tr("Mail server"));
    m_host->setPlaceholderText(QStringLiteral("smtp.example.org"));
    form->addRow(tr("Mail &server:"), m_host);
    m_port->setRange(1, 65535);
    m_port->setAccessibleName(tr("Mail server port"));
    form->addRow(tr("&Port:"), m_port);
    m_user->setAccessibleName(tr("Mail login"));
    m_user->setPlaceholderText(tr("empty: no login"));
    form->addRow(tr("&Login:"), m_user);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setAccessibleName(tr("Mail password"));
    m_password->setPlaceholderText(tr("unchanged (kept in the keychain)"));
    form->addRow(tr("Pass&word:"), m_password);
    form->addRow(QString(), m_startTls);
    m_from->setAccessibleName(tr("Sender address"));
    m_from->setPlaceholderText(QStringLiteral("fleetwatch@example.org"));
    form->addRow(tr("Sender &address:"), m_from);
    auto *note = new QLabel(tr("Alert rules with e-mail targets send through this server (port "
                               "465 uses TLS from the start). Changes apply when FleetWatch "
                               "starts again."),
        this);
    note->setWordWrap(true);
    note->setEnabled(false);
    form->addRow(note);
    for (QLineEdit *e : { m_host, m_user, m_from })
        connect(e, &QLineEdit::textChanged, this, &EmailSettingsPage::edited);
    load();
}

void EmailSettingsPage::load()
{
    const SmtpSettings s = SmtpSettings::fromSettings(QSettings());
    m_host->setText(s.host);
    m_port->setValue(s.port);
    m_user->setText(s.user);
    m_startTls->setChecked(s.startTls);
    m_from->setText(s.from);
    m_password->clear();
}

void EmailSettingsPage::save() const
{
    QSettings settings;
    SmtpSettings s = SmtpSettings::fromSettings(settings); // keeps the CA file and time-out
    s.host = m_host->text().trimmed();
    s.port = m_port->value();
    s.user = m_user->text().trimmed();
    s.startTls = m_startTls->isChecked();
    s.from = m_from->text().trimmed();
    s.save(settings);
}

QString EmailSettingsPage::enteredPassword() const
{
    return m_password->text();
}

QString EmailSettingsPage::validationError() const
{
    if (m_host->text().trimmed().isEmpty())
        return {};
    const QString from = m_from->text().trimmed();
    if (from.indexOf(QLatin1Char('@')) <= 0 || from.contains(QLatin1Char(' ')))
        return tr("E-mail: enter the sender address alert mail comes from.");
    return {};
}

} // namespace fw
