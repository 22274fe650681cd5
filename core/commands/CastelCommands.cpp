#include "CastelCommands.h"

#include "protocols/Checksums.h"

namespace fw {

QByteArray encodeCastel(CommandType type, const CommandParams &p, QString *error)
{
    if (type != CommandType::EngineStop && type != CommandType::EngineResume) {
        if (error)
            *error = QStringLiteral("castel: no such command");
        return {};
    }
    const QByteArray id = p.uniqueId.toLatin1();
    if (id.isEmpty() || id.size() > 20) {
        if (error)
            *error = QStringLiteral("castel: the device id must be 1 to 20 characters");
        return {};
    }
    const int length = 2 + 2 + 1 + 20 + 2 + 1 + 2 + 2;
    QByteArray out("@@", 2);
    out.append(static_cast<char>(length & 0xff));
    out.append(static_cast<char>(length >> 8));
    out.append('\x01'); // protocol version
    out.append(id.leftJustified(20, '\0'));
    out.append('\x45');
    out.append('\x83'); // fuel / engine cut
    out.append(type == CommandType::EngineStop ? '\x01' : '\x00');
    const quint16 crc = checksum::crc16X25(out);
    out.append(static_cast<char>(crc & 0xff));
    out.append(static_cast<char>(crc >> 8));
    out.append("\r\n");
    return out;
}

} // namespace fw
