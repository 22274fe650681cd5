#pragma once
// FleetSettingsStore: reads and writes the fleet-wide settings in the database's settings table.
// Every node and window on one database goes through it, so they all use the same thresholds.

#include "fleet/FleetSettings.h"

namespace fw {

class Database;

class FleetSettingsStore
{
public:
    // The stored values; defaults for what is missing or not a positive number.
    static FleetSettings load(Database &db);
    static bool save(Database &db, const FleetSettings &settings);
};

} // namespace fw
