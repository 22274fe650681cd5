#pragma once
// FleetDiagnosis: turns the fleet-wide checklist of diagnostics.md into checks over live data
// (listener states, loopback self-checks, device snapshots, undecoded samples, unknown ids).
// A pure function of its input: the window banner, `fleetwatch diagnose` and tests call it the
// same way, and every finding carries the evidence it was based on and a suggested action.

#include "fleet/DeviceSnapshot.h"
#include "ingest/IngestServer.h"
#include "ingest/RawFrame.h"
#include "status/StatusRules.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace fw {

class DeviceModelCatalog;
class ProtocolRegistry;

struct DiagnosisInput
{
    TimeMs now = kNoTime;
    QList<DeviceSnapshot> devices;
    QList<ListenerState> listeners;
    QList<UnknownDeviceSighting> unknown;
    QList<RawFrame> recentUndecoded; // newest undecoded frames of every port
    QHash<quint16, bool> selfCheck; // port -> loopback connect succeeded (absent = not run)
    TimeMs lastByteAt = kNoTime; // last byte on any port
    StatusSettings settings;
    // Optional: resolves a device's protocol from its model when the device names none.
    const DeviceModelCatalog *catalog = nullptr;
};

struct Finding
{
    enum Severity { Info, Warning, Critical };

    QString id; // "listener-down", "no-data", "server-clock-skew", "offline-concentration",
                // "undecoded-frames", "unknown-devices"
    Severity severity = Info;
    QString title; // translated, one sentence
    QStringList devices; // device ids concerned (may be empty for fleet-wide findings)
    QJsonObject evidence; // what was measured
    QString action; // translated suggestion
};

QString findingSeverityId(Finding::Severity s); // "info", "warning", "critical"

// Tuning of the checks; the defaults are what the program uses.
struct DiagnosisLimits
{
    TimeMs recentFixWindow = 15 * kMinute; // fixes counted for the clock-skew median
    int minClockSamples = 3;
    double clockSharedShare = 0.7; // share of sampled devices close to the median
    TimeMs clockAgreement = 2 * kMinute; // "close to the median"
    int minOfflineGroup = 3;
    double offlineGroupConcentration = 0.5; // share of all offline devices in the group
    int minUndecoded = 3;
    int maxSamplesPerPort = 10;
    int maxListedDevices = 100;
};

// Every finding for the current state, most severe first. A healthy fleet yields none above Info.
QList<Finding> diagnose(const DiagnosisInput &input, const ProtocolRegistry &registry,
                        const DiagnosisLimits &limits = {});

// The `diagnose --json` document: {"at":"...","findings":[...]}.
QJsonObject findingsToJson(TimeMs at, const QList<Finding> &findings);
QJsonObject findingToJson(const Finding &finding);

// Highest severity among the findings (Info when there are none).
Finding::Severity worstSeverity(const QList<Finding> &findings);

// Small helpers shared with the troubleshooter.
namespace diag {
QString durationText(TimeMs duration); // "3 h 5 min", "45 s" (translated units, sign dropped)
QString sampleText(const QByteArray &bytes, bool textual, int maxBytes = 64); // hex or text
// "1.2.3.4:5000" -> "1.2.3.4": the address part as RawLogFilter::peerAddress compares it.
QString peerAddress(const QString &peer);
} // namespace diag

} // namespace fw
