#pragma once
// DemoFleet: what `fleetwatch --demo` shows. The simulated trackers (online, moving, some with
// GPS gaps, buffered data, clocks off by hours, heartbeats) plus a few registered devices whose
// history puts them in every other state at once (offline, offline after a last gasp, blocked,
// just registered, awaiting first data, needing manual set-up), so a new user sees every
// indicator within seconds.

#include "DeviceSimulator.h"
#include "domain/Device.h"
#include "domain/DeviceActivity.h"

namespace fw {

class DemoFleet
{
public:
    // Simulator settings for the demo against our own listeners (protocol -> port).
    // With positionsPerSecond > 0 the fleet streams at that overall rate (load tests).
    static SimulatorOptions simulatorOptions(const QHash<QString, quint16> &ports,
                                             int devicesPerProtocol = 12,
                                             int positionsPerSecond = 0);
    // The extra, non-simulated devices and what was last seen of them.
    static QList<Device> extraDevices(TimeMs now);
    static QList<DeviceActivity> extraActivities(TimeMs now);
};

} // namespace fw
