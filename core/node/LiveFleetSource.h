#pragma once
// LiveFleetSource: the FleetSource of a window that is its own server: the embedded IngestNode,
// which lives on the ingest thread. Its signals arrive queued on this object's thread, and every
// request is a round trip (ask on the node's thread, answer on this one), so the window never
// waits for the node and never touches its objects.

#include "FleetSource.h"

#include <QPointer>

namespace fw {

class IngestNode;

class LiveFleetSource final : public FleetSource
{
    Q_OBJECT
public:
    // `node` must be prepared (it has its fleet and server) and outlive this object's requests:
    // the owner stops the node's thread before destroying either.
    LiveFleetSource(IngestNode *node, const RawLog *rawLog,
        std::shared_ptr<const HistorySource> history, DeviceDirectory *directory,
        QObject *parent = nullptr);

    void requestDeviceView(const QString &uniqueId, QObject *context, ViewCallback done) override;
    void sendCommand(const QString &uniqueId, const QByteArray &bytes, QObject *context,
        SentCallback done) override;
    void refreshDiagnosis() override;

    const RawLog *rawLog() const override { return m_rawLog; }
    std::shared_ptr<const HistorySource> history() const override { return m_history; }
    DeviceDirectory *directory() const override { return m_directory; }

private:
    IngestNode *m_node;
    const RawLog *m_rawLog;
    std::shared_ptr<const HistorySource> m_history;
    DeviceDirectory *m_directory;
};

} // namespace fw
