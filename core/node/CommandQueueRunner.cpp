#include "CommandQueueRunner.h"

#include "CommandQueueWorker.h"
#include "commands/SmsSender.h"
#include "fleet/FleetState.h"
#include "ingest/IngestServer.h"
#include "util/Clock.h"

namespace fw {

CommandQueueRunner::CommandQueueRunner(const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
    , m_commands(*parts.catalog)
{
    m_thread.setObjectName(QStringLiteral("commands"));
    m_worker = new CommandQueueWorker(parts.database, parts.nodeId, parts.pollMs);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &CommandQueueWorker::queued, this, &CommandQueueRunner::onQueued);
    connect(m_worker, &CommandQueueWorker::claimed, this, &CommandQueueRunner::onClaimed);
    connect(m_worker, &CommandQueueWorker::expired, this, &CommandQueueRunner::forget);
    connect(m_worker, &CommandQueueWorker::smsClaimed, this, &CommandQueueRunner::onSmsClaimed);
    if (parts.sms)
        connect(parts.sms, &SmsSender::finished, this, &CommandQueueRunner::onSmsFinished);
    // Replies from the fleet's batched deltas: once per publication, not per frame.
    connect(parts.fleet, &FleetState::delta, this, &CommandQueueRunner::onDelta);
}

CommandQueueRunner::~CommandQueueRunner()
{
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(m_worker, &CommandQueueWorker::stop,
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_worker;
    }
}

void CommandQueueRunner::start()
{
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &CommandQueueWorker::start, Qt::QueuedConnection);
}

QByteArray CommandQueueRunner::encode(
    const QueuedCommand &c, CommandType *type, QString *error) const
{
    *type = CommandType::Custom;
    if (!c.encoded.isEmpty())
        return c.encoded; // a window encoded it already
    if (!commandTypeFromId(c.type, type)) {
        *error = QStringLiteral("unknown command type \"%1\"").arg(c.type);
        return {};
    }
    const std::optional<DeviceSnapshot> snapshot = m_parts.fleet->snapshot(c.uniqueId);
    if (!snapshot) {
        *error = QStringLiteral("device \"%1\" is not registered").arg(c.uniqueId);
        return {};
    }
    const Device &device = snapshot->device;
    CommandParams p;
    p.uniqueId = c.uniqueId;
    p.serial = static_cast<quint32>(c.id);
    p.now = m_parts.clock ? m_parts.clock->now() : kNoTime;
    p.password = device.password;
    if (c.params.contains(QStringLiteral("interval")))
        p.intervalSecs = c.params.value(QStringLiteral("interval")).toInt();
    p.host = c.params.value(QStringLiteral("host")).toString();
    p.port = static_cast<quint16>(c.params.value(QStringLiteral("port")).toUInt());
    p.text = c.params.value(QStringLiteral("text")).toString();
    return encodeGprsCommand(m_commands.protocolOf(device), *type, p, error);
}

void CommandQueueRunner::onQueued(const QList<QueuedCommand> &commands)
{
    QSet<qint64> stillQueued;
    for (const QueuedCommand &c : commands)
        stillQueued.insert(c.id);
    m_seen.intersect(stillQueued); // the rest moved on: nothing more to remember
    for (const QueuedCommand &c : commands) {
        if (m_seen.contains(c.id) || m_claiming.contains(c.id))
            continue;
        if (c.channel == u"sms") {
            if (m_parts.sms && c.node.isEmpty())
                takeSms(c);
            continue;
        }
        if (c.channel != u"gprs")
            continue;
        if (!m_parts.server->hasLiveSession(c.uniqueId))
            continue; // another node's device, or not connected yet: looked at again later
        m_seen.insert(c.id);
        CommandType type = CommandType::Custom;
        QString error;
        const QByteArray bytes = encode(c, &type, &error);
        if (bytes.isEmpty()) {
            QMetaObject::invokeMethod(m_worker, [worker = m_worker, id = c.id, error] {
                worker->failed(id, error);
            });
            continue;
        }
        Claim claim;
        claim.uniqueId = c.uniqueId;
        claim.bytes = bytes;
        claim.pending.id = static_cast<quint64>(c.id);
        claim.pending.uniqueId = c.uniqueId;
        if (const std::optional<DeviceSnapshot> s = m_parts.fleet->snapshot(c.uniqueId))
            claim.pending.protocol = m_commands.protocolOf(s->device);
        claim.pending.type = type;
        claim.pending.serial = static_cast<quint32>(c.id);
        claim.pending.sentText = c.params.value(QStringLiteral("text")).toString();
        m_claiming.insert(c.id, claim);
        QMetaObject::invokeMethod(m_worker, [worker = m_worker, id = c.id] { worker->claim(id); });
    }
}

