#pragma once
// Helpers for the tests of windows connected to a FleetWatch server (issue #14): what
// `fleetwatch status --json` says, where a real window's device rows and dashboard differ from
// it, and the alarms in its event log. Include after CliTestSupport.h (FW_EXECUTABLE defined).

#include "dashboard/DashboardWidget.h"
#include "devicelist/DeviceListModel.h"
#include "events/EventLogModel.h"
#include "events/EventLogWidget.h"
#include "mainwindow/MainWindow.h"
#include "status/ConnectionStatus.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>

#include <utility>

namespace fw::test {

// `status --json` of the real program: statuses per device and the counts.
struct CliStatus
{
    QHash<QString, QString> statuses;
    QJsonObject counts;
    QJsonObject json; // all of it (lastPacketAt, lastFixAt, lat, lon per device)
};

inline CliStatus cliStatus(const CliEnvironment &env, const QString &db)
{
    const CliResult r = env.run({ QStringLiteral("status"), QStringLiteral("--json"),
        QStringLiteral("--db"), db });
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    return { statusesOf(o), o.value(QStringLiteral("counts")).toObject(), o };
}

// Empty when the window's rows and dashboard (the groups and the three not-activated parts)
// equal `cli`; else what differs.
inline QString differences(const MainWindow *window, const CliStatus &cli)
{
    QStringList diff;
    const DeviceListModel *model = window->deviceModel();
    if (model->rowCount() != cli.statuses.size())
        diff << QStringLiteral("rows %1 vs %2").arg(model->rowCount()).arg(cli.statuses.size());
    for (int row = 0; row < model->rowCount(); ++row) {
        const DeviceSnapshot &s = model->snapshotAt(row);
        const QString mine = statusId(s.status);
        if (cli.statuses.value(s.device.uniqueId) != mine)
            diff << QStringLiteral("%1: %2 vs %3")
                        .arg(s.device.uniqueId, mine, cli.statuses.value(s.device.uniqueId));
    }
    const DashboardWidget *dash = window->dashboard();
    const QList<std::pair<const char *, StatusGroup>> groups {
        { "online", StatusGroup::Online }, { "gpsOutdated", StatusGroup::GpsOutdated },
        { "offline", StatusGroup::Offline }, { "blocked", StatusGroup::Blocked },
        { "notActivated", StatusGroup::NotActivated } };
    for (const auto &[key, group] : groups) {
        const int theirs = cli.counts.value(QLatin1String(key)).toInt();
        if (dash->count(group) != theirs)
            diff << QStringLiteral("%1: %2 vs %3").arg(QLatin1String(key)).arg(dash->count(group)).arg(theirs);
    }
    const QList<std::pair<const char *, ConnectionStatus>> parts {
        { "justRegistered", ConnectionStatus::JustRegistered },
        { "awaitingFirstData", ConnectionStatus::AwaitingFirstData },
        { "needsManualActivation", ConnectionStatus::NeedsManualActivation } };
    for (const auto &[key, status] : parts) {
        const int theirs = cli.counts.value(QLatin1String(key)).toInt();
        if (dash->count(status) != theirs)
            diff << QStringLiteral("%1: %2 vs %3").arg(QLatin1String(key)).arg(dash->count(status)).arg(theirs);
    }
    if (dash->total() != cli.counts.value(QStringLiteral("total")).toInt())
        diff << QStringLiteral("total %1").arg(dash->total());
    return diff.join(QStringLiteral("; "));
}

inline DeviceSnapshot rowOf(const MainWindow *window, const QString &uniqueId)
{
    const DeviceListModel *model = window->deviceModel();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->snapshotAt(row).device.uniqueId == uniqueId)
            return model->snapshotAt(row);
    }
    return {};
}

// The alarms of `uniqueId` in the window's event log.
inline int alarmsOf(const MainWindow *window, const QString &uniqueId)
{
    const EventLogModel *log = window->findChild<EventLogWidget *>()->model();
    int n = 0;
    for (int row = 0; row < log->rowCount(); ++row) {
        const DeviceEvent &e = log->eventAt(row);
        n += e.uniqueId == uniqueId && e.type == EventType::Alarm;
    }
    return n;
}

} // namespace fw::test
