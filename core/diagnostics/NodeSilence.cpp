#include "NodeSilence.h"

#include "DiagnosticsTr.h"
#include "util/TimeUtil.h"

namespace fw {

QList<Finding> silentNodeFindings(const QList<NodeSighting> &nodes, TimeMs allowedSilence)
{
    QList<Finding> findings;
    for (const NodeSighting &n : nodes) {
        if (n.serverNow == kNoTime)
            continue;
        const bool never = n.lastSeen == kNoTime;
        const TimeMs silence = never ? kNoTime : n.serverNow - n.lastSeen;
        if (!never && silence <= allowedSilence)
            continue;
        Finding f;
        f.id = QStringLiteral("node-silent");
        f.severity = Finding::Warning;
        const QString host = n.host.isEmpty() ? DiagnosticsTr::tr("unknown host") : n.host;
        f.title = never ? DiagnosticsTr::tr("Ingest node %1 (%2) has never reported")
                              .arg(n.id, host)
                        : DiagnosticsTr::tr("Ingest node %1 (%2) went silent: last seen %3")
                              .arg(n.id, host, toIso(n.lastSeen));
        QJsonObject ev;
        ev.insert(QStringLiteral("node"), n.id);
        ev.insert(QStringLiteral("host"), n.host);
        ev.insert(QStringLiteral("lastSeen"), never ? QJsonValue() : QJsonValue(toIso(n.lastSeen)));
        ev.insert(QStringLiteral("silentSeconds"),
            never ? QJsonValue() : QJsonValue(static_cast<qint64>(silence / kSecond)));
        ev.insert(QStringLiteral("allowedSeconds"), static_cast<qint64>(allowedSilence / kSecond));
        f.evidence = ev;
        f.action = DiagnosticsTr::tr(
            "Check that FleetWatch still runs on %1 (fleetwatch --headless --node-id %2) and "
            "reaches the database; trackers sent to it are not heard from until it is back or "
            "they reach another node.")
                       .arg(host, n.id);
        findings.append(f);
    }
    if (!findings.isEmpty() && findings.size() == nodes.size()) {
        for (Finding &f : findings)
            f.severity = Finding::Critical; // no node receives anything
    }
    return findings;
}

} // namespace fw
