#pragma once
// TLT-2H and the MT500/MT600/MT700/V500 family (Traccar's "tlt2h", port 5030): a header line
// naming the device and the reason for the report, then one or more records, each a line, and
// a closing "##" line:
//   #IMEI#MODEL#PASSWORD[#door#fuel#power#battery#temperature]#STATUS#COUNT\r\n
//   #VOLTAGE[#MCC,MNC,LAC,CID]$GPRMC,hhmmss.ss,A,ddmm.mmmm,N,dddmm.mmmm,E,knots,course,
//       DDMMYY,,,A*hh\r\n
//   #VOLTAGE[#MCC,MNC,LAC,CID]$WIFI,hhmmss.ss,A,rssi,MAC,rssi,MAC,...,DDMMYY*hh\r\n
//   ##\r\n
// VOLTAGE is 2 digits (tenths of a volt) or 4 (millivolts); other firmwares put a hex status
// there. STATUS is AUTO / AUTOSTART (ignition on), AUTOSTOP / AUTOLOW (off), or an alarm
// (SOS, TOWED, SHAKE, DEF, BLP, CLP, OS, RS, OVERSPEED). Devices expect no answer.

#include "protocols/ProtocolDecoder.h"

namespace fw {

class Tlt2hDecoder final : public ProtocolDecoder
{
public:
    Tlt2hDecoder() = default;

    static const ProtocolInfo &protocolInfo();
    const ProtocolInfo &info() const override { return protocolInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;
};

} // namespace fw
