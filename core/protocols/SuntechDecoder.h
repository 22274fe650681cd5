#pragma once
// Suntech (ST300 / ST340 / ST4xx / ST600 / ST910 / SA200 and the "universal" ST4300 family;
// Traccar's "suntech", port 5011). Most devices send ';'-separated text reports ended by a CR:
//   legacy:    ST300STT;ID;model;fw;YYYYMMDD;HH:MM:SS;cell;lat;lon;kph;course;sat;fix;odo;
//              volts;io;..
//   ST600:     as above with MCC;MNC;LAC;RxLev after the cell id
//   ST4xx:     seven cells first, then battery, mode, index, status, date, time, lat, lon, ...
//   ST910:     ST910;Location|Emergency|Alert;ID;[fw];date;time;[cell];lat;lon;kph;course;fix;..
//   universal: STT|ALT|UEX|BLE;ID;[hex field mask;]fields the mask selects
// UEX reports carry a block of user data whose length is given (it may hold CR LF). Newer
// firmware sends the universal report in binary (0x81 report, 0x82 alert: type, 16-bit length,
// 5-byte id, 24-bit mask); a few send the 0x02 compact report (SuntechZip). Keep-alives (ALV), command results (RES, CMD;Res) get no answer.

#include "protocols/ProtocolDecoder.h"

namespace fw {

class SuntechDecoder final : public ProtocolDecoder
{
public:
    SuntechDecoder() = default;

    static const ProtocolInfo &protocolInfo();
    const ProtocolInfo &info() const override { return protocolInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;
};

} // namespace fw
