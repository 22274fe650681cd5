#pragma once
// Plain NMEA 0183 over TCP: GPS modules, marine gateways and DIY trackers that just stream the
// receiver's $GPRMC / $GPGGA sentences to a socket. NMEA names no device, so the connection has
// to say who it is first (convention below); everything else is standard NMEA.

#include "protocols/ProtocolDecoder.h"

namespace fw {

// Framing: one sentence per line, CRLF (a bare LF is accepted). "*hh" is the XOR of the bytes
// between '$' and '*'; a wrong checksum is an error, a missing one is tolerated.
//
// Device id convention (FleetWatch's own, documented for device integrators):
//   $PFWID,<id>*hh        a proprietary sentence ("P" + "FW" + "ID") naming the device; it may
//                         be sent at any time and changes the connection's device id (the
//                         $PGID, $IMEI and $ID sentences of common streamer apps do the same),
//   <id>,$GPRMC,...       the id in front of a sentence (',', ' ', ':', ';' or nothing
//                         between), as some streamers send every line, or
//   <id>                  a first line that is just the id ([A-Za-z0-9._-], up to 64 chars),
//                         before any '$' sentence. A bare text line later on is an error.
// Each yields a Login message; the server never replies (NMEA is one-way).
//
// Sentences: xxRMC (date + time, fix status, position, speed in knots, course) and xxGGA (time
// of day only: the date comes from the arrival time, choosing the day nearest to it; fix
// quality, satellites, HDOP, altitude), for any talker (GP, GN, GL, GA, GB, BD); xxGLL
// (position and time of day) like GGA; xxTXT gives a status with the receiver's text. Other
// sentences (GSA, GSV, VTG, ...) are accepted and ignored. An RMC, GGA or GLL without
// coordinates (no fix yet) gives a Heartbeat.
class NmeaDecoder final : public ProtocolDecoder
{
public:
    NmeaDecoder() = default;

    static const ProtocolInfo &protocolInfo();
    const ProtocolInfo &info() const override { return protocolInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;
};

} // namespace fw
