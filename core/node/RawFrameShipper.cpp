#include "RawFrameShipper.h"

#include "RawFramesLog.h"
#include "ingest/RawLog.h"
#include "storage/Database.h"

#include <QTimer>

namespace fw {

RawFrameShipper::RawFrameShipper(const RawLog *log, const DatabaseConfig &config,
    const QString &node, const Options &options, QObject *parent)
    : QObject(parent)
    , m_log(log)
    , m_config(config)
    , m_node(node)
    , m_options(options)
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(std::max(50, m_options.intervalMs));
    connect(m_timer, &QTimer::timeout, this, &RawFrameShipper::shipNow);
}

RawFrameShipper::~RawFrameShipper() = default;

void RawFrameShipper::start()
{
    m_sincePrune.start();
    m_timer->start();
    qCInfo(lcRawFrames).noquote() << "sharing raw frames in" << m_config.displayUrl() << "("
                                  << m_options.limits.perDevice << "a device,"
                                  << m_options.limits.poolRows << "others)";
}

void RawFrameShipper::stop()
{
    m_timer->stop();
    shipNow();
    m_store.reset();
    m_db.reset();
}

bool RawFrameShipper::ensureOpen()
{
    if (m_db)
        return true;
    auto db = std::make_unique<Database>();
    if (!db->open(m_config)) {
        if (!m_failing)
            qCWarning(lcRawFrames).noquote() << "cannot open" << m_config.displayUrl() << ":"
                                             << db->lastError();
        m_failing = true;
        return false;
    }
    m_db = std::move(db);
    m_store = std::make_unique<RawFrameStore>(*m_db);
    return true;
}

void RawFrameShipper::shipNow()
{
    if (!m_log || m_log->lastSeq() == m_shippedSeq) {
        if (m_sincePrune.isValid() && m_sincePrune.elapsed() >= m_options.pruneIntervalMs)
            prune();
        return;
    }
    if (!ensureOpen())
        return;
    quint64 reached = 0;
    const QList<RawFrame> frames = m_log->latestPerDevice(m_shippedSeq,
        m_options.limits.perDevice, m_options.limits.poolRows, m_options.maxFramesPerTick,
        &reached);
    if (!m_store->insert(frames, m_node, m_options.limits)) {
        // Tried again next round from the same point; a connection that broke is reopened.
        m_failing = true;
        if (!m_db->ping()) {
            m_store.reset();
            m_db.reset();
        }
        return;
    }
    if (m_failing)
        qCInfo(lcRawFrames) << "raw frames stored again";
    m_failing = false;
    m_shippedSeq = reached;
    m_rowsWritten += frames.size();
    for (const RawFrame &f : frames) {
        if (!RawLog::isPooled(f))
            m_touched.insert(f.uniqueId);
    }
    if (m_sincePrune.isValid() && m_sincePrune.elapsed() >= m_options.pruneIntervalMs)
        prune();
}

void RawFrameShipper::prune()
{
    m_sincePrune.restart();
    if (!ensureOpen())
        return;
    const QStringList devices(m_touched.cbegin(), m_touched.cend());
    const qint64 deleted = m_store->prune(devices, m_options.limits);
    if (deleted < 0)
        return; // the devices stay touched: tried again next time
    m_touched.clear();
    m_rowsPruned += deleted;
    qCDebug(lcRawFrames) << "pruned" << deleted << "raw frame(s) of" << devices.size()
                         << "device(s)";
}

} // namespace fw
