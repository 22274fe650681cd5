// Map paint cost: one frame of MapWidget with 10,000 markers (clustered on the screen grid) at
// zooms 3, 6, 10 and 14 on the built-in basemap, and the pan frame rate over a tile set held in
// memory (a local source generating tiles, all cached before timing). One JSON object per line.
#include "map/MapWidget.h"
#include "map/TileSource.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>

using namespace fw;

namespace {
// A local tile set: tiles are generated on request and answered at once.
class GeneratedTiles : public TileSource
{
public:
    QString name() const override { return QStringLiteral("generated"); }
    QString attribution() const override { return QStringLiteral("generated"); }

protected:
    void startLoad(const TileId &id) override
    {
        QImage image(256, 256, QImage::Format_ARGB32_Premultiplied);
        image.fill(QColor::fromHsv((id.x * 37 + id.y * 11) % 360, 60, 230));
        QPainter p(&image);
        p.setPen(Qt::gray);
        p.drawRect(0, 0, 255, 255);
        p.end();
        finishLoad(id, image);
    }
};

FleetDelta fleet(int count)
{
    QRandomGenerator rng(7);
    FleetDelta d;
    d.reset = true;
    const double centres[][2] = { { 52.52, 13.40 }, { 48.86, 2.35 }, { 40.42, -3.70 },
        { 41.90, 12.50 }, { 50.45, 30.52 }, { 59.33, 18.07 }, { 45.46, 9.19 }, { 53.55, 9.99 } };
    const ConnectionStatus statuses[] = { ConnectionStatus::Online, ConnectionStatus::Online,
        ConnectionStatus::GpsOutdated, ConnectionStatus::Offline, ConnectionStatus::Blocked,
        ConnectionStatus::AwaitingFirstData };
    for (int i = 0; i < count; ++i) {
        const auto &c = centres[i % 8];
        DeviceSnapshot s;
        s.device.uniqueId = QString::number(100000 + i);
        s.device.name = QStringLiteral("Vehicle %1").arg(i);
        s.status = statuses[rng.bounded(6)];
        s.activity.hasLocation = true;
        // Dense cores with a long tail, like vehicles around depots.
        const double r = std::pow(rng.generateDouble(), 2.0) * 3.0;
        const double a = rng.generateDouble() * 6.283185307;
        s.activity.latitude = c[0] + r * std::sin(a);
        s.activity.longitude = c[1] + r * 1.5 * std::cos(a);
        s.activity.course = rng.bounded(360);
        s.moving = rng.bounded(3) == 0;
        d.changed << s;
    }
    return d;
}

double frameMs(MapWidget &w, QImage &target)
{
    QElapsedTimer t;
    t.start();
    w.render(&target);
    return t.nsecsElapsed() / 1e6;
}
} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    constexpr int kMarkers = 10000;
    MapWidget w;
    w.resize(1280, 800);
    QImage target(w.size(), QImage::Format_ARGB32_Premultiplied);
    w.applyDelta(fleet(kMarkers));

    for (double zoom : { 3.0, 6.0, 10.0, 14.0 }) {
        w.setView(QGeoCoordinate(52.50, 13.40), zoom);
        for (int i = 0; i < 3; ++i)
            frameMs(w, target); // warm-up: basemap tiles and sprites cached
        std::vector<double> samples;
        for (int i = 0; i < 30; ++i) {
            w.panBy(QPointF(1, 0)); // a fresh layout each frame, as when live data arrives
            samples.push_back(frameMs(w, target));
        }
        std::sort(samples.begin(), samples.end());
        std::printf(
            "{\"bench\":\"map.paint\",\"markers\":%d,\"zoom\":%g,\"items\":%lld,\"ms\":%.3f,"
            "\"p90_ms\":%.3f}\n",
            kMarkers, zoom, static_cast<long long>(w.visibleItems().size()), samples[15],
            samples[27]);
        std::fflush(stdout);
    }

    // Live updates: a delta of 1,000 moved devices, applied and painted.
    {
        w.setView(QGeoCoordinate(52.50, 13.40), 6);
        FleetDelta moved = fleet(kMarkers);
        moved.reset = false;
        moved.changed = moved.changed.mid(0, 1000);
        for (auto &s : moved.changed)
            s.activity.latitude += 0.01;
        QElapsedTimer t;
        t.start();
        w.applyDelta(moved);
        frameMs(w, target);
        std::printf("{\"bench\":\"map.delta_paint\",\"markers\":%d,\"changed\":1000,\"ms\":%.3f}\n",
            kMarkers, t.nsecsElapsed() / 1e6);
    }

    // Panning over cached tiles.
    GeneratedTiles tiles;
    tiles.setMemoryCacheTiles(2000);
    w.setTileSource(&tiles);
    w.setView(QGeoCoordinate(52.50, 13.40), 12);
    constexpr int kFrames = 240;
    const QPointF step(6, 3);
    for (int pass = 0; pass < 2; ++pass) { // first pass loads every tile on the path
        w.setView(QGeoCoordinate(52.50, 13.40), 12);
        for (int i = 0; i < kFrames; ++i) {
            w.panBy(step);
            frameMs(w, target);
        }
    }
    w.setView(QGeoCoordinate(52.50, 13.40), 12);
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < kFrames; ++i) {
        w.panBy(step);
        w.render(&target);
    }
    const double ms = t.nsecsElapsed() / 1e6;
    std::printf(
        "{\"bench\":\"map.pan\",\"markers\":%d,\"zoom\":12,\"frames\":%d,\"ms_per_frame\":%.3f,"
        "\"fps\":%.1f}\n",
        kMarkers, kFrames, ms / kFrames, kFrames * 1000.0 / ms);
    return 0;
}
