#pragma once
// Device side of the Castel / IDD "SC" protocol (version 4): login 0x1001, GPS 0x4001,
// heartbeat 0x1003 and alarm 0x4007 frames with a trip statistics block and one fix, framed
// as "@@" length version id type body CRC-16/X25 CR LF. Used by the simulator and by the
// decoder round-trip tests.

#include "sim/DeviceFrameEncoder.h"

namespace fw {

class CastelFrameEncoder final : public DeviceFrameEncoder
{
public:
    QString protocol() const override { return QStringLiteral("castel"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
                     quint32 serial) const override;

    static QByteArray fix(const Position &p);
};

} // namespace fw
