#include "SmsReplyParser.h"

#include <QRegularExpression>

namespace fw {

namespace {

bool has(const QString &text, const char *word)
{
    return text.contains(QLatin1String(word), Qt::CaseInsensitive);
}

bool hasAny(const QString &text, std::initializer_list<const char *> words)
{
    for (const char *w : words) {
        if (has(text, w))
            return true;
    }
    return false;
}

} // namespace

QString smsReplyKindId(SmsReply::Kind kind)
{
    switch (kind) {
    case SmsReply::Unrecognised:
        return QStringLiteral("unrecognised");
    case SmsReply::Connected:
        return QStringLiteral("connected");
    case SmsReply::MissingApn:
        return QStringLiteral("missing-apn");
    case SmsReply::NetworkError:
        return QStringLiteral("network-error");
    case SmsReply::ServerSet:
        return QStringLiteral("server-set");
    case SmsReply::ApnSet:
        return QStringLiteral("apn-set");
    case SmsReply::IntervalSet:
        return QStringLiteral("interval-set");
    case SmsReply::EngineStopped:
        return QStringLiteral("engine-stopped");
    case SmsReply::EngineResumed:
        return QStringLiteral("engine-resumed");
    case SmsReply::Rebooting:
        return QStringLiteral("rebooting");
    case SmsReply::Position:
        return QStringLiteral("position");
    case SmsReply::WrongPassword:
        return QStringLiteral("wrong-password");
    case SmsReply::CommandError:
        return QStringLiteral("command-error");
    case SmsReply::Ok:
        return QStringLiteral("ok");
    }
    return {};
}

SmsReply SmsReplyParser::parse(const QString &text, TimeMs receivedAt)
{
    SmsReply r;
    r.raw = text;
    const QString t = text.simplified();

    static const QRegularExpression connected(
        QStringLiteral("connected to\\s*(\\[[^\\]]+\\]|[^\\s:]+):(\\d{1,5})(?:\\s+(\\S+))?"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch cm = connected.match(t);
    if (cm.hasMatch()) {
        r.kind = SmsReply::Connected;
        r.success = true;
        r.address = cm.captured(1);
        if (r.address.startsWith(u'[') && r.address.endsWith(u']'))
            r.address = r.address.mid(1, r.address.size() - 2);
        const uint port = cm.captured(2).toUInt();
        r.port = port <= 65535 ? static_cast<quint16>(port) : 0;
        r.deviceId = cm.captured(3);
        if (receivedAt != kNoTime)
            r.onlineUntil = receivedAt + kConnectWindow;
        r.explanation = r.deviceId.isEmpty()
            ? tr("The device connected to %1, port %2. It stays connected for about 10 "
                 "minutes: send what you need now.")
                  .arg(r.address)
                  .arg(r.port)
            : tr("Device %3 connected to %1, port %2. It stays connected for about 10 "
                 "minutes: send what you need now.")
                  .arg(r.address)
                  .arg(r.port)
                  .arg(r.deviceId);
        return r;
    }
    if (has(t, "missing apn") || has(t, "no apn")) {
        r.kind = SmsReply::MissingApn;
        r.explanation = tr("The device has no APN configured, so it cannot use mobile data. "
                           "Set the APN of its SIM card's operator, then ask again.");
        return r;
    }
    if (has(t, "network connection error")) {
        r.kind = SmsReply::NetworkError;
        r.explanation = tr("The device could not get onto the internet: wrong APN or "
                           "credentials, no data plan or credit, or no coverage. Check the "
                           "SIM's mobile data, then ask again.");
        return r;
    }
    if (hasAny(t, { "password err", "pwd err", "wrong password", "invalid password",
                    "password incorrect", "incorrect password" })) {
        r.kind = SmsReply::WrongPassword;
        r.explanation = tr("The device rejected the password in the command. Check the "
                           "device password stored for it.");
        return r;
    }
    static const QRegularExpression teltonikaServer(
        QStringLiteral("(param id|new value)\\D{0,4}2004"),
        QRegularExpression::CaseInsensitiveOption);
    if (hasAny(t, { "server ok", "adminip ok", "ip ok", "ip set ok", "set server ok",
                    "domain ok", "server set ok" })
        || teltonikaServer.match(t).hasMatch()) {
        r.kind = SmsReply::ServerSet;
        r.success = true;
        r.explanation = tr("The device accepted the new server address. It should connect "
                           "within a few minutes; if it does not, check its APN.");
        return r;
    }
    if (hasAny(t, { "apn ok", "apn set ok", "set apn ok" })) {
        r.kind = SmsReply::ApnSet;
        r.success = true;
        r.explanation = tr("The device accepted the APN.");
        return r;
    }
    if (hasAny(t, { "stop engine succeed", "stop engine ok", "cut off the fuel",
                    "fuel supply: cut", "relay,1 ok", "dout1:1" })) {
        r.kind = SmsReply::EngineStopped;
        r.success = true;
        r.explanation = tr("The device confirms the engine is cut off.");
        return r;
    }
    if (hasAny(t, { "resume engine succeed", "resume engine ok", "restore fuel",
                    "restore the fuel", "relay,0 ok", "dout1:0" })) {
        r.kind = SmsReply::EngineResumed;
        r.success = true;
        r.explanation = tr("The device confirms the engine is enabled again.");
        return r;
    }
    if (hasAny(t, { "timer ok", "upload ok", "interval ok", "time interval" })) {
        r.kind = SmsReply::IntervalSet;
        r.success = true;
        r.explanation = tr("The device accepted the new reporting interval.");
        return r;
    }
    if (hasAny(t, { "reset ok", "restarting", "rebooting", "reboot ok", "restart ok" })) {
        r.kind = SmsReply::Rebooting;
        r.success = true;
        r.explanation = tr("The device is restarting; it should reconnect within a few "
                           "minutes.");
        return r;
    }
    static const QRegularExpression position(
        QStringLiteral("\\blat(itude)?\\s*[:=]\\s*[NS]?-?\\d"),
        QRegularExpression::CaseInsensitiveOption);
    if (position.match(t).hasMatch() || hasAny(t, { "maps.google", "maps.app.goo" })) {
        r.kind = SmsReply::Position;
        r.success = true;
        r.explanation = tr("The device answered with its position.");
        return r;
    }
    if (hasAny(t, { "error", "fail", "invalid", "unknown command", "not support" })) {
        r.kind = SmsReply::CommandError;
        r.explanation = tr("The device refused the command: \"%1\". Check its spelling for "
                           "this model.")
                            .arg(t);
        return r;
    }
    static const QRegularExpression ok(QStringLiteral("^(ok|success|succeed|done)[!.]?$"),
                                       QRegularExpression::CaseInsensitiveOption);
    if (ok.match(t).hasMatch() || t.endsWith(QLatin1String(" ok"), Qt::CaseInsensitive)
        || t.endsWith(QLatin1String(":ok"), Qt::CaseInsensitive)) {
        r.kind = SmsReply::Ok;
        r.success = true;
        r.explanation = tr("The device acknowledged the command.");
        return r;
    }
    r.kind = SmsReply::Unrecognised;
    r.explanation = tr("This reply is not one FleetWatch recognises: \"%1\".").arg(t);
    return r;
}

} // namespace fw
