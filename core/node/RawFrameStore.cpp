#include "RawFrameStore.h"

#include "NodeTr.h"
#include "RawFramesLog.h"
#include "ingest/RawLog.h"
#include "storage/SqlTime.h"
#include "storage/Database.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace fw {

namespace {

constexpr int kRowsPerInsert = 50; // 14 values a row: well under SQLite's 999 parameters
constexpr int kDevicesPerPrune = 500;

const QString kColumns = u"id, node, unique_id, peer, local_port, transport, protocol, "
                         "received_at, outcome, textual, detail, bytes, reply"_s;

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s);
}

QVariant bytesOrNull(const QByteArray &b, qsizetype max)
{
    return b.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(b.left(max));
}

Transport transportFromId(const QString &id)
{
    if (id == u"udp")
        return Transport::Udp;
    if (id == u"http")
        return Transport::Http;
    return Transport::Tcp;
}

} // namespace

RawFrameStore::RawFrameStore(Database &db)
    : m_db(db)
{ }

bool RawFrameStore::fail(const QString &what, const QString &detail)
{
    m_error = detail.isEmpty() ? what : what + u": "_s + detail;
    qCWarning(lcRawFrames).noquote() << m_error;
    return false;
}

bool RawFrameStore::insert(const QList<RawFrame> &frames, const QString &node, const Limits &limits)
{
    m_error.clear();
    if (frames.isEmpty())
        return true;
    if (!m_db.begin())
        return fail(NodeTr::tr("cannot store raw frames"), m_db.lastError());
    const QString row = u"(?, (SELECT d.id FROM devices d WHERE d.unique_id = ?), ?, ?, ?, ?, ?, "
                        "?, ?, ?, ?, ?, ?, ?)"_s;
    QSqlQuery q(m_db.connection());
    for (qsizetype start = 0; start < frames.size(); start += kRowsPerInsert) {
        const qsizetype n = std::min<qsizetype>(kRowsPerInsert, frames.size() - start);
        QString sql = u"INSERT INTO raw_frames (node, device_id, unique_id, peer, local_port, "
                      "transport, protocol, received_at, outcome, pooled, textual, detail, bytes, "
                      "reply) VALUES "_s;
        for (qsizetype i = 0; i < n; ++i)
            sql += (i ? u", "_s : QString()) + row;
        if (!q.prepare(sql)) {
            const QString error = q.lastError().text();
            m_db.rollback();
            return fail(NodeTr::tr("cannot store raw frames"), error);
        }
        for (qsizetype i = start; i < start + n; ++i) {
            const RawFrame &f = frames.at(i);
            q.addBindValue(node);
            q.addBindValue(f.uniqueId); // the device's row, when it has one
            q.addBindValue(textOrNull(f.uniqueId));
            q.addBindValue(textOrNull(f.peer));
            q.addBindValue(qint64(f.localPort));
            q.addBindValue(transportId(f.transport));
            q.addBindValue(textOrNull(f.protocol));
            q.addBindValue(f.time == kNoTime ? QVariant(QMetaType(QMetaType::LongLong))
                                             : QVariant(qint64(f.time)));
            q.addBindValue(frameOutcomeId(f.outcome));
            q.addBindValue(RawLog::isPooled(f));
            q.addBindValue(f.textual);
            q.addBindValue(textOrNull(f.detail.left(1'000)));
            q.addBindValue(bytesOrNull(f.bytes, limits.maxFrameBytes));
            q.addBindValue(bytesOrNull(f.reply, limits.maxFrameBytes));
        }
        if (!q.exec()) {
            const QString error = q.lastError().text();
            q.finish();
            m_db.rollback();
            return fail(NodeTr::tr("cannot store raw frames"), error);
        }
    }
    q.finish();
    // Delivered at the commit, with the rows (the payload is not needed: readers ask for the rows
    // above the last id they hold).
    if (m_db.dialect().isPostgres()
        && !q.exec(u"SELECT pg_notify('"_s + notifyChannel() + u"', '')"_s)) {
        const QString error = q.lastError().text();
        m_db.rollback();
        return fail(NodeTr::tr("cannot store raw frames"), error);
    }
    q.finish();
    if (!m_db.commit())
        return fail(NodeTr::tr("cannot store raw frames"), m_db.lastError());
    return true;
}

qint64 RawFrameStore::prune(const QStringList &uniqueIds, const Limits &limits)
{
    m_error.clear();
    qint64 deleted = 0;
    QSqlQuery q(m_db.connection());
    const auto run = [&](const QString &sql, const QVariantList &values) {
        if (!q.prepare(sql))
            return fail(NodeTr::tr("cannot prune raw frames"), q.lastError().text());
        for (const QVariant &v : values)
            q.addBindValue(v);
        if (!q.exec())
            return fail(NodeTr::tr("cannot prune raw frames"), q.lastError().text());
        deleted += std::max(0, q.numRowsAffected());
        q.finish();
        return true;
    };
    // Each statement on its own: a prune that stops half-way leaves a consistent table.
    for (qsizetype start = 0; start < uniqueIds.size(); start += kDevicesPerPrune) {
        const QStringList chunk = uniqueIds.mid(start, kDevicesPerPrune);
        QString marks;
        for (qsizetype i = 0; i < chunk.size(); ++i)
            marks += i ? u", ?"_s : u"?"_s;
        QVariantList values { false };
        for (const QString &id : chunk)
            values.append(id);
        values << false << qint64(std::max(1, limits.perDevice) - 1);
        // The newest perDevice rows of each device stay: older ones are below the id of the
        // perDevice-th newest (NULL, so nothing, when it has fewer).
        if (!run(u"DELETE FROM raw_frames WHERE pooled = ? AND device_id IN (SELECT d.id FROM "
                 "devices d WHERE d.unique_id IN ("_s
                    + marks
                    + u")) AND id < (SELECT x.id FROM raw_frames x WHERE x.device_id = "
                      "raw_frames.device_id AND x.pooled = ? ORDER BY x.id DESC LIMIT 1 "
                      "OFFSET ?)"_s,
                values))
            return -1;
    }
    if (!run(u"DELETE FROM raw_frames WHERE pooled = ? AND id < (SELECT x.id FROM raw_frames x "
             "WHERE x.pooled = ? ORDER BY x.id DESC LIMIT 1 OFFSET ?)"_s,
            { true, true, qint64(std::max(1, limits.poolRows) - 1) }))
        return -1;
    return deleted;
}

std::optional<QList<RawFrameStore::Stored>> RawFrameStore::select(
    const QString &sql, const QVariantList &values)
{
    m_error.clear();
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        fail(NodeTr::tr("cannot read raw frames"), q.lastError().text());
        return std::nullopt;
    }
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec()) {
        fail(NodeTr::tr("cannot read raw frames"), q.lastError().text());
        return std::nullopt;
    }
    QList<Stored> out;
    while (q.next()) {
        Stored s;
        s.id = q.value(0).toLongLong();
        s.node = q.value(1).toString();
        RawFrame &f = s.frame;
        f.uniqueId = q.value(2).toString();
        f.peer = q.value(3).toString();
        f.localPort = static_cast<quint16>(q.value(4).toUInt());
        f.transport = transportFromId(q.value(5).toString());
        f.protocol = q.value(6).toString();
        f.time = sqlTime(q.value(7));
        if (!frameOutcomeFromId(q.value(8).toString(), &f.outcome))
            f.outcome = FrameOutcome::Undecoded;
        f.textual = q.value(9).toBool();
        f.detail = q.value(10).toString();
        f.bytes = q.value(11).toByteArray();
        f.reply = q.value(12).toByteArray();
        out.append(std::move(s));
    }
    return out;
}

std::optional<QList<RawFrameStore::Stored>> RawFrameStore::newest(int limit)
{
    std::optional<QList<Stored>> rows = select(u"SELECT "_s + kColumns
            + u" FROM raw_frames ORDER BY id DESC LIMIT ?"_s,
        { qint64(limit) });
    if (rows)
        std::reverse(rows->begin(), rows->end());
    return rows;
}

std::optional<QList<RawFrameStore::Stored>> RawFrameStore::after(qint64 afterId, int limit)
{
    return select(u"SELECT "_s + kColumns + u" FROM raw_frames WHERE id > ? ORDER BY id LIMIT ?"_s,
        { afterId, qint64(limit) });
}

qint64 RawFrameStore::count()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"SELECT COUNT(*) FROM raw_frames"_s) || !q.next()) {
        fail(NodeTr::tr("cannot read raw frames"), q.lastError().text());
        return -1;
    }
    return q.value(0).toLongLong();
}

} // namespace fw
