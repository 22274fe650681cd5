#pragma once
// DeviceSnapshot: everything the window shows about one device at one moment: what the operator
// configured, what the server last saw, and the status with its reason. FleetState produces
// these off the GUI thread and hands them over in coalesced FleetDelta batches.

#include "domain/Device.h"
#include "domain/DeviceActivity.h"
#include "domain/DeviceEvent.h"
#include "protocols/ProtocolDecoder.h"
#include "status/ConnectionStatus.h"
#include "status/StatusReason.h"

#include <QFlags>
#include <QList>
#include <QMetaType>
#include <QStringList>
#include <array>

namespace fw {

struct DeviceSnapshot
{
    Device device;
    DeviceActivity activity;
    ConnectionStatus status = ConnectionStatus::AwaitingFirstData;
    StatusReason reason;
    TimeMs statusSince = kNoTime; // when the current status began (kNoTime = before start-up)
    bool moving = false;
    TimeMs stoppedSince = kNoTime; // when it last stopped moving, if stopped
};

// Which parts of a device's snapshot a change touched (like Subsurface's DiveField), so that
// models and views update exactly those and compare nothing.
enum class DeviceField : quint32 {
    Identity = 1u << 0, // the device record: name, model, protocol, group, carrier, phone, ...
    Status = 1u << 1, // the connection status and since when
    Reason = 1u << 2, // why the status is what it is
    LastPacket = 1u << 3, // last packet time and the connection it came on
    Location = 1u << 4, // coordinates, course and fix times
    Speed = 1u << 5,
    Motion = 1u << 6, // moving, or stopped since when
    All = 0x7fu,
};
Q_DECLARE_FLAGS(DeviceFields, DeviceField)
Q_DECLARE_OPERATORS_FOR_FLAGS(DeviceFields)

struct IngestStats
{
    quint64 frames = 0;
    quint64 positions = 0;
    quint64 stored = 0;
    quint64 unknown = 0;
    quint64 undecoded = 0;
    quint64 blockedDropped = 0;
    quint64 connections = 0; // open now
    quint64 connectionsPeak = 0;
    quint64 refusedOversized = 0; // frames/buffers refused for size
    quint64 pendingWrites = 0;
    quint64 eventsWaiting = 0; // status events waiting for room in the writer's queue
    quint64 eventsDropped = 0; // status events lost because that wait overflowed
    bool databaseHealthy = true;
    QString databaseError;
};

struct ListenerState
{
    QString protocol;
    quint16 port = 0;
    Transport transport = Transport::Tcp;
    bool listening = false;
    QString error; // bind error
    quint64 frames = 0;
    quint64 decoded = 0;
    quint64 undecoded = 0;
    TimeMs lastByteAt = kNoTime;
    bool outbound = false; // a feed we connect to (APRS-IS), not a port devices connect to
};

// What changed since the previous delta. `changed` holds the full new snapshot of each device
// that changed (added or updated); `removed` the ids that went away. A FleetDelta with
// `reset` true carries the whole fleet (first load, or after a re-load from the database).
struct FleetDelta
{
    bool reset = false;
    QList<DeviceSnapshot> changed;
    // What changed in each entry of `changed` (same index). Empty: anything may have changed
    // (a reset, or a delta built by hand), and consumers compare for themselves.
    QList<DeviceFields> fields;
    QStringList removed;
    std::array<int, kStatusCount> counts {};
    IngestStats stats;
    QList<ListenerState> listeners;
    QList<DeviceEvent> events; // status changes, alarms and status packets since the last delta
    TimeMs at = kNoTime;
};

} // namespace fw

Q_DECLARE_METATYPE(fw::FleetDelta)
Q_DECLARE_METATYPE(fw::DeviceSnapshot)
