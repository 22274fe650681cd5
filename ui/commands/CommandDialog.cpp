#include "CommandDialog.h"

#include "util/SecretStore.h"

#include "commands/SmsSender.h"
#include "util/Clock.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSerialPort>
#include <QSettings>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace fw {

namespace {
enum Column { ColCommand, ColChannel, ColSent, ColReply, ColState };
constexpr int kIdRole = Qt::UserRole + 1;
} // namespace

CommandDialog::CommandDialog(const CommandCatalog *catalog, const Clock *clock, QWidget *parent)
    : QDialog(parent)
    , m_catalog(catalog)
    , m_clock(clock)
    , m_deviceLabel(new QLabel(this))
    , m_commandCombo(new QComboBox(this))
    , m_intervalSpin(new QSpinBox(this))
    , m_hostEdit(new QLineEdit(this))
    , m_portSpin(new QSpinBox(this))
    , m_customEdit(new QLineEdit(this))
    , m_gprsLabel(new QLabel(this))
    , m_gprsButton(new QPushButton(tr("Send over &GPRS"), this))
    , m_smsLabel(new QLabel(this))
    , m_smsEdit(new QLineEdit(this))
    , m_revealBox(new QCheckBox(tr("&Show password"), this))
    , m_copyButton(new QPushButton(tr("&Copy SMS text"), this))
    , m_sendSmsButton(new QPushButton(tr("Send SMS via &gateway"), this))
    , m_pendingList(new QTreeWidget(this))
    , m_replyEdit(new QPlainTextEdit(this))
    , m_explainButton(new QPushButton(tr("&Explain reply"), this))
    , m_explanation(new QLabel(this))
{
    setObjectName(QStringLiteral("CommandDialog"));
    setWindowTitle(tr("Send Command"));
    setAccessibleName(tr("Send command"));
    resize(720, 640);

    m_deviceLabel->setAccessibleName(tr("Device"));
    m_deviceLabel->setWordWrap(true);
    m_commandCombo->setObjectName(QStringLiteral("commandCombo"));
    m_commandCombo->setAccessibleName(tr("Command"));
    m_intervalSpin->setObjectName(QStringLiteral("intervalSpin"));
    m_intervalSpin->setAccessibleName(tr("Reporting interval in seconds"));
    m_intervalSpin->setRange(5, 86400);
    m_intervalSpin->setValue(30);
    m_intervalSpin->setSuffix(tr(" s"));
    m_hostEdit->setObjectName(QStringLiteral("hostEdit"));
    m_hostEdit->setAccessibleName(tr("Server address"));
    m_portSpin->setObjectName(QStringLiteral("portSpin"));
    m_portSpin->setAccessibleName(tr("Server port"));
    m_portSpin->setRange(1, 65535);
    m_customEdit->setObjectName(QStringLiteral("customEdit"));
    m_customEdit->setAccessibleName(tr("Command text"));

    auto *form = new QFormLayout;
    form->addRow(tr("Co&mmand:"), m_commandCombo);
    form->addRow(tr("&Interval:"), m_intervalSpin);
    form->addRow(tr("Server &address:"), m_hostEdit);
    form->addRow(tr("Server &port:"), m_portSpin);
    form->addRow(tr("&Text:"), m_customEdit);

    auto *gprsBox = new QGroupBox(tr("Over the live connection"), this);
    auto *gprsLayout = new QHBoxLayout(gprsBox);
    m_gprsLabel->setAccessibleName(tr("Live connection state"));
    m_gprsLabel->setWordWrap(true);
    m_gprsButton->setObjectName(QStringLiteral("gprsButton"));
    m_gprsButton->setAccessibleName(tr("Send over GPRS"));
    gprsLayout->addWidget(m_gprsLabel, 1);
    gprsLayout->addWidget(m_gprsButton);

    auto *smsBox = new QGroupBox(tr("By SMS"), this);
    auto *smsLayout = new QVBoxLayout(smsBox);
    m_smsLabel->setAccessibleName(tr("SMS note"));
    m_smsLabel->setWordWrap(true);
    m_smsEdit->setObjectName(QStringLiteral("smsText"));
    m_smsEdit->setAccessibleName(tr("SMS text"));
    m_smsEdit->setReadOnly(true);
    m_revealBox->setObjectName(QStringLiteral("revealPassword"));
    m_revealBox->setAccessibleName(tr("Show the device password"));
    m_copyButton->setObjectName(QStringLiteral("copySmsButton"));
    m_copyButton->setAccessibleName(tr("Copy the SMS text"));
    m_sendSmsButton->setObjectName(QStringLiteral("sendSmsButton"));
    m_sendSmsButton->setAccessibleName(tr("Send the SMS through the gateway"));
    m_sendSmsButton->hide();
    auto *smsButtons = new QHBoxLayout;
    smsButtons->addWidget(m_revealBox);
    smsButtons->addStretch(1);
    smsButtons->addWidget(m_copyButton);
    smsButtons->addWidget(m_sendSmsButton);
    smsLayout->addWidget(m_smsLabel);
    smsLayout->addWidget(m_smsEdit);
    smsLayout->addLayout(smsButtons);

    m_pendingList->setObjectName(QStringLiteral("pendingList"));
    m_pendingList->setAccessibleName(tr("Commands sent and replies"));
    m_pendingList->setRootIsDecorated(false);
    m_pendingList->setHeaderLabels(
        { tr("Command"), tr("Channel"), tr("Sent"), tr("Reply"), tr("State") });
    m_pendingList->header()->setSectionResizeMode(ColReply, QHeaderView::Stretch);

    auto *replyBox = new QGroupBox(tr("SMS reply from the device"), this);
    auto *replyLayout = new QVBoxLayout(replyBox);
    m_replyEdit->setObjectName(QStringLiteral("replyEdit"));
    m_replyEdit->setAccessibleName(tr("Paste the device's SMS reply"));
    m_replyEdit->setPlaceholderText(tr("Paste the text the device sent back"));
    m_replyEdit->setMaximumHeight(70);
    m_explainButton->setObjectName(QStringLiteral("explainButton"));
    m_explainButton->setAccessibleName(tr("Explain the reply"));
    m_explanation->setObjectName(QStringLiteral("replyExplanation"));
    m_explanation->setAccessibleName(tr("What the reply means"));
    m_explanation->setWordWrap(true);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *replyRow = new QHBoxLayout;
    replyRow->addWidget(m_replyEdit, 1);
    replyRow->addWidget(m_explainButton, 0, Qt::AlignTop);
    replyLayout->addLayout(replyRow);
    replyLayout->addWidget(m_explanation);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_deviceLabel);
    layout->addLayout(form);
    layout->addWidget(gprsBox);
    layout->addWidget(smsBox);
    layout->addWidget(new QLabel(tr("Sent commands:"), this));
    layout->addWidget(m_pendingList, 1);
    layout->addWidget(replyBox);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_commandCombo, &QComboBox::currentIndexChanged, this, &CommandDialog::updateCommand);
    connect(m_intervalSpin, &QSpinBox::valueChanged, this, &CommandDialog::updateCommand);
    connect(m_portSpin, &QSpinBox::valueChanged, this, &CommandDialog::updateCommand);
    connect(m_hostEdit, &QLineEdit::textChanged, this, &CommandDialog::updateCommand);
    connect(m_customEdit, &QLineEdit::textChanged, this, &CommandDialog::updateCommand);
    connect(m_revealBox, &QCheckBox::toggled, this, &CommandDialog::updateCommand);
    connect(m_gprsButton, &QPushButton::clicked, this, &CommandDialog::sendOverGprs);
    connect(m_copyButton, &QPushButton::clicked, this, &CommandDialog::copySms);
    connect(m_sendSmsButton, &QPushButton::clicked, this, &CommandDialog::sendSms);
    connect(m_explainButton, &QPushButton::clicked, this, &CommandDialog::explainReply);
}

