#pragma once
// Meitrack (MT90, T333, T366, P88L, MVT/T3 series; Traccar's "meitrack", port 5020). Every
// packet is "$$" + a flag character + a decimal length + "," + the rest, the length counting
// from that comma to the end ("*" + two hex digits of the byte sum + CR LF):
//   $$Xnnn,IMEI,AAA,event,lat,lon,yymmddhhmmss,A,sats,gsm,km/h,course,hdop,alt,odometer,
//          runtime,mcc|mnc|lac|cid,io,adc|adc|adc|battery|power,...*hh   a text report
//   $$Xnnn,IMEI,CCE,<binary>*hh    buffered reports: per record groups of 1-, 2-, 4-byte and
//                                   variable-length parameters by id, little-endian
//   $$Xnnn,IMEI,CCC,<binary>*hh    the older fixed binary batch
//   AAC (heartbeat, answered "@@z27,IMEI,AAC,1*hh"), D82 (command result), D00/D03 (photos,
//   accepted and not kept).

#include "protocols/ProtocolDecoder.h"

namespace fw {

class MeitrackDecoder final : public ProtocolDecoder
{
public:
    MeitrackDecoder() = default;

    static const ProtocolInfo &protocolInfo();
    const ProtocolInfo &info() const override { return protocolInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;

    // "*" + the two hex digits of the byte sum of `text` (up to and including its "*").
    static QByteArray checksum(QByteArrayView text);
};

} // namespace fw
