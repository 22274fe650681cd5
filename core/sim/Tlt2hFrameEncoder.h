#pragma once
// Device side of the TLT-2H / MT600 protocol: a header with the reason for the report (AUTO,
// or an alarm such as SOS), one GPRMC record with the battery voltage in front, and the
// closing "##" line. Used by the simulator and by the decoder round-trip tests.

#include "sim/DeviceFrameEncoder.h"

namespace fw {

class Tlt2hFrameEncoder final : public DeviceFrameEncoder
{
public:
    QString protocol() const override { return QStringLiteral("tlt2h"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
                     quint32 serial) const override;

    static QByteArray report(const QString &uniqueId, const Position &p, QByteArrayView status);
};

} // namespace fw
