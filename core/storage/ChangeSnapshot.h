#pragma once
// ChangeSnapshot: one consistent view of the database for a reader that follows changes
// (`fleetwatch watch`, a connected window): a read-only REPEATABLE READ transaction on
// PostgreSQL, so the change sequence reached and the rows read with it (HistoryReader's
// changed* reads, AlertStore::alertsChanged()) all come from the same moment. Change groups
// take their numbers in commit order (Database::stampChange()), so "after S up to reached()"
// read in one snapshot misses nothing and repeats nothing. Lasts one catch-up read.

#include <QString>

namespace fw {

class Database;

class ChangeSnapshot
{
public:
    explicit ChangeSnapshot(Database &db); // begins the transaction
    ~ChangeSnapshot(); // ends it (read only: nothing to keep)
    ChangeSnapshot(const ChangeSnapshot &) = delete;
    ChangeSnapshot &operator=(const ChangeSnapshot &) = delete;

    bool isValid() const { return m_open; }
    QString lastError() const { return m_error; }
    // The last change sequence number committed as this snapshot sees it; -1 on error.
    qint64 reached();
    // The server's clock now (ms since the epoch); kNoTime-like -1 on error.
    qint64 serverNow();

private:
    Database &m_db;
    bool m_open = false;
    QString m_error;
};

} // namespace fw
