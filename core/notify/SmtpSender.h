#pragma once
// SmtpSender: hands one alert mail to the SMTP server of the settings through libcurl (EHLO,
// STARTTLS when asked, AUTH when a user is set, MAIL/RCPT/DATA). Blocking by design: it runs only
// on the dispatcher's mail worker thread, bounded by the settings' timeout and the abort flag.

#include "DeliveryJob.h"
#include "SmtpSettings.h"

#include <QByteArray>

#include <atomic>

namespace fw {

class SmtpSender
{
public:
    explicit SmtpSender(const std::atomic_bool *abort = nullptr) : m_abort(abort) { }

    // `message` is the full RFC 5322 text (MailMessage::toBytes()).
    DeliveryOutcome send(const SmtpSettings &settings, const QString &password,
                         const QString &recipient, const QByteArray &message) const;

private:
    const std::atomic_bool *m_abort;
};

} // namespace fw
