#pragma once
// UnknownDevices: ids that send data but are not registered. A bounded list of sightings (which
// id, protocol, from where, how often) feeds the fleet diagnosis ("unknown device ... sends from
// ..."), and --register-unknown registers such ids automatically in the directory and the fleet.

#include "util/TimeUtil.h"

#include <QHash>
#include <QList>
#include <QString>

namespace fw {

class DeviceDirectory;
class FleetState;

struct UnknownDeviceSighting
{
    QString uniqueId;
    QString protocol;
    QString peer;
    quint16 localPort = 0;
    TimeMs lastSeen = kNoTime;
    quint64 frames = 0;
};

class UnknownDevices
{
public:
    static constexpr int kMaxTracked = 1024;

    // Counts a frame of `uniqueId`; null when the list is full (that id is not tracked).
    const UnknownDeviceSighting *sighted(const QString &uniqueId, const QString &protocol,
        const QString &peer, quint16 localPort, TimeMs now);
    void forget(const QString &uniqueId) { m_sightings.remove(uniqueId); }
    QList<UnknownDeviceSighting> sightings() const { return m_sightings.values(); }

    // --register-unknown: `uniqueId` registered in `directory` (when there is one) and in the
    // fleet, named after itself. False (and logged) when the directory refused it.
    static bool registerDevice(FleetState *fleet, DeviceDirectory *directory,
        const QString &uniqueId, const QString &protocol, const QString &peer, TimeMs now);

private:
    QHash<QString, UnknownDeviceSighting> m_sightings;
};

} // namespace fw
