#pragma once
// NodeTable: the ingest nodes of a shared database (table `nodes`). Each `--headless` node
// writes a heartbeat every few seconds (ports per protocol, open connections, positions per
// second); `last_seen` is the database server's clock, and so is the judgement of `alive`, so
// nodes and readers with wrong clocks still agree on who is there.

#include "util/TimeUtil.h"

#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace fw {

class Database;

struct NodeRecord
{
    QString id;
    QString host;
    QMap<QString, int> ports; // protocol -> port it listens on
    qint64 connections = 0;
    double positionsPerSecond = 0.0;
    TimeMs startedAt = kNoTime;
    TimeMs lastSeen = kNoTime; // server clock
    bool alive = false; // read back: a heartbeat within the alive timeout
    TimeMs serverNow = kNoTime; // read back: the database server's clock when it was read
};

class NodeTable
{
public:
    static constexpr TimeMs kHeartbeatInterval = 5 * kSecond;
    static constexpr TimeMs kAliveTimeout = 20 * kSecond; // four heartbeats missed

    explicit NodeTable(Database &db);

    QString lastError() const { return m_error; }
    // Inserts or replaces the node's row; last_seen is the server's now.
    bool heartbeat(const NodeRecord &node);
    // Every node, by id; alive when last seen within `aliveTimeout` of the server's now.
    std::optional<QList<NodeRecord>> nodes(TimeMs aliveTimeout = kAliveTimeout);

private:
    Database &m_db;
    QString m_error;
};

} // namespace fw
