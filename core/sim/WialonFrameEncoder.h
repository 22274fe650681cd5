#pragma once
// Device side of Wialon IPS 1.1: login "#L#imei;NA", data "#D#..." with satellites, HDOP and
// parameters, ping "#P#"; an SOS is the parameter SOS:1:1. Used by the simulator and by the
// decoder round-trip tests.

#include "sim/DeviceFrameEncoder.h"

namespace fw {

class WialonFrameEncoder final : public DeviceFrameEncoder
{
public:
    QString protocol() const override { return QStringLiteral("wialon"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
                     quint32 serial) const override;

    // A "#D#" packet with the given parameter list ("name:type:value,...", may be empty).
    static QByteArray data(const Position &p, QByteArrayView params);
};

} // namespace fw
