#pragma once
// SmsReplyParser: reads the SMS a tracker sends back after a configuration or "connect now"
// request and says in plain words what it means ("Connected to ADDR:PORT ID" = online for about
// ten minutes; "Missing APN" = no APN set; vendor "SERVER OK" / "adminip ok" confirmations).
// Unrecognised texts are reported as such with the raw text, never guessed.

#include "util/TimeUtil.h"

#include <QCoreApplication>
#include <QString>

namespace fw {

struct SmsReply
{
    enum Kind {
        Unrecognised,
        Connected, // "Connected to ADDR:PORT ID"
        MissingApn,
        NetworkError,
        ServerSet, // server address accepted ("SERVER OK", "adminip ok", Teltonika 2004...)
        ApnSet,
        IntervalSet,
        EngineStopped,
        EngineResumed,
        Rebooting,
        Position, // a position report ("Lat:..", a map link)
        WrongPassword,
        CommandError, // the device refused the command (format, unknown)
        Ok, // a bare acknowledgement
    };

    Kind kind = Unrecognised;
    bool success = false; // the request did what was asked
    QString raw;
    QString explanation; // translated, one or two sentences
    // Connected:
    QString address;
    quint16 port = 0;
    QString deviceId;
    TimeMs onlineUntil = kNoTime; // about 10 minutes after `receivedAt`, when that is known
};

QString smsReplyKindId(SmsReply::Kind kind); // "connected", "missing-apn", ...

class SmsReplyParser
{
    Q_DECLARE_TR_FUNCTIONS(fw::commands) // the library's one context
public:
    // How long a device woken by SMS stays connected.
    static constexpr TimeMs kConnectWindow = 10 * kMinute;

    static SmsReply parse(const QString &text, TimeMs receivedAt = kNoTime);
};

} // namespace fw
