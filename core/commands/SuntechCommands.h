#pragma once
// Commands to a Suntech device over its connection (legacy SA200 form): "SA200CMD;<id>;02;"
// with StatusReq (position now), Reboot, Enable1 / Disable1 (output 1: engine stop / resume)
// or the operator's text, ending in CR. CommandCatalog dispatches here.

#include "commands/CommandCatalog.h"

namespace fw {

QByteArray encodeSuntech(CommandType type, const CommandParams &params, QString *error);

} // namespace fw
