#pragma once
// WebhookSender: one HTTP POST of an alert's JSON (interfaces.md: the same object as `alerts
// --json`, `Content-Type: application/json`) through libcurl. Blocking by design: it runs only on
// a webhook worker thread of the dispatcher, bounded by its timeouts and the abort flag.

#include "DeliveryJob.h"

#include <QByteArray>

#include <atomic>

namespace fw {

struct WebhookOptions
{
    int connectTimeoutMs = 5000;
    int timeoutMs = 10000; // the whole request, answer included
    QByteArray userAgent = QByteArrayLiteral("FleetWatch/" FW_VERSION);
};

class WebhookSender
{
public:
    explicit WebhookSender(const WebhookOptions &options, const std::atomic_bool *abort = nullptr)
        : m_options(options), m_abort(abort)
    {
    }

    // 2xx is delivered; 408, 429 and 5xx, timeouts and refused connections may be retried;
    // other answers (400, 404, ...) will not get better and are final failures.
    DeliveryOutcome post(const QString &url, const QByteArray &json) const;

private:
    WebhookOptions m_options;
    const std::atomic_bool *m_abort;
};

} // namespace fw
