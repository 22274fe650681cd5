// MapProjection: Web Mercator round trips, pole clamp, antimeridian wrap, zoom limits, tile
// ranges of a viewport and metres per pixel for the scale bar.
#include "TestMain.h"

#include "map/MapProjection.h"

#include <QTest>
#include <cmath>

using namespace fw;

class TestMapProjection : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("zoom");
        QTest::newRow("origin z0") << 0.0 << 0.0 << 0.0;
        QTest::newRow("berlin z10") << 52.52 << 13.405 << 10.0;
        QTest::newRow("sydney z15.5") << -33.8688 << 151.2093 << 15.5;
        QTest::newRow("anchorage z3.25") << 61.2181 << -149.9003 << 3.25;
        QTest::newRow("near max lat z19") << 85.0 << -179.99 << 19.0;
        QTest::newRow("near min lat z7") << -85.0 << 179.99 << 7.0;
    }
    void roundTrip()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(double, zoom);
        const QPointF w = MapProjection::toWorld(lat, lon, zoom);
        const QGeoCoordinate back = MapProjection::toGeo(w, zoom);
        QVERIFY2(
            std::abs(back.latitude() - lat) < 1e-9, qPrintable(QString::number(back.latitude())));
        QVERIFY(std::abs(back.longitude() - lon) < 1e-9);
    }

    void knownPixels_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("zoom");
        QTest::addColumn<QPointF>("world");
        QTest::newRow("centre z0") << 0.0 << 0.0 << 0.0 << QPointF(128, 128);
        QTest::newRow("centre z1") << 0.0 << 0.0 << 1.0 << QPointF(256, 256);
        QTest::newRow("west edge") << 0.0 << -180.0 << 2.0 << QPointF(0, 512);
        QTest::newRow("north edge") << 85.05112878 << 0.0 << 0.0 << QPointF(128, 0);
        QTest::newRow("south edge") << -85.05112878 << 90.0 << 0.0 << QPointF(192, 256);
    }
    void knownPixels()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(double, zoom);
        QFETCH(QPointF, world);
        const QPointF w = MapProjection::toWorld(lat, lon, zoom);
        QVERIFY2(std::abs(w.x() - world.x()) < 1e-6 && std::abs(w.y() - world.y()) < 1e-6,
            qPrintable(QStringLiteral("%1,%2").arg(w.x()).arg(w.y())));
    }

    void poleClamp_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("expectedY");
        QTest::newRow("north pole") << 90.0 << 0.0;
        QTest::newRow("89") << 89.0 << 0.0;
        QTest::newRow("south pole") << -90.0 << 1.0;
        QTest::newRow("-86") << -86.0 << 1.0;
    }
    void poleClamp()
    {
        QFETCH(double, lat);
        QFETCH(double, expectedY);
        QVERIFY(std::abs(MapProjection::toNormalized(lat, 10).y() - expectedY) < 1e-9);
        const double back
            = MapProjection::fromNormalized(MapProjection::toNormalized(lat, 0)).latitude();
        QVERIFY(std::abs(std::abs(back) - MapProjection::kMaxLatitude) < 1e-6);
        QCOMPARE(MapProjection::clampLatitude(lat),
            lat > 0 ? MapProjection::kMaxLatitude : -MapProjection::kMaxLatitude);
    }

    void antimeridian_data()
    {
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("wrapped");
        QTest::newRow("190") << 190.0 << -170.0;
        QTest::newRow("-190") << -190.0 << 170.0;
        QTest::newRow("540") << 540.0 << -180.0;
        QTest::newRow("-180") << -180.0 << -180.0;
        QTest::newRow("179.5") << 179.5 << 179.5;
        QTest::newRow("725") << 725.0 << 5.0;
    }
    void antimeridian()
    {
        QFETCH(double, lon);
        QFETCH(double, wrapped);
        QVERIFY(std::abs(MapProjection::wrapLongitude(lon) - wrapped) < 1e-9);
        // World x past either edge folds back onto the same meridian.
        const double size = MapProjection::worldSize(4);
        const QPointF p = MapProjection::toWorld(10, wrapped, 4);
        const QGeoCoordinate east = MapProjection::toGeo(p + QPointF(size, 0), 4);
        const QGeoCoordinate west = MapProjection::toGeo(p - QPointF(3 * size, 0), 4);
        QVERIFY(std::abs(east.longitude() - wrapped) < 1e-9);
        QVERIFY(std::abs(west.longitude() - wrapped) < 1e-9);
        QVERIFY(std::abs(MapProjection::wrapX(p.x() + 2 * size, 4) - p.x()) < 1e-6);
    }

    void zoomLimits_data()
    {
        QTest::addColumn<double>("zoom");
        QTest::addColumn<double>("clamped");
        QTest::addColumn<int>("tileZoom");
        QTest::newRow("-3") << -3.0 << 0.0 << 0;
        QTest::newRow("0") << 0.0 << 0.0 << 0;
        QTest::newRow("4.4") << 4.4 << 4.4 << 4;
        QTest::newRow("4.6") << 4.6 << 4.6 << 5;
        QTest::newRow("19") << 19.0 << 19.0 << 19;
        QTest::newRow("25") << 25.0 << 19.0 << 19;
    }
    void zoomLimits()
    {
        QFETCH(double, zoom);
        QFETCH(double, clamped);
        QFETCH(int, tileZoom);
        QCOMPARE(MapProjection::clampZoom(zoom), clamped);
        QCOMPARE(MapProjection::tileZoom(zoom), tileZoom);
        QCOMPARE(
            MapProjection::worldSize(MapProjection::clampZoom(zoom)), 256.0 * std::exp2(clamped));
    }

    void tileAt_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<int>("z");
        QTest::addColumn<int>("x");
        QTest::addColumn<int>("y");
        QTest::newRow("z0") << 10.0 << 10.0 << 0 << 0 << 0;
        QTest::newRow("berlin z10") << 52.52 << 13.405 << 10 << 550 << 335;
        QTest::newRow("nw corner z3") << 85.0 << -180.0 << 3 << 0 << 0;
        QTest::newRow("se corner z3") << -85.0 << 179.999 << 3 << 7 << 7;
        QTest::newRow("clamped z25") << 0.0 << 0.0 << 25 << (1 << 18) << (1 << 18);
    }
    void tileAt()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(int, z);
        QFETCH(int, x);
        QFETCH(int, y);
        const TileId t = MapProjection::tileAt(lat, lon, z);
        QCOMPARE(t.x, x);
        QCOMPARE(t.y, y);
        QCOMPARE(t.z, std::min(z, 19));
    }

    void visibleTiles_data()
    {
        QTest::addColumn<QPointF>("center");
        QTest::addColumn<QSizeF>("size");
        QTest::addColumn<double>("zoom");
        QTest::addColumn<int>("z");
        QTest::addColumn<int>("x0");
        QTest::addColumn<int>("x1");
        QTest::addColumn<int>("y0");
        QTest::addColumn<int>("y1");
        // 512x512 view centred on the corner of four tiles at z2: tiles 1..2 both ways.
        QTest::newRow("aligned") << QPointF(512, 512) << QSizeF(512, 512) << 2.0 << 2 << 1 << 2 << 1
                                 << 2;
        QTest::newRow("offset") << QPointF(600, 600) << QSizeF(512, 512) << 2.0 << 2 << 1 << 3 << 1
                                << 3;
        // The whole world at z0 in a large view: one tile row, several copies in x.
        QTest::newRow("world z0") << QPointF(128, 128) << QSizeF(800, 600) << 0.0 << 0 << -2 << 2
                                  << 0 << 0;
        // Across the antimeridian at z3: x runs below 0.
        QTest::newRow("antimeridian")
            << QPointF(10, 1024) << QSizeF(600, 400) << 3.0 << 3 << -2 << 1 << 3 << 4;
        // Fractional zoom 2.4 draws level-2 tiles at 256 * 2^0.4 = 337.8 px.
        QTest::newRow("fractional")
            << QPointF(675.6, 675.6) << QSizeF(600, 600) << 2.4 << 2 << 1 << 2 << 1 << 2;
    }
    void visibleTiles()
    {
        QFETCH(QPointF, center);
        QFETCH(QSizeF, size);
        QFETCH(double, zoom);
        QFETCH(int, z);
        QFETCH(int, x0);
        QFETCH(int, x1);
        QFETCH(int, y0);
        QFETCH(int, y1);
        const TileRange r = MapProjection::visibleTiles(center, size, zoom);
        QCOMPARE(r.z, z);
        QCOMPARE(r.x0, x0);
        QCOMPARE(r.x1, x1);
        QCOMPARE(r.y0, y0);
        QCOMPARE(r.y1, y1);
        const TileRange g = r.grown(1);
        QCOMPARE(g.x0, x0 - 1);
        QCOMPARE(g.y0, std::max(0, y0 - 1));
        QCOMPARE(g.y1, std::min((1 << z) - 1, y1 + 1));
    }

    void metresPerPixel_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("zoom");
        QTest::addColumn<double>("metres");
        QTest::newRow("equator z0") << 0.0 << 0.0 << 156543.03392;
        QTest::newRow("equator z10") << 0.0 << 10.0 << 152.87405657;
        QTest::newRow("60N z10") << 60.0 << 10.0 << 76.43702829;
        QTest::newRow("equator z19") << 0.0 << 19.0 << 0.29858214;
        QTest::newRow("clamped z30") << 0.0 << 30.0 << 0.29858214;
    }
    void metresPerPixel()
    {
        QFETCH(double, lat);
        QFETCH(double, zoom);
        QFETCH(double, metres);
        const double m = MapProjection::metresPerPixel(lat, zoom);
        QVERIFY2(std::abs(m - metres) / metres < 1e-6, qPrintable(QString::number(m, 'f', 8)));
    }

    void zoomToFit()
    {
        // A quarter of the world wide in a 256 px wide view needs zoom 2.
        QCOMPARE(MapProjection::zoomToFit(QRectF(0.25, 0.25, 0.25, 0.1), QSizeF(256, 256)), 2.0);
        QCOMPARE(MapProjection::zoomToFit(QRectF(0.5, 0.5, 0, 0), QSizeF(256, 256)), 19.0);
        QCOMPARE(MapProjection::zoomToFit(QRectF(0, 0, 1, 1), QSizeF(100, 100)), 0.0);
    }
};

FW_TEST_CLASS(TestMapProjection)
#include "tst_mapprojection.moc"
