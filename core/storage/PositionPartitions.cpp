#include "PositionPartitions.h"

#include "Database.h"
#include "StorageLog.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace fw {

PositionPartitions::PositionPartitions(Database &db)
    : m_db(db)
{ }

bool PositionPartitions::applies() const
{
    return m_db.dialect().isPostgres();
}

TimeMs PositionPartitions::monthStart(TimeMs t)
{
    const QDate day = QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).date();
    return QDateTime(QDate(day.year(), day.month(), 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
}

TimeMs PositionPartitions::nextMonthStart(TimeMs t)
{
    const QDate day = QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).date();
    return QDateTime(QDate(day.year(), day.month(), 1).addMonths(1), QTime(0, 0), Qt::UTC)
        .toMSecsSinceEpoch();
}

int PositionPartitions::call(const QString &function, TimeMs argument, const QString &what)
{
    m_error.clear();
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT "_s + function + u"(?)"_s);
    q.addBindValue(qlonglong(argument));
    if (!q.exec() || !q.next()) {
        m_error = what + u": "_s + q.lastError().text();
        qCWarning(lcStorage).noquote() << m_error;
        return -1;
    }
    return q.value(0).toInt(); // a boolean reads as 0 or 1
}

int PositionPartitions::ensureAhead(TimeMs now)
{
    if (!applies())
        return 0;
    int created = 0;
    for (const TimeMs month : { monthStart(now), nextMonthStart(now) }) {
        const int n = call(u"fleetwatch_ensure_position_partition"_s, month,
            u"cannot create the positions partition of "_s
                + QDateTime::fromMSecsSinceEpoch(month, Qt::UTC).toString(u"yyyy-MM"_s));
        if (n < 0)
            return -1;
        created += n;
    }
    if (created > 0)
        qCInfo(lcStorage).noquote() << "created" << created << "monthly positions partition(s)";
    return created;
}

int PositionPartitions::dropBefore(TimeMs cutoff)
{
    if (!applies())
        return 0;
    const int dropped = call(u"fleetwatch_drop_position_partitions"_s, cutoff,
        u"cannot drop the positions partitions before "_s + toIso(cutoff));
    if (dropped > 0)
        qCInfo(lcStorage).noquote() << "retention dropped" << dropped
                                    << "monthly positions partition(s) before" << toIso(cutoff);
    return dropped;
}

} // namespace fw
