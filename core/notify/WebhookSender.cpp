#include "WebhookSender.h"

#include "CurlHandle.h"
#include "NotificationTarget.h"
#include "NotifyTr.h"

namespace fw {

namespace {
size_t discardBody(char *, size_t size, size_t count, void *)
{
    return size * count; // the answer's body is not needed, only its status
}
} // namespace

DeliveryOutcome WebhookSender::post(const QString &url, const QByteArray &json) const
{
    DeliveryOutcome outcome;
    CurlHandle curl(m_abort);
    if (!curl.isValid()) {
        outcome.error = NotifyTr::tr("libcurl could not start a transfer");
        outcome.retryable = true;
        return outcome;
    }
    CURL *h = curl.get();
    const QByteArray target = url.toUtf8();
    CurlList headers;
    headers.append(QByteArrayLiteral("Content-Type: application/json"));
    headers.append(QByteArrayLiteral("Expect:")); // no 100-continue round trip
    curl_easy_setopt(h, CURLOPT_URL, target.constData());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, json.constData());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(json.size()));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_USERAGENT, m_options.userAgent.constData());
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, long(m_options.connectTimeoutMs));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(m_options.timeoutMs));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &discardBody);

    QString error;
    const CURLcode code = curl.perform(&error);
    if (code != CURLE_OK) {
        outcome.retryable = true; // timeouts, refused or reset connections, TLS hiccups
        // libcurl's text may name the URL too (it has no query in it, but user info may be).
        outcome.error = NotifyTr::tr("webhook %1: %2")
                            .arg(NotificationTarget::redacted(url),
                                 error.replace(url, NotificationTarget::redacted(url)));
        return outcome;
    }
    const long status = curl.responseCode();
    if (status >= 200 && status < 300) {
        outcome.ok = true;
        return outcome;
    }
    outcome.retryable = status == 408 || status == 429 || status >= 500;
    outcome.error = NotifyTr::tr("webhook %1 answered HTTP %2")
                        .arg(NotificationTarget::redacted(url), QString::number(status));
    return outcome;
}

} // namespace fw
