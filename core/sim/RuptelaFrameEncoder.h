#pragma once
// Device side of the Ruptela protocol as an FM-Eco4 sends it: an identification packet on
// connecting, record packets (command 1) of one record with ignition, power and odometer IO
// elements, heartbeats (command 16), and alarm records (harsh braking / acceleration, jamming;
// tow and accident as extended records, command 68). No fix: the coordinates say so
// (0x80000000). Used by the simulator and by the decoder round-trip tests.

#include "sim/DeviceFrameEncoder.h"

namespace fw {

class RuptelaFrameEncoder final : public DeviceFrameEncoder
{
public:
    QString protocol() const override { return QStringLiteral("ruptela"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
                     quint32 serial) const override;
};

} // namespace fw
