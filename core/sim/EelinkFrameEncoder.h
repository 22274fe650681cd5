#pragma once
// Device side of the Eelink protocol (new firmware): login 0x01 with the IMEI, normal reports
// 0x12 with a fix, warnings 0x14 with an alarm code, heartbeats 0x03 with the status word.
// Used by the simulator and by the decoder round-trip tests.

#include "sim/DeviceFrameEncoder.h"

namespace fw {

class EelinkFrameEncoder final : public DeviceFrameEncoder
{
public:
    QString protocol() const override { return QStringLiteral("eelink"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
                     quint32 serial) const override;

    // 0x67 0x67, type, length, index, content.
    static QByteArray packet(quint8 type, quint32 serial, const QByteArray &content);
};

} // namespace fw
