#include "IngestNode.h"

#include "ingest/IngestServer.h"
#include "ingest/StoreSink.h"
#include "node/NodeStatusReporter.h"
#include "fleet/FleetState.h"
#include "storage/Database.h"
#include "storage/PositionWriter.h"
#include "node/WriterStoreSink.h"

namespace fw {

IngestNode::IngestNode(const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
{
}

IngestNode::~IngestNode()
{
    stop();
}

void IngestNode::prepare(const FleetSettings &settings)
{
    m_sink = m_parts.writer
        ? new WriterStoreSink(m_parts.writer, m_parts.writerMaxPendingRows, this)
        : m_parts.sink;
    m_fleet = new FleetState(m_parts.clock, m_parts.catalog, settings.status, this);
    m_server = new IngestServer(m_parts.registry, m_fleet, m_parts.rawLog, m_sink, m_parts.clock,
                                this);
    // Status transitions become history events; nobody waits for their commit, but none is
    // lost while the writer's queue is full (the server keeps them, bounded and counted).
    connect(m_fleet, &FleetState::eventsToStore, m_server, &IngestServer::storeEvents);
    m_reporter = new NodeStatusReporter(m_server, m_fleet, m_parts.registry, m_parts.catalog,
                                        m_parts.clock, this);
}

int IngestNode::start(const IngestConfig &config, const QList<Device> &devices,
                      const QList<DeviceActivity> &activities,
                      DeviceDirectory *registerUnknownInto)
{
    m_fleet->load(devices, activities);
    m_server->setDeviceDirectory(registerUnknownInto);
    const int up = m_server->start(config);
    if (!m_parts.statusDatabase && m_parts.writer) {
        // Publish the status where the positions go (asked once, from the writer's connection).
        std::optional<DatabaseConfig> writerConfig;
        m_parts.writer->runOnWriterThread([&writerConfig](Database &db) {
            writerConfig = db.config();
        });
        m_parts.statusDatabase = writerConfig;
    }
    if (m_parts.statusDatabase)
        m_reporter->setDatabaseConfig(*m_parts.statusDatabase);
    m_reporter->start();
    return up;
}

void IngestNode::stop()
{
    if (m_reporter)
        m_reporter->stop();
    if (m_server)
        m_server->stop();
    if (m_fleet)
        m_fleet->publishNow(); // hand pending status events to the writer
}

} // namespace fw
