#pragma once
// Teltonika FM/FMB trackers: Codec 8, 8 Extended, 16 and GH3000 (7) AVL data, Codec 12/13
// command responses, over TCP (IMEI packet, then length-prefixed AVL packets with CRC-16/IBM)
// and UDP (one datagram per AVL packet). The record count reply acknowledges stored data.

#include "ProtocolDecoder.h"

namespace fw {

class TeltonikaDecoder final : public ProtocolDecoder
{
public:
    TeltonikaDecoder() = default;

    static const ProtocolInfo &staticInfo();
    const ProtocolInfo &info() const override { return staticInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;
};

} // namespace fw
