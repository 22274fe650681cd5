// DeviceListView: the search field and a dashboard tile narrow the list, context-menu actions
// come out as signals (copy id goes to the clipboard), CSV export writes exactly the rows shown
// with proper quoting, selection is announced, and the header layout survives a restart.
#include "TestMain.h"

#include "dashboard/DashboardWidget.h"
#include "devicelist/DeviceFilterProxyModel.h"
#include "devicelist/DeviceListModel.h"
#include "devicelist/DeviceListView.h"
#include "util/Clock.h"

#include <QAbstractButton>
#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace fw;

namespace {
constexpr TimeMs kNow = 1'700'000'000'000;

DeviceSnapshot device(
    const QString &id, const QString &name, ConnectionStatus status, bool blocked = false)
{
    DeviceSnapshot s;
    s.device.uniqueId = id;
    s.device.name = name;
    s.device.phone = QStringLiteral("+44 7700 900") + id.right(3);
    s.device.blocked = blocked;
    s.activity.uniqueId = id;
    s.activity.lastPacketAt = kNow - 3 * kMinute;
    s.status = status;
    return s;
}

FleetDelta fleet()
{
    FleetDelta d;
    d.reset = true;
    d.changed << device(
        QStringLiteral("861000000000001"), QStringLiteral("Alpha"), ConnectionStatus::Online)
              << device(QStringLiteral("861000000000002"), QStringLiteral("Bravo, \"big\""),
                     ConnectionStatus::Offline)
              << device(QStringLiteral("861000000000003"), QStringLiteral("Charlie"),
                     ConnectionStatus::Blocked, true)
              << device(QStringLiteral("861000000000004"), QStringLiteral("Delta\nline"),
                     ConnectionStatus::Offline);
    return d;
}
} // namespace

