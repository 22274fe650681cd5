#pragma once
// Device side of the Meitrack protocol: AAA text reports (event 35 for a timed report, the
// alarm event codes otherwise) and the AAC keep-alive, with Meitrack's length field and byte
// sum. Used by the simulator and by the decoder round-trip tests.

#include "sim/DeviceFrameEncoder.h"

namespace fw {

class MeitrackFrameEncoder final : public DeviceFrameEncoder
{
public:
    QString protocol() const override { return QStringLiteral("meitrack"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
                     quint32 serial) const override;

    // "$$" + flag + length + "," + IMEI + "," + `content` + "*" + sum + CRLF.
    static QByteArray packet(const QString &uniqueId, QByteArrayView content, quint32 serial);
    static QByteArray report(const QString &uniqueId, const Position &p, int event, quint32 serial);
};

} // namespace fw
