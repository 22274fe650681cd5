#include "SettingsDialog.h"

#include "EmailSettingsPage.h"
#include "ServerConnectionForm.h"
#include "notify/SmtpSettings.h"

#include "util/SecretStore.h"

#include "protocols/ProtocolRegistry.h"
#include "storage/DatabaseConfig.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace fw {

namespace {

const QString kSqlitePrefix = u"sqlite:"_s;

int totalSeconds(const QSpinBox *minutes, const QSpinBox *seconds)
{
    return minutes->value() * 60 + seconds->value();
}

void setTotalSeconds(QSpinBox *minutes, QSpinBox *seconds, int total)
{
    total = std::max(0, total);
    minutes->setValue(total / 60);
    seconds->setValue(total % 60);
}

QLabel *noteLabel(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setWordWrap(true);
    l->setEnabled(false);
    return l;
}

// Empty means "keep the password the keychain holds"; typing replaces it.
QLineEdit *newPasswordEdit(QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setEchoMode(QLineEdit::Password);
    edit->setPlaceholderText(SettingsDialog::tr("unchanged (kept in the keychain)"));
    return edit;
}

} // namespace

QString SettingsDialog::enabledKey(const QString &protocol)
{
    return u"ingest/"_s + protocol + u"/enabled"_s;
}

QString SettingsDialog::portKey(const QString &protocol)
{
    return u"ingest/"_s + protocol + u"/port"_s;
}

SettingsDialog::SettingsDialog(const ProtocolRegistry *registry, QWidget *parent)
    : QDialog(parent)
    , m_registry(registry)
    , m_pageList(new QListWidget(this))
    , m_pages(new QStackedWidget(this))
    , m_errorLabel(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"SettingsDialog"_s);
    setWindowTitle(tr("Settings"));
    resize(720, 460);

    m_pageList->setObjectName(u"pageList"_s);
    m_pageList->setAccessibleName(tr("Settings pages"));
    m_pageList->addItems({ tr("Listening ports"), tr("Status"), tr("Database"), tr("Language"),
        tr("Notifications"), tr("SMS"), tr("E-mail"), tr("Window mode") });
    m_pageList->setMaximumWidth(m_pageList->sizeHintForColumn(0) + 24);
    m_pages->addWidget(createPortsPage());
    m_pages->addWidget(createStatusPage());
    m_pages->addWidget(createDatabasePage());
    m_pages->addWidget(createLanguagePage());
    m_pages->addWidget(createNotificationsPage());
    m_pages->addWidget(createSmsPage());
    m_email = new EmailSettingsPage(this);
    connect(m_email, &EmailSettingsPage::edited, this, &SettingsDialog::validate);
    m_pages->addWidget(m_email);
    auto *modePage = new QWidget(this);
    auto *modeLayout = new QVBoxLayout(modePage);
    m_server = new ServerConnectionForm(modePage);
    modeLayout->addWidget(m_server);
    modeLayout->addStretch();
    connect(m_server, &ServerConnectionForm::edited, this, &SettingsDialog::validate);
    m_pages->addWidget(modePage);

    m_errorLabel->setObjectName(u"errorLabel"_s);
    m_errorLabel->setWordWrap(true);
    QPalette errorPalette = m_errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xd3, 0x3b, 0x2f));
    m_errorLabel->setPalette(errorPalette);

    auto *body = new QHBoxLayout;
    body->addWidget(m_pageList);
    body->addWidget(m_pages, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(body, 1);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_buttons);

    connect(m_pageList, &QListWidget::currentRowChanged, m_pages,
            &QStackedWidget::setCurrentIndex);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    m_pageList->setCurrentRow(0);
    load();
    setFleetSettings(FleetSettings()); // the defaults, until the window hands the real ones
}

void SettingsDialog::showPage(Page page)
{
    m_pageList->setCurrentRow(static_cast<int>(page));
}

