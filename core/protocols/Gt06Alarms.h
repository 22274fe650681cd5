#pragma once
// The GT06 alarm code tables: the alarm byte of status frames, the alarm bits of the terminal
// status byte, the code of 0x95 alarm frames and the event of a modular (0x70) frame. Kept apart
// from Gt06Decoder so the decoder reads only the frame layout; values are the shared alarm names.

#include <QString>

namespace fw::gt06 {

// Alarm byte of status frames (0x16, 0x26, 0x27, 0x13, ...). nullptr = no alarm.
const QString *alarmFromByte(quint8 value);
// Alarm of the terminal status byte (bits 3-5) of a status block. nullptr = no alarm.
const QString *alarmFromStatus(quint8 status);
// Alarm code of a 0x95 alarm frame; `extended` = the frame also carries a GPS block.
const QString &alarmFromCode(quint8 code, bool extended);
// Event of the 0x2b module of a modular frame. nullptr = no alarm.
const QString *alarmFromModuleEvent(quint8 event);

} // namespace fw::gt06
