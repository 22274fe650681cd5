#include "RawFrameFollower.h"

#include "ingest/RawLog.h"
#include "node/RawFrameStore.h"
#include "node/RawFramesLog.h"
#include "storage/Database.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QTimer>

namespace fw {

namespace {
constexpr int kFirstPauseMs = 1'000; // after a failure, doubling up to kMaxPauseMs
constexpr int kMaxPauseMs = 30'000;
}

RawFrameFollower::RawFrameFollower(
    const DatabaseConfig &config, RawLog *log, const Options &options, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_log(log)
    , m_options(options)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &RawFrameFollower::poll);
}

RawFrameFollower::~RawFrameFollower() = default;

void RawFrameFollower::start()
{
    m_timer->start(0);
}

void RawFrameFollower::stop()
{
    m_timer->stop();
    m_store.reset();
    m_db.reset();
}

bool RawFrameFollower::ensureOpen()
{
    if (m_db)
        return true;
    auto db = std::make_unique<Database>();
    if (!db->open(m_config)) {
        m_error = db->lastError();
        return false;
    }
    // Listen first, then read: frames committed in between are in the read or announced.
    if (QSqlDriver *driver = db->connection().driver(); db->dialect().isPostgres()) {
        if (!driver || !driver->subscribeToNotification(RawFrameStore::notifyChannel())) {
            m_error = driver ? driver->lastError().text() : QString();
            return false;
        }
        connect(driver, &QSqlDriver::notification, this, [this](const QString &name) {
            if (name == RawFrameStore::notifyChannel() && m_failures == 0)
                m_timer->start(0); // one read for any number of announcements pending
        });
    }
    m_db = std::move(db);
    m_store = std::make_unique<RawFrameStore>(*m_db);
    return true;
}

void RawFrameFollower::failed(const QString &error)
{
    if (m_failures == 0 || error != m_error)
        qCWarning(lcRawFrames).noquote() << "cannot read the shared raw frames:" << error;
    m_error = error;
    ++m_failures;
    m_store.reset();
    m_db.reset();
    const int pause = std::min(kMaxPauseMs, kFirstPauseMs << std::min(m_failures, 5));
    m_timer->start(pause);
}

void RawFrameFollower::poll()
{
    if (!ensureOpen()) {
        failed(m_error);
        return;
    }
    int read = 0;
    for (;;) {
        const bool first = m_lastId < 0;
        const auto rows = first ? m_store->newest(m_options.catchUpRows)
                                : m_store->after(m_lastId, m_options.batchRows);
        if (!rows) {
            failed(m_store->lastError());
            return;
        }
        for (const RawFrameStore::Stored &s : *rows) {
            m_log->append(s.frame);
            m_lastId = std::max(m_lastId, s.id);
        }
        read += static_cast<int>(rows->size());
        if (first) {
            m_lastId = std::max<qint64>(m_lastId, 0);
            qCInfo(lcRawFrames) << "read" << rows->size() << "stored raw frame(s)";
            break;
        }
        if (rows->size() < m_options.batchRows)
            break;
    }
    if (m_failures > 0)
        qCInfo(lcRawFrames) << "reading the shared raw frames again";
    m_failures = 0;
    m_error.clear();
    if (read > 0)
        emit framesRead(read);
    m_timer->start(m_options.pollMs);
}

} // namespace fw
