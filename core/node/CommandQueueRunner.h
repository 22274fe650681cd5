#pragma once
// CommandQueueRunner: a node's half of the shared command queue. On the node's thread it takes
// the queued commands the CommandQueueWorker finds, keeps those of devices this node holds a
// live connection to, encodes them with the command catalogue (or takes a window's ready
// bytes), claims each in the database (so only one node sends it) and writes it to the
// device's session through IngestServer::sendCommand, the path the embedded window uses. The
// device's answers are matched to the commands sent by CommandReplyMatch, as in the command
// dialog, from the fleet's batched deltas (never per frame), and recorded as replies. All
// database work happens on the worker's thread.
// With an SMS sender (a node started with an SMS gateway) it also sends the queued SMS
// commands, of any device it knows whether connected here or not: it takes the row (so no
// other node sends it too), composes the text from the catalogue with the device's password
// and phone number, and records "sent" once the gateway accepted it, or the gateway's error.

#include "commands/CommandCatalog.h"
#include "storage/CommandQueueTable.h"
#include "storage/DatabaseConfig.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QThread>

#include <memory>

namespace fw {

class Clock;
class CommandQueueWorker;
class DeviceModelCatalog;
class FleetState;
class IngestServer;
class SmsSender;
struct FleetDelta;

class CommandQueueRunner : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        IngestServer *server = nullptr;
        FleetState *fleet = nullptr;
        const DeviceModelCatalog *catalog = nullptr;
        const Clock *clock = nullptr;
        DatabaseConfig database;
        QString nodeId;
        int pollMs = 2'000; // fallback look for queued commands (notifications come first)
        SmsSender *sms = nullptr; // set: this node sends the queued SMS commands too
        QString smsApn; // filled into configuration SMS texts that name an APN
    };

    explicit CommandQueueRunner(const Parts &parts, QObject *parent = nullptr);
    ~CommandQueueRunner() override; // stops the worker and waits for its thread

    void start();

private:
    void onQueued(const QList<fw::QueuedCommand> &commands);
    void onClaimed(qint64 id, bool ok);
    void takeSms(const QueuedCommand &command);
    void onSmsClaimed(qint64 id, bool ok);
    void onSmsFinished(quint64 job, bool ok, const QString &error);
    void onDelta(const fw::FleetDelta &delta);
    void forget(const QList<qint64> &ids);
    QByteArray encode(const QueuedCommand &command, CommandType *type, QString *error) const;

    struct Claim
    {
        QString uniqueId;
        QByteArray bytes;
        PendingCommand pending;
    };

    Parts m_parts;
    CommandCatalog m_commands;
    QThread m_thread;
    CommandQueueWorker *m_worker = nullptr; // lives on m_thread
    QSet<qint64> m_seen; // handled already (claimed, failed or another node's)
    QHash<qint64, Claim> m_claiming; // waiting for the database's answer
    QList<PendingCommand> m_sent; // waiting for the device's answer
    struct Sms
    {
        QString phone;
        QString text; // holds the device's password: never logged
        QString password;
    };
    QHash<qint64, Sms> m_smsClaiming; // waiting for the database's answer
    QHash<quint64, qint64> m_smsJobs; // the sender's job -> command id
};

} // namespace fw
