// DashboardWidget: tile counts per status group (Not activated with its three parts), clicks
// turning into filter requests, and the first-run page when the fleet is empty.
#include "TestMain.h"

#include "dashboard/DashboardWidget.h"

#include <QAbstractButton>
#include <QSignalSpy>
#include <QTest>

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
        const QString online = w.tile(StatusGroup::Online)->text();
        QVERIFY(online.startsWith(statusGroupTitle(StatusGroup::Online)));
        QVERIFY(online.contains(QStringLiteral("60")));
        const QString notActivated = w.tile(StatusGroup::NotActivated)->text();
        QVERIFY(notActivated.contains(QStringLiteral("\n8\n")));
        QVERIFY(notActivated.contains(statusTitle(ConnectionStatus::JustRegistered)
                                      + QStringLiteral(": 3")));
        QVERIFY(notActivated.contains(statusTitle(ConnectionStatus::AwaitingFirstData)
                                      + QStringLiteral(": 4")));
        QVERIFY(notActivated.contains(statusTitle(ConnectionStatus::NeedsManualActivation)
                                      + QStringLiteral(": 1")));
        QVERIFY(!w.tile(StatusGroup::Offline)->accessibleName().isEmpty());
        QVERIFY(w.showAllButton()->text().contains(QStringLiteral("82")));

        auto counts = sampleCounts();
        counts[int(ConnectionStatus::Online)] = 59;
        counts[int(ConnectionStatus::Offline)] = 6;
        w.setCounts(counts);
        QCOMPARE(w.count(StatusGroup::Offline), 6);
        QVERIFY(w.tile(StatusGroup::Offline)->text().contains(QStringLiteral("\n6")));
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
        QTest::mouseClick(w.tile(StatusGroup(group)), Qt::LeftButton);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(0).value<StatusGroup>(), StatusGroup(group));
        QTest::mouseClick(w.showAllButton(), Qt::LeftButton);
        QCOMPARE(all.count(), 1);
        QCOMPARE(requested.count(), 1);
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
