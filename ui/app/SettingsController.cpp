#include "SettingsController.h"

#include "fleet/FleetState.h"
#include "ingest/IngestServer.h"
#include "mainwindow/MainWindow.h"
#include "node/FleetSettingsStore.h"
#include "node/IngestNode.h"
#include "protocols/ProtocolRegistry.h"
#include "secrets/SessionSecrets.h"
#include "storage/Database.h"
#include "storage/PositionWriter.h"

#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QSettings>
#include <QtConcurrent/QtConcurrentRun>

Q_LOGGING_CATEGORY(lcSettings, "fleetwatch.settings", QtInfoMsg)

namespace fw {

SettingsController::SettingsController(const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
    , m_window(parts.window)
{
    if (m_parts.secrets) {
        connect(m_parts.secrets, &SessionSecrets::problemChanged, this,
            &SettingsController::showProblems);
        showProblems(); // what start-up found (e.g. no keychain service)
    }
}

void SettingsController::showProblems()
{
    if (!m_window)
        return;
    QStringList lines;
    if (!m_fleetProblem.isEmpty())
        lines << m_fleetProblem;
    if (m_parts.secrets && !m_parts.secrets->problem().isEmpty())
        lines << m_parts.secrets->problem();
    m_window->setSettingsProblem(lines.join(u'\n'));
}

void SettingsController::storeSecrets(const QHash<QString, QString> &secrets)
{
    if (!m_parts.secrets)
        return;
    for (auto it = secrets.cbegin(); it != secrets.cend(); ++it)
        m_parts.secrets->set(it.key(), it.value());
}

IngestConfig SettingsController::ingestConfigFromSettings(const ProtocolRegistry &registry)
{
    const QSettings settings;
    IngestConfig config;
    for (const auto &d : registry.decoders()) {
        const QString key = QStringLiteral("ingest/") + d->info().name;
        if (!settings.value(key + QStringLiteral("/enabled"), true).toBool())
            continue;
        const uint port
            = settings.value(key + QStringLiteral("/port"), d->info().defaultPort).toUInt();
        config.listeners.append(ListenerConfig { d->info().name,
            static_cast<quint16>(port && port <= 65535 ? port : d->info().defaultPort) });
    }
    config.aprsIsServer = settings.value(QStringLiteral("aprsis/server")).toString();
    config.aprsIsCallsign
        = settings.value(QStringLiteral("aprsis/callsign"), config.aprsIsCallsign).toString();
    config.aprsIsFilter = settings.value(QStringLiteral("aprsis/filter")).toString();
    return config;
}

void SettingsController::applyLocalSettings()
{
    IngestNode *node = m_parts.node;
    if (!node)
        return; // a window connected to a server opens no listeners
    const IngestConfig config = ingestConfigFromSettings(*m_parts.registry);
    QMetaObject::invokeMethod(node, [node, config] { node->server()->reconfigure(config); });
}

void SettingsController::applyFleetSettings(const FleetSettings &settings)
{
    if (m_window)
        m_window->setFleetSettings(settings);
    IngestNode *node = m_parts.node;
    const StatusSettings status = settings.status;
    if (node)
        QMetaObject::invokeMethod(node, [node, status] { node->fleet()->setSettings(status); });
    if (m_parts.writer)
        m_parts.writer->setRetentionDays(settings.retentionDays);

    // The database write runs on a worker with its own connection: the writer may hold
    // SQLite's write lock for a moment, and the window must not wait for it.
    const DatabaseConfig database = m_parts.database;
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher] {
        const QString error = watcher->result();
        watcher->deleteLater();
        if (!error.isEmpty())
            qCWarning(lcSettings).noquote() << "fleet settings not saved:" << error;
        m_fleetProblem = error.isEmpty()
            ? QString()
            : tr("The fleet settings could not be saved in the database: %1").arg(error);
        showProblems();
        emit fleetSettingsSaved(error);
    });
    watcher->setFuture(QtConcurrent::run([database, settings]() -> QString {
        Database db;
        if (!db.open(database))
            return db.lastError();
        if (!FleetSettingsStore::save(db, settings))
            return db.lastError();
        return {};
    }));
}

} // namespace fw
