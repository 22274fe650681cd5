#pragma once
// CommandCatalog: which commands a device can be sent, per model and protocol, and how: over
// its live connection (GPRS, encoded on the wire by encodeGprsCommand) and/or as an SMS text
// with the device password filled in. CommandReplyMatch pairs a reply (decoded command result
// or SMS text) with the pending command it answers, so the operator sees "done" on the right row.

#include "domain/Device.h"
#include "domain/DeviceModelCatalog.h"
#include "protocols/ProtocolDecoder.h"

#include <QCoreApplication>
#include <QList>
#include <optional>

namespace fw {

enum class CommandType : quint8 {
    EngineStop,
    EngineResume,
    PositionRequest,
    Reboot,
    SetInterval,
    SetServer,
    ConnectRequest, // "connect to the server now" for devices without a permanent connection
    Custom,
};
inline constexpr int kCommandTypeCount = 8;

QString commandTypeId(CommandType t); // "engine-stop", "engine-resume", "position-request", ...
bool commandTypeFromId(QStringView id, CommandType *out);
QString commandTypeTitle(CommandType t); // translated

// Values for a command's placeholders and wire fields.
struct CommandParams
{
    QString uniqueId; // device id (IMEI, JT808 phone number, ...)
    quint32 serial = 0; // protocol sequence number / GT06 server flag
    TimeMs now = kNoTime; // H02 time stamp (HHMMSS)
    int intervalSecs = 30; // SetInterval
    QString host; // SetServer
    quint16 port = 0; // SetServer
    QString text; // Custom
    // The device's command password where the wire command carries it (Queclink, Xexun);
    // empty = the protocol's default. Never log it.
    QString password;
    QString watchVendor = QStringLiteral("3G"); // watch: vendor prefix the device uses (3G, SG...)
};

struct CommandDefinition
{
    CommandType type = CommandType::Custom;
    QString id; // commandTypeId(type)
    QString title; // translated
    bool gprs = false; // can go over the live connection for this protocol
    // SMS text with placeholders {password}, {host}, {port}, {interval}, {text}, {apn}; empty
    // when the command cannot be sent by SMS.
    QString smsTemplate;
    bool needsConfirmation = false; // immobilising a vehicle: ask first
};

class CommandCatalog
{
    Q_DECLARE_TR_FUNCTIONS(fw::commands) // the library's one context
public:
    explicit CommandCatalog(const DeviceModelCatalog &models);

    // The commands of a protocol (generic SMS texts of its most common vendor).
    QList<CommandDefinition> forProtocol(QStringView protocol) const;
    // The commands of a model: its protocol's, with the model's own configuration and connect
    // SMS templates. Unknown model: empty.
    QList<CommandDefinition> forModel(QStringView modelName) const;
    // For a device: its model's, else its protocol's.
    QList<CommandDefinition> forDevice(const Device &device) const;
    std::optional<CommandDefinition> find(const Device &device, CommandType type) const;

    // The SMS to send for `type`, password filled in (the device's, else the model default).
    // Empty when the command has no SMS form. The result holds the password: never log it.
    QString smsText(const Device &device, CommandType type, const CommandParams &params,
                    const QString &apn = {}) const;
    // The password used for a device's SMS commands (device's own, else model default).
    QString passwordFor(const Device &device) const;
    QString protocolOf(const Device &device) const;

private:
    const DeviceModelCatalog &m_models;
};

// Whether `protocol` has a wire form of `type`.
bool supportsGprsCommand(QStringView protocol, CommandType type);

// Wire bytes of a command for the live connection. Empty (and `error` set) when the protocol
// has no such command or a parameter is missing.
QByteArray encodeGprsCommand(QStringView protocol, CommandType type, const CommandParams &params,
                             QString *error = nullptr);

// A command waiting for its answer.
struct PendingCommand
{
    quint64 id = 0; // caller's handle
    QString uniqueId;
    QString protocol;
    CommandType type = CommandType::Custom;
    bool viaSms = false;
    quint32 serial = 0;
    TimeMs sentAt = kNoTime;
    QString sentText; // custom text / SMS body without the password (for matching only)
};

// Something the device said back.
struct CommandReply
{
    QString uniqueId;
    QString protocol;
    QString text;
    bool viaSms = false;
    TimeMs at = kNoTime;

    // From a decoded message of type CommandResult (empty text when it is not one).
    static CommandReply fromMessage(const DecodedMessage &message, const QString &protocol,
                                    const QString &fallbackUniqueId, TimeMs at);
};

struct CommandReplyMatch
{
    enum Basis { None, Content, Order };

    quint64 commandId = 0; // 0 = answers none of them
    Basis basis = None; // by what the text says, or only as the oldest pending of the device

    bool matched() const { return commandId != 0; }

    // Which pending command (of the same device and channel, sent before the reply and not
    // older than `maxAge`) the reply answers: the oldest one whose expected answer the text
    // contains, else the oldest pending one.
    static CommandReplyMatch find(const QList<PendingCommand> &pending, const CommandReply &reply,
                                  TimeMs maxAge = 30 * kMinute);
    // Does the text look like an answer to `type` (keywords per protocol and vendor)?
    static bool textAnswers(QStringView protocol, CommandType type, QStringView text);
};

} // namespace fw
