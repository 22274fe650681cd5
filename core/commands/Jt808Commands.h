#pragma once
// Commands to a JT/T 808 terminal over its connection: 0x8105 terminal control (engine stop /
// resume as vendor words, reset), 0x8201 position query and 0x8103 parameters (report
// interval, server address), addressed by the 12-digit BCD phone number and escaped as a
// 0x7e frame. CommandCatalog dispatches here.

#include "commands/CommandCatalog.h"

namespace fw {

QByteArray encodeJt808(CommandType type, const CommandParams &params, QString *error);

} // namespace fw
