#pragma once
// Commands to a TK103 bracket-protocol device over its connection: "(" + the 12-character id +
// a server command + ")": AP00 position now, AR00 reporting interval (hex seconds), AV01 cut
// or restore the fuel/engine relay, AT00 restart; a custom command is sent as "(<id><text>)".
// CommandCatalog dispatches here.

#include "commands/CommandCatalog.h"

namespace fw {

QByteArray encodeTk103(CommandType type, const CommandParams &params, QString *error);

} // namespace fw
