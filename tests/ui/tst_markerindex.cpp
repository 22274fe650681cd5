// MarkerIndex without any widget: markers added, moved and removed, clustering on the 64 px
// screen grid (the worst status wins, the limit zoom, turned off), both sides of the
// antimeridian, and what a point hits: a marker within its radius, the selected one first,
// a cluster within its disc.
#include "TestMain.h"

#include "map/MapProjection.h"
#include "map/MapViewport.h"
#include "map/MarkerIndex.h"

#include <QLineF>
#include <QTest>

#include <algorithm>

using namespace fw;

namespace {
// Every view of these tests: the middle of the world at zoom 4 (4096 px across), 400 x 300 px,
// so world pixel (2048, 2048) is the centre of the view and cluster cells start at multiples
// of 64 from the world's corner.
constexpr double kZoom = 4.0;
const QPointF kOrigin(2048 - 200, 2048 - 150); // world pixel of the view's top-left corner

MapViewport view(double zoom = kZoom)
{
    return MapViewport(QPointF(0.5, 0.5), zoom, QSizeF(400, 300));
}

// A marker at a world pixel of zoom 4.
MarkerIndex::Marker markerAt(
    const QString &id, QPointF world, ConnectionStatus status = ConnectionStatus::Online)
{
    const QGeoCoordinate c = MapProjection::toGeo(world, kZoom);
    MarkerIndex::Marker m;
    m.id = id;
    m.name = QStringLiteral("Truck ") + id;
    m.status = status;
    m.latitude = c.latitude();
    m.longitude = c.longitude();
    return m;
}

// The cluster cell of a world pixel at zoom 4.
QPoint cellOf(QPointF world)
{
    return QPoint(static_cast<int>(world.x()) / MarkerIndex::kClusterCellPx,
        static_cast<int>(world.y()) / MarkerIndex::kClusterCellPx);
}

bool near(QPointF a, QPointF b)
{
    return QLineF(a, b).length() < 1e-6;
}

// Three in one cell (31, 31), two in the next one east (32, 31), one alone in (29, 32).
const QList<QPointF> kGroupA { { 2000, 2000 }, { 2010, 2005 }, { 2040, 2030 } };
const QList<QPointF> kGroupB { { 2050, 2000 }, { 2100, 2010 } };
const QPointF kLone(1900, 2100);
} // namespace

class TestMarkerIndex : public QObject
{
    Q_OBJECT

private slots:
    void addMoveRemove()
    {
        MarkerIndex index;
        QVERIFY(index.isEmpty());
        QVERIFY(!index.normalizedBounds());
        for (int i = 0; i < 5; ++i)
            QVERIFY(index.upsert(markerAt(QString::number(i), QPointF(2000 + 10 * i, 2000))));
        QCOMPARE(index.size(), 5);

        // The label falls back to the id; a move replaces the marker.
        MarkerIndex::Marker unnamed = markerAt(QStringLiteral("2"), QPointF(2100, 2100));
        unnamed.name.clear();
        QVERIFY(index.upsert(unnamed));
        QCOMPARE(index.size(), 5);
        QCOMPARE(index.find(QStringLiteral("2"))->name, QStringLiteral("2"));
        const QPointF moved = *index.screenPos(QStringLiteral("2"), view());
        QVERIFY(near(moved, QPointF(2100, 2100) - kOrigin));

        // Off the globe: removed, not kept at a wrong place.
        MarkerIndex::Marker lost = markerAt(QStringLiteral("3"), QPointF(2000, 2000));
        lost.latitude = 91;
        QVERIFY(!index.upsert(lost));
        lost.latitude = qQNaN();
        QVERIFY(!index.upsert(lost));
        QVERIFY(!index.contains(QStringLiteral("3")));
        QVERIFY(!index.find(QStringLiteral("3")));

        // Removing from the middle moves the last one into its place; both stay findable.
        index.remove(QStringLiteral("1"));
        index.remove(QStringLiteral("nobody"));
        QCOMPARE(index.size(), 3);
        for (const QString &id : { QStringLiteral("0"), QStringLiteral("2"), QStringLiteral("4") })
            QCOMPARE(index.find(id)->id, id);
        const QPointF last = *index.screenPos(QStringLiteral("4"), view());
        QVERIFY(near(last, QPointF(2040, 2000) - kOrigin));
        index.setClusterMaxZoom(0);
        QCOMPARE(index.layout(view()).size(), size_t(3));

        const QRectF bounds = *index.normalizedBounds();
        QVERIFY(std::abs(bounds.left() * 4096 - 2000) < 1e-6);
        QVERIFY(std::abs(bounds.right() * 4096 - 2100) < 1e-6);
        QVERIFY(std::abs(bounds.bottom() * 4096 - 2100) < 1e-6);

        index.clear();
        QVERIFY(index.isEmpty());
        QVERIFY(index.layout(view()).empty());
    }

