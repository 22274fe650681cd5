#pragma once
// CommandQueueWorker: the database side of a node's command queue, on a thread of its own so
// the ingest thread never waits for it. It LISTENs for fleetwatch_commands on PostgreSQL (a
// queued command reaches the node within a second) and polls every few seconds as a fallback
// (the only way on SQLite); each look marks overdue commands expired and hands the queued
// ones to the CommandQueueRunner, which knows which devices this node holds. The runner's
// claims and outcomes come back here as queued calls.

#include "storage/CommandQueueTable.h"
#include "storage/DatabaseConfig.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace fw {

class Database;

class CommandQueueWorker : public QObject
{
    Q_OBJECT
public:
    CommandQueueWorker(const DatabaseConfig &config, const QString &nodeId, int pollMs,
                       QObject *parent = nullptr);
    ~CommandQueueWorker() override;

public slots:
    // Run on the worker's thread.
    void start();
    void stop();
    void look(); // expire overdue commands, then announce the queued ones
    void claim(qint64 id); // queued -> sent by this node; answers claimed()
    void claimSms(qint64 id); // taken by this node to send by SMS; answers smsClaimed()
    void smsSent(qint64 id); // the SMS gateway accepted it
    void replied(qint64 id, const QString &reply);
    void failed(qint64 id, const QString &error);

signals:
    void queued(const QList<fw::QueuedCommand> &commands);
    void claimed(qint64 id, bool ok);
    void smsClaimed(qint64 id, bool ok);
    void expired(const QList<qint64> &ids);

private:
    bool ensureOpen();

    const DatabaseConfig m_config;
    const QString m_nodeId;
    const int m_pollMs;
    std::unique_ptr<Database> m_db;
    QTimer *m_poll = nullptr;
    QTimer *m_soon = nullptr; // notifications in a burst: one look
};

} // namespace fw
