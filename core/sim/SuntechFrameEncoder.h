#pragma once
// Device side of the Suntech text protocol as an ST300 sends it: STT status reports, EMG
// emergencies and ALV keep-alives, ';'-separated and ended by a CR. Used by the simulator and
// by the decoder round-trip tests.

#include "sim/DeviceFrameEncoder.h"

namespace fw {

class SuntechFrameEncoder final : public DeviceFrameEncoder
{
public:
    QString protocol() const override { return QStringLiteral("suntech"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
                     quint32 serial) const override;

    // "ST300<type>;ID;02;1097B;date;time;cell;lat;lon;kph;course;sat;fix;odo;volts;io;<tail>\r"
    static QByteArray report(const QString &uniqueId, const Position &p, QByteArrayView type,
                             QByteArrayView tail);
};

} // namespace fw
