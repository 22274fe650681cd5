#pragma once
// DemoController: the demo fleet of a window that is its own server. It registers the simulated
// trackers and a few more devices (once), gives the latter the history that puts them in every
// other status, and runs the DeviceSimulator on its own thread, aimed at the ports the node
// listens on (read from the FleetSource without waiting).

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

private:
    void startOn(const QList<ListenerState> &listeners);

    Parts m_parts;
    QThread m_thread;
    DeviceSimulator *m_simulator = nullptr; // lives on m_thread
    bool m_starting = false;
};

} // namespace fw
