#pragma once
// H02Decoder: H02 trackers (Sinotrack and many clones). Text frames "*HQ,ID,V1,...#" and a
// fixed-layout binary "$" variant with BCD fields. Parsed by hand from the byte view (no regular
// expressions) because these devices report often and in large numbers.

#include "ProtocolDecoder.h"

namespace fw {

class H02Decoder final : public ProtocolDecoder
{
public:
    H02Decoder() = default;

    static const ProtocolInfo &staticInfo();
    const ProtocolInfo &info() const override { return staticInfo(); }

    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;

private:
    void decodeText(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const;
    void decodeBinary(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const;
};

} // namespace fw
