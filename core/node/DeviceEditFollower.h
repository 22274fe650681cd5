#pragma once
// DeviceEditFollower: keeps a running headless node's FleetState in step with the devices of a
// shared PostgreSQL database, so a device registered, blocked, edited or removed from any window
// or `fleetwatch devices` takes effect at every node within a second (issue #14) instead of at
// its next start. It also passes on the activity other nodes store, so a device another node
// holds is neither timed out here nor has its status changes recorded twice. The reading is done
// by a DeviceEditWorker on a thread of its own; the changes are applied here, on the node's
// thread.

#include "domain/Device.h"
#include "domain/DeviceActivity.h"
#include "storage/DatabaseConfig.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <QThread>

namespace fw {

class DeviceEditWorker;
class FleetState;

class DeviceEditFollower : public QObject
{
    Q_OBJECT
public:
    // fromSequence: the change sequence read before the node loaded its devices.
    DeviceEditFollower(const DatabaseConfig &config, FleetState *fleet, qint64 fromSequence,
        int pollMs = 1'000, QObject *parent = nullptr);
    ~DeviceEditFollower() override; // stops the worker and waits for its thread

    void start();

private:
    void apply(const QStringList &removed, const QList<fw::Device> &devices,
        const QList<fw::DeviceActivity> &activities);

    FleetState *m_fleet;
    QThread m_thread;
    DeviceEditWorker *m_worker = nullptr; // lives on m_thread
};

} // namespace fw
