#include "ServerConnectionForm.h"

#include "util/SecretStore.h"

#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace fw {

namespace {
const QString kReceive = u"receive"_s;
const QString kConnect = u"connect"_s;

QLabel *note(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setWordWrap(true);
    l->setEnabled(false);
    return l;
}
} // namespace

ServerConnectionForm::Mode ServerConnectionForm::storedMode()
{
    const QString v = QSettings().value(kModeKey).toString();
    return v == kReceive ? Mode::Receive : v == kConnect ? Mode::Connect : Mode::Unset;
}

QString ServerConnectionForm::storedServerUrl()
{
    return QSettings().value(kServerUrlKey).toString();
}

ServerConnectionForm::ServerConnectionForm(QWidget *parent)
    : QWidget(parent)
    , m_receive(new QRadioButton(tr("This computer &receives the trackers"), this))
    , m_connect(new QRadioButton(tr("&Connect to a FleetWatch server"), this))
    , m_url(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_test(new QPushButton(tr("&Test connection"), this))
    , m_result(new QLabel(this))
{
    m_receive->setObjectName(u"receiveRadio"_s);
    m_connect->setObjectName(u"connectRadio"_s);
    m_url->setObjectName(u"serverUrlEdit"_s);
    m_url->setAccessibleName(tr("FleetWatch server address"));
    m_url->setPlaceholderText(u"postgresql://user@host:5432/fleetwatch"_s);
    m_password->setObjectName(u"serverPassword"_s);
    m_password->setAccessibleName(tr("FleetWatch server password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_test->setObjectName(u"testConnectionButton"_s);
    m_result->setObjectName(u"testResult"_s);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_receive);
    layout->addWidget(note(tr("The trackers send to this computer: it opens the listening "
                              "ports and keeps the data (SQLite here, or a PostgreSQL database)."),
        this));
    layout->addWidget(m_connect);
    layout->addWidget(note(tr("Ingest nodes receive the trackers and write a PostgreSQL "
                              "database; this window shows that database live and opens no "
                              "ports."),
        this));
    auto *form = new QVBoxLayout;
    form->setContentsMargins(20, 0, 0, 0);
    auto *urlLabel = new QLabel(tr("Server &address:"), this);
    urlLabel->setBuddy(m_url);
    form->addWidget(urlLabel);
    form->addWidget(m_url);
    auto *passwordRow = new QHBoxLayout;
    auto *passwordLabel = new QLabel(tr("Pass&word:"), this);
    passwordLabel->setBuddy(m_password);
    passwordRow->addWidget(passwordLabel);
    passwordRow->addWidget(m_password, 1);
    passwordRow->addWidget(m_test);
    form->addLayout(passwordRow);
    form->addWidget(m_result);
    layout->addLayout(form);
    layout->addWidget(note(tr("The password is kept in the operating system's keychain, never in "
                              "the settings file. A change of mode takes effect when FleetWatch "
                              "restarts."),
        this));
    m_result->hide();

    connect(m_receive, &QRadioButton::toggled, this, [this] {
        updateEnabled();
        emit edited();
    });
    connect(m_url, &QLineEdit::textChanged, this, &ServerConnectionForm::edited);
    connect(m_test, &QPushButton::clicked, this, &ServerConnectionForm::testConnection);
    m_receive->setChecked(true);
    updateEnabled();
}

void ServerConnectionForm::load()
{
    setMode(storedMode() == Mode::Connect ? Mode::Connect : Mode::Receive);
    m_url->setText(storedServerUrl());
}

void ServerConnectionForm::save() const
{
    QSettings s;
    s.setValue(kModeKey, mode() == Mode::Connect ? kConnect : kReceive);
    // Passwords never go into the settings file: enteredPassword() goes to the keychain.
    s.setValue(kServerUrlKey, serverUrl());
}

ServerConnectionForm::Mode ServerConnectionForm::mode() const
{
    return m_connect->isChecked() ? Mode::Connect : Mode::Receive;
}

void ServerConnectionForm::setMode(Mode mode)
{
    (mode == Mode::Connect ? m_connect : m_receive)->setChecked(true);
    updateEnabled();
}

void ServerConnectionForm::setStoredPassword(const QString &password)
{
    m_storedPassword = password;
    // Say the field may stay empty only when there is a password to keep.
    m_password->setPlaceholderText(
        password.isEmpty() ? QString() : tr("unchanged (kept in the keychain)"));
}

QString ServerConnectionForm::serverUrl() const
{
    return splitPassword(m_url->text().trimmed()).url;
}

QString ServerConnectionForm::enteredPassword() const
{
    return m_password->text().isEmpty() ? splitPassword(m_url->text().trimmed()).password
                                        : m_password->text();
}

QString ServerConnectionForm::validationError() const
{
    if (mode() != Mode::Connect)
        return {};
    const QString url = serverUrl();
    if (url.isEmpty())
        return tr("Enter the FleetWatch server's address (postgresql://...).");
    QString error;
    const std::optional<DatabaseConfig> config = DatabaseConfig::parse(url, &error);
    if (!config)
        return tr("Server address: %1").arg(error);
    if (!config->isPostgres())
        return tr("A FleetWatch server is a PostgreSQL database: the address starts with "
                  "postgresql://.");
    return {};
}

QString ServerConnectionForm::lastResultText() const
{
    return m_result->text();
}

void ServerConnectionForm::testConnection()
{
    if (m_testing)
        return;
    QString password = enteredPassword();
    if (password.isEmpty())
        password = m_storedPassword;
    QString error;
    const std::optional<DatabaseConfig> config
        = DatabaseConfig::parse(withPassword(serverUrl(), password), &error);
    if (!config) {
        ConnectionCheck::Result r;
        r.message = tr("The address is not one FleetWatch understands: %1").arg(error);
        showResult(r);
        return;
    }
    m_testing = true;
    m_test->setEnabled(false);
    m_result->setText(tr("Testing the connection…"));
    m_result->show();
    // On a worker: the server may take seconds to answer, or never.
    auto *watcher = new QFutureWatcher<ConnectionCheck::Result>(this);
    connect(watcher, &QFutureWatcher<ConnectionCheck::Result>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_testing = false;
        updateEnabled();
        showResult(watcher->result());
    });
    const DatabaseConfig target = *config;
    watcher->setFuture(QtConcurrent::run([target] { return ConnectionCheck::run(target); }));
}

void ServerConnectionForm::showResult(const ConnectionCheck::Result &result)
{
    QString text = result.message;
    if (!result.ok() && !result.detail.isEmpty())
        text += u"\n"_s + tr("The server said: %1").arg(result.detail);
    m_result->setText(text);
    QPalette palette = m_result->palette();
    palette.setColor(QPalette::WindowText,
        result.ok() ? QColor(0x2e, 0x7d, 0x32) : QColor(0xd3, 0x3b, 0x2f));
    m_result->setPalette(palette);
    m_result->show();
    emit tested(result);
}

void ServerConnectionForm::updateEnabled()
{
    const bool connect = m_connect->isChecked();
    m_url->setEnabled(connect);
    m_password->setEnabled(connect);
    m_test->setEnabled(connect && !m_testing);
}

} // namespace fw
