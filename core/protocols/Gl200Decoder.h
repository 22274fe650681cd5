#pragma once
// Queclink GL/GV/GB trackers (GL200, GL300, GV300, GV500, ...; Traccar's "gl200", port 5004),
// text form: "+RESP:GTxxx,version,IMEI,name,...,<points>,...,sendTime,count$", "+BUFF:" for
// buffered reports and "+ACK:" for acknowledgements and heartbeats. A point is
// "hdop,kph,course,altitude,lon,lat,yyyyMMddHHmmss,mcc,mnc,lac,cell"; a GTFRI may hold several,
// a point without a fix leaves the first seven empty. Fields between vary by report and model,
// so points are found by their shape rather than by index. The heartbeat +ACK:GTHBD is answered
// with +SACK:GTHBD,version,count$. Fields at fixed places per type and model: Gl200Reports.
// The binary form (+RSP, +EVT, ..., cut by its length field) is decoded by Gl200Binary.

#include "protocols/ProtocolDecoder.h"

namespace fw {

class Gl200Decoder final : public ProtocolDecoder
{
public:
    Gl200Decoder() = default;

    static const ProtocolInfo &protocolInfo();
    const ProtocolInfo &info() const override { return protocolInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;
};

} // namespace fw
