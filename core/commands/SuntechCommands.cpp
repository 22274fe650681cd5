#include "SuntechCommands.h"

namespace fw {

QByteArray encodeSuntech(CommandType type, const CommandParams &p, QString *error)
{
    QByteArray action;
    switch (type) {
    case CommandType::PositionRequest: action = "StatusReq"; break;
    case CommandType::Reboot: action = "Reboot"; break;
    case CommandType::EngineStop: action = "Enable1"; break;
    case CommandType::EngineResume: action = "Disable1"; break;
    case CommandType::Custom:
        if (p.text.contains(u'\r') || p.text.contains(u'\n')) {
            if (error)
                *error = QStringLiteral("suntech: a command is one line");
            return {};
        }
        return p.text.toLatin1() + '\r';
    default:
        if (error)
            *error = QStringLiteral("suntech: no such command");
        return {};
    }
    if (p.uniqueId.isEmpty()) {
        if (error)
            *error = QStringLiteral("suntech: the command needs the device id");
        return {};
    }
    return "SA200CMD;" + p.uniqueId.toLatin1() + ";02;" + action + '\r';
}

} // namespace fw
