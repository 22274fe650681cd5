#include "GalileoCommands.h"

#include "protocols/GalileoDecoder.h"

namespace fw {

QByteArray encodeGalileo(CommandType type, const CommandParams &p, QString *error)
{
    QByteArray text;
    switch (type) {
    case CommandType::EngineStop:
        text = "Out 0,1";
        break;
    case CommandType::EngineResume:
        text = "Out 0,0";
        break;
    case CommandType::Custom:
        text = p.text.toLatin1();
        break;
    default:
        if (error)
            *error = QStringLiteral("galileo: no such command");
        return {};
    }
    const QByteArray imei = p.uniqueId.toLatin1();
    if (imei.size() != 15 || text.size() > 255) {
        if (error)
            *error = QStringLiteral("galileo: the command needs the 15-digit IMEI and at most 255 "
                                    "characters");
        return {};
    }
    QByteArray tags;
    tags.append('\x03').append(imei);
    tags.append("\x04\x00\x00", 3); // device id: not needed with the IMEI
    tags.append("\xe0\x00\x00\x00\x00", 5); // command index
    tags.append('\xe1').append(static_cast<char>(text.size())).append(text);
    return GalileoDecoder::packet(0x01, tags);
}

} // namespace fw
