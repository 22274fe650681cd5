#include "RowWriter.h"

#include "AttributesJson.h"
#include "Database.h"
#include "PostgresCopyWriter.h"
#include "StorageLog.h"
#include "StorageSchema.h"

#include <QSet>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace fw {

RowWriter::RowWriter(Database &db)
    : m_db(db)
{ }

bool RowWriter::writeRows(const QString &table, const QStringList &columns,
    const QString &upsertKey, int rows, const std::function<void(QString &, int)> &appendRow)
{
    const QString prefix = m_db.m_dialect.insertPrefix(table, columns);
    const QString suffix
        = upsertKey.isEmpty() ? QString() : m_db.m_dialect.upsertSuffix(columns, upsertKey);
    QString sql;
    QSqlQuery q(m_db.connection());
    for (int start = 0; start < rows; start += Database::kRowsPerStatement) {
        const int n = std::min(Database::kRowsPerStatement, rows - start);
        sql.clear();
        sql += prefix;
        for (int r = 0; r < n; ++r) {
            sql += r == 0 ? u"("_s : u",("_s;
            appendRow(sql, start + r);
            sql += u')';
        }
        sql += suffix;
        if (!q.exec(sql))
            return m_db.fail(u"cannot write "_s + table, q);
    }
    return true;
}

void RowWriter::appendChange(QString &sql, bool withNode) const
{
    sql += u',';
    if (m_db.m_changeSeq > 0)
        SqlDialect::appendInt(sql, m_db.m_changeSeq);
    else
        SqlDialect::appendNull(sql);
    if (withNode) {
        sql += u',';
        SqlDialect::appendText(sql, m_db.m_nodeId.isEmpty() ? QString() : m_db.m_nodeId);
    }
}

bool RowWriter::insertPositions(const QList<const QList<Position> *> &parts, qsizetype *skipped)
{
    // Resolve device ids first. Submissions hold runs of one device, so the previous row's id is
    // tried before the cache (a pointer compare when ingest shares the id string).
    QList<SqliteNative::PositionRow> &rows = m_db.m_positionRows;
    rows.clear(); // keeps the capacity
    qsizetype total = 0;
    QSet<QString> unknown;
    const QString *lastKey = nullptr;
    qint64 lastId = -1;
    for (const QList<Position> *part : parts) {
        total += part->size();
        for (const Position &p : *part) {
            const bool same = lastKey
                && ((lastKey->constData() == p.uniqueId.constData()
                        && lastKey->size() == p.uniqueId.size())
                    || *lastKey == p.uniqueId);
            if (!same) {
                lastKey = &p.uniqueId;
                lastId = unknown.contains(p.uniqueId) ? -1 : m_db.deviceId(p.uniqueId);
                if (lastId < 0)
                    unknown.insert(p.uniqueId);
            }
            if (lastId >= 0)
                rows.append(SqliteNative::PositionRow { lastId, &p });
        }
    }
    if (skipped)
        *skipped = total - rows.size();
    if (!unknown.isEmpty()) {
        qCWarning(lcStorage).noquote()
            << "skipped" << total - rows.size() << "positions of unregistered devices, e.g."
            << *unknown.cbegin();
    }
    if (m_db.m_native) {
        QString error;
        return m_db.m_native->writePositions(rows, &error)
            || m_db.fail(u"cannot write positions"_s, error);
    }
    if (m_db.m_pgCopy) {
        QString error;
        return m_db.m_pgCopy->writePositions(rows, m_db.m_changeSeq, m_db.m_nodeId, &error)
            || m_db.fail(u"cannot write positions (COPY)"_s, error);
    }
    QString json;
    const SqlDialect &d = m_db.m_dialect;
    const bool changes = d.isPostgres(); // the change_seq and node columns
    return writeRows(u"positions"_s,
        StorageSchema::positionColumns()
            + (changes ? StorageSchema::positionChangeColumns() : QStringList()),
        {}, int(rows.size()), [&](QString &sql, int row) {
            const Position &p = *rows.at(row).position;
            d.appendInt(sql, rows.at(row).deviceId);
            sql += u',';
            d.appendTime(sql, p.deviceTime);
            sql += u',';
            d.appendTime(sql, p.serverTime);
            sql += u',';
            d.appendBool(sql, p.valid);
            for (double v : { p.latitude, p.longitude, p.altitude, p.speedKph, p.course }) {
                sql += u',';
                d.appendReal(sql, v);
            }
            sql += u',';
            if (p.satellites < 0)
                d.appendNull(sql);
            else
                d.appendInt(sql, p.satellites);
            sql += u',';
            d.appendReal(sql, p.accuracy);
            sql += u',';
            d.appendText(sql, p.protocol);
            sql += u',';
            if (p.attributes.isEmpty()) {
                d.appendNull(sql);
            } else {
                json.clear();
                AttributesJson::append(json, p.attributes);
                d.appendText(sql, json);
            }
            if (changes)
                appendChange(sql, true);
        });
}

