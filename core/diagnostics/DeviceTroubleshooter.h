#pragma once
// DeviceTroubleshooter: "why does this device not show up?" answered step by step (the six
// steps of diagnostics.md) from live data: the raw frame log by id and by last address, the
// decoders, the listeners and their loopback self-check. Each step says what it found, what to
// do, and the evidence, so the window, the CLI and support tickets show the same reasoning.

#include "fleet/DeviceSnapshot.h"
#include "ingest/IngestServer.h"
#include "ingest/RawLog.h"
#include "status/StatusRules.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <optional>

namespace fw {

class DeviceModelCatalog;
class ProtocolRegistry;

struct TroubleshootStep
{
    enum Verdict { Pass, Fail, CannotCheck };

    int number = 0; // 1..6
    QString question; // translated
    Verdict verdict = CannotCheck;
    QString answer; // translated, what the data says
    QString action; // translated, empty when nothing to do
    QJsonObject evidence;
};

QString verdictId(TroubleshootStep::Verdict v); // "pass", "fail", "cannot-check"

struct TroubleshootInput
{
    TimeMs now = kNoTime;
    Device device; // at least uniqueId; the full record when registered
    std::optional<DeviceSnapshot> snapshot; // absent when the device is not registered
    const RawLog *rawLog = nullptr;
    QList<ListenerState> listeners;
    QHash<quint16, bool> selfCheck; // port -> loopback connect succeeded
    QList<UnknownDeviceSighting> unknown; // ids seen but not registered
    StatusSettings settings;
    QString serverAddress; // public host name or address the devices use (for texts); optional
};

class DeviceTroubleshooter
{
    Q_DECLARE_TR_FUNCTIONS(fw::diagnostics) // the library's one context
public:
    using Step = TroubleshootStep;

    DeviceTroubleshooter(const ProtocolRegistry &registry, const DeviceModelCatalog &catalog);

    // Always six steps, in order.
    QList<Step> run(const TroubleshootInput &input) const;

    // {"device":..., "at":..., "steps":[{"number":..,"question":..,"verdict":..,...}]}
    static QJsonObject toJson(const QString &uniqueId, TimeMs at, const QList<Step> &steps);

    // The protocol the device speaks: its own setting, its model's, else what it last spoke.
    QString protocolOf(const Device &device, const DeviceSnapshot *snapshot) const;
    // Where that protocol listens here, else its conventional port (0 = unknown).
    static quint16 portOf(const QString &protocol, const QList<ListenerState> &listeners);

private:
    const ProtocolRegistry &m_registry;
    const DeviceModelCatalog &m_catalog;
};

} // namespace fw
