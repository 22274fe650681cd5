#pragma once
// Wialon IPS (1.1 and 2.0), the open text protocol of Gurtam's Wialon platform that many
// trackers and gateways speak (Traccar's "wialon", port 5039). One packet a line:
//   [2.0;][ID]#TYPE#data[;CRC16]\r\n
// L login (1.1 "imei;password", 2.0 "2.0;imei;password;crc") -> "#AL#1"; P ping -> "#AP#";
// SD short data (date;time;lat;N;lon;E;speed km/h;course;altitude;satellites) -> "#ASD#1";
// D data (SD + hdop;inputs;outputs;adc,..;ibutton;name:type:value,..) -> "#AD#1";
// B black box (D or SD messages separated by '|') -> "#AB#<count>"; M text -> "#AM#1".
// Over UDP a packet carries its id in front ("ID#D#..." or "2.0;ID#D#..."). Parameters are
// named by the device: numbers, true/false or text; "bat", "temp" and the cell parameters
// (mcc, mnc, lac, cell_id, optionally numbered 1-9) get our names and the network model.

#include "protocols/ProtocolDecoder.h"

namespace fw {

class WialonDecoder final : public ProtocolDecoder
{
public:
    WialonDecoder() = default;

    static const ProtocolInfo &protocolInfo();
    const ProtocolInfo &info() const override { return protocolInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;
};

} // namespace fw
