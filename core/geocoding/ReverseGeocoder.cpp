#include "ReverseGeocoder.h"

#include "GeocodingLog.h"
#include "util/Clock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

#include <algorithm>

namespace fw {

namespace {
constexpr qint64 kMaxAnswerBytes = 256 * 1024; // a reverse answer is a few hundred bytes
} // namespace

ReverseGeocoder::ReverseGeocoder(const ReverseGeocoderConfig &config,
                                 QNetworkAccessManager *network, const Clock *clock,
                                 QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_network(network)
    , m_clock(clock)
    , m_cache(config.baseUrl.isEmpty() ? QString() : config.cacheDirectory)
{
    m_pace.setSingleShot(true);
    // A coarse timer may fire up to 5% early: 950 ms would break the service's 1 request/s.
    m_pace.setTimerType(Qt::PreciseTimer);
    connect(&m_pace, &QTimer::timeout, this, &ReverseGeocoder::sendNext);
}

ReverseGeocoder::~ReverseGeocoder()
{
    if (m_inFlight) {
        m_inFlight->disconnect(this);
        m_inFlight->abort();
    }
}

QString ReverseGeocoder::cacheKey(double lat, double lon)
{
    // Five decimals is about a metre: positions of one parked vehicle share their address.
    // asprintf: the same text in every locale. +0.0 turns "-0.00000" into "0.00000".
    return QString::asprintf("%.5f,%.5f", lat + 0.0, lon + 0.0);
}

void ReverseGeocoder::lookup(double lat, double lon, QObject *context, Callback done)
{
    const QString key = cacheKey(lat, lon);
    QList<Waiter> waiter { Waiter { context, context != nullptr, std::move(done) } };
    if (!isEnabled() || !m_network || !qIsFinite(lat) || !qIsFinite(lon) || qAbs(lat) > 90
        || qAbs(lon) > 180) {
        answerLater(key, GeocodeResult {}, std::move(waiter));
        return;
    }
    const TimeMs notBefore = m_clock->now() - TimeMs(m_config.cacheMaxAgeDays) * kDay;
    if (const std::optional<QString> cached = m_cache.find(key, notBefore)) {
        GeocodeResult result;
        result.found = !cached->isEmpty();
        result.address = *cached;
        result.fromCache = true;
        answerLater(key, result, std::move(waiter));
        return;
    }
    auto it = m_waiting.find(key);
    if (it != m_waiting.end()) { // already asked: share that request
        it->append(waiter.first());
        return;
    }
    if (m_order.size() >= m_config.maxPending) { // bounded, like every queue outside input fills
        if (m_refused++ == 0)
            qCWarning(lcGeocoding) << "more than" << m_config.maxPending
                                   << "places wait for an address; answering \"no address\" "
                                      "for the rest";
        answerLater(key, GeocodeResult {}, std::move(waiter));
        return;
    }
    m_waiting.insert(key, waiter);
    m_order.enqueue(key);
    scheduleNext();
}

void ReverseGeocoder::answerLater(const QString &key, const GeocodeResult &result,
                                  QList<Waiter> waiters)
{
    QMetaObject::invokeMethod(
        this,
        [this, key, result, waiters = std::move(waiters)] {
            for (const Waiter &w : waiters) {
                if (w.done && (!w.hadContext || w.context))
                    w.done(result);
            }
            emit resolved(key, result.address);
        },
        Qt::QueuedConnection);
}

void ReverseGeocoder::scheduleNext()
{
    if (m_inFlight || m_order.isEmpty() || m_pace.isActive())
        return;
    const qint64 wait = m_sinceLastRequest.isValid()
        ? m_config.minIntervalMs - m_sinceLastRequest.elapsed()
        : 0;
    m_pace.start(int(qMax<qint64>(0, wait)));
}

void ReverseGeocoder::sendNext()
{
    if (m_inFlight || m_order.isEmpty())
        return;
    if (m_sinceLastRequest.isValid() && m_sinceLastRequest.elapsed() < m_config.minIntervalMs) {
        scheduleNext(); // never early, whatever woke us
        return;
    }
    if (!m_network) { // the manager went away: nobody can be asked any more
        while (!m_order.isEmpty()) {
            const QString key = m_order.dequeue();
            answerLater(key, GeocodeResult {}, m_waiting.take(key));
        }
        return;
    }
    // Places whose askers are all gone (a report closed or cancelled) cost no request.
    QString key;
    while (key.isEmpty() && !m_order.isEmpty()) {
        key = m_order.dequeue();
        const QList<Waiter> &waiters = m_waiting[key];
        const bool wanted = std::any_of(waiters.cbegin(), waiters.cend(), [](const Waiter &w) {
            return !w.hadContext || w.context;
        });
        if (!wanted) {
            m_waiting.remove(key);
            key.clear();
        }
    }
    if (key.isEmpty())
        return;
    const qsizetype comma = key.indexOf(QLatin1Char(','));
    QUrl url(m_config.baseUrl);
    url.setPath(url.path().endsWith(QLatin1Char('/')) ? url.path() + QStringLiteral("reverse")
                                                      : url.path() + QStringLiteral("/reverse"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("format"), QStringLiteral("jsonv2"));
    query.addQueryItem(QStringLiteral("lat"), key.left(comma));
    query.addQueryItem(QStringLiteral("lon"), key.mid(comma + 1));
    query.addQueryItem(QStringLiteral("zoom"), QStringLiteral("18"));
    query.addQueryItem(QStringLiteral("addressdetails"), QStringLiteral("0"));
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::UserAgentHeader, m_config.userAgent);
    request.setRawHeader("Accept", "application/json");
    if (!m_config.language.isEmpty())
        request.setRawHeader("Accept-Language", m_config.language.toUtf8());
    request.setTransferTimeout(m_config.timeoutMs);
    m_sinceLastRequest.start();
    ++m_requestsSent;
    qCDebug(lcGeocoding) << "asking" << url.toDisplayString();
    QNetworkReply *reply = m_network->get(request);
    m_inFlight = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, key] { onFinished(reply, key); });
}

void ReverseGeocoder::onFinished(QNetworkReply *reply, const QString &key)
{
    reply->deleteLater();
    m_inFlight = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    GeocodeResult result;
    bool answered = false; // the service gave a real answer (an address or "none here")
    if (reply->error() == QNetworkReply::NoError && status == 200) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(reply->read(kMaxAnswerBytes), &error);
        if (error.error == QJsonParseError::NoError && doc.isObject()) {
            const QJsonObject o = doc.object();
            result.address = o.value(QLatin1String("display_name")).toString().trimmed();
            result.found = !result.address.isEmpty();
            answered = result.found || o.contains(QLatin1String("error"));
        }
        if (!answered)
            qCWarning(lcGeocoding) << "the geocoder's answer for" << key << "is not one";
    } else {
        qCWarning(lcGeocoding) << "no address for" << key << "- HTTP" << status
                               << reply->errorString();
    }
    if (answered) // failures are not kept: the next report asks again
        m_cache.store(key, result.address, m_clock->now());
    answerLater(key, result, m_waiting.take(key));
    scheduleNext();
}

} // namespace fw
