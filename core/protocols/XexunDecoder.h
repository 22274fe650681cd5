#pragma once
// Xexun text protocol (TK102 / TK103 / XT-009 and their clones; Traccar's "xexun", port 5006):
// a $GPRMC sentence with the device's additions, one report per line.
//   basic:    GPRMC,hhmmss.sss,A,ddmm.mmmm,N,dddmm.mmmm,E,knots,course,DDMMYY,,,A*hh,
//             F,status,imei:ID,
//   extended: SERIAL,PHONE,GPRMC,...,imei:ID,satellites,altitude,F:4.15V,charging,signal,?,
//             MCC,MNC,LAC,CID[,odometer]
// F/L is the GSM signal (full / low); the status text says "help me!", "low battery", "move!",
// "ACC On"/"ACCStart", "ACC Off"/"ACCStop". Devices expect no answer. A basic frame ends at the
// comma after the id; an extended one (digits follow that comma) at its line end.

#include "protocols/ProtocolDecoder.h"

namespace fw {

class XexunDecoder final : public ProtocolDecoder
{
public:
    XexunDecoder() = default;

    static const ProtocolInfo &protocolInfo();
    const ProtocolInfo &info() const override { return protocolInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;
};

} // namespace fw
