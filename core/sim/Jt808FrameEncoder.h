#pragma once
// Device side of JT/T 808 for the simulator and round-trip tests: terminal registration, heartbeat
// and 0x0200 location reports (with alarm bits), escaped and checksummed like a real terminal.
// Ids of up to 12 digits use the 2013 header; longer ones (IMEI) the 2019 header.

#include "DeviceFrameEncoder.h"

namespace fw {

class Jt808FrameEncoder final : public DeviceFrameEncoder
{
public:
    Jt808FrameEncoder() = default;

    QString protocol() const override;
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
                     quint32 serial) const override;

    // Any message: header for `uniqueId` + body, checksummed and escaped.
    static QByteArray message(int type, const QString &uniqueId, quint32 serial,
                              const QByteArray &body);
    static QByteArray locationBody(const Position &p, quint32 alarmBits);
};

} // namespace fw
