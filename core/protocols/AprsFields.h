#pragma once
// Text and number fields of APRS packets, read straight from the received bytes: ASCII case
// folding, fixed-width digit and base-91 fields, "DDHHMMz" / "HHMMSSh" timestamps and the
// altitude and battery that trackers write into their comments. Shared by AprsDecoder and the
// APRS position and status parsers.

#include "domain/Attributes.h"
#include "util/TimeUtil.h"

#include <QByteArrayView>

namespace fw::aprs {

inline constexpr double kFeetToMetres = 0.3048;

inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
inline char upper(char c)
{
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
}

bool istartsWith(QByteArrayView text, QByteArrayView prefix); // ASCII case-insensitive
bool iequals(QByteArrayView a, QByteArrayView b);
QByteArrayView trimmed(QByteArrayView v); // without spaces and tabs, nor a trailing CR / LF

// `count` decimal digits at `pos`, -1 when any is not a digit or the field runs past the end.
int digits(QByteArrayView v, qsizetype pos, int count);
// Digits where a space stands for position ambiguity (read as 0).
int ambiguousDigits(QByteArrayView v, qsizetype pos, int count);
// Base-91 number of `count` characters at `pos`, -1 when malformed.
int base91(QByteArrayView v, qsizetype pos, int count);

// Time of day (ms since midnight) on the day nearest to `now` (yesterday, today or tomorrow).
TimeMs nearestDayTime(TimeMs now, TimeMs timeOfDay);
// "DDHHMMz", "DDHHMM/" (local time, read as UTC) or "HHMMSSh". kNoTime when malformed.
TimeMs parseTimestamp(QByteArrayView v, TimeMs now, bool &ok);

// "/A=001234" (feet) anywhere in a comment.
bool commentAltitude(QByteArrayView comment, double &metres);
// "Batt=4.12V" / "Bat=4.12V" voltage, as LoRa trackers append it to their comment.
void commentBattery(QByteArrayView comment, Attributes &attributes);

} // namespace fw::aprs
