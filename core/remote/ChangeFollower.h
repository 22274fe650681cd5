#pragma once
// ChangeFollower: follows a shared PostgreSQL database the way a connected window does, without
// ever reloading the fleet. It loads the devices and their activity once, LISTENs for the
// nodes' NOTIFY (QSqlDriver::subscribeToNotification on QPSQL) and, for each notification,
// reads only what the change groups after the sequence number it holds wrote (one snapshot per
// read, ChangeSnapshot): changed activity goes into its own FleetState, whose statuses come from
// the same pure rules and deadline tracker as the node's, on a clock corrected to the server's
// (ServerClock); new events, alerts and (optionally) positions are handed on in the order they
// were stored. A lost connection is retried with back-off and caught up from the sequence it
// holds: no gap, no repeat. `fleetwatch watch` is a thin wrapper; a window can use it on a
// thread of its own (all of its work runs on the thread it lives on).

#include "ServerClock.h"
#include "alerts/Alert.h"
#include "domain/DeviceEvent.h"
#include "domain/Position.h"
#include "fleet/FleetState.h"
#include "storage/DatabaseConfig.h"

#include <QObject>
#include <QSqlDriver>
#include <QTimer>

#include <memory>

namespace fw {

class Database;
class DeviceModelCatalog;

class ChangeFollower : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool positions = false; // also hand on every stored position
        QString uniqueId; // positions, events and alerts of this device only (empty: all)
        int reconnectMinMs = 200; // back-off after a lost connection, doubling ...
        int reconnectMaxMs = 5'000; // ... up to this
        // A cheap round trip that notices a connection the server dropped (a notification
        // socket that closed says nothing by itself). Not a reload: nothing is read.
        int livenessMs = 1'000;
    };
    // What following has cost so far: a window restarted on a long history loads the current
    // state once and reads only the changes after it (tests and the log check this).
    struct Stats
    {
        qint64 loadedAt = -1; // the change sequence of the full load (-1: none yet)
        int fullLoads = 0; // devices and activity read whole (once per follower)
        int catchUps = 0; // reads of the changes after the sequence held
        qint64 changedRowsRead = 0; // rows those reads returned (devices, activity, events, ...)
    };

    ChangeFollower(const DatabaseConfig &config, const DeviceModelCatalog *catalog,
        const Options &options, QObject *parent = nullptr);
    ~ChangeFollower() override;

    // Connects, loads the fleet and starts listening. False when following cannot work at all
    // (not PostgreSQL, the first connection refused): lastError() says why.
    bool start();
    void stop();

    QString lastError() const { return m_lastError; }
    bool isConnected() const { return m_db != nullptr; }
    qint64 sequence() const { return m_sequence; } // the change sequence caught up to
    FleetState *fleet() const { return m_fleet.get(); }
    ServerClock *clock() { return &m_clock; }
    Stats stats() const { return m_stats; }

signals:
    void positionStored(const fw::Position &position, const QString &node, qint64 changeSeq);
    void eventStored(const fw::DeviceEvent &event, qint64 changeSeq);
    void alertStored(const fw::Alert &alert, qint64 changeSeq);
    // A device removed (with its history) from any window or `devices remove`.
    void deviceRemoved(const QString &uniqueId, qint64 changeSeq);
    // A device's status as the node's rules compute it here (FleetState::statusChanged).
    void statusChanged(const QString &uniqueId, fw::ConnectionStatus from,
        fw::ConnectionStatus to, qint64 at);
    void connectionChanged(bool connected, const QString &error);
    void caughtUp(qint64 changeSeq);

private:
    bool connectAndLoad(bool first);
    void onNotification(const QString &name, QSqlDriver::NotificationSource source,
        const QVariant &payload);
    void catchUp();
    void checkAlive();
    void lost(const QString &error);
    void retry();
    bool addDevice(const QString &uniqueId);

    const DatabaseConfig m_config;
    const DeviceModelCatalog *m_catalog;
    const Options m_options;
    ServerClock m_clock;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<FleetState> m_fleet;
    qint64 m_sequence = -1; // -1: nothing loaded yet
    qint64 m_notified = 0; // the highest sequence a notification announced
    QString m_lastError;
    QTimer m_catchUpTimer; // coalesces notifications into one read
    QTimer m_livenessTimer;
    QTimer m_retryTimer;
    int m_retryDelayMs = 0;
    bool m_running = false;
    Stats m_stats;
};

} // namespace fw
