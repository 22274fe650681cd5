#pragma once
// Commands to a Castel / IDD OBD device: "@@", little-endian length, version 1, the id
// padded to 20 bytes, command 0x4583 (fuel / engine cut: 1 stop, 0 resume), CRC-16/X25
// (little-endian) and CR LF. CommandCatalog dispatches here.

#include "commands/CommandCatalog.h"

namespace fw {

QByteArray encodeCastel(CommandType type, const CommandParams &params, QString *error);

} // namespace fw
