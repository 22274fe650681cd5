#include "CommandQueueTable.h"

#include "Database.h"
#include "SqlTime.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace fw {

namespace {

const QString kColumns = u"id, unique_id, type, params, channel, encoded, status, reply, error, "
                         "node, created_by, created_at, sent_at, finished_at, expires_at"_s;


QueuedCommand fromRow(const QSqlQuery &q)
{
    QueuedCommand c;
    c.id = q.value(0).toLongLong();
    c.uniqueId = q.value(1).toString();
    c.type = q.value(2).toString();
    c.params = QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object().toVariantMap();
    c.channel = q.value(4).toString();
    c.encoded = QByteArray::fromHex(q.value(5).toString().toLatin1());
    c.status = q.value(6).toString();
    c.reply = q.value(7).toString();
    c.error = q.value(8).toString();
    c.node = q.value(9).toString();
    c.createdBy = q.value(10).toString();
    c.createdAt = sqlTime(q.value(11));
    c.sentAt = sqlTime(q.value(12));
    c.finishedAt = sqlTime(q.value(13));
    c.expiresAt = sqlTime(q.value(14));
    return c;
}

QString osUser()
{
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? qEnvironmentVariable("USERNAME") : user;
}

} // namespace

CommandQueueTable::CommandQueueTable(Database &db)
    : m_db(db)
{ }

qint64 CommandQueueTable::queue(const QueuedCommand &command, TimeMs lifetime)
{
    m_error.clear();
    const qint64 deviceId = m_db.deviceId(command.uniqueId);
    if (deviceId < 0) {
        m_error = m_db.lastError().isEmpty()
            ? QStringLiteral("no device \"%1\"").arg(command.uniqueId)
            : m_db.lastError();
        return 0;
    }
    const bool pg = m_db.dialect().isPostgres();
    const QString now = m_db.dialect().serverNowMs();
    const QString createdBy = pg ? u"CAST(session_user AS TEXT)"_s : u"?"_s;
    QSqlQuery q(m_db.connection());
    q.prepare(u"INSERT INTO commands (device_id, unique_id, type, params, channel, encoded, "
              "status, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', "_s
        + createdBy + u", "_s + now + u", "_s + now + u" + ?)"_s
        + (pg ? u" RETURNING id"_s : QString()));
    q.addBindValue(deviceId);
    q.addBindValue(command.uniqueId);
    q.addBindValue(command.type);
    q.addBindValue(QString::fromUtf8(
        QJsonDocument(QJsonObject::fromVariantMap(command.params)).toJson(QJsonDocument::Compact)));
    q.addBindValue(command.channel);
    q.addBindValue(command.encoded.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                             : QVariant(QString::fromLatin1(command.encoded.toHex())));
    if (!pg)
        q.addBindValue(osUser());
    q.addBindValue(qlonglong(lifetime));
    if (!q.exec()) {
        m_error = q.lastError().text();
        return 0;
    }
    qint64 id = 0;
    if (pg) {
        if (q.next())
            id = q.value(0).toLongLong();
    } else {
        id = q.lastInsertId().toLongLong();
    }
    if (id > 0)
        notify(id);
    return id;
}

std::optional<QueuedCommand> CommandQueueTable::find(qint64 id)
{
    m_error.clear();
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT "_s + kColumns + u" FROM commands WHERE id = ?"_s);
    q.addBindValue(id);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return fromRow(q);
}

std::optional<QList<QueuedCommand>> CommandQueueTable::list(
    const QString &uniqueId, const QStringList &statuses, int limit)
{
    m_error.clear();
    QString sql = u"SELECT "_s + kColumns + u" FROM commands WHERE 1 = 1"_s;
    if (!uniqueId.isEmpty())
        sql += u" AND unique_id = ?"_s;
    if (!statuses.isEmpty()) {
        QStringList marks;
        for (qsizetype i = 0; i < statuses.size(); ++i)
            marks.append(u"?"_s);
        sql += u" AND status IN ("_s + marks.join(u", "_s) + u")"_s;
    }
    sql += u" ORDER BY id LIMIT "_s + QString::number(limit);
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(sql);
    if (!uniqueId.isEmpty())
        q.addBindValue(uniqueId);
    for (const QString &s : statuses)
        q.addBindValue(s);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return std::nullopt;
    }
    QList<QueuedCommand> out;
    while (q.next())
        out.append(fromRow(q));
    return out;
}

