#pragma once
// degreesMinutes: a coordinate as NMEA-style text trackers send, "DDMM.mmmm" / "DDDMM.mmmmm"
// (no sign: the caller writes the hemisphere). Shared by the text-protocol encoders of the
// simulator (NMEA, GPS103, TK103, TLT2H, Wialon, Xexun), which differ only in the number of
// degree digits and of minute decimals.

#include <QByteArray>

namespace fw {

// |value| as `degreeDigits` zero-padded degrees and minutes with `minuteDecimals` decimals
// (two integer digits); minutes that round to 60 carry into the degrees.
QByteArray degreesMinutes(double value, int degreeDigits, int minuteDecimals);

} // namespace fw