void CommandDialog::setDevice(const Device &device, bool online)
{
    m_device = device;
    m_online = online;
    m_password = m_catalog->passwordFor(device);
    if (m_smsSender)
        m_smsSender->addSecret(m_password);
    setWindowTitle(
        tr("Send Command to %1").arg(device.name.isEmpty() ? device.uniqueId : device.name));
    rebuildCommands();
}

void CommandDialog::setOnline(bool online)
{
    m_online = online;
    updateCommand();
}

void CommandDialog::setGprsSender(GprsSender sender)
{
    m_gprs = std::move(sender);
    updateCommand();
}

void CommandDialog::setSmsQueue(SmsQueue queue)
{
    m_smsQueue = std::move(queue);
    updateCommand();
}

void CommandDialog::setSmsSender(SmsSender *sender)
{
    if (m_smsSender)
        disconnect(m_smsSender, nullptr, this, nullptr);
    m_smsSender = sender;
    if (sender) {
        sender->addSecret(m_password);
        connect(sender, &SmsSender::finished, this,
            [this](quint64 job, bool ok, const QString &error) {
                const auto it = m_smsJobs.constFind(job);
                if (it == m_smsJobs.cend())
                    return;
                updateRow(it.value(), QString(),
                    ok ? tr("SMS sent, waiting for the reply")
                       : tr("SMS not sent: %1").arg(error));
                m_smsJobs.erase(it);
            });
    }
    updateCommand();
}

