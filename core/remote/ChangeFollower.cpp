#include "ChangeFollower.h"

#include "RemoteLog.h"
#include "RemoteTr.h"
#include "alerts/AlertStore.h"
#include "node/FleetSettingsStore.h"
#include "storage/ChangeSnapshot.h"
#include "storage/Database.h"
#include "storage/DeviceTombstones.h"
#include "storage/HistoryReader.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

#include <optional>

namespace fw {

namespace {

// What one catch-up read found, applied once the snapshot is closed.
struct ChangeBatch
{
    qint64 reached = -1;
    QStringList removed; // devices removed (their tombstones), in change order
    QList<Device> devices; // edited, or new ones seen in the activity
    QList<Position> positions;
    QList<QString> nodes;
    QList<qint64> positionSeqs;
    QList<DeviceActivity> activities;
    QList<DeviceEvent> events;
    QList<qint64> eventSeqs;
    QList<Alert> alerts;
};

} // namespace

ChangeFollower::ChangeFollower(const DatabaseConfig &config, const DeviceModelCatalog *catalog,
    const Options &options, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_catalog(catalog)
    , m_options(options)
{
    m_catchUpTimer.setSingleShot(true);
    m_catchUpTimer.setInterval(0);
    connect(&m_catchUpTimer, &QTimer::timeout, this, &ChangeFollower::catchUp);
    m_livenessTimer.setInterval(m_options.livenessMs);
    connect(&m_livenessTimer, &QTimer::timeout, this, &ChangeFollower::checkAlive);
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &ChangeFollower::retry);
}

ChangeFollower::~ChangeFollower()
{
    stop();
}

bool ChangeFollower::start()
{
    if (!m_config.isPostgres()) {
        m_lastError = RemoteTr::tr("following changes needs a PostgreSQL database "
                                   "(postgresql://...); %1 is not one")
                          .arg(m_config.displayUrl());
        return false;
    }
    m_running = true;
    if (!connectAndLoad(true)) {
        m_running = false;
        m_db.reset();
        return false;
    }
    m_livenessTimer.start();
    return true;
}

void ChangeFollower::stop()
{
    m_running = false;
    m_catchUpTimer.stop();
    m_livenessTimer.stop();
    m_retryTimer.stop();
    m_db.reset();
}

bool ChangeFollower::connectAndLoad(bool first)
{
    auto db = std::make_unique<Database>();
    if (!db->open(m_config)) {
        m_lastError = db->lastError();
        return false;
    }
    // Listen first, then read: a group committed in between is in the read or announced.
    QSqlDriver *driver = db->connection().driver();
    if (!driver || !driver->subscribeToNotification(Database::notifyChannel())) {
        m_lastError = RemoteTr::tr("cannot listen for changes: %1")
                          .arg(driver ? driver->lastError().text() : QString());
        return false;
    }
    connect(driver, &QSqlDriver::notification, this, &ChangeFollower::onNotification);
    m_db = std::move(db);
    if (!first) {
        catchUp();
        return m_db != nullptr;
    }
    const FleetSettings settings = FleetSettingsStore::load(*m_db);
    QList<Device> devices;
    QList<DeviceActivity> activities;
    qint64 reached = -1;
    {
        ChangeSnapshot snapshot(*m_db);
        const TimeMs local = QDateTime::currentMSecsSinceEpoch();
        const qint64 serverNow = snapshot.isValid() ? snapshot.serverNow() : -1;
        if (serverNow > 0)
            m_clock.synchronize(serverNow, local);
        reached = snapshot.isValid() ? snapshot.reached() : -1;
        if (reached >= 0) {
            devices = m_db->devices();
            activities = m_db->activities();
            // A failed statement aborts the snapshot: this last one would fail too.
            if (snapshot.reached() != reached)
                reached = -1;
        }
        if (reached < 0)
            m_lastError = snapshot.lastError().isEmpty() ? m_db->lastError()
                                                         : snapshot.lastError();
    }
    if (reached < 0) {
        m_db.reset();
        return false;
    }
    m_fleet = std::make_unique<FleetState>(&m_clock, m_catalog, settings.status);
    connect(m_fleet.get(), &FleetState::statusChanged, this, &ChangeFollower::statusChanged);
    m_fleet->load(devices, activities);
    m_sequence = reached;
    m_stats.loadedAt = reached;
    ++m_stats.fullLoads;
    qCInfo(lcRemote).noquote() << "following" << m_config.displayUrl() << "from change"
                               << reached << "with" << devices.size() << "devices";
    emit caughtUp(m_sequence);
    return true;
}

void ChangeFollower::onNotification(
    const QString &name, QSqlDriver::NotificationSource, const QVariant &payload)
{
    if (name != Database::notifyChannel())
        return;
    bool ok = false;
    const qint64 seq = payload.toString().toLongLong(&ok);
    if (ok)
        m_notified = std::max(m_notified, seq);
    if (!ok || seq > m_sequence)
        m_catchUpTimer.start();
}

void ChangeFollower::catchUp()
{
    if (!m_db || !m_fleet)
        return;
    ChangeBatch batch;
    QString error;
    {
        ChangeSnapshot snapshot(*m_db);
        if (!snapshot.isValid()) {
            error = snapshot.lastError();
        } else {
            const TimeMs local = QDateTime::currentMSecsSinceEpoch();
            if (const qint64 serverNow = snapshot.serverNow(); serverNow > 0)
                m_clock.synchronize(serverNow, local);
            batch.reached = snapshot.reached();
        }
        const qint64 after = m_sequence;
        const qint64 upTo = batch.reached;
        bool ok = batch.reached >= 0;
        if (ok && upTo > after) {
            qint64 deviceId = -1;
            if (!m_options.uniqueId.isEmpty())
                deviceId = std::max<qint64>(m_db->deviceId(m_options.uniqueId), 0);
            // Edited devices (a block, say), then what the nodes wrote.
            QSqlQuery q(m_db->connection());
            q.prepare(QStringLiteral("SELECT unique_id FROM devices WHERE change_seq > ? "
                                     "AND change_seq <= ? ORDER BY change_seq"));
            q.addBindValue(after);
            q.addBindValue(upTo);
            ok = q.exec();
            QStringList edited;
            while (ok && q.next())
                edited.append(q.value(0).toString());
            q.finish();
            if (ok) { // removed devices, before what was (re)registered after them
                DeviceTombstones tombstones(*m_db);
                const std::optional<QStringList> removed = tombstones.removedBetween(after, upTo);
                ok = removed.has_value();
                if (removed)
                    batch.removed = *removed;
            }
            HistoryReader reader(*m_db);
            batch.activities = reader.changedActivities(after, upTo, -1);
            for (const DeviceActivity &a : std::as_const(batch.activities)) {
                if (!m_fleet->snapshot(a.uniqueId) && !edited.contains(a.uniqueId))
                    edited.append(a.uniqueId); // registered after we loaded
            }
            for (const QString &id : std::as_const(edited)) {
                if (const std::optional<Device> d = m_db->findDevice(id))
                    batch.devices.append(*d);
            }
            if (ok && m_options.positions) {
                ok = reader.forEachChangedPosition(after, upTo, deviceId,
                    [&](const Position &p, qint64 seq, const QString &node) {
                        batch.positions.append(p);
                        batch.positionSeqs.append(seq);
                        batch.nodes.append(node);
                        return true;
                    });
            }
            if (ok) {
                ok = reader.forEachChangedEvent(
                    after, upTo, deviceId, [&](const DeviceEvent &e, qint64 seq) {
                        batch.events.append(e);
                        batch.eventSeqs.append(seq);
                        return true;
                    });
            }
            if (ok) {
                AlertStore alerts(*m_db);
                const std::optional<QList<Alert>> found
                    = alerts.alertsChanged(after, upTo, m_options.uniqueId);
                ok = found.has_value();
                if (found)
                    batch.alerts = *found;
            }
            // A failed statement aborts the snapshot: this last one fails too.
            ok = ok && snapshot.reached() == upTo;
        }
        if (!ok && error.isEmpty())
            error = snapshot.lastError().isEmpty() ? m_db->lastError() : snapshot.lastError();
        if (!ok)
            batch.reached = -1;
    }
    if (batch.reached < 0) {
        lost(error.isEmpty() ? RemoteTr::tr("the catch-up read failed") : error);
        return;
    }
    if (batch.reached <= m_sequence)
        return;
    ++m_stats.catchUps;
    m_stats.changedRowsRead += batch.removed.size() + batch.devices.size()
        + batch.positions.size() + batch.activities.size() + batch.events.size()
        + batch.alerts.size();
    // Apply, then hand on: removals, devices, positions, statuses (from the activity), events,
    // alerts.
    for (const QString &id : std::as_const(batch.removed)) {
        if (!m_fleet->snapshot(id))
            continue; // removed before we loaded, or never seen here
        m_fleet->removeDevice(id);
        if (m_options.uniqueId.isEmpty() || m_options.uniqueId == id)
            emit deviceRemoved(id, batch.reached);
    }
    for (const Device &d : std::as_const(batch.devices))
        m_fleet->addOrUpdateDevice(d);
    for (qsizetype i = 0; i < batch.positions.size(); ++i)
        emit positionStored(batch.positions.at(i), batch.nodes.at(i), batch.positionSeqs.at(i));
    for (const DeviceActivity &a : std::as_const(batch.activities))
        m_fleet->restoreActivity(a);
    for (qsizetype i = 0; i < batch.events.size(); ++i)
        emit eventStored(batch.events.at(i), batch.eventSeqs.at(i));
    for (const Alert &a : std::as_const(batch.alerts))
        emit alertStored(a, batch.reached);
    m_sequence = batch.reached;
    emit caughtUp(m_sequence);
}

void ChangeFollower::checkAlive()
{
    if (!m_db)
        return;
    // One row: notices a dropped connection, and a notification libpq took in during another
    // statement (Qt's notifier only wakes for new bytes) is picked up within this interval.
    QSqlQuery q(m_db->connection());
    if (!q.exec(QStringLiteral("SELECT seq FROM change_sequence WHERE id = 1")) || !q.next()) {
        const QString error = q.lastError().text();
        q = QSqlQuery();
        lost(error);
        return;
    }
    if (q.value(0).toLongLong() > m_sequence)
        m_catchUpTimer.start();
}

void ChangeFollower::lost(const QString &error)
{
    if (!m_running)
        return;
    const bool wasConnected = m_db != nullptr;
    m_db.reset();
    m_catchUpTimer.stop();
    m_livenessTimer.stop();
    m_lastError = error;
    m_retryDelayMs = m_retryDelayMs == 0
        ? m_options.reconnectMinMs
        : std::min(m_retryDelayMs * 2, m_options.reconnectMaxMs);
    if (wasConnected) {
        qCWarning(lcRemote).noquote() << "lost the database at change" << m_sequence << ":"
                                      << error;
        emit connectionChanged(false, error);
    }
    m_retryTimer.start(m_retryDelayMs);
}

void ChangeFollower::retry()
{
    if (!m_running)
        return;
    if (!connectAndLoad(m_sequence < 0)) {
        m_db.reset();
        lost(m_lastError);
        return;
    }
    m_retryDelayMs = 0;
    m_livenessTimer.start();
    qCInfo(lcRemote).noquote() << "reconnected; caught up to change" << m_sequence;
    emit connectionChanged(true, {});
}

} // namespace fw
