#pragma once
// Device side of the Teltonika TCP protocol for the simulator and round-trip tests: the IMEI
// packet, Codec 8 AVL packets (one record, CRC-16/IBM) for positions and alarms, and the 0xFF
// keep-alive byte that FMB devices send as a heartbeat.

#include "DeviceFrameEncoder.h"

namespace fw {

class TeltonikaFrameEncoder final : public DeviceFrameEncoder
{
public:
    TeltonikaFrameEncoder() = default;

    QString protocol() const override;
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
                     quint32 serial) const override;

    // A Codec 8 AVL packet with one record; `alarmIo` is an IO id set to 1 (0 = none).
    static QByteArray avlPacket(const Position &p, int eventIo, int alarmIo);
};

} // namespace fw
