// DeviceListModel and DeviceFilterProxyModel: structure checked by QAbstractItemModelTester
// (attached before any data), exact change notifications for contiguous and scattered updates,
// appends, removals and resets, the named roles, tooltips, relative times, and the proxy's
// search, status-group filter, "group by" order and batched re-sorting.
#include "TestMain.h"

#include "devicelist/DeviceFilterProxyModel.h"
#include "devicelist/DeviceListModel.h"
#include "util/Clock.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace fw;

namespace {
constexpr TimeMs kNow = 1'700'000'000'000;

DeviceSnapshot device(int i, ConnectionStatus status = ConnectionStatus::Online)
{
    DeviceSnapshot s;
    s.device.uniqueId = QStringLiteral("id%1").arg(i, 3, 10, QLatin1Char('0'));
    s.device.name = QStringLiteral("Truck %1").arg(i, 3, 10, QLatin1Char('0'));
    s.device.group = i % 2 ? QStringLiteral("North") : QStringLiteral("South");
    s.device.model = QStringLiteral("Concox GT06N");
    s.device.phone = QStringLiteral("+100%1").arg(i);
    s.activity.uniqueId = s.device.uniqueId;
    s.activity.lastPacketAt = kNow - 3 * kMinute;
    s.activity.hasLocation = true;
    s.activity.speedKph = 40;
    s.moving = true;
    s.status = status;
    s.reason.code
        = status == ConnectionStatus::Online ? ReasonCode::FixCurrent : ReasonCode::NoData;
    return s;
}

FleetDelta resetDelta(int count)
{
    FleetDelta d;
    d.reset = true;
    for (int i = 0; i < count; ++i)
        d.changed << device(i);
    return d;
}

struct Range
{
    int top, left, bottom, right;
    bool operator==(const Range &) const = default;
};

Range rangeOf(const QList<QVariant> &args)
{
    const auto tl = args.at(0).value<QModelIndex>();
    const auto br = args.at(1).value<QModelIndex>();
    return { tl.row(), tl.column(), br.row(), br.column() };
}

char *toString(const Range &r)
{
    return QTest::toString(QStringLiteral("rows %1..%2 columns %3..%4")
                               .arg(r.top)
                               .arg(r.bottom)
                               .arg(r.left)
                               .arg(r.right));
}
} // namespace

class TestDeviceListModel : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ManualClock> clock;
    std::unique_ptr<DeviceListModel> model;
    std::unique_ptr<DeviceFilterProxyModel> proxy;
    std::unique_ptr<QAbstractItemModelTester> modelTester;
    std::unique_ptr<QAbstractItemModelTester> proxyTester;

