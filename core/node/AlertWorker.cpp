#include "AlertWorker.h"

#include "alerts/AlertStore.h"
#include "alerts/AlertsLog.h"
#include "storage/Database.h"
#include "util/Clock.h"

#include <QTimer>

namespace fw {

AlertWorker::AlertWorker(
    const DatabaseConfig &database, Clock *clock, const Options &options, QObject *parent)
    : QObject(parent)
    , m_config(database)
    , m_clock(clock)
    , m_options(options)
{ }

AlertWorker::~AlertWorker() = default;

bool AlertWorker::enqueue(const QList<Position> &positions, const QList<DeviceEvent> &events)
{
    const qsizetype n = positions.size() + events.size();
    if (n == 0 || !m_evaluating.load(std::memory_order_relaxed))
        return true;
    bool post = false;
    {
        const std::lock_guard lock(m_inMutex);
        if (m_pending + n > m_options.maxPending) {
            m_skipped.fetch_add(static_cast<quint64>(n));
            return false;
        }
        m_pending += n;
        if (!positions.isEmpty())
            m_inPositions.append(positions);
        if (!events.isEmpty())
            m_inEvents.append(events);
        post = !std::exchange(m_drainQueued, true);
    }
    if (post)
        QMetaObject::invokeMethod(this, &AlertWorker::drain, Qt::QueuedConnection);
    return true;
}

void AlertWorker::drain()
{
    QList<QList<Position>> positions;
    QList<QList<DeviceEvent>> events;
    {
        const std::lock_guard lock(m_inMutex);
        positions.swap(m_inPositions);
        events.swap(m_inEvents);
        m_drainQueued = false;
        m_pending = 0;
    }
    // Positions and events of one submission are not interleaved in time anyway: positions
    // first (the same order as before), then the events.
    for (const QList<Position> &list : std::as_const(positions))
        evaluate(list, {});
    for (const QList<DeviceEvent> &list : std::as_const(events))
        evaluate({}, list);
}

void AlertWorker::scheduleAlertFlush()
{
    if (m_alertTimer && !m_alertTimer->isActive())
        m_alertTimer->start(m_options.alertFlushMs);
}

void AlertWorker::start()
{
    m_db = std::make_unique<Database>();
    if (!m_db->open(m_config)) {
        const QString error = m_db->lastError();
        qCWarning(lcAlerts).noquote() << "alerts: cannot open the database:" << error;
        emit started(false, error);
        return;
    }
    m_store = std::make_unique<AlertStore>(*m_db);
    m_engine = std::make_unique<RuleEngine>(m_clock, m_options.rules);
    // Alerts are stored in groups, at most alertFlushMs after they were raised (a transaction
    // per evaluated batch would compete with the position writer for the database).
    m_alertTimer = std::make_unique<QTimer>();
    m_alertTimer->setSingleShot(true);
    connect(m_alertTimer.get(), &QTimer::timeout, this, [this] { flush(true); });
    connect(m_engine.get(), &RuleEngine::alertRaised, this, [this](const Alert &a) {
        m_raised.append(a);
        scheduleAlertFlush();
    });
    if (const auto states = m_store->states()) {
        for (auto it = states->cbegin(); it != states->cend(); ++it)
            m_engine->restoreState(it.key(), it.value());
    }
    const bool ok = reload();
    if (!ok && !m_lastSeenNoted)
        noteLastSeenFromDatabase(); // evaluating everything, as configured or not
    m_reloadTimer = std::make_unique<QTimer>();
    connect(m_reloadTimer.get(), &QTimer::timeout, this, &AlertWorker::reloadIfChanged);
    m_reloadTimer->start(m_options.reloadCheckMs);
    m_flushTimer = std::make_unique<QTimer>();
    connect(m_flushTimer.get(), &QTimer::timeout, this, [this] { flush(true); });
    m_flushTimer->start(m_options.stateFlushMs);
    emit started(ok, ok ? QString() : m_store->lastError());
}

void AlertWorker::stop()
{
    drain(); // whatever was accepted before the node stopped
    if (m_engine)
        flush(true);
    m_reloadTimer.reset();
    m_flushTimer.reset();
    m_alertTimer.reset();
    m_engine.reset();
    m_store.reset();
    m_db.reset();
}

bool AlertWorker::reload()
{
    const std::optional<qint64> version = m_store->configVersion();
    const auto geofences = m_store->geofences();
    const auto rules = m_store->rules();
    if (!version || !geofences || !rules)
        return false;
    QHash<QString, QString> groups;
    for (const Device &d : m_db->devices())
        groups.insert(d.uniqueId, d.group);
    QStringList errors;
    m_engine->setDeviceGroups(groups);
    m_engine->setGeofences(*geofences, &errors);
    m_engine->setRules(*rules);
    m_version = *version;
    const bool evaluate = !geofences->isEmpty() || !rules->isEmpty();
    if (evaluate && !m_lastSeenNoted)
        noteLastSeenFromDatabase();
    // While nothing is configured no position is handed over: the offline clocks are started
    // again from the database once something is.
    m_lastSeenNoted = evaluate;
    m_evaluating.store(evaluate);
    qCInfo(lcAlerts) << "alerts: loaded" << geofences->size() << "geofences and" << rules->size()
                     << "rules (version" << m_version << ")";
    return true;
}

void AlertWorker::noteLastSeenFromDatabase()
{
    for (const DeviceActivity &a : m_db->activities())
        m_engine->noteLastSeen(a.uniqueId, a.lastPacketAt);
    m_lastSeenNoted = true;
}

void AlertWorker::reloadIfChanged()
{
    if (!m_store)
        return;
    const std::optional<qint64> version = m_store->configVersion();
    if (version && *version != m_version)
        reload();
}

void AlertWorker::evaluate(const QList<Position> &positions, const QList<DeviceEvent> &events)
{
    if (!m_engine)
        return;
    for (const Position &p : positions)
        m_engine->evaluate(p);
    for (const DeviceEvent &e : events)
        m_engine->evaluate(e);
}

void AlertWorker::flush(bool states)
{
    if (!m_engine || !m_store)
        return;
    QList<Alert> alerts = std::exchange(m_raised, {});
    const QHash<QString, QJsonObject> dirty
        = states ? m_engine->takeDirtyStates() : QHash<QString, QJsonObject>();
    if (alerts.isEmpty() && dirty.isEmpty())
        return;
    // The alerts and the state that raised them in one transaction.
    if (!m_db->begin()) {
        qCWarning(lcAlerts).noquote() << "alerts: cannot store:" << m_db->lastError();
        m_raised = alerts + m_raised;
        return;
    }
    if (!m_store->insertAlerts(alerts) || !m_store->saveStates(dirty, m_clock->now())
        || !m_db->commit()) {
        qCWarning(lcAlerts).noquote()
            << "alerts: cannot store:" << m_store->lastError() << m_db->lastError();
        if (m_db->inTransaction())
            m_db->rollback();
        m_raised = alerts + m_raised; // tried again at the next flush
        return;
    }
    for (const Alert &a : alerts)
        emit alertRaised(a);
}

} // namespace fw
