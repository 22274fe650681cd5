#pragma once
// Device side of the GPS103 / Coban text protocol: the frames a TK103-style tracker sends
// (login, "tracker" reports, bare-IMEI heartbeats, keyword alarms). Used by the simulator and
// by the decoder round-trip tests.

#include "sim/DeviceFrameEncoder.h"

namespace fw {

class Gps103FrameEncoder final : public DeviceFrameEncoder
{
public:
    QString protocol() const override { return QStringLiteral("gps103"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
        quint32 serial) const override;

    // The report itself with any keyword ("tracker", "help me", "acc on", ...).
    static QByteArray report(const QString &uniqueId, const Position &p, QByteArrayView keyword);
};

} // namespace fw
