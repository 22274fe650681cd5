#include "CurlHandle.h"

#include <mutex>

namespace fw {

void CurlList::append(const QByteArray &line)
{
    curl_slist *grown = curl_slist_append(m_list.get(), line.constData());
    if (grown) {
        (void)m_list.release(); // curl_slist_append returned the same (now longer) list
        m_list.reset(grown);
    }
}

void CurlHandle::globalInit()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlHandle::CurlHandle(const std::atomic_bool *abort)
{
    globalInit();
    m_handle.reset(curl_easy_init());
    if (!m_handle)
        return;
    CURL *h = m_handle.get();
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); // worker threads: no SIGALRM for timeouts
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, m_errorBuffer);
    if (abort) {
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &CurlHandle::progress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, const_cast<std::atomic_bool *>(abort));
    }
}

int CurlHandle::progress(void *abortFlag, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    return static_cast<const std::atomic_bool *>(abortFlag)->load() ? 1 : 0;
}

CURLcode CurlHandle::perform(QString *error)
{
    m_errorBuffer[0] = '\0';
    const CURLcode code = curl_easy_perform(m_handle.get());
    if (code != CURLE_OK && error) {
        const QString detail = QString::fromUtf8(m_errorBuffer).trimmed();
        *error = detail.isEmpty() ? QString::fromUtf8(curl_easy_strerror(code)) : detail;
    }
    return code;
}

long CurlHandle::responseCode() const
{
    long code = 0;
    curl_easy_getinfo(m_handle.get(), CURLINFO_RESPONSE_CODE, &code);
    return code;
}

} // namespace fw