void CommandDialog::setServer(const QString &host, quint16 port)
{
    m_host = host;
    m_port = port;
    m_hostEdit->setText(host);
    if (port != 0)
        m_portSpin->setValue(port);
}

void CommandDialog::rebuildCommands()
{
    const QSignalBlocker blocker(m_commandCombo);
    m_commandCombo->clear();
    for (const CommandDefinition &c : m_catalog->forDevice(m_device))
        m_commandCombo->addItem(c.title, static_cast<int>(c.type));
    const QString protocol = m_catalog->protocolOf(m_device);
    m_deviceLabel->setText(
        tr("%1 (%2), protocol %3, phone %4")
            .arg(m_device.name.isEmpty() ? m_device.uniqueId : m_device.name, m_device.uniqueId,
                protocol.isEmpty() ? tr("unknown") : protocol,
                m_device.phone.isEmpty() ? tr("not set") : m_device.phone));
    updateCommand();
}

void CommandDialog::selectCommand(CommandType type)
{
    const int index = m_commandCombo->findData(static_cast<int>(type));
    if (index >= 0)
        m_commandCombo->setCurrentIndex(index);
}

CommandType CommandDialog::currentCommand() const
{
    const QVariant v = m_commandCombo->currentData();
    return v.isValid() ? static_cast<CommandType>(v.toInt()) : CommandType::Custom;
}

CommandParams CommandDialog::params() const
{
    CommandParams p;
    p.uniqueId = m_device.uniqueId;
    p.serial = m_serial;
    p.now = m_clock ? m_clock->now() : kNoTime;
    p.intervalSecs = m_intervalSpin->value();
    p.host = m_hostEdit->text().trimmed();
    p.port = static_cast<quint16>(m_portSpin->value());
    p.text = m_customEdit->text();
    p.password = m_catalog->passwordFor(m_device);
    return p;
}

bool CommandDialog::gprsAvailable() const
{
    if (!m_online || !m_gprs || m_commandCombo->count() == 0)
        return false;
    return supportsGprsCommand(m_catalog->protocolOf(m_device), currentCommand());
}

bool CommandDialog::passwordRevealed() const
{
    return m_revealBox->isChecked();
}

void CommandDialog::setPasswordRevealed(bool revealed)
{
    m_revealBox->setChecked(revealed);
}

QString CommandDialog::displayedSms() const
{
    return m_smsEdit->text();
}