    void clustering_data()
    {
        QTest::addColumn<QList<QPointF>>("points"); // world pixels at zoom 4
        QTest::addColumn<QList<ConnectionStatus>>("statuses"); // Online for the rest
        QTest::addColumn<QList<int>>("counts"); // of the items, ascending
        QTest::addColumn<ConnectionStatus>("worst"); // shown by the largest item

        using S = ConnectionStatus;
        QTest::newRow("one cell") << kGroupA << QList<S> { S::Online, S::Offline, S::Blocked }
                                  << QList<int> { 3 } << S::Offline;
        QTest::newRow("awaiting beats outdated")
            << kGroupA << QList<S> { S::GpsOutdated, S::AwaitingFirstData, S::Online }
            << QList<int> { 3 } << S::AwaitingFirstData;
        QTest::newRow("blocked is the least")
            << kGroupB << QList<S> { S::Blocked, S::JustRegistered } << QList<int> { 2 }
            << S::JustRegistered;
        // 16 px apart, but on either side of a cell edge: two markers, no cluster.
        QTest::newRow("across a cell edge") << QList<QPointF> { { 2040, 2000 }, { 2056, 2000 } }
                                            << QList<S> {} << QList<int> { 1, 1 } << S::Online;
        QTest::newRow("three cells") << kGroupA + kGroupB + QList<QPointF> { kLone }
                                     << QList<S> { S::Online, S::Online, S::GpsOutdated }
                                     << QList<int> { 1, 2, 3 } << S::GpsOutdated;
        // Outside the view and its 24 px margin: not laid out at all.
        QTest::newRow("out of view") << QList<QPointF> { { 1000, 1000 }, { 3000, 2048 } }
                                     << QList<S> {} << QList<int> {} << S::Online;
    }
    void clustering()
    {
        QFETCH(QList<QPointF>, points);
        QFETCH(QList<ConnectionStatus>, statuses);
        QFETCH(QList<int>, counts);
        QFETCH(ConnectionStatus, worst);
        MarkerIndex index;
        for (int i = 0; i < points.size(); ++i) {
            index.upsert(markerAt(QString::number(i), points.at(i),
                i < statuses.size() ? statuses.at(i) : ConnectionStatus::Online));
        }
        const std::vector<MarkerIndex::Item> items = index.layout(view());
        QList<int> got;
        for (const MarkerIndex::Item &item : items)
            got << item.count;
        std::sort(got.begin(), got.end());
        QCOMPARE(got, counts);
        if (items.empty())
            return;
        const auto largest = std::max_element(items.begin(), items.end(),
            [](const auto &a, const auto &b) { return a.count < b.count; });
        QCOMPARE(largest->status, worst);

        for (const MarkerIndex::Item &item : items) {
            if (item.count == 1) {
                // A single device at its own pixel, pointing back at its marker.
                const QString id = index.at(item.marker).id;
                QVERIFY(near(item.pos, points.at(id.toInt()) - kOrigin));
                QVERIFY(item.bounds.isNull());
                continue;
            }
            // A cluster at the mean of its members (the points of its cell), with their bounds.
            QCOMPARE(item.marker, -1);
            const QPoint cell = cellOf(item.pos + kOrigin);
            QPointF sum;
            double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
            for (const QPointF &p : points) {
                if (cellOf(p) != cell)
                    continue;
                sum += p;
                x0 = std::min(x0, p.x());
                y0 = std::min(y0, p.y());
                x1 = std::max(x1, p.x());
                y1 = std::max(y1, p.y());
            }
            QVERIFY(near(item.pos, sum / item.count - kOrigin));
            QVERIFY(std::abs(item.bounds.left() * 4096 - x0) < 1e-6);
            QVERIFY(std::abs(item.bounds.top() * 4096 - y0) < 1e-6);
            QVERIFY(std::abs(item.bounds.right() * 4096 - x1) < 1e-6);
            QVERIFY(std::abs(item.bounds.bottom() * 4096 - y1) < 1e-6);
        }
    }

