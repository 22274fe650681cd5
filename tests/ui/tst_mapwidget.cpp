// MapWidget: markers from FleetDelta batches at the right pixel and in the status colours,
// clustering at far zooms, selection both ways, follow, fit all, tooltips, zoom around the
// cursor and the basemap under everything. Rendered with grab() on the offscreen platform.
#include "TestMain.h"

#include "devicelist/StatusIndicator.h"
#include "map/Basemap.h"
#include "map/MapWidget.h"
#include "util/Clock.h"

#include <QSignalSpy>
#include <QTest>

using namespace fw;

namespace {
DeviceSnapshot device(const QString &id, ConnectionStatus status, double lat, double lon,
    bool moving = false, double course = 0)
{
    DeviceSnapshot s;
    s.device.uniqueId = id;
    s.device.name = QStringLiteral("Truck ") + id;
    s.status = status;
    s.activity.uniqueId = id;
    s.activity.hasLocation = true;
    s.activity.latitude = lat;
    s.activity.longitude = lon;
    s.activity.course = course;
    s.activity.lastPacketAt = utcTime(2024, 5, 1, 12, 0, 0);
    s.moving = moving;
    return s;
}

FleetDelta reset(const QList<DeviceSnapshot> &devices)
{
    FleetDelta d;
    d.reset = true;
    d.changed = devices;
    return d;
}

bool near(QColor a, QColor b, int tolerance = 12)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
        && std::abs(a.blue() - b.blue()) <= tolerance;
}

QPointF expectedPixel(const MapWidget &w, double lat, double lon)
{
    const QPointF world = MapProjection::toWorld(lat, lon, w.zoom());
    const QPointF center = MapProjection::toWorld(w.center(), w.zoom());
    return world - center + QPointF(w.width() / 2.0, w.height() / 2.0);
}

// Devices "a" and "b" near Milan at zoom 8 (no labels), the widget shown.
void showTwoMarkers(MapWidget &w)
{
    w.resize(400, 300);
    w.setView(QGeoCoordinate(45, 10), 8);
    w.applyDelta(reset({ device(QStringLiteral("a"), ConnectionStatus::Online, 45.2, 10.2),
        device(QStringLiteral("b"), ConnectionStatus::Online, 44.8, 9.8) }));
    w.show();
}
} // namespace

