#include "HistoryReader.h"

#include "AttributesJson.h"
#include "Database.h"
#include "PostgresSampleReader.h"
#include "SqlTime.h"
#include "StorageSchema.h"

#include <QAtomicInt>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace fw {

namespace {
QAtomicInt s_cursorCounter;

} // namespace

HistoryReader::HistoryReader(Database &db)
    : m_db(db)
{ }

QString HistoryReader::timeFilter(const QString &column, qint64 deviceId, TimeMs from, TimeMs to)
{
    // Only integers are inlined (PostgreSQL cursors cannot take bound values).
    QStringList conditions;
    if (deviceId >= 0)
        conditions += u"p.device_id = "_s + QString::number(deviceId);
    if (from != kNoTime)
        conditions += column + u" >= "_s + QString::number(from);
    if (to != kNoTime)
        conditions += column + u" <= "_s + QString::number(to);
    return conditions.isEmpty() ? QString() : u" WHERE "_s + conditions.join(u" AND "_s);
}

bool HistoryReader::stream(const QString &select, const std::function<bool(const QSqlQuery &)> &row)
{
    const QString what = u"cannot read from the database"_s;
    if (!m_db.m_dialect.needsCursorForStreaming()) {
        QSqlQuery q(m_db.connection());
        q.setForwardOnly(true);
        if (!q.exec(select))
            return m_db.fail(what, q);
        while (q.next()) {
            if (!row(q))
                break;
        }
        return true;
    }
    const bool ownTransaction = !m_db.m_inTransaction;
    if (ownTransaction && !m_db.run(u"BEGIN"_s, what))
        return false;
    const QString cursor = u"fw_cursor"_s + QString::number(s_cursorCounter.fetchAndAddRelaxed(1));
    constexpr int kFetch = 2000;
    bool ok = m_db.run(m_db.m_dialect.declareCursor(cursor, select), what);
    bool stop = false;
    while (ok && !stop) {
        QSqlQuery q(m_db.connection());
        q.setForwardOnly(true);
        if (!q.exec(m_db.m_dialect.fetchCursor(cursor, kFetch))) {
            ok = m_db.fail(what, q);
            break;
        }
        int n = 0;
        while (q.next()) {
            ++n;
            if (!row(q)) {
                stop = true;
                break;
            }
        }
        if (n < kFetch)
            break;
    }
    if (ok)
        ok = m_db.run(m_db.m_dialect.closeCursor(cursor), what);
    if (ownTransaction) {
        QSqlQuery q(m_db.connection());
        q.exec(ok ? u"COMMIT"_s : u"ROLLBACK"_s);
    }
    return ok;
}

bool HistoryReader::forEachPosition(
    const QString &uniqueId, TimeMs from, TimeMs to, const PositionCallback &callback)
{
    qint64 id = -1;
    if (!uniqueId.isEmpty() && (id = m_db.deviceId(uniqueId)) < 0)
        return m_db.fail(u"cannot export positions"_s, u"no device \""_s + uniqueId + u"\""_s);
    const QString where = timeFilter(u"p.device_time"_s, id, from, to)
        + u" ORDER BY p.device_time"_s + m_db.m_dialect.nullsFirst() + u", p.id"_s;
    if (m_db.m_native) {
        QString error;
        return m_db.m_native->forEachPosition(uniqueId, id, where, callback, &error)
            || m_db.fail(u"cannot read from the database"_s, error);
    }
    const QString select = u"SELECT d.unique_id, p.device_time, p.server_time, p.valid, "
                           "p.latitude, p.longitude, p.altitude, p.speed_kph, p.course, "
                           "p.satellites, p.accuracy, p.protocol, p.attributes "
                           "FROM positions p JOIN devices d ON d.id = p.device_id"_s
        + where;
    return stream(select, [&](const QSqlQuery &q) { return callback(readPosition(q)); });
}

Position HistoryReader::readPosition(const QSqlQuery &q)
{
    Position p;
    p.uniqueId = q.value(0).toString();
    p.deviceTime = sqlTime(q.value(1));
    p.serverTime = sqlTime(q.value(2));
    p.valid = q.value(3).toBool();
    p.latitude = q.value(4).toDouble();
    p.longitude = q.value(5).toDouble();
    p.altitude = q.value(6).toDouble();
    p.speedKph = q.value(7).toDouble();
    p.course = q.value(8).toDouble();
    p.satellites = q.value(9).isNull() ? -1 : q.value(9).toInt();
    p.accuracy = q.value(10).toDouble();
    p.protocol = q.value(11).toString();
    p.attributes = AttributesJson::read(q.value(12).toString());
    return p;
}

