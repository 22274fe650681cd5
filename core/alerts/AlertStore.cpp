#include "AlertStore.h"

#include "AlertsLog.h"
#include "AlertsTr.h"
#include "storage/Database.h"
#include "storage/SqlTime.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace fw {

namespace {
const QString kVersionKey = QStringLiteral("alerts.configVersion");

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject parseObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QVariant timeValue(TimeMs t)
{
    return t == kNoTime ? QVariant(QMetaType::fromType<qint64>()) : QVariant(t);
}


QString targetsText(const QStringList &targets)
{
    QJsonArray a;
    for (const QString &t : targets)
        a.append(t);
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

QStringList targetsFrom(const QString &text)
{
    QStringList out;
    for (const QJsonValue &v : QJsonDocument::fromJson(text.toUtf8()).array())
        out.append(v.toString());
    return out;
}
} // namespace

AlertStore::AlertStore(Database &db)
    : m_db(db)
{
}

bool AlertStore::fail(const QString &what, const QString &detail)
{
    m_lastError = detail.isEmpty() ? what : what + QStringLiteral(": ") + detail;
    qCWarning(lcAlerts).noquote() << m_lastError;
    if (m_db.inTransaction())
        m_db.rollback();
    return false;
}

bool AlertStore::nameTaken(const QString &table, const QString &name, bool *taken)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT 1 FROM %1 WHERE name = ?").arg(table));
    q.addBindValue(name);
    if (!q.exec())
        return fail(AlertsTr::tr("cannot read %1").arg(table), q.lastError().text());
    *taken = q.next();
    return true;
}

bool AlertStore::bumpConfigVersion()
{
    const auto current = configVersion();
    if (!current)
        return false;
    if (!m_db.setSetting(kVersionKey, QString::number(*current + 1)))
        return fail(AlertsTr::tr("cannot record the change"), m_db.lastError());
    return true;
}

std::optional<qint64> AlertStore::configVersion()
{
    const std::optional<QString> v = m_db.setting(kVersionKey);
    if (!v && !m_db.lastError().isEmpty() && !m_db.isOpen()) {
        fail(AlertsTr::tr("cannot read the configuration version"), m_db.lastError());
        return std::nullopt;
    }
    return v ? v->toLongLong() : 0;
}

bool AlertStore::addGeofences(const QList<Geofence> &geofences)
{
    if (!m_db.begin())
        return fail(AlertsTr::tr("cannot add geofences"), m_db.lastError());
    for (const Geofence &g : geofences) {
        bool taken = false;
        if (!nameTaken(QStringLiteral("geofences"), g.name, &taken))
            return false;
        if (taken)
            return fail(AlertsTr::tr("a geofence named \"%1\" exists already").arg(g.name), {});
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral("INSERT INTO geofences (name, kind, definition, "
                                 "speed_limit_kph, group_name, created_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?)"));
        q.addBindValue(g.name);
        q.addBindValue(Geofence::kindId(g.kind));
        q.addBindValue(compact(g.definitionJson()));
        q.addBindValue(g.speedLimitKph);
        q.addBindValue(g.group);
        q.addBindValue(QDateTime::currentMSecsSinceEpoch());
        if (!q.exec())
            return fail(AlertsTr::tr("cannot add geofence \"%1\"").arg(g.name),
                        q.lastError().text());
    }
    if (!bumpConfigVersion())
        return false;
    if (!m_db.commit())
        return fail(AlertsTr::tr("cannot add geofences"), m_db.lastError());
    return true;
}

std::optional<QList<Geofence>> AlertStore::geofences()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT id, name, kind, definition, speed_limit_kph, group_name "
                               "FROM geofences ORDER BY id"))) {
        fail(AlertsTr::tr("cannot read geofences"), q.lastError().text());
        return std::nullopt;
    }
    QList<Geofence> out;
    while (q.next()) {
        Geofence g;
        g.id = q.value(0).toLongLong();
        g.name = q.value(1).toString();
        const auto kind = Geofence::kindFromId(q.value(2).toString());
        if (!kind || !g.setDefinition(parseObject(q.value(3).toString()))) {
            qCWarning(lcAlerts) << "geofence" << g.name << "has an unreadable definition";
            continue;
        }
        g.kind = *kind;
        g.speedLimitKph = q.value(4).toDouble();
        g.group = q.value(5).toString();
        out.append(g);
    }
    return out;
}

bool AlertStore::removeGeofence(const QString &name, bool *found)
{
    if (!m_db.begin())
        return fail(AlertsTr::tr("cannot remove geofence"), m_db.lastError());
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM geofences WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        return fail(AlertsTr::tr("cannot remove geofence \"%1\"").arg(name), q.lastError().text());
    *found = q.numRowsAffected() > 0;
    if (*found && !bumpConfigVersion())
        return false;
    if (!m_db.commit())
        return fail(AlertsTr::tr("cannot remove geofence"), m_db.lastError());
    return true;
}

