#pragma once
// Galileosky (Galileo 7.x, Base Block, 10.x; Traccar's "galileo", port 5034). Binary,
// little-endian, tagged:
//   0x01 main packet: header(1) length(2; bit 15: the device has more in its archive) then
//     tags (a tag byte and its value; sizes in GalileoTags) and a CRC-16/MODBUS(2) over all
//     before it. A packet holds one or more records: a tag seen again starts the next record.
//     The head packet names the device: IMEI (tag 0x03, 15 characters), device id (0x04).
//     A record's place: time 0x20 (Unix seconds), coordinates 0x30 (validity and satellites,
//     latitude, longitude in 1e-6 degree), speed/course 0x33, altitude 0x34, HDOP 0x35; then
//     status, power, battery, inputs, outputs, analog inputs, fuel, CAN, odometer, driver...
//     0xE0/0xE1 carry the answer to a command (index, text).
//   0x08 compressed packet: records of a 10-byte minimal data set (seconds since the year began,
//     validity, coarse coordinates, alarm) followed by a count of tags, their ids and values.
//   0x07 photo part (not kept).
//   0x01 with an Iridium header (01 001C after the length, big-endian): a satellite report with
//     the modem's IMEI, a time, coordinates in degrees and minutes and a block of tags.
// The server confirms every main, compressed and photo packet with 0x02 (photo: 0x07) followed
// by the packet's own checksum; Iridium reports are not answered.

#include "protocols/ProtocolDecoder.h"

namespace fw {

class GalileoDecoder final : public ProtocolDecoder
{
public:
    GalileoDecoder() = default;

    static const ProtocolInfo &protocolInfo();
    const ProtocolInfo &info() const override { return protocolInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;

    // A packet with `header` (0x01 main) around `tags`: length and CRC-16/MODBUS added.
    static QByteArray packet(quint8 header, QByteArrayView tags, bool archive = false);
};

} // namespace fw