bool RowWriter::insertEvents(const QList<DeviceEvent> &events, qsizetype *skipped)
{
    QList<qint64> ids;
    QList<const DeviceEvent *> rows;
    for (const DeviceEvent &e : events) {
        const qint64 id = m_db.deviceId(e.uniqueId);
        if (id < 0)
            continue;
        ids.append(id);
        rows.append(&e);
    }
    if (skipped)
        *skipped = events.size() - rows.size();
    if (rows.size() != events.size()) {
        qCWarning(lcStorage).noquote()
            << "skipped" << events.size() - rows.size() << "events of unregistered devices";
    }
    if (m_db.m_native) {
        QList<SqliteNative::EventRow> native;
        native.reserve(rows.size());
        for (qsizetype i = 0; i < rows.size(); ++i)
            native.append(SqliteNative::EventRow { ids.at(i), rows.at(i) });
        QString error;
        return m_db.m_native->writeEvents(native, &error)
            || m_db.fail(u"cannot write events"_s, error);
    }
    const SqlDialect &d = m_db.m_dialect;
    const bool changes = d.isPostgres();
    return writeRows(u"events"_s,
        StorageSchema::eventColumns() + (changes ? QStringList { u"change_seq"_s } : QStringList()),
        {}, int(rows.size()), [&](QString &sql, int row) {
            const DeviceEvent &e = *rows.at(row);
            d.appendInt(sql, ids.at(row));
            sql += u',';
            d.appendTime(sql, e.time);
            sql += u',';
            d.appendText(sql, eventTypeId(e.type));
            sql += u',';
            d.appendText(sql, e.text);
            sql += u',';
            if (e.attributes.isEmpty())
                d.appendNull(sql);
            else
                d.appendText(sql, AttributesJson::write(e.attributes));
            if (changes)
                appendChange(sql, false);
        });
}

bool RowWriter::upsertActivity(const QList<DeviceActivity> &activities, qsizetype *skipped)
{
    // One row per device and statement (PostgreSQL refuses to update a row twice in one
    // statement): the last update of a device wins.
    QHash<qint64, qsizetype> latest;
    QList<qint64> order;
    qsizetype unknown = 0;
    for (qsizetype i = 0; i < activities.size(); ++i) {
        const qint64 id = m_db.deviceId(activities.at(i).uniqueId);
        if (id < 0) {
            ++unknown;
            continue;
        }
        if (!latest.contains(id))
            order.append(id);
        latest.insert(id, i);
    }
    if (skipped)
        *skipped = unknown;
    if (m_db.m_native) {
        QList<SqliteNative::ActivityRow> native;
        native.reserve(order.size());
        for (const qint64 id : std::as_const(order))
            native.append(SqliteNative::ActivityRow { id, &activities.at(latest.value(id)) });
        QString error;
        return m_db.m_native->writeActivities(native, &error)
            || m_db.fail(u"cannot write device_activity"_s, error);
    }
    const SqlDialect &d = m_db.m_dialect;
    const bool changes = d.isPostgres();
    return writeRows(u"device_activity"_s,
        StorageSchema::activityColumns()
            + (changes ? QStringList { u"change_seq"_s } : QStringList()),
        u"device_id"_s, int(order.size()), [&](QString &sql, int row) {
            const qint64 id = order.at(row);
            const DeviceActivity &a = activities.at(latest.value(id));
            d.appendInt(sql, id);
            for (TimeMs t :
                { a.lastPacketAt, a.lastFixAt, a.lastFixReceivedAt, a.lastPositionAt }) {
                sql += u',';
                d.appendTime(sql, t);
            }
            for (double v : { a.latitude, a.longitude, a.speedKph, a.course }) {
                sql += u',';
                d.appendReal(sql, v);
            }
            sql += u',';
            d.appendBool(sql, a.hasLocation);
            sql += u',';
            d.appendBool(sql, a.lastGasp);
            sql += u',';
            d.appendText(sql, StorageSchema::connectionEndId(a.connectionEnd));
            sql += u',';
            d.appendText(sql, a.protocol);
            sql += u',';
            d.appendText(sql, a.peer);
            sql += u',';
            d.appendInt(sql, a.localPort);
            sql += u',';
            d.appendText(sql, a.reasonState);
            if (changes)
                appendChange(sql, false);
        });
}

} // namespace fw
