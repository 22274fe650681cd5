#pragma once
// NodesController: keeps the Nodes panel current. A thread of its own reads the `nodes` table
// (a few rows) every few seconds with a connection of its own, so the window never waits for
// the database; each reading is merged into the panel's model. In a shared deployment it also
// names the nodes that went silent (NodeSilence), for the diagnosis panel. A window connected to
// a server (registry and catalog given) gets the whole stored diagnosis, as `fleetwatch diagnose`
// gives it (StoredDiagnosis), every diagnosisIntervalMs; silent nodes are named at each reading.

#include "diagnostics/FleetDiagnosis.h"
#include "storage/DatabaseConfig.h"
#include "storage/NodeTable.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <memory>
#include <optional>

namespace fw {

class Database;
class DeviceModelCatalog;
class NodesPanel;
class ProtocolRegistry;

class NodesController : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        DatabaseConfig database;
        NodesPanel *panel = nullptr; // owned by the window
        int intervalMs = 3'000;
        // Set (a connected window): the stored diagnosis too. Both outlive the controller.
        const ProtocolRegistry *registry = nullptr;
        const DeviceModelCatalog *catalog = nullptr;
        int diagnosisIntervalMs = 10'000;
    };

    explicit NodesController(const Parts &parts, QObject *parent = nullptr);
    ~NodesController() override; // stops reading and waits for its thread

    void start(); // the first read at once, then every intervalMs
    const QList<Finding> &findings() const { return m_findings; }
    int readings() const { return m_readings; } // applied so far (tests)

public slots:
    void refresh(); // one read now (the periodic ones go on)
    void diagnoseNow(); // one read now with the stored diagnosis (when it has a registry)

signals:
    // The findings changed: the silent nodes, and with a registry the stored diagnosis.
    void findingsChanged(const QList<fw::Finding> &findings);

private:
    void read(); // on m_thread
    void apply(const std::optional<QList<NodeRecord>> &nodes, const QString &error,
        const std::optional<QList<Finding>> &diagnosed);

    const Parts m_parts;
    QPointer<NodesPanel> m_panel;
    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread
    std::unique_ptr<Database> m_db; // used on m_thread only
    QElapsedTimer m_diagnosedAt; // on m_thread
    QList<Finding> m_diagnosed; // the last stored diagnosis without its silent-node findings
    QList<Finding> m_findings;
    QString m_lastProblem;
    int m_readings = 0;
};

} // namespace fw
