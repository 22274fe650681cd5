#include "ProtocolDecoder.h"

namespace fw {

QString transportId(Transport t)
{
    switch (t) {
    case Transport::Tcp:
        return QStringLiteral("tcp");
    case Transport::Udp:
        return QStringLiteral("udp");
    case Transport::Http:
        return QStringLiteral("http");
    }
    return QStringLiteral("tcp");
}

QString messageTypeId(MessageType t)
{
    switch (t) {
    case MessageType::Position:
        return QStringLiteral("position");
    case MessageType::Heartbeat:
        return QStringLiteral("heartbeat");
    case MessageType::Login:
        return QStringLiteral("login");
    case MessageType::Status:
        return QStringLiteral("status");
    case MessageType::Event:
        return QStringLiteral("event");
    case MessageType::CommandResult:
        return QStringLiteral("command-result");
    }
    return QStringLiteral("position");
}

} // namespace fw
