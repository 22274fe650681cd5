#include "AlertWorker.h"

#include "alerts/AlertStore.h"
#include "alerts/AlertsLog.h"
#include "storage/Database.h"
#include "util/Clock.h"

#include <QTimer>

namespace fw {

AlertWorker::AlertWorker(const DatabaseConfig &database, Clock *clock, const Options &options,
                         QObject *parent)
    : QObject(parent)
    , m_config(database)
    , m_clock(clock)
    , m_options(options)
{
}

AlertWorker::~AlertWorker() = default;

bool AlertWorker::enqueue(const QList<Position> &positions, const QList<DeviceEvent> &events)
{
    const qsizetype n = positions.size() + events.size();
    if (n == 0)
        return true;
    if (m_pending.load(std::memory_order_relaxed) + n > m_options.maxPending) {
        m_skipped.fetch_add(static_cast<quint64>(n));
        return false;
    }
    m_pending.fetch_add(n);
    QMetaObject::invokeMethod(
        this, [this, positions, events] { evaluate(positions, events); }, Qt::QueuedConnection);
    return true;
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
    connect(m_engine.get(), &RuleEngine::alertRaised, this,
            [this](const Alert &a) { m_raised.append(a); });
    // Deadline alerts (offline) arrive outside evaluate(): store them at once.
    connect(m_engine.get(), &RuleEngine::alertRaised, this,
            [this] { QTimer::singleShot(0, this, [this] { flush(true); }); });
    if (const auto states = m_store->states()) {
        for (auto it = states->cbegin(); it != states->cend(); ++it)
            m_engine->restoreState(it.key(), it.value());
    }
    const bool ok = reload();
    for (const DeviceActivity &a : m_db->activities())
        m_engine->noteLastSeen(a.uniqueId, a.lastPacketAt);
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
    if (m_engine)
        flush(true);
    m_reloadTimer.reset();
    m_flushTimer.reset();
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
    qCInfo(lcAlerts) << "alerts: loaded" << geofences->size() << "geofences and" << rules->size()
                     << "rules (version" << m_version << ")";
    return true;
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
    m_pending.fetch_sub(positions.size() + events.size());
    if (!m_engine)
        return;
    for (const Position &p : positions)
        m_engine->evaluate(p);
    for (const DeviceEvent &e : events)
        m_engine->evaluate(e);
    if (!m_raised.isEmpty())
        flush(true);
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
        qCWarning(lcAlerts).noquote() << "alerts: cannot store:" << m_store->lastError()
                                      << m_db->lastError();
        if (m_db->inTransaction())
            m_db->rollback();
        m_raised = alerts + m_raised; // tried again at the next flush
        return;
    }
    for (const Alert &a : alerts)
        emit alertRaised(a);
}

} // namespace fw
