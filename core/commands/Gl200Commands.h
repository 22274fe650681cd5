#pragma once
// Commands to a Queclink (GL/GV) device over its connection: AT+GTRTO (real-time operation:
// 1 position now, 3 reboot) and AT+GTOUT (output 1 on / off: engine stop / resume), each with
// the device password and the FFFF serial, ending in '$'. CommandCatalog dispatches here.

#include "commands/CommandCatalog.h"

namespace fw {

QByteArray encodeGl200(CommandType type, const CommandParams &params, QString *error);

} // namespace fw
