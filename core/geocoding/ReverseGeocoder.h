#pragma once
// ReverseGeocoder: the optional street address of a position for reports (stops, trip ends),
// from a Nominatim-compatible service (`GET {base}/reverse?format=jsonv2&lat=..&lon=..`). It
// follows the service's usage policy: a real User-Agent, at most one request a second (the rest
// wait in a queue, identical questions share one request), and a persistent cache keyed on
// coordinates rounded to 5 decimals (about 1 m). Asynchronous; a failure, a timeout or no URL at
// all only means "no address", never an error for the report. The network access manager and
// the clock are passed in.

#include "GeocodeCache.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QTimer>

#include <functional>

namespace fw {

class Clock;

struct ReverseGeocoderConfig
{
    QString baseUrl; // e.g. "https://nominatim.openstreetmap.org"; empty: geocoding is off
    QString cacheDirectory; // where geocode-cache.sqlite lives; empty: memory only
    int minIntervalMs = 1000; // between the starts of two requests
    int timeoutMs = 10000;
    int cacheMaxAgeDays = 180; // older answers are asked again
    int maxPending = 1000; // distinct places waiting for the service; more get "no address"
    QString language; // Accept-Language, e.g. "ru"; empty: the service's default
    QByteArray userAgent = QByteArrayLiteral("FleetWatch/" FW_VERSION
                                             " (+https://fleetwatch.example.org)");
};

struct GeocodeResult
{
    bool found = false;
    QString address; // Nominatim's display_name; empty when not found
    bool fromCache = false;
};

class ReverseGeocoder : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const GeocodeResult &)>;

    ReverseGeocoder(const ReverseGeocoderConfig &config, QNetworkAccessManager *network,
                    const Clock *clock, QObject *parent = nullptr);
    ~ReverseGeocoder() override;

    bool isEnabled() const { return !m_config.baseUrl.isEmpty(); }

    // Asks for the address at (lat, lon). `done` runs later on this object's thread, never
    // inside lookup(), and not at all when `context` is gone by then. A place whose askers are
    // all gone (a cancelled report) is not asked of the service at all. Use from one thread.
    void lookup(double lat, double lon, QObject *context, Callback done);

    // "52.22968,21.01223": the cache key, and the coordinates the service is asked about.
    static QString cacheKey(double lat, double lon);

    int requestsSent() const { return m_requestsSent; }
    int refused() const { return m_refused; } // lookups answered "no address" for a full queue
    int pending() const { return int(m_order.size()) + (m_inFlight ? 1 : 0); }

signals:
    // After each lookup answered from the service or the cache; `address` empty: none.
    void resolved(const QString &key, const QString &address);

private:
    struct Waiter
    {
        QPointer<QObject> context;
        bool hadContext = false;
        Callback done;
    };

    void answerLater(const QString &key, const GeocodeResult &result, QList<Waiter> waiters);
    void scheduleNext();
    void sendNext();
    void onFinished(QNetworkReply *reply, const QString &key);

    const ReverseGeocoderConfig m_config;
    QPointer<QNetworkAccessManager> m_network;
    const Clock *m_clock;
    GeocodeCache m_cache;
    QHash<QString, QList<Waiter>> m_waiting; // by key: everyone asking for it
    QQueue<QString> m_order; // keys not yet sent, first asked first
    QPointer<QNetworkReply> m_inFlight;
    QElapsedTimer m_sinceLastRequest;
    QTimer m_pace;
    int m_requestsSent = 0;
    int m_refused = 0;
};

} // namespace fw
