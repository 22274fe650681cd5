// Tracks and replay: TrackLoader reads a device's positions for a period from an SQLite database
// on its own thread, the track is drawn coloured by speed, ReplayBar interpolates between fixes
// by time, plays at the chosen speed and exports GPX/CSV.
#include "TestMain.h"

#include "map/MapWidget.h"
#include "map/ReplayBar.h"
#include "map/TrackLayer.h"
#include "map/TrackLoader.h"
#include "storage/Database.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace fw;

namespace {
const TimeMs kStart = utcTime(2024, 5, 1, 10, 0, 0);

Position fix(int minute, double lat, double lon, double speed)
{
    Position p;
    p.uniqueId = QStringLiteral("123456789012345");
    p.deviceTime = kStart + minute * kMinute;
    p.serverTime = p.deviceTime + 2 * kSecond;
    p.valid = true;
    p.latitude = lat;
    p.longitude = lon;
    p.speedKph = speed;
    p.protocol = QStringLiteral("gt06");
    return p;
}

QList<Position> sampleTrack()
{
    return { fix(0, 52.50, 13.30, 0), fix(10, 52.52, 13.40, 40), fix(20, 52.54, 13.50, 90),
        fix(30, 52.54, 13.60, 20) };
}
} // namespace

class TestMapTrack : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void interpolation_data()
    {
        QTest::addColumn<int>("seconds");
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("speed");
        QTest::newRow("before") << -60 << 52.50 << 13.30 << 0.0;
        QTest::newRow("first fix") << 0 << 52.50 << 13.30 << 0.0;
        QTest::newRow("halfway 1") << 300 << 52.51 << 13.35 << 20.0;
        QTest::newRow("quarter 2") << 750 << 52.525 << 13.425 << 52.5;
        QTest::newRow("last fix") << 1800 << 52.54 << 13.60 << 20.0;
        QTest::newRow("after") << 4000 << 52.54 << 13.60 << 20.0;
    }
    void interpolation()
    {
        QFETCH(int, seconds);
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(double, speed);
        const auto p = ReplayBar::interpolate(sampleTrack(), kStart + seconds * kSecond);
        QVERIFY(p);
        QVERIFY(std::abs(p->latitude - lat) < 1e-9);
        QVERIFY(std::abs(p->longitude - lon) < 1e-9);
        QVERIFY(std::abs(p->speedKph - speed) < 1e-9);
        QVERIFY(!ReplayBar::interpolate({}, kStart));
        // Across the antimeridian the short way round.
        const QList<Position> dateline { fix(0, 0, 179.0, 10), fix(10, 0, -179.0, 10) };
        QVERIFY(std::abs(ReplayBar::interpolate(dateline, kStart + 5 * kMinute)->longitude + 180.0)
            < 1e-9);
    }

    void replayPlaysAndExports()
    {
        ReplayBar bar;
        QVERIFY(!bar.playButton()->isEnabled());
        QSignalSpy moved(&bar, &ReplayBar::positionChanged);
        bar.setTrack(sampleTrack());
        QCOMPARE(bar.currentTime(), kStart);
        QCOMPARE(bar.slider()->maximum(), 1800);
        QCOMPARE(bar.timeLabel()->text(), QStringLiteral("2024-05-01 10:00:00"));
        bar.setSpeed(600);
        QCOMPARE(bar.speedBox()->currentText(), QStringLiteral("600x"));
        bar.setPlaying(true);
        QVERIFY(bar.isPlaying());
        bar.advance(1000); // one wall second at 600x = ten minutes
        QCOMPARE(bar.currentTime(), kStart + 10 * kMinute);
        QVERIFY(std::abs(moved.last().at(0).value<Position>().latitude - 52.52) < 1e-9);
        bar.advance(10000); // past the end: stops there
        QCOMPARE(bar.currentTime(), kStart + 30 * kMinute);
        QVERIFY(!bar.isPlaying());

        QTemporaryDir dir;
        const QString gpx = dir.filePath(QStringLiteral("t.gpx"));
        const QString csv = dir.filePath(QStringLiteral("t.csv"));
        QVERIFY(bar.exportTrack(gpx, ExportFormat::Gpx));
        QVERIFY(bar.exportTrack(csv, ExportFormat::Csv));
        QFile g(gpx);
        QVERIFY(g.open(QIODevice::ReadOnly));
        const QByteArray gpxText = g.readAll();
        QVERIFY(gpxText.contains("<gpx"));
        QCOMPARE(gpxText.count("<trkpt"), 4);
        QFile c(csv);
        QVERIFY(c.open(QIODevice::ReadOnly));
        QVERIFY(c.readAll().count('\n') >= 4);
    }

    void loaderReadsOnItsOwnThread()
    {
        QTemporaryDir dir;
        const DatabaseConfig config
            = DatabaseConfig::sqlite(dir.filePath(QStringLiteral("fw.sqlite")));
        {
            Database db;
            QVERIFY2(db.open(config), qPrintable(db.lastError()));
            Device d;
            d.uniqueId = QStringLiteral("123456789012345");
            d.name = QStringLiteral("Van");
            d.registeredAt = kStart - kDay;
            QVERIFY(db.addDevice(d));
            QList<Position> rows = sampleTrack();
            Position invalid = fix(15, 0, 0, 0);
            invalid.valid = false;
            rows.insert(2, invalid);
            rows << fix(300, 53.0, 14.0, 10); // outside the period asked for
            QVERIFY(db.begin());
            QVERIFY(db.insertPositions(rows));
            QVERIFY(db.commit());
        }
        TrackLoader loader;
        loader.setDatabaseConfig(config);
        QSignalSpy loaded(&loader, &TrackLoader::loaded);
        QSignalSpy failed(&loader, &TrackLoader::failed);
        loader.load(
            QStringLiteral("123456789012345"), kStart - kHour, kStart + 2 * kHour); // superseded
        const quint64 request
            = loader.load(QStringLiteral("123456789012345"), kStart, kStart + kHour);
        QVERIFY(loader.isLoading());
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(loaded.at(0).at(0).toULongLong(), request);
        const auto track = loaded.at(0).at(2).value<QList<Position>>();
        QCOMPARE(track.size(), 4);
        QCOMPARE(track.last().deviceTime, kStart + 30 * kMinute);

        MapWidget w;
        w.resize(400, 300);
        w.setTrack(track);
        QCOMPARE(w.trackLayer().pointCount(), 4);
        QCOMPARE(w.trackLayer().maxSpeedKph(), 90.0);
        w.fitSelection();
        const QImage img = w.grab().toImage();
        // The fastest segment is drawn red-ish, the slowest blue-ish.
        const QColor fast = TrackLayer::speedColor(90, 90);
        const QColor slow = TrackLayer::speedColor(0, 90);
        QVERIFY(fast.red() > 200 && fast.blue() < 60);
        QVERIFY(slow.blue() > 200 && slow.red() < 60);
        int reddish = 0;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x)
                reddish += img.pixelColor(x, y).red() > 200 && img.pixelColor(x, y).green() < 90;
        QVERIFY(reddish > 20);
    }
};

FW_TEST_CLASS(TestMapTrack)
#include "tst_maptrack.moc"