bool CommandQueueTable::update(const QString &sql, const QVariantList &values, bool *changed)
{
    m_error.clear();
    QSqlQuery q(m_db.connection());
    q.prepare(sql);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec()) {
        m_error = q.lastError().text();
        *changed = false;
        return false;
    }
    *changed = q.numRowsAffected() > 0;
    return true;
}

bool CommandQueueTable::notify(qint64 id)
{
    if (!m_db.dialect().isPostgres())
        return true;
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT pg_notify(?, ?)"_s);
    q.addBindValue(notifyChannel());
    q.addBindValue(QString::number(id));
    return q.exec();
}

bool CommandQueueTable::claimSent(qint64 id, const QString &node)
{
    bool changed = false;
    update(u"UPDATE commands SET status = 'sent', node = ?, sent_at = "_s
            + m_db.dialect().serverNowMs() + u" WHERE id = ? AND status = 'queued'"_s,
        { node, id }, &changed);
    if (changed)
        notify(id);
    return changed;
}

bool CommandQueueTable::claimSms(qint64 id, const QString &node)
{
    bool changed = false;
    update(u"UPDATE commands SET node = ? WHERE id = ? AND status = 'queued' "
            "AND channel = 'sms' AND node IS NULL"_s,
        { node, id }, &changed);
    return changed;
}

bool CommandQueueTable::markSmsSent(qint64 id, const QString &node)
{
    bool changed = false;
    update(u"UPDATE commands SET status = 'sent', sent_at = "_s + m_db.dialect().serverNowMs()
            + u" WHERE id = ? AND status = 'queued' AND node = ?"_s,
        { id, node }, &changed);
    if (changed)
        notify(id);
    return changed;
}

bool CommandQueueTable::markReplied(qint64 id, const QString &reply)
{
    bool changed = false;
    update(u"UPDATE commands SET status = 'replied', reply = ?, finished_at = "_s
            + m_db.dialect().serverNowMs() + u" WHERE id = ? AND status = 'sent'"_s,
        { reply, id }, &changed);
    if (changed)
        notify(id);
    return changed;
}

bool CommandQueueTable::markFailed(qint64 id, const QString &node, const QString &error)
{
    bool changed = false;
    update(u"UPDATE commands SET status = 'failed', node = ?, error = ?, finished_at = "_s
            + m_db.dialect().serverNowMs()
            + u" WHERE id = ? AND status IN ('queued', 'sent')"_s,
        { node, error, id }, &changed);
    if (changed)
        notify(id);
    return changed;
}

QList<qint64> CommandQueueTable::expireOverdue()
{
    m_error.clear();
    const QString now = m_db.dialect().serverNowMs();
    const QString where = u" WHERE status IN ('queued', 'sent') AND expires_at IS NOT NULL "
                          "AND expires_at < "_s + now;
    QList<qint64> ids;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT id FROM commands"_s + where)) {
        m_error = q.lastError().text();
        return ids;
    }
    while (q.next())
        ids.append(q.value(0).toLongLong());
    if (ids.isEmpty())
        return ids;
    QList<qint64> changed;
    for (const qint64 id : std::as_const(ids)) {
        bool done = false;
        update(u"UPDATE commands SET status = 'expired', finished_at = "_s + now
                + u" WHERE id = ? AND status IN ('queued', 'sent') AND expires_at < "_s + now,
            { id }, &done);
        if (done) {
            changed.append(id);
            notify(id);
        }
    }
    return changed;
}

} // namespace fw
