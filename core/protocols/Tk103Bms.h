#pragma once
// The lithium battery management (BMS) reports of TK103-framed e-bike and scooter trackers:
// BS50 (one hex block: cell voltages, current, charge, protections, temperatures, capacity) and
// BS51 ("KK:hex" items: pack voltage and current, extreme cells, extreme temperatures, cell
// temperatures). Tk103Decoder hands the text after the command here.

#include "domain/Attributes.h"

#include <QStringView>

namespace fw::tk103 {

// Returns false when the data is not the expected hex (nothing is set then).
bool decodeBms(QStringView command, QStringView data, Attributes &a);

} // namespace fw::tk103
