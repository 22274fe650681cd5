#pragma once
// H02FrameEncoder: speaks like an H02 text tracker ("*HQ,ID,V1,...#" positions, HTBT
// heartbeats, alarms as cleared bits of the status word) for the simulator and round-trip tests.

#include "DeviceFrameEncoder.h"

namespace fw {

class H02FrameEncoder final : public DeviceFrameEncoder
{
public:
    H02FrameEncoder() = default;

    QString protocol() const override { return QStringLiteral("h02"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
        quint32 serial) const override;

    // Status word with ignition (bit 10) and the active-low alarm bit cleared.
    static quint32 statusWord(bool ignition, const QString &alarm);
};

} // namespace fw
