#pragma once
// RemoteFleetSource: the FleetSource of a window connected to a FleetWatch server (a shared
// PostgreSQL database that headless nodes write). A ChangeFollower runs on a thread of its own
// and keeps a FleetState from the stored activity (statuses by the node's rules on the server's
// clock); its deltas reach the window exactly like the embedded node's. History and the device
// directory are the database's, so an edit made here is a row every node and window sees. The
// raw frames the nodes share in the database fill the RawLog (RawFrameFollower, same thread). No
// listener is opened: a device view is the stored state (a device counts as reachable while a
// node holds its connection), and a command is queued in the database for that node to send
// (RemoteCommandSender, on the worker thread). The window never waits for the database
// except in the directory's own short edits, as with the embedded node; removing a device (its
// whole history) runs on a worker with a connection of its own.

#include "ChangeFollower.h"
#include "RawFrameFollower.h"
#include "node/FleetSource.h"
#include "storage/DatabaseConfig.h"

#include <QMutex>
#include <QThread>

#include <memory>

namespace fw {

class Clock;
class Database;
class DatabaseDeviceDirectory;
class DeviceModelCatalog;
class HistorySource;
class RawLog;
class RemoteCommandSender;

class RemoteFleetSource final : public FleetSource
{
    Q_OBJECT
public:
    struct Parts
    {
        DatabaseConfig config; // postgresql://...
        const DeviceModelCatalog *catalog = nullptr;
        // Filled from the nodes' raw_frames ring in the database (RawFrameFollower); may be null.
        RawLog *rawLog = nullptr;
        Database *database = nullptr; // an open connection of this (the GUI) thread
        Clock *clock = nullptr; // the directory's (registration times)
        int retryMs = 2'000; // a first connection that failed is tried again after this
        RawFrameFollower::Options rawFrames;
    };

    static constexpr int kMaxEventsPerDelta = 1'000; // more in one catch-up are left out

    explicit RemoteFleetSource(const Parts &parts, QObject *parent = nullptr);
    ~RemoteFleetSource() override; // stops following and waits for its thread

    // Starts following on its own thread; returns at once. The first delta (a full snapshot)
    // arrives when the fleet is loaded.
    void start();

    void requestDeviceView(const QString &uniqueId, QObject *context, ViewCallback done) override;
    void sendCommand(const QString &uniqueId, const QByteArray &bytes, QObject *context,
        SentCallback done) override;
    void refreshDiagnosis() override;
    // The diagnosis of a connected window (it has no ports of its own to check): the stored one,
    // which the window reads beside the nodes (NodesController, StoredDiagnosis).
    void setNodeFindings(const QList<fw::Finding> &findings);
    // What the follower has read so far (as of its last catch-up); any thread.
    ChangeFollower::Stats followerStats() const;

    const RawLog *rawLog() const override { return m_parts.rawLog; }
    std::shared_ptr<const HistorySource> history() const override { return m_history; }
    DeviceDirectory *directory() const override;

signals:
    // Lost, back, or a first connection refused (error says why; connected true when fine).
    void connectionChanged(bool connected, const QString &error);
    // A new or changed alert a node stored.
    void alertStored(const fw::Alert &alert);
    // A removal the directory started ended (problem empty when the device and its history
    // are gone).
    void deviceRemovalFinished(const QString &uniqueId, const QString &problem);
    // The operator asked for the diagnosis again (refreshDiagnosis()).
    void diagnosisRequested();

private:
    void follow(); // on the follower's thread

    const Parts m_parts;
    std::shared_ptr<const HistorySource> m_history;
    std::unique_ptr<DatabaseDeviceDirectory> m_directory;
    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread: requests run in its name
    ChangeFollower *m_follower = nullptr; // made, used and deleted on m_thread only
    RawFrameFollower *m_rawFollower = nullptr; // the same
    RemoteCommandSender *m_commands = nullptr; // the same; made at the first command
    QList<Finding> m_nodeFindings; // setNodeFindings()
    mutable QMutex m_statsMutex;
    ChangeFollower::Stats m_stats; // copied from the follower after each catch-up
};

} // namespace fw
