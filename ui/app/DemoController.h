#pragma once
// DemoController: the demo fleet of a window that is its own server. It registers the simulated
// trackers and a few more devices (once), gives the latter the history that puts them in every
// other status, and runs the DeviceSimulator on its own thread, aimed at the ports the node
// listens on (read from the FleetSource without waiting). Ports another program holds are
// replaced by free ones for this run, so the demo works whatever ports are free.

#include "util/TimeUtil.h"

#include <QList>
#include <QObject>
#include <QThread>

namespace fw {

class Clock;
class Database;
class DeviceDirectory;
class DeviceSimulator;
class FleetSource;
class IngestNode;
class ProtocolRegistry;
struct ListenerState;

class DemoController : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        FleetSource *source = nullptr;
        DeviceDirectory *directory = nullptr;
        Database *database = nullptr; // the window's connection: the demo's stored history
        IngestNode *node = nullptr; // lives on its own thread
        const Clock *clock = nullptr;
        // The configured ports (from settings): a protocol whose port is taken by another
        // program gets a free port of its own for the demo, so the demo always shows a fleet.
        const ProtocolRegistry *registry = nullptr;
        int devicesPerProtocol = 12;
        int positionsPerSecond = 0; // 0 = each tracker reports every few seconds
    };

    explicit DemoController(const Parts &parts, QObject *parent = nullptr);
    ~DemoController() override; // stops the simulator and its thread

    bool isRunning() const { return m_simulator != nullptr; }

public slots:
    void start(); // once; later calls do nothing

signals:
    void started(int trackers);
    // Protocols the demo listens for on other ports than configured (translated, one each).
    void portsMoved(const QStringList &moves);

private:
    void startOn(const QList<ListenerState> &listeners);
    // Re-opens the listeners that could not bind on free ports; false when none needed it.
    bool moveFailedListeners(const QList<ListenerState> &listeners);
    void requestListeners();

    Parts m_parts;
    QThread m_thread;
    DeviceSimulator *m_simulator = nullptr; // lives on m_thread
    bool m_starting = false;
    bool m_portsChecked = false;
};

} // namespace fw
