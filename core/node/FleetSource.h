#pragma once
// FleetSource: everything the window learns about the fleet and asks of it, behind one
// interface: the live deltas, the diagnosis findings, one device's view for the troubleshooter
// and the command dialog, commands over a device's live connection, and the raw frames, history
// and device directory. Today's implementation is the embedded ingest node on its own thread
// (LiveFleetSource); a window connected to a shared database gets another, and no widget or
// controller changes. Every request answers later on the caller's thread: nothing blocks.

#include "diagnostics/FleetDiagnosis.h"
#include "fleet/DeviceSnapshot.h"
#include "ingest/UnknownDevices.h"
#include "status/StatusRules.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace fw {

class DeviceDirectory;
class HistorySource;
class RawLog;

class FleetSource : public QObject
{
    Q_OBJECT
public:
    // What the troubleshooter and the command dialog need to know about one device.
    struct DeviceView
    {
        std::optional<DeviceSnapshot> snapshot; // none: not registered
        QList<ListenerState> listeners;
        QHash<quint16, bool> selfCheck; // port -> the loopback test connection worked
        QList<UnknownDeviceSighting> unknown;
        StatusSettings settings;
        bool liveSession = false; // a connection of this device is open now
    };
    using ViewCallback = std::function<void(const DeviceView &)>;
    using SentCallback = std::function<void(bool sent)>;

    using QObject::QObject;

    // `done` runs on this object's thread, and not at all once `context` is gone.
    virtual void requestDeviceView(const QString &uniqueId, QObject *context, ViewCallback done)
        = 0;
    // Writes `bytes` to the device's live connection; `done(false)` when it has none.
    virtual void sendCommand(
        const QString &uniqueId, const QByteArray &bytes, QObject *context, SentCallback done)
        = 0;
    // Checks again now (the ports' self-test and the diagnosis).
    virtual void refreshDiagnosis() = 0;

    virtual const RawLog *rawLog() const = 0;
    virtual std::shared_ptr<const HistorySource> history() const = 0;
    virtual DeviceDirectory *directory() const = 0;

signals:
    void delta(const fw::FleetDelta &delta);
    void findingsChanged(const QList<fw::Finding> &findings);
};

} // namespace fw
