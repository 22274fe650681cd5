#pragma once
// Commands to an Eelink device over its TCP connection: a 0x6767 0x80 downlink packet
// (length, sequence, 0x01 = command, server flag 0) carrying the device's SMS-style text:
// WHERE#, RELAY,1# / RELAY,0#, RESET# or the operator's text. CommandCatalog dispatches here.

#include "commands/CommandCatalog.h"

namespace fw {

QByteArray encodeEelink(CommandType type, const CommandParams &params, QString *error);

} // namespace fw
