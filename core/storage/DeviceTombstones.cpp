#include "DeviceTombstones.h"

#include "Database.h"

#include <QSqlError>
#include <QSqlQuery>

namespace fw {

DeviceTombstones::DeviceTombstones(Database &db)
    : m_db(db)
{ }

bool DeviceTombstones::record(qint64 deviceId, const QString &uniqueId, qint64 removedAt)
{
    m_error.clear();
    if (!m_db.dialect().isPostgres())
        return true;
    if (!m_db.stampChange()) {
        m_error = m_db.lastError();
        return false;
    }
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO removed_devices (unique_id, group_name, change_seq, "
                             "removed_at) SELECT ?, group_name, ?, ? FROM devices WHERE id = ?"));
    q.addBindValue(uniqueId);
    q.addBindValue(m_db.changeSeq());
    q.addBindValue(removedAt);
    q.addBindValue(deviceId);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return false;
    }
    return true;
}

std::optional<QStringList> DeviceTombstones::removedBetween(qint64 after, qint64 upTo)
{
    m_error.clear();
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT unique_id FROM removed_devices WHERE change_seq > ? "
                             "AND change_seq <= ? ORDER BY change_seq"));
    q.addBindValue(after);
    q.addBindValue(upTo);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return std::nullopt;
    }
    QStringList ids;
    while (q.next())
        ids.append(q.value(0).toString());
    return ids;
}

} // namespace fw
