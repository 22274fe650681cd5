#include "DemoController.h"

#include "fleet/DeviceDirectory.h"
#include "fleet/FleetState.h"
#include "node/FleetSource.h"
#include "node/IngestNode.h"
#include "sim/DemoFleet.h"
#include "sim/DeviceSimulator.h"
#include "storage/Database.h"
#include "util/Clock.h"

#include <QLoggingCategory>
#include <QSet>

Q_LOGGING_CATEGORY(lcDemo, "fleetwatch.desktop.demo", QtInfoMsg)

namespace fw {

DemoController::DemoController(const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
{
    m_thread.setObjectName(QStringLiteral("simulator"));
}

DemoController::~DemoController()
{
    if (DeviceSimulator *sim = m_simulator) {
        QMetaObject::invokeMethod(
            sim,
            [sim] {
                sim->stop();
                delete sim;
            },
            Qt::BlockingQueuedConnection); // closing down: the simulator goes with us
        m_thread.quit();
        m_thread.wait();
    }
}

void DemoController::start()
{
    if (m_simulator || m_starting)
        return;
    m_starting = true;
    // The listeners belong to the ingest thread: read them there, continue here.
    m_parts.source->requestDeviceView({}, this, [this](const FleetSource::DeviceView &v) {
        m_starting = false;
        startOn(v.listeners);
    });
}

void DemoController::startOn(const QList<ListenerState> &listeners)
{
    if (m_simulator)
        return;
    QHash<QString, quint16> ports;
    for (const ListenerState &l : listeners) {
        if (l.listening)
            ports.insert(l.protocol, l.port);
    }
    auto *sim = new DeviceSimulator(
        DemoFleet::simulatorOptions(ports, m_parts.devicesPerProtocol, m_parts.positionsPerSecond));
    const TimeMs now = m_parts.clock->now();
    QSet<QString> registered;
    for (const Device &d : m_parts.directory->devices())
        registered.insert(d.uniqueId);
    QList<Device> missing;
    QList<Device> wanted = sim->devices();
    wanted.append(DemoFleet::extraDevices(now));
    for (Device d : std::as_const(wanted)) {
        if (registered.contains(d.uniqueId))
            continue;
        if (d.registeredAt == kNoTime)
            d.registeredAt = now - kDay;
        missing.append(d);
    }
    if (!missing.isEmpty()) {
        const QString error = m_parts.directory->importDevices(missing);
        if (!error.isEmpty())
            qCWarning(lcDemo).noquote() << "demo fleet registration:" << error;
        const QList<DeviceActivity> history = DemoFleet::extraActivities(now);
        m_parts.database->upsertActivity(history);
        IngestNode *node = m_parts.node;
        QMetaObject::invokeMethod(node, [node, history] {
            for (const DeviceActivity &a : history)
                node->fleet()->restoreActivity(a);
        });
    }
    sim->moveToThread(&m_thread);
    m_thread.start();
    m_simulator = sim;
    QMetaObject::invokeMethod(sim, [sim] { sim->start(); });
    emit started(int(sim->devices().size()));
}

} // namespace fw
