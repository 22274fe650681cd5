#include "NotificationDispatcher.h"

#include "AlertText.h"
#include "CurlHandle.h"
#include "MailMessage.h"
#include "NotificationTarget.h"
#include "NotifyLog.h"
#include "NotifyTr.h"
#include "SmtpSender.h"
#include "util/Clock.h"
#include "util/SecretStore.h"

#include <QJsonDocument>
#include <QRandomGenerator>

#include <chrono>

namespace fw {

namespace {
qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}
} // namespace

NotificationDispatcher::NotificationDispatcher(const DispatcherConfig &config, const Clock *clock,
                                               SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_clock(clock)
    , m_secrets(secrets)
    , m_mailQueue(config.mailQueueCapacity)
    , m_webhookQueue(config.webhookQueueCapacity)
{
    CurlHandle::globalInit(); // here, before any worker thread exists
}

NotificationDispatcher::~NotificationDispatcher()
{
    shutdown(0);
}

void NotificationDispatcher::start()
{
    if (m_started.exchange(true) || m_shutDown)
        return;
    for (int i = 0; i < qMax(1, m_config.webhookWorkers); ++i)
        m_workers.emplace_back([this] { runWorker(&m_webhookQueue); });
    if (m_config.smtp.user.isEmpty() || !m_secrets) {
        startMailWorker({});
        return;
    }
    m_secrets->read(kSmtpPasswordKey, this, [this](const SecretResult &result) {
        if (!result.ok)
            qCWarning(lcNotify) << "SMTP: no password for user" << m_config.smtp.user
                                << "in the keychain:" << result.error;
        startMailWorker(result.value);
    });
}

void NotificationDispatcher::startMailWorker(const QString &password)
{
    if (m_shutDown)
        return;
    {
        const QMutexLocker lock(&m_passwordMutex);
        m_smtpPassword = password;
    }
    m_workers.emplace_back([this] { runWorker(&m_mailQueue); });
}

int NotificationDispatcher::enqueue(const QJsonObject &alert, const QStringList &targets)
{
    int accepted = 0;
    for (const QString &text : targets) {
        const NotificationTarget target = NotificationTarget::parse(text);
        if (!target.isValid() || m_shutDown) {
            ++m_failed;
            qCWarning(lcNotify) << (m_shutDown ? "shut down, not delivering to" : "invalid target")
                                << NotificationTarget::redacted(text);
            const QString error = m_shutDown
                ? NotifyTr::tr("notifications are shut down")
                : NotifyTr::tr("not a notification target: %1")
                      .arg(NotificationTarget::redacted(text));
            QMetaObject::invokeMethod(
                this, [this, alert, text, error] { emit failed(alert, text, error); },
                Qt::QueuedConnection);
            continue;
        }
        ++accepted;
        ++m_enqueued;
        if (target.kind == NotificationTarget::Kind::Window) {
            ++m_sent;
            QMetaObject::invokeMethod(
                this, [this, alert] { emit windowAlert(alert); }, Qt::QueuedConnection);
            continue;
        }
        DeliveryJob job;
        job.id = ++m_nextId;
        job.address = target.address;
        job.alert = alert;
        job.queuedAt = m_clock->now();
        if (target.kind == NotificationTarget::Kind::Email) {
            job.channel = DeliveryJob::Channel::Email;
            job.destination = QStringLiteral("smtp"); // one server for all mail
            countDropped(m_mailQueue.push(std::move(job)));
        } else {
            job.channel = DeliveryJob::Channel::Webhook;
            job.destination = target.destination;
            countDropped(m_webhookQueue.push(std::move(job)));
        }
    }
    return accepted;
}

void NotificationDispatcher::countDropped(const std::optional<DeliveryJob> &job)
{
    if (!job)
        return;
    const quint64 total = ++m_dropped;
    // One warning a second at most: a flood of alerts must not become a flood of log lines.
    const qint64 now = steadyMs();
    qint64 last = m_lastDropLogMs.load();
    if (now - last >= 1000 && m_lastDropLogMs.compare_exchange_strong(last, now)) {
        qCWarning(lcNotify).nospace()
            << "notification queue full: dropped the oldest delivery ("
            << NotificationTarget::redacted(job->target())
            << ", alert " << job->alert.value(QLatin1String("id")).toInteger() << "); " << total
            << " dropped so far";
    }
}

int NotificationDispatcher::backoffMs(int attempts) const
{
    const RetryPolicy &r = m_config.retry;
    qint64 delay = r.initialBackoffMs;
    for (int i = 1; i < attempts && delay < r.maxBackoffMs; ++i)
        delay *= 2;
    delay = qMin<qint64>(delay, r.maxBackoffMs);
    return int(delay + QRandomGenerator::global()->bounded(qint64(delay / 4 + 1)));
}

DeliveryOutcome NotificationDispatcher::deliver(const DeliveryJob &job, const SmtpSender &smtp,
                                                const WebhookSender &webhook) const
{
    if (job.channel == DeliveryJob::Channel::Webhook)
        return webhook.post(job.address, QJsonDocument(job.alert).toJson(QJsonDocument::Compact));
    MailMessage mail;
    mail.from = m_config.smtp.from;
    mail.to = QStringList { job.address };
    mail.subject = AlertText::subject(job.alert);
    mail.body = AlertText::body(job.alert);
    mail.date = job.queuedAt;
    QString password;
    {
        const QMutexLocker lock(&m_passwordMutex);
        password = m_smtpPassword;
    }
    return smtp.send(m_config.smtp, password, job.address, mail.toBytes());
}

void NotificationDispatcher::runWorker(DeliveryQueue *queue)
{
    const SmtpSender smtp(&m_abort);
    const WebhookSender webhook(m_config.webhook, &m_abort);
    while (std::optional<DeliveryJob> job = queue->pop()) {
        ++m_inFlight;
        ++job->attempts;
        const DeliveryOutcome outcome = deliver(*job, smtp, webhook);
        const QString target = job->target();
        const QString logged = NotificationTarget::redacted(target);
        if (outcome.ok) {
            ++m_sent;
            qCDebug(lcNotify) << "delivered alert" << job->alert.value(QLatin1String("id"))
                              << "to" << logged << "after" << job->attempts << "attempt(s)";
            QMetaObject::invokeMethod(
                this,
                [this, alert = job->alert, target, attempts = job->attempts] {
                    emit delivered(alert, target, attempts);
                },
                Qt::QueuedConnection);
        } else if (outcome.retryable && job->attempts < m_config.retry.maxAttempts && !m_abort) {
            ++m_retried;
            const int delay = backoffMs(job->attempts);
            qCInfo(lcNotify) << "attempt" << job->attempts << "to" << logged << "failed:"
                             << outcome.error << "- trying again in" << delay << "ms";
            const auto due = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay);
            countDropped(queue->pushRetry(*job, due));
        } else {
            ++m_failed;
            qCWarning(lcNotify) << "giving up on" << logged << "after" << job->attempts
                                << "attempt(s):" << outcome.error;
            QMetaObject::invokeMethod(
                this,
                [this, alert = job->alert, target, error = outcome.error] {
                    emit failed(alert, target, error);
                },
                Qt::QueuedConnection);
        }
        queue->done(*job);
        --m_inFlight;
    }
}

NotificationStats NotificationDispatcher::stats() const
{
    NotificationStats s;
    s.enqueued = m_enqueued;
    s.sent = m_sent;
    s.failed = m_failed;
    s.dropped = m_dropped;
    s.retried = m_retried;
    s.queued = m_mailQueue.size() + m_webhookQueue.size();
    return s;
}

void NotificationDispatcher::shutdown(int drainMs)
{
    if (m_shutDown.exchange(true))
        return;
    const qint64 deadline = steadyMs() + drainMs;
    while (m_started && steadyMs() < deadline
           && (m_mailQueue.size() > 0 || m_webhookQueue.size() > 0 || m_inFlight > 0))
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    m_abort = true; // transfers in flight end at libcurl's next progress call
    const qsizetype left = m_mailQueue.close() + m_webhookQueue.close();
    for (std::thread &worker : m_workers)
        worker.join();
    m_workers.clear();
    if (left > 0) {
        m_dropped += quint64(left);
        qCWarning(lcNotify) << "shut down with" << left << "undelivered notification(s)";
    }
}

} // namespace fw
