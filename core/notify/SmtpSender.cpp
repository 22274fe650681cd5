#include "SmtpSender.h"

#include "CurlHandle.h"
#include "NotifyLog.h"
#include "NotifyTr.h"

#include <cstring>

namespace fw {

namespace {
struct Upload
{
    const QByteArray *data = nullptr;
    qsizetype offset = 0;
};

size_t readMessage(char *buffer, size_t size, size_t count, void *userData)
{
    auto *upload = static_cast<Upload *>(userData);
    const size_t room = size * count;
    const size_t left = size_t(upload->data->size() - upload->offset);
    const size_t n = left < room ? left : room;
    std::memcpy(buffer, upload->data->constData() + upload->offset, n);
    upload->offset += qsizetype(n);
    return n;
}

bool isTransient(CURLcode code)
{
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
        return true;
    default:
        return false;
    }
}
} // namespace

DeliveryOutcome SmtpSender::send(const SmtpSettings &settings, const QString &password,
                                 const QString &recipient, const QByteArray &message) const
{
    DeliveryOutcome outcome;
    if (!settings.isValid()) {
        outcome.error = NotifyTr::tr("no SMTP server or From address is set");
        return outcome;
    }
    CurlHandle curl(m_abort);
    if (!curl.isValid()) {
        outcome.error = NotifyTr::tr("libcurl could not start a transfer");
        outcome.retryable = true;
        return outcome;
    }
    CURL *h = curl.get();
    const QByteArray url = settings.url().toUtf8();
    const QByteArray from = '<' + settings.from.toUtf8() + '>';
    const QByteArray user = settings.user.toUtf8();
    const QByteArray secret = password.toUtf8();
    const QByteArray caFile = settings.caFile.toUtf8();
    CurlList recipients;
    recipients.append('<' + recipient.toUtf8() + '>');
    Upload upload { &message, 0 };

    curl_easy_setopt(h, CURLOPT_URL, url.constData());
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, &readMessage);
    curl_easy_setopt(h, CURLOPT_READDATA, &upload);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.size()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(settings.timeoutMs));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, long(qMin(settings.timeoutMs, 15000)));
    curl_easy_setopt(h, CURLOPT_USE_SSL,
                     long(settings.startTls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
    if (!caFile.isEmpty())
        curl_easy_setopt(h, CURLOPT_CAINFO, caFile.constData());
    if (!user.isEmpty()) {
        curl_easy_setopt(h, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(h, CURLOPT_PASSWORD, secret.constData());
        if (!settings.startTls && settings.port != 465)
            qCWarning(lcNotify) << "SMTP: logging in to" << settings.host
                                << "without TLS; the password travels in clear text";
    }

    QString error;
    const CURLcode code = curl.perform(&error);
    if (code == CURLE_OK) {
        outcome.ok = true;
        return outcome;
    }
    const long reply = curl.responseCode(); // the SMTP server's last reply code, if any
    outcome.retryable = isTransient(code) || (reply >= 400 && reply < 500);
    if (code == CURLE_USE_SSL_FAILED)
        outcome.error = NotifyTr::tr("mail server %1 offers no STARTTLS; nothing was sent in "
                                     "clear text")
                            .arg(settings.host);
    else if (reply >= 400)
        outcome.error = NotifyTr::tr("the mail server refused the message (%1): %2")
                            .arg(QString::number(reply), error);
    else
        outcome.error = NotifyTr::tr("mail server %1: %2").arg(settings.host, error);
    return outcome;
}

} // namespace fw
