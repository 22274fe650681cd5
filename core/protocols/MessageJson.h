#pragma once
// JSON forms of decoded messages, as the `decode` command prints them (interfaces.md). Shared by
// the command line, the raw console's "decoded" column and the conformance test.

#include "ProtocolDecoder.h"

#include <QJsonObject>

namespace fw {

QJsonObject messageToJson(const DecodedMessage &message, const QString &fallbackUniqueId);
QJsonObject decodeResultToJson(const QString &protocol, const DecodeResult &result,
                               const QString &fallbackUniqueId);
// One readable line for consoles: "position 123456789012345 52.10000,21.20000 valid 12 km/h".
QString messageSummary(const DecodedMessage &message, const QString &fallbackUniqueId);

} // namespace fw
