#pragma once
// Commands to a Ruptela device over its connection: server packets (length, 100 + the command,
// content, CRC-16/KERMIT). Engine stop / resume and the operator's text go as an SMS command
// carried over GPRS (108); the server address as a set-connection packet (105); text made only
// of hex digit pairs is sent as it stands (a whole packet the operator built). CommandCatalog
// dispatches here.

#include "commands/CommandCatalog.h"

namespace fw {

QByteArray encodeRuptela(CommandType type, const CommandParams &params, QString *error);

} // namespace fw
