// Geofences on the map: the layer draws each geofence's outline where its coordinates are (and
// nothing when hidden), across the antimeridian too; a GeofenceDraft drawn with real mouse
// events on a MapWidget: clicks add vertices (quick clicks do not zoom), dragging a vertex moves
// it, dragging inside moves the whole polygon, a circle's handle resizes it, and undo walks back
// one change at a time.
#include "TestMain.h"

#include "geo/GeofenceIndex.h"
#include "geofences/GeofenceDraft.h"
#include "map/MapWidget.h"

#include <QSignalSpy>
#include <QTest>

using namespace fw;

namespace {
Geofence circle(const QString &name, double lat, double lon, double radius)
{
    Geofence g;
    g.name = name;
    g.kind = GeofenceKind::Circle;
    g.points = { { lat, lon } };
    g.radiusM = radius;
    return g;
}

QPointF pixelOf(const MapWidget &w, double lat, double lon)
{
    const QPointF world = MapProjection::toWorld(lat, lon, w.zoom());
    const QPointF center = MapProjection::toWorld(w.center(), w.zoom());
    return world - center + QPointF(w.width() / 2.0, w.height() / 2.0);
}

// How far the colour at `p` is from the same pixel of `other`.
int difference(const QImage &a, const QImage &b, QPoint p)
{
    const QColor x = a.pixelColor(p), y = b.pixelColor(p);
    return std::abs(x.red() - y.red()) + std::abs(x.green() - y.green())
        + std::abs(x.blue() - y.blue());
}

void click(MapWidget &w, QPointF at)
{
    QTest::mouseClick(&w, Qt::LeftButton, {}, at.toPoint());
}

void dragOn(MapWidget &w, QPointF from, QPointF to)
{
    QTest::mousePress(&w, Qt::LeftButton, {}, from.toPoint());
    for (int i = 1; i <= 5; ++i) {
        const QPointF at = from + (to - from) * i / 5.0;
        QMouseEvent move(
            QEvent::MouseMove, at, w.mapToGlobal(at), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &move);
    }
    QTest::mouseRelease(&w, Qt::LeftButton, {}, to.toPoint());
}
} // namespace

class TstGeofenceMap : public QObject
{
    Q_OBJECT

private slots:
    void layerDrawsWhereTheGeofenceIs()
    {
        MapWidget w;
        w.resize(400, 300);
        w.setView(QGeoCoordinate(50.0, 14.0), 13);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QImage without = w.grab().toImage();
        w.setGeofences({ circle(QStringLiteral("depot"), 50.0, 14.0, 500) });
        QCOMPARE(w.geofenceLayer().count(), 1);
        const QImage with = w.grab().toImage();
        const QPoint centre = pixelOf(w, 50.0, 14.0).toPoint();
        // 500 m at zoom 13 and latitude 50 is about 42 px: inside tinted, far outside not.
        QVERIFY2(difference(with, without, centre + QPoint(20, 0)) > 20,
            "the inside of the circle is tinted");
        QCOMPARE(difference(with, without, centre + QPoint(150, 100)), 0);
        // The outline: the edge 42 px east of the centre differs more than the inside.
        int edge = 0;
        for (int dx = 38; dx <= 46; ++dx)
            edge = std::max(edge, difference(with, without, centre + QPoint(dx, 0)));
        QVERIFY(edge > difference(with, without, centre + QPoint(20, 0)));

        w.setGeofencesVisible(false);
        const QImage hidden = w.grab().toImage();
        QCOMPARE(difference(hidden, without, centre + QPoint(20, 0)), 0);
    }

    void layerKeepsAnAntimeridianPolygonWhole()
    {
        Geofence g;
        g.name = QStringLiteral("dateline");
        g.kind = GeofenceKind::Polygon;
        g.points = { { 10, 179 }, { 10, -179 }, { 12, -179 }, { 12, 179 } };
        MapWidget w;
        w.setGeofences({ g });
        const QPolygonF outline = w.geofenceLayer().outline(QStringLiteral("dateline"));
        QVERIFY(outline.size() >= 4);
        // Two degrees wide, not 358: longitudes unwrapped along the ring.
        QVERIFY2(outline.boundingRect().width() < 3.0 / 360.0,
            qPrintable(QString::number(outline.boundingRect().width() * 360)));
    }

