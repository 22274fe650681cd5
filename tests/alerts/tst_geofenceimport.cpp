// Geofences from GeoJSON, KML and GPX (one per feature, placemark, track or route), their GeoJSON
// geometry, and clear errors (never a crash) for bad files and bad shapes.
#include "TestMain.h"

#include "geo/GeofenceImport.h"
#include "geo/GeofenceIndex.h"

#include <QJsonArray>
#include <QTest>

using namespace fw;

class TstGeofenceImport : public QObject
{
    Q_OBJECT
private slots:
    void geoJson()
    {
        const QByteArray data = R"({"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"yard","speedLimitKph":20},
             "geometry":{"type":"Polygon","coordinates":[[[14.0,50.0],[14.01,50.0],[14.01,50.01],[14.0,50.01],[14.0,50.0]]]}},
            {"type":"Feature","properties":{"width":100},
             "geometry":{"type":"LineString","coordinates":[[14.0,50.0],[14.1,50.1]]}},
            {"type":"Feature","properties":{"name":"gate","radius":250},
             "geometry":{"type":"Point","coordinates":[14.2,50.2]}}]})";
        const GeofenceImportResult r = GeofenceImport::read(data, QStringLiteral("zones"));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.geofences.size(), 3);
        QCOMPARE(r.geofences.at(0).name, QStringLiteral("yard"));
        QCOMPARE(r.geofences.at(0).kind, GeofenceKind::Polygon);
        QCOMPARE(r.geofences.at(0).speedLimitKph, 20.0);
        QCOMPARE(r.geofences.at(0).points.first().lat, 50.0);
        QCOMPARE(r.geofences.at(1).name, QStringLiteral("zones-2"));
        QCOMPARE(r.geofences.at(1).kind, GeofenceKind::Corridor);
        QCOMPARE(r.geofences.at(1).widthM, 100.0);
        QCOMPARE(r.geofences.at(2).kind, GeofenceKind::Circle);
        QCOMPARE(r.geofences.at(2).radiusM, 250.0);
        for (const Geofence &g : r.geofences) {
            QString error;
            const QJsonObject geometry = GeofenceIndex::geometryOf(g, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QCOMPARE(geometry.value(QStringLiteral("type")).toString(), QStringLiteral("Polygon"));
            const QJsonArray ring
                = geometry.value(QStringLiteral("coordinates")).toArray().first().toArray();
            QVERIFY(ring.size() >= 4);
            QCOMPARE(ring.first(), ring.last()); // closed
        }
    }

    void kml()
    {
        const QByteArray data = R"(<?xml version="1.0"?>
<kml><Document><name>doc</name>
<Placemark><name>field</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
14.0,50.0,0 14.01,50.0,0 14.01,50.01,0 14.0,50.01,0 14.0,50.0,0
</coordinates></LinearRing></outerBoundaryIs><innerBoundaryIs><LinearRing><coordinates>
14.004,50.004 14.006,50.004 14.006,50.006 14.004,50.006 14.004,50.004
</coordinates></LinearRing></innerBoundaryIs></Polygon></Placemark>
<Placemark><name>road</name><LineString><coordinates>14.0,50.0 14.1,50.0</coordinates></LineString></Placemark>
</Document></kml>)";
        const GeofenceImportResult r = GeofenceImport::read(data, QStringLiteral("k"), 40);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.geofences.size(), 2);
        QCOMPARE(r.geofences.at(0).name, QStringLiteral("field"));
        QCOMPARE(r.geofences.at(0).holes.size(), 1);
        QCOMPARE(r.geofences.at(1).kind, GeofenceKind::Corridor);
        QCOMPARE(r.geofences.at(1).widthM, 40.0);
        GeofenceIndex index;
        index.rebuild(r.geofences);
        std::vector<int> hits;
        index.containing({ 50.005, 14.005 }, hits); // in the hole
        QVERIFY(hits.empty());
        index.containing({ 50.002, 14.002 }, hits);
        QCOMPARE(hits, std::vector<int>({ 0 }));
        index.containing({ 50.0001, 14.05 }, hits); // 11 m from the road, 20 m allowed
        QCOMPARE(hits, std::vector<int>({ 1 }));
    }

    void gpx()
    {
        const QByteArray data = R"(<?xml version="1.0"?>
<gpx version="1.1" creator="t">
<trk><name>morning</name><trkseg><trkpt lat="50.0" lon="14.0"/><trkpt lat="50.01" lon="14.01"/></trkseg></trk>
<rte><rtept lat="51.0" lon="15.0"/><rtept lat="51.1" lon="15.1"/><rtept lat="51.2" lon="15.1"/></rte>
</gpx>)";
        const GeofenceImportResult r = GeofenceImport::read(data, QStringLiteral("trips"));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.geofences.size(), 2);
        QCOMPARE(r.geofences.at(0).name, QStringLiteral("morning"));
        QCOMPARE(r.geofences.at(1).name, QStringLiteral("trips-2"));
        QCOMPARE(r.geofences.at(1).points.size(), 3);
        QCOMPARE(r.geofences.at(1).widthM, GeofenceImport::kDefaultCorridorWidthM);
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not a format") << QByteArray("hello") << "not a GeoJSON, KML or GPX";
        QTest::newRow("broken json") << QByteArray("{\"type\":") << "not valid GeoJSON";
        QTest::newRow("multipolygon")
            << QByteArray(R"({"type":"MultiPolygon","coordinates":[]})") << "MultiPolygon";
        QTest::newRow("point without radius")
            << QByteArray(R"({"type":"Point","coordinates":[1,2]})") << "radius";
        QTest::newRow("bad coordinates")
            << QByteArray(R"({"type":"Polygon","coordinates":[[["a",1]]]})") << "bad coordinates";
        QTest::newRow("latitude out of range")
            << QByteArray(R"({"type":"Polygon","coordinates":[[[1,95],[2,95],[2,96]]]})")
            << "not a latitude";
        QTest::newRow("empty collection")
            << QByteArray(R"({"type":"FeatureCollection","features":[]})") << "no feature";
        QTest::newRow("truncated kml") << QByteArray("<kml><Placemark><name>x</name><Polygon>")
                                       << "not valid KML";
        QTest::newRow("gpx point without lat")
            << QByteArray("<gpx><trk><trkseg><trkpt lon=\"1\"/></trkseg></trk></gpx>")
            << "without lat/lon";
        QTest::newRow("duplicate names")
            << QByteArray(R"({"type":"FeatureCollection","features":[
                {"type":"Feature","properties":{"name":"a","radius":5},"geometry":{"type":"Point","coordinates":[1,2]}},
                {"type":"Feature","properties":{"name":"a","radius":5},"geometry":{"type":"Point","coordinates":[1,2]}}]})")
            << "used twice";
    }
    void badInput()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, expected);
        const GeofenceImportResult r = GeofenceImport::read(data, QStringLiteral("f"));
        QVERIFY(!r.ok());
        QVERIFY(r.geofences.isEmpty());
        QVERIFY2(r.error.contains(expected), qPrintable(r.error));
    }

    void selfIntersectingPolygonIsRefused()
    {
        Geofence bowtie;
        bowtie.name = QStringLiteral("bowtie");
        bowtie.points = { { 50.0, 14.0 }, { 50.01, 14.01 }, { 50.0, 14.01 }, { 50.01, 14.0 } };
        QString error;
        QVERIFY(GeofenceIndex::geometryOf(bowtie, &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("not valid")), qPrintable(error));
        GeofenceIndex index;
        QStringList errors;
        index.rebuild({ bowtie }, &errors);
        QCOMPARE(index.size(), 0);
        QCOMPARE(errors.size(), 1);
    }
};

FW_TEST_CLASS(TstGeofenceImport)
#include "tst_geofenceimport.moc"