    void clusterLimit_data()
    {
        QTest::addColumn<double>("clusterMaxZoom");
        QTest::addColumn<int>("items");
        QTest::newRow("default 15") << 15.0 << 1;
        QTest::newRow("just above the view's zoom") << 4.01 << 1;
        QTest::newRow("at the view's zoom") << 4.0 << 3; // clusters only below the limit
        QTest::newRow("below the view's zoom") << 3.0 << 3;
        QTest::newRow("off") << 0.0 << 3;
    }
    void clusterLimit()
    {
        QFETCH(double, clusterMaxZoom);
        QFETCH(int, items);
        MarkerIndex index;
        QCOMPARE(index.clusterMaxZoom(), 15.0);
        for (int i = 0; i < kGroupA.size(); ++i)
            index.upsert(markerAt(QString::number(i), kGroupA.at(i)));
        index.setClusterMaxZoom(clusterMaxZoom);
        QCOMPARE(index.layout(view()).size(), size_t(items));
    }

    void layoutFollowsChanges()
    {
        MarkerIndex index;
        index.setClusterMaxZoom(0);
        index.upsert(markerAt(QStringLiteral("a"), QPointF(2000, 2000)));
        QCOMPARE(index.layout(view()).size(), size_t(1));
        QVERIFY(near(index.layout(view()).front().pos, QPointF(2000, 2000) - kOrigin));
        // A move in the same view is laid out again.
        index.upsert(markerAt(QStringLiteral("a"), QPointF(2100, 2050)));
        QVERIFY(near(index.layout(view()).front().pos, QPointF(2100, 2050) - kOrigin));
        // So is a view one pixel along.
        const MapViewport moved(QPointF(0.5 + 1.0 / 4096, 0.5), kZoom, QSizeF(400, 300));
        QVERIFY(near(index.layout(moved).front().pos, QPointF(2099, 2050) - kOrigin));
        // Twice the zoom: twice as far from the centre.
        QVERIFY(near(index.layout(view(5)).front().pos, QPointF(200 + 104, 150 + 4)));
        index.remove(QStringLiteral("a"));
        QVERIFY(index.layout(view(5)).empty());
    }

    void antimeridian()
    {
        // A view centred on 180 degrees shows both sides, each at the copy nearest the centre.
        MarkerIndex index;
        index.setClusterMaxZoom(0);
        MarkerIndex::Marker west;
        west.id = QStringLiteral("west");
        west.latitude = 10;
        west.longitude = 179.9;
        MarkerIndex::Marker east = west;
        east.id = QStringLiteral("east");
        east.longitude = -179.9;
        index.upsert(west);
        index.upsert(east);
        const MapViewport view(MapProjection::toNormalized(10, -180), 8, QSizeF(400, 300));
        const QPointF w = *index.screenPos(west.id, view);
        const QPointF e = *index.screenPos(east.id, view);
        QVERIFY2(w.x() < 200 && w.x() > 150, qPrintable(QString::number(w.x())));
        QVERIFY2(e.x() > 200 && e.x() < 250, qPrintable(QString::number(e.x())));
        const auto &items = index.layout(view);
        QCOMPARE(items.size(), size_t(2));
        for (const MarkerIndex::Item &item : items)
            QVERIFY(near(item.pos, *index.screenPos(index.at(item.marker).id, view)));
        QCOMPARE(index.markerAt(view, w), west.id);
        QCOMPARE(index.markerAt(view, e), east.id);
    }

