#include "PositionWriter.h"
#include "StorageTr.h"

#include "PositionPartitions.h"
#include "StorageLog.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace fw {

PositionWriter::PositionWriter(const DatabaseConfig &config, const Options &options)
    : m_config(config)
    , m_options(options)
{ }

PositionWriter::PositionWriter(const DatabaseConfig &config)
    : PositionWriter(config, Options())
{ }

PositionWriter::~PositionWriter()
{
    if (m_thread)
        stop(5'000);
}

qsizetype PositionWriter::accountedRows(const WriteBatch &batch)
{
    return std::max<qsizetype>(1, batch.rows()); // an empty batch still carries a ticket
}

bool PositionWriter::start()
{
    if (m_thread)
        return isHealthy();
    {
        QMutexLocker lock(&m_mutex);
        m_accepting = true;
    }
    m_ownerThread = QThread::currentThread();
    m_thread = new QThread();
    m_thread->setObjectName(u"fw-writer"_s);
    moveToThread(m_thread);
    m_thread->start();
    bool opened = false;
    QMetaObject::invokeMethod(
        this, [this]() { return initInThread(); }, Qt::BlockingQueuedConnection, &opened);
    return opened;
}

bool PositionWriter::stop(int timeoutMs)
{
    if (!m_thread) {
        QMutexLocker lock(&m_mutex);
        return m_stats.pendingRows == 0;
    }
    const bool written = flush(timeoutMs);
    QMetaObject::invokeMethod(
        this, [this]() { shutdownInThread(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    return written;
}

bool PositionWriter::initInThread()
{
    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    connect(m_flushTimer, &QTimer::timeout, this, [this]() { flushPending(false); });
    m_retryTimer = new QTimer(this);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &PositionWriter::onRetry);
    m_retentionTimer = new QTimer(this);
    connect(m_retentionTimer, &QTimer::timeout, this, &PositionWriter::startRetentionPass);
    m_partitionTimer = new QTimer(this);
    connect(m_partitionTimer, &QTimer::timeout, this, [this]() {
        m_partitionsDue = true;
        ensurePartitions();
    });
    m_partitionTimer->start(m_options.partitionIntervalMs);

    m_db = std::make_unique<Database>();
    m_db->setNodeId(m_options.nodeId);
    const bool opened = m_db->open(m_config);
    if (!opened) {
        onFailure(m_db->lastError());
    } else {
        ensurePartitions();
        QMutexLocker lock(&m_mutex);
        if (!m_incoming.isEmpty() || !m_inflight.isEmpty())
            QMetaObject::invokeMethod(this, &PositionWriter::onWake, Qt::QueuedConnection);
    }
    if (m_retentionDays > 0) {
        m_retentionTimer->start(m_options.retentionIntervalMs);
        startRetentionPass();
    }
    return opened;
}

void PositionWriter::shutdownInThread()
{
    delete m_flushTimer;
    delete m_retryTimer;
    delete m_retentionTimer;
    delete m_partitionTimer;
    m_flushTimer = m_retryTimer = m_retentionTimer = m_partitionTimer = nullptr;
    m_retentionActive = false;
    for (const Removal &r : std::exchange(m_removals, {})) {
        if (r.done)
            r.done(StorageTr::tr("the database writer stopped before the device was removed"));
    }
    qsizetype pending = 0;
    {
        QMutexLocker lock(&m_mutex);
        m_accepting = false;
        pending = m_stats.pendingRows;
    }
    if (pending > 0) {
        qCCritical(lcStorage) << "writer stopped with" << pending
                              << "rows not written to the database";
    }
    m_db.reset();
    moveToThread(m_ownerThread);
}

bool PositionWriter::submit(WriteBatch batch)
{
    const qsizetype rows = accountedRows(batch);
    bool post = false;
    {
        QMutexLocker lock(&m_mutex);
        if (!m_accepting || m_stats.pendingRows + rows > m_options.maxPendingRows) {
            ++m_stats.refusedBatches;
            m_stats.refusedRows += quint64(batch.rows());
            return false;
        }
        const bool wasEmpty = m_incoming.isEmpty();
        const bool crossed
            = m_incomingRows < m_options.flushRows && m_incomingRows + rows >= m_options.flushRows;
        if (wasEmpty)
            m_incomingSince.start();
        m_incoming.append(std::move(batch));
        m_incomingRows += rows;
        m_stats.pendingRows += rows;
        m_pendingRows.store(m_stats.pendingRows, std::memory_order_relaxed);
        if ((wasEmpty || crossed) && !m_wakePosted)
            post = m_wakePosted = true;
    }
    if (post)
        QMetaObject::invokeMethod(this, &PositionWriter::onWake, Qt::QueuedConnection);
    return true;
}

bool PositionWriter::flush(int timeoutMs)
{
    if (!m_thread) {
        QMutexLocker lock(&m_mutex);
        return m_stats.pendingRows == 0;
    }
    if (QThread::currentThread() == m_thread) {
        flushPending(true);
        QMutexLocker lock(&m_mutex);
        return m_stats.pendingRows == 0;
    }
    const QDeadlineTimer deadline(timeoutMs);
    {
        QMutexLocker lock(&m_mutex);
        if (m_stats.pendingRows == 0)
            return true;
        m_flushRequested = true;
    }
    QMetaObject::invokeMethod(
        this, [this]() { flushPending(true); }, Qt::QueuedConnection);
    QMutexLocker lock(&m_mutex);
    while (m_stats.pendingRows > 0) {
        if (!m_committedCondition.wait(&m_mutex, deadline))
            break;
    }
    m_flushRequested = false;
    return m_stats.pendingRows == 0;
}

PositionWriter::Stats PositionWriter::stats() const
{
    QMutexLocker lock(&m_mutex);
    return m_stats;
}

bool PositionWriter::isHealthy() const
{
    QMutexLocker lock(&m_mutex);
    return m_stats.healthy;
}

void PositionWriter::setRetentionDays(int days)
{
    m_retentionDays = std::max(0, days);
    if (!m_thread)
        return; // applied by initInThread()
    QMetaObject::invokeMethod(
        this,
        [this]() {
            if (!m_retentionTimer)
                return;
            if (m_retentionDays > 0) {
                m_retentionTimer->start(m_options.retentionIntervalMs);
                startRetentionPass();
            } else {
                m_retentionTimer->stop();
                m_retentionActive = false;
            }
        },
        Qt::QueuedConnection);
}

bool PositionWriter::runOnWriterThread(const std::function<void(Database &)> &function)
{
    if (!m_thread)
        return false;
    bool ran = false;
    QMetaObject::invokeMethod(
        this,
        [this, &function]() {
            if (!m_db)
                return false;
            function(*m_db);
            return true;
        },
        Qt::BlockingQueuedConnection, &ran);
    return ran;
}

// Writer thread -----------------------------------------------------------------------------

void PositionWriter::onWake()
{
    {
        QMutexLocker lock(&m_mutex);
        m_wakePosted = false;
    }
    flushPending(false);
}

void PositionWriter::flushPending(bool force)
{
    if (!m_db || !m_retryTimer || m_retryTimer->isActive())
        return; // not started, stopping, or backing off after a failure
    for (;;) {
        int waitMs = -1;
        {
            QMutexLocker lock(&m_mutex);
            if (!m_incoming.isEmpty()) {
                const qint64 age = m_incomingSince.elapsed();
                const bool due = force || m_flushRequested || !m_inflight.isEmpty()
                    || m_incomingRows >= m_options.flushRows || age >= m_options.flushDelayMs;
                if (due) {
                    m_inflight.append(std::move(m_incoming));
                    m_incoming.clear();
                    m_inflightRows += m_incomingRows;
                    m_incomingRows = 0;
                } else {
                    waitMs = int(m_options.flushDelayMs - age);
                }
            }
        }
        if (waitMs >= 0 && m_inflight.isEmpty()) {
            if (!m_flushTimer->isActive())
                m_flushTimer->start(std::max(1, waitMs));
            return;
        }
        if (m_inflight.isEmpty())
            return;
        m_flushTimer->stop();
        while (!m_inflight.isEmpty()) {
            qsizetype count = 0;
            qsizetype rows = 0;
            while (count < m_inflight.size() && (count == 0 || rows < m_options.maxRowsPerCommit))
                rows += accountedRows(m_inflight.at(count++));
            if (!writeGroup(count, rows))
                return;
        }
        force = false;
    }
}

bool PositionWriter::writeGroup(qsizetype count, qsizetype rows)
{
    QString error;
    QElapsedTimer timer;
    timer.start();
    if (!tryWrite(count, &error)) {
        // Once more with fresh device ids: another connection may have removed a device.
        m_db->rollback();
        m_db->clearDeviceIdCache();
        if (!tryWrite(count, &error)) {
            m_db->rollback();
            onFailure(error);
            return false;
        }
    }
    const qint64 micros = timer.nsecsElapsed() / 1000;
    QList<quint64> tickets;
    tickets.reserve(count);
    for (qsizetype i = 0; i < count; ++i)
        tickets.append(m_inflight.at(i).ticket);
    m_inflight.remove(0, count);
    m_inflightRows -= rows;
    {
        QMutexLocker lock(&m_mutex);
        m_stats.pendingRows -= rows;
        m_pendingRows.store(m_stats.pendingRows, std::memory_order_relaxed);
        ++m_stats.commits;
        m_stats.lastCommitMicros = micros;
        m_committedCondition.wakeAll();
    }
    qCDebug(lcStorage) << "committed" << rows << "rows in" << micros << "us";
    setHealthy(true, {});
    emit committed(tickets);
    return true;
}

bool PositionWriter::tryWrite(qsizetype count, QString *error)
{
    // Positions are written straight from the submissions (no copy into one list); events and
    // activity updates are few and are gathered.
    QList<const QList<Position> *> positions;
    QList<DeviceEvent> events;
    QList<DeviceActivity> activities;
    positions.reserve(count);
    qsizetype positionCount = 0;
    for (qsizetype i = 0; i < count; ++i) {
        const WriteBatch &b = m_inflight.at(i);
        if (!b.positions.isEmpty())
            positions.append(&b.positions);
        positionCount += b.positions.size();
        events.append(b.events);
        activities.append(b.activities);
    }
    qsizetype skippedPositions = 0;
    qsizetype skippedEvents = 0;
    qsizetype skippedActivities = 0;
    const bool ok = m_db->begin() && m_db->stampChange()
        && m_db->insertPositions(positions, &skippedPositions)
        && m_db->insertEvents(events, &skippedEvents)
        && m_db->upsertActivity(activities, &skippedActivities) && m_db->commit();
    if (!ok) {
        *error = m_db->lastError();
        return false;
    }
    const qsizetype skipped = skippedPositions + skippedEvents + skippedActivities;
    QMutexLocker lock(&m_mutex);
    m_stats.rowsWritten += quint64(positionCount + events.size() + activities.size() - skipped);
    m_stats.skippedRows += quint64(skipped);
    return true;
}

void PositionWriter::onFailure(const QString &error)
{
    m_retryDelayMs = m_retryDelayMs == 0 ? m_options.retryMinMs
                                         : std::min(m_retryDelayMs * 2, m_options.retryMaxMs);
    if (m_healthy) {
        qCCritical(lcStorage).noquote()
            << "cannot write to the database, keeping" << stats().pendingRows
            << "rows pending and retrying:" << error;
    } else {
        qCWarning(lcStorage).noquote()
            << "database still unavailable (retry in" << m_retryDelayMs << "ms):" << error;
    }
    setHealthy(false, error);
    if (m_retryTimer)
        m_retryTimer->start(m_retryDelayMs);
}

void PositionWriter::onRetry()
{
    if (!m_db->isOpen() || !m_db->ping()) {
        if (!m_db->reopen()) {
            onFailure(m_db->lastError());
            return;
        }
        qCInfo(lcStorage).noquote() << "reconnected to" << m_config.displayUrl();
    }
    if (m_partitionsDue)
        ensurePartitions();
    bool nothingPending = false;
    {
        QMutexLocker lock(&m_mutex);
        nothingPending = m_incoming.isEmpty() && m_inflight.isEmpty();
    }
    if (nothingPending)
        setHealthy(true, {});
    else
        flushPending(true);
}

void PositionWriter::setHealthy(bool healthy, const QString &error)
{
    {
        QMutexLocker lock(&m_mutex);
        m_stats.lastError = error;
        m_stats.healthy = healthy;
    }
    if (healthy == m_healthy)
        return;
    m_healthy = healthy;
    if (healthy) {
        m_retryDelayMs = 0;
        qCInfo(lcStorage).noquote() << "database writes work again";
    }
    emit healthChanged(healthy, error);
}

void PositionWriter::startRetentionPass()
{
    if (m_retentionActive || m_retentionDays <= 0)
        return;
    m_retentionActive = true;
    m_retentionDropDone = false;
    QTimer::singleShot(0, this, &PositionWriter::retentionStep);
}

void PositionWriter::ensurePartitions()
{
    if (!m_db || !m_db->isOpen() || m_db->inTransaction())
        return;
    const TimeMs now = m_options.clock ? m_options.clock() : QDateTime::currentMSecsSinceEpoch();
    // On failure the rows of a missing month go to positions_default (nothing is lost); the
    // next reconnect or the next day tries again.
    m_partitionsDue = PositionPartitions(*m_db).ensureAhead(now) < 0;
}

void PositionWriter::retentionStep()
{
    const int days = m_retentionDays;
    if (!m_retentionActive || days <= 0 || !m_db || !m_retryTimer) {
        m_retentionActive = false;
        return;
    }
    flushPending(false); // due positions go first
    if (m_retryTimer->isActive() || !m_db->isOpen()) {
        m_retentionActive = false; // try again at the next interval
        return;
    }
    const TimeMs now = m_options.clock ? m_options.clock() : QDateTime::currentMSecsSinceEpoch();
    const TimeMs cutoff = now - days * kDay;
    if (!m_retentionDropDone) {
        // Whole months first (PostgreSQL); what is left before the cut-off (the month that
        // straddles it, positions_default, or everything when the drop failed) goes row by row.
        m_retentionDropDone = true;
        const int dropped = PositionPartitions(*m_db).dropBefore(cutoff);
        if (dropped > 0) {
            QMutexLocker lock(&m_mutex);
            m_stats.retentionPartitionsDropped += quint64(dropped);
        }
    }
    qint64 deleted = -1;
    if (m_db->begin()) {
        deleted = m_db->deletePositionsBefore(cutoff, m_options.retentionChunk);
        if (deleted < 0 || !m_db->commit())
            deleted = -1;
    }
    if (deleted < 0) {
        m_db->rollback();
        qCWarning(lcStorage).noquote() << "retention failed:" << m_db->lastError();
        m_retentionActive = false;
        return;
    }
    {
        QMutexLocker lock(&m_mutex);
        m_stats.retentionDeleted += quint64(deleted);
    }
    if (deleted > 0)
        QTimer::singleShot(0, this, &PositionWriter::retentionStep);
    else
        m_retentionActive = false;
}

void PositionWriter::removeDevice(
    const QString &uniqueId, std::function<void(const QString &error)> done)
{
    QMetaObject::invokeMethod(this, [this, uniqueId, done = std::move(done)]() mutable {
        if (!m_db) {
            if (done)
                done(StorageTr::tr("the database writer is not running"));
            return;
        }
        m_removals.append(Removal { uniqueId, std::move(done) });
        if (m_removals.size() == 1)
            QTimer::singleShot(0, this, &PositionWriter::removalStep);
    });
}

void PositionWriter::removalStep()
{
    if (m_removals.isEmpty())
        return;
    if (!m_db || !m_retryTimer) {
        for (const Removal &r : std::as_const(m_removals)) {
            if (r.done)
                r.done(StorageTr::tr("the database writer stopped"));
        }
        m_removals.clear();
        return;
    }
    flushPending(false); // due positions go first
    if (m_retryTimer->isActive() || !m_db->isOpen()) {
        QTimer::singleShot(m_options.retryMinMs, this, &PositionWriter::removalStep);
        return;
    }
    const qint64 deleted
        = m_db->removeDeviceChunk(m_removals.first().uniqueId, Database::kRemovalChunk);
    if (deleted != 0) {
        if (deleted > 0) {
            QTimer::singleShot(0, this, &PositionWriter::removalStep);
            return;
        }
        qCWarning(lcStorage).noquote() << "device removal failed:" << m_db->lastError();
    }
    const Removal done = m_removals.takeFirst();
    if (done.done)
        done.done(deleted == 0 ? QString() : m_db->lastError());
    if (!m_removals.isEmpty())
        QTimer::singleShot(0, this, &PositionWriter::removalStep);
}

} // namespace fw
