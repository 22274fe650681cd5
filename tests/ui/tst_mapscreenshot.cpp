// A screenshot of the map tab with a demo-like fleet (~200 devices over Europe, every status)
// on the built-in basemap, saved to $FW_BINARY_DIR/screenshots/map.png for the docs and checked
// not to be blank: many colours, land present, marker colours present. Run under xvfb-run too.
#include "TestMain.h"

#include "devicelist/StatusIndicator.h"
#include "map/Basemap.h"
#include "map/MapView.h"
#include "map/MapWidget.h"
#include "map/ReplayBar.h"
#include "util/Clock.h"

#include <QDir>
#include <QRandomGenerator>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace fw;

namespace {
bool near(QColor a, QColor b, int tolerance)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
        && std::abs(a.blue() - b.blue()) <= tolerance;
}
} // namespace

class TestMapScreenshot : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().remove(QStringLiteral("map"));
        QLocale::setDefault(QLocale::c());
    }

    void screenshot()
    {
        const TimeMs now = utcTime(2024, 5, 1, 12, 0, 0);
        ManualClock clock(now);
        MapView view(&clock);
        view.setSource(MapView::builtInSourceName());
        view.resize(1000, 700);
        struct City
        {
            const char *name;
            double lat;
            double lon;
        };
        const City cities[] = { { "Berlin", 52.52, 13.40 }, { "Paris", 48.86, 2.35 },
            { "Madrid", 40.42, -3.70 }, { "Rome", 41.90, 12.50 }, { "Warsaw", 52.23, 21.01 },
            { "Vienna", 48.21, 16.37 }, { "Oslo", 59.91, 10.75 }, { "London", 51.51, -0.13 },
            { "Kyiv", 50.45, 30.52 }, { "Lyon", 45.76, 4.84 } };
        const ConnectionStatus weights[] = { ConnectionStatus::Online, ConnectionStatus::Online,
            ConnectionStatus::Online, ConnectionStatus::Online, ConnectionStatus::GpsOutdated,
            ConnectionStatus::Offline, ConnectionStatus::Offline,
            ConnectionStatus::AwaitingFirstData, ConnectionStatus::Blocked,
            ConnectionStatus::JustRegistered };
        QRandomGenerator rng(42);
        FleetDelta delta;
        delta.reset = true;
        for (int i = 0; i < 200; ++i) {
            const City &c = cities[i % 10];
            DeviceSnapshot s;
            s.device.uniqueId = QStringLiteral("35000000000%1").arg(i, 4, 10, QLatin1Char('0'));
            s.device.name = QStringLiteral("%1 %2").arg(QLatin1String(c.name)).arg(i / 10 + 1);
            s.status = weights[rng.bounded(10)];
            s.activity.hasLocation = true;
            s.activity.latitude = c.lat + rng.generateDouble() * 3.0 - 1.5;
            s.activity.longitude = c.lon + rng.generateDouble() * 4.0 - 2.0;
            s.activity.course = rng.bounded(360);
            s.activity.lastPacketAt = now - rng.bounded(600) * kSecond;
            s.moving = s.status == ConnectionStatus::Online && rng.bounded(2) == 0;
            delta.changed << s;
        }
        view.applyDelta(delta);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.map()->setView(QGeoCoordinate(50.0, 12.0), 4.6);
        view.map()->setClusterMaxZoom(4.5); // individual markers in the picture
        view.map()->selectDevice(delta.changed.at(0).device.uniqueId);
        const QImage img = view.grab().toImage().convertToFormat(QImage::Format_RGB32);

        const QString dir = QStringLiteral(FW_BINARY_DIR) + QStringLiteral("/screenshots");
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(img.save(dir + QStringLiteral("/map.png")));

        QSet<QRgb> colours;
        int land = 0;
        int green = 0;
        int red = 0;
        int amber = 0;
        const Basemap::Palette basemap
            = Basemap::palette(view.map()->palette().color(QPalette::Window).lightness() < 128);
        for (int y = 0; y < img.height(); y += 2) {
            for (int x = 0; x < img.width(); x += 2) {
                const QColor c = img.pixelColor(x, y);
                colours.insert(c.rgb());
                land += near(c, basemap.land, 2);
                green += near(c, statusColor(ConnectionStatus::Online), 10);
                red += near(c, statusColor(ConnectionStatus::Offline), 10);
                amber += near(c, statusColor(ConnectionStatus::AwaitingFirstData), 10);
            }
        }
        const int samples = (img.width() / 2) * (img.height() / 2);
        QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
        QVERIFY2(land > samples / 10, qPrintable(QString::number(land)));
        QVERIFY2(green > 100, qPrintable(QString::number(green)));
        QVERIFY2(red > 30, qPrintable(QString::number(red)));
        QVERIFY2(amber > 5, qPrintable(QString::number(amber)));
        QCOMPARE(view.map()->markerCount(), 200);
    }
};

FW_TEST_CLASS(TestMapScreenshot)
#include "tst_mapscreenshot.moc"
