#pragma once
// CurlHandle: RAII for libcurl's easy handles and header lists, so a transfer that fails half way
// leaks nothing. Also the one place that initialises libcurl (once, before any worker thread uses
// it) and the abort hook that lets the dispatcher end a transfer that hangs when it shuts down.
// Everything here is used on one worker thread at a time; a handle is never shared.

#include <QByteArray>
#include <QString>

#include <atomic>
#include <memory>

#include <curl/curl.h>

namespace fw {

// A curl_slist (headers, recipients) freed with the list.
class CurlList
{
public:
    void append(const QByteArray &line);
    curl_slist *get() const { return m_list.get(); }

private:
    struct Free
    {
        void operator()(curl_slist *list) const { curl_slist_free_all(list); }
    };
    std::unique_ptr<curl_slist, Free> m_list;
};

class CurlHandle
{
public:
    // `abort` (may be null) ends the transfer soon after it turns true (libcurl asks at least
    // once a second).
    explicit CurlHandle(const std::atomic_bool *abort = nullptr);
    CurlHandle(const CurlHandle &) = delete;
    CurlHandle &operator=(const CurlHandle &) = delete;

    bool isValid() const { return m_handle != nullptr; }
    CURL *get() const { return m_handle.get(); }

    // Runs the transfer; on failure returns libcurl's text for it (with its detail buffer).
    CURLcode perform(QString *error);
    long responseCode() const;

    // Once per process, from the thread that builds the first sender (the dispatcher's).
    static void globalInit();

private:
    struct Cleanup
    {
        void operator()(CURL *handle) const { curl_easy_cleanup(handle); }
    };
    static int progress(void *abortFlag, curl_off_t, curl_off_t, curl_off_t, curl_off_t);

    std::unique_ptr<CURL, Cleanup> m_handle;
    char m_errorBuffer[CURL_ERROR_SIZE] = {};
};

} // namespace fw