QWidget *SettingsDialog::createPortsPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    m_portsTable = new QTableWidget(0, 3, page);
    m_portsTable->setObjectName(u"portsTable"_s);
    m_portsTable->setAccessibleName(tr("Listening ports"));
    m_portsTable->setHorizontalHeaderLabels({ tr("Protocol"), tr("Port"), tr("Transport") });
    m_portsTable->verticalHeader()->hide();
    m_portsTable->horizontalHeader()->setStretchLastSection(true);
    m_portsTable->setSelectionMode(QAbstractItemView::NoSelection);
    if (m_registry) {
        for (const auto &decoder : m_registry->decoders()) {
            const ProtocolInfo &info = decoder->info();
            PortRow row;
            row.protocol = info.name;
            row.defaultPort = info.defaultPort;
            row.enabled = new QCheckBox(tr("%1 (%2)").arg(info.title, info.name), m_portsTable);
            row.enabled->setObjectName(u"enabled_"_s + info.name);
            row.enabled->setAccessibleName(tr("Listen for %1").arg(info.title));
            row.port = new QSpinBox(m_portsTable);
            row.port->setObjectName(u"port_"_s + info.name);
            row.port->setRange(1, 65535);
            row.port->setAccessibleName(tr("Port for %1").arg(info.title));
            row.port->setToolTip(tr("Default: %1").arg(info.defaultPort));
            QStringList transports;
            if (info.tcp)
                transports << (info.http ? u"HTTP"_s : u"TCP"_s);
            if (info.udp)
                transports << u"UDP"_s;
            const int r = m_portsTable->rowCount();
            m_portsTable->insertRow(r);
            m_portsTable->setCellWidget(r, 0, row.enabled);
            m_portsTable->setCellWidget(r, 1, row.port);
            auto *transport = new QTableWidgetItem(transports.join(u", "_s));
            transport->setFlags(Qt::ItemIsEnabled);
            m_portsTable->setItem(r, 2, transport);
            connect(row.enabled, &QCheckBox::toggled, this, &SettingsDialog::validate);
            connect(row.enabled, &QCheckBox::toggled, row.port, &QSpinBox::setEnabled);
            connect(row.port, &QSpinBox::valueChanged, this, &SettingsDialog::validate);
            m_ports.append(row);
        }
    }
    m_portsTable->resizeColumnsToContents();
    layout->addWidget(m_portsTable, 1);
    layout->addWidget(noteLabel(tr("Each enabled protocol needs a port of its own. Ports below "
                                   "1024 need administrator rights on most systems. Changes "
                                   "apply when the listeners restart."),
        page));
    return page;
}

QWidget *SettingsDialog::durationEditor(
    const QString &name, QSpinBox **minutes, QSpinBox **seconds, int maxMinutes)
{
    auto *box = new QWidget(this);
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    *minutes = new QSpinBox(box);
    (*minutes)->setRange(0, maxMinutes);
    (*minutes)->setSuffix(tr(" min"));
    (*minutes)->setAccessibleName(tr("%1, minutes").arg(name));
    *seconds = new QSpinBox(box);
    (*seconds)->setRange(0, 59);
    (*seconds)->setSuffix(tr(" s"));
    (*seconds)->setAccessibleName(tr("%1, seconds").arg(name));
    row->addWidget(*minutes);
    row->addWidget(*seconds);
    row->addStretch();
    connect(*minutes, &QSpinBox::valueChanged, this, &SettingsDialog::validate);
    connect(*seconds, &QSpinBox::valueChanged, this, &SettingsDialog::validate);
    return box;
}

QWidget *SettingsDialog::createStatusPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *form = new QFormLayout;
    form->addRow(tr("GPS freshness:"),
        durationEditor(tr("GPS freshness"), &m_freshnessMin, &m_freshnessSec, 24 * 60));
    m_freshnessMin->setObjectName(u"gpsFreshnessMinutes"_s);
    m_freshnessSec->setObjectName(u"gpsFreshnessSeconds"_s);
    form->addRow(tr("Default offline timeout:"),
        durationEditor(tr("Default offline timeout"), &m_offlineMin, &m_offlineSec, 7 * 24 * 60));
    m_offlineMin->setObjectName(u"offlineTimeoutMinutes"_s);
    m_offlineSec->setObjectName(u"offlineTimeoutSeconds"_s);
    layout->addLayout(form);
    layout->addWidget(noteLabel(tr("A device is \"online\" while its last valid fix is newer "
                                   "than the GPS freshness, and \"offline\" when nothing at all "
                                   "has arrived for its offline timeout (a device may set its "
                                   "own)."),
        page));
    layout->addStretch();
    return page;
}

