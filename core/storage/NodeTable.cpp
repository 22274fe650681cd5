#include "NodeTable.h"

#include "Database.h"
#include "SqlTime.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace fw {

NodeTable::NodeTable(Database &db)
    : m_db(db)
{ }

bool NodeTable::heartbeat(const NodeRecord &node)
{
    QJsonObject ports;
    for (auto it = node.ports.cbegin(); it != node.ports.cend(); ++it)
        ports.insert(it.key(), it.value());
    const QString now = m_db.dialect().serverNowMs();
    QSqlQuery q(m_db.connection());
    q.prepare(u"INSERT INTO nodes (id, host, ports, connections, positions_per_second, "
              "started_at, last_seen) VALUES (?, ?, ?, ?, ?, ?, "_s
        + now
        + u") ON CONFLICT (id) DO UPDATE SET host = excluded.host, ports = excluded.ports, "
          "connections = excluded.connections, "
          "positions_per_second = excluded.positions_per_second, "
          "started_at = excluded.started_at, last_seen = excluded.last_seen"_s);
    q.addBindValue(node.id);
    q.addBindValue(node.host);
    q.addBindValue(QString::fromUtf8(QJsonDocument(ports).toJson(QJsonDocument::Compact)));
    q.addBindValue(node.connections);
    q.addBindValue(node.positionsPerSecond);
    q.addBindValue(node.startedAt == kNoTime ? QVariant(QMetaType::fromType<qlonglong>())
                                             : QVariant(qlonglong(node.startedAt)));
    if (!q.exec()) {
        m_error = q.lastError().text();
        return false;
    }
    return true;
}

std::optional<QList<NodeRecord>> NodeTable::nodes(TimeMs aliveTimeout)
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT id, host, ports, connections, positions_per_second, started_at, "
                "last_seen, "_s
            + m_db.dialect().serverNowMs() + u" FROM nodes ORDER BY id"_s)) {
        m_error = q.lastError().text();
        return std::nullopt;
    }
    QList<NodeRecord> out;
    while (q.next()) {
        NodeRecord n;
        n.id = q.value(0).toString();
        n.host = q.value(1).toString();
        const QJsonObject ports = QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object();
        for (auto it = ports.constBegin(); it != ports.constEnd(); ++it)
            n.ports.insert(it.key(), it.value().toInt());
        n.connections = q.value(3).toLongLong();
        n.positionsPerSecond = q.value(4).toDouble();
        n.startedAt = sqlTime(q.value(5));
        n.lastSeen = sqlTime(q.value(6));
        n.serverNow = q.value(7).toLongLong();
        n.alive = n.lastSeen != kNoTime && n.serverNow - n.lastSeen <= aliveTimeout;
        out.append(n);
    }
    return out;
}

} // namespace fw
