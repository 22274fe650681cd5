#pragma once
// The cell towers and Wi-Fi access points of the GT06 reports that carry no GPS fix (LBS
// multiple 0x28/0x2E/0x18, LBS + Wi-Fi 0x2C, Wi-Fi 0x17/0x69, 4G LBS 0xA1/0xA2). Gt06Decoder
// reads the time first; these functions read what follows it into a Network.

#include "ByteReader.h"
#include "domain/Network.h"

namespace fw::gt06 {

// Reads the cells (and Wi-Fi) after the time of a network-only frame. `wifiCount` is the
// length byte of 0x17 / 0x69 frames, which count their access points there. Returns false when
// the frame ends early.
bool readNetwork(quint8 type, int wifiCount, ByteReader &r, Network &network);

} // namespace fw::gt06
