// `fleetwatch diagnose [--json] [--db URL]`: the fleet diagnosis from outside the node. Devices
// and their activity come from the database (as for `status`); what only a live node knows
// (listeners, self-check, unknown ids, undecoded samples) comes from the node statuses that
// running nodes store every few seconds. Without a fresh one it still diagnoses what is stored
// and says that no node is reporting.
#include "Arguments.h"
#include "CliTr.h"
#include "StorageCommands.h"
#include "diagnostics/FleetDiagnosis.h"
#include "node/NodeStatusReporter.h"
#include "diagnostics/NodeSilence.h"
#include "storage/NodeTable.h"
#include "domain/DeviceModelCatalog.h"
#include "fleet/FleetSettings.h"
#include "node/FleetSettingsStore.h"
#include "fleet/FleetState.h"
#include "protocols/ProtocolRegistry.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"
#include "util/Clock.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace fw::cli {

namespace {

struct NodeStatusRow
{
    QString key;
    QJsonObject status;
};

QList<NodeStatusRow> storedNodeStatuses(Database &db)
{
    QList<NodeStatusRow> rows;
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("SELECT key, value FROM settings WHERE key LIKE ?"));
    q.addBindValue(QStringLiteral("node.%.status"));
    if (!q.exec())
        return rows;
    while (q.next()) {
        const QJsonDocument doc = QJsonDocument::fromJson(q.value(1).toString().toUtf8());
        if (doc.isObject())
            rows.append({ q.value(0).toString(), doc.object() });
    }
    return rows;
}


} // namespace

int runDiagnose(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList args = arguments;
    bool hasDb = false;
    const QString url = takeOption(args, QStringLiteral("--db"), &hasDb);
    takeOption(args, QStringLiteral("--config"));
    const bool json = takeFlag(args, QStringLiteral("--json"));
    if (!args.isEmpty()) {
        err << unexpectedArgumentMessage(QStringLiteral("diagnose"), args.first()) << '\n';
        return 2;
    }
    QString error;
    const std::optional<DatabaseConfig> config
        = hasDb ? DatabaseConfig::parse(url, &error) : DatabaseConfig::defaultConfig(&error);
    if (!config) {
        err << "fleetwatch: " << error << '\n';
        return 1;
    }
    Database db;
    if (!db.open(*config)) {
        err << "fleetwatch: " << db.lastError() << '\n';
        return 1;
    }

    SystemClock clock;
    const ProtocolRegistry registry;
    const DeviceModelCatalog catalog;
    const FleetSettings settings = FleetSettingsStore::load(db);
    FleetState fleet(&clock, &catalog, settings.status);
    fleet.load(db.devices(), db.activities());

    DiagnosisInput input;
    input.now = clock.now();
    input.devices = fleet.snapshots();
    input.settings = settings.status;
    input.catalog = &catalog;
    QStringList freshNodes;
    QJsonArray staleNodes;
    for (const NodeStatusRow &row : storedNodeStatuses(db)) {
        const TimeMs at = row.status.value(QStringLiteral("atMs")).toDouble(0) > 0
            ? static_cast<TimeMs>(row.status.value(QStringLiteral("atMs")).toDouble())
            : kNoTime;
        const QString host = row.status.value(QStringLiteral("host")).toString();
        if (at == kNoTime || input.now - at >= NodeStatusReporter::kFreshness
            || at - input.now >= NodeStatusReporter::kFreshness) {
            staleNodes.append(QJsonObject { { QStringLiteral("host"), host },
                { QStringLiteral("at"), at == kNoTime ? QString() : toIso(at) } });
            continue;
        }
        if (NodeStatusReporter::mergeStatusJson(row.status, &input) != kNoTime)
            freshNodes << host;
    }

    QList<Finding> findings = diagnose(input, registry);
    // A shared deployment: a node that stopped sending heartbeats is named.
    NodeTable nodeTable(db);
    if (const std::optional<QList<NodeRecord>> nodes = nodeTable.nodes()) {
        QList<NodeSighting> sightings;
        for (const NodeRecord &n : *nodes)
            sightings.append({ n.id, n.host, n.lastSeen, n.serverNow });
        findings += silentNodeFindings(sightings, NodeTable::kAliveTimeout);
    }
    if (freshNodes.isEmpty()) {
        Finding f;
        f.id = QStringLiteral("no-live-node");
        f.severity = Finding::Warning;
        f.title = CliTr::tr("No ingest node has reported in the last %1 seconds")
                      .arg(NodeStatusReporter::kFreshness / kSecond);
        QJsonObject ev;
        ev.insert(QStringLiteral("database"), config->displayUrl());
        ev.insert(QStringLiteral("freshnessSeconds"),
            static_cast<qint64>(NodeStatusReporter::kFreshness / kSecond));
        ev.insert(QStringLiteral("staleNodes"), staleNodes);
        f.evidence = ev;
        f.action
            = CliTr::tr("Start FleetWatch (window or --headless) on this database, or check that "
                       "the running node can write to it. Until then listeners, unknown ids and "
                       "undecoded frames cannot be checked; this diagnosis uses stored data "
                       "only.");
        findings.append(f);
    }
    std::stable_sort(findings.begin(), findings.end(),
        [](const Finding &a, const Finding &b) { return a.severity > b.severity; });

    if (json) {
        QJsonObject doc = findingsToJson(input.now, findings);
        QJsonArray nodes;
        for (const QString &h : std::as_const(freshNodes))
            nodes.append(h);
        doc.insert(QStringLiteral("nodes"), nodes);
        out << QJsonDocument(doc).toJson(QJsonDocument::Compact) << '\n';
        return 0;
    }
    out << CliTr::tr("Fleet diagnosis at %1 (%2 device(s); live node(s): %3)\n")
               .arg(toIso(input.now))
               .arg(input.devices.size())
               .arg(freshNodes.isEmpty() ? CliTr::tr("none")
                                         : freshNodes.join(QStringLiteral(", ")));
    if (findings.isEmpty()) {
        out << CliTr::tr("No problems found.\n");
        return 0;
    }
    for (const Finding &f : std::as_const(findings)) {
        out << '\n' << '[' << findingSeverityId(f.severity).toUpper() << "] " << f.title << '\n';
        if (!f.devices.isEmpty()) {
            QStringList shown = f.devices.mid(0, 10);
            if (f.devices.size() > 10)
                shown << CliTr::tr("... (%1 more)").arg(f.devices.size() - 10);
            out << "    " << CliTr::tr("devices: %1").arg(shown.join(QStringLiteral(", "))) << '\n';
        }
        out << "    "
            << CliTr::tr("evidence: %1")
                   .arg(
                       QString::fromUtf8(QJsonDocument(f.evidence).toJson(QJsonDocument::Compact)))
            << '\n';
        out << "    " << CliTr::tr("action: %1").arg(f.action) << '\n';
    }
    return 0;
}

} // namespace fw::cli
