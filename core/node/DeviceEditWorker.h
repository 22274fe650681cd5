#pragma once
// DeviceEditWorker: the database side of a headless node's device list on a shared PostgreSQL
// database, on a thread of its own so the ingest thread never waits for it. A node loads the
// devices once when it starts; devices registered, edited (a block), or removed afterwards from
// a window or the command line are rows with a change number. This worker LISTENs for the
// change notifications (and looks once a second as a fallback), reads in one snapshot only the
// devices whose change number is past the one it holds, the removals' tombstones, and the device
// activity stored since (by any node), and hands them to the DeviceEditFollower on the node's
// thread.

#include "domain/Device.h"
#include "domain/DeviceActivity.h"
#include "storage/DatabaseConfig.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace fw {

class Database;

class DeviceEditWorker : public QObject
{
    Q_OBJECT
public:
    // fromSequence: the change sequence the node's device list was loaded at (or before).
    DeviceEditWorker(const DatabaseConfig &config, qint64 fromSequence, int pollMs,
        QObject *parent = nullptr);
    ~DeviceEditWorker() override;

public slots:
    // Run on the worker's thread.
    void start();
    void stop();
    void look(); // reads what changed after the sequence held; emits edited() when anything did

signals:
    // Removed devices first (in change order), then the current rows of edited or new ones.
    // `activities`: the device activity other nodes (and this one) stored since, for the
    // devices another node now holds (FleetState::applyOtherNodesActivity decides).
    void edited(const QStringList &removed, const QList<fw::Device> &devices,
        const QList<fw::DeviceActivity> &activities);

private:
    bool ensureOpen();

    const DatabaseConfig m_config;
    const int m_pollMs;
    qint64 m_seen; // the change sequence read up to
    std::unique_ptr<Database> m_db;
    QTimer *m_poll = nullptr;
    QTimer *m_soon = nullptr; // notifications in a burst (every group commit sends one): one look
};

} // namespace fw
