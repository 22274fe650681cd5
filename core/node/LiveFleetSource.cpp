#include "LiveFleetSource.h"

#include "IngestNode.h"
#include "NodeStatusReporter.h"
#include "fleet/FleetState.h"
#include "ingest/IngestServer.h"

namespace fw {

LiveFleetSource::LiveFleetSource(IngestNode *node, const RawLog *rawLog,
    std::shared_ptr<const HistorySource> history, DeviceDirectory *directory, QObject *parent)
    : FleetSource(parent)
    , m_node(node)
    , m_rawLog(rawLog)
    , m_history(std::move(history))
    , m_directory(directory)
{
    qRegisterMetaType<fw::FleetDelta>();
    qRegisterMetaType<QList<fw::Finding>>();
    // Signal to signal: queued when the node runs on another thread.
    connect(node->fleet(), &FleetState::delta, this, &FleetSource::delta);
    connect(node->statusReporter(), &NodeStatusReporter::findingsChanged, this,
        &FleetSource::findingsChanged);
}

void LiveFleetSource::requestDeviceView(
    const QString &uniqueId, QObject *context, ViewCallback done)
{
    IngestNode *node = m_node;
    const QPointer<QObject> guard(context);
    QMetaObject::invokeMethod(node, [this, node, uniqueId, guard, done = std::move(done)] {
        DeviceView v;
        v.snapshot = node->fleet()->snapshot(uniqueId);
        v.listeners = node->server()->listeners();
        v.selfCheck = node->statusReporter()->selfCheck();
        v.unknown = node->server()->unknownDevices();
        v.settings = node->fleet()->settings();
        v.liveSession = node->server()->hasLiveSession(uniqueId);
        QMetaObject::invokeMethod(this, [guard, done, v = std::move(v)] {
            if (guard)
                done(v);
        });
    });
}

void LiveFleetSource::sendCommand(
    const QString &uniqueId, const QByteArray &bytes, QObject *context, SentCallback done)
{
    IngestNode *node = m_node;
    const QPointer<QObject> guard(context);
    QMetaObject::invokeMethod(node, [this, node, uniqueId, bytes, guard, done = std::move(done)] {
        const bool sent = node->server()->sendCommand(uniqueId, bytes);
        QMetaObject::invokeMethod(this, [guard, done, sent] {
            if (guard)
                done(sent);
        });
    });
}

void LiveFleetSource::refreshDiagnosis()
{
    IngestNode *node = m_node;
    QMetaObject::invokeMethod(node, [node] {
        node->statusReporter()->runSelfCheck();
        node->statusReporter()->refresh();
    });
}

} // namespace fw
