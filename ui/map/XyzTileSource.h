#pragma once
// XyzTileSource: tiles from a web server in the {z}/{x}/{y} scheme (OpenStreetMap and friends),
// used the way tile-server policies ask: an identifying User-Agent, at most two requests at a
// time, only the tiles in view (+1 ring), and a persistent disk cache that honours
// Cache-Control/Expires (fresh tiles never touch the network; stale ones are shown at once and
// revalidated). PNG/JPEG decoding runs on the thread pool, never on the GUI thread.

#include "map/TileSource.h"

#include <QNetworkRequest>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkDiskCache;
class QNetworkReply;

namespace fw {

class XyzTileSource : public TileSource
{
    Q_OBJECT
public:
    struct Options
    {
        QString name;
        // One or more templates with {z} {x} {y}, optional {s} (subdomain) and {r} ("@2x"
        // when highDpi is set, else empty). Several templates spread the load.
        QStringList urlTemplates;
        QString attribution;
        QStringList subdomains;
        int minZoom = 0;
        int maxZoom = 19;
        bool highDpi = false;
        QString cacheDirectory; // empty = <CacheLocation>/tiles/<name>
        qint64 cacheBytes = 256LL * 1024 * 1024;
    };

    static Options openStreetMap(); // tile.openstreetmap.org, "© OpenStreetMap contributors"
    static QByteArray defaultUserAgent(); // "FleetWatch/<version> (+<project URL>)"

    explicit XyzTileSource(const Options &options, QObject *parent = nullptr);
    ~XyzTileSource() override;

    QString name() const override { return m_options.name; }
    QString attribution() const override { return m_options.attribution; }
    int minZoom() const override { return m_options.minZoom; }
    int maxZoom() const override { return m_options.maxZoom; }

    QUrl tileUrl(const TileId &id) const;
    void setUserAgent(const QByteArray &userAgent) { m_userAgent = userAgent; }
    QByteArray userAgent() const { return m_userAgent; }
    QNetworkDiskCache *diskCache() const { return m_cache; }
    QNetworkAccessManager *networkAccessManager() const { return m_network; }
    int requestsSent() const { return m_requestsSent; } // sent to the network (incl. revalidations)

    // Decodes tile bytes (PNG/JPEG/WebP if the plugin exists); used on worker threads.
    static QImage decode(const QByteArray &bytes);

protected:
    void startLoad(const TileId &id) override;

private:
    void send(const TileId &id, QNetworkRequest::CacheLoadControl control, const QImage &stale);
    void decodeAndFinish(
        const TileId &id, const QByteArray &bytes, bool final, const QImage &stale);

    Options m_options;
    QByteArray m_userAgent;
    QNetworkAccessManager *m_network = nullptr;
    QNetworkDiskCache *m_cache = nullptr;
    QList<QNetworkReply *> m_replies;
    int m_requestsSent = 0;
};

} // namespace fw
