#pragma once
// AlertNotifier: where a node's new alerts leave the node. Every alert the AlertWorker stores for
// the first time is handed, with its rule's --notify targets, to a NotificationDispatcher (mail
// and webhooks on the dispatcher's own threads, bounded queues, retries), so the headless node and
// the window's embedded node tell the same people the same way. It lives on the thread that
// created it (the main thread); the node's alertRaised reaches it queued, and handing over never
// waits for a mail server or a webhook.

#include "alerts/Alert.h"
#include "notify/NotificationDispatcher.h"

#include <QObject>

#include <memory>

class QSettings;

namespace fw {

class Clock;
class SecretStore;

class AlertNotifier : public QObject
{
    Q_OBJECT
public:
    // `secrets` holds the SMTP password (kSmtpPasswordKey) and may be null; it and `clock` must
    // outlive the notifier.
    AlertNotifier(const DispatcherConfig &config, const Clock *clock, SecretStore *secrets,
        QObject *parent = nullptr);
    ~AlertNotifier() override;

    // The SMTP server of the contract's settings (smtp/host, smtp/port, smtp/user,
    // smtp/starttls, smtp/from) and the queue sizes (notify/queue), with the defaults otherwise.
    static DispatcherConfig configFromSettings(const QSettings &settings);

    void start();
    // Waits up to `drainMs` for queued deliveries, then drops the rest (counted).
    void shutdown(int drainMs);
    NotificationStats stats() const;
    NotificationDispatcher *dispatcher() const { return m_dispatcher.get(); }

public slots:
    void notify(const fw::Alert &alert);

signals:
    // A delivery given up for good (already logged); `error` is translated and redacted.
    void deliveryFailed(const QString &target, const QString &error);

private:
    std::unique_ptr<NotificationDispatcher> m_dispatcher;
};

} // namespace fw
