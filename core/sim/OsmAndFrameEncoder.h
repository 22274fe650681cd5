#pragma once
// OsmAndFrameEncoder: speaks like the OsmAnd / Traccar Client phone app: one HTTP GET per fix
// with the values in the query string (speed in knots, time in Unix seconds). There is no login
// or keep-alive in this protocol; an alarm is a position with an `alarm` parameter.

#include "DeviceFrameEncoder.h"

namespace fw {

class OsmAndFrameEncoder final : public DeviceFrameEncoder
{
public:
    OsmAndFrameEncoder() = default;

    QString protocol() const override { return QStringLiteral("osmand"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
        quint32 serial) const override;

    // The same fix as a form-encoded POST body (what some client versions send).
    QByteArray positionPost(const QString &uniqueId, const Position &p) const;
};

} // namespace fw
