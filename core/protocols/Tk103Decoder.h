#pragma once
// TK103 bracket protocol ("(" ... ")" frames, Traccar's "tk103", port 5002): the original
// Xexun/Coban-era TK103 and the many clones that kept its framing (TK102B, GT02, TK06, ZC/DW
// watch-style firmwares). Distinct from the "imei:" text of gps103.
//
// Frames, all ASCII between "(" and ")":
//   (IDCMD..)          compact: a 12-character id (sometimes 11 or 15), a 4-character command,
//                      then data; positions as YYMMDD A/V ddmm.mmmmN dddmm.mmmmE speed(5, km/h)
//                      hhmmss course(6) charge ignition io io io fuel(hex3) Lodometer(hex)
//   (ID,CMD,...)       comma form of newer firmwares: DDMMYY,A,lat,N,lon,E,speed,hhmmss,course
// Commands read: BP00 handshake (-> "(<id>AP01HSO)"), BP05 login with a position
// (-> "(<id>AP05)"), BR00/BR01/BO01/BQ81/ZCxx/DW3x positions and alarms, ZC20 battery, BZ00 and
// DW5x cell towers / Wi-Fi, ZC03 command results, BV00 VIN. A "$...$" text may hold ")", so the
// framer reads to the first ")" outside it.

#include "protocols/ProtocolDecoder.h"

namespace fw {

class Tk103Decoder final : public ProtocolDecoder
{
public:
    Tk103Decoder() = default;

    static const ProtocolInfo &protocolInfo();
    const ProtocolInfo &info() const override { return protocolInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;
};

} // namespace fw
