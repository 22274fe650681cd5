#pragma once
// Device side of the TK103 bracket protocol: the frames a TK103 clone sends. A 12-character id
// uses the compact form of the original firmware (handshake BP00, reports BR00, alarms BO01);
// any other id (the 15-digit IMEI of newer firmwares) the comma form ("(ID,BR00,DDMMYY,...)").
// Used by the simulator and by the decoder round-trip tests.

#include "sim/DeviceFrameEncoder.h"

namespace fw {

class Tk103FrameEncoder final : public DeviceFrameEncoder
{
public:
    QString protocol() const override { return QStringLiteral("tk103"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
                     quint32 serial) const override;

    // A report with the given command ("BR00", "BO012", "ZC25", ...).
    static QByteArray report(const QString &uniqueId, const Position &p, QByteArrayView command);
};

} // namespace fw
