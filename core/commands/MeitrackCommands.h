#pragma once
// Commands to a Meitrack device over its connection: "@@A<length>,<IMEI>,<command>*<sum>\r\n"
// with A10 (position now) and C01 (outputs: engine stop / resume), or the operator's own
// command text. CommandCatalog dispatches here.

#include "commands/CommandCatalog.h"

namespace fw {

QByteArray encodeMeitrack(CommandType type, const CommandParams &params, QString *error);

} // namespace fw
