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
    static bool decode(QByteArrayView body, const QString &uniqueId, TimeMs now, DecodedMessage &m);
};

} // namespace fw