QWidget *SettingsDialog::createDatabasePage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_sqliteRadio = new QRadioButton(tr("&SQLite file on this computer"), page);
    m_sqliteRadio->setObjectName(u"sqliteRadio"_s);
    m_sqlitePathEdit = new QLineEdit(page);
    m_sqlitePathEdit->setObjectName(u"sqlitePathEdit"_s);
    m_sqlitePathEdit->setAccessibleName(tr("SQLite file"));
    m_sqlitePathEdit->setPlaceholderText(tr("Default: fleetwatch.sqlite in the data folder"));
    auto *browse = new QPushButton(tr("&Browse…"), page);
    browse->setAccessibleName(tr("Choose the SQLite file"));
    auto *sqliteRow = new QHBoxLayout;
    sqliteRow->addSpacing(20);
    sqliteRow->addWidget(m_sqlitePathEdit, 1);
    sqliteRow->addWidget(browse);
    m_postgresRadio = new QRadioButton(tr("&PostgreSQL server (several operators, ingest "
                                          "nodes)"),
        page);
    m_postgresRadio->setObjectName(u"postgresRadio"_s);
    m_postgresUrlEdit = new QLineEdit(page);
    m_postgresUrlEdit->setObjectName(u"postgresUrlEdit"_s);
    m_postgresUrlEdit->setAccessibleName(tr("PostgreSQL URL"));
    m_postgresUrlEdit->setPlaceholderText(u"postgresql://user@host:5432/fleetwatch"_s);
    auto *pgRow = new QHBoxLayout;
    pgRow->addSpacing(20);
    pgRow->addWidget(m_postgresUrlEdit, 1);
    m_postgresPassword = newPasswordEdit(page);
    m_postgresPassword->setObjectName(u"postgresPassword"_s);
    m_postgresPassword->setAccessibleName(tr("PostgreSQL password"));
    auto *pgPasswordLabel = new QLabel(tr("Pass&word:"), page);
    pgPasswordLabel->setBuddy(m_postgresPassword);
    auto *pgPasswordRow = new QHBoxLayout;
    pgPasswordRow->addSpacing(20);
    pgPasswordRow->addWidget(pgPasswordLabel);
    pgPasswordRow->addWidget(m_postgresPassword, 1);
    layout->addWidget(m_sqliteRadio);
    layout->addLayout(sqliteRow);
    layout->addWidget(m_postgresRadio);
    layout->addLayout(pgRow);
    layout->addLayout(pgPasswordRow);
    layout->addWidget(noteLabel(tr("Passwords are kept in the operating system's keychain, "
                                   "never in the settings file. The database changes when "
                                   "FleetWatch restarts."),
        page));
    auto *retentionRow = new QHBoxLayout;
    m_retentionDays = new QSpinBox(page);
    m_retentionDays->setObjectName(u"retentionDays"_s);
    m_retentionDays->setRange(0, 3650);
    m_retentionDays->setSpecialValueText(tr("forever"));
    m_retentionDays->setSuffix(tr(" days"));
    m_retentionDays->setAccessibleName(tr("Keep positions for"));
    auto *retentionLabel = new QLabel(tr("&Keep positions for:"), page);
    retentionLabel->setBuddy(m_retentionDays);
    retentionRow->addWidget(retentionLabel);
    retentionRow->addWidget(m_retentionDays);
    retentionRow->addStretch();
    layout->addLayout(retentionRow);
    layout->addWidget(noteLabel(tr("Older positions are deleted in the background, a little at "
                                   "a time, without holding up incoming data."),
                                page));
    layout->addStretch();
    connect(browse, &QPushButton::clicked, this, &SettingsDialog::chooseSqliteFile);
    connect(m_sqliteRadio, &QRadioButton::toggled, this, &SettingsDialog::validate);
    connect(m_sqlitePathEdit, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(m_postgresUrlEdit, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    return page;
}

QWidget *SettingsDialog::createLanguagePage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *form = new QFormLayout;
    m_languageCombo = new QComboBox(page);
    m_languageCombo->setObjectName(u"languageCombo"_s);
    m_languageCombo->setAccessibleName(tr("Language"));
    m_languageCombo->addItem(tr("System default"), QString());
    m_languageCombo->addItem(u"English"_s, u"en"_s); // language names in their own language
    m_languageCombo->addItem(u"Русский"_s, u"ru"_s);
    form->addRow(tr("&Language:"), m_languageCombo);
    m_geocoderUrl = new QLineEdit(page);
    m_geocoderUrl->setObjectName(u"geocoderUrl"_s);
    m_geocoderUrl->setAccessibleName(tr("Address lookup service"));
    m_geocoderUrl->setPlaceholderText(tr("none: reports show coordinates"));
    form->addRow(tr("&Address lookup:"), m_geocoderUrl);
    layout->addLayout(form);
    layout->addWidget(noteLabel(tr("The language changes when FleetWatch restarts."), page));
    layout->addWidget(noteLabel(tr("Reports can show the street address of stops and trip ends, "
                                   "asked of a Nominatim-compatible service (give its URL). At "
                                   "most one place a second is asked, and every answer is kept "
                                   "on this computer, so a place is never asked twice."),
        page));
    layout->addStretch();
    return page;
}