bool AlertStore::addRule(const AlertRule &rule)
{
    if (!m_db.begin())
        return fail(AlertsTr::tr("cannot add the rule"), m_db.lastError());
    bool taken = false;
    if (!nameTaken(QStringLiteral("alert_rules"), rule.name, &taken))
        return false;
    if (taken)
        return fail(AlertsTr::tr("a rule named \"%1\" exists already").arg(rule.name), {});
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO alert_rules (name, type, parameters, targets, "
                             "created_at) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(rule.name);
    q.addBindValue(AlertRule::typeId(rule.type));
    q.addBindValue(compact(rule.toJson()));
    q.addBindValue(targetsText(rule.targets));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec())
        return fail(AlertsTr::tr("cannot add rule \"%1\"").arg(rule.name), q.lastError().text());
    if (!bumpConfigVersion())
        return false;
    if (!m_db.commit())
        return fail(AlertsTr::tr("cannot add the rule"), m_db.lastError());
    return true;
}

std::optional<QList<AlertRule>> AlertStore::rules()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT id, name, parameters, targets FROM alert_rules "
                               "ORDER BY id"))) {
        fail(AlertsTr::tr("cannot read rules"), q.lastError().text());
        return std::nullopt;
    }
    QList<AlertRule> out;
    while (q.next()) {
        std::optional<AlertRule> r = AlertRule::fromJson(parseObject(q.value(2).toString()));
        if (!r) {
            qCWarning(lcAlerts) << "rule" << q.value(1).toString() << "is unreadable";
            continue;
        }
        r->id = q.value(0).toLongLong();
        r->name = q.value(1).toString();
        r->targets = targetsFrom(q.value(3).toString());
        out.append(*r);
    }
    return out;
}

bool AlertStore::removeRule(const QString &name, bool *found)
{
    if (!m_db.begin())
        return fail(AlertsTr::tr("cannot remove the rule"), m_db.lastError());
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM alert_rules WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        return fail(AlertsTr::tr("cannot remove rule \"%1\"").arg(name), q.lastError().text());
    *found = q.numRowsAffected() > 0;
    if (*found && !bumpConfigVersion())
        return false;
    if (!m_db.commit())
        return fail(AlertsTr::tr("cannot remove the rule"), m_db.lastError());
    return true;
}

bool AlertStore::insertAlerts(QList<Alert> &alerts)
{
    if (alerts.isEmpty())
        return true;
    const bool own = !m_db.inTransaction();
    if (own && !m_db.begin())
        return fail(AlertsTr::tr("cannot store alerts"), m_db.lastError());
    // One change sequence number for the alerts of this transaction (shared deployments).
    if (!m_db.stampChange()) {
        const QString error = m_db.lastError();
        if (own)
            m_db.rollback();
        return fail(AlertsTr::tr("cannot store alerts"), error);
    }
    const QVariant changeSeq = m_db.changeSeq() > 0 ? QVariant(m_db.changeSeq())
                                                    : QVariant(QMetaType::fromType<qlonglong>());
    QList<Alert> fresh;
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "INSERT INTO alerts (dedupe_key, rule, type, unique_id, time, text, geofence, latitude, "
        "longitude, targets, created_at, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id"));
    for (Alert &a : alerts) {
        q.addBindValue(a.key());
        q.addBindValue(a.rule);
        q.addBindValue(a.type);
        q.addBindValue(a.uniqueId);
        q.addBindValue(timeValue(a.time));
        q.addBindValue(a.text);
        q.addBindValue(a.geofence);
        q.addBindValue(a.hasPosition ? QVariant(a.latitude) : QVariant(QMetaType::fromType<double>()));
        q.addBindValue(a.hasPosition ? QVariant(a.longitude) : QVariant(QMetaType::fromType<double>()));
        q.addBindValue(targetsText(a.targets));
        q.addBindValue(QDateTime::currentMSecsSinceEpoch());
        q.addBindValue(changeSeq);
        if (!q.exec())
            return fail(AlertsTr::tr("cannot store alerts"), q.lastError().text());
        if (q.next()) {
            a.id = q.value(0).toLongLong();
            fresh.append(a);
        }
        q.finish();
    }
    if (own && !m_db.commit())
        return fail(AlertsTr::tr("cannot store alerts"), m_db.lastError());
    alerts = fresh;
    return true;
}

std::optional<QList<Alert>> AlertStore::alerts(const QString &uniqueId, TimeMs from, TimeMs to)
{
    QString where = QStringLiteral(" WHERE 1 = 1");
    QVariantList binds;
    if (!uniqueId.isEmpty()) {
        where += QStringLiteral(" AND unique_id = ?");
        binds << uniqueId;
    }
    if (from != kNoTime) {
        where += QStringLiteral(" AND time >= ?");
        binds << from;
    }
    if (to != kNoTime) {
        where += QStringLiteral(" AND time <= ?");
        binds << to;
    }
    return query(where + QStringLiteral(" ORDER BY time, id"), binds);
}

