#pragma once
// FleetSettings: the fleet-wide settings that must be the same for every node and window on one
// database (GPS freshness, default offline timeout, retention). Stored in the database's settings
// table (FleetSettingsStore), so `fleetwatch status` run beside a `--headless` node uses the
// node's thresholds.

#include "status/StatusRules.h"

namespace fw {

struct FleetSettings
{
    StatusSettings status;
    int retentionDays = 0; // 0 = keep positions forever
};

} // namespace fw