void CommandQueueRunner::onClaimed(qint64 id, bool ok)
{
    const auto it = m_claiming.constFind(id);
    if (it == m_claiming.cend())
        return;
    Claim claim = it.value();
    m_claiming.erase(it);
    if (!ok)
        return; // another node sent it, or it expired meanwhile
    if (!m_parts.server->sendCommand(claim.uniqueId, claim.bytes)) {
        QMetaObject::invokeMethod(m_worker, [worker = m_worker, id] {
            worker->failed(id, QStringLiteral("the device's connection closed"));
        });
        return;
    }
    claim.pending.sentAt = m_parts.clock ? m_parts.clock->now() : kNoTime;
    m_sent.append(claim.pending);
}

void CommandQueueRunner::takeSms(const QueuedCommand &c)
{
    m_seen.insert(c.id);
    QString error;
    Sms sms;
    CommandType type = CommandType::Custom;
    const std::optional<DeviceSnapshot> snapshot = m_parts.fleet->snapshot(c.uniqueId);
    if (!snapshot) {
        error = QStringLiteral("device \"%1\" is not registered").arg(c.uniqueId);
    } else if (!commandTypeFromId(c.type, &type)) {
        error = QStringLiteral("unknown command type \"%1\"").arg(c.type);
    } else if ((sms.phone = SmsSender::normalizePhone(snapshot->device.phone)).isEmpty()) {
        error = QStringLiteral("device \"%1\" has no phone number").arg(c.uniqueId);
    } else {
        CommandParams p;
        p.uniqueId = c.uniqueId;
        p.password = snapshot->device.password;
        if (c.params.contains(QStringLiteral("interval")))
            p.intervalSecs = c.params.value(QStringLiteral("interval")).toInt();
        p.host = c.params.value(QStringLiteral("host")).toString();
        p.port = static_cast<quint16>(c.params.value(QStringLiteral("port")).toUInt());
        p.text = c.params.value(QStringLiteral("text")).toString();
        sms.text = m_commands.smsText(snapshot->device, type, p, m_parts.smsApn);
        sms.password = m_commands.passwordFor(snapshot->device);
        if (sms.text.isEmpty())
            error = QStringLiteral("%1 has no SMS form for this device").arg(c.type);
    }
    if (!error.isEmpty()) {
        // Failed by this node: taken first, so two nodes never both record it.
        QMetaObject::invokeMethod(m_worker, [worker = m_worker, id = c.id, error] {
            worker->failed(id, error);
        });
        return;
    }
    m_smsClaiming.insert(c.id, sms);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, id = c.id] { worker->claimSms(id); });
}

void CommandQueueRunner::onSmsClaimed(qint64 id, bool ok)
{
    const auto it = m_smsClaiming.constFind(id);
    if (it == m_smsClaiming.cend())
        return;
    const Sms sms = it.value();
    m_smsClaiming.erase(it);
    if (!ok || !m_parts.sms)
        return; // another node's gateway took it
    m_parts.sms->addSecret(sms.password); // kept out of the gateway's errors and logs
    m_smsJobs.insert(m_parts.sms->send(sms.phone, sms.text), id);
}

void CommandQueueRunner::onSmsFinished(quint64 job, bool ok, const QString &error)
{
    const auto it = m_smsJobs.constFind(job);
    if (it == m_smsJobs.cend())
        return;
    const qint64 id = it.value();
    m_smsJobs.erase(it);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, id, ok, error] {
        if (ok)
            worker->smsSent(id);
        else
            worker->failed(id, error); // the sender redacted the device's password
    });
}

void CommandQueueRunner::onDelta(const FleetDelta &delta)
{
    if (m_sent.isEmpty())
        return;
    for (const DeviceEvent &e : delta.events) {
        if (e.type != EventType::CommandResult)
            continue;
        CommandReply reply;
        reply.uniqueId = e.uniqueId;
        reply.text = e.text;
        reply.at = e.time;
        for (const PendingCommand &p : std::as_const(m_sent)) {
            if (p.uniqueId == e.uniqueId) {
                reply.protocol = p.protocol;
                break;
            }
        }
        // The device's clock may run behind: match against the time the node received it.
        if (m_parts.clock)
            reply.at = m_parts.clock->now();
        const CommandReplyMatch match = CommandReplyMatch::find(m_sent, reply);
        if (!match.matched())
            continue;
        m_sent.removeIf([&match](const PendingCommand &p) { return p.id == match.commandId; });
        QMetaObject::invokeMethod(m_worker,
            [worker = m_worker, id = qint64(match.commandId), text = e.text] {
                worker->replied(id, text);
            });
    }
}

void CommandQueueRunner::forget(const QList<qint64> &ids)
{
    for (const qint64 id : ids) {
        m_sent.removeIf([id](const PendingCommand &p) { return p.id == quint64(id); });
        m_seen.remove(id);
    }
}

} // namespace fw
