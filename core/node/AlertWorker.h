#pragma once
// AlertWorker: the node's rule evaluation, on a thread of its own so that ingest never waits for
// geometry or for the alert tables. It owns a RuleEngine and its own database connection:
// loads geofences, rules, device groups, the persisted rule state and each device's last packet
// time at start; evaluates what the store sink accepted (positions and events, in the order the
// node stored them); stores new alerts together with the rule state that raised them (so a
// restart neither forgets nor repeats them) and then announces them with alertRaised(), where a
// notifier can be connected. It polls the configuration version twice a second and reloads
// geofences and rules when the CLI (or a window) changed them. With no rules and no geofences it
// evaluates nothing: the store sink stops handing positions over until a rule or fence appears.

#include "alerts/Alert.h"
#include "alerts/RuleEngine.h"
#include "storage/DatabaseConfig.h"

#include <QObject>

#include <atomic>
#include <memory>
#include <mutex>

class QTimer;

namespace fw {

class AlertStore;
class Clock;
class Database;

class AlertWorker : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        RuleSettings rules;
        int reloadCheckMs = 500; // how often the configuration version is read (one small query)
        int stateFlushMs = 5000; // how often changed rule state is written
        qsizetype maxPending = 500'000; // positions waiting; beyond, evaluation is skipped
        int alertFlushMs = 200; // new alerts are stored (and announced) in groups this often
    };

    AlertWorker(const DatabaseConfig &database, Clock *clock, const Options &options,
        QObject *parent = nullptr);
    ~AlertWorker() override;

    // Thread-safe: called by the store sink on the ingest thread. Queues the work for this
    // worker's thread; false (and counted) when the backlog is full.
    bool enqueue(const QList<Position> &positions, const QList<DeviceEvent> &events);
    quint64 skipped() const { return m_skipped.load(); }
    // Whether positions are evaluated at all (false: no rules and no geofences configured).
    bool evaluating() const { return m_evaluating.load(std::memory_order_relaxed); }

public slots:
    // Run on the worker's thread.
    void start();
    void stop();
    void reloadIfChanged();

signals:
    void alertRaised(const fw::Alert &alert);
    void started(bool ok, const QString &error);

private:
    void drain(); // evaluates everything enqueued so far
    void evaluate(const QList<Position> &positions, const QList<DeviceEvent> &events);
    void scheduleAlertFlush();
    bool reload();
    void noteLastSeenFromDatabase();
    void flush(bool states);

    DatabaseConfig m_config;
    Clock *m_clock;
    Options m_options;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AlertStore> m_store;
    std::unique_ptr<RuleEngine> m_engine;
    std::unique_ptr<QTimer> m_reloadTimer;
    std::unique_ptr<QTimer> m_flushTimer;
    std::unique_ptr<QTimer> m_alertTimer;
    QList<Alert> m_raised; // raised, not stored yet
    qint64 m_version = -1;
    bool m_lastSeenNoted = false; // the engine knows each device's last packet time
    // Hand-over from the ingest thread: one queued drain() at a time, however many
    // submissions arrive meanwhile (a post per submission cost the ingest thread 1 us/position).
    std::mutex m_inMutex;
    QList<QList<Position>> m_inPositions;
    QList<QList<DeviceEvent>> m_inEvents;
    bool m_drainQueued = false;
    qsizetype m_pending = 0; // guarded by m_inMutex
    std::atomic<quint64> m_skipped { 0 };
    // False while the configuration has neither rules nor geofences: then nothing can raise an
    // alert and the ingest thread hands nothing over (a fleet without rules pays nothing).
    std::atomic<bool> m_evaluating { true };
};

} // namespace fw
