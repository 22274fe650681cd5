#include "ChangeSnapshot.h"

#include "Database.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace fw {

ChangeSnapshot::ChangeSnapshot(Database &db)
    : m_db(db)
{
    if (m_db.m_inTransaction) {
        m_error = u"a transaction is already open on this connection"_s;
        return;
    }
    QSqlQuery q(m_db.connection());
    const QString begin = m_db.dialect().isPostgres()
        ? u"BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s
        : u"BEGIN"_s; // SQLite: a read transaction is a snapshot (WAL)
    if (!q.exec(begin)) {
        m_error = q.lastError().text();
        return;
    }
    m_open = true;
    m_db.m_inTransaction = true; // HistoryReader's cursors join it instead of committing it
}

ChangeSnapshot::~ChangeSnapshot()
{
    if (!m_open)
        return;
    m_db.m_inTransaction = false;
    QSqlQuery q(m_db.connection());
    q.exec(u"ROLLBACK"_s);
}

qint64 ChangeSnapshot::reached()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"SELECT seq FROM change_sequence WHERE id = 1"_s)) {
        m_error = q.lastError().text();
        return -1;
    }
    return q.next() ? q.value(0).toLongLong() : 0;
}

qint64 ChangeSnapshot::serverNow()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"SELECT "_s + m_db.dialect().serverNowMs()) || !q.next()) {
        m_error = q.lastError().text();
        return -1;
    }
    return q.value(0).toLongLong();
}

} // namespace fw
