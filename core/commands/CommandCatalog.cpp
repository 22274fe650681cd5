#include "CommandCatalog.h"

#include "CommandBytes.h"
#include "CastelCommands.h"
#include "EelinkCommands.h"
#include "GalileoCommands.h"
#include "Gl200Commands.h"
#include "Jt808Commands.h"
#include "MeitrackCommands.h"
#include "RuptelaCommands.h"
#include "SuntechCommands.h"
#include "T800xCommands.h"
#include "Tk103Commands.h"
#include "WialonCommands.h"
#include "XexunCommands.h"

#include "protocols/Checksums.h"
#include "protocols/Gt06Decoder.h"

#include <QDateTime>
#include <algorithm>

namespace fw {

namespace {

struct IdEntry
{
    CommandType type;
    const char *id;
};
constexpr IdEntry kIds[] = {
    { CommandType::EngineStop, "engine-stop" },
    { CommandType::EngineResume, "engine-resume" },
    { CommandType::PositionRequest, "position-request" },
    { CommandType::Reboot, "reboot" },
    { CommandType::SetInterval, "set-interval" },
    { CommandType::SetServer, "set-server" },
    { CommandType::ConnectRequest, "connect-request" },
    { CommandType::Custom, "custom" },
};

// One protocol's commands: whether the wire has it, and the SMS text of its common vendor.
struct ProtocolCommand
{
    CommandType type;
    bool gprs;
    const char *sms; // nullptr = no SMS form
};

struct ProtocolCommands
{
    const char16_t *protocol;
    std::initializer_list<ProtocolCommand> commands;
};

// SMS texts: Concox (gt06), SinoTrack (h02), Coban (gps103), Teltonika (two leading spaces =
// empty SMS login and password), SeTracker (watch). JT808 devices have vendor-specific SMS.
const ProtocolCommands kTable[] = {
    { u"gt06",
      { { CommandType::EngineStop, true, "RELAY,1#" },
        { CommandType::EngineResume, true, "RELAY,0#" },
        { CommandType::PositionRequest, true, "WHERE#" },
        { CommandType::Reboot, true, "RESET#" },
        { CommandType::SetInterval, true, "TIMER,{interval}#" },
        { CommandType::SetServer, true, "SERVER,1,{host},{port},0#" },
        { CommandType::Custom, true, "{text}" } } },
    { u"h02",
      { { CommandType::EngineStop, true, "940{password}" },
        { CommandType::EngineResume, true, "941{password}" },
        { CommandType::Reboot, true, nullptr },
        { CommandType::SetInterval, true, nullptr },
        { CommandType::SetServer, false, "IP{password},{host},{port}#" },
        { CommandType::Custom, true, "{text}" } } },
    { u"gps103",
      { { CommandType::EngineStop, true, "stop{password}" },
        { CommandType::EngineResume, true, "resume{password}" },
        { CommandType::PositionRequest, true, "fix010s001n{password}" },
        { CommandType::Reboot, false, "reset{password}" },
        { CommandType::SetInterval, true, "fix{interval3}s***n{password}" },
        { CommandType::SetServer, false, "adminip{password} {host} {port}" },
        { CommandType::Custom, true, "{text}" } } },
    { u"teltonika",
      { { CommandType::EngineStop, true, "  setdigout 1" },
        { CommandType::EngineResume, true, "  setdigout 0" },
        { CommandType::PositionRequest, true, "  getgps" },
        { CommandType::Reboot, true, "  cpureset" },
        { CommandType::SetInterval, true, "  setparam 10000:{interval};10050:{interval}" },
        { CommandType::SetServer, true, "  setparam 2004:{host};2005:{port}" },
        { CommandType::Custom, true, "  {text}" } } },
    { u"watch",
      { { CommandType::PositionRequest, true, "pw,{password},url#" },
        { CommandType::Reboot, true, "pw,{password},reset#" },
        { CommandType::SetInterval, true, "pw,{password},upload,{interval}#" },
        { CommandType::SetServer, true, "pw,{password},ip,{host},{port}#" },
        { CommandType::Custom, true, "{text}" } } },
    { u"tk103",
      { { CommandType::EngineStop, true, nullptr },
        { CommandType::EngineResume, true, nullptr },
        { CommandType::PositionRequest, true, nullptr },
        { CommandType::Reboot, true, nullptr },
        { CommandType::SetInterval, true, nullptr },
        { CommandType::Custom, true, "{text}" } } },
    { u"meitrack",
      { { CommandType::EngineStop, true, nullptr }, { CommandType::EngineResume, true, nullptr },
        { CommandType::PositionRequest, true, nullptr }, { CommandType::SetInterval, true, nullptr },
        { CommandType::Custom, true, nullptr } } },
    { u"ruptela",
      { { CommandType::EngineStop, true, nullptr },
        { CommandType::EngineResume, true, nullptr },
        { CommandType::SetServer, true, nullptr },
        { CommandType::Custom, true, nullptr } } },
    { u"galileo",
      { { CommandType::EngineStop, true, nullptr },
        { CommandType::EngineResume, true, nullptr },
        { CommandType::Custom, true, nullptr } } },
    { u"wialon",
      { { CommandType::EngineStop, true, nullptr }, { CommandType::EngineResume, true, nullptr },
        { CommandType::Reboot, true, nullptr }, { CommandType::Custom, true, nullptr } } },
    { u"gl200",
      { { CommandType::EngineStop, true, nullptr }, { CommandType::EngineResume, true, nullptr },
        { CommandType::PositionRequest, true, nullptr }, { CommandType::Reboot, true, nullptr },
        { CommandType::Custom, true, nullptr } } },
    { u"suntech",
      { { CommandType::EngineStop, true, nullptr }, { CommandType::EngineResume, true, nullptr },
        { CommandType::PositionRequest, true, nullptr }, { CommandType::Reboot, true, nullptr },
        { CommandType::Custom, true, nullptr } } },
    { u"eelink",
      { { CommandType::EngineStop, true, "RELAY,1#" },
        { CommandType::EngineResume, true, "RELAY,0#" },
        { CommandType::PositionRequest, true, "WHERE#" },
        { CommandType::Reboot, true, "RESET#" },
        { CommandType::Custom, true, "{text}" } } },
    { u"castel",
      { { CommandType::EngineStop, true, nullptr }, { CommandType::EngineResume, true, nullptr } } },
    { u"t800x", { { CommandType::Custom, true, nullptr } } },
    { u"xexun",
      { { CommandType::EngineStop, true, "powercar{password} 11" },
        { CommandType::EngineResume, true, "powercar{password} 00" } } },
    { u"jt808",
      { { CommandType::EngineStop, true, nullptr },
        { CommandType::EngineResume, true, nullptr },
        { CommandType::PositionRequest, true, nullptr },
        { CommandType::Reboot, true, nullptr },
        { CommandType::SetInterval, true, nullptr },
        { CommandType::SetServer, true, nullptr },
        { CommandType::Custom, false, "{text}" } } },
};

const ProtocolCommands *tableFor(QStringView protocol)
{
    for (const ProtocolCommands &p : kTable) {
        if (protocol == QStringView(p.protocol))
            return &p;
    }
    return nullptr;
}

CommandDefinition definition(CommandType type, bool gprs, const QString &sms)
{
    CommandDefinition d;
    d.type = type;
    d.id = commandTypeId(type);
    d.title = commandTypeTitle(type);
    d.gprs = gprs;
    d.smsTemplate = sms;
    d.needsConfirmation = type == CommandType::EngineStop;
    return d;
}

// Device-side text of each command, shared by the text protocols.
QString commandText(QStringView protocol, CommandType type, const CommandParams &p)
{
    const QString interval = QString::number(p.intervalSecs);
    const QString port = QString::number(p.port);
    if (protocol == u"gt06") {
        switch (type) {
        case CommandType::EngineStop:
            return QStringLiteral("RELAY,1#");
        case CommandType::EngineResume:
            return QStringLiteral("RELAY,0#");
        case CommandType::PositionRequest:
            return QStringLiteral("WHERE#");
        case CommandType::Reboot:
            return QStringLiteral("RESET#");
        case CommandType::SetInterval:
            return QStringLiteral("TIMER,") + interval + u'#';
        case CommandType::SetServer:
            return QStringLiteral("SERVER,1,") + p.host + u',' + port + QStringLiteral(",0#");
        case CommandType::Custom:
            return p.text;
        default:
            return {};
        }
    }
    if (protocol == u"teltonika") {
        switch (type) {
        case CommandType::EngineStop:
            return QStringLiteral("setdigout 1");
        case CommandType::EngineResume:
            return QStringLiteral("setdigout 0");
        case CommandType::PositionRequest:
            return QStringLiteral("getgps");
        case CommandType::Reboot:
            return QStringLiteral("cpureset");
        case CommandType::SetInterval:
            return QStringLiteral("setparam 10000:") + interval + QStringLiteral(";10050:")
                + interval;
        case CommandType::SetServer:
            return QStringLiteral("setparam 2004:") + p.host + QStringLiteral(";2005:") + port;
        case CommandType::Custom:
            return p.text;
        default:
            return {};
        }
    }
    if (protocol == u"watch") {
        switch (type) {
        case CommandType::PositionRequest:
            return QStringLiteral("CR");
        case CommandType::Reboot:
            return QStringLiteral("RESET");
        case CommandType::SetInterval:
            return QStringLiteral("UPLOAD,") + interval;
        case CommandType::SetServer:
            return QStringLiteral("IP,") + p.host + u',' + port;
        case CommandType::Custom:
            return p.text;
        default:
            return {};
        }
    }
    if (protocol == u"gps103") {
        switch (type) {
        case CommandType::EngineStop:
            return QStringLiteral("J");
        case CommandType::EngineResume:
            return QStringLiteral("K");
        case CommandType::PositionRequest:
            return QStringLiteral("B");
        case CommandType::SetInterval: {
            // "C,30s" / "C,05m" / "C,02h": two digits and a unit.
            const int s = std::max(1, p.intervalSecs);
            if (s < 100)
                return QStringLiteral("C,%1s").arg(s, 2, 10, QLatin1Char('0'));
            if (s < 100 * 60)
                return QStringLiteral("C,%1m").arg((s + 59) / 60, 2, 10, QLatin1Char('0'));
            return QStringLiteral("C,%1h").arg(std::min(99, (s + 3599) / 3600), 2, 10,
                                               QLatin1Char('0'));
        }
        case CommandType::Custom:
            return p.text;
        default:
            return {};
        }
    }
    return {};
}

QByteArray encodeGt06(CommandType type, const CommandParams &p, QString *error)
{
    const QByteArray text = commandText(u"gt06", type, p).toLatin1();
    if (text.isEmpty() && failCommand(error, QStringLiteral("gt06: empty command")))
        return {};
    // Online command 0x80: length of (server flag + command), server flag, ASCII command.
    QByteArray content;
    if (text.size() + 4 > 255 && failCommand(error, QStringLiteral("gt06: command too long")))
        return {};
    content.append(static_cast<char>(text.size() + 4));
    put32(content, p.serial);
    content.append(text);
    const bool extended = 5 + content.size() > 255;
    return Gt06Decoder::buildFrame(extended, 0x80, static_cast<quint16>(p.serial & 0xffff),
                                   content);
}

QByteArray encodeH02(CommandType type, const CommandParams &p, QString *error)
{
    if (p.now == kNoTime && failCommand(error, QStringLiteral("h02: the command needs the time")))
        return {};
    const QString time = toDateTime(p.now).toString(QStringLiteral("HHmmss"));
    QString body;
    switch (type) {
    case CommandType::EngineStop:
        body = QStringLiteral("S20,") + time + QStringLiteral(",1,1");
        break;
    case CommandType::EngineResume:
        body = QStringLiteral("S20,") + time + QStringLiteral(",1,0");
        break;
    case CommandType::Reboot:
        body = QStringLiteral("R1,") + time;
        break;
    case CommandType::SetInterval:
        body = QStringLiteral("S71,") + time + QStringLiteral(",22,")
            + QString::number(p.intervalSecs);
        break;
    case CommandType::Custom:
        if (p.text.startsWith(u'*'))
            return p.text.toLatin1(); // a complete frame given by the operator
        body = p.text;
        break;
    default:
        failCommand(error, QStringLiteral("h02: no such command"));
        return {};
    }
    return (QStringLiteral("*HQ,") + p.uniqueId + u',' + body + u'#').toLatin1();
}

QByteArray encodeGps103(CommandType type, const CommandParams &p, QString *error)
{
    QString text = commandText(u"gps103", type, p);
    if (text.isEmpty() && failCommand(error, QStringLiteral("gps103: no such command")))
        return {};
    if (text.endsWith(u';'))
        text.chop(1);
    return (QStringLiteral("**,imei:") + p.uniqueId + u',' + text + u';').toLatin1();
}

QByteArray encodeTeltonika(CommandType type, const CommandParams &p, QString *error)
{
    const QByteArray text = commandText(u"teltonika", type, p).toLatin1();
    if (text.isEmpty() && failCommand(error, QStringLiteral("teltonika: empty command")))
        return {};
    // Codec 12: codec, quantity, type 5 (command), size, command, quantity; CRC-16/IBM over it.
    QByteArray data;
    data.append('\x0c');
    data.append('\x01');
    data.append('\x05');
    put32(data, static_cast<quint32>(text.size()));
    data.append(text);
    data.append('\x01');
    QByteArray out(4, '\0');
    put32(out, static_cast<quint32>(data.size()));
    out.append(data);
    put32(out, checksum::crc16Ibm(data));
    return out;
}

QByteArray encodeWatch(CommandType type, const CommandParams &p, QString *error)
{
    const QByteArray content = commandText(u"watch", type, p).toLatin1();
    if (content.isEmpty() && failCommand(error, QStringLiteral("watch: no such command")))
        return {};
    const QString vendor = p.watchVendor.isEmpty() ? QStringLiteral("3G") : p.watchVendor;
    QByteArray out;
    out.append('[');
    out.append(vendor.toLatin1());
    out.append('*');
    out.append(p.uniqueId.toLatin1());
    out.append('*');
    out.append(QByteArray::number(content.size(), 16).toUpper().rightJustified(4, '0'));
    out.append('*');
    out.append(content);
    out.append(']');
    return out;
}

bool containsAny(QStringView text, std::initializer_list<const char *> words)
{
    for (const char *w : words) {
        if (text.contains(QLatin1String(w), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace

QString commandTypeId(CommandType t)
{
    for (const IdEntry &e : kIds) {
        if (e.type == t)
            return QString::fromLatin1(e.id);
    }
    return {};
}

bool commandTypeFromId(QStringView id, CommandType *out)
{
    for (const IdEntry &e : kIds) {
        if (id == QLatin1String(e.id)) {
            *out = e.type;
            return true;
        }
    }
    return false;
}

QString commandTypeTitle(CommandType t)
{
    switch (t) {
    case CommandType::EngineStop:
        return CommandCatalog::tr("Stop engine");
    case CommandType::EngineResume:
        return CommandCatalog::tr("Resume engine");
    case CommandType::PositionRequest:
        return CommandCatalog::tr("Request position");
    case CommandType::Reboot:
        return CommandCatalog::tr("Reboot");
    case CommandType::SetInterval:
        return CommandCatalog::tr("Set reporting interval");
    case CommandType::SetServer:
        return CommandCatalog::tr("Set server address and port");
    case CommandType::ConnectRequest:
        return CommandCatalog::tr("Ask to connect to the server");
    case CommandType::Custom:
        return CommandCatalog::tr("Custom command");
    }
    return {};
}

CommandCatalog::CommandCatalog(const DeviceModelCatalog &models)
    : m_models(models)
{
}

QList<CommandDefinition> CommandCatalog::forProtocol(QStringView protocol) const
{
    QList<CommandDefinition> out;
    if (const ProtocolCommands *p = tableFor(protocol)) {
        for (const ProtocolCommand &c : p->commands)
            out << definition(c.type, c.gprs, c.sms ? QString::fromLatin1(c.sms) : QString());
    } else if (!protocol.isEmpty()) {
        out << definition(CommandType::Custom, false, QStringLiteral("{text}"));
    }
    return out;
}

QList<CommandDefinition> CommandCatalog::forModel(QStringView modelName) const
{
    const DeviceModel *m = m_models.find(modelName);
    if (!m)
        return {};
    QList<CommandDefinition> out = forProtocol(m->protocol);
    if (!m->configSmsTemplate.isEmpty()) {
        auto it = std::find_if(out.begin(), out.end(), [](const CommandDefinition &d) {
            return d.type == CommandType::SetServer;
        });
        if (it != out.end())
            it->smsTemplate = m->configSmsTemplate;
        else
            out << definition(CommandType::SetServer, false, m->configSmsTemplate);
    }
    if (!m->connectSmsTemplate.isEmpty()) {
        auto it = std::find_if(out.begin(), out.end(), [](const CommandDefinition &d) {
            return d.type == CommandType::Custom;
        });
        out.insert(it, definition(CommandType::ConnectRequest, false, m->connectSmsTemplate));
    }
    return out;
}

QString CommandCatalog::protocolOf(const Device &device) const
{
    if (!device.protocol.isEmpty())
        return device.protocol;
    const DeviceModel *m = device.model.isEmpty() ? nullptr : m_models.find(device.model);
    return m ? m->protocol : QString();
}

QList<CommandDefinition> CommandCatalog::forDevice(const Device &device) const
{
    const DeviceModel *m = device.model.isEmpty() ? nullptr : m_models.find(device.model);
    if (m && (device.protocol.isEmpty() || device.protocol == m->protocol))
        return forModel(m->name);
    return forProtocol(protocolOf(device));
}

std::optional<CommandDefinition> CommandCatalog::find(const Device &device, CommandType type) const
{
    const QList<CommandDefinition> all = forDevice(device);
    for (const CommandDefinition &d : all) {
        if (d.type == type)
            return d;
    }
    return std::nullopt;
}

QString CommandCatalog::passwordFor(const Device &device) const
{
    if (!device.password.isEmpty())
        return device.password;
    const DeviceModel *m = device.model.isEmpty() ? nullptr : m_models.find(device.model);
    return m ? m->defaultPassword : QString();
}

QString CommandCatalog::smsText(const Device &device, CommandType type,
                                const CommandParams &params, const QString &apn) const
{
    const std::optional<CommandDefinition> d = find(device, type);
    if (!d || d->smsTemplate.isEmpty())
        return {};
    QString text = d->smsTemplate;
    // Operator-supplied text first, so braces inside it are never taken for placeholders.
    const qsizetype at = text.indexOf(QLatin1String("{text}"));
    QString head = at < 0 ? text : text.left(at);
    QString tail = at < 0 ? QString() : text.mid(at + 6);
    const auto fill = [&](QString t) {
        t.replace(QLatin1String("{interval3}"),
                  QStringLiteral("%1").arg(std::clamp(params.intervalSecs, 0, 999), 3, 10,
                                           QLatin1Char('0')));
        t.replace(QLatin1String("{interval}"), QString::number(params.intervalSecs));
        return DeviceModelCatalog::fillTemplate(t, params.host, params.port, passwordFor(device),
                                                apn);
    };
    return at < 0 ? fill(head) : fill(head) + params.text + fill(tail);
}

bool supportsGprsCommand(QStringView protocol, CommandType type)
{
    if (const ProtocolCommands *p = tableFor(protocol)) {
        for (const ProtocolCommand &c : p->commands) {
            if (c.type == type)
                return c.gprs;
        }
    }
    return false;
}

QByteArray encodeGprsCommand(QStringView protocol, CommandType type, const CommandParams &params,
                             QString *error)
{
    if (!supportsGprsCommand(protocol, type)) {
        failCommand(error, QStringLiteral("%1: %2 cannot be sent over the connection")
                        .arg(protocol, commandTypeId(type)));
        return {};
    }
    if (type == CommandType::Custom && params.text.isEmpty()) {
        failCommand(error, QStringLiteral("custom command without text"));
        return {};
    }
    if (type == CommandType::SetServer && (params.host.isEmpty() || params.port == 0)) {
        failCommand(error, QStringLiteral("set-server needs host and port"));
        return {};
    }
    if (protocol == u"gt06")
        return encodeGt06(type, params, error);
    if (protocol == u"h02")
        return encodeH02(type, params, error);
    if (protocol == u"gps103")
        return encodeGps103(type, params, error);
    if (protocol == u"teltonika")
        return encodeTeltonika(type, params, error);
    if (protocol == u"watch")
        return encodeWatch(type, params, error);
    if (protocol == u"jt808")
        return encodeJt808(type, params, error);
    if (protocol == u"tk103")
        return encodeTk103(type, params, error);
    if (protocol == u"wialon")
        return encodeWialon(type, params, error);
    if (protocol == u"meitrack")
        return encodeMeitrack(type, params, error);
    if (protocol == u"ruptela")
        return encodeRuptela(type, params, error);
    if (protocol == u"galileo")
        return encodeGalileo(type, params, error);
    if (protocol == u"gl200")
        return encodeGl200(type, params, error);
    if (protocol == u"suntech")
        return encodeSuntech(type, params, error);
    if (protocol == u"eelink")
        return encodeEelink(type, params, error);
    if (protocol == u"castel")
        return encodeCastel(type, params, error);
    if (protocol == u"t800x")
        return encodeT800x(type, params, error);
    if (protocol == u"xexun")
        return encodeXexun(type, params, error);
    return {};
}

CommandReply CommandReply::fromMessage(const DecodedMessage &message, const QString &protocol,
                                       const QString &fallbackUniqueId, TimeMs at)
{
    CommandReply r;
    r.protocol = protocol;
    r.uniqueId = message.position.uniqueId.isEmpty() ? fallbackUniqueId
                                                     : message.position.uniqueId;
    r.at = at;
    if (message.type == MessageType::CommandResult) {
        r.text = message.text;
        if (r.text.isEmpty())
            r.text = message.position.attributes.value(attr::result).toString();
    }
    return r;
}

bool CommandReplyMatch::textAnswers(QStringView protocol, CommandType type, QStringView text)
{
    if (protocol == u"h02") {
        switch (type) {
        case CommandType::EngineStop:
        case CommandType::EngineResume:
            return text.contains(QLatin1String("S20"));
        case CommandType::SetInterval:
            return text.contains(QLatin1String("S71"));
        case CommandType::Reboot:
            return text.contains(QLatin1String("R1"));
        default:
            break;
        }
    }
    switch (type) {
    case CommandType::EngineStop:
        return containsAny(text, { "relay,1", "relay:1", "dout1:1", "stop engine", "engine stop",
                                   "cut off", "dyd", "oil cut", "s20,1,1" });
    case CommandType::EngineResume:
        return containsAny(text, { "relay,0", "relay:0", "dout1:0", "resume engine",
                                   "engine resume", "restore", "hfyd", "s20,1,0" });
    case CommandType::PositionRequest:
        return containsAny(text, { "lat:", "lat=", "gps:", "maps.google", "http", "lon:" })
            || text == u"CR" || text.startsWith(QLatin1String("CR,"));
    case CommandType::Reboot:
        return containsAny(text, { "reset", "reboot", "restart", "cpureset" });
    case CommandType::SetInterval:
        return containsAny(text, { "timer", "upload", "interval", "10000", "10050", "s71" });
    case CommandType::SetServer:
        return containsAny(text, { "server", "adminip", "ip ok", "2004", "ip,", "domain" });
    case CommandType::ConnectRequest:
        return containsAny(text, { "connected to", "missing apn", "network connection error" });
    case CommandType::Custom:
        return false; // compared with the text sent, in find()
    }
    return false;
}

CommandReplyMatch CommandReplyMatch::find(const QList<PendingCommand> &pending,
                                          const CommandReply &reply, TimeMs maxAge)
{
    QList<const PendingCommand *> candidates;
    for (const PendingCommand &c : pending) {
        if (c.viaSms != reply.viaSms)
            continue;
        if (!reply.uniqueId.isEmpty() && c.uniqueId != reply.uniqueId)
            continue;
        if (!reply.viaSms && !reply.protocol.isEmpty() && !c.protocol.isEmpty()
            && c.protocol != reply.protocol)
            continue;
        if (reply.at != kNoTime && c.sentAt != kNoTime
            && (c.sentAt > reply.at || reply.at - c.sentAt > maxAge))
            continue;
        candidates.append(&c);
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const PendingCommand *a, const PendingCommand *b) {
                         return a->sentAt != b->sentAt ? a->sentAt < b->sentAt : a->id < b->id;
                     });
    CommandReplyMatch m;
    if (candidates.isEmpty() || reply.text.trimmed().isEmpty())
        return m;
    for (const PendingCommand *c : std::as_const(candidates)) {
        bool answers = textAnswers(reply.protocol.isEmpty() ? QStringView(c->protocol)
                                                            : QStringView(reply.protocol),
                                   c->type, reply.text);
        if (!answers && c->type == CommandType::Custom) {
            // The first word of what was sent ("STATUS#" -> "STATUS") echoed in the answer.
            QStringView sent = QStringView(c->sentText).trimmed();
            qsizetype end = 0;
            while (end < sent.size() && sent.at(end).isLetterOrNumber())
                ++end;
            answers = end >= 2 && reply.text.contains(sent.left(end), Qt::CaseInsensitive);
        }
        if (answers) {
            m.commandId = c->id;
            m.basis = Content;
            return m;
        }
    }
    m.commandId = candidates.first()->id;
    m.basis = Order;
    return m;
}

} // namespace fw
