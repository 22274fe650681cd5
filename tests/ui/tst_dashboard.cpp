// DashboardWidget: tile counts per status group (Not activated with its three parts), large
// counts in the status colours, clicks and keys turning into filter requests with the tile in
// force marked, the 24-hour line, and the first-run page when the fleet is empty.
#include "TestMain.h"

#include "dashboard/DashboardTile.h"
#include "dashboard/DashboardWidget.h"
#include "dashboard/OnlineTimelineWidget.h"
#include "devicelist/StatusIndicator.h"

#include <QAbstractButton>
#include <QSignalSpy>
#include <QTest>

#include <cstdlib>

using namespace fw;

namespace {
std::array<int, kStatusCount> sampleCounts()
{
    std::array<int, kStatusCount> c {};
    c[int(ConnectionStatus::Blocked)] = 2;
    c[int(ConnectionStatus::NeedsManualActivation)] = 1;
    c[int(ConnectionStatus::JustRegistered)] = 3;
    c[int(ConnectionStatus::AwaitingFirstData)] = 4;
    c[int(ConnectionStatus::Offline)] = 5;
    c[int(ConnectionStatus::Online)] = 60;
    c[int(ConnectionStatus::GpsOutdated)] = 7;
    return c;
}
} // namespace

class TestDashboard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void tileCounts()
    {
        DashboardWidget w;
        w.setCounts(sampleCounts());
        QVERIFY(!w.isFirstRun());
        QCOMPARE(w.total(), 82);
        QCOMPARE(w.count(StatusGroup::Online), 60);
        QCOMPARE(w.count(StatusGroup::GpsOutdated), 7);
        QCOMPARE(w.count(StatusGroup::Offline), 5);
        QCOMPARE(w.count(StatusGroup::Blocked), 2);
        QCOMPARE(w.count(StatusGroup::NotActivated), 8);
        const auto countOf
            = [](QAbstractButton *b) { return qobject_cast<DashboardTile *>(b)->count(); };
        QCOMPARE(w.tile(StatusGroup::Online)->text(), statusGroupTitle(StatusGroup::Online));
        QCOMPARE(countOf(w.tile(StatusGroup::Online)), 60);
        QCOMPARE(countOf(w.tile(StatusGroup::NotActivated)), 8);
        QCOMPARE(countOf(w.tile(ConnectionStatus::JustRegistered)), 3);
        QCOMPARE(countOf(w.tile(ConnectionStatus::AwaitingFirstData)), 4);
        QCOMPARE(countOf(w.tile(ConnectionStatus::NeedsManualActivation)), 1);
        QCOMPARE(countOf(w.showAllButton()), 82);
        QVERIFY(w.tile(StatusGroup::Offline)->accessibleName().contains(QStringLiteral("5")));
        // The full title of a part is in its tooltip (the tile has a short label).
        QVERIFY(w.tile(ConnectionStatus::NeedsManualActivation)
                    ->toolTip()
                    .contains(statusTitle(ConnectionStatus::NeedsManualActivation)));

        auto counts = sampleCounts();
        counts[int(ConnectionStatus::Online)] = 59;
        counts[int(ConnectionStatus::Offline)] = 6;
        w.setCounts(counts);
        QCOMPARE(w.count(StatusGroup::Offline), 6);
        QCOMPARE(countOf(w.tile(StatusGroup::Offline)), 6);
        QCOMPARE(countOf(w.showAllButton()), 82);
    }

    // A count reads from across the room: far larger than the label, in the status colour.
    void tilePaintsLargeCountInStatusColour()
    {
        DashboardWidget w;
        w.setCounts(sampleCounts());
        w.resize(1200, 120);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *tile = qobject_cast<DashboardTile *>(w.tile(StatusGroup::Offline));
        QVERIFY(tile->sizeHint().height() > 3 * tile->fontMetrics().height());
        const QImage img = tile->grab().toImage();
        const QColor red = statusGroupColor(StatusGroup::Offline);
        int near = 0;
        // The number's band only (the label's indicator is red too).
        for (int y = 0; y < img.height() / 2; ++y) {
            for (int x = 8; x < img.width(); ++x) {
                const QColor c = img.pixelColor(x, y);
                if (std::abs(c.red() - red.red()) + std::abs(c.green() - red.green())
                        + std::abs(c.blue() - red.blue())
                    < 120)
                    ++near;
            }
        }
        QVERIFY2(near > 40, qPrintable(QString::number(near)));
    }

    void clickRequestsFilter_data()
    {
        QTest::addColumn<int>("group");
        for (int g = 0; g < DashboardWidget::kGroupCount; ++g)
            QTest::newRow(qPrintable(statusGroupTitle(StatusGroup(g)))) << g;
    }

    void clickRequestsFilter()
    {
        QFETCH(int, group);
        DashboardWidget w;
        w.setCounts(sampleCounts());
        w.show();
        QSignalSpy requested(&w, &DashboardWidget::groupFilterRequested);
        QSignalSpy all(&w, &DashboardWidget::showAllRequested);
        QVERIFY(w.showAllButton()->isChecked()); // nothing filtered at first
        QTest::mouseClick(w.tile(StatusGroup(group)), Qt::LeftButton);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(0).value<StatusGroup>(), StatusGroup(group));
        // The tile in force is marked, and only that one.
        QVERIFY(w.tile(StatusGroup(group))->isChecked());
        QVERIFY(!w.showAllButton()->isChecked());
        QCOMPARE(w.selectedGroup(), std::optional<StatusGroup>(StatusGroup(group)));
        QTest::mouseClick(w.showAllButton(), Qt::LeftButton);
        QCOMPARE(all.count(), 1);
        QCOMPARE(requested.count(), 1);
        QVERIFY(!w.tile(StatusGroup(group))->isChecked());
        QVERIFY(w.showAllButton()->isChecked());
    }

    // Each not-activated state filters on its own, by mouse and from the keyboard.
    void partsFilterByStatus()
    {
        DashboardWidget w;
        w.setCounts(sampleCounts());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy status(&w, &DashboardWidget::statusFilterRequested);
        QTest::mouseClick(w.tile(ConnectionStatus::AwaitingFirstData), Qt::LeftButton);
        QCOMPARE(status.count(), 1);
        QCOMPARE(status.at(0).at(0).value<ConnectionStatus>(), ConnectionStatus::AwaitingFirstData);
        QCOMPARE(w.selectedStatus(),
            std::optional<ConnectionStatus>(ConnectionStatus::AwaitingFirstData));
        // Keyboard: focus a tile, Space chooses it.
        QAbstractButton *needsSetUp = w.tile(ConnectionStatus::NeedsManualActivation);
        needsSetUp->setFocus(Qt::TabFocusReason);
        QTest::keyClick(needsSetUp, Qt::Key_Space);
        QCOMPARE(status.count(), 2);
        QCOMPARE(
            status.at(1).at(0).value<ConnectionStatus>(), ConnectionStatus::NeedsManualActivation);
        QVERIFY(needsSetUp->isChecked());
        // The list dropped its filter for another reason: the dashboard follows.
        w.markShowAll();
        QVERIFY(w.showAllButton()->isChecked());
        QVERIFY(!needsSetUp->isChecked());
    }

    // The 24-hour line takes the stored timeline, and the live count moves its last point.
    void onlineTimeline()
    {
        DashboardWidget w;
        w.setCounts(sampleCounts());
        w.setOnlineTimeline(0, 1000, { 10, 20, 30 });
        QCOMPARE(w.onlineTimeline()->counts(), (QList<int> { 10, 20, 60 }));
        auto counts = sampleCounts();
        counts[int(ConnectionStatus::Online)] = 55;
        w.setCounts(counts);
        QCOMPARE(w.onlineTimeline()->counts(), (QList<int> { 10, 20, 55 }));
        QVERIFY(w.onlineTimeline()->accessibleDescription().contains(QStringLiteral("55")));
    }

    void firstRun()
    {
        DashboardWidget w;
        w.show();
        w.setCounts({});
        QVERIFY(w.isFirstRun());
        QVERIFY(w.addDeviceButton()->isVisible());
        QVERIFY(w.startDemoButton()->isVisible());
        QVERIFY(!w.tile(StatusGroup::Online)->isVisible());
        QSignalSpy add(&w, &DashboardWidget::addDeviceRequested);
        QSignalSpy demo(&w, &DashboardWidget::startDemoRequested);
        QTest::mouseClick(w.addDeviceButton(), Qt::LeftButton);
        QTest::mouseClick(w.startDemoButton(), Qt::LeftButton);
        QCOMPARE(add.count(), 1);
        QCOMPARE(demo.count(), 1);

        w.setCounts(sampleCounts()); // the first device arrives
        QVERIFY(!w.isFirstRun());
        QVERIFY(w.tile(StatusGroup::Online)->isVisible());
    }
};

FW_TEST_CLASS(TestDashboard)
#include "tst_dashboard.moc"
