#include "RuptelaCommands.h"

#include "protocols/RuptelaDecoder.h"

#include <QRegularExpression>

namespace fw {

namespace {
constexpr quint8 kSetConnection = 105;
constexpr quint8 kSmsViaGprs = 108;
} // namespace

QByteArray encodeRuptela(CommandType type, const CommandParams &p, QString *error)
{
    switch (type) {
    case CommandType::EngineStop:
        return RuptelaDecoder::serverPacket(kSmsViaGprs, "pass immobilizer 10");
    case CommandType::EngineResume:
        return RuptelaDecoder::serverPacket(kSmsViaGprs, "pass resetimmob");
    case CommandType::SetServer:
        return RuptelaDecoder::serverPacket(
            kSetConnection, QString(p.host + u',' + QString::number(p.port) + u",TCP").toLatin1());
    case CommandType::Custom: {
        static const QRegularExpression hexPairs(QStringLiteral("^(?:[0-9A-Fa-f]{2})+$"));
        if (hexPairs.match(p.text).hasMatch())
            return QByteArray::fromHex(p.text.toLatin1());
        return RuptelaDecoder::serverPacket(kSmsViaGprs, p.text.toLatin1());
    }
    default:
        if (error)
            *error = QStringLiteral("ruptela: no such command");
        return {};
    }
}

} // namespace fw
