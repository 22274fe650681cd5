#pragma once
// DeviceFrameEncoder: the device side of a protocol. The simulator uses it to speak like a real
// tracker (login, positions, heartbeats, alarms), and tests use it to round-trip frames through
// the decoders. One implementation per protocol, next to nothing else: pure byte building.

#include "domain/Position.h"

#include <QByteArray>
#include <QString>
#include <memory>

namespace fw {

class DeviceFrameEncoder
{
public:
    virtual ~DeviceFrameEncoder() = default;

    virtual QString protocol() const = 0;
    // Frame sent right after connecting, if the protocol has one (empty otherwise).
    virtual QByteArray login(const QString &uniqueId, quint32 serial) const = 0;
    // A location report. `p.deviceTime` is the fix time the device claims (may be buffered/old
    // or off by a clock offset), `p.valid` the fix flag.
    virtual QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const = 0;
    // Keep-alive without a fix (empty if the protocol has none).
    virtual QByteArray heartbeat(const QString &uniqueId, quint32 serial) const = 0;
    // An alarm with location (`alarm` is a value from fw::alarm, e.g. sos, powerCut); empty
    // when the protocol cannot express it (the default).
    virtual QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
                             quint32 serial) const
    {
        Q_UNUSED(uniqueId);
        Q_UNUSED(p);
        Q_UNUSED(alarm);
        Q_UNUSED(serial);
        return {};
    }
};

// All built-in encoders, one per protocol that the simulator can speak.
std::unique_ptr<DeviceFrameEncoder> makeDeviceFrameEncoder(QStringView protocol);
QStringList simulatedProtocols();

} // namespace fw
