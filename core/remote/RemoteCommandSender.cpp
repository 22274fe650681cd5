#include "RemoteCommandSender.h"

#include "RemoteLog.h"
#include "RemoteTr.h"
#include "storage/CommandQueueTable.h"
#include "storage/Database.h"

namespace fw {

RemoteCommandSender::RemoteCommandSender(const DatabaseConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
{
    m_timer.setInterval(300);
    connect(&m_timer, &QTimer::timeout, this, &RemoteCommandSender::check);
}

RemoteCommandSender::~RemoteCommandSender() = default;

void RemoteCommandSender::queue(const QString &uniqueId, const QByteArray &bytes, Done done)
{
    QueuedCommand c;
    c.uniqueId = uniqueId;
    c.type = QStringLiteral("raw");
    c.channel = QStringLiteral("gprs");
    c.encoded = bytes;
    queueRow(c, std::move(done));
}

void RemoteCommandSender::queueSms(
    const QString &uniqueId, const QString &typeId, const QVariantMap &params, Done done)
{
    QueuedCommand c;
    c.uniqueId = uniqueId;
    c.type = typeId;
    c.params = params;
    c.channel = QStringLiteral("sms");
    queueRow(c, std::move(done));
}

void RemoteCommandSender::queueRow(const QueuedCommand &c, Done done)
{
    if (!m_db || !m_db->isOpen()) {
        m_db = std::make_unique<Database>();
        if (!m_db->open(m_config)) {
            const QString why = m_db->lastError();
            m_db.reset();
            done(false, why);
            return;
        }
    }
    if (!m_db->capabilities().queueCommands) {
        done(false, RemoteTr::tr("this login may not send commands"));
        return;
    }
    CommandQueueTable table(*m_db);
    const qint64 id = table.queue(c);
    if (id == 0) {
        qCWarning(lcRemote).noquote() << "cannot queue a command for" << c.uniqueId << ":"
                                      << table.lastError();
        done(false, table.lastError());
        return;
    }
    m_waiting.insert(id, std::move(done));
    if (!m_timer.isActive())
        m_timer.start();
}

void RemoteCommandSender::check()
{
    if (!m_db) {
        m_timer.stop();
        return;
    }
    CommandQueueTable table(*m_db);
    for (auto it = m_waiting.begin(); it != m_waiting.end();) {
        const std::optional<QueuedCommand> c = table.find(it.key());
        if (!c || c->status == u"queued") {
            ++it;
            continue;
        }
        const Done done = it.value();
        it = m_waiting.erase(it);
        done(c->status == u"sent" || c->status == u"replied", c->error);
    }
    if (m_waiting.isEmpty())
        m_timer.stop();
}

} // namespace fw