void CommandDialog::updateCommand()
{
    const CommandType type = currentCommand();
    const bool any = m_commandCombo->count() > 0;
    m_intervalSpin->setEnabled(any && type == CommandType::SetInterval);
    m_hostEdit->setEnabled(any && type == CommandType::SetServer);
    m_portSpin->setEnabled(any && type == CommandType::SetServer);
    m_customEdit->setEnabled(any && type == CommandType::Custom);

    const QString protocol = m_catalog->protocolOf(m_device);
    const bool wire = any && supportsGprsCommand(protocol, type);
    if (!any)
        m_gprsLabel->setText(tr("No commands are known for this device's model or protocol."));
    else if (!wire)
        m_gprsLabel->setText(tr("The %1 protocol has no wire form of this command: use SMS.")
                                 .arg(protocol.isEmpty() ? tr("device's") : protocol));
    else if (!m_online)
        m_gprsLabel->setText(tr("The device is not connected now: use SMS (a \"connect\" "
                                "request wakes devices that connect only on request)."));
    else if (!m_gprs)
        m_gprsLabel->setText(tr("This window cannot reach the device's connection."));
    else
        m_gprsLabel->setText(tr("The device is connected: the command goes straight to it."));
    m_gprsButton->setEnabled(gprsAvailable());

    const QSettings settings;
    const QString apn = settings.value(QStringLiteral("sms/apn")).toString();
    m_sms = any ? m_catalog->smsText(m_device, type, params(), apn) : QString();
    const bool hasSms = !m_sms.isEmpty();
    if (!hasSms)
        m_smsLabel->setText(tr("This command cannot be sent by SMS."));
    else if (m_device.phone.isEmpty())
        m_smsLabel->setText(tr("Send this text to the tracker's SIM card (no phone number is "
                               "set for the device):"));
    else
        m_smsLabel->setText(tr("Send this text to %1:").arg(m_device.phone));
    const bool masked = !m_revealBox->isChecked() && !m_password.isEmpty();
    m_smsEdit->setText(masked ? redactSecrets(m_sms, { m_password }) : m_sms);
    m_smsEdit->setEnabled(hasSms);
    m_revealBox->setEnabled(hasSms && !m_password.isEmpty());
    m_copyButton->setEnabled(hasSms);
    const bool canSend = m_smsSender || m_smsQueue;
    m_sendSmsButton->setVisible(canSend);
    m_sendSmsButton->setEnabled(hasSms && canSend && !m_device.phone.isEmpty());
    m_sendSmsButton->setToolTip(m_smsQueue ? tr("Queued for a FleetWatch node with an SMS gateway")
                                           : QString());
}

quint64 CommandDialog::addPending(
    CommandType type, bool viaSms, quint32 serial, const QString &text)
{
    PendingCommand c;
    c.id = m_nextId++;
    c.uniqueId = m_device.uniqueId;
    c.protocol = m_catalog->protocolOf(m_device);
    c.type = type;
    c.viaSms = viaSms;
    c.serial = serial;
    c.sentAt = m_clock ? m_clock->now() : kNoTime;
    c.sentText = text;
    m_pending.append(c);
    auto *item = new QTreeWidgetItem(m_pendingList);
    item->setData(ColCommand, kIdRole, QVariant::fromValue(c.id));
    item->setText(ColCommand, commandTypeTitle(type));
    item->setText(ColChannel, viaSms ? tr("SMS") : tr("GPRS"));
    item->setText(ColSent,
        c.sentAt == kNoTime
            ? QString()
            : toDateTime(c.sentAt).toLocalTime().toString(QStringLiteral("HH:mm:ss")));
    item->setText(ColState, tr("Waiting for the reply"));
    emit commandSent(m_device.uniqueId, type, viaSms);
    return c.id;
}

void CommandDialog::updateRow(quint64 id, const QString &reply, const QString &state)
{
    for (int i = 0; i < m_pendingList->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_pendingList->topLevelItem(i);
        if (item->data(ColCommand, kIdRole).toULongLong() != id)
            continue;
        if (!reply.isEmpty()) {
            item->setText(ColReply, reply);
            item->setToolTip(ColReply, reply);
        }
        item->setText(ColState, state);
        return;
    }
}

