#include "CommandQueueWorker.h"

#include "storage/Database.h"

#include <QLoggingCategory>
#include <QSqlDriver>

Q_LOGGING_CATEGORY(lcCommandQueue, "fleetwatch.commands.queue", QtInfoMsg)

namespace fw {

CommandQueueWorker::CommandQueueWorker(
    const DatabaseConfig &config, const QString &nodeId, int pollMs, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_nodeId(nodeId)
    , m_pollMs(pollMs)
{
    qRegisterMetaType<QList<fw::QueuedCommand>>();
    qRegisterMetaType<QList<qint64>>();
}

CommandQueueWorker::~CommandQueueWorker() = default;

void CommandQueueWorker::start()
{
    m_poll = new QTimer(this);
    connect(m_poll, &QTimer::timeout, this, &CommandQueueWorker::look);
    m_poll->start(m_pollMs);
    m_soon = new QTimer(this);
    m_soon->setSingleShot(true);
    m_soon->setInterval(20);
    connect(m_soon, &QTimer::timeout, this, &CommandQueueWorker::look);
    ensureOpen();
    look();
}

void CommandQueueWorker::stop()
{
    if (m_poll)
        m_poll->stop();
    m_db.reset();
}

bool CommandQueueWorker::ensureOpen()
{
    if (m_db && m_db->isOpen())
        return true;
    m_db = std::make_unique<Database>();
    if (!m_db->open(m_config)) {
        qCWarning(lcCommandQueue).noquote() << "command queue: cannot open the database:"
                                            << m_db->lastError();
        m_db.reset();
        return false;
    }
    if (m_db->dialect().isPostgres()) {
        QSqlDriver *driver = m_db->connection().driver();
        if (driver && driver->subscribeToNotification(CommandQueueTable::notifyChannel())) {
            connect(driver, &QSqlDriver::notification, m_soon, qOverload<>(&QTimer::start),
                Qt::UniqueConnection);
        } else {
            qCWarning(lcCommandQueue) << "command queue: no notifications; polling only";
        }
    }
    return true;
}

void CommandQueueWorker::look()
{
    if (!ensureOpen())
        return;
    CommandQueueTable table(*m_db);
    const QList<qint64> gone = table.expireOverdue();
    if (!gone.isEmpty())
        emit expired(gone);
    const std::optional<QList<QueuedCommand>> waiting
        = table.list({}, { QStringLiteral("queued") }, 200);
    if (!waiting) {
        qCWarning(lcCommandQueue).noquote() << "command queue:" << table.lastError();
        if (!m_db->ping())
            m_db.reset(); // reconnect at the next look
        return;
    }
    if (!waiting->isEmpty())
        emit queued(*waiting);
}

void CommandQueueWorker::claim(qint64 id)
{
    bool ok = false;
    if (ensureOpen()) {
        CommandQueueTable table(*m_db);
        ok = table.claimSent(id, m_nodeId);
        if (!ok && !table.lastError().isEmpty())
            qCWarning(lcCommandQueue).noquote() << "command" << id << ":" << table.lastError();
    }
    emit claimed(id, ok);
}

void CommandQueueWorker::claimSms(qint64 id)
{
    bool ok = false;
    if (ensureOpen()) {
        CommandQueueTable table(*m_db);
        ok = table.claimSms(id, m_nodeId);
        if (!ok && !table.lastError().isEmpty())
            qCWarning(lcCommandQueue).noquote() << "command" << id << ":" << table.lastError();
    }
    emit smsClaimed(id, ok);
}

void CommandQueueWorker::smsSent(qint64 id)
{
    if (!ensureOpen())
        return;
    CommandQueueTable table(*m_db);
    if (!table.markSmsSent(id, m_nodeId) && !table.lastError().isEmpty())
        qCWarning(lcCommandQueue).noquote() << "command" << id << ":" << table.lastError();
}

void CommandQueueWorker::replied(qint64 id, const QString &reply)
{
    if (!ensureOpen())
        return;
    CommandQueueTable table(*m_db);
    if (!table.markReplied(id, reply) && !table.lastError().isEmpty())
        qCWarning(lcCommandQueue).noquote() << "command" << id << ":" << table.lastError();
}

void CommandQueueWorker::failed(qint64 id, const QString &error)
{
    if (!ensureOpen())
        return;
    CommandQueueTable table(*m_db);
    if (!table.markFailed(id, m_nodeId, error) && !table.lastError().isEmpty())
        qCWarning(lcCommandQueue).noquote() << "command" << id << ":" << table.lastError();
}

} // namespace fw
