#pragma once
// NodeStatusReporter: runs the fleet diagnosis continuously inside an ingest node. Every few
// seconds (and on demand) it gathers what only the live node knows (listeners, a loopback
// self-check of each port, unknown ids, recent undecoded frames, the last byte time), diagnoses
// it with the fleet's snapshots, tells the window, and stores a compact node status in the
// database so `fleetwatch diagnose`, run anywhere on that database, sees the same picture.
// Lives on the ingest thread and only gathers there (a copy of what the live node knows); the
// checks and the database write run on a DiagnosisWorker thread, one round at a time, and an
// unknown device's frames trigger at most one refresh every kMinRefreshGapMs.

#include "diagnostics/FleetDiagnosis.h"
#include "storage/DatabaseConfig.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QElapsedTimer>
#include <QObject>
#include <QThread>
#include <QTimer>

namespace fw {

class Clock;
class DeviceModelCatalog;
class DiagnosisWorker;
class FleetState;
class IngestServer;
class ProtocolRegistry;
class RawLog;

class NodeStatusReporter : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultIntervalMs = 5000;
    static constexpr int kMinRefreshGapMs = 2000; // between refreshes an unknown id triggers
    static constexpr int kSelfCheckTimeoutMs = 1500;
    static constexpr int kMaxUndecodedSamples = 40; // stored in the node status
    static constexpr int kMaxSampleBytes = 256; // per stored sample
    static constexpr TimeMs kFreshness = 30 * kSecond; // a status older than this is stale

    NodeStatusReporter(IngestServer *server, FleetState *fleet, const ProtocolRegistry *registry,
        const DeviceModelCatalog *catalog, Clock *clock, QObject *parent = nullptr);
    ~NodeStatusReporter() override;

    // Where the status is persisted (a connection of the worker's own, on its thread).
    void setDatabaseConfig(const DatabaseConfig &config);
    void setHostName(const QString &host) { m_host = host; }
    QString hostName() const { return m_host; }
    // The node's id in the nodes table; empty (the default): no heartbeat is written.
    void setNodeId(const QString &id) { m_nodeId = id; }
    QString nodeId() const { return m_nodeId; }
    void setInterval(int ms) { m_timer.setInterval(ms); }

    void start(); // first self-check and diagnosis now, then every interval
    void stop();

    // What the last refresh saw and found.
    const DiagnosisInput &lastInput() const { return m_input; }
    const QList<Finding> &findings() const { return m_findings; }
    QHash<quint16, bool> selfCheck() const { return m_selfCheck; }
    const QJsonObject &lastStatus() const { return m_status; }
    bool selfCheckRunning() const { return m_selfCheckPending > 0; }
    int writes() const { return m_writes; } // node statuses stored so far
    quint64 completedRounds() const { return m_completed; } // refreshes whose results are in
    bool busy() const { return m_inFlight || m_again; } // a refresh is on its way
    // Where the checks and the database write run (not this object's thread).
    const QObject *worker() const;

    // "node.<host>.status"
    static QString settingsKey(const QString &host);
    // The stored document of a node: listeners, self-check, unknown sightings, undecoded
    // samples (hex, bounded), last byte time, stats, findings, timestamp and host name.
    static QJsonObject statusJson(const QString &host, const DiagnosisInput &input,
        const IngestStats &stats, const QList<Finding> &findings);
    // Adds what a stored status says to `input` (listeners, self-check, unknown ids, undecoded
    // samples, last byte). Returns the status time (kNoTime when the document is not one).
    static TimeMs mergeStatusJson(const QJsonObject &status, DiagnosisInput *input);

public slots:
    // Gathers now; the checks and the database write follow on the worker's thread, and the
    // results (findings(), lastStatus(), the signals) arrive a moment later.
    void refresh();
    void runSelfCheck(); // async; refreshes when the results change

signals:
    void findingsChanged(const QList<fw::Finding> &findings);
    void statusPersisted(const QJsonObject &status);

private:
    DiagnosisInput gather() const;
    void takeResult(quint64 round, const QList<fw::Finding> &findings, const QJsonObject &status,
                    bool persisted);
    void finishSelfCheck(quint64 round, quint16 port, bool ok);

    IngestServer *m_server;
    FleetState *m_fleet;
    const ProtocolRegistry *m_registry;
    const DeviceModelCatalog *m_catalog;
    Clock *m_clock;
    QString m_host;
    QString m_nodeId;
    QThread m_workerThread;
    DiagnosisWorker *m_worker = nullptr; // lives on m_workerThread
    quint64 m_round = 0; // the last round handed to the worker
    quint64 m_completed = 0;
    bool m_inFlight = false;
    bool m_again = false; // refresh() was called while a round was out
    QElapsedTimer m_sinceRefresh;
    QTimer m_timer;
    QTimer m_soon; // debounces on-demand refreshes (unknown ids)
    DiagnosisInput m_input;
    QList<Finding> m_findings;
    QJsonObject m_status;
    QByteArray m_lastFindingsJson;
    bool m_published = false;
    int m_writes = 0;
    QHash<quint16, bool> m_selfCheck;
    QHash<quint16, bool> m_selfCheckRound;
    quint64 m_selfCheckId = 0;
    int m_selfCheckPending = 0;
};

} // namespace fw
