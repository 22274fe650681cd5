#include "RawLog.h"
#include "IngestTr.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>
#include <cstring>

namespace fw {

namespace {
constexpr const char *kOutcomeIds[]
    = { "decoded", "unknown-device", "undecoded", "dropped-blocked" };
constexpr qsizetype kSpareMinimum = 64; // a fresh bytes buffer holds at least this much
constexpr qsizetype kSpareMaximum = 8192; // a bigger evicted buffer is freed, not kept
qsizetype frameCost(const RawFrame &f)
{
    // A summary not yet written as text is counted at the size such a line usually has.
    const qsizetype detail = f.summary.present && f.detail.isNull() ? 64 : f.detail.size();
    return f.bytes.size() + f.reply.size() + (detail + f.peer.size()) * 2 + 128;
}
} // namespace

QString frameOutcomeId(FrameOutcome o)
{
    return QString::fromLatin1(kOutcomeIds[static_cast<int>(o)]);
}

bool frameOutcomeFromId(QStringView id, FrameOutcome *out)
{
    for (int i = 0; i < 4; ++i) {
        if (id == QLatin1String(kOutcomeIds[i])) {
            *out = static_cast<FrameOutcome>(i);
            return true;
        }
    }
    return false;
}

QString frameOutcomeTitle(FrameOutcome o)
{
    switch (o) {
    case FrameOutcome::Decoded:
        return IngestTr::tr("decoded");
    case FrameOutcome::UnknownDevice:
        return IngestTr::tr("unknown device");
    case FrameOutcome::Undecoded:
        return IngestTr::tr("not decoded");
    case FrameOutcome::DroppedBlocked:
        return IngestTr::tr("dropped: blocked");
    }
    return {};
}

bool RawLogFilter::matches(const RawFrame &f) const
{
    if (f.seq <= afterSeq)
        return false;
    if (!uniqueId.isEmpty() && f.uniqueId != uniqueId)
        return false;
    if (localPort != 0 && f.localPort != localPort)
        return false;
    if (outcome && f.outcome != *outcome)
        return false;
    if (!peerAddress.isEmpty()) {
        const qsizetype colon = f.peer.lastIndexOf(QLatin1Char(':'));
        if (QStringView(f.peer).left(colon < 0 ? f.peer.size() : colon) != peerAddress)
            return false;
    }
    return true;
}

RawLog::RawLog(qsizetype maxFrames, qsizetype maxBytes)
    : m_maxFrames(static_cast<std::size_t>(std::max<qsizetype>(1, maxFrames)))
    , m_maxBytes(std::max<qsizetype>(4096, maxBytes))
{ }

quint64 RawLog::append(RawFrame frame)
{
    QMutexLocker lock(&m_mutex);
    frame.seq = m_nextSeq++;
    ++m_totals[static_cast<std::size_t>(frame.outcome)];
    const qsizetype cost = frameCost(frame);
    // The oldest go first, by count and by bytes; the new frame always stays.
    while (m_count > 0 && (m_count + 1 > m_maxFrames || m_bytes + cost > m_maxBytes))
        evictOldest();
    if (m_count == m_ring.size()) {
        // Full below the frame limit: grow, the oldest frame first.
        std::rotate(m_ring.begin(), m_ring.begin() + static_cast<qsizetype>(m_head), m_ring.end());
        m_head = 0;
        m_ring.push_back(std::move(frame));
    } else {
        m_ring[(m_head + m_count) % m_ring.size()] = std::move(frame);
    }
    ++m_count;
    m_bytes += cost;
    return m_nextSeq - 1;
}

QByteArray RawLog::copyBytes(QByteArrayView bytes)
{
    return copyInto(&RawLog::m_spareBytes, bytes);
}

QByteArray RawLog::copyReply(QByteArrayView reply)
{
    return copyInto(&RawLog::m_spareReply, reply);
}

QByteArray RawLog::copyInto(QByteArray RawLog::*spare, QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return {};
    QByteArray buffer;
    {
        QMutexLocker lock(&m_mutex);
        buffer.swap(this->*spare);
    }
    if (buffer.isDetached() && buffer.capacity() >= bytes.size()) {
        buffer.resize(bytes.size());
        std::memcpy(buffer.data(), bytes.data(), size_t(bytes.size()));
        return buffer;
    }
    // Room for a somewhat longer frame of the same kind later.
    buffer = QByteArray();
    buffer.reserve(std::max<qsizetype>(bytes.size(), kSpareMinimum));
    buffer.append(bytes);
    return buffer;
}

void RawLog::evictOldest()
{
    RawFrame &oldest = m_ring[m_head];
    m_bytes -= frameCost(oldest);
    // A buffer of bounded size is kept for the next frame's bytes and one for its reply
    // (copyBytes(), copyReply()); anything
    // else of the frame goes now, not when the slot is reused.
    if (oldest.bytes.isDetached() && oldest.bytes.capacity() <= kSpareMaximum)
        m_spareBytes = std::move(oldest.bytes);
    if (oldest.reply.isDetached() && oldest.reply.capacity() <= kSpareMaximum)
        m_spareReply = std::move(oldest.reply);
    oldest = RawFrame();
    m_head = (m_head + 1) % m_ring.size();
    --m_count;
    ++m_evicted;
}

QList<RawFrame> RawLog::query(const RawLogFilter &filter, qsizetype limit) const
{
    QMutexLocker lock(&m_mutex);
    QList<RawFrame> out;
    for (std::size_t k = m_count; k > 0 && out.size() < limit; --k) {
        const RawFrame &f = at(k - 1);
        if (f.seq <= filter.afterSeq)
            break; // frames are in seq order
        if (filter.matches(f))
            out.append(f);
    }
    lock.unlock();
    std::reverse(out.begin(), out.end());
    // Someone is looking: now the summaries become text.
    for (RawFrame &f : out) {
        if (f.summary.present && f.detail.isNull())
            f.detail = f.summary.toText();
    }
    return out;
}

QList<RawFrame> RawLog::latestPerDevice(quint64 afterSeq, int perDevice, int others,
    qsizetype maxFrames, quint64 *reached) const
{
    QList<RawFrame> out;
    QHash<QString, int> taken;
    int pooled = 0;
    {
        QMutexLocker lock(&m_mutex);
        if (reached)
            *reached = m_nextSeq - 1;
        for (std::size_t k = m_count; k > 0 && out.size() < maxFrames; --k) {
            const RawFrame &f = at(k - 1);
            if (f.seq <= afterSeq)
                break; // frames are in seq order
            if (isPooled(f)) {
                if (pooled < others) {
                    ++pooled;
                    out.append(f);
                }
                continue;
            }
            int &n = taken[f.uniqueId];
            if (n < perDevice) {
                ++n;
                out.append(f);
            }
        }
    }
    std::reverse(out.begin(), out.end());
    for (RawFrame &f : out) {
        if (f.summary.present && f.detail.isNull())
            f.detail = f.summary.toText();
    }
    return out;
}

quint64 RawLog::lastSeq() const
{
    QMutexLocker lock(&m_mutex);
    return m_nextSeq - 1;
}

quint64 RawLog::total(FrameOutcome outcome) const
{
    QMutexLocker lock(&m_mutex);
    return m_totals[static_cast<std::size_t>(outcome)];
}

qsizetype RawLog::size() const
{
    QMutexLocker lock(&m_mutex);
    return static_cast<qsizetype>(m_count);
}

qsizetype RawLog::bytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_bytes;
}

quint64 RawLog::evicted() const
{
    QMutexLocker lock(&m_mutex);
    return m_evicted;
}

} // namespace fw
