#pragma once
// StoredDiagnosis: the fleet diagnosis from what the database holds, for a process without an
// ingest node of its own: `fleetwatch diagnose` and a window connected to a FleetWatch server.
// Devices and their activity come from the database; what only a live node knows (listeners,
// self-check, unknown ids, undecoded samples) comes from the statuses that running nodes store
// every few seconds; a node that stopped sending heartbeats is named, and so is the lack of any
// fresh node status. "Now" is the database server's clock, as for the statuses a connected window
// shows. Runs on the thread that owns the Database; one call reads one consistent snapshot.

#include "diagnostics/FleetDiagnosis.h"

#include <QJsonArray>
#include <QStringList>

namespace fw {

class Database;
class DeviceModelCatalog;
class ProtocolRegistry;

struct StoredDiagnosisResult
{
    bool ok = false; // false: the database could not be read (see error)
    QString error;
    TimeMs now = kNoTime; // the database server's clock
    int devices = 0;
    QList<Finding> findings; // most severe first
    QStringList freshNodes; // hosts whose stored status is recent enough to use
    QJsonArray staleNodes; // {host, at} of the others
};

class StoredDiagnosis
{
public:
    StoredDiagnosis(const ProtocolRegistry &registry, const DeviceModelCatalog &catalog);

    StoredDiagnosisResult run(Database &db) const;

private:
    const ProtocolRegistry &m_registry;
    const DeviceModelCatalog &m_catalog;
};

} // namespace fw
