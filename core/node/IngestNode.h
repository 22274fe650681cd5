#pragma once
// IngestNode: a complete ingest node assembled from its parts: the FleetState (statuses), the
// IngestServer (listeners and sessions) and the link to the database writer. The headless
// command runs it on the main thread; the window moves it to a worker thread so decoding and
// status work never run on the GUI thread.

#include "AlertWorker.h"
#include "ingest/IngestConfig.h"
#include "domain/Device.h"
#include "domain/DeviceActivity.h"
#include "fleet/FleetSettings.h"
#include "storage/DatabaseConfig.h"

#include <QObject>
#include <memory>
#include <optional>

namespace fw {

class AlertingStoreSink;
class Clock;
class DeviceDirectory;
class DeviceModelCatalog;
class FleetState;
class IngestServer;
class NodeStatusReporter;
class PositionWriter;
class ProtocolRegistry;
class RawFrameShipper;
class RawLog;
class StoreSink;
class WriterStoreSink;

class IngestNode : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        Clock *clock = nullptr;
        const ProtocolRegistry *registry = nullptr;
        const DeviceModelCatalog *catalog = nullptr;
        RawLog *rawLog = nullptr;
        PositionWriter *writer = nullptr; // or:
        StoreSink *sink = nullptr; // an explicit sink (tests); used when writer is null
        qsizetype writerMaxPendingRows = 200'000;
        // Where the node publishes its status (settings key node.<host>.status) for
        // `fleetwatch diagnose`; when absent, the writer's database is used.
        std::optional<DatabaseConfig> statusDatabase;
        // Alert rules evaluated on a thread of their own (AlertWorker), on this database (when
        // absent, the writer's). Off unless asked for.
        bool alerts = false;
        AlertWorker::Options alertOptions;
        std::optional<DatabaseConfig> alertsDatabase;
        // Raw frames shared through the database (PostgreSQL only: a connected window's raw
        // console): the last this many of each device are kept there. 0: not shared.
        int rawFramesPerDevice = 20;
    };

    explicit IngestNode(const Parts &parts, QObject *parent = nullptr);
    ~IngestNode() override;

    // Call on the node's thread. prepare() builds the parts (so observers can connect to
    // fleet() before anything is published); start() loads the fleet and opens the ports, and
    // returns the number of listeners that are up.
    void prepare(const FleetSettings &settings);
    int start(const IngestConfig &config, const QList<Device> &devices,
              const QList<DeviceActivity> &activities,
              DeviceDirectory *registerUnknownInto = nullptr);
    void stop();

    FleetState *fleet() const { return m_fleet.get(); }
    IngestServer *server() const { return m_server.get(); }
    // Live fleet diagnosis of this node (created by prepare(), running after start()).
    NodeStatusReporter *statusReporter() const { return m_reporter.get(); }
    void setStatusDatabase(const DatabaseConfig &config) { m_parts.statusDatabase = config; }
    // The rule evaluation of this node (null when alerts are off).
    AlertWorker *alertWorker() const { return m_alertWorker.get(); }
    // What copies the raw frames into a shared database (null when they are not shared).
    RawFrameShipper *rawFrameShipper() const { return m_rawShipper.get(); }

signals:
    // An alert stored for the first time (queued from the alert thread): where notifiers connect.
    void alertRaised(const fw::Alert &alert);

private:
    void startRawFrameShipper();

    Parts m_parts;
    // Destroyed in reverse order of use (see ~IngestNode).
    std::unique_ptr<WriterStoreSink> m_ownSink; // when the node writes through a PositionWriter
    StoreSink *m_sink = nullptr; // m_ownSink or the one Parts gave, or m_alertSink before them
    std::unique_ptr<QThread> m_alertThread;
    std::unique_ptr<AlertWorker> m_alertWorker;
    std::unique_ptr<AlertingStoreSink> m_alertSink;
    std::unique_ptr<FleetState> m_fleet;
    std::unique_ptr<IngestServer> m_server;
    std::unique_ptr<NodeStatusReporter> m_reporter;
    std::unique_ptr<QThread> m_rawThread;
    std::unique_ptr<RawFrameShipper> m_rawShipper; // lives on m_rawThread
};

} // namespace fw