QWidget *SettingsDialog::createSmsPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_smsKind = new QComboBox(page);
    m_smsKind->setObjectName(u"smsKind"_s);
    m_smsKind->setAccessibleName(tr("How SMS are sent"));
    m_smsKind->addItem(tr("Show the text only (send it from a phone)"), QString());
    m_smsKind->addItem(tr("HTTP SMS gateway"), u"http"_s);
    m_smsKind->addItem(tr("GSM modem on a serial port"), u"modem"_s);
    // Shared database: the command is queued and a `--headless --sms-gateway` node sends it.
    m_smsKind->addItem(tr("A FleetWatch node's SMS gateway"), u"node"_s);
    form->addRow(tr("Send SMS &through:"), m_smsKind);
    m_smsUrl = new QLineEdit(page);
    m_smsUrl->setObjectName(u"smsUrl"_s);
    m_smsUrl->setAccessibleName(tr("Gateway URL"));
    m_smsUrl->setPlaceholderText(u"https://sms.example.com/send?to={phone}&text={text}"_s);
    form->addRow(tr("Gateway &URL:"), m_smsUrl);
    m_smsPassword = newPasswordEdit(page);
    m_smsPassword->setObjectName(u"smsPassword"_s);
    m_smsPassword->setAccessibleName(tr("Gateway password"));
    form->addRow(tr("Gateway pass&word:"), m_smsPassword);
    m_smsMethod = new QComboBox(page);
    m_smsMethod->setAccessibleName(tr("HTTP method"));
    m_smsMethod->addItem(u"GET"_s, u"get"_s);
    m_smsMethod->addItem(u"POST"_s, u"post"_s);
    form->addRow(tr("HTTP &method:"), m_smsMethod);
    m_smsPort = new QLineEdit(page);
    m_smsPort->setObjectName(u"smsPort"_s);
    m_smsPort->setAccessibleName(tr("Modem serial port"));
    m_smsPort->setPlaceholderText(u"/dev/ttyUSB0, COM3"_s);
    form->addRow(tr("Modem &serial port:"), m_smsPort);
    m_smsBaud = new QSpinBox(page);
    m_smsBaud->setAccessibleName(tr("Modem speed"));
    m_smsBaud->setRange(1200, 921600);
    m_smsBaud->setSuffix(tr(" baud"));
    form->addRow(tr("Modem s&peed:"), m_smsBaud);
    form->addRow(noteLabel(tr("Device passwords are filled into the SMS text only when it is "
                              "sent; they never appear in logs."),
                           page));
    form->addRow(noteLabel(tr("With a node's SMS gateway, the command is queued in the shared "
                              "database and a node started with --sms-gateway sends it."),
                           page));
    const auto updateEnabled = [this] {
        const QString kind = m_smsKind->currentData().toString();
        m_smsUrl->setEnabled(kind == u"http");
        m_smsPassword->setEnabled(kind == u"http");
        m_smsMethod->setEnabled(kind == u"http");
        m_smsPort->setEnabled(kind == u"modem");
        m_smsBaud->setEnabled(kind == u"modem");
    };
    connect(m_smsKind, &QComboBox::currentIndexChanged, this, updateEnabled);
    updateEnabled();
    return page;
}

QWidget *SettingsDialog::createNotificationsPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_notificationsCheck = new QCheckBox(tr("Show a &notification when a device goes offline "
                                            "or raises an alarm"),
        page);
    m_notificationsCheck->setObjectName(u"notificationsCheck"_s);
    m_soundCheck = new QCheckBox(tr("Play a &sound with notifications"), page);
    m_soundCheck->setObjectName(u"soundCheck"_s);
    connect(m_notificationsCheck, &QCheckBox::toggled, m_soundCheck, &QCheckBox::setEnabled);
    layout->addWidget(m_notificationsCheck);
    layout->addWidget(m_soundCheck);
    layout->addStretch();
    return page;
}