    void polygonDrawnWithTheMouse()
    {
        MapWidget w;
        w.resize(400, 300);
        w.setView(QGeoCoordinate(50.0, 14.0), 14);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        GeofenceDraft draft(GeofenceKind::Polygon);
        QSignalSpy undo(&draft, &GeofenceDraft::undoAvailable);
        w.setTool(&draft);
        const double zoom = w.zoom();
        click(w, { 100, 100 });
        QTest::qWait(QApplication::doubleClickInterval() + 50);
        click(w, { 300, 100 });
        // A double click (press, release, double click, release) adds one corner, and no zoom.
        click(w, { 300, 220 });
        QMouseEvent dbl(QEvent::MouseButtonDblClick, QPointF(300, 220),
            w.mapToGlobal(QPointF(300, 220)), Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &dbl);
        QTest::mouseRelease(&w, Qt::LeftButton, {}, QPoint(300, 220));
        QTest::qWait(50);
        QCOMPARE(w.zoom(), zoom);
        QCOMPARE(draft.points().size(), 3);
        QVERIFY(draft.isComplete());
        QCOMPARE(undo.first().first().toBool(), true);
        const GeoPoint second = draft.points().at(1);
        QVERIFY(std::abs(pixelOf(w, second.lat, second.lon).x() - 300) < 1.0);

        // Drag the second corner 50 px down.
        dragOn(w, { 300, 100 }, { 300, 150 });
        QVERIFY(std::abs(pixelOf(w, draft.points().at(1).lat, draft.points().at(1).lon).y() - 150)
            < 1.0);
        QCOMPARE(w.center().latitude(), 50.0); // the map did not pan
        // Drag the inside: every corner moves 40 px left.
        const QList<GeoPoint> before = draft.points();
        dragOn(w, { 250, 140 }, { 210, 140 });
        for (int i = 0; i < 3; ++i) {
            const double dx = pixelOf(w, draft.points().at(i).lat, draft.points().at(i).lon).x()
                - pixelOf(w, before.at(i).lat, before.at(i).lon).x();
            QVERIFY2(std::abs(dx + 40) < 1.0, qPrintable(QString::number(dx)));
        }
        // Undo: the move, then the corner drag.
        draft.undo();
        QCOMPARE(draft.points().at(0).lon, before.at(0).lon);
        draft.undo();
        QVERIFY(std::abs(pixelOf(w, draft.points().at(1).lat, draft.points().at(1).lon).y() - 100)
            < 1.0);
        // Dragging outside the polygon pans the map and changes nothing.
        const QList<GeoPoint> kept = draft.points();
        dragOn(w, { 30, 280 }, { 60, 260 });
        QCOMPARE(draft.points().at(0).lat, kept.at(0).lat);
        QVERIFY(w.center().latitude() != 50.0);

        Geofence base;
        base.name = QStringLiteral("yard");
        base.speedLimitKph = 20;
        const Geofence g = draft.toGeofence(base);
        QCOMPARE(g.kind, GeofenceKind::Polygon);
        QCOMPARE(g.speedLimitKph, 20.0);
        QVERIFY2(g.validate().isEmpty(), qPrintable(g.validate()));
        QVERIFY(!GeofenceIndex::geometryOf(g).isEmpty());
        w.setTool(nullptr);
    }