QString HistoryReader::changeFilter(
    const QString &table, qint64 after, qint64 upTo, qint64 deviceId)
{
    QString where = u" WHERE "_s + table + u".change_seq > "_s + QString::number(after) + u" AND "_s
        + table + u".change_seq <= "_s + QString::number(upTo);
    if (deviceId >= 0)
        where += u" AND "_s + table + u".device_id = "_s + QString::number(deviceId);
    return where;
}

bool HistoryReader::forEachChangedPosition(
    qint64 after, qint64 upTo, qint64 deviceId, const ChangedPositionCallback &callback)
{
    const QString select = u"SELECT d.unique_id, p.device_time, p.server_time, p.valid, "
                           "p.latitude, p.longitude, p.altitude, p.speed_kph, p.course, "
                           "p.satellites, p.accuracy, p.protocol, p.attributes, p.change_seq, "
                           "p.node FROM positions p JOIN devices d ON d.id = p.device_id"_s
        + changeFilter(u"p"_s, after, upTo, deviceId) + u" ORDER BY p.change_seq, p.id"_s;
    return stream(select, [&](const QSqlQuery &q) {
        return callback(readPosition(q), q.value(13).toLongLong(), q.value(14).toString());
    });
}

bool HistoryReader::forEachChangedEvent(
    qint64 after, qint64 upTo, qint64 deviceId, const ChangedEventCallback &callback)
{
    const QString select = u"SELECT d.unique_id, p.time, p.type, p.text, p.attributes, "
                           "p.change_seq FROM events p JOIN devices d ON d.id = p.device_id"_s
        + changeFilter(u"p"_s, after, upTo, deviceId) + u" ORDER BY p.change_seq, p.id"_s;
    return stream(select,
        [&](const QSqlQuery &q) { return callback(readEvent(q), q.value(5).toLongLong()); });
}

DeviceEvent HistoryReader::readEvent(const QSqlQuery &q)
{
    DeviceEvent e;
    e.uniqueId = q.value(0).toString();
    e.time = sqlTime(q.value(1));
    e.type = eventTypeFromId(q.value(2).toString());
    e.text = q.value(3).toString();
    e.attributes = AttributesJson::read(q.value(4).toString());
    return e;
}

bool HistoryReader::forEachSample(const QString &uniqueId, TimeMs from, TimeMs to,
    SampleColumns columns, const SampleCallback &callback)
{
    const qint64 id = m_db.deviceId(uniqueId);
    if (id < 0)
        return m_db.fail(u"cannot read positions"_s, u"no device \""_s + uniqueId + u"\""_s);
    const QString where = timeFilter(u"p.device_time"_s, id, from, to)
        + u" ORDER BY p.device_time"_s + m_db.m_dialect.nullsFirst() + u", p.id"_s;
    if (m_db.m_native) {
        QString error;
        return m_db.m_native->forEachSample(where, columns, callback, &error)
            || m_db.fail(u"cannot read from the database"_s, error);
    }
    if (const auto copy = PostgresSampleReader::attach(m_db.connection()); copy) {
        QString error;
        return copy->forEachSample(id, from, to, columns, callback, &error)
            || m_db.fail(u"cannot read from the database"_s, error);
    }
    QByteArray attributes;
    const bool all = columns == SampleColumns::All;
    return stream(u"SELECT p.device_time, "_s + (all ? u"p.valid"_s : u"false"_s)
            + u", p.latitude, p.longitude, "_s + (all ? u"p.altitude"_s : u"0"_s)
            + u", p.speed_kph, p.attributes FROM positions p"_s + where,
        [&](const QSqlQuery &q) {
            TrackSample sample;
            sample.time = sqlTime(q.value(0));
            sample.valid = q.value(1).toBool();
            sample.latitude = q.value(2).toDouble();
            sample.longitude = q.value(3).toDouble();
            sample.altitude = q.value(4).toDouble();
            sample.speedKph = q.value(5).toDouble();
            attributes = q.value(6).toString().toUtf8();
            sample.attributes = attributes;
            return callback(sample);
        });
}

