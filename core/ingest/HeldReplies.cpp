#include "HeldReplies.h"

#include "TcpSession.h"

namespace fw {

void HeldReplies::addFrame(int positions)
{
    ++m_open.frames;
    m_open.positions += positions;
}

void HeldReplies::hold(Reply reply, QByteArrayView bytes)
{
    if (m_open.replies.empty()) {
        m_open.replies.reserve(m_lastReplies);
        m_open.bytes.reserve(m_lastBytes);
    }
    reply.offset = m_open.bytes.size();
    reply.length = bytes.size();
    m_open.bytes.append(bytes);
    m_open.replies.push_back(std::move(reply));
}

void HeldReplies::close(quint64 ticket)
{
    m_open.ticket = ticket;
    m_pendingFrames += quint64(m_open.frames);
    m_lastReplies = m_open.replies.size();
    m_lastBytes = m_open.bytes.size();
    m_submitted.push_back(std::move(m_open));
    m_open = Submission();
}

void HeldReplies::drop(quint64 ticket)
{
    const auto it = find(ticket);
    if (it == m_submitted.end())
        return;
    m_pendingFrames -= quint64(it->frames);
    m_submitted.erase(it);
}

qint64 HeldReplies::commit(quint64 ticket, const SendUdp &sendUdp)
{
    const auto it = find(ticket);
    if (it == m_submitted.end())
        return -1;
    const QByteArrayView all(it->bytes);
    for (Reply &r : it->replies) {
        if (r.length == 0 && !r.closeAfter)
            continue;
        const QByteArrayView bytes = all.sliced(r.offset, r.length);
        if (TcpSession *session = r.session) {
            if (!session->hasQueuedReplies())
                m_toWrite.append(r.session);
            session->queueReply(bytes);
            if (r.closeAfter) {
                session->flushReplies();
                session->closeAfterWrite();
            }
        } else if (r.udpListener >= 0) {
            sendUdp(r.udpListener, r.udpPeer, bytes);
        }
    }
    const qint64 positions = it->positions;
    m_pendingFrames -= quint64(it->frames);
    m_submitted.erase(it);
    return positions;
}

void HeldReplies::writeQueued()
{
    for (const QPointer<TcpSession> &session : std::as_const(m_toWrite)) {
        if (session)
            session->flushReplies();
    }
    m_toWrite.clear();
}

std::deque<HeldReplies::Submission>::iterator HeldReplies::find(quint64 ticket)
{
    // Commits arrive in submission order: the first entry is almost always the one.
    for (auto it = m_submitted.begin(); it != m_submitted.end(); ++it) {
        if (it->ticket == ticket)
            return it;
    }
    return m_submitted.end();
}

} // namespace fw