bool CommandDialog::sendOverGprs()
{
    if (!gprsAvailable())
        return false;
    const CommandType type = currentCommand();
    const std::optional<CommandDefinition> def = m_catalog->find(m_device, type);
    if (def && def->needsConfirmation
        && QMessageBox::question(this, tr("Send Command"),
               tr("Send \"%1\" to %2 now?").arg(def->title, m_device.uniqueId))
            != QMessageBox::Yes)
        return false;
    QString error;
    const CommandParams p = params();
    const QByteArray bytes = encodeGprsCommand(m_catalog->protocolOf(m_device), type, p, &error);
    if (bytes.isEmpty()) {
        m_gprsLabel->setText(tr("Cannot encode the command: %1").arg(error));
        return false;
    }
    const quint64 pendingId
        = addPending(type, false, p.serial, type == CommandType::Custom ? p.text : QString());
    ++m_serial;
    // The node writes it on its own thread and answers later; the window never waits for it.
    const QPointer<CommandDialog> self(this);
    m_gprs(m_device.uniqueId, bytes, [self, pendingId](bool sent) {
        if (!self || sent)
            return;
        self->m_pending.removeIf([pendingId](const PendingCommand &c) { return c.id == pendingId; });
        self->updateRow(pendingId, QString(), tr("Not sent: the device is not connected"));
        self->m_online = false;
        self->updateCommand();
        self->m_gprsLabel->setText(tr("The device's connection is gone: use SMS."));
    });
    return true;
}

void CommandDialog::copySms()
{
    if (m_sms.isEmpty())
        return;
    QApplication::clipboard()->setText(m_sms);
    m_smsLabel->setText(tr("Copied. Send it from a phone to the tracker's SIM card."));
}

bool CommandDialog::sendSms()
{
    if ((!m_smsSender && !m_smsQueue) || m_sms.isEmpty() || m_device.phone.isEmpty())
        return false;
    const CommandType type = currentCommand();
    const quint64 pendingId = addPending(type, true, 0, redactSecrets(m_sms, { m_password }));
    if (m_smsQueue) {
        const CommandParams p = params();
        QVariantMap values;
        if (type == CommandType::SetInterval)
            values.insert(QStringLiteral("interval"), p.intervalSecs);
        if (type == CommandType::SetServer) {
            values.insert(QStringLiteral("host"), p.host);
            values.insert(QStringLiteral("port"), p.port);
        }
        if (type == CommandType::Custom)
            values.insert(QStringLiteral("text"), p.text);
        updateRow(pendingId, QString(), tr("Queued for a node's SMS gateway..."));
        QPointer<CommandDialog> self(this);
        m_smsQueue(m_device.uniqueId, commandTypeId(type), values,
            [self, pendingId](bool sent, const QString &why) {
                if (self) {
                    self->updateRow(pendingId, QString(),
                        sent ? tr("SMS sent by a node, waiting for the reply")
                             : tr("SMS not sent: %1").arg(why));
                }
            });
        return true;
    }
    const quint64 job = m_smsSender->send(m_device.phone, m_sms);
    m_smsJobs.insert(job, pendingId);
    updateRow(pendingId, QString(), tr("Sending SMS..."));
    return true;
}

SmsReply CommandDialog::explainReply()
{
    const QString text = m_replyEdit->toPlainText().trimmed();
    const TimeMs now = m_clock ? m_clock->now() : kNoTime;
    const SmsReply reply = SmsReplyParser::parse(text, now);
    if (text.isEmpty()) {
        m_explanation->setText(tr("Paste the device's reply first."));
        return reply;
    }
    m_explanation->setText(reply.explanation);
    CommandReply r;
    r.uniqueId = m_device.uniqueId;
    r.protocol = m_catalog->protocolOf(m_device);
    r.text = text;
    r.viaSms = true;
    r.at = now;
    applyReply(r, reply.explanation);
    return reply;
}

