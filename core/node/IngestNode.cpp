#include "IngestNode.h"

#include "AlertingStoreSink.h"
#include "NodeStatusReporter.h"
#include "RawFrameShipper.h"
#include "WriterStoreSink.h"
#include "fleet/FleetState.h"
#include "ingest/IngestServer.h"
#include "ingest/StoreSink.h"
#include "storage/Database.h"
#include "storage/PositionWriter.h"

#include <QThread>

namespace fw {

IngestNode::IngestNode(const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
{ }

IngestNode::~IngestNode()
{
    stop();
    // Users before what they use: the reporter watches the server, the server's sessions report
    // to the fleet and hold tickets of the sink.
    m_rawShipper.reset(); // its thread has finished (stop())
    m_rawThread.reset();
    m_reporter.reset();
    m_server.reset();
    m_fleet.reset();
    m_alertSink.reset();
    m_alertWorker.reset(); // its thread has finished (stop())
    m_alertThread.reset();
    m_ownSink.reset();
}

void IngestNode::prepare(const FleetSettings &settings)
{
    // Members, not QObject children: they are created on the node's thread (prepare() runs
    // there) and destroyed in the order ~IngestNode states.
    if (m_parts.writer) {
        m_ownSink = std::make_unique<WriterStoreSink>(m_parts.writer, m_parts.writerMaxPendingRows);
    }
    m_sink = m_ownSink ? m_ownSink.get() : m_parts.sink;
    if (m_parts.alerts) {
        if (!m_parts.alertsDatabase && m_parts.writer) {
            std::optional<DatabaseConfig> writerConfig;
            m_parts.writer->runOnWriterThread(
                [&writerConfig](Database &db) { writerConfig = db.config(); });
            m_parts.alertsDatabase = writerConfig;
        }
        if (m_parts.alertsDatabase) {
            m_alertWorker = std::make_unique<AlertWorker>(*m_parts.alertsDatabase, m_parts.clock,
                                                          m_parts.alertOptions);
            m_alertThread = std::make_unique<QThread>();
            m_alertThread->setObjectName(QStringLiteral("alerts"));
            m_alertWorker->moveToThread(m_alertThread.get());
            connect(m_alertWorker.get(), &AlertWorker::alertRaised, this,
                    &IngestNode::alertRaised);
            m_alertSink = std::make_unique<AlertingStoreSink>(m_sink, m_alertWorker.get());
            m_sink = m_alertSink.get();
        }
    }
    m_fleet = std::make_unique<FleetState>(m_parts.clock, m_parts.catalog, settings.status);
    m_server = std::make_unique<IngestServer>(
        m_parts.registry, m_fleet.get(), m_parts.rawLog, m_sink, m_parts.clock);
    // Status transitions become history events; nobody waits for their commit, but none is
    // lost while the writer's queue is full (the server keeps them, bounded and counted).
    connect(m_fleet.get(), &FleetState::eventsToStore, m_server.get(), &IngestServer::storeEvents);
    m_reporter = std::make_unique<NodeStatusReporter>(
        m_server.get(), m_fleet.get(), m_parts.registry, m_parts.catalog, m_parts.clock);
}

int IngestNode::start(const IngestConfig &config, const QList<Device> &devices,
    const QList<DeviceActivity> &activities, DeviceDirectory *registerUnknownInto)
{
    if (m_alertThread) {
        m_alertThread->start();
        QMetaObject::invokeMethod(m_alertWorker.get(), &AlertWorker::start, Qt::QueuedConnection);
    }
    m_fleet->load(devices, activities);
    m_server->setDeviceDirectory(registerUnknownInto);
    const int up = m_server->start(config);
    if (!m_parts.statusDatabase && m_parts.writer) {
        // Publish the status where the positions go (asked once, from the writer's connection).
        std::optional<DatabaseConfig> writerConfig;
        m_parts.writer->runOnWriterThread(
            [&writerConfig](Database &db) { writerConfig = db.config(); });
        m_parts.statusDatabase = writerConfig;
    }
    if (m_parts.statusDatabase)
        m_reporter->setDatabaseConfig(*m_parts.statusDatabase);
    m_reporter->start();
    startRawFrameShipper();
    return up;
}

void IngestNode::startRawFrameShipper()
{
    // Only a shared (PostgreSQL) database has readers elsewhere; a SQLite file's window has the
    // node's own RawLog.
    if (m_rawShipper || !m_parts.rawLog || m_parts.rawFramesPerDevice <= 0
        || !m_parts.statusDatabase || !m_parts.statusDatabase->isPostgres())
        return;
    RawFrameShipper::Options options;
    options.limits.perDevice = m_parts.rawFramesPerDevice;
    const QString node
        = m_reporter->nodeId().isEmpty() ? m_reporter->hostName() : m_reporter->nodeId();
    m_rawShipper = std::make_unique<RawFrameShipper>(
        m_parts.rawLog, *m_parts.statusDatabase, node, options);
    m_rawThread = std::make_unique<QThread>();
    m_rawThread->setObjectName(QStringLiteral("raw-frames"));
    m_rawShipper->moveToThread(m_rawThread.get());
    m_rawThread->start(QThread::LowPriority);
    QMetaObject::invokeMethod(m_rawShipper.get(), &RawFrameShipper::start, Qt::QueuedConnection);
}

void IngestNode::stop()
{
    if (m_reporter)
        m_reporter->stop();
    if (m_server)
        m_server->stop();
    if (m_rawThread && m_rawThread->isRunning()) {
        // The last frames go out, then the connection closes on its own thread.
        QMetaObject::invokeMethod(
            m_rawShipper.get(), &RawFrameShipper::stop, Qt::BlockingQueuedConnection);
        m_rawThread->quit();
        m_rawThread->wait();
    }
    if (m_fleet)
        m_fleet->publishNow(); // hand pending status events to the writer
    if (m_alertThread && m_alertThread->isRunning()) {
        // After what is queued: every accepted position is evaluated, the state is saved.
        QMetaObject::invokeMethod(m_alertWorker.get(), &AlertWorker::stop,
                                  Qt::BlockingQueuedConnection);
        m_alertThread->quit();
        m_alertThread->wait();
    }
}

} // namespace fw
