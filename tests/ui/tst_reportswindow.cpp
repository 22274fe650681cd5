// The Reports view on a real SQLite file: ReportBuilder's progress and cancel, the table model
// (checked by QAbstractItemModelTester, sorted through a proxy), the chart's painter (its line is
// really drawn, the cursor where the time says), and the window itself: a report run on the
// worker thread, the tracks on the map, a trip chosen in the table loads its own positions, the
// chart's hover moves the marker on the map, the replay puts every device on one timeline,
// Cancel, the exports (CSV as the command line writes it, GPX/KML with a track per trip, PDF) and
// the choices remembered for the next time.
#include "LoopbackHttpServer.h"
#include "TestMain.h"
#include "TrackGenerator.h"

#include "fleet/DeviceDirectory.h"
#include "geocoding/ReverseGeocoder.h"
#include "util/Clock.h"
#include "map/MapWidget.h"
#include "map/ReplayBar.h"
#include "reports/ReportBuilder.h"
#include "reports/ReportFormatter.h"
#include "reports/ReportChartPainter.h"
#include "reports/ReportChartWidget.h"
#include "reports/ReportTableModel.h"
#include "reports/ReportsWindow.h"
#include "reports/TrackDecimator.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QUrl>
#include <QUrlQuery>
#include <QPainter>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace fw;
using namespace fw::test;

namespace {
constexpr TimeMs kT0 = 1'700'000'000'000;

class FixedDirectory : public DeviceDirectory
{
public:
    QList<Device> list;
    QList<Device> devices() const override { return list; }
    QString addDevice(const Device &) override { return QStringLiteral("read-only"); }
    QString updateDevice(const QString &, const Device &) override { return QStringLiteral("read-only"); }
    QString removeDevice(const QString &) override { return QStringLiteral("read-only"); }
    QString importDevices(const QList<Device> &) override { return QStringLiteral("read-only"); }
    QString setBlocked(const QString &, bool, TimeMs) override { return QStringLiteral("read-only"); }
    QString devicePassword(const QString &) const override { return {}; }
};

int pixelsNear(const QImage &image, const QColor &color, int tolerance = 40)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (qAbs(c.red() - color.red()) + qAbs(c.green() - color.green())
                    + qAbs(c.blue() - color.blue())
                < tolerance)
                ++n;
        }
    }
    return n;
}
} // namespace

class TestReportsWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_reports"));
        QVERIFY(m_dir.isValid());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
        QSettings().clear();
        m_config = *DatabaseConfig::parse(QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("r.sqlite")));
        Database db;
        QVERIFY(db.open(m_config));
        for (const char *id : { "van", "truck" }) {
            Device d;
            d.uniqueId = QString::fromLatin1(id);
            d.name = d.uniqueId == u"van" ? QStringLiteral("Delivery van") : QStringLiteral("Truck");
            d.group = QStringLiteral("city");
            d.protocol = QStringLiteral("osmand");
            d.registeredAt = kT0 - kDay;
            QVERIFY(db.addDevice(d));
            m_directory.list << d;
            TrackGenerator g;
            g.uniqueId = d.uniqueId;
            g.time = kT0;
            g.lon = d.uniqueId == u"van" ? 21.0 : 21.1;
            g.park(600, 0, 0, { { QStringLiteral("batteryLevel"), 80 } });
            const int trips = d.uniqueId == u"van" ? 3 : 1;
            for (int i = 0; i < trips; ++i) {
                g.drive(600, 60, { { QStringLiteral("batteryLevel"), 70 } });
                g.time += 30 * kSecond;
                g.park(600, 0, 0, { { QStringLiteral("batteryLevel"), 60 } });
            }
            QVERIFY(db.insertPositions(g.positions));
            if (d.uniqueId == u"van")
                m_van = g.positions;
        }
    }

    void init()
    {
        QSettings().clear();
    }

    void builderReportsProgressAndCancels()
    {
        Database db;
        QVERIFY(db.open(m_config));
        ReportBuilder builder(db);
        ReportRequest request = tripsOf({ QStringLiteral("van"), QStringLiteral("truck") });
        QList<double> seen;
        ReportResult result;
        QVERIFY(builder.run(request, &result, [&seen](double done) {
            seen << done;
            return true;
        }));
        QVERIFY(seen.size() >= 3);
        QVERIFY(std::is_sorted(seen.cbegin(), seen.cend()));
        QCOMPARE(seen.last(), 1.0);
        QCOMPARE(result.trips.size(), 4);
        QCOMPARE(result.deviceName(QStringLiteral("van")), QStringLiteral("Delivery van"));

        // Cancelled at the second device: no result, and it says so.
        int calls = 0;
        QVERIFY(!builder.run(request, &result, [&calls](double) { return ++calls < 2; }));
        QVERIFY(builder.cancelled());
        QVERIFY(!builder.lastError().isEmpty());
    }

    void decimatorKeepsEnds_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("capacity");
        QTest::newRow("fewer than capacity") << 10 << 50;
        QTest::newRow("exactly twice") << 100 << 50;
        QTest::newRow("many") << 100'003 << 50;
    }

    void decimatorKeepsEnds()
    {
        QFETCH(int, count);
        QFETCH(int, capacity);
        TrackDecimator decimator(QStringLiteral("van"), capacity);
        TrackSample p;
        p.latitude = 50;
        p.longitude = 14;
        QByteArray attributes;
        for (int i = 0; i < count; ++i) {
            p.time = kT0 + i;
            attributes = "{\"index\":" + QByteArray::number(i) + '}';
            p.attributes = attributes;
            decimator.add(p);
        }
        const QList<Position> kept = decimator.take();
        QCOMPARE(kept.first().deviceTime, kT0);
        QCOMPARE(kept.last().deviceTime, kT0 + count - 1);
        QCOMPARE(kept.last().attributes.value(QStringLiteral("index")).toInt(), count - 1);
        QCOMPARE(kept.first().uniqueId, QStringLiteral("van"));
        QVERIFY(kept.size() <= 2 * capacity + 1);
        QVERIFY(kept.size() >= std::min(count, capacity));
        QVERIFY(std::is_sorted(kept.cbegin(), kept.cend(),
            [](const Position &a, const Position &b) { return a.deviceTime < b.deviceTime; }));
    }

    void tableModelIsSound()
    {
        Database db;
        QVERIFY(db.open(m_config));
        ReportBuilder builder(db);
        ReportTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (const ReportKind kind : allReportKinds()) {
            ReportRequest request = tripsOf({ QStringLiteral("van"), QStringLiteral("truck") });
            request.kind = kind;
            ReportResult result;
            QVERIFY(builder.run(request, &result));
            model.setResult(result);
            QCOMPARE(model.rowCount(), int(result.rowCount()));
            QCOMPARE(model.columnCount(), int(model.columnTitles().size()));
        }
        ReportRequest request = tripsOf({ QStringLiteral("van"), QStringLiteral("truck") });
        ReportResult result;
        QVERIFY(builder.run(request, &result));
        model.setResult(result);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Delivery van"));
        QCOMPARE(model.index(0, 0).data(ReportTableModel::StartTimeRole).toLongLong(),
            result.trips.first().start);
        // Sorted by the start time, newest first, through the proxy on SortRole.
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(ReportTableModel::SortRole);
        proxy.sort(1, Qt::DescendingOrder);
        TimeMs last = std::numeric_limits<TimeMs>::max();
        for (int row = 0; row < proxy.rowCount(); ++row) {
            const TimeMs t = proxy.index(row, 0).data(ReportTableModel::StartTimeRole).toLongLong();
            QVERIFY(t <= last);
            last = t;
        }
    }

    void chartDrawsTheLineAndCursor()
    {
        ReportChartPainter chart;
        chart.setTrack(m_van);
        QVERIFY(!chart.isEmpty());
        QCOMPARE(chart.series().size(), 2); // speed and battery (no altitude reported)
        QImage image(800, 300, QImage::Format_RGB32);
        QPalette palette;
        palette.setColor(QPalette::Base, Qt::white);
        palette.setColor(QPalette::Text, Qt::black);
        palette.setColor(QPalette::Highlight, QColor(255, 0, 255));
        image.fill(Qt::white);
        {
            QPainter p(&image);
            chart.paint(p, QRectF(image.rect()), palette, QFont(), kNoTime);
        }
        if (qEnvironmentVariableIsSet("FW_SCREENSHOT_DIR"))
            image.save(qEnvironmentVariable("FW_SCREENSHOT_DIR") + QStringLiteral("/report-chart.png"));
        const QColor speed = chart.series().first().color;
        QVERIFY2(pixelsNear(image, speed) > 500, "the speed line is drawn");
        QCOMPARE(pixelsNear(image, QColor(255, 0, 255), 10), 0);
        const TimeMs middle = (chart.startTime() + chart.endTime()) / 2;
        {
            QPainter p(&image);
            chart.paint(p, QRectF(image.rect()), palette, QFont(), middle);
        }
        const QRectF plot = chart.plotArea(QRectF(image.rect()), QFont());
        const int x = qRound(chart.xAt(middle, plot));
        QVERIFY(pixelsNear(image.copy(x - 2, 0, 5, image.height()), QColor(255, 0, 255), 60) > 20);
        QCOMPARE(chart.timeAt(chart.xAt(middle, plot), plot) / 1000, middle / 1000);
    }

    void windowRunsAReport()
    {
        ReportsWindow window({ m_config, &m_directory, nullptr });
        window.resize(1200, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        chooseTrips(window, QStringLiteral("all:"));
        QSignalSpy ready(&window, &ReportsWindow::reportReady);
        window.run();
        QVERIFY(window.progressBar()->isVisible());
        QVERIFY(ready.wait(20000));
        QVERIFY(!window.progressBar()->isVisible());
        QCOMPARE(window.model()->rowCount(), 4);
        QCOMPARE(window.map()->otherTracks().size(), 2);
        QVERIFY(!window.chart()->chart().isEmpty());

        // Choosing the second trip loads its own positions onto the map.
        QTableView *table = window.table();
        const QModelIndex second = table->model()->index(1, 0);
        const TimeMs start = second.data(ReportTableModel::StartTimeRole).toLongLong();
        const TimeMs end = second.data(ReportTableModel::EndTimeRole).toLongLong();
        table->setCurrentIndex(second);
        QTRY_VERIFY_WITH_TIMEOUT(!window.map()->trackLayer().isEmpty(), 10000);
        const QList<Position> &trip = window.map()->trackLayer().positions();
        QCOMPARE(trip.first().deviceTime, start);
        QCOMPARE(trip.last().deviceTime, end);

        // Hovering the chart puts the marker on the track at that moment.
        ReportChartWidget *chart = window.chart();
        const QRectF plot = chart->chart().plotArea(QRectF(chart->rect()), chart->font());
        const TimeMs hover = chart->timeAtX(plot.center().x());
        QTest::mouseMove(chart, plot.center().toPoint());
        QTRY_VERIFY(window.map()->replayPosition().has_value());
        const auto expected = ReplayBar::interpolate(window.result().tracks.value(QStringLiteral("van")), hover);
        QVERIFY(expected.has_value());
        QVERIFY(qAbs(window.map()->replayPosition()->latitude - expected->latitude) < 1e-3);

        // The replay shows both devices at one moment.
        window.replay()->setCurrentTime(kT0 + 15 * kMinute);
        QCOMPARE(window.map()->markerCount(), 2);
        QCOMPARE(chart->cursorTime(), kT0 + 15 * kMinute);

        // Exports: the CSV is the command line's; a GPX track per trip; a PDF.
        const QString csv = m_dir.filePath(QStringLiteral("trips.csv"));
        QVERIFY(window.exportTo(csv, QStringLiteral("csv")));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        QCOMPARE(csvFile.readAll(), ReportFormatter::toCsv(window.result()));
        const QString gpx = m_dir.filePath(QStringLiteral("trips.gpx"));
        QVERIFY(window.exportTo(gpx, QStringLiteral("gpx")));
        QFile gpxFile(gpx);
        QVERIFY(gpxFile.open(QIODevice::ReadOnly));
        QCOMPARE(gpxFile.readAll().count("<trk>"), 4);
        const QString kml = m_dir.filePath(QStringLiteral("trips.kml"));
        QVERIFY(window.exportTo(kml, QStringLiteral("kml")));
        QFile kmlFile(kml);
        QVERIFY(kmlFile.open(QIODevice::ReadOnly));
        QCOMPARE(kmlFile.readAll().count("<Placemark>"), 4);
        const QString pdf = m_dir.filePath(QStringLiteral("trips.pdf"));
        QString error;
        QVERIFY2(window.exportTo(pdf, QStringLiteral("pdf"), &error), qPrintable(error));
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY(pdfFile.read(5) == "%PDF-");
        if (qEnvironmentVariableIsSet("FW_SCREENSHOT_DIR")) {
            const QString dir = qEnvironmentVariable("FW_SCREENSHOT_DIR");
            window.grab().save(dir + QStringLiteral("/reports-window.png"));
        }
        window.close();

        // The next window remembers the choices.
        ReportsWindow again({ m_config, &m_directory, nullptr });
        QCOMPARE(again.kindBox()->currentData().toString(), QStringLiteral("trips"));
        QCOMPARE(again.devicesBox()->currentData().toString(), QStringLiteral("all:"));
        QCOMPARE(again.currentRequest().from, kT0 - kHour);
    }

    // With an address service set, the trips' From/To columns turn from coordinates into the
    // addresses as they arrive (one place a second), the model announcing each changed row.
    void addressesArriveInTheTable()
    {
        LoopbackHttpServer server(&quayAddressAnswer);
        QVERIFY(server.isListening());
        QNetworkAccessManager network;
        SystemClock clock;
        ReverseGeocoderConfig config;
        config.baseUrl = server.url();
        config.cacheDirectory = m_dir.filePath(QStringLiteral("geocode"));
        ReverseGeocoder geocoder(config, &network, &clock);

        ReportsWindow window({ m_config, &m_directory, nullptr, &geocoder });
        QAbstractItemModelTester tester(window.model(),
            QAbstractItemModelTester::FailureReportingMode::QtTest);
        chooseTrips(window, QStringLiteral("device:van"));
        QSignalSpy ready(&window, &ReportsWindow::reportReady);
        QSignalSpy changed(window.model(), &QAbstractItemModel::dataChanged);
        window.run();
        QVERIFY(ready.wait(20000));
        QCOMPARE(window.model()->rowCount(), 3);
        QVERIFY(window.addressStatus()->isVisibleTo(&window));
        const auto expected = [](double lat) {
            return QStringLiteral("Quay ") + QString::number(lat, 'f', 5);
        };
        const ReportResult &result = window.result();
        QTRY_VERIFY_WITH_TIMEOUT(!window.addressStatus()->isVisibleTo(&window), 15000);
        for (int row = 0; row < 3; ++row) {
            const TripRecord &t = result.trips.at(row);
            QCOMPARE(window.model()->index(row, 7).data().toString(), expected(t.startLat));
            QCOMPARE(window.model()->index(row, 8).data().toString(), expected(t.endLat));
        }
        // Four places (a trip starts where the one before ended), each asked once.
        QCOMPARE(server.requests.size(), 4);
        QVERIFY(changed.count() >= 3);
        for (const QList<QVariant> &args : std::as_const(changed)) {
            QCOMPARE(args.at(0).toModelIndex().column(), 7);
            QCOMPARE(args.at(1).toModelIndex().column(), 8);
        }
        QString error;
        const QString csv = m_dir.filePath(QStringLiteral("addresses.csv"));
        QVERIFY2(window.exportTo(csv, QStringLiteral("csv"), &error), qPrintable(error));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readLine().trimmed().endsWith(",startAddress,endAddress"));
    }

    void cancelStopsWithoutAResult()
    {
        ReportsWindow window({ m_config, &m_directory, nullptr });
        chooseTrips(window, QStringLiteral("device:van"));
        QSignalSpy ready(&window, &ReportsWindow::reportReady);
        window.run();
        QVERIFY(window.isRunning());
        window.cancel();
        QVERIFY(!window.isRunning());
        QVERIFY(!window.progressBar()->isVisible());
        QTest::qWait(500);
        QCOMPARE(ready.count(), 0);
        QCOMPARE(window.model()->rowCount(), 0);
    }

private:
    ReportRequest tripsOf(const QStringList &ids) const
    {
        ReportRequest request;
        request.kind = ReportKind::Trips;
        request.uniqueIds = ids;
        request.from = kT0 - kHour;
        request.to = kT0 + kDay;
        request.trackBudget = 5000;
        return request;
    }

    static void chooseTrips(ReportsWindow &window, const QString &devices)
    {
        window.kindBox()->setCurrentIndex(window.kindBox()->findData(QStringLiteral("trips")));
        window.devicesBox()->setCurrentIndex(window.devicesBox()->findData(devices));
        window.periodBox()->setCurrentIndex(window.periodBox()->count() - 1); // custom
        window.findChildren<QDateTimeEdit *>().at(0)->setDateTime(
            QDateTime::fromMSecsSinceEpoch(kT0 - kHour));
        window.findChildren<QDateTimeEdit *>().at(1)->setDateTime(
            QDateTime::fromMSecsSinceEpoch(kT0 + kDay));
    }

    QTemporaryDir m_dir;
    DatabaseConfig m_config;
    FixedDirectory m_directory;
    QList<Position> m_van;
};

FW_TEST_CLASS(TestReportsWindow)
#include "tst_reportswindow.moc"
