#pragma once
// The binary ("HEX") form of the Queclink @Track protocol, which the same devices and port send
// instead of the text form when configured for it. Two generations:
//  - "+RSP"/"+BSP" (location; B = buffered), "+EVT"/"+BVT" (event), "+INF"/"+BNF"
//    (information), "+HBD" (heartbeat) and "+ACK" (command acknowledgement): a 4-byte header,
//    a report type, a report mask, a length field that covers the whole frame, then fixed
//    fields and "send time (7), count number (2), check (2), \r\n";
//  - frames starting "+" 0x00 (GL601 and newer): a 2-byte frame length, the IMEI, and records
//    of tagged data items (0x52 = the GNSS fix).
// Frames are cut by their length field, never by a delimiter (binary bytes may be anything).
// Layouts follow the public Traccar decoder (Gl200BinaryProtocolDecoder) and Queclink's
// published frame descriptions; fields behind a mask are read at the places the usual full
// masks give them, which is what devices in the field send.

#include "protocols/ProtocolDecoder.h"

namespace fw::gl200 {

// True when the bytes start a binary frame (enough of it to tell: up to 5 bytes).
bool isBinaryStart(QByteArrayView s);
// Cuts one binary frame from a stream that isBinaryStart() accepted.
FrameCut cutBinaryFrame(QByteArrayView s, qsizetype maxFrame);
// Decodes one binary frame; replies to the heartbeat the device waits an answer to.
void decodeBinary(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out);

} // namespace fw::gl200
