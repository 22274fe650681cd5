#include "EelinkCommands.h"

namespace fw {

QByteArray encodeEelink(CommandType type, const CommandParams &p, QString *error)
{
    QByteArray text;
    switch (type) {
    case CommandType::PositionRequest: text = "WHERE#"; break;
    case CommandType::EngineStop: text = "RELAY,1#"; break;
    case CommandType::EngineResume: text = "RELAY,0#"; break;
    case CommandType::Reboot: text = "RESET#"; break;
    case CommandType::Custom: text = p.text.toUtf8(); break;
    default:
        if (error)
            *error = QStringLiteral("eelink: no such command");
        return {};
    }
    if (text.size() > 1000) {
        if (error)
            *error = QStringLiteral("eelink: command text too long");
        return {};
    }
    const int length = 2 + 1 + 4 + static_cast<int>(text.size()); // sequence, type, server flag
    QByteArray out("\x67\x67\x80", 3);
    out.append(static_cast<char>(length >> 8));
    out.append(static_cast<char>(length & 0xff));
    out.append(static_cast<char>((p.serial >> 8) & 0xff));
    out.append(static_cast<char>(p.serial & 0xff));
    out.append('\x01'); // command
    out.append(QByteArray(4, '\0')); // server flag
    out.append(text);
    return out;
}

} // namespace fw
