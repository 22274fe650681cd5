#pragma once
// IngestNode: a complete ingest node assembled from its parts: the FleetState (statuses), the
// IngestServer (listeners and sessions) and the link to the database writer. The headless
// command runs it on the main thread; the window moves it to a worker thread so decoding and
// status work never run on the GUI thread.

#include "ingest/IngestConfig.h"
#include "domain/Device.h"
#include "domain/DeviceActivity.h"
#include "fleet/FleetSettings.h"
#include "storage/DatabaseConfig.h"

#include <QObject>
#include <optional>

namespace fw {

class Clock;
class DeviceDirectory;
class DeviceModelCatalog;
class FleetState;
class IngestServer;
class NodeStatusReporter;
class PositionWriter;
class ProtocolRegistry;
class RawLog;
class StoreSink;

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

    FleetState *fleet() const { return m_fleet; }
    IngestServer *server() const { return m_server; }
    // Live fleet diagnosis of this node (created by prepare(), running after start()).
    NodeStatusReporter *statusReporter() const { return m_reporter; }
    void setStatusDatabase(const DatabaseConfig &config) { m_parts.statusDatabase = config; }

private:
    Parts m_parts;
    StoreSink *m_sink = nullptr;
    FleetState *m_fleet = nullptr;
    IngestServer *m_server = nullptr;
    NodeStatusReporter *m_reporter = nullptr;
};

} // namespace fw
