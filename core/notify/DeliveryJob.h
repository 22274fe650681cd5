#pragma once
// DeliveryJob: one alert on its way to one e-mail address or webhook, as it waits in a
// DeliveryQueue and moves between the caller's thread and a worker. DeliveryOutcome: what one
// attempt gave, and whether another attempt may help.

#include "util/TimeUtil.h"

#include <QJsonObject>
#include <QString>

namespace fw {

struct DeliveryJob
{
    enum class Channel { Email, Webhook };

    quint64 id = 0; // the dispatcher's number for this delivery
    Channel channel = Channel::Webhook;
    QString address; // e-mail address or webhook URL
    QString destination; // the server it goes to ("smtp", "https://host:port"): one at a time
    QJsonObject alert; // implicitly shared: queuing copies no alert text
    TimeMs queuedAt = 0; // from the dispatcher's clock; the mail's Date
    int attempts = 0; // attempts made so far

    QString target() const
    {
        return (channel == Channel::Email ? QStringLiteral("email:") : QStringLiteral("webhook:"))
            + address;
    }
};

struct DeliveryOutcome
{
    bool ok = false;
    bool retryable = false; // a timeout, a refused connection, a 5xx: worth another attempt
    QString error; // for the log and the failed() signal; empty when ok
};

} // namespace fw