    void markerHit_data()
    {
        QTest::addColumn<QPointF>("offset"); // from the marker's centre
        QTest::addColumn<bool>("hit");
        QTest::newRow("centre") << QPointF(0, 0) << true;
        QTest::newRow("on the disc") << QPointF(-5, 4) << true;
        QTest::newRow("at the hit radius")
            << QPointF(MarkerIndex::kMarkerHitRadius - 0.01, 0) << true;
        QTest::newRow("diagonal inside") << QPointF(7, 7) << true;
        QTest::newRow("diagonal outside") << QPointF(8, 7) << false;
        QTest::newRow("just past") << QPointF(0, MarkerIndex::kMarkerHitRadius + 0.5) << false;
        QTest::newRow("far") << QPointF(100, 40) << false;
    }
    void markerHit()
    {
        QFETCH(QPointF, offset);
        QFETCH(bool, hit);
        MarkerIndex index;
        index.upsert(markerAt(QStringLiteral("a"), kLone));
        const QPointF pos = kLone - kOrigin;
        QCOMPARE(index.markerAt(view(), pos + offset), hit ? QStringLiteral("a") : QString());
        QVERIFY(!index.clusterAt(view(), pos + offset)); // a single marker is no cluster
    }

    void topmostAndSelectedWin()
    {
        // Two markers 4 px apart: the one drawn later is on top, unless the other is selected.
        MarkerIndex index;
        index.setClusterMaxZoom(0);
        index.upsert(markerAt(QStringLiteral("a"), QPointF(2000, 2000)));
        index.upsert(markerAt(QStringLiteral("b"), QPointF(2004, 2000)));
        const auto &items = index.layout(view());
        QCOMPARE(items.size(), size_t(2));
        const QString top = index.at(items.back().marker).id;
        const QString below = index.at(items.front().marker).id;
        const QPointF between = QPointF(2002, 2000) - kOrigin;
        QCOMPARE(index.markerAt(view(), between), top);
        QCOMPARE(index.markerAt(view(), between, below), below);
        QCOMPARE(index.markerAt(view(), between, QStringLiteral("nobody")), top);
        // The selected one wins only where it is hit itself.
        const QPointF nearB = QPointF(2013, 2000) - kOrigin;
        QCOMPARE(index.markerAt(view(), nearB, below), QStringLiteral("b"));
        QCOMPARE(index.markerAt(view(), QPointF(2030, 2000) - kOrigin, below), QString());
    }

    void clusterHit_data()
    {
        QTest::addColumn<QPointF>("offset"); // from the centre of the cluster of three
        QTest::addColumn<int>("count"); // of the cluster hit; 0 = none
        const double radius = MarkerIndex::clusterDiameter(3) / 2; // 12.7 px
        QTest::newRow("centre") << QPointF(0, 0) << 3;
        QTest::newRow("inside the disc") << QPointF(0, radius - 0.2) << 3;
        QTest::newRow("outside the disc") << QPointF(radius + 0.2, 0) << 0;
        QTest::newRow("the cluster of two") << QPointF(58, -6) << 2;
        QTest::newRow("empty map") << QPointF(-100, 100) << 0;
    }
    void clusterHit()
    {
        QFETCH(QPointF, offset);
        QFETCH(int, count);
        MarkerIndex index;
        int n = 0;
        for (const QPointF &p : kGroupA + kGroupB)
            index.upsert(markerAt(QString::number(n++), p));
        const QPointF centre(2016.6666666666667 - kOrigin.x(), 2011.6666666666667 - kOrigin.y());
        const auto cluster = index.clusterAt(view(), centre + offset);
        QCOMPARE(cluster ? cluster->count : 0, count);
        // A cluster is not a marker: a click on it selects nothing.
        QCOMPARE(index.markerAt(view(), centre + offset), QString());
        if (count == 3) {
            QVERIFY(std::abs(cluster->bounds.left() * 4096 - 2000) < 1e-6);
            QVERIFY(std::abs(cluster->bounds.bottom() * 4096 - 2030) < 1e-6);
        }
    }

    void clusterSize()
    {
        QCOMPARE(MarkerIndex::clusterDiameter(1), 22.0);
        QCOMPARE(MarkerIndex::clusterDiameter(10), 29.0);
        QCOMPARE(MarkerIndex::clusterDiameter(100), 36.0);
        QCOMPARE(MarkerIndex::clusterDiameter(1000000), 44.0); // capped
        QVERIFY(MarkerIndex::severity(ConnectionStatus::Offline)
            > MarkerIndex::severity(ConnectionStatus::Online));
    }
};

FW_TEST_CLASS(TestMarkerIndex)
#include "tst_markerindex.moc"
