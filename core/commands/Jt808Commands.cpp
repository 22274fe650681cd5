#include "Jt808Commands.h"

#include "CommandBytes.h"
#include "protocols/Jt808Decoder.h"

#include <algorithm>

namespace fw {

namespace {

} // namespace

QByteArray encodeJt808(CommandType type, const CommandParams &p, QString *error)
{
    // Terminal phone number: 12 BCD digits (2013 layout), left-padded with zeros.
    const QString digits = p.uniqueId;
    if (digits.isEmpty() || digits.size() > 12
        || !std::all_of(digits.cbegin(), digits.cend(), [](QChar c) { return c.isDigit(); })) {
        failCommand(error, QStringLiteral("jt808: the device id must be up to 12 digits"));
        return {};
    }
    const QString padded = digits.rightJustified(12, u'0');
    QByteArray phone;
    for (int i = 0; i < 12; i += 2)
        phone.append(static_cast<char>((padded.at(i).digitValue() << 4)
                                       | padded.at(i + 1).digitValue()));
    int msgId = 0;
    QByteArray body;
    switch (type) {
    case CommandType::EngineStop:
    case CommandType::EngineResume:
        msgId = 0x8105; // terminal control, vendor command words 0xf0 / 0xf1
        body.append(type == CommandType::EngineStop ? '\xf0' : '\xf1');
        break;
    case CommandType::Reboot:
        msgId = 0x8105;
        body.append('\x04'); // terminal reset
        break;
    case CommandType::PositionRequest:
        msgId = 0x8201; // position query, empty body
        break;
    case CommandType::SetInterval:
        msgId = 0x8103; // set parameters: 0x0029 default report interval (s)
        body.append('\x01');
        put32(body, 0x0029);
        body.append('\x04');
        put32(body, static_cast<quint32>(std::max(1, p.intervalSecs)));
        break;
    case CommandType::SetServer: {
        msgId = 0x8103; // 0x0013 main server address, 0x0018 TCP port
        const QByteArray host = p.host.toLatin1();
        if ((host.isEmpty() || host.size() > 255 || p.port == 0)
            && failCommand(error, QStringLiteral("jt808: host and port needed")))
            return {};
        body.append('\x02');
        put32(body, 0x0013);
        body.append(static_cast<char>(host.size()));
        body.append(host);
        put32(body, 0x0018);
        body.append('\x04');
        put32(body, p.port);
        break;
    }
    default:
        failCommand(error, QStringLiteral("jt808: no such command"));
        return {};
    }
    QByteArray content;
    put16(content, static_cast<quint32>(msgId));
    put16(content, static_cast<quint32>(body.size()) & 0x3ff);
    content.append(phone);
    put16(content, p.serial & 0xffff);
    content.append(body);
    return Jt808Decoder::wrap(content);
}

} // namespace fw
