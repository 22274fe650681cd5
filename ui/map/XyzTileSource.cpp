#include "XyzTileSource.h"

#include <QDateTime>
#include <QDir>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkDiskCache>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

Q_LOGGING_CATEGORY(lcTiles, "fleetwatch.map.tiles", QtInfoMsg)

namespace fw {

XyzTileSource::Options XyzTileSource::openStreetMap()
{
    Options o;
    o.name = QStringLiteral("OpenStreetMap");
    o.urlTemplates = { QStringLiteral("https://tile.openstreetmap.org/{z}/{x}/{y}.png") };
    o.attribution = tr("© OpenStreetMap contributors");
    o.maxZoom = 19;
    return o;
}

QByteArray XyzTileSource::defaultUserAgent()
{
#ifdef FW_VERSION
    const QByteArray version = FW_VERSION;
#else
    const QByteArray version = "dev";
#endif
    return "FleetWatch/" + version + " (+https://fleetwatch.example.org)";
}

XyzTileSource::XyzTileSource(const Options &options, QObject *parent)
    : TileSource(parent)
    , m_options(options)
    , m_userAgent(defaultUserAgent())
{
    if (m_options.urlTemplates.isEmpty())
        qCWarning(lcTiles) << "tile source" << m_options.name << "has no URL template";
    m_network = new QNetworkAccessManager(this);
    m_cache = new QNetworkDiskCache(this);
    QString dir = m_options.cacheDirectory;
    if (dir.isEmpty()) {
        QString safe = m_options.name;
        safe.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("_"));
        dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation)
            + QStringLiteral("/tiles/") + (safe.isEmpty() ? QStringLiteral("default") : safe);
    }
    QDir().mkpath(dir);
    m_cache->setCacheDirectory(dir);
    m_cache->setMaximumCacheSize(m_options.cacheBytes);
    m_network->setCache(m_cache); // the manager takes ownership of nothing here: both are ours
    setMaxParallel(2);
}

XyzTileSource::~XyzTileSource()
{
    for (QNetworkReply *reply : std::as_const(m_replies)) {
        reply->disconnect(this);
        reply->abort();
    }
}

QUrl XyzTileSource::tileUrl(const TileId &id) const
{
    if (m_options.urlTemplates.isEmpty())
        return {};
    const int pick = (id.x + id.y) % m_options.urlTemplates.size();
    QString url = m_options.urlTemplates.at(pick);
    url.replace(QLatin1String("{z}"), QString::number(id.z));
    url.replace(QLatin1String("{x}"), QString::number(id.x));
    url.replace(QLatin1String("{y}"), QString::number(id.y));
    url.replace(QLatin1String("{r}"), m_options.highDpi ? QStringLiteral("@2x") : QString());
    if (url.contains(QLatin1String("{s}"))) {
        const QStringList subs = m_options.subdomains.isEmpty()
            ? QStringList { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }
            : m_options.subdomains;
        // Deterministic per tile, so a tile is always cached under the same URL.
        url.replace(QLatin1String("{s}"), subs.at((id.x + id.y) % subs.size()));
    }
    return QUrl(url);
}

QImage XyzTileSource::decode(const QByteArray &bytes)
{
    QImage image = QImage::fromData(bytes);
    if (image.isNull())
        return image;
    return image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

void XyzTileSource::startLoad(const TileId &id)
{
    const QUrl url = tileUrl(id);
    if (!url.isValid()) {
        failLoad(id, tr("No tile URL."));
        return;
    }
    const QNetworkCacheMetaData meta = m_cache->metaData(url);
    if (!meta.isValid()) {
        send(id, QNetworkRequest::PreferNetwork, {});
        return;
    }
    const QDateTime expires = meta.expirationDate();
    const bool fresh = expires.isValid() && expires > QDateTime::currentDateTimeUtc();
    if (fresh) {
        // Fresh on disk: served by the cache, no request leaves the machine.
        send(id, QNetworkRequest::PreferCache, {});
        return;
    }
    // Stale: show it now, revalidate (If-None-Match / If-Modified-Since) in the background.
    QByteArray bytes;
    if (std::unique_ptr<QIODevice> data { m_cache->data(url) })
        bytes = data->readAll();
    if (bytes.isEmpty()) {
        send(id, QNetworkRequest::PreferNetwork, {});
        return;
    }
    QtConcurrent::run(&XyzTileSource::decode, bytes).then(this, [this, id](const QImage &stale) {
        if (!stale.isNull())
            finishLoad(id, stale, false);
        send(id, QNetworkRequest::AlwaysNetwork, stale);
    });
}

void XyzTileSource::send(
    const TileId &id, QNetworkRequest::CacheLoadControl control, const QImage &stale)
{
    QNetworkRequest request(tileUrl(id));
    request.setHeader(QNetworkRequest::UserAgentHeader, m_userAgent);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, control);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, true);
    request.setTransferTimeout(20000);
    if (!stale.isNull()) {
        // Revalidation: a conditional request of our own (Qt's own freshness check works in
        // whole seconds and would serve a just-expired copy without asking).
        const QNetworkCacheMetaData meta = m_cache->metaData(request.url());
        for (const auto &[key, value] : meta.rawHeaders()) {
            if (key.compare("ETag", Qt::CaseInsensitive) == 0)
                request.setRawHeader("If-None-Match", value);
            else if (key.compare("Last-Modified", Qt::CaseInsensitive) == 0)
                request.setRawHeader("If-Modified-Since", value);
        }
        request.setRawHeader("Cache-Control", "max-age=0");
    }
    if (control != QNetworkRequest::PreferCache)
        ++m_requestsSent;
    QNetworkReply *reply = m_network->get(request);
    m_replies.append(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, id, stale] {
        m_replies.removeOne(reply);
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError) {
            qCDebug(lcTiles) << "tile" << id.z << id.x << id.y << reply->errorString();
            if (!stale.isNull())
                finishLoad(id, stale, true); // keep showing the stale copy
            else
                failLoad(id, reply->errorString());
            return;
        }
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if ((status == 304 || body.isEmpty()) && !stale.isNull()) {
            finishLoad(id, stale, true); // not modified: the copy we have is current again
            return;
        }
        decodeAndFinish(id, body, true, stale);
    });
}

void XyzTileSource::decodeAndFinish(
    const TileId &id, const QByteArray &bytes, bool final, const QImage &stale)
{
    QtConcurrent::run(&XyzTileSource::decode, bytes)
        .then(this, [this, id, final, stale](const QImage &image) {
            if (image.isNull() && !stale.isNull())
                finishLoad(id, stale, final);
            else
                finishLoad(id, image, final);
        });
}

} // namespace fw
