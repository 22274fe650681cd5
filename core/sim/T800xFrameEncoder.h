#pragma once
// Device side of the T800x protocol as a "%%" (TLW) tracker sends it: login 0x01, heartbeat
// 0x03, GPS 0x02 and alarm 0x04 reports with the full status block and a fix. Used by the
// simulator and by the decoder round-trip tests.

#include "sim/DeviceFrameEncoder.h"

namespace fw {

class T800xFrameEncoder final : public DeviceFrameEncoder
{
public:
    QString protocol() const override { return QStringLiteral("t800x"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
                     quint32 serial) const override;

    // Header, type, length, index, BCD IMEI, then `body`.
    static QByteArray frame(quint8 type, quint32 serial, const QString &uniqueId,
                            const QByteArray &body);
};

} // namespace fw
