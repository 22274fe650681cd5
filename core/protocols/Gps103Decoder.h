#pragma once
// GPS103 / TK103 / Coban text protocol ("imei:ID,tracker,..." over TCP and UDP). Cheap Chinese
// trackers and their clones all speak it, with many small dialects (OBD records, no-fix cell
// reports, an alternative decimal-degree layout), so the parser is positional and forgiving.

#include "protocols/ProtocolDecoder.h"

namespace fw {

// Wire format (ASCII; every frame ends with ';', '*' or a newline, optionally followed by CR/LF):
//   ##,imei:ID,A;                      login            -> reply "LOAD"
//   ID;                                heartbeat        -> reply "ON"
//   imei:ID,KEYWORD,YYMMDDhhmm[ss],RFID,F,hhmmss.sss,A,ddmm.mmmm,N,dddmm.mmmm,E,
//        speedKnots,course,altitude,ignition,door,fuel1%,fuel2%,temperature;
//   imei:ID,KEYWORD,YYMMDDhhmm,,L,,,LAC,,CID,,,;       report without a GPS fix
//   imei:ID,OBD,YYMMDDhhmmss,odometer,...;             OBD record
// KEYWORD is "tracker" for a plain report, or an alarm ("help me", "low battery", ...).
// "help me" (SOS) is acknowledged with "**,imei:ID,E;" so the device stops repeating it.
class Gps103Decoder final : public ProtocolDecoder
{
public:
    Gps103Decoder() = default;

    static const ProtocolInfo &protocolInfo();
    const ProtocolInfo &info() const override { return protocolInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;
};

} // namespace fw
