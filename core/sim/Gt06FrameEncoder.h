#pragma once
// Gt06FrameEncoder: speaks like a GT06N / Concox tracker (login 0x01, location 0x22,
// heartbeat 0x13, alarm 0x16) for the simulator and for round-trip tests of Gt06Decoder.

#include "DeviceFrameEncoder.h"

namespace fw {

class Gt06FrameEncoder final : public DeviceFrameEncoder
{
public:
    Gt06FrameEncoder() = default;

    QString protocol() const override { return QStringLiteral("gt06"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
        quint32 serial) const override;

    // Alarm byte of 0x16 frames for an fw::alarm value; -1 when GT06 has none.
    static int alarmCode(const QString &alarm);
};

} // namespace fw
