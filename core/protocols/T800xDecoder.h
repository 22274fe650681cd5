#pragma once
// T800x / TLW / TLD trackers (Traccar's "t800x", port 5094). Binary, big-endian:
// header(2: "##", "%%", "&&" or "''" by family) type(1) length(2, the whole frame) index(2)
// IMEI(8, BCD with a leading 0), then the body. GPS (0x02, 0x13) and alarm (0x04, 0x14)
// reports carry settings, status, IO, analog inputs, alarm, odometer and battery (fewer of
// them in the "''" family), then a BCD date and, with a fix, altitude/longitude/latitude as
// little-endian floats, BCD speed and course; without a fix, MCC, MNC and three cells
// (little-endian). After that, battery volts (0x13/0x14, TLW2-2BL) and external power, or in
// the "''" family acceleration and the battery level. "&&" 0x05/0x06 are driving-behaviour events,
// "''" 0x05 and "%%" 0x11 the network (operator) report, 0x10 BLE tags, 0x81 command results
// (UTF-16LE). Everything but GPS reports is acknowledged with the 15-byte header echoed back
// (alarms with their alarm byte added).

#include "protocols/ProtocolDecoder.h"

namespace fw {

class T800xDecoder final : public ProtocolDecoder
{
public:
    T800xDecoder() = default;

    static const ProtocolInfo &protocolInfo();
    const ProtocolInfo &info() const override { return protocolInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;

    // The acknowledgement: header, type, length, index and IMEI of `frame`, and an alarm
    // byte when `alarm` is not 0.
    static QByteArray acknowledgement(QByteArrayView frame, quint8 alarm = 0);
};

} // namespace fw
