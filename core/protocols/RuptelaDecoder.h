#pragma once
// Ruptela (FM-Eco4, FM-Pro4, FM-Tco4, HCV5, Trace5, ...; Traccar's "ruptela", port 5046).
// Binary, big-endian: length(2: the bytes after it up to the CRC) IMEI(8, a number) command(1)
// data CRC-16/KERMIT(2, over IMEI..data).
//   1 records, 68 extended records: records left(1) count(1), then per record time(4)
//     time extension(1) [68: merge byte: parts (high nibble) and this part (low nibble)]
//     priority(1) lon(4) lat(4) (1e-7 degree, 0x80000000 = no fix) altitude(2, dm)
//     course(2, 0.01 degree) satellites(1) speed(2, km/h) hdop(1, 0.1) event(1; 68: 2) and four
//     IO groups of 1-, 2-, 4- and 8-byte values (ids of 1 byte; 68: 2 bytes). A record too big
//     for one packet is sent as several parts of one record (merged back here);
//   9 trouble codes with a place each; 15 identification; 16 heartbeat; 37 files (photos, not
//     kept); 2/3/4/7 text answers to configuration, version, firmware and SMS-over-GPRS
//     commands; 17 answer to a set-IO command.
// Server packets: length(2) command(1) content CRC(2), the command 100 + the one answered (100
// for records of either kind); records and trouble codes are acknowledged with content 0x01
// once stored, identification and heartbeat likewise. Commands to the device use 100 + their
// number too (108 text over GPRS, 105 server, 117 set IO, ...).

#include "protocols/ProtocolDecoder.h"

namespace fw {

class RuptelaDecoder final : public ProtocolDecoder
{
public:
    RuptelaDecoder() = default;

    static const ProtocolInfo &protocolInfo();
    const ProtocolInfo &info() const override { return protocolInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;

    // A server-to-device packet: length, `command` (100 + ...), content, CRC-16/KERMIT.
    static QByteArray serverPacket(quint8 command, QByteArrayView content);
    // A device-to-server packet (simulator, tests): length, IMEI, command, data, CRC.
    static QByteArray devicePacket(quint64 imei, quint8 command, QByteArrayView data);
};

} // namespace fw
