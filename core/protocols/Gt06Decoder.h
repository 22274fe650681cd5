#pragma once
// Gt06Decoder: GT06 / Concox binary protocol (0x7878 short and 0x7979 extended frames, CRC-ITU,
// stop bits 0d0a). It is the most common protocol of cheap trackers, so location frames are
// decoded straight from the byte view without temporary strings; the only allocations are the
// output message and the reply.

#include "ProtocolDecoder.h"

namespace fw {

class Gt06Decoder final : public ProtocolDecoder
{
public:
    Gt06Decoder() = default;

    static const ProtocolInfo &staticInfo();
    const ProtocolInfo &info() const override { return staticInfo(); }

    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;

    // Server -> device frame: header, length, type, content, serial, CRC-ITU, 0d0a.
    static QByteArray buildFrame(
        bool extended, quint8 type, quint16 serial, QByteArrayView content = {});
    // The same frame written over `into`, in its buffer when that is big enough and unshared.
    static void writeFrame(QByteArray &into, bool extended, quint8 type, quint16 serial,
        QByteArrayView content = {});
};

} // namespace fw
