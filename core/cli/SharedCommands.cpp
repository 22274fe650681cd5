#include "SharedCommands.h"
#include "JsonLine.h"

#include "Arguments.h"
#include "CliTr.h"
#include "DatabaseOptions.h"
#include "domain/DeviceModelCatalog.h"
#include "remote/ChangeFollower.h"
#include "status/ConnectionStatus.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"
#include "storage/NodeTable.h"
#include "util/TerminationWatcher.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace fw::cli {

namespace {

// --db parsed without opening it, so `watch` on SQLite is refused before anything is created.
std::optional<DatabaseConfig> databaseOption(QStringList &args, QTextStream &err)
{
    bool present = false;
    const QString url = takeOption(args, QStringLiteral("--db"), &present);
    takeOption(args, QStringLiteral("--config"));
    QString error;
    std::optional<DatabaseConfig> config
        = present ? DatabaseConfig::parse(url, &error) : DatabaseConfig::defaultConfig(&error);
    if (!config)
        err << "fleetwatch: " << error << '\n';
    return config;
}

} // namespace

int runWatch(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList args = arguments;
    const std::optional<DatabaseConfig> config = databaseOption(args, err);
    if (!config)
        return 2;
    const bool json = takeFlag(args, QStringLiteral("--json"));
    ChangeFollower::Options options;
    options.positions = takeFlag(args, QStringLiteral("--positions"));
    bool hasDevice = false;
    options.uniqueId = takeOption(args, QStringLiteral("--device"), &hasDevice);
    if (hasDevice && options.uniqueId.isEmpty()) {
        err << CliTr::tr("fleetwatch watch: --device needs a device id\n");
        return 2;
    }
    if (rejectLeftovers(args, QStringLiteral("watch"), err))
        return 2;
    if (!config->isPostgres()) {
        err << CliTr::tr("fleetwatch watch: needs a PostgreSQL database "
                         "(--db postgresql://USER@HOST/DB): it follows the notifications the "
                         "nodes send there; %1 is not one\n")
                   .arg(config->displayUrl());
        return 2;
    }

    const DeviceModelCatalog catalog;
    ChangeFollower follower(*config, &catalog, options);
    const QString only = options.uniqueId;
    QObject::connect(&follower, &ChangeFollower::positionStored, &follower,
        [&](const Position &p, const QString &node, qint64) {
            if (json) {
                printJsonLine(out, QJsonObject { { QStringLiteral("type"), QStringLiteral("position") },
                                   { QStringLiteral("uniqueId"), p.uniqueId },
                                   { QStringLiteral("time"), toIso(p.deviceTime) },
                                   { QStringLiteral("lat"), p.latitude },
                                   { QStringLiteral("lon"), p.longitude },
                                   { QStringLiteral("speedKph"), p.speedKph },
                                   { QStringLiteral("node"), node } });
                return;
            }
            out << toIso(p.deviceTime) << "\tposition\t" << p.uniqueId << '\t' << p.latitude
                << ',' << p.longitude << '\t' << p.speedKph << "\t" << node << '\n';
            out.flush();
        });
    QObject::connect(&follower, &ChangeFollower::statusChanged, &follower,
        [&](const QString &uniqueId, ConnectionStatus from, ConnectionStatus to, qint64 at) {
            if (!only.isEmpty() && uniqueId != only)
                return;
            if (json) {
                printJsonLine(out, QJsonObject { { QStringLiteral("type"), QStringLiteral("status") },
                                   { QStringLiteral("uniqueId"), uniqueId },
                                   { QStringLiteral("status"), statusId(to) },
                                   { QStringLiteral("previous"), statusId(from) },
                                   { QStringLiteral("at"), toIso(at) } });
                return;
            }
            out << toIso(at) << "\tstatus\t" << uniqueId << '\t' << statusId(from) << " -> "
                << statusId(to) << '\n';
            out.flush();
        });
    QObject::connect(&follower, &ChangeFollower::eventStored, &follower,
        [&](const DeviceEvent &e, qint64) {
            if (json) {
                printJsonLine(out, QJsonObject { { QStringLiteral("type"), QStringLiteral("event") },
                                   { QStringLiteral("eventType"), eventTypeId(e.type) },
                                   { QStringLiteral("uniqueId"), e.uniqueId },
                                   { QStringLiteral("time"), toIso(e.time) },
                                   { QStringLiteral("text"), e.text },
                                   { QStringLiteral("attributes"), e.attributes.toJson() } });
                return;
            }
            out << toIso(e.time) << "\tevent\t" << e.uniqueId << '\t' << eventTypeId(e.type)
                << '\t' << e.text << '\n';
            out.flush();
        });
    QObject::connect(&follower, &ChangeFollower::alertStored, &follower,
        [&](const Alert &a, qint64) {
            if (json) {
                // The alerts --json object; its own "type" (the rule's) becomes "alertType".
                QJsonObject o = a.toJson();
                o.insert(QStringLiteral("alertType"), o.take(QStringLiteral("type")));
                o.insert(QStringLiteral("type"), QStringLiteral("alert"));
                printJsonLine(out, o);
                return;
            }
            out << toIso(a.time) << "\talert\t" << a.uniqueId << '\t' << a.type << '\t' << a.text
                << '\n';
            out.flush();
        });
    QObject::connect(&follower, &ChangeFollower::deviceRemoved, &follower,
        [&](const QString &uniqueId, qint64) {
            if (json) {
                printJsonLine(out, QJsonObject { { QStringLiteral("type"), QStringLiteral("removed") },
                                   { QStringLiteral("uniqueId"), uniqueId } });
                return;
            }
            out << toIso(follower.clock()->now()) << "\tremoved\t" << uniqueId << '\n';
            out.flush();
        });
    QObject::connect(&follower, &ChangeFollower::connectionChanged, &follower,
        [&](bool connected, const QString &error) {
            if (connected)
                err << CliTr::tr("fleetwatch watch: connected again, caught up\n");
            else
                err << CliTr::tr("fleetwatch watch: lost the database (%1); reconnecting\n")
                           .arg(error);
            err.flush();
        });
    if (!follower.start()) {
        err << "fleetwatch watch: " << follower.lastError() << '\n';
        return 1;
    }
    err << CliTr::tr("fleetwatch watch: following %1 from change %2\n")
               .arg(config->displayUrl())
               .arg(follower.sequence());
    err.flush();
    QEventLoop loop;
    TerminationWatcher watcher;
    QObject::connect(
        &watcher, &TerminationWatcher::terminationRequested, &loop, &QEventLoop::quit);
    loop.exec();
    follower.stop();
    return 0;
}

