// `fleetwatch diagnose [--json] [--db URL]`: the fleet diagnosis from outside the node. Devices
// and their activity come from the database (as for `status`); what only a live node knows
// (listeners, self-check, unknown ids, undecoded samples) comes from the node statuses that
// running nodes store every few seconds. Without a fresh one it still diagnoses what is stored
// and says that no node is reporting.
#include "Arguments.h"
#include "JsonLine.h"
#include "CliTr.h"
#include "StorageCommands.h"
#include "diagnostics/FleetDiagnosis.h"
#include "domain/DeviceModelCatalog.h"
#include "node/StoredDiagnosis.h"
#include "protocols/ProtocolRegistry.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace fw::cli {

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

    const ProtocolRegistry registry;
    const DeviceModelCatalog catalog;
    const StoredDiagnosisResult d = StoredDiagnosis(registry, catalog).run(db);
    if (!d.ok) {
        err << "fleetwatch: " << d.error << '\n';
        return 1;
    }
    const QList<Finding> &findings = d.findings;
    const QStringList &freshNodes = d.freshNodes;

    if (json) {
        QJsonObject doc = findingsToJson(d.now, findings);
        QJsonArray nodes;
        for (const QString &h : std::as_const(freshNodes))
            nodes.append(h);
        doc.insert(QStringLiteral("nodes"), nodes);
        printJsonLine(out, doc);
        return 0;
    }
    out << CliTr::tr("Fleet diagnosis at %1 (%2 device(s); live node(s): %3)\n")
               .arg(toIso(d.now))
               .arg(d.devices)
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
                   .arg(QString::fromUtf8(QJsonDocument(f.evidence).toJson(QJsonDocument::Compact)))
            << '\n';
        out << "    " << CliTr::tr("action: %1").arg(f.action) << '\n';
    }
    return 0;
}

} // namespace fw::cli
