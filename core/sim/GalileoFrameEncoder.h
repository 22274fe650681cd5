#pragma once
// Device side of the Galileosky protocol: the head packet (hardware and firmware versions,
// IMEI, device id) on connecting and as a keep-alive, and main packets of one record (IMEI,
// device id, index, time, coordinates, speed and course, altitude, HDOP, status, power and
// battery, odometer). Galileosky has no alarm packet (alarms are status bits the server reads
// from the tags), so alarm() is empty. Used by the simulator and the decoder round-trip tests.

#include "sim/DeviceFrameEncoder.h"

namespace fw {

class GalileoFrameEncoder final : public DeviceFrameEncoder
{
public:
    QString protocol() const override { return QStringLiteral("galileo"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
};

} // namespace fw
