#include "Gl200Commands.h"

namespace fw {

QByteArray encodeGl200(CommandType type, const CommandParams &p, QString *error)
{
    const QByteArray password = p.password.toLatin1();
    if (password.contains(',') || password.contains('$')) {
        if (error)
            *error = QStringLiteral("gl200: the password cannot hold ',' or '$'");
        return {};
    }
    switch (type) {
    case CommandType::PositionRequest:
        return "AT+GTRTO=" + password + ",1,,,,,,FFFF$";
    case CommandType::Reboot:
        return "AT+GTRTO=" + password + ",3,,,,,,FFFF$";
    case CommandType::EngineStop:
        return "AT+GTOUT=" + password + ",1,,,0,0,0,0,0,0,0,,,,,,,FFFF$";
    case CommandType::EngineResume:
        return "AT+GTOUT=" + password + ",0,,,0,0,0,0,0,0,0,,,,,,,FFFF$";
    case CommandType::Custom: {
        const QByteArray text = p.text.toLatin1();
        return text.endsWith('$') ? text : text + '$';
    }
    default:
        if (error)
            *error = QStringLiteral("gl200: no such command");
        return {};
    }
}

} // namespace fw
