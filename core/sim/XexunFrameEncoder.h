#pragma once
// Device side of the Xexun text protocol: the basic report (a checksummed GPRMC sentence, the
// GSM signal, a status text such as "help me!", and "imei:ID,") ended by a line end. Used by
// the simulator and by the decoder round-trip tests.

#include "sim/DeviceFrameEncoder.h"

namespace fw {

class XexunFrameEncoder final : public DeviceFrameEncoder
{
public:
    QString protocol() const override { return QStringLiteral("xexun"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
                     quint32 serial) const override;

    static QByteArray report(const QString &uniqueId, const Position &p, QByteArrayView status);
};

} // namespace fw
