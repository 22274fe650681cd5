#pragma once
// Readers for the blocks GT06 frames are made of (date and time, GPS, LBS cell, status block, the
// modules of a modular frame) and the hex / text form of raw fields. Gt06Decoder picks the blocks
// a frame type carries (Gt06MessageTypes) and reads them here, straight from the byte view.

#include "ByteReader.h"
#include "Gt06MessageTypes.h"
#include "domain/Position.h"

#include <QString>

namespace fw::gt06 {

// Date and time in the device's time zone (`utcOffset` seconds east of UTC, from the login).
TimeMs readDateTime(ByteReader &r, int utcOffset = 0);
TimeMs readBcdDateTime(ByteReader &r); // kNoTime when the year is not BCD
// Course (bits 0-9), fix flag, hemispheres and ignition of the course/status word.
void applyCourseFlags(Position &p, double lat, double lon, quint16 flags);
// Time, satellites, coordinates, speed and course/status word. Returns false when a GPS
// length byte says the block is empty.
bool readGps(ByteReader &r, Position &p, bool hasLength, bool hasSatellites, bool hasSpeed,
             int utcOffset = 0);
// Skips the cell block of frame `type` (nothing of it is kept yet). The widths depend on the
// frame type, the radio type of 4G frames and bit 15 of the MCC. False when a length byte says
// the block is empty, or the block is truncated.
bool readLbs(ByteReader &r, quint8 type, bool hasLength, Variant variant = Variant::Standard);
// The battery byte of a status block: a level 0-6 or a percentage (batteryLevel).
void readBatteryByte(quint8 value, Attributes &a);
// Terminal status byte: ignition, charge, blocked and the alarm bits.
void readStatusByte(ByteReader &r, Attributes &a);
// Terminal status byte, battery level and signal strength.
void readStatusBlock(ByteReader &r, Position &p);
// The module list of a modular (0x70) frame. Returns true when a location module set the fix.
bool readModules(ByteReader &r, Position &p);

QString hexString(QByteArrayView v); // lower case, two digits a byte
// Printable ASCII (a trailing CR LF allowed) becomes text, anything else hex.
QString textOrHex(QByteArrayView data);

} // namespace fw::gt06
