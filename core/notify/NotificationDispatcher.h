#pragma once
// NotificationDispatcher: takes an alert (the contract's JSON object) with its rule's targets and
// delivers it: `window` as a signal, `email:` through SMTP, `webhook:` as an HTTP POST. Whoever
// raises alerts (the rule engine in the node, a window) calls enqueue(), which only puts jobs in
// bounded queues and returns at once; mail and webhooks go out on their own worker threads, with
// retries and backoff, so a mail server or webhook that fails or hangs never holds up ingest.
// Clock, secrets and settings are passed in.

#include "DeliveryQueue.h"
#include "SmtpSettings.h"
#include "WebhookSender.h"

#include <QJsonObject>
#include <QMutex>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <thread>
#include <vector>

namespace fw {

class Clock;
class SecretStore;
class SmtpSender;

struct RetryPolicy
{
    int maxAttempts = 5; // the first attempt included
    int initialBackoffMs = 2000; // doubled after every failed attempt, plus up to 25% jitter
    int maxBackoffMs = 5 * 60 * 1000;
};

struct DispatcherConfig
{
    SmtpSettings smtp;
    WebhookOptions webhook;
    RetryPolicy retry;
    qsizetype mailQueueCapacity = 1000; // waiting mails, retries included
    qsizetype webhookQueueCapacity = 1000; // waiting webhook posts, retries included
    int webhookWorkers = 2; // posts in flight at once
};

struct NotificationStats
{
    quint64 enqueued = 0; // deliveries accepted by enqueue() (window ones included)
    quint64 sent = 0; // delivered (window ones included)
    quint64 failed = 0; // given up: a final error, attempts used up, or an invalid target
    quint64 dropped = 0; // pushed out of a full queue, or left in it at shutdown
    quint64 retried = 0; // attempts that failed and were queued again
    qsizetype queued = 0; // waiting now (both queues)
};

class NotificationDispatcher : public QObject
{
    Q_OBJECT
public:
    // `secrets` may be null (no SMTP login). Neither may be destroyed before the dispatcher.
    NotificationDispatcher(const DispatcherConfig &config, const Clock *clock,
                           SecretStore *secrets, QObject *parent = nullptr);
    ~NotificationDispatcher() override; // shutdown(0)

    // Starts the workers; mail starts once the SMTP password has been read from the secrets.
    void start();

    // Queues one delivery per valid target ("window", "email:ADDRESS", "webhook:URL") and returns
    // how many were accepted. O(1) per target; never waits for a worker or the network. Call it
    // on the dispatcher's thread.
    int enqueue(const QJsonObject &alert, const QStringList &targets);

    NotificationStats stats() const;

    // Stops accepting, waits up to `drainMs` for the queues to empty, then ends transfers in
    // flight (within about a second), stops the workers and counts what was left as dropped.
    void shutdown(int drainMs = 0);

signals:
    // `target` is the rule's target as given (a webhook URL may hold a token: show it through
    // NotificationTarget::redacted()); `error` is already redacted and translated.
    void windowAlert(const QJsonObject &alert);
    void delivered(const QJsonObject &alert, const QString &target, int attempts);
    void failed(const QJsonObject &alert, const QString &target, const QString &error);

private:
    void startMailWorker(const QString &password);
    void runWorker(DeliveryQueue *queue);
    DeliveryOutcome deliver(const DeliveryJob &job, const SmtpSender &smtp,
                            const WebhookSender &webhook) const;
    void countDropped(const std::optional<DeliveryJob> &job);
    int backoffMs(int attempts) const;

    const DispatcherConfig m_config;
    const Clock *m_clock;
    SecretStore *m_secrets;
    DeliveryQueue m_mailQueue;
    DeliveryQueue m_webhookQueue;
    std::vector<std::thread> m_workers;
    mutable QMutex m_passwordMutex;
    QString m_smtpPassword;

    std::atomic_bool m_started { false };
    std::atomic_bool m_shutDown { false };
    std::atomic_bool m_abort { false };
    std::atomic<int> m_inFlight { 0 };
    std::atomic<quint64> m_nextId { 0 };
    std::atomic<quint64> m_enqueued { 0 };
    std::atomic<quint64> m_sent { 0 };
    std::atomic<quint64> m_failed { 0 };
    std::atomic<quint64> m_dropped { 0 };
    std::atomic<quint64> m_retried { 0 };
    std::atomic<qint64> m_lastDropLogMs { -1'000'000 };
};

} // namespace fw
