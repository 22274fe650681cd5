#pragma once
// CommandDialog: sends one device a command from its model's catalogue: over the live
// connection when the device is online and its protocol has the command, otherwise as an SMS
// text with the device password filled in (masked until the operator reveals it, never logged),
// copied or sent through the configured gateway. It lists the commands sent and the replies
// matched to them, and explains an SMS reply pasted by the operator.

#include "commands/CommandCatalog.h"
#include "commands/SmsReplyParser.h"
#include "fleet/DeviceSnapshot.h"

#include <QDialog>
#include <QHash>
#include <QPointer>
#include <QVariantMap>
#include <functional>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;
QT_END_NAMESPACE

namespace fw {

class Clock;
class SmsSender;

class CommandDialog : public QDialog
{
    Q_OBJECT
public:
    // Writes bytes to the device's live connection, then calls `done` (on the dialog's thread)
    // with false when the device was not connected. Never blocks.
    using GprsSender = std::function<void(const QString &uniqueId, const QByteArray &bytes,
                                          std::function<void(bool sent)> done)>;

    CommandDialog(const CommandCatalog *catalog, const Clock *clock, QWidget *parent = nullptr);

    // `online`: the device has a live connection to this server right now.
    void setDevice(const Device &device, bool online);
    const Device &device() const { return m_device; }
    void setOnline(bool online);
    void setGprsSender(GprsSender sender);
    // Optional; not owned. Without one, SMS texts are copied and sent by hand.
    void setSmsSender(SmsSender *sender);
    // SMS through a FleetWatch node (the "SMS commands go out through" setting): queues the
    // command type and parameters in the shared database (never the text, which holds the
    // password); `done` runs on the dialog's thread once the node's gateway accepted it (true)
    // or it failed. Set, it is used instead of the SMS sender. Never blocks.
    using SmsQueue = std::function<void(const QString &uniqueId, const QString &typeId,
        const QVariantMap &params, std::function<void(bool sent, const QString &why)> done)>;
    void setSmsQueue(SmsQueue queue);
    // Server address and port filled into "set server" commands.
    void setServer(const QString &host, quint16 port);

    void selectCommand(CommandType type);
    CommandType currentCommand() const;
    bool gprsAvailable() const; // online, a sender, and a wire form for the current command
    QString composedSms() const { return m_sms; } // holds the password: never log it
    QString displayedSms() const; // what the text box shows
    bool passwordRevealed() const;
    void setPasswordRevealed(bool revealed);
    const QList<PendingCommand> &pending() const { return m_pending; }
    QTreeWidget *pendingList() const { return m_pendingList; }

    // An SMS sender from QSettings ("sms/gateway" = "http" with "sms/url", "sms/method",
    // "sms/body", "sms/contentType", "sms/authorization"); null when none is configured.
    // `secrets` (SecretKeys) fill in the gateway's password and Authorization header.
    static SmsSender *smsSenderFromSettings(QObject *parent, QString *note = nullptr,
                                            const QHash<QString, QString> &secrets = {});

public slots:
    bool sendOverGprs();
    void copySms();
    bool sendSms();
    SmsReply explainReply(); // the pasted text
    void applyDelta(const fw::FleetDelta &delta); // command results of this device

signals:
    void commandSent(const QString &uniqueId, fw::CommandType type, bool viaSms);

private:
    void rebuildCommands();
    void updateCommand();
    CommandParams params() const;
    quint64 addPending(CommandType type, bool viaSms, quint32 serial, const QString &text);
    void applyReply(const CommandReply &reply, const QString &explanation);
    void updateRow(quint64 id, const QString &reply, const QString &state);

    const CommandCatalog *m_catalog;
    const Clock *m_clock;
    Device m_device;
    bool m_online = false;
    GprsSender m_gprs;
    QPointer<SmsSender> m_smsSender;
    SmsQueue m_smsQueue;
    QString m_host;
    quint16 m_port = 0;
    QString m_sms;
    QString m_password;
    quint32 m_serial = 1;
    quint64 m_nextId = 1;
    QList<PendingCommand> m_pending;
    QHash<quint64, quint64> m_smsJobs; // sender id -> pending id

    QLabel *m_deviceLabel;
    QComboBox *m_commandCombo;
    QSpinBox *m_intervalSpin;
    QLineEdit *m_hostEdit;
    QSpinBox *m_portSpin;
    QLineEdit *m_customEdit;
    QLabel *m_gprsLabel;
    QPushButton *m_gprsButton;
    QLabel *m_smsLabel;
    QLineEdit *m_smsEdit;
    QCheckBox *m_revealBox;
    QPushButton *m_copyButton;
    QPushButton *m_sendSmsButton;
    QTreeWidget *m_pendingList;
    QPlainTextEdit *m_replyEdit;
    QPushButton *m_explainButton;
    QLabel *m_explanation;
};

} // namespace fw
