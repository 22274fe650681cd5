#include "DemoController.h"

#include "SettingsController.h"
#include "fleet/DeviceDirectory.h"
#include "fleet/FleetState.h"
#include "ingest/FreePort.h"
#include "ingest/IngestServer.h"
#include "node/FleetSource.h"
#include "node/IngestNode.h"
#include "protocols/ProtocolRegistry.h"
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
    requestListeners();
}

void DemoController::requestListeners()
{
    m_starting = true;
    // The listeners belong to the ingest thread: read them there, continue here.
    m_parts.source->requestDeviceView({}, this, [this](const FleetSource::DeviceView &v) {
        m_starting = false;
        startOn(v.listeners);
    });
}

bool DemoController::moveFailedListeners(const QList<ListenerState> &listeners)
{
    if (!m_parts.registry || !m_parts.node)
        return false;
    IngestConfig config = SettingsController::ingestConfigFromSettings(*m_parts.registry);
    QStringList moves;
    for (ListenerConfig &wanted : config.listeners) {
        const auto failed
            = std::find_if(listeners.cbegin(), listeners.cend(), [&wanted](const ListenerState &l) {
                  // TCP or UDP alone may have failed
                  return l.protocol == wanted.protocol && (!l.listening || !l.error.isEmpty());
              });
        if (failed == listeners.cend())
            continue;
        const quint16 port = freeTcpUdpPort();
        if (port == 0)
            continue;
        moves << tr("%1 on port %2 (port %3 is taken)")
                     .arg(wanted.protocol)
                     .arg(port)
                     .arg(failed->port);
        wanted.port = port;
    }
    if (moves.isEmpty())
        return false;
    qCInfo(lcDemo).noquote() << "demo listens on other ports:" << moves.join(QStringLiteral("; "));
    IngestNode *node = m_parts.node;
    QMetaObject::invokeMethod(node, [node, config] { node->server()->reconfigure(config); });
    emit portsMoved(moves);
    return true;
}

void DemoController::startOn(const QList<ListenerState> &listeners)
{
    if (m_simulator)
        return;
    if (!m_portsChecked) {
        m_portsChecked = true;
        if (moveFailedListeners(listeners)) {
            requestListeners(); // queued after the reconfiguration on the node's thread
            return;
        }
    }
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
