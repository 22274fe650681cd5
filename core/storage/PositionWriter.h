#pragma once
// PositionWriter: the only writer of positions, events and device activity. It lives on its own
// thread, groups many small submissions into one transaction (group commit), reports which
// tickets are durable, and keeps everything pending while the database is unavailable, so ingest
// acknowledges only stored data and a database outage costs no data, only back-pressure.
// On PostgreSQL each group commit takes one change sequence number and sends one NOTIFY with
// it (Database::stampChange()), so windows and `watch` learn of it at the commit.

#include "Database.h"
#include "WriteBatch.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QWaitCondition>

#include <atomic>
#include <functional>
#include <memory>

class QThread;
class QTimer;

namespace fw {

class PositionWriter : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        qsizetype maxPendingRows = 200'000; // submit() refuses beyond this (back-pressure)
        qsizetype flushRows = 5'000; // commit as soon as this many rows wait ...
        int flushDelayMs = 50; // ... or this long after the first waiting row
        // A backlog is written in transactions this size (larger ones touch each index page
        // once for more rows; 50,000 rows take about 0.2 s on SQLite).
        qsizetype maxRowsPerCommit = 50'000;
        int retryMinMs = 200; // back-off after a failure, doubling up to retryMaxMs
        int retryMaxMs = 5'000;
        int retentionChunk = 1'000; // positions deleted per retention transaction
        int retentionIntervalMs = 3'600'000;
        // PostgreSQL: how often the monthly positions partitions of this month and the next are
        // made sure to exist (also at start and after a reconnect that follows a failure).
        int partitionIntervalMs = 86'400'000;
        std::function<TimeMs()> clock; // for the retention cut-off; default: system time
        QString nodeId; // stored with each position on PostgreSQL (shared deployments)
    };

    struct Stats
    {
        quint64 rowsWritten = 0;
        quint64 commits = 0;
        quint64 refusedBatches = 0;
        quint64 refusedRows = 0;
        quint64 skippedRows = 0; // rows of devices that are not registered
        quint64 retentionDeleted = 0; // rows deleted one by one
        quint64 retentionPartitionsDropped = 0; // whole months dropped (PostgreSQL)
        qsizetype pendingRows = 0;
        qint64 lastCommitMicros = 0;
        bool healthy = true;
        QString lastError;
    };

    explicit PositionWriter(const DatabaseConfig &config, const Options &options);
    explicit PositionWriter(const DatabaseConfig &config);
    ~PositionWriter() override; // stop(5000)

    // Starts the thread and opens the database there. Returns false when the first open
    // failed; the writer then keeps retrying (unhealthy) until stop().
    bool start();
    // Writes what is pending (bounded wait), closes the database and joins the thread.
    // Returns whether everything submitted was written.
    bool stop(int timeoutMs = 10'000);
    bool isRunning() const { return m_thread != nullptr; }

    // Thread-safe. False (and counted) when the pending queue cannot take the batch.
    bool submit(WriteBatch batch);
    // Blocks until everything submitted so far is committed or the timeout passes.
    bool flush(int timeoutMs = 10'000);

    Stats stats() const;
    // Rows submitted and not yet committed; lock-free, for a room check on every frame.
    qsizetype pendingRows() const { return m_pendingRows.load(std::memory_order_relaxed); }
    bool isHealthy() const;
    // 0 turns retention off. Old positions are deleted in small chunks between batches.
    void setRetentionDays(int days);
    // Removes a device and everything stored for it on the writer thread, one short
    // transaction per chunk between group commits (as retention does), so a device with
    // millions of positions never holds up the acknowledgements of the others. `done` runs on
    // the writer thread with an empty string or the error. Thread-safe.
    void removeDevice(const QString &uniqueId, std::function<void(const QString &error)> done);
    // Runs `function` on the writer thread with its connection and waits (tests, maintenance).
    bool runOnWriterThread(const std::function<void(Database &)> &function);

signals:
    void committed(QList<quint64> tickets);
    void healthChanged(bool healthy, QString error);

private:
    bool initInThread();
    void shutdownInThread();
    void onWake();
    void flushPending(bool force);
    bool writeGroup(qsizetype count, qsizetype rows);
    bool tryWrite(qsizetype count, QString *error);
    void onFailure(const QString &error);
    void onRetry();
    void setHealthy(bool healthy, const QString &error);
    void retentionStep();
    void startRetentionPass();
    void ensurePartitions();
    void removalStep();

    static qsizetype accountedRows(const WriteBatch &batch);

    const DatabaseConfig m_config;
    const Options m_options;
    QThread *m_thread = nullptr;
    QThread *m_ownerThread = nullptr;

    // Shared between submitters and the writer thread.
    mutable QMutex m_mutex;
    QWaitCondition m_committedCondition;
    QList<WriteBatch> m_incoming;
    qsizetype m_incomingRows = 0;
    QElapsedTimer m_incomingSince;
    bool m_wakePosted = false;
    bool m_flushRequested = false;
    bool m_accepting = true;
    Stats m_stats;
    std::atomic<int> m_retentionDays { 0 };
    std::atomic<qsizetype> m_pendingRows { 0 }; // mirrors m_stats.pendingRows

    // Writer thread only.
    std::unique_ptr<Database> m_db;
    QList<WriteBatch> m_inflight; // taken from m_incoming, not yet committed
    qsizetype m_inflightRows = 0;
    QTimer *m_flushTimer = nullptr;
    QTimer *m_retryTimer = nullptr;
    QTimer *m_retentionTimer = nullptr;
    QTimer *m_partitionTimer = nullptr;
    int m_retryDelayMs = 0;
    bool m_healthy = true;
    bool m_retentionActive = false;
    bool m_retentionDropDone = false; // this pass has dropped the whole old partitions
    bool m_partitionsDue = true; // ensurePartitions() has not succeeded since the last failure
    struct Removal
    {
        QString uniqueId;
        std::function<void(const QString &)> done;
    };
    QList<Removal> m_removals; // the first is in progress
};

} // namespace fw