bool HistoryReader::forEachEvent(
    const QString &uniqueId, TimeMs from, TimeMs to, const EventCallback &callback)
{
    qint64 id = -1;
    if (!uniqueId.isEmpty() && (id = m_db.deviceId(uniqueId)) < 0)
        return m_db.fail(u"cannot export events"_s, u"no device \""_s + uniqueId + u"\""_s);
    const QString select = u"SELECT d.unique_id, p.time, p.type, p.text, p.attributes "
                           "FROM events p JOIN devices d ON d.id = p.device_id"_s
        + timeFilter(u"p.time"_s, id, from, to) + u" ORDER BY p.time"_s
        + m_db.m_dialect.nullsFirst() + u", p.id"_s;
    return stream(select, [&](const QSqlQuery &q) { return callback(readEvent(q)); });
}

QList<DeviceActivity> HistoryReader::activities()
{
    return activities(u" ORDER BY d.id"_s);
}

QList<DeviceActivity> HistoryReader::changedActivities(qint64 after, qint64 upTo, qint64 deviceId)
{
    return activities(changeFilter(u"a"_s, after, upTo, deviceId) + u" ORDER BY a.change_seq"_s);
}

QList<DeviceActivity> HistoryReader::activities(const QString &whereAndOrder)
{
    QList<DeviceActivity> list;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT d.unique_id, a.last_packet_at, a.last_fix_at, a.last_fix_received_at, "
                "a.last_position_at, a.latitude, a.longitude, a.speed_kph, a.course, "
                "a.has_location, a.last_gasp, a.connection_end, a.protocol, a.peer, "
                "a.local_port, a.reason_state FROM device_activity a "
                "JOIN devices d ON d.id = a.device_id"_s
            + whereAndOrder)) {
        m_db.fail(u"cannot read device activity"_s, q);
        return list;
    }
    while (q.next()) {
        DeviceActivity a;
        a.uniqueId = q.value(0).toString();
        a.lastPacketAt = sqlTime(q.value(1));
        a.lastFixAt = sqlTime(q.value(2));
        a.lastFixReceivedAt = sqlTime(q.value(3));
        a.lastPositionAt = sqlTime(q.value(4));
        a.latitude = q.value(5).toDouble();
        a.longitude = q.value(6).toDouble();
        a.speedKph = q.value(7).toDouble();
        a.course = q.value(8).toDouble();
        a.hasLocation = q.value(9).toBool();
        a.lastGasp = q.value(10).toBool();
        a.connectionEnd = StorageSchema::connectionEndFromId(q.value(11).toString());
        a.protocol = q.value(12).toString();
        a.peer = q.value(13).toString();
        a.localPort = quint16(q.value(14).toUInt());
        a.reasonState = q.value(15).toString();
        list.append(a);
    }
    return list;
}

qint64 HistoryReader::count(const QString &table, const QString &timeColumn,
    const QString &uniqueId, TimeMs from, TimeMs to)
{
    qint64 id = -1;
    if (!uniqueId.isEmpty() && (id = m_db.deviceId(uniqueId)) < 0)
        return 0;
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"SELECT COUNT(*) FROM "_s + table + u" p"_s + timeFilter(timeColumn, id, from, to))
        || !q.next()) {
        m_db.fail(u"cannot count "_s + table, q);
        return -1;
    }
    return q.value(0).toLongLong();
}

qint64 HistoryReader::positionCount(const QString &uniqueId, TimeMs from, TimeMs to)
{
    return count(u"positions"_s, u"p.device_time"_s, uniqueId, from, to);
}

qint64 HistoryReader::eventCount(const QString &uniqueId, TimeMs from, TimeMs to)
{
    return count(u"events"_s, u"p.time"_s, uniqueId, from, to);
}

qint64 HistoryReader::latestPositionCount()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(m_db.m_dialect.expand(u"SELECT COUNT(*) FROM device_activity WHERE has_location"_s))
        || !q.next()) {
        m_db.fail(u"cannot count latest positions"_s, q);
        return -1;
    }
    return q.value(0).toLongLong();
}

} // namespace fw
