#pragma once
// The body of a JT/T 808 location report (0x0200, and every item of the 0x0704 / 0x0210 batches):
// the 28-byte basic block (alarm and status words, coordinates, altitude, speed, course, time)
// and the additional information items after it. Jt808Decoder handles framing and replies.

#include "ProtocolDecoder.h"

namespace fw {

class Jt808LocationReport
{
public:
    // Fills `m` from the report body. Returns false when the basic block is truncated.
    // `model` is the device model when known (a few vendors give bits another meaning).
    static bool decode(QByteArrayView body, const QString &uniqueId, TimeMs now, DecodedMessage &m,
                       const QString &model = {});
    // The compact report of 0x5501 (live) and 0x5502 (blind area, stored while out of coverage):
    // BCD time and coordinates, then signal, satellites, odometer, battery, cell, product,
    // status and alarm words, and id-length-value items.
    static bool decodeCompact(QByteArrayView body, bool blind, const QString &uniqueId, TimeMs now,
                              DecodedMessage &m);
};

} // namespace fw