private slots:
    void init()
    {
        clock = std::make_unique<ManualClock>(kNow);
        model = std::make_unique<DeviceListModel>(clock.get());
        proxy = std::make_unique<DeviceFilterProxyModel>();
        proxy->setSourceModel(model.get());
        modelTester = std::make_unique<QAbstractItemModelTester>(
            model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxyTester = std::make_unique<QAbstractItemModelTester>(
            proxy.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void cleanup()
    {
        proxyTester.reset();
        modelTester.reset();
        proxy.reset();
        model.reset();
        clock.reset();
    }

    void resetLoadsWholeFleet()
    {
        QSignalSpy resets(model.get(), &QAbstractItemModel::modelReset);
        QSignalSpy inserts(model.get(), &QAbstractItemModel::rowsInserted);
        model->applyDelta(resetDelta(10));
        QCOMPARE(resets.count(), 1);
        QCOMPARE(inserts.count(), 0);
        QCOMPARE(model->rowCount(), 10);
        QCOMPARE(model->columnCount(), int(DeviceListModel::ColumnCount));
        QCOMPARE(model->rowOf(QStringLiteral("id007")), 7);
        QCOMPARE(proxy->rowCount(), 10);
    }

    void updates_data()
    {
        QTest::addColumn<QList<int>>("rows");
        QTest::addColumn<QList<Range>>("expected");
        QTest::newRow("one") << QList<int> { 4 } << QList<Range> { { 4, 6, 4, 6 } };
        QTest::newRow("contiguous") << QList<int> { 2, 3, 4 } << QList<Range> { { 2, 6, 4, 6 } };
        QTest::newRow("unordered contiguous")
            << QList<int> { 5, 3, 4 } << QList<Range> { { 3, 6, 5, 6 } };
        QTest::newRow("scattered") << QList<int> { 8, 1, 3, 4,
            9 } << QList<Range> { { 1, 6, 1, 6 }, { 3, 6, 4, 6 }, { 8, 6, 9, 6 } };
    }

    void updates()
    {
        QFETCH(QList<int>, rows);
        QFETCH(QList<Range>, expected);
        model->applyDelta(resetDelta(10));
        QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy resets(model.get(), &QAbstractItemModel::modelReset);
        QSignalSpy layouts(model.get(), &QAbstractItemModel::layoutChanged);
        FleetDelta d;
        for (const int row : rows) {
            DeviceSnapshot s = device(row);
            s.activity.speedKph = 77; // only the Speed column changes
            d.changed << s;
        }
        model->applyDelta(d);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(layouts.count(), 0);
        QCOMPARE(changed.count(), expected.size());
        for (int i = 0; i < expected.size(); ++i) {
            QCOMPARE(rangeOf(changed.at(i)), expected.at(i));
            const auto roles = changed.at(i).at(2).value<QList<int>>();
            QVERIFY(roles.contains(Qt::DisplayRole));
            QVERIFY(roles.contains(DeviceListModel::SortRole));
            QVERIFY(roles.contains(DeviceListModel::SnapshotRole));
            QVERIFY(!roles.contains(DeviceListModel::StatusRole));
        }
        QCOMPARE(model->index(rows.first(), DeviceListModel::SpeedColumn).data().toString(),
            QStringLiteral("77 km/h"));
    }

    void statusChangeCoversStatusColumnsOnly()
    {
        model->applyDelta(resetDelta(5));
        QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
        FleetDelta d;
        d.changed << device(2, ConnectionStatus::Offline);
        model->applyDelta(d);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(rangeOf(changed.at(0)),
            (Range { 2, DeviceListModel::StatusColumn, 2, DeviceListModel::StatusTextColumn }));
        const auto roles = changed.at(0).at(2).value<QList<int>>();
        QVERIFY(roles.contains(DeviceListModel::StatusRole));
        QVERIFY(roles.contains(DeviceListModel::StatusGroupRole));
        QVERIFY(roles.contains(DeviceListModel::ReasonTextRole));
        QVERIFY(roles.contains(Qt::ToolTipRole));
    }

    void identicalSnapshotIsSilent()
    {
        model->applyDelta(resetDelta(5));
        QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
        FleetDelta d;
        d.changed << device(1) << device(3);
        model->applyDelta(d);
        QCOMPARE(changed.count(), 0);
    }

    void invisibleChangeAnnouncedOnStatusColumn()
    {
        model->applyDelta(resetDelta(5));
        QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
        FleetDelta d;
        DeviceSnapshot s = device(3);
        s.activity.latitude = 51.5; // not a column, but the snapshot changed
        d.changed << s;
        model->applyDelta(d);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(rangeOf(changed.at(0)), (Range { 3, 0, 3, 0 }));
        QCOMPARE(
            changed.at(0).at(2).value<QList<int>>(), QList<int> { DeviceListModel::SnapshotRole });
    }

    void fieldMaskDecidesTheRoles()
    {
        // A delta from the fleet says what changed: the model announces exactly that, and
        // compares nothing (an unchanged value in a flagged field is still announced).
        model->applyDelta(resetDelta(5));
        QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
        FleetDelta d;
        DeviceSnapshot s = device(2);
        s.activity.speedKph = 55;
        d.changed << s << device(3);
        d.fields << DeviceFields(DeviceField::Speed) << DeviceFields(DeviceField::Location);
        model->applyDelta(d);
        QCOMPARE(changed.count(), 1); // rows 2 and 3 are one contiguous run
        QCOMPARE(rangeOf(changed.at(0)), (Range { 2, 0, 3, DeviceListModel::SpeedColumn }));
        const auto roles = changed.at(0).at(2).value<QList<int>>();
        QVERIFY(roles.contains(Qt::DisplayRole));
        QVERIFY(roles.contains(DeviceListModel::SnapshotRole));
        QVERIFY(!roles.contains(DeviceListModel::StatusRole));
        QVERIFY(!roles.contains(Qt::ToolTipRole));

        changed.clear();
        FleetDelta status;
        status.changed << device(4, ConnectionStatus::Offline);
        status.fields << (DeviceField::Status | DeviceField::Reason);
        model->applyDelta(status);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(rangeOf(changed.at(0)),
            (Range { 4, DeviceListModel::StatusColumn, 4, DeviceListModel::StatusTextColumn }));
    }

    void appendsNewDevices()
    {
        model->applyDelta(resetDelta(3));
        QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy resets(model.get(), &QAbstractItemModel::modelReset);
        FleetDelta d;
        d.changed << device(10) << device(11) << device(10);
        model->applyDelta(d);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 3);
        QCOMPARE(inserted.at(0).at(2).toInt(), 4);
        QCOMPARE(model->rowOf(QStringLiteral("id011")), 4);
        QCOMPARE(proxy->rowCount(), 5);
    }

    void removesInRunsAndReindexes()
    {
        model->applyDelta(resetDelta(10));
        QSignalSpy removed(model.get(), &QAbstractItemModel::rowsRemoved);
        QSignalSpy resets(model.get(), &QAbstractItemModel::modelReset);
        FleetDelta d;
        d.removed << QStringLiteral("id002") << QStringLiteral("id007") << QStringLiteral("id003")
                  << QStringLiteral("unknown");
        model->applyDelta(d);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(removed.count(), 2);
        QCOMPARE(removed.at(0).at(1).toInt(), 7); // highest run first
        QCOMPARE(removed.at(0).at(2).toInt(), 7);
        QCOMPARE(removed.at(1).at(1).toInt(), 2);
        QCOMPARE(removed.at(1).at(2).toInt(), 3);
        QCOMPARE(model->rowCount(), 7);
        QCOMPARE(model->rowOf(QStringLiteral("id002")), -1);
        QCOMPARE(model->rowOf(QStringLiteral("id008")), 5);
        QCOMPARE(model->index(5, DeviceListModel::UniqueIdColumn).data().toString(),
            QStringLiteral("id008"));
        QCOMPARE(proxy->rowCount(), 7);
    }

    void removeUpdateAndAppendInOneDelta()
    {
        model->applyDelta(resetDelta(4));
        QSignalSpy removed(model.get(), &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
        FleetDelta d;
        d.removed << QStringLiteral("id000");
        DeviceSnapshot s = device(3);
        s.device.name = QStringLiteral("Renamed");
        d.changed << s << device(20);
        model->applyDelta(d);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(rangeOf(changed.at(0)), (Range { 2, 1, 2, 1 })); // id003 moved up to row 2
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model->index(2, DeviceListModel::NameColumn).data().toString(),
            QStringLiteral("Renamed"));
        QCOMPARE(model->rowOf(QStringLiteral("id020")), 3);
    }

    void secondResetReplacesFleet()
    {
        model->applyDelta(resetDelta(5));
        QSignalSpy resets(model.get(), &QAbstractItemModel::modelReset);
        FleetDelta d;
        d.reset = true;
        d.changed << device(40);
        model->applyDelta(d);
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->rowOf(QStringLiteral("id000")), -1);
    }

    void roles()
    {
        FleetDelta d;
        d.reset = true;
        DeviceSnapshot s = device(1, ConnectionStatus::GpsOutdated);
        s.reason.code = ReasonCode::Buffered;
        s.moving = false;
        s.stoppedSince = kNow - 2 * kHour - 5 * kMinute;
        d.changed << s;
        model->applyDelta(d);
        const QModelIndex i = model->index(0, DeviceListModel::NameColumn);
        QCOMPARE(i.data().toString(), QStringLiteral("Truck 001"));
        QCOMPARE(i.data(DeviceListModel::StatusRole).toInt(), int(ConnectionStatus::GpsOutdated));
        QCOMPARE(i.data(DeviceListModel::StatusGroupRole).toInt(), int(StatusGroup::GpsOutdated));
        QCOMPARE(i.data(DeviceListModel::UniqueIdRole).toString(), QStringLiteral("id001"));
        QCOMPARE(i.data(DeviceListModel::ReasonTextRole).toString(), s.reason.text());
        QCOMPARE(i.data(DeviceListModel::LastUpdateRole).toLongLong(), kNow - 3 * kMinute);
        const auto snap = i.data(DeviceListModel::SnapshotRole).value<DeviceSnapshot>();
        QCOMPARE(snap.device, s.device);
        QCOMPARE(model->index(0, DeviceListModel::StatusColumn).data(), QVariant());
        QCOMPARE(model->index(0, DeviceListModel::StatusTextColumn).data().toString(),
            statusTitle(ConnectionStatus::GpsOutdated));
        QCOMPARE(model->index(0, DeviceListModel::LastUpdateColumn).data().toString(),
            QStringLiteral("3 min ago"));
        QCOMPARE(model->index(0, DeviceListModel::MotionColumn).data().toString(),
            QStringLiteral("stopped for 2 h"));
        QCOMPARE(model->index(0, DeviceListModel::GroupColumn).data().toString(),
            QStringLiteral("North"));
        const QHash<int, QByteArray> names = model->roleNames();
        QCOMPARE(names.value(DeviceListModel::StatusRole), QByteArray("status"));
        QCOMPARE(names.value(DeviceListModel::SnapshotRole), QByteArray("snapshot"));
    }

    void texts()
    {
        QCOMPARE(DeviceListModel::relativeTimeText(kNoTime, kNow), QStringLiteral("never"));
        QCOMPARE(DeviceListModel::relativeTimeText(kNow - 20 * kSecond, kNow),
            QStringLiteral("just now"));
        QCOMPARE(
            DeviceListModel::relativeTimeText(kNow - kMinute, kNow), QStringLiteral("1 min ago"));
        QCOMPARE(
            DeviceListModel::relativeTimeText(kNow - 5 * kHour, kNow), QStringLiteral("5 h ago"));
        QCOMPARE(
            DeviceListModel::relativeTimeText(kNow - 3 * kDay, kNow), QStringLiteral("3 d ago"));
        QCOMPARE(DeviceListModel::durationText(45 * kMinute), QStringLiteral("45 min"));
    }

    void tooltipExplainsStatus()
    {
        FleetDelta d;
        d.reset = true;
        DeviceSnapshot s = device(1, ConnectionStatus::Offline);
        s.reason.code = ReasonCode::LastGasp;
        d.changed << s;
        model->applyDelta(d);
        const QString tip
            = model->index(0, DeviceListModel::StatusColumn).data(Qt::ToolTipRole).toString();
        QVERIFY(tip.startsWith(statusTitle(ConnectionStatus::Offline)));
        QVERIFY(tip.contains(s.reason.text()));
        for (const QString &cause : s.reason.likelyCauses())
            QVERIFY2(tip.contains(cause), qPrintable(cause));
        QCOMPARE(
            model->index(0, DeviceListModel::StatusTextColumn).data(Qt::ToolTipRole).toString(),
            tip);
        // The default columns leave the id and the status text out: the name's tooltip has them.
        const QString nameTip
            = model->index(0, DeviceListModel::NameColumn).data(Qt::ToolTipRole).toString();
        QVERIFY(nameTip.contains(s.device.uniqueId));
        QVERIFY(nameTip.endsWith(tip));
        QVERIFY(model->index(0, DeviceListModel::SpeedColumn).data(Qt::ToolTipRole).isNull());
    }

    void relativeTimesRefresh()
    {
        model->applyDelta(resetDelta(4));
        QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
        clock->advance(60 * kMinute);
        model->refreshRelativeTimes();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(rangeOf(changed.at(0)),
            (Range { 0, DeviceListModel::LastUpdateColumn, 3, DeviceListModel::MotionColumn }));
        QCOMPARE(changed.at(0).at(2).value<QList<int>>(), QList<int> { Qt::DisplayRole });
        QCOMPARE(model->index(0, DeviceListModel::LastUpdateColumn).data().toString(),
            QStringLiteral("1 h ago"));
    }

    void refreshTimerFires()
    {
        model->applyDelta(resetDelta(2));
        QCOMPARE(model->refreshInterval(), 30 * 1000);
        model->setRefreshInterval(10);
        QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
        QVERIFY(changed.wait(1000));
    }

    void proxySearch()
    {
        model->applyDelta(resetDelta(20));
        proxy->setSearchText(QStringLiteral("truck 01"));
        QCOMPARE(proxy->rowCount(), 11); // every term matches: Truck 010..019 and 001
        proxy->setSearchText(QStringLiteral("+1005"));
        QCOMPARE(proxy->rowCount(), 1);
        proxy->setSearchText(QStringLiteral("north id00"));
        QCOMPARE(proxy->rowCount(), 5); // odd ids 1,3,5,7,9
        proxy->setSearchText(QString());
        QCOMPARE(proxy->rowCount(), 20);
        QVERIFY(!proxy->isFiltering());
    }

    void proxyStatusGroups()
    {
        FleetDelta d;
        d.reset = true;
        d.changed << device(0) << device(1, ConnectionStatus::Offline)
                  << device(2, ConnectionStatus::JustRegistered)
                  << device(3, ConnectionStatus::NeedsManualActivation)
                  << device(4, ConnectionStatus::Blocked);
        model->applyDelta(d);
        proxy->setStatusGroup(StatusGroup::NotActivated);
        QCOMPARE(proxy->rowCount(), 2);
        QCOMPARE(proxy->statusGroups(), QSet<StatusGroup> { StatusGroup::NotActivated });
        // A device leaving the group disappears, one entering it appears.
        FleetDelta u;
        u.changed << device(2, ConnectionStatus::Online)
                  << device(1, ConnectionStatus::AwaitingFirstData);
        model->applyDelta(u);
        QCOMPARE(proxy->rowCount(), 2);
        QVERIFY(proxy->indexOfDevice(QStringLiteral("id001")).isValid());
        QVERIFY(!proxy->indexOfDevice(QStringLiteral("id002")).isValid());
        proxy->clearStatusGroups();
        QCOMPARE(proxy->rowCount(), 5);
    }

    void proxyGroupBy()
    {
        model->applyDelta(resetDelta(6));
        proxy->sort(DeviceListModel::NameColumn, Qt::DescendingOrder);
        proxy->setGroupBy(DeviceFilterProxyModel::GroupBy::Group);
        QStringList order;
        for (int r = 0; r < proxy->rowCount(); ++r)
            order << proxy->groupKeyAt(proxy->index(r, 0)) + QLatin1Char('/')
                    + proxy->index(r, DeviceListModel::NameColumn).data().toString();
        // Groups ascending and together; names descending inside each.
        QCOMPARE(order,
            (QStringList { QStringLiteral("North/Truck 005"), QStringLiteral("North/Truck 003"),
                QStringLiteral("North/Truck 001"), QStringLiteral("South/Truck 004"),
                QStringLiteral("South/Truck 002"), QStringLiteral("South/Truck 000") }));
    }

    void proxyKeepsOrderOnLargeBatches_data()
    {
        QTest::addColumn<int>("changes");
        QTest::newRow("small batch, per-run re-sort") << 20;
        QTest::newRow("large batch, one deferred sort") << 400;
    }

    void proxyKeepsOrderOnLargeBatches()
    {
        QFETCH(int, changes);
        constexpr int kRows = 1000;
        model->applyDelta(resetDelta(kRows));
        proxy->sort(DeviceListModel::LastUpdateColumn, Qt::DescendingOrder);
        proxy->setStatusGroups({ StatusGroup::Online, StatusGroup::Offline });
        QPersistentModelIndex tracked = proxy->indexOfDevice(QStringLiteral("id500"));
        FleetDelta d;
        for (int i = 0; i < changes; ++i) {
            const int row = (i * 7919) % kRows;
            DeviceSnapshot s
                = device(row, i % 3 ? ConnectionStatus::Online : ConnectionStatus::GpsOutdated);
            s.activity.lastPacketAt = kNow + (row * 37) % 1000;
            d.changed << s;
        }
        model->applyDelta(d);
        QVERIFY(proxy->rowCount() < kRows);
        qint64 previous = std::numeric_limits<qint64>::max();
        for (int r = 0; r < proxy->rowCount(); ++r) {
            const QModelIndex i = proxy->index(r, 0);
            const qint64 t = i.data(DeviceListModel::LastUpdateRole).toLongLong();
            QVERIFY2(t <= previous, qPrintable(QString::number(r)));
            QVERIFY(
                i.data(DeviceListModel::StatusGroupRole).toInt() != int(StatusGroup::GpsOutdated));
            previous = t;
        }
        if (tracked.isValid())
            QCOMPARE(
                tracked.data(DeviceListModel::UniqueIdRole).toString(), QStringLiteral("id500"));
    }

    void proxyMatchesFromScratchAfterBigDelta_data()
    {
        using G = DeviceFilterProxyModel::GroupBy;
        QTest::addColumn<int>("column");
        QTest::addColumn<Qt::SortOrder>("order");
        QTest::addColumn<G>("groupBy");
        QTest::addColumn<bool>("filtered");
        QTest::newRow("status") << int(DeviceListModel::StatusColumn) << Qt::AscendingOrder
                                << G::None << false;
        QTest::newRow("status, filtered")
            << int(DeviceListModel::StatusColumn) << Qt::AscendingOrder << G::None << true;
        QTest::newRow("last update descending, filtered")
            << int(DeviceListModel::LastUpdateColumn) << Qt::DescendingOrder << G::None << true;
        QTest::newRow("speed descending")
            << int(DeviceListModel::SpeedColumn) << Qt::DescendingOrder << G::None << false;
        QTest::newRow("name, grouped, filtered")
            << int(DeviceListModel::NameColumn) << Qt::AscendingOrder << G::Group << true;
        QTest::newRow("name descending, filtered") << int(DeviceListModel::NameColumn)
                                                   << Qt::DescendingOrder << G::None << true;
        QTest::newRow("unsorted, filtered") << -1 << Qt::AscendingOrder << G::None << true;
    }

    // After a large delta (status, time, speed, group and name changes, removals, additions)
    // the proxy's rows equal a from-scratch sort and filter of the same model.
    void proxyMatchesFromScratchAfterBigDelta()
    {
        QFETCH(int, column);
        QFETCH(Qt::SortOrder, order);
        QFETCH(DeviceFilterProxyModel::GroupBy, groupBy);
        QFETCH(bool, filtered);
        constexpr int kRows = 1000;
        const ConnectionStatus cycle[] = { ConnectionStatus::Online, ConnectionStatus::Offline,
            ConnectionStatus::GpsOutdated };
        FleetDelta load;
        load.reset = true;
        for (int i = 0; i < kRows; ++i) {
            DeviceSnapshot s = device(i, cycle[i % 3]);
            s.activity.lastPacketAt = kNow - (i * 7) % 500 * kSecond;
            s.activity.speedKph = (i * 13) % 90 + 0.25;
            load.changed << s;
        }
        model->applyDelta(load);
        const auto configure = [&](DeviceFilterProxyModel &p) {
            p.sort(column, order);
            p.setGroupBy(groupBy);
            if (column >= 0 && p.sortColumn() != column)
                p.sort(column, order);
            if (filtered) {
                p.setStatusGroups({ StatusGroup::Online, StatusGroup::GpsOutdated });
                p.setSearchText(QStringLiteral("truck"));
            }
        };
        configure(*proxy);
        const QPersistentModelIndex tracked = proxy->index(proxy->rowCount() / 2, 0);
        const QString trackedId = proxy->uniqueIdAt(tracked);

        FleetDelta d;
        for (int k = 0; k < 450; ++k) {
            const int i = (k * 7919) % kRows;
            DeviceSnapshot s = device(i, cycle[(i + k) % 3]);
            s.activity.lastPacketAt = kNow + (k * 37) % 1000 * kSecond;
            s.activity.speedKph = (k * 29) % 120;
            if (k % 10 == 0)
                s.device.group = QStringLiteral("East");
            if (k % 25 == 0)
                s.device.name = QStringLiteral("Bus %1").arg(k); // leaves the search
            else if (k % 25 == 7)
                s.device.name = QStringLiteral("Truck Z%1").arg(k); // moves to the end
            else if (k % 25 == 13) // equal but for case to another device's name
                s.device.name = device((i + 1) % kRows).device.name.toUpper();
            d.changed << s;
        }
        for (int i = 0; i < 30; ++i)
            d.removed << device((i * 31 + 5) % kRows).device.uniqueId;
        for (int i = kRows; i < kRows + 20; ++i)
            d.changed << device(i, cycle[i % 3]);
        model->applyDelta(d);

        const auto ids = [](const DeviceFilterProxyModel &p) {
            QStringList list;
            for (int r = 0; r < p.rowCount(); ++r)
                list << p.uniqueIdAt(p.index(r, 0));
            return list;
        };
        DeviceFilterProxyModel fresh;
        fresh.setSourceModel(model.get());
        configure(fresh);
        QCOMPARE(ids(*proxy), ids(fresh));

        // The same without the proxy's own code: which rows, and in which order.
        int expected = 0;
        for (int r = 0; r < model->rowCount(); ++r) {
            const DeviceSnapshot &s = model->snapshotAt(r);
            const StatusGroup g = statusGroup(s.status);
            expected += !filtered
                || ((g == StatusGroup::Online || g == StatusGroup::GpsOutdated)
                    && s.device.name.contains(QStringLiteral("truck"), Qt::CaseInsensitive));
        }
        QCOMPARE(proxy->rowCount(), expected);
        for (int r = 1; r < proxy->rowCount(); ++r) {
            const int a = proxy->mapToSource(proxy->index(r - 1, 0)).row();
            const int b = proxy->mapToSource(proxy->index(r, 0)).row();
            const DeviceSnapshot &sa = model->snapshotAt(a);
            const DeviceSnapshot &sb = model->snapshotAt(b);
            if (column < 0) {
                QVERIFY(a < b);
                continue;
            }
            if (groupBy != DeviceFilterProxyModel::GroupBy::None) {
                const int g
                    = QString::compare(sa.device.group, sb.device.group, Qt::CaseInsensitive);
                QVERIFY2(g <= 0, qPrintable(QString::number(r)));
                if (g < 0)
                    continue;
            }
            const int c = DeviceListModel::compare(sa, sb, column);
            QVERIFY2(order == Qt::AscendingOrder ? c <= 0 : c >= 0, qPrintable(QString::number(r)));
        }
        if (tracked.isValid())
            QCOMPARE(proxy->uniqueIdAt(tracked), trackedId);
    }
};

FW_TEST_CLASS(TestDeviceListModel)
#include "tst_devicelistmodel.moc"
