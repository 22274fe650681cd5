#include "Tk103Commands.h"

namespace fw {

QByteArray encodeTk103(CommandType type, const CommandParams &p, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = QStringLiteral("tk103: ") + why;
        return QByteArray();
    };
    QByteArray body;
    switch (type) {
    case CommandType::PositionRequest:
        body = "AP00";
        break;
    case CommandType::SetInterval: {
        // Four hex digits of seconds, then four for the duration (0 = until told otherwise).
        const int seconds = std::clamp(p.intervalSecs, 1, 0xffff);
        body = "AR00" + QByteArray::number(seconds, 16).toUpper().rightJustified(4, '0') + "0000";
        break;
    }
    case CommandType::EngineStop:
        body = "AV010";
        break;
    case CommandType::EngineResume:
        body = "AV011";
        break;
    case CommandType::Reboot:
        body = "AT00";
        break;
    case CommandType::Custom:
        if (p.text.startsWith(u'('))
            return p.text.toLatin1(); // a whole frame given by the operator
        body = p.text.toLatin1();
        break;
    default:
        return fail(QStringLiteral("no such command"));
    }
    if (p.uniqueId.isEmpty())
        return fail(QStringLiteral("the command needs the device id"));
    return '(' + p.uniqueId.toLatin1() + body + ')';
}

} // namespace fw
