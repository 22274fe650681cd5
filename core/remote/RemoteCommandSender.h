#pragma once
// RemoteCommandSender: how a connected window sends a command. The window holds no device
// connection, so the command dialog's bytes become a row of the database's command queue and
// the node that holds the device sends them (CommandQueueRunner). Lives on the remote
// source's worker thread with a connection of its own, so the window never waits for the
// database; it reads its outstanding commands back a few times a second (only while there are
// any) and answers each once the node has sent it (true) or it failed or expired (false). The
// device's reply reaches the dialog like every stored event, through the change feed.

#include "storage/CommandQueueTable.h"
#include "storage/DatabaseConfig.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace fw {

class Database;

class RemoteCommandSender : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(bool sent, const QString &why)>;

    explicit RemoteCommandSender(const DatabaseConfig &config, QObject *parent = nullptr);
    ~RemoteCommandSender() override;

    // On this object's thread. `done` is called on this thread, once.
    void queue(const QString &uniqueId, const QByteArray &bytes, Done done);
    // An SMS command for a node with an SMS gateway (the window's "SMS through a node"
    // setting): the node composes the text (with the device's password, which never enters the
    // queue) and sends it; `done(true)` once the gateway accepted it.
    void queueSms(const QString &uniqueId, const QString &typeId, const QVariantMap &params,
                  Done done);

private:
    void queueRow(const QueuedCommand &command, Done done);
    void check();

    const DatabaseConfig m_config;
    std::unique_ptr<Database> m_db;
    QHash<qint64, Done> m_waiting; // command id -> its answer
    QTimer m_timer;
};

} // namespace fw
