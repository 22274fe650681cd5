#include "XexunCommands.h"

namespace fw {

QByteArray encodeXexun(CommandType type, const CommandParams &p, QString *error)
{
    const QByteArray password = p.password.isEmpty() ? QByteArray("123456") : p.password.toLatin1();
    switch (type) {
    case CommandType::EngineStop:
        return "powercar" + password + " 11";
    case CommandType::EngineResume:
        return "powercar" + password + " 00";
    default:
        if (error)
            *error = QStringLiteral("xexun: no such command");
        return {};
    }
}

} // namespace fw
