// Device list at fleet scale: 100,000 devices in DeviceListModel behind DeviceFilterProxyModel
// and a visible QTableView, then one FleetDelta of 10,000 changed snapshots, timed on the GUI
// thread including the proxy's re-filtering/re-sorting and the view's reaction. Prints one JSON
// object per measurement. Needs fleetwatch_ui.
// Usage: devicelist_bench [devices] [changes] [scenario name]
#include "devicelist/DeviceFilterProxyModel.h"
#include "devicelist/DeviceListModel.h"
#include "devicelist/StatusIndicatorDelegate.h"
#include "util/Clock.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTableView>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace fw;

namespace {
constexpr TimeMs kStart = 1'700'000'000'000;

// CPU time of the calling (GUI) thread: what the window really spends, independent of how busy
// the machine is.
double threadCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

void print(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

DeviceSnapshot makeDevice(int i)
{
    static const char *const kGroups[] = { "North", "South", "East", "West", "Depot" };
    static const char *const kModels[] = { "Concox GT06N", "Teltonika FMB920", "Queclink GV300" };
    static const char *const kCarriers[] = { "Carrier A", "Carrier B", "Carrier C" };
    DeviceSnapshot s;
    s.device.uniqueId = QString::number(860000000000000LL + i);
    s.device.name = QStringLiteral("Vehicle %1").arg(i, 6, 10, QLatin1Char('0'));
    s.device.group = QString::fromLatin1(kGroups[i % 5]);
    s.device.model = QString::fromLatin1(kModels[i % 3]);
    s.device.carrier = QString::fromLatin1(kCarriers[i % 3]);
    s.device.phone = QStringLiteral("+4470%1").arg(i, 8, 10, QLatin1Char('0'));
    s.device.registeredAt = kStart - kDay;
    s.activity.uniqueId = s.device.uniqueId;
    s.activity.lastPacketAt = kStart - (i % 600) * kSecond;
    s.activity.hasLocation = true;
    s.activity.speedKph = i % 90;
    s.activity.protocol = QStringLiteral("gt06");
    s.status = (i % 4 == 0) ? ConnectionStatus::Offline : ConnectionStatus::Online;
    s.reason.code = s.status == ConnectionStatus::Online ? ReasonCode::FixCurrent
                                                         : ReasonCode::NoData;
    s.moving = i % 2 == 0;
    s.stoppedSince = s.moving ? kNoTime : kStart - kHour;
    return s;
}

// Changes `changes` random devices the way a live batch does: new packet time, speed, motion,
// and for one in five a status change.
FleetDelta makeDelta(const DeviceListModel &model, int changes, quint32 seed, TimeMs now)
{
    QRandomGenerator rng(seed);
    FleetDelta d;
    d.changed.reserve(changes);
    QSet<int> used;
    while (d.changed.size() < changes) {
        const int row = int(rng.bounded(model.rowCount()));
        if (used.contains(row))
            continue;
        used.insert(row);
        DeviceSnapshot s = model.snapshotAt(row);
        s.activity.lastPacketAt = now;
        s.activity.speedKph = rng.bounded(120);
        s.moving = s.activity.speedKph > 3;
        s.stoppedSince = s.moving ? kNoTime : now;
        if (rng.bounded(5) == 0) {
            s.status = s.status == ConnectionStatus::Online ? ConnectionStatus::GpsOutdated
                                                            : ConnectionStatus::Online;
            s.reason.code = s.status == ConnectionStatus::Online ? ReasonCode::FixCurrent
                                                                 : ReasonCode::FixTooOld;
        }
        d.changed.append(s);
    }
    return d;
}

struct Scenario
{
    const char *name;
    int sortColumn; // -1 = unsorted
    bool filtered;
};
} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int devices = argc > 1 ? QByteArray(argv[1]).toInt() : 100000;
    const int changes = argc > 2 ? QByteArray(argv[2]).toInt() : 10000;
    const QByteArray only = argc > 3 ? QByteArray(argv[3]) : QByteArray(); // one scenario

    const Scenario scenarios[] = {
        { "devicelist.applyDelta", -1, false },
        { "devicelist.applyDelta.sortedByName", DeviceListModel::NameColumn, false },
        { "devicelist.applyDelta.sortedByStatus", DeviceListModel::StatusColumn, false },
        { "devicelist.applyDelta.sortedByName.filtered", DeviceListModel::NameColumn, true },
        { "devicelist.applyDelta.sortedByStatus.filtered", DeviceListModel::StatusColumn, true },
    };
    for (const Scenario &sc : scenarios) {
        if (!only.isEmpty() && only != sc.name)
            continue;
        ManualClock clock(kStart);
        DeviceListModel model(&clock);
        DeviceFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        QTableView view;
        view.setModel(&proxy);
        view.setItemDelegateForColumn(DeviceListModel::StatusColumn,
                                      new StatusIndicatorDelegate(&view));
        view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        view.resize(1200, 800);
        view.show();
        if (sc.sortColumn >= 0) {
            view.setSortingEnabled(true);
            view.sortByColumn(sc.sortColumn, Qt::AscendingOrder);
        }
        if (sc.filtered) {
            proxy.setStatusGroups({ StatusGroup::Online, StatusGroup::GpsOutdated });
            proxy.setSearchText(QStringLiteral("vehicle"));
        }

        FleetDelta load;
        load.reset = true;
        load.changed.reserve(devices);
        for (int i = 0; i < devices; ++i)
            load.changed.append(makeDevice(i));
        QElapsedTimer timer;
        timer.start();
        model.applyDelta(load);
        QApplication::processEvents();
        const double loadMs = double(timer.nsecsElapsed()) / 1e6;

        // Several batches; the median is reported (the first pays for cold caches).
        constexpr int kRounds = 5;
        std::vector<double> wall;
        std::vector<double> cpu;
        for (int round = 0; round < kRounds; ++round) {
            clock.advance(kSecond);
            const FleetDelta delta = makeDelta(model, changes, 42 + round, clock.now());
            timer.restart();
            const double cpuStart = threadCpuMs();
            model.applyDelta(delta);
            QApplication::processEvents(); // the view's deferred layout and repaint
            wall.push_back(double(timer.nsecsElapsed()) / 1e6);
            cpu.push_back(threadCpuMs() - cpuStart);
        }
        std::sort(wall.begin(), wall.end());
        std::sort(cpu.begin(), cpu.end());
        const double ms = wall[kRounds / 2];
        const double cpuMs = cpu[kRounds / 2];

        timer.restart();
        model.refreshRelativeTimes();
        QApplication::processEvents();
        const double refreshMs = double(timer.nsecsElapsed()) / 1e6;

        print({ { QStringLiteral("bench"), QString::fromLatin1(sc.name) },
            { QStringLiteral("devices"), devices }, { QStringLiteral("changes"), changes },
            { QStringLiteral("visibleRows"), proxy.rowCount() },
            { QStringLiteral("loadMs"), loadMs }, { QStringLiteral("ms"), ms }, // median wall clock
            { QStringLiteral("maxMs"), wall.back() }, { QStringLiteral("threadCpuMs"), cpuMs },
            { QStringLiteral("refreshMs"), refreshMs }, { QStringLiteral("targetMs"), 16 } });
    }
    return 0;
}
