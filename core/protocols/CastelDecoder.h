#pragma once
// Castel / IDD OBD trackers (IDD-213, IDD-218, CC-830, PT-690, ...; Traccar's "castel", port
// 5086). Binary, little-endian, "@@" len(2) version(1) id(20) type(2, big-endian) body crc(2)
// "\r\n", the length counting the whole frame; the older MPIP form "$$" has no version byte.
//   version 3/4 ("SC"): login 0x1001, logout 0x1002, heartbeat 0x1003, GPS 0x4001, PID data
//   0x4002, OBD data 0x4005, trouble codes 0x4006/0x400B, alarm 0x4007, cell 0x4008, query
//   answers 0xA002, battery-powered 0x401F; most start with a trip statistics block.
//   other versions ("CC") and MPIP: a fix at the start of a login/position (0x4001, 0x2001),
//   or a list of fixes in a heartbeat (0x4206).
// A fix is date(3, day first) time(3) lat(4) lon(4) in 1/3,600,000 degree, speed (cm/s),
// course (0.1 degree) and a flags byte (hemispheres, fix, satellites). Logins and heartbeats
// are answered with the matching response type and a CRC-16/X25.

#include "protocols/ProtocolDecoder.h"

namespace fw {

class CastelDecoder final : public ProtocolDecoder
{
public:
    CastelDecoder() = default;

    static const ProtocolInfo &protocolInfo();
    const ProtocolInfo &info() const override { return protocolInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;

    // The frame the server sends back: "@@", length, version, id, type, content, CRC, CR LF.
    static QByteArray response(quint8 version, QByteArrayView id, quint16 type,
                               QByteArrayView content = {});
};

} // namespace fw
