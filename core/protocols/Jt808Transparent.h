#pragma once
// JT/T 808 messages whose body is not a location report: the transparent data of 0x0900
// (vendor text, OBD "$OBD-RT" values, the 0xF0 OBD box reports with their own coordinates, a
// compact position), the driver identity of 0x0702 and the acceleration samples of 0x2070.
// Jt808Decoder reads the header and sends the replies; these fill the messages.

#include "ProtocolDecoder.h"

namespace fw::jt808 {

// A status (or position) message of `uniqueId` at `now`, as the readers below start them.
DecodedMessage baseMessage(MessageType type, const QString &uniqueId, TimeMs now);

void decodeTransparent(QByteArrayView body, const QString &id, TimeMs now, DecodeResult &out);
void decodeDriverIdentity(QByteArrayView body, const QString &id, TimeMs now,
                          DecodeResult &out);
void decodeAcceleration(QByteArrayView body, const QString &id, TimeMs now, DecodeResult &out);

} // namespace fw::jt808
