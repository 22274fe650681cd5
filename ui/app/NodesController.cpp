#include "NodesController.h"

#include "diagnostics/NodeSilence.h"
#include "node/StoredDiagnosis.h"
#include "nodes/NodesModel.h"
#include "nodes/NodesPanel.h"
#include "storage/Database.h"

#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>

namespace fw {

Q_LOGGING_CATEGORY(lcNodes, "fleetwatch.desktop.nodes", QtInfoMsg)

namespace {
const QString kNodeSilentId = QStringLiteral("node-silent"); // NodeSilence's, named each reading
} // namespace

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

void NodesController::diagnoseNow()
{
    QMetaObject::invokeMethod(m_context, [this] {
        m_diagnosedAt.invalidate();
        read();
    });
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
    std::optional<QList<Finding>> diagnosed;
    if (m_db && m_parts.registry && m_parts.catalog
        && (!m_diagnosedAt.isValid() || m_diagnosedAt.hasExpired(m_parts.diagnosisIntervalMs))) {
        const StoredDiagnosisResult d
            = StoredDiagnosis(*m_parts.registry, *m_parts.catalog).run(*m_db);
        if (d.ok) {
            diagnosed = d.findings;
            m_diagnosedAt.start();
        } else {
            qCWarning(lcNodes).noquote() << "cannot diagnose the stored fleet:" << d.error;
        }
    }
    QMetaObject::invokeMethod(
        this, [this, nodes, error, diagnosed] { apply(nodes, error, diagnosed); });
}

void NodesController::apply(const std::optional<QList<NodeRecord>> &nodes, const QString &error,
    const std::optional<QList<Finding>> &diagnosed)
{
    if (diagnosed) {
        m_diagnosed.clear();
        for (const Finding &f : *diagnosed) {
            if (f.id != kNodeSilentId)
                m_diagnosed << f;
        }
    }
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
    QList<Finding> findings = silentNodeFindings(sightings, NodeTable::kAliveTimeout);
    findings += m_diagnosed;
    std::stable_sort(findings.begin(), findings.end(),
        [](const Finding &a, const Finding &b) { return a.severity > b.severity; });
    const auto shown = [](const QList<Finding> &list) {
        QStringList t;
        for (const Finding &f : list)
            t << f.title + QString::number(f.severity) + f.devices.join(u',');
        return t;
    };
    if (shown(findings) == shown(m_findings))
        return;
    m_findings = findings;
    emit findingsChanged(m_findings);
}

} // namespace fw
