#pragma once
// Commands to a Xexun device over its connection: the SMS-style texts "powercar<password> 11"
// (engine stop) and "powercar<password> 00" (resume); default password 123456.
// CommandCatalog dispatches here.

#include "commands/CommandCatalog.h"

namespace fw {

QByteArray encodeXexun(CommandType type, const CommandParams &params, QString *error);

} // namespace fw
