#pragma once
// NodeSilence: the diagnosis of a shared deployment's ingest nodes. Every `--headless` node
// writes a heartbeat into the `nodes` table every few seconds; one that has not for longer than
// its heartbeat allows has stopped, lost the database or its machine, and the devices it held
// are not heard from. A pure function of what the table holds, judged on the database server's
// clock (as `fleetwatch nodes` does), so a reader with a wrong clock still agrees.

#include "FleetDiagnosis.h"

namespace fw {

struct NodeSighting
{
    QString id;
    QString host;
    TimeMs lastSeen = kNoTime; // the server's clock at its last heartbeat
    TimeMs serverNow = kNoTime; // the server's clock when the table was read
};

// One "node-silent" warning per node not heard from for longer than `allowedSilence`, naming the
// node, its host and when it was last seen; critical when no node is heard from at all.
QList<Finding> silentNodeFindings(const QList<NodeSighting> &nodes, TimeMs allowedSilence);

} // namespace fw
