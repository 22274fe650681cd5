#pragma once
// JT/T 808 (Huabao and many Chinese trackers): 0x7e-delimited binary frames with 0x7d escapes,
// an XOR checksum and a BCD phone number as device id. Registration, authentication and heartbeat
// get the standard replies; 0x0200 / 0x0704 location reports are acknowledged with 0x8001.

#include "ProtocolDecoder.h"

namespace fw {

class Jt808Decoder final : public ProtocolDecoder
{
public:
    Jt808Decoder() = default;

    static const ProtocolInfo &staticInfo();
    const ProtocolInfo &info() const override { return staticInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;

    // Wraps header + body in 0x7e markers with the XOR checksum and escapes (device or server).
    static QByteArray wrap(QByteArrayView unescapedContent);
};

} // namespace fw
