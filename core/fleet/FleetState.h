#pragma once
// FleetState: the live picture of the fleet, owned by the ingest thread. Sessions hand it the
// messages of each frame; it keeps every device's activity and latest position, drives the
// StatusTracker, turns status transitions into history events, and publishes what changed as
// coalesced FleetDelta batches (at most ~10 per second) for the window. It never touches widgets
// and never blocks on the database.

#include "DeviceSnapshot.h"
#include "domain/DeviceEvent.h"
#include "domain/DeviceModelCatalog.h"
#include "domain/Position.h"
#include "protocols/ProtocolDecoder.h"
#include "status/StatusTracker.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <optional>
#include <vector>

namespace fw {

class Clock;

enum class DeviceAccess { Unknown, Known, Blocked };

// Where a frame came from, for activity and connection info.
struct FrameOrigin
{
    QString protocol;
    QString peer;
    quint16 localPort = 0;
};

// What FleetState wants written for one frame.
struct StoreRequest
{
    QList<Position> positions;
    QList<DeviceEvent> events;
    QList<DeviceActivity> activities;
    bool isEmpty() const { return positions.isEmpty() && events.isEmpty() && activities.isEmpty(); }
    void clear()
    {
        positions.clear();
        events.clear();
        activities.clear();
    }
};

class FleetState : public QObject
{
    Q_OBJECT
public:
    FleetState(Clock *clock, const DeviceModelCatalog *catalog, const StatusSettings &settings,
        QObject *parent = nullptr);

    // Start-up: the registered devices and what was last seen of them (from the database).
    void load(const QList<Device> &devices, const QList<DeviceActivity> &activities);

    DeviceAccess access(const QString &uniqueId) const;
    // Applies the messages of one frame from a known, unblocked device; fills `store` with what
    // must be written. Returns false when the device is blocked (nothing applied).
    bool applyMessages(const QString &uniqueId, const QList<DecodedMessage> &messages,
        const FrameOrigin &origin, StoreRequest &store);
    // Writes the detection state into the activities of `store` (applyMessages() leaves it):
    // once per device and submission rather than per frame. Call before `store` is submitted.
    void completeActivities(StoreRequest &store);
    void connectionEnded(const QString &uniqueId, ConnectionEnd end);

    int deviceCount() const { return m_tracker.deviceCount(); }
    int count(ConnectionStatus s) const { return m_tracker.count(s); }
    std::array<int, kStatusCount> counts() const;
    std::optional<DeviceSnapshot> snapshot(const QString &uniqueId) const;
    QList<DeviceSnapshot> snapshots() const;
    const StatusTracker &tracker() const { return m_tracker; }
    const StatusSettings &settings() const { return m_tracker.settings(); }

    void setStats(const IngestStats &stats, const QList<ListenerState> &listeners);
    void setPublishInterval(int ms) { m_publishTimer.setInterval(ms); }

public slots:
    void addOrUpdateDevice(const fw::Device &device, const QString &previousUniqueId = {});
    void removeDevice(const QString &uniqueId);
    // Replaces what was last seen of a device (e.g. restored from the database).
    void restoreActivity(const fw::DeviceActivity &activity);
    // Several nodes on one database: activity some node stored (read back from the change feed,
    // this node's own included). When it is newer than what this node has, another node holds
    // the device now: its state here follows, and this node records none of the device's status
    // changes until the device sends a frame here again (each change is recorded once, by the
    // holder).
    void applyOtherNodesActivity(const fw::DeviceActivity &activity);
    void setSettings(const fw::StatusSettings &settings);
    void publishFullSnapshot(); // emits a reset delta now
    void publishNow(); // flushes pending changes now

signals:
    void delta(const fw::FleetDelta &delta);
    // Status transitions and other history, for the writer.
    void eventsToStore(const QList<fw::DeviceEvent> &events);
    void statusChanged(
        const QString &uniqueId, fw::ConnectionStatus from, fw::ConnectionStatus to, qint64 at);

private:
    struct Entry
    {
        Device device;
        DeviceActivity activity;
        int slot = -1;
        TimeMs statusSince = kNoTime;
        bool moving = false;
        TimeMs stoppedSince = kNoTime;
        // Another node stored newer activity than this one has: that node holds the device and
        // records its status changes (see applyOtherNodesActivity()).
        bool heldElsewhere = false;
    };
    StatusInputs inputsFor(const Entry &e) const;
    DeviceSnapshot makeSnapshot(const Entry &e) const;
    void markChanged(int index, DeviceFields fields);
    void onStatusChanged(int slot, ConnectionStatus from, ConnectionStatus to, qint64 at);
    void schedulePublish();

    Clock *m_clock;
    const DeviceModelCatalog *m_catalog;
    StatusTracker m_tracker;
    std::vector<Entry> m_entries; // index = stable position; removed entries have slot -1
    std::vector<int> m_freeEntries;
    QHash<QString, int> m_byId; // uniqueId -> entry index
    std::vector<int> m_entryBySlot; // tracker slot -> entry index
    QHash<int, DeviceFields> m_changed; // entry index -> what changed since the last delta
    QStringList m_removed;
    QList<DeviceEvent> m_pendingEvents; // status changes, for the writer
    QList<DeviceEvent> m_uiEvents; // everything, for the window (bounded)
    IngestStats m_stats;
    QList<ListenerState> m_listeners;
    QTimer m_publishTimer;
};

} // namespace fw
