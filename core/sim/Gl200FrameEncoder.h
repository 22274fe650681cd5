#pragma once
// Device side of the Queclink text protocol as a GL300 sends it: +RESP:GTFRI fixed reports,
// +RESP:GTSOS / GTPFA / GTSPD alarms and the +ACK:GTHBD heartbeat, each ended by '$'. Used by
// the simulator and by the decoder round-trip tests.

#include "sim/DeviceFrameEncoder.h"

namespace fw {

class Gl200FrameEncoder final : public DeviceFrameEncoder
{
public:
    QString protocol() const override { return QStringLiteral("gl200"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
                     quint32 serial) const override;

    // "+RESP:<type>,1A0401,ID,GL300,<before>,hdop,kph,course,alt,lon,lat,time,0262,0001,
    //  18d8,6141,00,<sendTime>,<count>$"
    static QByteArray report(const QString &uniqueId, const Position &p, QByteArrayView type,
                             QByteArrayView before, quint32 serial);
};

} // namespace fw
