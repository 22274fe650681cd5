#pragma once
// Blocks nested inside JT/T 808 additional information items: the 0xEB extension list, the OBD
// blocks of 0x80 and 0xF3 and the "$OBD-RT" text, the BLE tags of AL300 / GL100 and the 0xE8
// extension of Jimi JC dashcams. Jt808AdditionalInfo walks the items and calls these.

#include "ByteReader.h"
#include "domain/Attributes.h"

#include <QByteArrayView>
#include <QString>

namespace fw::jt808 {

// 0xEB: a cell list (not kept), a time-zone text, or items of u16 length + u16 type.
void decodeExtended(Attributes &a, ByteReader &r, QByteArrayView raw);
// 0x80: OBD items of id, length, value.
void decodeObd(Attributes &a, ByteReader &v);
// 0xF3: OBD values as u16 id, u8 length, value.
void decodeObd2(Attributes &a, ByteReader &v);
// 0xF3 of AL300 / GL100: BLE tags.
void decodeTags(Attributes &a, ByteReader &v);
// 0xE8 of Jimi JC dashcams: status items or an event.
void decodeJimiExtension(Attributes &a, ByteReader &v);
// "$OBD-RT,..." values (item 0xE6 and transparent data 0x41).
void decodeObdRt(Attributes &a, const QString &data);

} // namespace fw::jt808
