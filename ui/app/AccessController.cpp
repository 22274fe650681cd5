#include "AccessController.h"

#include "alerts/AlertsPanel.h"
#include "details/DeviceDetailsPanel.h"
#include "devicelist/DeviceListView.h"
#include "mainwindow/MainWindow.h"
#include "storage/Database.h"

#include <QAction>
#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QMenu>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace fw {

Q_LOGGING_CATEGORY(lcAccess, "fleetwatch.desktop.access", QtInfoMsg)

namespace {

struct Answer
{
    AccessRights rights;
    QString error;
};

// The reason shown on a disabled action: what this login may not do, and its role.
QString refusal(bool allowed, const QString &text, const AccessRights &rights)
{
    return allowed ? QString() : text.arg(rights.roleId());
}

void setRefused(QAction *action, const QString &reason)
{
    action->setEnabled(reason.isEmpty());
    action->setToolTip(reason.isEmpty() ? action->text().remove(QLatin1Char('&')) : reason);
    action->setStatusTip(reason);
    for (QObject *o : action->associatedObjects()) {
        if (auto *menu = qobject_cast<QMenu *>(o))
            menu->setToolTipsVisible(true);
    }
}

} // namespace

AccessController::AccessController(const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
    , m_window(parts.window)
    , m_alerts(parts.alerts)
{
    qRegisterMetaType<fw::AccessRights>();
}

QStringList AccessController::deviceActions()
{
    return { QStringLiteral("registerDevice"), QStringLiteral("importDevices"),
        QStringLiteral("editDevice"), QStringLiteral("blockDevice"),
        QStringLiteral("unblockDevice"), QStringLiteral("removeDevice") };
}

void AccessController::start()
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setInterval(m_parts.recheckMs);
        connect(m_timer, &QTimer::timeout, this, &AccessController::ask);
    }
    m_timer->start();
    ask();
}

void AccessController::recheck()
{
    ask();
}

void AccessController::ask()
{
    if (m_asking) { // the answer under way may predate a change: ask once more after it
        m_askAgain = true;
        return;
    }
    m_asking = true;
    m_askAgain = false;
    auto *watcher = new QFutureWatcher<Answer>(this);
    connect(watcher, &QFutureWatcher<Answer>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_asking = false;
        if (m_askAgain)
            QMetaObject::invokeMethod(this, &AccessController::ask, Qt::QueuedConnection);
        const Answer answer = watcher->result();
        if (!answer.error.isEmpty()) {
            // Unknown: what is shown stays; the server still refuses what it must.
            qCWarning(lcAccess).noquote() << "cannot read the access rights:" << answer.error;
            emit failed(answer.error);
            return;
        }
        if (m_rights == answer.rights)
            return;
        qCInfo(lcAccess).noquote() << "this login's role:" << answer.rights.roleId();
        apply(answer.rights);
        emit rightsKnown(answer.rights);
    });
    watcher->setFuture(QtConcurrent::run([config = m_parts.database]() -> Answer {
        Answer a;
        Database db;
        if (!db.open(config)) {
            a.error = db.lastError();
            return a;
        }
        a.rights = db.capabilities();
        a.error = db.lastError();
        return a;
    }));
}

void AccessController::apply(const AccessRights &rights)
{
    m_rights = rights;
    MainWindow *window = m_window;
    if (!window)
        return;
    const QString devices = refusal(rights.editDevices,
        tr("This login (%1) may not change devices on this FleetWatch server"), rights);
    const QString commands = refusal(rights.queueCommands,
        tr("This login (%1) may not send commands on this FleetWatch server"), rights);
    const QString geofences = refusal(rights.editGeofences,
        tr("This login (%1) may not change geofences on this FleetWatch server"), rights);
    const QString rules = refusal(rights.editRules,
        tr("This login (%1) may not change alert rules on this FleetWatch server"), rights);
    const QString acknowledge = refusal(rights.acknowledgeAlerts,
        tr("This login (%1) may not acknowledge alerts on this FleetWatch server"), rights);
    const QString settings = refusal(rights.editSettings,
        tr("This login (%1) may not change the fleet settings of this FleetWatch server"), rights);
    const QList<std::pair<QString, QString>> actions = {
        { QStringLiteral("sendCommand"), commands },
        { QStringLiteral("editGeofences"), geofences },
        { QStringLiteral("editRules"), rules },
    };
    for (const QString &name : deviceActions()) {
        for (QAction *a : window->findChildren<QAction *>(name))
            setRefused(a, devices);
    }
    for (const auto &[name, reason] : actions) {
        for (QAction *a : window->findChildren<QAction *>(name))
            setRefused(a, reason);
    }
    window->details()->setChangesRefused(devices, commands);
    window->deviceList()->setChangesRefused(devices, commands);
    window->setFleetSettingsRefused(settings);
    if (m_alerts)
        m_alerts->setAcknowledgeRefused(acknowledge);
}

} // namespace fw
