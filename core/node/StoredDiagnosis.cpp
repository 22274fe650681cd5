#include "StoredDiagnosis.h"

#include "FleetSettingsStore.h"
#include "NodeStatusReporter.h"
#include "NodeTr.h"
#include "diagnostics/NodeSilence.h"
#include "fleet/FleetState.h"
#include "storage/ChangeSnapshot.h"
#include "storage/Database.h"
#include "storage/NodeTable.h"
#include "util/Clock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace fw {

namespace {

// The node statuses running nodes keep in the settings table (NodeStatusReporter::settingsKey).
std::optional<QList<QJsonObject>> storedNodeStatuses(Database &db, QString *error)
{
    QList<QJsonObject> statuses;
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("SELECT value FROM settings WHERE key LIKE ?"));
    q.addBindValue(NodeStatusReporter::settingsKey(QStringLiteral("%")));
    if (!q.exec()) {
        *error = q.lastError().text();
        return std::nullopt;
    }
    while (q.next()) {
        const QJsonDocument doc = QJsonDocument::fromJson(q.value(0).toString().toUtf8());
        if (doc.isObject())
            statuses.append(doc.object());
    }
    return statuses;
}

Finding noLiveNode(const QString &database, const QJsonArray &staleNodes)
{
    Finding f;
    f.id = QStringLiteral("no-live-node");
    f.severity = Finding::Warning;
    f.title = NodeTr::tr("No ingest node has reported in the last %1 seconds")
                  .arg(NodeStatusReporter::kFreshness / kSecond);
    f.evidence = QJsonObject { { QStringLiteral("database"), database },
        { QStringLiteral("freshnessSeconds"),
            static_cast<qint64>(NodeStatusReporter::kFreshness / kSecond) },
        { QStringLiteral("staleNodes"), staleNodes } };
    f.action = NodeTr::tr("Start FleetWatch (window or --headless) on this database, or check "
                          "that the running node can write to it. Until then listeners, unknown "
                          "ids and undecoded frames cannot be checked; this diagnosis uses stored "
                          "data only.");
    return f;
}

} // namespace

StoredDiagnosis::StoredDiagnosis(
    const ProtocolRegistry &registry, const DeviceModelCatalog &catalog)
    : m_registry(registry)
    , m_catalog(catalog)
{ }

StoredDiagnosisResult StoredDiagnosis::run(Database &db) const
{
    StoredDiagnosisResult result;
    ChangeSnapshot snapshot(db); // devices, activity, node statuses and heartbeats of one moment
    const qint64 now = snapshot.serverNow();
    if (!snapshot.isValid() || now < 0) {
        result.error = snapshot.lastError().isEmpty() ? db.lastError() : snapshot.lastError();
        return result;
    }
    result.now = now;
    const FleetSettings settings = FleetSettingsStore::load(db);
    const QList<Device> devices = db.devices();
    const QList<DeviceActivity> activities = db.activities();
    QString error;
    const std::optional<QList<QJsonObject>> statuses = storedNodeStatuses(db, &error);
    NodeTable nodeTable(db);
    const std::optional<QList<NodeRecord>> nodes = nodeTable.nodes();
    if (!statuses || !nodes) {
        result.error = statuses ? nodeTable.lastError() : error;
        return result;
    }

    ManualClock clock(now);
    FleetState fleet(&clock, &m_catalog, settings.status);
    fleet.load(devices, activities);
    DiagnosisInput input;
    input.now = now;
    input.devices = fleet.snapshots();
    input.settings = settings.status;
    input.catalog = &m_catalog;
    result.devices = int(input.devices.size());
    for (const QJsonObject &status : *statuses) {
        const double atMs = status.value(QStringLiteral("atMs")).toDouble(0);
        const TimeMs at = atMs > 0 ? static_cast<TimeMs>(atMs) : kNoTime;
        const QString host = status.value(QStringLiteral("host")).toString();
        if (at == kNoTime || std::abs(now - at) >= NodeStatusReporter::kFreshness) {
            result.staleNodes.append(QJsonObject { { QStringLiteral("host"), host },
                { QStringLiteral("at"), at == kNoTime ? QString() : toIso(at) } });
            continue;
        }
        if (NodeStatusReporter::mergeStatusJson(status, &input) != kNoTime)
            result.freshNodes << host;
    }

    result.findings = diagnose(input, m_registry);
    QList<NodeSighting> sightings;
    for (const NodeRecord &n : *nodes)
        sightings.append({ n.id, n.host, n.lastSeen, n.serverNow });
    result.findings += silentNodeFindings(sightings, NodeTable::kAliveTimeout);
    if (result.freshNodes.isEmpty())
        result.findings.append(noLiveNode(db.config().displayUrl(), result.staleNodes));
    std::stable_sort(result.findings.begin(), result.findings.end(),
        [](const Finding &a, const Finding &b) { return a.severity > b.severity; });
    result.ok = true;
    return result;
}

} // namespace fw
