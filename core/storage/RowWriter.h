#pragma once
// RowWriter: the batch write path of one open Database, inside the writer's transaction:
// positions, events and device activity, resolved to device ids (rows of unregistered devices
// are skipped and counted), then written through SqliteNative when it is attached, positions
// through PostgresCopyWriter (binary COPY) on PostgreSQL, and as multi-row Qt SQL statements
// otherwise. On PostgreSQL every row also carries the transaction's change sequence
// (Database::stampChange()), positions the id of the node that stored them. Database's write
// methods hand their work to it.

#include "domain/DeviceActivity.h"
#include "domain/DeviceEvent.h"
#include "domain/Position.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace fw {

class Database;

class RowWriter
{
public:
    explicit RowWriter(Database &db);

    bool insertPositions(const QList<const QList<Position> *> &parts, qsizetype *skipped);
    bool insertEvents(const QList<DeviceEvent> &events, qsizetype *skipped);
    bool upsertActivity(const QList<DeviceActivity> &activities, qsizetype *skipped);

private:
    // On PostgreSQL: the transaction's change sequence (and, for positions, the node) after a
    // row's other values.
    void appendChange(QString &sql, bool withNode) const;
    bool writeRows(const QString &table, const QStringList &columns, const QString &upsertKey,
        int rows, const std::function<void(QString &sql, int row)> &appendRow);

    Database &m_db;
};

} // namespace fw