void CommandDialog::applyDelta(const FleetDelta &delta)
{
    for (const DeviceEvent &e : delta.events) {
        if (e.type != EventType::CommandResult || e.uniqueId != m_device.uniqueId)
            continue;
        CommandReply r;
        r.uniqueId = e.uniqueId;
        r.protocol = m_catalog->protocolOf(m_device);
        r.text = e.text;
        r.viaSms = false;
        r.at = e.time;
        applyReply(r, QString());
    }
    for (const DeviceSnapshot &s : delta.changed) {
        if (s.device.uniqueId == m_device.uniqueId && !isConnected(s.status) && m_online)
            setOnline(false);
    }
}

void CommandDialog::applyReply(const CommandReply &reply, const QString &explanation)
{
    const CommandReplyMatch match = CommandReplyMatch::find(m_pending, reply);
    if (!match.matched()) {
        auto *item = new QTreeWidgetItem(m_pendingList);
        item->setText(ColCommand, tr("(no command)"));
        item->setText(ColChannel, reply.viaSms ? tr("SMS") : tr("GPRS"));
        item->setText(ColReply, reply.text);
        item->setToolTip(ColReply, explanation.isEmpty() ? reply.text : explanation);
        item->setText(ColState, tr("Reply to no pending command"));
        return;
    }
    m_pending.removeIf([&match](const PendingCommand &c) { return c.id == match.commandId; });
    updateRow(match.commandId, reply.text,
        match.basis == CommandReplyMatch::Content ? tr("Answered") : tr("Answered (by order)"));
}

SmsSender *CommandDialog::smsSenderFromSettings(QObject *parent, QString *note,
                                                const QHash<QString, QString> &secrets)
{
    const QSettings settings;
    const QString kind = settings.value(QStringLiteral("sms/gateway")).toString();
    if (kind == u"http") {
        HttpSmsGatewayConfig config;
        config.urlTemplate = withPassword(settings.value(QStringLiteral("sms/url")).toString(),
                                          secrets.value(SecretKeys::kSmsGatewayPassword));
        if (config.urlTemplate.isEmpty()) {
            if (note)
                *note = tr("The SMS gateway has no URL set.");
            return nullptr;
        }
        config.method = settings.value(QStringLiteral("sms/method")).toString() == u"post"
            ? HttpSmsGatewayConfig::Post
            : HttpSmsGatewayConfig::Get;
        if (settings.contains(QStringLiteral("sms/body")))
            config.bodyTemplate = settings.value(QStringLiteral("sms/body")).toString();
        if (settings.contains(QStringLiteral("sms/contentType")))
            config.contentType = settings.value(QStringLiteral("sms/contentType")).toByteArray();
        const QByteArray auth = secrets.value(SecretKeys::kSmsAuthorization).toUtf8();
        if (!auth.isEmpty())
            config.headers.append({ QByteArrayLiteral("Authorization"), auth });
        auto *network = new QNetworkAccessManager(parent);
        auto *gateway = new HttpSmsGateway(network, config, parent);
        network->setParent(gateway);
        return gateway;
    }
    if (kind == u"modem") {
        // A GSM modem on a serial port, driven with AT commands (sms/port, sms/baud).
        const QString portName = settings.value(QStringLiteral("sms/port")).toString();
        auto *port = new QSerialPort(portName);
        port->setBaudRate(settings.value(QStringLiteral("sms/baud"), 115200).toInt());
        if (portName.isEmpty() || !port->open(QIODevice::ReadWrite)) {
            if (note)
                *note = tr("The GSM modem port \"%1\" cannot be opened: %2")
                            .arg(portName, port->errorString());
            delete port;
            return nullptr;
        }
        auto *modem = new ModemSmsSender(port, parent);
        port->setParent(modem);
        return modem;
    }
    return nullptr;
}

} // namespace fw