class TestMapWidget : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void markersAtTheRightPixel()
    {
        MapWidget w;
        w.resize(400, 300);
        w.setView(QGeoCoordinate(45, 10), 6);
        w.applyDelta(reset({ device(QStringLiteral("a"), ConnectionStatus::Online, 46, 11),
            device(QStringLiteral("b"), ConnectionStatus::Offline, 44, 8.5),
            device(QStringLiteral("c"), ConnectionStatus::AwaitingFirstData, 45, 10) }));
        QCOMPARE(w.markerCount(), 3);
        const QPointF pa = expectedPixel(w, 46, 11);
        QVERIFY(QLineF(*w.markerPos(QStringLiteral("a")), pa).length() < 1e-6);
        QVERIFY(QLineF(*w.markerPos(QStringLiteral("c")), QPointF(200, 150)).length() < 1e-6);
        const QList<MapWidget::Item> items = w.visibleItems();
        QCOMPARE(items.size(), 3);
        for (const auto &item : items)
            QCOMPARE(item.count, 1);

        const QImage img = w.grab().toImage();
        const QPointF pb = expectedPixel(w, 44, 8.5);
        QVERIFY2(near(img.pixelColor(pa.toPoint()), statusColor(ConnectionStatus::Online)),
            qPrintable(img.pixelColor(pa.toPoint()).name()));
        QVERIFY(near(img.pixelColor(pb.toPoint()), statusColor(ConnectionStatus::Offline)));
        // The hollow amber indicator: amber ring, not amber at the centre.
        bool amberFound = false;
        for (int dx = -7; dx <= 7 && !amberFound; ++dx)
            amberFound = near(img.pixelColor(200 + dx, 150),
                statusColor(ConnectionStatus::AwaitingFirstData), 30);
        QVERIFY(amberFound);
        QCOMPARE(w.deviceAt(pa), QStringLiteral("a"));
        QCOMPARE(w.deviceAt(pa + QPointF(40, 40)), QString());
    }

    void updatesAndRemovals()
    {
        MapWidget w;
        w.resize(400, 300);
        w.setView(QGeoCoordinate(0, 0), 5);
        QList<DeviceSnapshot> all;
        for (int i = 0; i < 20; ++i)
            all << device(QString::number(i), ConnectionStatus::Online, i * 0.5 - 5, i * 0.5 - 5);
        w.setClusterMaxZoom(0);
        w.applyDelta(reset(all));
        QCOMPARE(w.visibleItems().size(), 20);
        FleetDelta d;
        d.removed << QStringLiteral("3") << QStringLiteral("19");
        d.changed << device(QStringLiteral("5"), ConnectionStatus::Offline, 1, 1);
        DeviceSnapshot lost = device(QStringLiteral("7"), ConnectionStatus::Online, 0, 0);
        lost.activity.hasLocation = false;
        d.changed << lost;
        w.applyDelta(d);
        QCOMPARE(w.markerCount(), 17);
        QVERIFY(!w.hasMarker(QStringLiteral("3")));
        QVERIFY(!w.hasMarker(QStringLiteral("7")));
        QVERIFY(w.hasMarker(QStringLiteral("18")));
        QCOMPARE(w.visibleItems().size(), 17);
        QVERIFY(QLineF(*w.markerPos(QStringLiteral("5")), expectedPixel(w, 1, 1)).length() < 1e-6);
        QVERIFY(QLineF(*w.markerPos(QStringLiteral("18")), expectedPixel(w, 4, 4)).length() < 1e-6);
        w.applyDelta(reset({}));
        QCOMPARE(w.markerCount(), 0);
        QCOMPARE(w.visibleItems().size(), 0);
    }

    void clusteringAtLowZoom()
    {
        MapWidget w;
        w.resize(400, 300);
        QList<DeviceSnapshot> all;
        for (int i = 0; i < 50; ++i) {
            all << device(QString::number(i),
                i == 17 ? ConnectionStatus::Offline : ConnectionStatus::Online,
                52.52 + (i % 7) * 0.0001, 13.40 + (i / 7) * 0.0001);
        }
        w.setView(QGeoCoordinate(52.52, 13.40), 3);
        w.applyDelta(reset(all));
        QList<MapWidget::Item> items = w.visibleItems();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().count, 50);
        QCOMPARE(items.first().status, ConnectionStatus::Offline); // the worst wins
        const QImage img = w.grab().toImage();
        const QPoint c = items.first().pos.toPoint();
        QVERIFY2(near(img.pixelColor(c + QPoint(-9, -6)), statusColor(ConnectionStatus::Offline)),
            qPrintable(img.pixelColor(c + QPoint(-9, -6)).name()));
        QVERIFY(w.toolTipTextAt(items.first().pos).contains(QStringLiteral("50")));

        w.setZoom(17); // beyond the cluster limit: every device on its own
        items = w.visibleItems();
        QCOMPARE(items.size(), 50);
        for (const auto &item : items)
            QCOMPARE(item.count, 1);
    }

    void selectionBothWays()
    {
        MapWidget w;
        showTwoMarkers(w);
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy spy(&w, &MapWidget::deviceSelected);
        QTest::mouseClick(&w, Qt::LeftButton, {}, w.markerPos(QStringLiteral("a"))->toPoint());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("a"));
        QCOMPARE(w.selectedDevice(), QStringLiteral("a"));
        w.selectDevice(QStringLiteral("b")); // from the list: no signal back
        QCOMPARE(spy.count(), 1);
        QCOMPARE(w.selectedDevice(), QStringLiteral("b"));
        QTest::mouseClick(&w, Qt::LeftButton, {}, QPoint(5, 5)); // empty map
        QCOMPARE(spy.count(), 1);
        // The selected marker gets a ring in the highlight colour.
        const QImage img = w.grab().toImage();
        const QPointF pb = *w.markerPos(QStringLiteral("b"));
        bool ring = false;
        for (int dx = 9; dx <= 14 && !ring; ++dx)
            ring = near(img.pixelColor((pb + QPointF(dx, 0)).toPoint()),
                w.palette().color(QPalette::Highlight), 40);
        QVERIFY(ring);
    }

    void follow()
    {
        MapWidget w;
        w.resize(400, 300);
        w.setView(QGeoCoordinate(0, 0), 10);
        w.applyDelta(
            reset({ device(QStringLiteral("a"), ConnectionStatus::Online, 48.1, 11.5, true, 90) }));
        QSignalSpy spy(&w, &MapWidget::followedDeviceChanged);
        w.setFollowedDevice(QStringLiteral("a"));
        QCOMPARE(spy.count(), 1);
        QVERIFY(std::abs(w.center().latitude() - 48.1) < 1e-6);
        QVERIFY(std::abs(w.center().longitude() - 11.5) < 1e-6);
        FleetDelta d;
        d.changed << device(QStringLiteral("a"), ConnectionStatus::Online, 48.2, 11.7, true, 45);
        w.applyDelta(d);
        QVERIFY(std::abs(w.center().latitude() - 48.2) < 1e-6);
        QVERIFY(std::abs(w.center().longitude() - 11.7) < 1e-6);
        QVERIFY(QLineF(*w.markerPos(QStringLiteral("a")), QPointF(200, 150)).length() < 1e-6);
        // Dragging the map hands control back to the user.
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTest::mousePress(&w, Qt::LeftButton, {}, QPoint(100, 100));
        QTest::mouseMove(&w, QPoint(140, 120));
        QTest::mouseMove(&w, QPoint(180, 140));
        QTest::mouseRelease(&w, Qt::LeftButton, {}, QPoint(180, 140), 200);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(w.followedDevice(), QString());
    }

    void fitAll()
    {
        MapWidget w;
        w.resize(500, 400);
        w.setView(QGeoCoordinate(-30, 120), 12);
        w.applyDelta(
            reset({ device(QStringLiteral("lisbon"), ConnectionStatus::Online, 38.72, -9.14),
                device(QStringLiteral("helsinki"), ConnectionStatus::Offline, 60.17, 24.94),
                device(QStringLiteral("rome"), ConnectionStatus::Online, 41.9, 12.5) }));
        w.fitAll();
        QVERIFY(w.zoom() > 2 && w.zoom() < 6);
        const QRect inner = w.rect().adjusted(30, 30, -30, -30);
        for (const QString &id :
            { QStringLiteral("lisbon"), QStringLiteral("helsinki"), QStringLiteral("rome") })
            QVERIFY2(inner.contains(w.markerPos(id)->toPoint()), qPrintable(id));
        w.selectDevice(QStringLiteral("rome"));
        w.fitSelection();
        QCOMPARE(w.zoom(), 15.0);
        QVERIFY(QLineF(*w.markerPos(QStringLiteral("rome")), QPointF(250, 200)).length() < 1e-6);
    }

    // Far out (no labels at this zoom), pointing at a marker shows its name beside it.
    void hoverShowsName()
    {
        MapWidget w;
        showTwoMarkers(w);
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QPoint pa = w.markerPos(QStringLiteral("a"))->toPoint();
        const QRect labelArea(pa + QPoint(16, -8), QSize(60, 16));
        const QImage before = w.grab().toImage().copy(labelArea);
        QTest::mouseMove(&w, pa);
        QTRY_COMPARE(w.hoveredDevice(), QStringLiteral("a"));
        const QImage hovered = w.grab().toImage().copy(labelArea);
        QVERIFY2(hovered != before, "no name drawn beside the hovered marker");
        QTest::mouseMove(&w, QPoint(5, 5));
        QTRY_COMPARE(w.hoveredDevice(), QString());
        QCOMPARE(w.grab().toImage().copy(labelArea), before);
    }

    void toolTip()
    {
        ManualClock clock(utcTime(2024, 5, 1, 12, 3, 10));
        MapWidget w;
        w.setClock(&clock);
        w.resize(400, 300);
        w.setView(QGeoCoordinate(10, 10), 16);
        w.applyDelta(reset({ device(QStringLiteral("a"), ConnectionStatus::GpsOutdated, 10, 10) }));
        const QString text = w.toolTipTextAt(QPointF(201, 149));
        QVERIFY2(text.contains(QStringLiteral("Truck a")), qPrintable(text));
        QVERIFY(text.contains(statusTitle(ConnectionStatus::GpsOutdated)));
        QVERIFY(text.contains(QStringLiteral("3 min ago")));
        QVERIFY(w.toolTipTextAt(QPointF(20, 20)).isEmpty());
    }

    void zoomAroundCursorAndKeys()
    {
        MapWidget w;
        w.resize(400, 300);
        w.setView(QGeoCoordinate(50, 5), 6);
        const QPointF cursor(300, 80);
        const QGeoCoordinate under = w.screenToGeo(cursor);
        w.zoomAround(cursor, 8.5);
        QCOMPARE(w.zoom(), 8.5);
        const QGeoCoordinate after = w.screenToGeo(cursor);
        QVERIFY(std::abs(after.latitude() - under.latitude()) < 1e-9);
        QVERIFY(std::abs(after.longitude() - under.longitude()) < 1e-9);
        w.zoomAround(cursor, 40);
        QCOMPARE(w.zoom(), MapProjection::kMaxZoom);

        w.setView(QGeoCoordinate(50, 5), 6);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QGeoCoordinate before = w.center();
        QTest::keyClick(&w, Qt::Key_Right);
        QVERIFY(w.center().longitude() > before.longitude());
        QTest::keyClick(&w, Qt::Key_Plus);
        QTRY_COMPARE(w.zoom(), 7.0);
        QTest::keyClick(&w, Qt::Key_Minus);
        QTRY_COMPARE(w.zoom(), 6.0);
        QVERIFY(!w.accessibleName().isEmpty());
        QCOMPARE(w.focusPolicy(), Qt::StrongFocus);
    }

    void basemapUnderEverything()
    {
        MapWidget w;
        w.resize(300, 200);
        QVERIFY(w.basemap().isLoaded());
        QVERIFY(w.basemap().isLand(48.0, 2.0)); // France
        QVERIFY(!w.basemap().isLand(30.0, -40.0)); // Atlantic
        const Basemap::Palette colors = Basemap::palette(false);
        w.setView(QGeoCoordinate(0.0, 20.0), 6); // Central Africa
        QImage img = w.grab().toImage();
        QVERIFY2(near(img.pixelColor(150, 100), colors.land, 2),
            qPrintable(img.pixelColor(150, 100).name()));
        w.setView(QGeoCoordinate(30.0, -40.0), 6);
        img = w.grab().toImage();
        QVERIFY(near(img.pixelColor(150, 100), colors.water, 2));
        // Antimeridian: a view centred on 180 degrees shows Fiji's side and Russia's far east.
        w.setView(QGeoCoordinate(65.0, 179.9), 3);
        img = w.grab().toImage();
        for (const QPoint p : { QPoint(60, 60), QPoint(285, 120) }) { // Chukotka, Alaska
            const QGeoCoordinate g = w.screenToGeo(p);
            QVERIFY(w.basemap().isLand(g.latitude(), g.longitude()));
            QVERIFY2(near(img.pixelColor(p), colors.land, 2), qPrintable(img.pixelColor(p).name()));
        }
        QVERIFY(w.screenToGeo(QPoint(60, 60)).longitude() > 160);
        QVERIFY(w.screenToGeo(QPoint(285, 120)).longitude() < -150);
        QVERIFY(w.attributionText().contains(QStringLiteral("Natural Earth")));
    }
};

FW_TEST_CLASS(TestMapWidget)
#include "tst_mapwidget.moc"
