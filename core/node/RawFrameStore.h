#pragma once
// RawFrameStore: the raw_frames table of a shared database (schema version 5), the bounded ring
// of raw frames the nodes keep so that a connected window's raw console, troubleshooter and
// diagnosis see what the devices sent. Nodes insert in batches and prune in batches (the last
// `perDevice` frames of each device, plus one pool of undecoded, unknown-device and id-less
// frames capped at `poolRows`; bytes are cut to `maxFrameBytes` on the way in, so the table's
// size is bounded by rows times that); windows read by id. One connection, used on the thread
// that owns it. Row-level security decides what a limited login reads (AccessControl: rows of
// its groups' devices only, so no unknown-device frame).

#include "ingest/RawFrame.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace fw {

class Database;

class RawFrameStore
{
public:
    struct Limits
    {
        int perDevice = 20; // frames kept of each registered device
        int poolRows = 2'000; // undecoded, unknown-device and id-less frames kept in all
        qsizetype maxFrameBytes = 1'024; // of a frame's bytes and of its reply, each
    };
    struct Stored
    {
        qint64 id = 0;
        QString node;
        RawFrame frame;
    };

    explicit RawFrameStore(Database &db);

    static QString notifyChannel() { return QStringLiteral("fleetwatch_raw_frames"); }

    // One transaction, multi-row inserts; a frame's device is looked up by its unique id. On
    // PostgreSQL the commit also notifies notifyChannel(), so followers read at once.
    bool insert(const QList<RawFrame> &frames, const QString &node, const Limits &limits);
    // Deletes what is beyond the limits: of the devices `uniqueIds` (those that got frames since
    // the last prune), and of the pool. Returns the rows deleted, -1 on error.
    qint64 prune(const QStringList &uniqueIds, const Limits &limits);
    // The newest `limit` rows this login may read, oldest first.
    std::optional<QList<Stored>> newest(int limit);
    // Rows with an id above `afterId`, in id order, at most `limit`.
    std::optional<QList<Stored>> after(qint64 afterId, int limit);
    qint64 count(); // rows this login may read; -1 on error

    QString lastError() const { return m_error; }

private:
    std::optional<QList<Stored>> select(const QString &sql, const QVariantList &values);
    bool fail(const QString &what, const QString &detail);

    Database &m_db;
    QString m_error;
};

} // namespace fw