std::optional<QList<Alert>> AlertStore::alertsChanged(
    qint64 after, qint64 upTo, const QString &uniqueId)
{
    QString where = QStringLiteral(" WHERE change_seq > ? AND change_seq <= ?");
    QVariantList binds { after, upTo };
    if (!uniqueId.isEmpty()) {
        where += QStringLiteral(" AND unique_id = ?");
        binds << uniqueId;
    }
    return query(where + QStringLiteral(" ORDER BY change_seq, id"), binds);
}

std::optional<QList<Alert>> AlertStore::query(const QString &whereAndOrder,
                                              const QVariantList &binds)
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT id, rule, type, unique_id, time, text, geofence, latitude, longitude, targets, "
        "acknowledged_by, acknowledged_at, note FROM alerts") + whereAndOrder);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec()) {
        fail(AlertsTr::tr("cannot read alerts"), q.lastError().text());
        return std::nullopt;
    }
    QList<Alert> out;
    while (q.next()) {
        Alert a;
        a.id = q.value(0).toLongLong();
        a.rule = q.value(1).toString();
        a.type = q.value(2).toString();
        a.uniqueId = q.value(3).toString();
        a.time = sqlTime(q.value(4));
        a.text = q.value(5).toString();
        a.geofence = q.value(6).toString();
        a.hasPosition = !q.value(7).isNull();
        a.latitude = q.value(7).toDouble();
        a.longitude = q.value(8).toDouble();
        a.targets = targetsFrom(q.value(9).toString());
        a.acknowledgedBy = q.value(10).toString();
        a.acknowledgedAt = sqlTime(q.value(11));
        a.note = q.value(12).toString();
        out.append(a);
    }
    return out;
}

bool AlertStore::acknowledge(qint64 id, const QString &by, TimeMs at, const QString &note,
                             bool *found, QString *recordedBy)
{
    const QString what = AlertsTr::tr("cannot acknowledge alert %1").arg(id);
    const bool postgres = m_db.dialect().isPostgres();
    const bool own = postgres && !m_db.inTransaction();
    if (own && !m_db.begin())
        return fail(what, m_db.lastError());
    const auto abort = [&](const QString &error) {
        if (own)
            m_db.rollback();
        return fail(what, error);
    };
    if (postgres && !m_db.stampChange())
        return abort(m_db.lastError());
    QSqlQuery q(m_db.connection());
    q.prepare(postgres ? QStringLiteral("UPDATE alerts SET acknowledged_by = CAST(session_user "
                                        "AS TEXT), acknowledged_at = ?, note = ?, change_seq = ? "
                                        "WHERE id = ? RETURNING acknowledged_by")
                       : QStringLiteral("UPDATE alerts SET acknowledged_by = ?, "
                                        "acknowledged_at = ?, note = ? WHERE id = ?"));
    if (!postgres)
        q.addBindValue(by);
    q.addBindValue(at);
    q.addBindValue(note);
    if (postgres)
        q.addBindValue(m_db.changeSeq());
    q.addBindValue(id);
    if (!q.exec())
        return abort(q.lastError().text());
    *found = postgres ? q.next() : q.numRowsAffected() > 0;
    if (recordedBy)
        *recordedBy = postgres && *found ? q.value(0).toString() : by;
    q.finish();
    if (own && !*found) {
        m_db.rollback(); // nothing to announce
        return true;
    }
    if (own && !m_db.commit())
        return abort(m_db.lastError());
    return true;
}

bool AlertStore::saveStates(const QHash<QString, QJsonObject> &states, TimeMs now)
{
    if (states.isEmpty())
        return true;
    const bool own = !m_db.inTransaction();
    if (own && !m_db.begin())
        return fail(AlertsTr::tr("cannot save the rule state"), m_db.lastError());
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO alert_state (unique_id, state, updated_at) "
                             "VALUES (?, ?, ?) ON CONFLICT (unique_id) DO UPDATE SET "
                             "state = excluded.state, updated_at = excluded.updated_at"));
    for (auto it = states.cbegin(); it != states.cend(); ++it) {
        q.addBindValue(it.key());
        q.addBindValue(compact(it.value()));
        q.addBindValue(now);
        if (!q.exec())
            return fail(AlertsTr::tr("cannot save the rule state"), q.lastError().text());
    }
    if (own && !m_db.commit())
        return fail(AlertsTr::tr("cannot save the rule state"), m_db.lastError());
    return true;
}

std::optional<QHash<QString, QJsonObject>> AlertStore::states()
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT unique_id, state FROM alert_state"))) {
        fail(AlertsTr::tr("cannot read the rule state"), q.lastError().text());
        return std::nullopt;
    }
    QHash<QString, QJsonObject> out;
    while (q.next())
        out.insert(q.value(0).toString(), parseObject(q.value(1).toString()));
    return out;
}

} // namespace fw
