#pragma once
// The GT06 alarm code tables: the alarm byte of status frames, the alarm bits of the terminal
// status byte, the code of 0x95 alarm frames, the alarm module (0x34) of a modular (0x70) frame
// and the status of AZ735 alarm frames. Kept apart from Gt06Decoder so the decoder reads only the
// frame layout; values are the shared alarm names.

#include <QString>

namespace fw::gt06 {

// Alarm byte of status frames (0x16, 0x26, 0x27, 0x13, ...). Frames whose language byte follows
// pass its high nibble in bits 8-11 (0x0107 and 0x010B are jamming). nullptr = no alarm.
// A few models (Traccar's names: LW*, SEEWORLD, VL103 / LL303 / VL512 / G18) use some codes
// for other alarms; `model` is the device model when known.
const QString *alarmFromByte(quint16 value, const QString &model = {});
// Alarm of the terminal status byte (bits 3-5) of a status block. nullptr = no alarm.
const QString *alarmFromStatus(quint8 status);
// Alarm code of a 0x95 alarm frame; `extended` = the frame also carries a GPS block.
// nullptr = an event without an alarm.
const QString *alarmFromCode(quint8 code, bool extended);
// Event of the alarm module (0x34) of a modular frame. nullptr = no alarm.
const QString *alarmFromModuleEvent(quint8 event);

} // namespace fw::gt06
