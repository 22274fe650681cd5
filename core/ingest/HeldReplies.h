#pragma once
// HeldReplies: data acknowledgements waiting for their commit. Ingest gathers the frames of a
// read burst into one store submission (one ticket); this keeps one entry per submission with
// its replies in arrival order and its position count, so a commit releases a whole run of
// replies at once instead of looking up one entry per frame.

#include <QByteArray>
#include <QPointer>
#include <QString>

#include <deque>
#include <functional>
#include <vector>

namespace fw {

class TcpSession;

class HeldReplies
{
public:
    struct Reply
    {
        QPointer<TcpSession> session; // TCP; null when it closed meanwhile (or for UDP)
        int udpListener = -1; // UDP: the listener to answer through
        QString udpPeer;
        bool closeAfter = false;
        qsizetype offset = 0; // its bytes in the submission's buffer
        qsizetype length = 0;
    };

    // A frame of the submission being gathered, with the positions it carries.
    void addFrame(int positions);
    // Its acknowledgement `bytes`, sent when the submission is committed. The bytes are copied
    // into one buffer per submission, so holding a reply allocates nothing per frame.
    void hold(Reply reply, QByteArrayView bytes);
    bool hasOpen() const { return m_open.frames > 0; }
    // The submission being gathered goes to the store under `ticket`.
    void close(quint64 ticket);
    // The store refused `ticket`: its replies are never sent.
    void drop(quint64 ticket);
    using SendUdp = std::function<void(int listener, const QString &peer, QByteArrayView)>;
    // `ticket` is committed: its replies are released in order, TCP ones queued on their
    // connection (see writeQueued()), UDP ones handed to sendUdp. Returns its positions, or -1
    // for a ticket that is not ours.
    qint64 commit(quint64 ticket, const SendUdp &sendUdp);
    // Writes what commit() queued: one write per connection, however many frames it covered.
    void writeQueued();
    quint64 pendingFrames() const { return m_pendingFrames + quint64(m_open.frames); }

private:
    struct Submission
    {
        quint64 ticket = 0;
        qint64 positions = 0;
        qsizetype frames = 0;
        std::vector<Reply> replies;
        QByteArray bytes; // the replies' bytes, one after the other
    };
    std::deque<Submission>::iterator find(quint64 ticket);

    Submission m_open;
    std::deque<Submission> m_submitted; // in ticket order; commits come in that order too
    quint64 m_pendingFrames = 0; // of m_submitted
    std::size_t m_lastReplies = 0; // replies of the last submission, to size the next one
    qsizetype m_lastBytes = 0; // and their bytes
    QList<QPointer<TcpSession>> m_toWrite; // connections with queued replies
};

} // namespace fw
