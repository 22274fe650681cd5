#include "MeitrackCommands.h"

#include "protocols/MeitrackDecoder.h"

#include <algorithm>

namespace fw {

QByteArray encodeMeitrack(CommandType type, const CommandParams &p, QString *error)
{
    QByteArray content;
    switch (type) {
    case CommandType::PositionRequest:
        content = "A10";
        break;
    case CommandType::EngineStop:
        content = "C01,0,12222"; // output 1 on, the others unchanged
        break;
    case CommandType::EngineResume:
        content = "C01,0,02222";
        break;
    case CommandType::SetInterval:
        // A12: tracking by time interval in units of 10 s (0 would switch reporting off).
        content = "A12,"
            + QByteArray::number(std::clamp((p.intervalSecs + 9) / 10, 1, 65535));
        break;
    case CommandType::Custom:
        content = p.text.toLatin1();
        break;
    default:
        if (error)
            *error = QStringLiteral("meitrack: no such command");
        return {};
    }
    if (p.uniqueId.isEmpty() || content.contains('*')) {
        if (error)
            *error = QStringLiteral("meitrack: the command needs the IMEI and no '*'");
        return {};
    }
    // The length counts from the comma after it to the end of the line.
    const QByteArray tail = ',' + p.uniqueId.toLatin1() + ',' + content + '*';
    const QByteArray text = "@@A" + QByteArray::number(tail.size() + 4).rightJustified(2, '0')
        + tail;
    return text + MeitrackDecoder::checksum(text) + "\r\n";
}

} // namespace fw
