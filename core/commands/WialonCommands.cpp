#include "WialonCommands.h"

namespace fw {

QByteArray encodeWialon(CommandType type, const CommandParams &p, QString *error)
{
    switch (type) {
    case CommandType::Reboot:
        return "reboot\r\n";
    // Output control "L<output>=<state>"; as for the other protocols here, output 1 drives the
    // immobiliser relay.
    case CommandType::EngineStop:
        return "L1=1\r\n";
    case CommandType::EngineResume:
        return "L1=0\r\n";
    case CommandType::Custom:
        if (p.text.contains(u'\n') || p.text.contains(u'\r')) {
            if (error)
                *error = QStringLiteral("wialon: a command is one line");
            return {};
        }
        return p.text.toUtf8() + "\r\n";
    default:
        if (error)
            *error = QStringLiteral("wialon: no such command");
        return {};
    }
}

} // namespace fw
