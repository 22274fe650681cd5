#pragma once
// Device side of the Queclink binary ("HEX") protocol as a GV-series tracker sends it: +RSP
// location reports with one point and the +HBD heartbeat (which waits for +SACK:GTHBD), each
// cut by its length field. The id is the IMEI two digits a byte. Used by the decoder round-trip
// tests; the simulator speaks the text form (Gl200FrameEncoder) for "gl200".

#include "sim/DeviceFrameEncoder.h"

namespace fw {

class Gl200BinaryFrameEncoder final : public DeviceFrameEncoder
{
public:
    QString protocol() const override { return QStringLiteral("gl200"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    // Binary event codes for alarms are not known here: always empty.
};

} // namespace fw