int runNodes(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList args = arguments;
    Database db;
    if (!openDatabase(args, db, err))
        return 1;
    const bool json = takeFlag(args, QStringLiteral("--json"));
    if (rejectLeftovers(args, QStringLiteral("nodes"), err))
        return 2;
    NodeTable table(db);
    const std::optional<QList<NodeRecord>> nodes = table.nodes();
    if (!nodes) {
        err << "fleetwatch nodes: " << table.lastError() << '\n';
        return 1;
    }
    if (json) {
        QJsonArray list;
        for (const NodeRecord &n : *nodes) {
            QJsonObject ports;
            for (auto it = n.ports.cbegin(); it != n.ports.cend(); ++it)
                ports.insert(it.key(), it.value());
            list.append(QJsonObject { { QStringLiteral("id"), n.id },
                { QStringLiteral("host"), n.host }, { QStringLiteral("alive"), n.alive },
                { QStringLiteral("lastSeen"),
                    n.lastSeen == kNoTime ? QJsonValue() : QJsonValue(toIso(n.lastSeen)) },
                { QStringLiteral("ports"), ports },
                { QStringLiteral("connections"), n.connections },
                { QStringLiteral("positionsPerSecond"), n.positionsPerSecond } });
        }
        printJsonLine(out, QJsonObject { { QStringLiteral("nodes"), list } });
        return 0;
    }
    for (const NodeRecord &n : *nodes) {
        QStringList ports;
        for (auto it = n.ports.cbegin(); it != n.ports.cend(); ++it)
            ports << QStringLiteral("%1=%2").arg(it.key()).arg(it.value());
        out << n.id << '\t' << n.host << '\t'
            << (n.alive ? CliTr::tr("alive") : CliTr::tr("silent")) << '\t'
            << (n.lastSeen == kNoTime ? QString() : toIso(n.lastSeen)) << '\t'
            << ports.join(QLatin1Char(' ')) << '\t'
            << CliTr::tr("%1 connections, %2 positions/s")
                   .arg(n.connections)
                   .arg(n.positionsPerSecond, 0, 'f', 1)
            << '\n';
    }
    if (nodes->isEmpty())
        out << CliTr::tr("No ingest node has reported to this database.\n");
    return 0;
}

} // namespace fw::cli
