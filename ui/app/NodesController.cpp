#include "NodesController.h"

#include "diagnostics/NodeSilence.h"
#include "nodes/NodesModel.h"
#include "nodes/NodesPanel.h"
#include "storage/Database.h"

#include <QLoggingCategory>
#include <QTimer>

namespace fw {

Q_LOGGING_CATEGORY(lcNodes, "fleetwatch.desktop.nodes", QtInfoMsg)

NodesController::NodesController(const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
    , m_panel(parts.panel)
{
    qRegisterMetaType<QList<fw::Finding>>();
    m_thread.setObjectName(QStringLiteral("nodes"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    m_thread.start();
}

NodesController::~NodesController()
{
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            qDeleteAll(m_context->findChildren<QTimer *>());
            m_db.reset(); // closed on the thread that opened it
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_context;
}

void NodesController::start()
{
    QMetaObject::invokeMethod(m_context, [this] {
        if (!m_context->findChildren<QTimer *>().isEmpty())
            return;
        auto *timer = new QTimer(m_context);
        timer->setInterval(m_parts.intervalMs);
        connect(timer, &QTimer::timeout, m_context, [this] { read(); });
        timer->start();
        read();
    });
}

void NodesController::refresh()
{
    QMetaObject::invokeMethod(m_context, [this] { read(); });
}

void NodesController::read()
{
    QString error;
    std::optional<QList<NodeRecord>> nodes;
    if (!m_db) {
        m_db = std::make_unique<Database>();
        if (!m_db->open(m_parts.database)) {
            error = m_db->lastError();
            m_db.reset();
        }
    }
    if (m_db) {
        NodeTable table(*m_db);
        nodes = table.nodes();
        if (!nodes) {
            error = table.lastError();
            m_db.reset(); // a fresh connection next time
        }
    }
    QMetaObject::invokeMethod(this, [this, nodes, error] { apply(nodes, error); });
}

void NodesController::apply(const std::optional<QList<NodeRecord>> &nodes, const QString &error)
{
    if (!nodes) {
        if (error != m_lastProblem)
            qCWarning(lcNodes).noquote() << "cannot read the nodes:" << error;
        m_lastProblem = error;
        if (m_panel)
            m_panel->setProblem(tr("The node list could not be read: %1").arg(error));
        return;
    }
    m_lastProblem.clear();
    ++m_readings;
    if (m_panel) {
        m_panel->setProblem({});
        m_panel->model()->setNodes(*nodes);
    }
    QList<NodeSighting> sightings;
    for (const NodeRecord &n : *nodes)
        sightings.append({ n.id, n.host, n.lastSeen, n.serverNow });
    const QList<Finding> findings = silentNodeFindings(sightings, NodeTable::kAliveTimeout);
    const auto titles = [](const QList<Finding> &list) {
        QStringList t;
        for (const Finding &f : list)
            t << f.title + QString::number(f.severity);
        return t;
    };
    if (titles(findings) == titles(m_findings))
        return;
    m_findings = findings;
    emit findingsChanged(m_findings);
}

} // namespace fw
