#pragma once
// AprsDecoder: APRS packets in TNC2 text form ("CALL-SSID>DEST,PATH:payload", one per line), as
// iGates and LoRa trackers feed them to an APRS-IS style port. Handles the iGate login
// ("user CALL pass N vers ..."), server comments ("#..."), uncompressed, compressed and Mic-E
// positions, and status packets, including the LoRa tracker firmware status texts (boot, update,
// reboot, low battery). The device id is the packet's source callsign with SSID, upper case.
//
// Notes: packets are decoded whether or not the connection logged in (the `decode` command
// feeds single packets); ctx.state tells the ingest layer the login state. Positions without a
// timestamp take ctx.now; "DDHHMM/" local-time stamps are read as UTC (the zone is unknown).

#include "ProtocolDecoder.h"

namespace fw {

class AprsDecoder final : public ProtocolDecoder
{
public:
    static constexpr qsizetype kMaxLine = 512;
    // Values of DecodeContext::state.
    enum LoginState { NotLoggedIn = 0, LoggedInVerified = 1, LoggedInUnverified = 2 };

    AprsDecoder() = default;

    static const ProtocolInfo &staticInfo();
    const ProtocolInfo &info() const override { return staticInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;

    // The APRS-IS passcode of a callsign (SSID ignored, case-insensitive).
    static int passcode(QByteArrayView callsign);
};

} // namespace fw
