#pragma once
// Eelink (TK115, TK116, TK119, GPT06, GOT08; Traccar's "eelink", port 5064). Packets are
//   0x67 0x67, type, length (2, from the index on), index (2), content
// several of them may follow one another in a frame. Over UDP a datagram starts with
// "EL", length (2), checksum (2) and the IMEI (8 bytes BCD) before the packets.
// Types: 0x01 login (IMEI), 0x02 GPS, 0x04 alarm, 0x05 state (old firmware: time, lat/lon
// in 1/1,800,000 degree, km/h, course, one cell, fix flag), 0x12 normal, 0x14 warning,
// 0x15 report (new firmware: flags saying which of fix, cells and Wi-Fi follow, then status,
// battery, ADC, odometer, steps, sensors), 0x03 heartbeat and 0x07 status (the status word),
// 0x80 command results. Every type but GPS and data gets an answer with its type and index.

#include "protocols/ProtocolDecoder.h"

namespace fw {

class EelinkDecoder final : public ProtocolDecoder
{
public:
    EelinkDecoder() = default;

    static const ProtocolInfo &protocolInfo();
    const ProtocolInfo &info() const override { return protocolInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;
};

} // namespace fw
