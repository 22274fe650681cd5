#pragma once
// CommandQueueTable: device commands as rows (table `commands`), so any operator's window or
// script can queue one and the node that holds the device's live connection sends it and
// records the outcome. Queuing notifies the nodes on PostgreSQL (NOTIFY fleetwatch_commands,
// delivered at the commit) so they react at once; SQLite has no notifications and nodes poll.
// A status moves forward only (queued -> sent -> replied, or failed / expired), each update
// conditional on the status it expects, so two nodes never both send one command.

#include "util/TimeUtil.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVariantMap>

#include <optional>

namespace fw {

class Database;

struct QueuedCommand
{
    qint64 id = 0;
    QString uniqueId;
    QString type; // commandTypeId(), or "raw" when `encoded` holds the wire bytes
    QVariantMap params; // K=V of the command (interval, host, port, text, ...)
    QString channel; // "gprs" or "sms"
    QByteArray encoded; // ready wire bytes (a window's command); empty: the node encodes
    QString status; // queued, sent, replied, failed, expired
    QString reply;
    QString error;
    QString node; // the node that sent it
    QString createdBy; // the database login (session_user) or, on SQLite, the OS user
    TimeMs createdAt = kNoTime;
    TimeMs sentAt = kNoTime;
    TimeMs finishedAt = kNoTime;
    TimeMs expiresAt = kNoTime;

    bool isFinal() const
    {
        return status == u"replied" || status == u"failed" || status == u"expired";
    }
};

class CommandQueueTable
{
public:
    static QString notifyChannel() { return QStringLiteral("fleetwatch_commands"); }
    static constexpr TimeMs kDefaultLifetime = 10 * kMinute;

    explicit CommandQueueTable(Database &db);

    QString lastError() const { return m_error; }

    // Inserts a queued command (created_by, created_at and expires_at = now + lifetime by the
    // server) and notifies the nodes. Returns its id, or 0 on failure (lastError()).
    qint64 queue(const QueuedCommand &command, TimeMs lifetime = kDefaultLifetime);
    std::optional<QueuedCommand> find(qint64 id);
    // Oldest first; an empty uniqueId: every device. `statuses` empty: any.
    std::optional<QList<QueuedCommand>> list(const QString &uniqueId = {},
        const QStringList &statuses = {}, int limit = 1000);

    // Node side. Each returns whether this call changed the row.
    bool claimSent(qint64 id, const QString &node); // queued -> sent
    // An SMS command: a node with an SMS gateway takes it (still queued, node set, so no other
    // node sends it too), then marks it sent once the gateway accepted it, or failed.
    bool claimSms(qint64 id, const QString &node);
    bool markSmsSent(qint64 id, const QString &node); // queued (taken by node) -> sent
    bool markReplied(qint64 id, const QString &reply); // sent -> replied
    bool markFailed(qint64 id, const QString &node, const QString &error); // queued|sent -> failed
    // queued|sent past their expiry -> expired; the ids changed (empty on error too).
    QList<qint64> expireOverdue();

private:
    bool update(const QString &sql, const QVariantList &values, bool *changed);
    bool notify(qint64 id);

    Database &m_db;
    QString m_error;
};

} // namespace fw