    void circleMovedAndResized()
    {
        MapWidget w;
        w.resize(400, 300);
        w.setView(QGeoCoordinate(50.0, 14.0), 14);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        GeofenceDraft draft(GeofenceKind::Circle);
        w.setTool(&draft);
        QVERIFY(!draft.isComplete());
        click(w, { 200, 150 });
        QVERIFY(draft.isComplete());
        const double r0 = draft.radiusM();
        QVERIFY(r0 > 0);
        // The handle sits on the ring, east of the centre: drag it 40 px further out.
        const GeoPoint c = draft.points().first();
        const QPointF centre = pixelOf(w, c.lat, c.lon);
        const double metresPerPx = 2 * M_PI * MapProjection::kEarthRadius
            * std::cos(c.lat * M_PI / 180) / MapProjection::worldSize(w.zoom());
        const QPointF handle = centre + QPointF(r0 / metresPerPx, 0);
        dragOn(w, handle, handle + QPointF(40, 0));
        QVERIFY2(std::abs(draft.radiusM() - (r0 + 40 * metresPerPx)) < 2 * metresPerPx,
            qPrintable(QStringLiteral("%1 -> %2").arg(r0).arg(draft.radiusM())));
        // Drag the centre: the circle moves, the radius stays.
        const double r1 = draft.radiusM();
        dragOn(w, centre, centre + QPointF(-30, 20));
        const GeoPoint moved = draft.points().first();
        QVERIFY(std::abs(pixelOf(w, moved.lat, moved.lon).x() - (centre.x() - 30)) < 1.0);
        QCOMPARE(draft.radiusM(), r1);
        draft.undo();
        draft.undo();
        QCOMPARE(draft.radiusM(), r0);
        draft.undo();
        QVERIFY(!draft.isComplete());
        QVERIFY(!draft.canUndo());
    }
    void corridorWidthIsAnUndoStep()
    {
        GeofenceDraft draft(GeofenceKind::Corridor);
        const MapViewport view(MapProjection::toNormalized(50.0, 14.0), 14, QSizeF(400, 300));
        draft.click({ 50, 150 }, view);
        QVERIFY(!draft.isComplete());
        draft.click({ 350, 150 }, view);
        QVERIFY(draft.isComplete());
        const double width = draft.corridorWidth();
        draft.setCorridorWidth(250);
        Geofence base;
        base.name = QStringLiteral("road");
        Geofence g = draft.toGeofence(base);
        QCOMPARE(g.kind, GeofenceKind::Corridor);
        QCOMPARE(g.widthM, 250.0);
        QCOMPARE(g.radiusM, 0.0);
        QVERIFY2(g.validate().isEmpty(), qPrintable(g.validate()));
        QVERIFY(!GeofenceIndex::geometryOf(g).isEmpty());
        // Dragging along the route moves the whole corridor; a press beside it does not grab.
        QVERIFY(!draft.press({ 200, 200 }, view));
        QVERIFY(draft.press({ 200, 151 }, view));
        draft.drag({ 200, 171 }, view);
        draft.release();
        QVERIFY(draft.points().at(0).lat < 50.0);
        draft.undo();
        draft.undo();
        QCOMPARE(draft.corridorWidth(), width);
        QCOMPARE(draft.points().size(), 2);
    }
    // An imported polygon with a hole: editing keeps the hole, and moving the polygon moves it.
    void holeKeptAndMovedWhenEditing()
    {
        Geofence lake;
        lake.name = QStringLiteral("lake");
        lake.kind = GeofenceKind::Polygon;
        lake.points = { { 50.0, 14.0 }, { 50.0, 14.02 }, { 50.02, 14.02 }, { 50.02, 14.0 } };
        lake.holes = { { { 50.005, 14.005 }, { 50.005, 14.01 }, { 50.01, 14.01 } } };
        GeofenceDraft draft(GeofenceKind::Polygon);
        draft.setGeofence(lake);
        QCOMPARE(draft.toGeofence(lake).holes.size(), 1);
        const MapViewport view(MapProjection::toNormalized(50.01, 14.01), 14, QSizeF(400, 300));
        const QPointF inside = view.toScreen(MapProjection::toNormalized(50.015, 14.015));
        QVERIFY(draft.press(inside, view));
        draft.drag(inside + QPointF(0, 30), view);
        draft.release();
        const Geofence moved = draft.toGeofence(lake);
        const double dLat = moved.points.first().lat - lake.points.first().lat;
        QVERIFY(dLat < -0.001);
        QCOMPARE(moved.holes.size(), 1);
        QVERIFY(std::abs(moved.holes.first().first().lat - (50.005 + dLat)) < 1e-9);
        QVERIFY2(moved.validate().isEmpty(), qPrintable(moved.validate()));
        draft.undo();
        QCOMPARE(draft.toGeofence(lake).holes.first().first().lat, 50.005);
    }
};

FW_TEST_CLASS(TstGeofenceMap)
#include "tst_geofencemap.moc"
