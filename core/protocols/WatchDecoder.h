#pragma once
// The "3G" watch protocol spoken by children's / elderly GPS watches (SeTracker and clones):
// bracketed text frames with a vendor prefix. Positions, heartbeats and alarms are text;
// voice messages and photos carry escaped binary, so frames are cut on the brackets.

#include "protocols/ProtocolDecoder.h"

namespace fw {

// Wire format: [VV*ID*LEN*CONTENT] or, for some vendors, [VV*ID*INDEX*LEN*CONTENT]
//   VV      vendor prefix (3G, SG, CS, ZJ, ...), echoed in every reply
//   LEN     4 hex digits, length of CONTENT (many firmwares get it wrong: not enforced)
//   CONTENT TYPE[,data...]; inside binary data 7d01..7d05 stand for 7d 5b 5d 2c 2a
// Types: LK (link/heartbeat: steps,tumbles,battery%) -> [VV*ID*0002*LK]; UD/UD2/UD3/UD_LTE/
// UD_WCDMA/WT (position) and AL* (alarm, position + status bits) -> [VV*ID*0002*AL];
// health readings (heart, PULSE, BLOOD, bphrt, btemp2, TEMP, oxygen) -> Status;
// TK (voice message) -> TK,1; TKQ/TKQ2 echoed; INIT -> INIT,1; JXTK chunks -> JXTKR,1.
// Position data: ddmmyy,hhmmss,A|V,lat,N|S,lon,E|W,km/h,course,altitude,satellites,rssi,
// battery%,steps,tumbles,status(hex bits),cells...,wifi...
class WatchDecoder final : public ProtocolDecoder
{
public:
    WatchDecoder() = default;

    static const ProtocolInfo &protocolInfo();
    const ProtocolInfo &info() const override { return protocolInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;

    // 7d01..7d05 -> 7d 5b 5d 2c 2a. Returns false on a dangling or unknown escape, with the
    // offset of the bad byte in `badAt`.
    static bool unescape(QByteArrayView in, QByteArray &out, qsizetype &badAt);
};

} // namespace fw
