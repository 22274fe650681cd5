// Tile sources against a tile server started by the test on 127.0.0.1 (QTcpServer speaking just
// enough HTTP/1.1): only visible tiles (+1 ring) are requested, with a User-Agent and at most two
// at a time; fresh tiles come from the disk cache without a request, stale ones are revalidated
// (If-None-Match -> 304); when the server goes away the basemap fills in. Plus an MBTiles file
// written by the test and read back (TMS row flip, attribution).
#include "TestMain.h"

#include "map/Basemap.h"
#include "map/MapWidget.h"
#include "map/MbTilesSource.h"
#include "map/XyzTileSource.h"

#include <QBuffer>
#include <QNetworkDiskCache>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace fw;

namespace {
QColor tileColor(int z, int x, int y)
{
    return QColor::fromHsv((x * 47 + y * 91 + z * 13) % 360, 255, 200);
}

QByteArray pngTile(QColor color)
{
    QImage image(256, 256, QImage::Format_RGB32);
    image.fill(color);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

// A minimal tile server: GET /z/x/y.png, one request per connection, answered after a delay so
// parallel requests overlap and can be counted.
class TileServer : public QObject
{
public:
    struct Request
    {
        QString path;
        QByteArray userAgent;
        QByteArray ifNoneMatch;
    };

    QByteArray cacheControl = "max-age=3600";
    int delayMs = 40;
    QList<Request> requests;
    int notModified = 0;
    int open = 0;
    int maxOpen = 0;

    bool start() { return m_server.listen(QHostAddress::LocalHost, 0); }
    void stop() { m_server.close(); }
    quint16 port() const { return m_server.serverPort(); }

    TileServer()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                QObject::connect(
                    socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        m_buffers.remove(socket);
        Request r;
        r.path = QString::fromLatin1(lines.value(0).split(' ').value(1));
        for (const QByteArray &raw : lines.mid(1)) {
            const QByteArray line = raw.trimmed();
            const qsizetype colon = line.indexOf(':');
            const QByteArray key = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (key == "user-agent")
                r.userAgent = value;
            else if (key == "if-none-match")
                r.ifNoneMatch = value;
        }
        requests.append(r);
        maxOpen = std::max(maxOpen, ++open);
        QTimer::singleShot(delayMs, socket, [this, socket, r] { respond(socket, r); });
    }

    void respond(QTcpSocket *socket, const Request &r)
    {
        --open;
        const QStringList parts = r.path.mid(1).chopped(4).split(QLatin1Char('/'));
        const int z = parts.value(0).toInt();
        const int x = parts.value(1).toInt();
        const int y = parts.value(2).toInt();
        const QByteArray etag = '"' + r.path.toLatin1() + '"';
        QByteArray response;
        if (r.ifNoneMatch == etag) {
            ++notModified;
            response = "HTTP/1.1 304 Not Modified\r\nETag: " + etag
                + "\r\nCache-Control: " + cacheControl + "\r\nConnection: close\r\n\r\n";
        } else {
            const QByteArray body = pngTile(tileColor(z, x, y));
            response = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\nETag: " + etag
                + "\r\nCache-Control: " + cacheControl + "\r\nConnection: close\r\n\r\n" + body;
        }
        socket->write(response);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

XyzTileSource::Options localOptions(quint16 port, const QString &cacheDir)
{
    XyzTileSource::Options o;
    o.name = QStringLiteral("Local");
    o.urlTemplates = { QStringLiteral("http://127.0.0.1:%1/{z}/{x}/{y}.png").arg(port) };
    o.attribution = QStringLiteral("Test tiles");
    o.cacheDirectory = cacheDir;
    return o;
}

bool near(QColor a, QColor b, int tolerance = 3)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
        && std::abs(a.blue() - b.blue()) <= tolerance;
}

QList<TileId> tilesIn(const TileRange &r)
{
    const int n = 1 << r.z;
    QList<TileId> ids;
    for (int y = r.y0; y <= r.y1; ++y) {
        for (int x = r.x0; x <= r.x1; ++x) {
            const TileId id { r.z, ((x % n) + n) % n, y };
            if (!ids.contains(id))
                ids.append(id);
        }
    }
    return ids;
}

QString pathOf(const TileId &id)
{
    return QStringLiteral("/%1/%2/%3.png").arg(id.z).arg(id.x).arg(id.y);
}
} // namespace

class TestTiles : public QObject
{
    Q_OBJECT

private slots:
    void urlTemplate()
    {
        XyzTileSource::Options o;
        o.name = QStringLiteral("T");
        o.urlTemplates = { QStringLiteral("https://{s}.tiles.example/{z}/{x}/{y}{r}.png") };
        o.subdomains = { QStringLiteral("a"), QStringLiteral("b") };
        QTemporaryDir dir;
        o.cacheDirectory = dir.path();
        XyzTileSource plain(o);
        QCOMPARE(plain.tileUrl({ 3, 4, 5 }).toString(),
            QStringLiteral("https://b.tiles.example/3/4/5.png"));
        o.highDpi = true;
        XyzTileSource hidpi(o);
        QCOMPARE(hidpi.tileUrl({ 3, 4, 6 }).toString(),
            QStringLiteral("https://a.tiles.example/3/4/6@2x.png"));
        QVERIFY(XyzTileSource::defaultUserAgent().startsWith("FleetWatch/"));
        QVERIFY(XyzTileSource::defaultUserAgent().contains("(+http"));
        QCOMPARE(XyzTileSource::openStreetMap().attribution,
            QStringLiteral("© OpenStreetMap contributors"));
    }

    void onlyVisibleTilesAtMostTwoInParallel()
    {
        TileServer server;
        QVERIFY(server.start());
        QTemporaryDir cache;
        XyzTileSource source(localOptions(server.port(), cache.path()));
        MapWidget w;
        w.resize(300, 200);
        w.setTileSource(&source);
        w.setView(QGeoCoordinate(47.0, 8.0), 6);
        w.grab(); // a paint asks for the tiles in view
        const TileRange visible = w.visibleTileRange();
        const QList<TileId> expected = tilesIn(visible.grown(1));
        QVERIFY(expected.size() < 30);
        QTRY_COMPARE_WITH_TIMEOUT(server.requests.size(), expected.size(), 10000);
        QTRY_VERIFY(source.inFlight() == 0 && source.queued() == 0);
        QTest::qWait(100);
        QCOMPARE(server.requests.size(), expected.size()); // nothing more (no prefetch)
        QSet<QString> paths;
        for (const auto &r : std::as_const(server.requests)) {
            QCOMPARE(r.userAgent, XyzTileSource::defaultUserAgent());
            paths.insert(r.path);
        }
        QCOMPARE(paths.size(), expected.size()); // each once
        for (const TileId &id : expected)
            QVERIFY2(paths.contains(pathOf(id)), qPrintable(pathOf(id)));
        // The visible ones were asked for first.
        for (int i = 0; i < visible.count(); ++i) {
            const QStringList p
                = server.requests.at(i).path.mid(1).chopped(4).split(QLatin1Char('/'));
            QVERIFY(visible.contains(p.at(1).toInt(), p.at(2).toInt())
                || visible.contains(p.at(1).toInt() - (1 << visible.z), p.at(2).toInt()));
        }
        QCOMPARE(server.maxOpen, 2);

        // The tiles are painted: the centre pixel has the served colour.
        const QImage img = w.grab().toImage();
        const QGeoCoordinate c = w.screenToGeo(QPointF(150, 100));
        const TileId centre = MapProjection::tileAt(c.latitude(), c.longitude(), visible.z);
        QVERIFY(near(img.pixelColor(150, 100), tileColor(centre.z, centre.x, centre.y)));
        QCOMPARE(w.attributionText(), QStringLiteral("Test tiles"));
    }

    void freshFromDiskStaleRevalidated()
    {
        TileServer server;
        QVERIFY(server.start());
        QTemporaryDir cache;
        const QList<TileId> ids { { 5, 16, 10 }, { 5, 17, 10 }, { 5, 16, 11 } };
        {
            XyzTileSource first(localOptions(server.port(), cache.path()));
            QSignalSpy ready(&first, &TileSource::tileReady);
            first.setWanted(ids);
            QTRY_COMPARE(ready.count(), 3);
            QCOMPARE(server.requests.size(), 3);
        }
        {
            // A new source (empty memory cache), same disk cache, tiles still fresh.
            XyzTileSource second(localOptions(server.port(), cache.path()));
            QSignalSpy ready(&second, &TileSource::tileReady);
            second.setWanted(ids);
            QTRY_COMPARE(ready.count(), 3);
            QCOMPARE(server.requests.size(), 3); // no request went out
            QCOMPARE(second.requestsSent(), 0);
            QVERIFY(near(second.cachedTile(ids.at(1)).pixelColor(10, 10), tileColor(5, 17, 10)));
        }
        // Stale entries: shown straight away, then revalidated with the ETag.
        server.cacheControl = "max-age=0";
        const QList<TileId> other { { 5, 20, 12 }, { 5, 21, 12 } };
        {
            XyzTileSource third(localOptions(server.port(), cache.path()));
            QSignalSpy ready(&third, &TileSource::tileReady);
            third.setWanted(other);
            QTRY_COMPARE(ready.count(), 2);
            QTRY_COMPARE(third.inFlight(), 0);
        }
        QCOMPARE(server.requests.size(), 5);
        {
            XyzTileSource fourth(localOptions(server.port(), cache.path()));
            QSignalSpy ready(&fourth, &TileSource::tileReady);
            fourth.setWanted(other);
            QTRY_COMPARE(ready.count(), 4); // the stale copy, then the revalidated one
            QTRY_COMPARE(fourth.inFlight(), 0);
            QCOMPARE(server.requests.size(), 7);
            QCOMPARE(server.notModified, 2);
            const QSet<QByteArray> conditional { server.requests.at(5).ifNoneMatch,
                server.requests.at(6).ifNoneMatch };
            QCOMPARE(conditional, (QSet<QByteArray> { "\"/5/20/12.png\"", "\"/5/21/12.png\"" }));
            QVERIFY(near(fourth.cachedTile(other.at(1)).pixelColor(5, 5), tileColor(5, 21, 12)));
        }
    }

    void offlineFallsBackToBasemap()
    {
        TileServer server;
        QVERIFY(server.start());
        QTemporaryDir cache;
        XyzTileSource source(localOptions(server.port(), cache.path()));
        QSignalSpy failed(&source, &TileSource::tileFailed);
        MapWidget w;
        w.resize(300, 200);
        w.setTileSource(&source);
        w.setView(QGeoCoordinate(0.0, 20.0), 7); // Central Africa: land
        w.grab();
        QTRY_VERIFY(source.inFlight() == 0 && source.queued() == 0 && !server.requests.isEmpty());
        server.stop();
        w.setView(QGeoCoordinate(30.0, -40.0), 7); // mid-Atlantic: never loaded
        w.grab();
        QTRY_VERIFY_WITH_TIMEOUT(
            failed.count() > 0 && source.inFlight() == 0 && source.queued() == 0, 15000);
        const QImage img = w.grab().toImage();
        const Basemap::Palette colors = Basemap::palette(false);
        QVERIFY2(near(img.pixelColor(150, 100), colors.water),
            qPrintable(img.pixelColor(150, 100).name()));
        // Only the basemap is drawn: the credit names it, not the tile server.
        QCOMPARE(w.attributionText(), MapWidget::basemapAttribution());
        // Back over the first area the cached tiles still show.
        w.setView(QGeoCoordinate(0.0, 20.0), 7);
        const QImage back = w.grab().toImage();
        QCOMPARE(w.attributionText(), QStringLiteral("Test tiles"));
        const QGeoCoordinate c = w.screenToGeo(QPointF(150, 100));
        const TileId t = MapProjection::tileAt(c.latitude(), c.longitude(), 7);
        QVERIFY(near(back.pixelColor(150, 100), tileColor(t.z, t.x, t.y)));
        // Somewhere new over land while offline: the basemap's land colour, not grey.
        w.setView(QGeoCoordinate(48.0, 2.5), 7);
        w.grab();
        QTRY_VERIFY_WITH_TIMEOUT(source.inFlight() == 0 && source.queued() == 0, 15000);
        const QImage land = w.grab().toImage();
        QVERIFY(near(land.pixelColor(150, 100), colors.land));
        // Tiles and basemap side by side (a tile from memory beside missing ones): both named.
        w.setView(QGeoCoordinate(0.0, 24.0), 7);
        w.grab();
        QTRY_VERIFY_WITH_TIMEOUT(source.inFlight() == 0 && source.queued() == 0, 15000);
        w.grab();
        QVERIFY2(w.attributionText().contains(QStringLiteral("Test tiles"))
                && w.attributionText().contains(MapWidget::basemapAttribution()),
            qPrintable(w.attributionText()));
    }

    void mbtiles()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("test.mbtiles"));
        {
            QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("mkmb"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE metadata (name TEXT, value TEXT)")));
            QVERIFY(q.exec(
                QStringLiteral("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, "
                               "tile_row INTEGER, tile_data BLOB)")));
            const QList<std::pair<QString, QString>> meta { { QStringLiteral("name"),
                                                                QStringLiteral("Test region") },
                { QStringLiteral("attribution"), QStringLiteral("© Test contributors") },
                { QStringLiteral("minzoom"), QStringLiteral("0") },
                { QStringLiteral("maxzoom"), QStringLiteral("2") },
                { QStringLiteral("format"), QStringLiteral("png") } };
            for (const auto &[k, v] : meta) {
                q.prepare(QStringLiteral("INSERT INTO metadata VALUES (?, ?)"));
                q.addBindValue(k);
                q.addBindValue(v);
                QVERIFY(q.exec());
            }
            for (int z = 0; z <= 2; ++z) {
                for (int x = 0; x < (1 << z); ++x) {
                    for (int y = 0; y < (1 << z); ++y) {
                        q.prepare(QStringLiteral("INSERT INTO tiles VALUES (?, ?, ?, ?)"));
                        q.addBindValue(z);
                        q.addBindValue(x);
                        q.addBindValue(MbTilesSource::tmsRow(z, y)); // stored in TMS rows
                        q.addBindValue(pngTile(tileColor(z, x, y)));
                        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
                    }
                }
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("mkmb"));

        MbTilesSource source(path);
        QSignalSpy opened(&source, &MbTilesSource::opened);
        QVERIFY(opened.wait());
        QVERIFY(opened.at(0).at(0).toBool());
        QCOMPARE(source.attribution(), QStringLiteral("© Test contributors"));
        QCOMPARE(source.name(), QStringLiteral("Test region"));
        QCOMPARE(source.maxZoom(), 2);
        QSignalSpy ready(&source, &TileSource::tileReady);
        QSignalSpy failed(&source, &TileSource::tileFailed);
        source.setWanted({ { 2, 1, 0 }, { 2, 1, 3 }, { 1, 0, 1 }, { 3, 0, 0 } });
        QTRY_COMPARE(ready.count(), 3);
        QCOMPARE(failed.count(), 0); // z3 is outside the file's zoom range: never asked
        QVERIFY(near(source.cachedTile({ 2, 1, 0 }).pixelColor(1, 1), tileColor(2, 1, 0)));
        QVERIFY(near(source.cachedTile({ 2, 1, 3 }).pixelColor(1, 1), tileColor(2, 1, 3)));
        QVERIFY(near(source.cachedTile({ 1, 0, 1 }).pixelColor(1, 1), tileColor(1, 0, 1)));

        MbTilesSource missing(dir.filePath(QStringLiteral("nope.mbtiles")));
        QSignalSpy missingOpened(&missing, &MbTilesSource::opened);
        QVERIFY(missingOpened.wait());
        QVERIFY(!missingOpened.at(0).at(0).toBool());
    }
};

FW_TEST_CLASS(TestTiles)
#include "tst_tiles.moc"