void SettingsDialog::chooseSqliteFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("SQLite Database"),
        m_sqlitePathEdit->text(), tr("SQLite databases (*.sqlite *.db);;All files (*)"), nullptr,
        QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty()) {
        m_sqliteRadio->setChecked(true);
        m_sqlitePathEdit->setText(QDir::toNativeSeparators(path));
    }
}

void SettingsDialog::setStoredServerPassword(const QString &password)
{
    m_server->setStoredPassword(password);
}

void SettingsDialog::load()
{
    m_email->load();
    m_server->load();
    const QSettings s;
    for (const PortRow &row : std::as_const(m_ports)) {
        row.enabled->setChecked(s.value(enabledKey(row.protocol), true).toBool());
        row.port->setValue(s.value(portKey(row.protocol), row.defaultPort).toInt());
        row.port->setEnabled(row.enabled->isChecked());
    }
    m_smsKind->setCurrentIndex(std::max(0, m_smsKind->findData(s.value(u"sms/gateway"_s).toString())));
    m_smsUrl->setText(s.value(u"sms/url"_s).toString());
    m_smsMethod->setCurrentIndex(std::max(0, m_smsMethod->findData(s.value(u"sms/method"_s, u"get"_s).toString())));
    m_smsPort->setText(s.value(u"sms/port"_s).toString());
    m_smsBaud->setValue(s.value(u"sms/baud"_s, 115200).toInt());
    const QString url = s.value(kDatabaseUrlKey).toString();
    if (url.startsWith(u"postgres"_s)) {
        m_postgresRadio->setChecked(true);
        m_postgresUrlEdit->setText(url);
    } else {
        m_sqliteRadio->setChecked(true);
        m_sqlitePathEdit->setText(url.startsWith(kSqlitePrefix)
                ? QDir::toNativeSeparators(url.mid(kSqlitePrefix.size()))
                : url);
    }
    const int lang = m_languageCombo->findData(s.value(kLanguageKey).toString());
    m_languageCombo->setCurrentIndex(std::max(0, lang));
    m_geocoderUrl->setText(s.value(kGeocoderUrlKey).toString());
    m_notificationsCheck->setChecked(s.value(kNotificationsKey, true).toBool());
    m_soundCheck->setChecked(s.value(kSoundKey, false).toBool());
    m_soundCheck->setEnabled(m_notificationsCheck->isChecked());
    validate();
}

QString SettingsDialog::databaseUrl() const
{
    if (m_postgresRadio->isChecked())
        return m_postgresUrlEdit->text().trimmed();
    const QString path = m_sqlitePathEdit->text().trimmed();
    return path.isEmpty() ? QString() : kSqlitePrefix + QDir::fromNativeSeparators(path);
}

void SettingsDialog::save() const
{
    QSettings s;
    for (const PortRow &row : m_ports) {
        s.setValue(enabledKey(row.protocol), row.enabled->isChecked());
        s.setValue(portKey(row.protocol), row.port->value());
    }
    // Passwords never go into the settings file: enteredSecrets() hands them to the keychain.
    s.setValue(kDatabaseUrlKey, splitPassword(databaseUrl()).url);
    s.setValue(u"sms/gateway"_s, m_smsKind->currentData().toString());
    s.setValue(u"sms/url"_s, splitPassword(m_smsUrl->text().trimmed()).url);
    s.setValue(u"sms/method"_s, m_smsMethod->currentData().toString());
    s.setValue(u"sms/port"_s, m_smsPort->text().trimmed());
    s.setValue(u"sms/baud"_s, m_smsBaud->value());
    s.setValue(kLanguageKey, m_languageCombo->currentData().toString());
    s.setValue(kGeocoderUrlKey, m_geocoderUrl->text().trimmed());
    s.setValue(kNotificationsKey, m_notificationsCheck->isChecked());
    s.setValue(kSoundKey, m_soundCheck->isChecked());
    m_email->save();
    m_server->save();
}

