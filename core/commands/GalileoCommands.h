#pragma once
// Commands to a Galileosky device over its connection: a main packet with the IMEI (0x03),
// device id 0 (0x04), command index 0 (0xE0) and the command text (0xE1), CRC-16/MODBUS.
// Engine stop / resume switch output 0 ("Out 0,1" / "Out 0,0"), where the immobiliser relay is
// usually wired; other text is the operator's. CommandCatalog dispatches here.

#include "commands/CommandCatalog.h"

namespace fw {

QByteArray encodeGalileo(CommandType type, const CommandParams &params, QString *error);

} // namespace fw
