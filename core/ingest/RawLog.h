#pragma once
// RawLog: a bounded ring of the most recent frames from every port (by count and by bytes), with
// per-outcome counters that never wrap. Written by the ingest thread, read by the raw console,
// the troubleshooter and diagnostics from any thread, so every method is thread-safe.

#include "RawFrame.h"

#include <QList>
#include <QMutex>
#include <array>
#include <optional>
#include <vector>

namespace fw {

struct RawLogFilter
{
    QString uniqueId; // empty = any
    quint16 localPort = 0; // 0 = any
    std::optional<FrameOutcome> outcome;
    QString peerAddress; // address without port; empty = any
    quint64 afterSeq = 0; // only frames with seq > afterSeq

    bool matches(const RawFrame &f) const;
};

class RawLog
{
public:
    explicit RawLog(qsizetype maxFrames = 20000, qsizetype maxBytes = 16 * 1024 * 1024);

    quint64 append(RawFrame frame); // returns its seq
    // A copy of `bytes` for a frame's `bytes`, made in the buffer the last evicted frame left
    // behind when it is free and big enough: once the ring is full, logging a frame's bytes
    // allocates nothing (the ingest thread logs every frame).
    QByteArray copyBytes(QByteArrayView bytes);
    // The same for a frame's `reply`, in the reply buffer the last evicted frame left behind.
    QByteArray copyReply(QByteArrayView reply);
    // Newest `limit` matching frames, oldest first.
    QList<RawFrame> query(const RawLogFilter &filter, qsizetype limit = 1000) const;
    // For a copy kept elsewhere (the shared database's ring, RawFrameShipper): of the frames
    // after `afterSeq`, walked from the newest, at most `perDevice` of each device and at most
    // `others` of those that are no device's own (undecoded, unknown device, no id yet), and
    // `maxFrames` in all; oldest first. Only the chosen frames are copied, so the ingest thread
    // waits for a walk over the ring, never for copies of it. `*reached`: the newest seq seen.
    QList<RawFrame> latestPerDevice(quint64 afterSeq, int perDevice, int others,
        qsizetype maxFrames, quint64 *reached) const;
    // The frames latestPerDevice() counts in `others`.
    static bool isPooled(const RawFrame &f)
    {
        return f.uniqueId.isEmpty() || f.outcome == FrameOutcome::Undecoded
            || f.outcome == FrameOutcome::UnknownDevice;
    }
    quint64 lastSeq() const;
    quint64 total(FrameOutcome outcome) const;
    qsizetype size() const;
    qsizetype bytes() const;
    quint64 evicted() const;

private:
    void evictOldest(); // with m_mutex held
    const RawFrame &at(std::size_t i) const { return m_ring[(m_head + i) % m_ring.size()]; }

    mutable QMutex m_mutex;
    // A ring (grown up to m_maxFrames, then reused): no allocation per frame, as a deque of
    // frames this size would make.
    std::vector<RawFrame> m_ring;
    std::size_t m_head = 0; // the oldest frame
    std::size_t m_count = 0;
    std::size_t m_maxFrames;
    qsizetype m_maxBytes;
    qsizetype m_bytes = 0;
    quint64 m_nextSeq = 1;
    quint64 m_evicted = 0;
    QByteArray m_spareBytes; // the bytes buffer of the last evicted frame, for copyBytes()
    QByteArray m_spareReply; // and its reply buffer, for copyReply()
    QByteArray copyInto(QByteArray RawLog::*spare, QByteArrayView bytes);
    std::array<quint64, 4> m_totals {};
};

} // namespace fw
