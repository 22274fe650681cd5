#pragma once
// NodesController: keeps the Nodes panel current. A thread of its own reads the `nodes` table
// (a few rows) every few seconds with a connection of its own, so the window never waits for
// the database; each reading is merged into the panel's model. In a shared deployment it also
// names the nodes that went silent (NodeSilence), for the diagnosis panel.

#include "diagnostics/FleetDiagnosis.h"
#include "storage/DatabaseConfig.h"
#include "storage/NodeTable.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <memory>
#include <optional>

namespace fw {

class Database;
class NodesPanel;

class NodesController : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        DatabaseConfig database;
        NodesPanel *panel = nullptr; // owned by the window
        int intervalMs = 3'000;
    };

    explicit NodesController(const Parts &parts, QObject *parent = nullptr);
    ~NodesController() override; // stops reading and waits for its thread

    void start(); // the first read at once, then every intervalMs
    const QList<Finding> &findings() const { return m_findings; }
    int readings() const { return m_readings; } // applied so far (tests)

public slots:
    void refresh(); // one read now (the periodic ones go on)

signals:
    // The silent-node findings changed (empty: every node reports).
    void findingsChanged(const QList<fw::Finding> &findings);

private:
    void read(); // on m_thread
    void apply(const std::optional<QList<NodeRecord>> &nodes, const QString &error);

    const Parts m_parts;
    QPointer<NodesPanel> m_panel;
    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread
    std::unique_ptr<Database> m_db; // used on m_thread only
    QList<Finding> m_findings;
    QString m_lastProblem;
    int m_readings = 0;
};

} // namespace fw
