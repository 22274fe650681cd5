#pragma once
// PositionPartitions: on PostgreSQL positions is partitioned by calendar month (UTC) of
// device_time (schema migration 6), so retention drops a whole month instead of deleting its
// rows one by one, and a track read touches only the months it spans. This creates the
// partitions ahead of time (this month and the next, so rows rarely land in positions_default)
// and drops the ones past the retention cut-off. Both go through SECURITY DEFINER functions of
// the database owner, so a node login (fleetwatch_node) may call them, and several nodes may
// race safely. On SQLite every call is a no-op that succeeds.

#include "util/TimeUtil.h"

#include <QString>

namespace fw {

class Database;

class PositionPartitions
{
public:
    explicit PositionPartitions(Database &db);

    bool applies() const; // PostgreSQL

    // Ensures the partitions of the month of `now` and of the next month exist. Returns how
    // many it created (0 when they were there), -1 on error (see lastError()). Runs in its own
    // transaction: call it outside one.
    int ensureAhead(TimeMs now);
    // Drops every monthly partition that ends at or before `cutoff`; rows at or after the
    // cut-off are never touched (the month straddling it and positions_default are left to
    // row deletes). Returns how many partitions it dropped, -1 on error.
    int dropBefore(TimeMs cutoff);

    // The first millisecond of the UTC month of `t`, and of the month after it.
    static TimeMs monthStart(TimeMs t);
    static TimeMs nextMonthStart(TimeMs t);

    QString lastError() const { return m_error; }

private:
    int call(const QString &function, TimeMs argument, const QString &what);

    Database &m_db;
    QString m_error;
};

} // namespace fw
