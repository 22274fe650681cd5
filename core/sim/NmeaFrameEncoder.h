#pragma once
// Device side of plain NMEA over TCP: a GPS module streaming $GPRMC (and $GPGGA) lines, which
// names itself first with the $PFWID sentence (see NmeaDecoder.h). NMEA has no heartbeat and
// no alarms, so those frames are empty.

#include "sim/DeviceFrameEncoder.h"

namespace fw {

class NmeaFrameEncoder final : public DeviceFrameEncoder
{
public:
    QString protocol() const override { return QStringLiteral("nmea"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;

    // One sentence: "$" + body + "*hh\r\n".
    static QByteArray sentence(QByteArrayView body);
    static QByteArray rmc(const Position &p);
    static QByteArray gga(const Position &p); // time of day, quality, satellites, altitude
};

} // namespace fw
