#pragma once
// Commands to a Wialon IPS device over its connection: plain text lines the device executes
// ("reboot", or what the operator types, e.g. "VER?" or "L1=1" for an output). CommandCatalog
// dispatches here.

#include "commands/CommandCatalog.h"

namespace fw {

QByteArray encodeWialon(CommandType type, const CommandParams &params, QString *error);

} // namespace fw
