// WindowLayout, ProblemBanner and StatusNotifier: the default window on small and large screens
// (fits the available area, the list gets what its columns need, proportions in bounds),
// remembered geometry moved back onto a smaller screen, one key per screen size, the banner's
// single compact line with its details link, and notifications of watched devices with their
// rate limit and persisted watch list.
#include "TestMain.h"

#include "mainwindow/ProblemBanner.h"
#include "mainwindow/StatusNotifier.h"
#include "mainwindow/WindowLayout.h"
#include "util/Clock.h"

#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace fw;

class TstWindowLayout : public QObject
{
    Q_OBJECT
private slots:
    void defaultsFitTheScreen_data()
    {
        QTest::addColumn<QRect>("available");
        QTest::addColumn<bool>("maximized");
        QTest::newRow("1366x768 laptop") << QRect(0, 0, 1366, 740) << true;
        QTest::newRow("1920x1080") << QRect(0, 0, 1920, 1050) << false;
        QTest::newRow("4K") << QRect(0, 0, 3840, 2110) << false;
        QTest::newRow("second screen") << QRect(1920, 0, 2560, 1400) << false;
    }

    void defaultsFitTheScreen()
    {
        QFETCH(QRect, available);
        QFETCH(bool, maximized);
        const int listNeeds = 420;
        const DockSizes s = WindowLayout::defaults(available, listNeeds);
        QVERIFY(available.contains(s.geometry));
        QCOMPARE(s.maximized, maximized);
        if (!maximized)
            QCOMPARE(s.geometry.center(), available.center());
        QVERIFY(s.listWidth >= listNeeds);
        QVERIFY(s.listWidth <= s.geometry.width() * 0.4 + 1);
        // The map keeps at least a third of the width.
        QVERIFY(s.geometry.width() - s.listWidth - s.detailsWidth >= s.geometry.width() / 3);
        QVERIFY(s.bottomHeight >= 130 && s.bottomHeight <= s.geometry.height() / 3);
    }

    void rememberedGeometryIsFitted()
    {
        const QRect laptop(0, 0, 1366, 740);
        // Saved on a big monitor, far right: shrunk and moved back onto the laptop.
        const QRect fitted = WindowLayout::fitted(QRect(2000, 100, 1800, 1000), laptop);
        QVERIFY(laptop.contains(fitted));
        QCOMPARE(fitted.size(), QSize(1366, 740));
        // Already fitting: unchanged.
        QCOMPARE(WindowLayout::fitted(QRect(10, 20, 800, 600), laptop), QRect(10, 20, 800, 600));
        QVERIFY(WindowLayout::settingsGroup(QSize(1366, 768))
            != WindowLayout::settingsGroup(QSize(1920, 1080)));
    }

    void bannerIsOneCompactLine()
    {
        ProblemBanner banner;
        banner.resize(500, banner.sizeHint().height());
        QVERIFY(banner.isHidden());
        const QString first = QStringLiteral("The database cannot be written (disk full). Data is "
                                             "held in memory and devices are not acknowledged "
                                             "until it recovers.");
        banner.setProblems({ first,
            QStringLiteral("3 ports could not be opened (gt06 5023, "
                           "h02 5013, osmand 5055)") });
        banner.show();
        QVERIFY(QTest::qWaitForWindowExposed(&banner));
        QVERIFY(banner.isVisible());
        // One line, elided, with the count of the others; everything in the tooltip.
        QVERIFY(banner.height() < banner.fontMetrics().height() * 3);
        QVERIFY(!banner.shownText().contains(QLatin1Char('\n')));
        QVERIFY(banner.shownText().contains(QStringLiteral("+1")));
        QVERIFY(banner.toolTip().contains(QStringLiteral("osmand 5055")));
        QVERIFY(banner.toolTip().contains(first));
        // The link asks for the details.
        QSignalSpy details(&banner, &ProblemBanner::detailsRequested);
        QLabel *link = nullptr;
        for (QLabel *l : banner.findChildren<QLabel *>()) {
            if (l->text().contains(QStringLiteral("href")))
                link = l;
        }
        QVERIFY(link);
        emit link->linkActivated(QStringLiteral("details"));
        QCOMPARE(details.count(), 1);
        banner.setProblems({});
        QVERIFY(banner.isHidden());
    }

    void watchedDeviceNotifiesWithRateLimit()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
        QCoreApplication::setApplicationName(QStringLiteral("Notifier"));
        QSettings().clear();
        ManualClock clock(1'700'000'000'000);
        const auto change = [](const QString &id, ConnectionStatus status) {
            FleetDelta d;
            DeviceSnapshot s;
            s.device.uniqueId = id;
            s.device.name = QStringLiteral("Truck ") + id;
            s.status = status;
            d.changed << s;
            return d;
        };
        {
            StatusNotifier notifier(&clock, QIcon());
            QSignalSpy messages(&notifier, &StatusNotifier::messageWithoutTray);
            notifier.setWatched(QStringLiteral("1"), true, ConnectionStatus::Online);
            notifier.notify(change(QStringLiteral("2"), ConnectionStatus::Offline)); // not watched
            QCOMPARE(messages.count(), 0);
            notifier.notify(change(QStringLiteral("1"), ConnectionStatus::Offline));
            QCOMPARE(messages.count(), 1);
            QVERIFY(messages.at(0).at(0).toString().contains(QStringLiteral("Truck 1")));
            clock.advance(10 * kSecond); // back within the minute: held back
            notifier.notify(change(QStringLiteral("1"), ConnectionStatus::Online));
            QCOMPARE(messages.count(), 1);
            clock.advance(kMinute);
            notifier.notify(change(QStringLiteral("1"), ConnectionStatus::Offline));
            QCOMPARE(messages.count(), 2);
        }
        StatusNotifier again(&clock, QIcon()); // the watch list persists
        QVERIFY(again.isWatched(QStringLiteral("1")));
        again.setWatched(QStringLiteral("1"), false, ConnectionStatus::Offline);
        QVERIFY(!StatusNotifier(&clock, QIcon()).isWatched(QStringLiteral("1")));
    }
};

FW_TEST_CLASS(TstWindowLayout)
#include "tst_windowlayout.moc"