class TestDeviceListView : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir settingsDir;
    std::unique_ptr<ManualClock> clock;
    std::unique_ptr<DeviceListModel> model;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui"));
        QVERIFY(settingsDir.isValid());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());
        QLocale::setDefault(QLocale::c());
    }

    void init()
    {
        QSettings().clear();
        clock = std::make_unique<ManualClock>(kNow);
        model = std::make_unique<DeviceListModel>(clock.get());
        model->applyDelta(fleet());
    }

    void cleanup()
    {
        model.reset();
        clock.reset();
    }

    void defaultsSortByName()
    {
        DeviceListView view(model.get());
        QCOMPARE(view.proxy()->rowCount(), 4);
        QCOMPARE(view.proxy()->sortColumn(), int(DeviceListModel::NameColumn));
        QCOMPARE(view.proxy()->index(0, DeviceListModel::NameColumn).data().toString(),
            QStringLiteral("Alpha"));
        QVERIFY(!view.searchField()->accessibleName().isEmpty());
    }

    void searchFilters()
    {
        DeviceListView view(model.get());
        view.show();
        QTest::keyClicks(view.searchField(), QStringLiteral("char"));
        QCOMPARE(view.proxy()->rowCount(), 1);
        QCOMPARE(
            view.proxy()->uniqueIdAt(view.proxy()->index(0, 0)), QStringLiteral("861000000000003"));
        view.searchField()->clear();
        QCOMPARE(view.proxy()->rowCount(), 4);
        QTest::keyClicks(view.searchField(), QStringLiteral("900004"));
        QCOMPARE(view.proxy()->rowCount(), 1);
    }

    void tileFilters()
    {
        DeviceListView view(model.get());
        DashboardWidget dashboard;
        QObject::connect(&dashboard, &DashboardWidget::groupFilterRequested, &view,
            &DeviceListView::setStatusGroupFilter);
        QObject::connect(&dashboard, &DashboardWidget::showAllRequested, &view,
            &DeviceListView::showAllStatuses);
        dashboard.setCounts({ 1, 0, 0, 0, 2, 1, 0 });
        dashboard.tile(StatusGroup::Offline)->click();
        QCOMPARE(view.proxy()->rowCount(), 2);
        dashboard.tile(StatusGroup::Blocked)->click();
        QCOMPARE(view.proxy()->rowCount(), 1);
        dashboard.showAllButton()->click();
        QCOMPARE(view.proxy()->rowCount(), 4);
    }

    void selection()
    {
        DeviceListView view(model.get());
        QSignalSpy current(&view, &DeviceListView::currentDeviceChanged);
        view.selectDevice(QStringLiteral("861000000000002"));
        QCOMPARE(current.count(), 1);
        QCOMPARE(current.at(0).at(0).toString(), QStringLiteral("861000000000002"));
        QCOMPARE(view.currentDeviceId(), QStringLiteral("861000000000002"));
        view.selectDevice(QStringLiteral("861000000000002"));
        QCOMPARE(current.count(), 1); // no repeat for the same device

        // Selecting a filtered-out device clears the filter rather than doing nothing.
        view.setStatusGroupFilter(StatusGroup::Online);
        QCOMPARE(current.count(), 2); // the selected row went away; the view moves to the next
        QCOMPARE(current.at(1).at(0).toString(), QStringLiteral("861000000000001"));
        view.selectDevice(QStringLiteral("861000000000003"));
        QCOMPARE(view.proxy()->rowCount(), 4);
        QCOMPARE(current.count(), 3);
        QCOMPARE(current.at(2).at(0).toString(), QStringLiteral("861000000000003"));

        // A user click selects too.
        view.show();
        const QModelIndex alpha = view.proxy()->indexOfDevice(
            QStringLiteral("861000000000001"), DeviceListModel::NameColumn);
        const QRect rect = view.table()->visualRect(alpha);
        QTest::mouseClick(view.table()->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(current.count(), 4);
        QCOMPARE(current.at(3).at(0).toString(), QStringLiteral("861000000000001"));
    }

    void contextActions_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("action");
        QTest::addColumn<QByteArray>("signal");
        const QString online = QStringLiteral("861000000000001");
        const QString blocked = QStringLiteral("861000000000003");
        QTest::newRow("map") << online << "showOnMap" << QByteArray(SIGNAL(showOnMap(QString)));
        QTest::newRow("follow") << online << "follow" << QByteArray(SIGNAL(follow(QString)));
        QTest::newRow("edit") << online << "edit" << QByteArray(SIGNAL(edit(QString)));
        QTest::newRow("block") << online << "block" << QByteArray(SIGNAL(block(QString)));
        QTest::newRow("unblock") << blocked << "unblock" << QByteArray(SIGNAL(unblock(QString)));
        QTest::newRow("troubleshoot")
            << online << "troubleshoot" << QByteArray(SIGNAL(troubleshoot(QString)));
        QTest::newRow("command") << online << "sendCommand"
                                 << QByteArray(SIGNAL(sendCommand(QString)));
    }

    void contextActions()
    {
        QFETCH(QString, id);
        QFETCH(QString, action);
        QFETCH(QByteArray, signal);
        DeviceListView view(model.get());
        QSignalSpy spy(&view, signal.constData());
        std::unique_ptr<QMenu> menu(view.createContextMenu(id));
        QAction *a = menu->findChild<QAction *>(action);
        QVERIFY(a);
        a->trigger();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), id);
        // Block and unblock are offered one at a time, by the device's state.
        const bool isBlocked = id == QStringLiteral("861000000000003");
        QCOMPARE(menu->findChild<QAction *>(QStringLiteral("block")) != nullptr, !isBlocked);
        QCOMPARE(menu->findChild<QAction *>(QStringLiteral("unblock")) != nullptr, isBlocked);
    }

    void copyId()
    {
        DeviceListView view(model.get());
        std::unique_ptr<QMenu> menu(view.createContextMenu(QStringLiteral("861000000000004")));
        menu->findChild<QAction *>(QStringLiteral("copyId"))->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("861000000000004"));
    }

    void csvQuoting_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("plain") << "abc"
                               << "abc";
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("comma") << "a,b"
                               << "\"a,b\"";
        QTest::newRow("quote") << "say \"hi\""
                               << "\"say \"\"hi\"\"\"";
        QTest::newRow("newline") << "a\nb"
                                 << "\"a\nb\"";
        QTest::newRow("edge space") << " a"
                                    << "\" a\"";
    }

    void csvQuoting()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(DeviceListView::csvField(in), out);
    }

    void csvExport()
    {
        DeviceListView view(model.get());
        QHeaderView *header = view.table()->horizontalHeader();
        for (int c = DeviceListModel::LastUpdateColumn; c < DeviceListModel::ColumnCount; ++c)
            header->setSectionHidden(c, c != DeviceListModel::PhoneColumn);
        header->setSectionHidden(DeviceListModel::UniqueIdColumn, false); // from the chooser
        header->setSectionHidden(DeviceListModel::StatusTextColumn, false);
        header->moveSection(header->visualIndex(DeviceListModel::UniqueIdColumn), 0);
        header->moveSection(header->visualIndex(DeviceListModel::StatusTextColumn), 3);
        view.setStatusGroupFilter(StatusGroup::Offline);

        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("devices.csv"));
        QCOMPARE(view.exportCsv(file), QString());
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString offline = statusTitle(ConnectionStatus::Offline);
        const QString expected = QStringLiteral("Unique id,Status,Name,Status text,Phone\r\n")
            + QStringLiteral("861000000000002,") + offline
            + QStringLiteral(",\"Bravo, \"\"big\"\"\",") + offline
            + QStringLiteral(",+44 7700 900002\r\n") + QStringLiteral("861000000000004,") + offline
            + QStringLiteral(",\"Delta\nline\",") + offline
            + QStringLiteral(",+44 7700 900004\r\n");
        QCOMPARE(QString::fromUtf8(f.readAll()), expected);

        QVERIFY(!view.exportCsv(dir.filePath(QStringLiteral("missing/dir/x.csv"))).isEmpty());
    }

    void headerStatePersisted()
    {
        QByteArray saved;
        {
            DeviceListView view(model.get());
            QHeaderView *header = view.table()->horizontalHeader();
            std::unique_ptr<QMenu> columns(view.createColumnMenu());
            const auto actions = columns->actions();
            QCOMPARE(actions.size(), int(DeviceListModel::ColumnCount));
            actions.at(DeviceListModel::CarrierColumn)->setChecked(false); // column chooser
            QVERIFY(header->isSectionHidden(DeviceListModel::CarrierColumn));
            QVERIFY(!actions.at(DeviceListModel::NameColumn)->isEnabled());
            actions.at(DeviceListModel::ModelColumn)->setChecked(true);
            actions.at(DeviceListModel::PhoneColumn)->setChecked(true);
            header->moveSection(header->visualIndex(DeviceListModel::PhoneColumn), 1);
            header->resizeSection(DeviceListModel::ModelColumn, 211);
            view.table()->sortByColumn(DeviceListModel::StatusColumn, Qt::DescendingOrder);
            view.groupByCombo()->setCurrentIndex(2);
        } // saved on destruction
        QVERIFY(QSettings().contains(QStringLiteral("deviceList/header")));

        DeviceListView again(model.get());
        QHeaderView *header = again.table()->horizontalHeader();
        QVERIFY(header->isSectionHidden(DeviceListModel::CarrierColumn));
        QCOMPARE(header->visualIndex(DeviceListModel::PhoneColumn), 1);
        QCOMPARE(header->sectionSize(DeviceListModel::ModelColumn), 211);
        QCOMPARE(again.proxy()->sortColumn(), int(DeviceListModel::StatusColumn));
        QCOMPARE(again.proxy()->sortOrder(), Qt::DescendingOrder);
        QCOMPARE(again.proxy()->groupBy(), DeviceFilterProxyModel::GroupBy::Model);
    }

    void liveUpdatesReachTheView()
    {
        DeviceListView view(model.get());
        view.setStatusGroupFilter(StatusGroup::Online);
        QCOMPARE(view.proxy()->rowCount(), 1);
        FleetDelta d;
        d.changed << device(
            QStringLiteral("861000000000002"), QStringLiteral("Bravo"), ConnectionStatus::Online)
                  << device(QStringLiteral("861000000000009"), QStringLiteral("Echo"),
                         ConnectionStatus::Online);
        d.removed << QStringLiteral("861000000000001");
        model->applyDelta(d);
        QCOMPARE(view.proxy()->rowCount(), 2);
        QCOMPARE(view.proxy()->index(0, DeviceListModel::NameColumn).data().toString(),
            QStringLiteral("Bravo"));
    }
};

FW_TEST_CLASS(TestDeviceListView)
#include "tst_devicelistview.moc"
