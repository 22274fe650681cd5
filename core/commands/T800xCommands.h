#pragma once
// Commands to a T800x device: a 0x2323 frame of type 0x81 (length, serial 1, IMEI as BCD,
// mode 1 = setting) carrying the operator's ASCII text. CommandCatalog dispatches here.

#include "commands/CommandCatalog.h"

namespace fw {

QByteArray encodeT800x(CommandType type, const CommandParams &params, QString *error);

} // namespace fw