QHash<QString, QString> SettingsDialog::enteredSecrets() const
{
    QHash<QString, QString> secrets;
    // A password typed into its own field wins over one written into the URL.
    const auto entered = [](const QLineEdit *field, const QString &url) {
        return field->text().isEmpty() ? splitPassword(url).password : field->text();
    };
    if (const QString pw = entered(m_postgresPassword, databaseUrl()); !pw.isEmpty())
        secrets.insert(SecretKeys::kDatabasePassword, pw);
    if (const QString pw = entered(m_smsPassword, m_smsUrl->text().trimmed()); !pw.isEmpty())
        secrets.insert(SecretKeys::kSmsGatewayPassword, pw);
    if (const QString pw = m_email->enteredPassword(); !pw.isEmpty())
        secrets.insert(kSmtpPasswordKey, pw);
    if (const QString pw = m_server->enteredPassword(); !pw.isEmpty())
        secrets.insert(SecretKeys::kServerPassword, pw);
    return secrets;
}

void SettingsDialog::setFleetSettings(const FleetSettings &settings)
{
    m_fleetSettings = settings;
    setTotalSeconds(m_freshnessMin, m_freshnessSec,
                    static_cast<int>(settings.status.gpsFreshness / kSecond));
    setTotalSeconds(m_offlineMin, m_offlineSec,
                    static_cast<int>(settings.status.defaultOfflineTimeout / kSecond));
    m_retentionDays->setValue(settings.retentionDays);
    validate();
}

void SettingsDialog::setFleetSettingsRefused(const QString &reason)
{
    for (QSpinBox *box :
        { m_freshnessMin, m_freshnessSec, m_offlineMin, m_offlineSec, m_retentionDays }) {
        box->setEnabled(reason.isEmpty());
        box->setToolTip(reason);
    }
}

FleetSettings SettingsDialog::fleetSettings() const
{
    FleetSettings fs = m_fleetSettings; // keeps what the form does not show
    fs.status.gpsFreshness = totalSeconds(m_freshnessMin, m_freshnessSec) * kSecond;
    fs.status.defaultOfflineTimeout = totalSeconds(m_offlineMin, m_offlineSec) * kSecond;
    fs.retentionDays = m_retentionDays->value();
    return fs;
}

bool SettingsDialog::fleetSettingsEdited() const
{
    const FleetSettings now = fleetSettings();
    return now.status.gpsFreshness != m_fleetSettings.status.gpsFreshness
        || now.status.defaultOfflineTimeout != m_fleetSettings.status.defaultOfflineTimeout
        || now.retentionDays != m_fleetSettings.retentionDays;
}

void SettingsDialog::validate()
{
    // Signals arrive while the pages are still being built.
    if (!m_offlineSec || !m_postgresUrlEdit || !m_soundCheck || !m_email || !m_server)
        return;
    QString error;
    QHash<int, QString> used;
    for (const PortRow &row : std::as_const(m_ports)) {
        if (!row.enabled->isChecked())
            continue;
        const int port = row.port->value();
        if (used.contains(port)) {
            error = tr("Port %1 is set for both %2 and %3: each protocol needs its own port.")
                        .arg(QString::number(port), used.value(port), row.protocol);
            break;
        }
        used.insert(port, row.protocol);
    }
    if (error.isEmpty() && totalSeconds(m_freshnessMin, m_freshnessSec) < 10)
        error = tr("The GPS freshness must be at least 10 seconds.");
    if (error.isEmpty() && totalSeconds(m_offlineMin, m_offlineSec) < 30)
        error = tr("The default offline timeout must be at least 30 seconds.");
    if (error.isEmpty()) {
        const QString url = databaseUrl();
        QString dbError;
        if (m_postgresRadio->isChecked() && url.isEmpty())
            error = tr("Enter the PostgreSQL URL.");
        else if (!url.isEmpty() && !DatabaseConfig::parse(url, &dbError))
            error = tr("Database: %1").arg(dbError);
    }
    if (error.isEmpty())
        error = m_email->validationError();
    if (error.isEmpty())
        error = m_server->validationError();
    m_sqlitePathEdit->setEnabled(m_sqliteRadio->isChecked());
    m_postgresUrlEdit->setEnabled(m_postgresRadio->isChecked());
    m_error = error;
    m_errorLabel->setText(error);
    m_errorLabel->setVisible(!error.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
}

void SettingsDialog::accept()
{
    validate();
    if (!isValid())
        return;
    save();
    if (const QHash<QString, QString> secrets = enteredSecrets(); !secrets.isEmpty())
        emit secretsEntered(secrets);
    emit settingsChanged();
    if (fleetSettingsEdited())
        emit fleetSettingsChanged(fleetSettings());
    QDialog::accept();
}

} // namespace fw
