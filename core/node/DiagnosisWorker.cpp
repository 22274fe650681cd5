#include "DiagnosisWorker.h"

#include "NodeStatusReporter.h"
#include "storage/Database.h"
#include "storage/NodeTable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDiagnosisWorker, "fleetwatch.diagnostics.worker", QtInfoMsg)

namespace fw {

namespace {
constexpr TimeMs kDbRetry = 5 * kSecond; // a node's heartbeat comes back soon after an outage

// The status without its time stamp: what decides whether it changed.
QByteArray contentOf(QJsonObject status)
{
    status.remove(QStringLiteral("at"));
    status.remove(QStringLiteral("atMs"));
    return QJsonDocument(status).toJson(QJsonDocument::Compact);
}
} // namespace

DiagnosisWorker::DiagnosisWorker(const ProtocolRegistry *registry, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
{ }

DiagnosisWorker::~DiagnosisWorker() = default;

void DiagnosisWorker::setDatabaseConfig(const std::optional<DatabaseConfig> &config)
{
    m_dbConfig = config;
    m_db.reset();
    m_dbRetryAt = kNoTime;
}

void DiagnosisWorker::run(quint64 round, const DiagnosisInput &input, const IngestStats &stats,
    const QString &host, const QString &nodeId)
{
    const QList<Finding> findings = diagnose(input, *m_registry);
    const QJsonObject status = NodeStatusReporter::statusJson(host, input, stats, findings);
    const bool persisted = persist(status, input.now, host);
    if (!nodeId.isEmpty())
        heartbeat(input, stats, host, nodeId);
    emit finished(round, findings, status, persisted);
}

void DiagnosisWorker::heartbeat(const DiagnosisInput &input, const IngestStats &stats,
    const QString &host, const QString &nodeId)
{
    NodeRecord node;
    node.id = nodeId;
    node.host = host;
    for (const ListenerState &l : input.listeners) {
        if (l.listening && !l.outbound)
            node.ports.insert(l.protocol, l.port);
    }
    node.connections = qint64(stats.connections);
    if (m_startedAt == kNoTime)
        m_startedAt = input.now;
    node.startedAt = m_startedAt;
    // Positions per second since the previous heartbeat.
    if (m_rateSince.isValid() && m_rateSince.elapsed() > 0 && stats.positions >= m_ratePositions)
        m_positionsPerSecond
            = double(stats.positions - m_ratePositions) * 1000.0 / double(m_rateSince.elapsed());
    m_rateSince.start();
    m_ratePositions = stats.positions;
    node.positionsPerSecond = m_positionsPerSecond;
    if (!openDatabase(input.now))
        return;
    NodeTable table(*m_db);
    if (!table.heartbeat(node)) {
        qCWarning(lcDiagnosisWorker).noquote() << "cannot store the heartbeat:" << table.lastError();
        if (!m_db->ping()) {
            m_db.reset();
            m_dbRetryAt = input.now + kDbRetry;
        }
    }
}

bool DiagnosisWorker::persist(const QJsonObject &status, TimeMs now, const QString &host)
{
    if (!m_dbConfig)
        return false;
    const QByteArray content = contentOf(status);
    const bool due = m_lastWriteAt == kNoTime
        || now - m_lastWriteAt >= NodeStatusReporter::kDefaultIntervalMs || now < m_lastWriteAt;
    if (!due && content == m_lastWrittenContent)
        return false;
    if (!openDatabase(now))
        return false;
    const QString text = QString::fromUtf8(QJsonDocument(status).toJson(QJsonDocument::Compact));
    if (!m_db->setSetting(NodeStatusReporter::settingsKey(host), text)) {
        qCWarning(lcDiagnosisWorker).noquote()
            << "cannot store the node status:" << m_db->lastError();
        if (!m_db->ping()) {
            m_db.reset();
            m_dbRetryAt = now + kDbRetry;
        }
        return false;
    }
    m_lastWrittenContent = content;
    m_lastWriteAt = now;
    return true;
}

bool DiagnosisWorker::openDatabase(TimeMs now)
{
    if (m_db)
        return true;
    if (m_dbRetryAt != kNoTime && now < m_dbRetryAt)
        return false;
    auto db = std::make_unique<Database>();
    if (!db->open(*m_dbConfig)) {
        qCWarning(lcDiagnosisWorker).noquote() << "node status not stored:" << db->lastError();
        m_dbRetryAt = now + kDbRetry;
        return false;
    }
    // The writer may hold the file for a moment: skip a round rather than queue up.
    if (m_dbConfig->isSqlite())
        db->exec(QStringLiteral("PRAGMA busy_timeout = 250"));
    else
        db->exec(QStringLiteral("SET statement_timeout = 2000"));
    m_db = std::move(db);
    m_dbRetryAt = kNoTime;
    return true;
}

} // namespace fw
