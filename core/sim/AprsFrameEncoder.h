#pragma once
// AprsFrameEncoder: speaks like a LoRa APRS tracker behind an iGate on an APRS-IS port: logs in
// with the standard passcode, then sends TNC2 lines. Positions are uncompressed with a DDHHMMz
// timestamp; compressed and Mic-E forms are offered for tests; an SOS is a Mic-E "Emergency".

#include "DeviceFrameEncoder.h"

namespace fw {

class AprsFrameEncoder final : public DeviceFrameEncoder
{
public:
    AprsFrameEncoder() = default;

    QString protocol() const override { return QStringLiteral("aprs"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
        quint32 serial) const override;

    // Other packet forms (no timestamp: the server takes its arrival time).
    QByteArray positionCompressed(const QString &uniqueId, const Position &p) const;
    // `emergency` selects the Mic-E "Emergency" message, else "En Route".
    QByteArray positionMicE(
        const QString &uniqueId, const Position &p, bool emergency = false) const;
    QByteArray status(const QString &uniqueId, const QString &text) const;

    // Upper-case callsign made of the id's letters, digits and '-' (at most 15 characters).
    static QByteArray callsign(const QString &uniqueId);
};

} // namespace fw
