#pragma once
// Readers for the blocks GT06 frames are made of (date and time, GPS, LBS cell, status block, the
// modules of a modular frame) and the hex / text form of raw fields. Gt06Decoder picks the blocks
// a frame type carries (Gt06MessageTypes) and reads them here, straight from the byte view.

#include "ByteReader.h"
#include "domain/Position.h"

#include <QString>

namespace fw::gt06 {

TimeMs readDateTime(ByteReader &r);
TimeMs readBcdDateTime(ByteReader &r); // kNoTime when the year is not BCD
// Course (bits 0-9), fix flag, hemispheres and ignition of the course/status word.
void applyCourseFlags(Position &p, double lat, double lon, quint16 flags);
// Time, satellites, coordinates, speed and course/status word. Returns false when a GPS
// length byte says the block is empty.
bool readGps(ByteReader &r, Position &p, bool hasLength, bool hasSatellites, bool hasSpeed);
// Skips the cell block of frame `type` (nothing of it is kept).
void readLbs(ByteReader &r, quint8 type, bool hasLength);
// Terminal status byte, battery level and signal strength.
void readStatusBlock(ByteReader &r, Position &p);
// The module list of a modular (0x70) frame. Returns true when a location module set the fix.
bool readModules(ByteReader &r, Position &p);

QString hexString(QByteArrayView v); // lower case, two digits a byte
// Printable ASCII (a trailing CR LF allowed) becomes text, anything else hex.
QString textOrHex(QByteArrayView data);

} // namespace fw::gt06
