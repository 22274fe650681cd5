#pragma once
// DiagnosisWorker: the heavy half of a node's self-diagnosis, on a thread of its own. The
// reporter gathers what only the ingest thread knows (a cheap copy) and hands it here; the
// worker runs the checks, builds the node status document and writes it to the database (its own
// connection, short time-outs) with the node's heartbeat, so neither the checks nor a slow database ever hold up ingest.

#include "diagnostics/FleetDiagnosis.h"
#include "storage/DatabaseConfig.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>

#include <memory>
#include <optional>

namespace fw {

class Database;
class ProtocolRegistry;

class DiagnosisWorker : public QObject
{
    Q_OBJECT
public:
    explicit DiagnosisWorker(const ProtocolRegistry *registry, QObject *parent = nullptr);
    ~DiagnosisWorker() override;

    // Both on the worker's thread.
    void setDatabaseConfig(const std::optional<DatabaseConfig> &config);
    // With a nodeId, also the node's heartbeat in the nodes table (NodeTable).
    void run(quint64 round, const DiagnosisInput &input, const IngestStats &stats,
        const QString &host, const QString &nodeId);

signals:
    // persisted: the status was written to the database in this round.
    void finished(quint64 round, const QList<fw::Finding> &findings, const QJsonObject &status,
        bool persisted);

private:
    bool persist(const QJsonObject &status, TimeMs now, const QString &host);
    bool openDatabase(TimeMs now);
    void heartbeat(const DiagnosisInput &input, const IngestStats &stats, const QString &host,
        const QString &nodeId);

    const ProtocolRegistry *m_registry;
    std::optional<DatabaseConfig> m_dbConfig;
    std::unique_ptr<Database> m_db;
    TimeMs m_dbRetryAt = kNoTime;
    QByteArray m_lastWrittenContent;
    TimeMs m_lastWriteAt = kNoTime;
    TimeMs m_startedAt = kNoTime;
    QElapsedTimer m_rateSince;
    quint64 m_ratePositions = 0;
    double m_positionsPerSecond = 0.0;
};

} // namespace fw
