#pragma once
// DeviceActivity: what the server last saw from a device (not what the operator configured).
// It is the input of the status rules besides the Device itself, is kept up to date by ingest,
// persisted by the writer in the same transaction as the positions, and read back at start so
// statuses are right immediately after a restart.

#include "util/TimeUtil.h"

#include <QString>

namespace fw {

enum class ConnectionEnd { None, ClosedByDevice, TimedOut, ClosedByServer };

struct DeviceActivity
{
    QString uniqueId;
    TimeMs lastPacketAt = kNoTime; // server time of the last accepted frame (any kind)
    TimeMs lastFixAt = kNoTime; // device time of the last valid fix
    TimeMs lastFixReceivedAt = kNoTime; // server time when that fix arrived
    // Latest known location (valid or not), for the list, the map and `status`.
    TimeMs lastPositionAt = kNoTime; // device time of the latest position
    double latitude = 0.0;
    double longitude = 0.0;
    double speedKph = 0.0;
    double course = 0.0;
    bool hasLocation = false;
    bool lastGasp = false; // the last thing it said was "going down" (low battery, power cut)
    ConnectionEnd connectionEnd = ConnectionEnd::None;
    QString protocol;
    QString peer; // address:port of the last connection
    quint16 localPort = 0; // our port it connected to
    QString reasonState; // the status engine's detection state (ReasonState::encode())

    bool operator==(const DeviceActivity &o) const = default;
};

} // namespace fw
