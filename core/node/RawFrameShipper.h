#pragma once
// RawFrameShipper: copies a node's raw frames into the shared database's raw_frames ring, so a
// connected window's raw console, troubleshooter and diagnosis see them (issue #14). Runs on a
// thread of its own with a connection of its own: every `intervalMs` it takes from the RawLog
// only the newest frames of each device since the last round (RawLog::latestPerDevice: at most
// `perDevice` a device, `poolRows` undecoded/unknown ones, `maxFramesPerTick` in all) and
// inserts them as one transaction; every `pruneIntervalMs` it deletes what is beyond the ring's
// limits. The ingest thread never waits for the database, and the rows written per second are
// bounded by maxFramesPerTick / intervalMs whatever the ingest rate. A failed round is retried
// (the frames are still in the RawLog, if not pushed out); a lost connection is opened again.

#include "RawFrameStore.h"
#include "storage/DatabaseConfig.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>

#include <memory>

class QTimer;

namespace fw {

class Database;
class RawLog;

class RawFrameShipper : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        RawFrameStore::Limits limits;
        int intervalMs = 1'000;
        int pruneIntervalMs = 10'000;
        int maxFramesPerTick = 2'000;
    };

    RawFrameShipper(const RawLog *log, const DatabaseConfig &config, const QString &node,
        const Options &options, QObject *parent = nullptr);
    ~RawFrameShipper() override;

    qint64 rowsWritten() const { return m_rowsWritten; } // on this object's thread
    qint64 rowsPruned() const { return m_rowsPruned; }

public slots:
    void start(); // call on this object's thread
    void stop(); // a last round, then the connection closes
    void shipNow();

private:
    bool ensureOpen();
    void prune();

    const RawLog *m_log;
    const DatabaseConfig m_config;
    const QString m_node;
    const Options m_options;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<RawFrameStore> m_store;
    QTimer *m_timer;
    QElapsedTimer m_sincePrune;
    QSet<QString> m_touched; // devices with frames since the last prune
    quint64 m_shippedSeq = 0;
    qint64 m_rowsWritten = 0;
    qint64 m_rowsPruned = 0;
    bool m_failing = false;
};

} // namespace fw
