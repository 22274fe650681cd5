#include "TcpSession.h"

#include "IngestServer.h"

#include <QDateTime>
#include <QHostAddress>

namespace fw {

namespace {
QString peerOf(const QTcpSocket *socket)
{
    bool isV4 = false;
    const quint32 v4 = socket->peerAddress().toIPv4Address(&isV4);
    const QString host = isV4 ? QHostAddress(v4).toString() : socket->peerAddress().toString();
    return host + QLatin1Char(':') + QString::number(socket->peerPort());
}
constexpr qint64 kReadChunk = qint64(64) * 1024;
constexpr qsizetype kKeptCapacity = 2048; // an emptied buffer up to this size is kept
} // namespace

TcpSession::TcpSession(
    QTcpSocket *socket, const ProtocolDecoder *decoder, int listenerIndex, IngestServer *server)
    : QObject(server)
    , m_socket(socket)
    , m_decoder(decoder)
    , m_server(server)
    , m_listenerIndex(listenerIndex)
{
    m_socket->setParent(this);
    // Keep Qt's own buffer small so a paused session makes TCP push back on the device.
    m_socket->setReadBufferSize(kReadChunk);
    m_peer = peerOf(m_socket);
    m_localPort = m_socket->localPort();
    m_context.peer = m_peer;
    m_context.transport = decoder->info().http ? Transport::Http : Transport::Tcp;
    m_lastActivity = m_server->now();
    connect(m_socket, &QTcpSocket::readyRead, this, &TcpSession::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &TcpSession::onDisconnected);
    connect(m_socket, &QAbstractSocket::errorOccurred, this,
        [this](QAbstractSocket::SocketError error) {
            if (error != QAbstractSocket::RemoteHostClosedError && !m_closing)
                m_end = ConnectionEnd::ClosedByDevice; // reset by peer and the like
        });
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
}

TcpSession::~TcpSession()
{
    m_server->sessionClosed(this, m_end);
}

void TcpSession::send(const QByteArray &bytes)
{
    if (!bytes.isEmpty() && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->write(bytes);
}

void TcpSession::flushReplies()
{
    if (m_outgoing.isEmpty())
        return;
    if (m_socket->state() == QAbstractSocket::ConnectedState) {
        m_socket->write(m_outgoing.constData(), m_outgoing.size()); // copies: capacity stays ours
        // Now, not when the write notifier fires on the next turn of the loop: the device waits
        // for this acknowledgement, and on the epoll dispatcher switching the notifier on and off
        // again within one turn costs no system call.
        m_socket->flush();
    }
    m_outgoing.resize(0);
}

void TcpSession::closeAfterWrite()
{
    m_closing = true;
    m_end = ConnectionEnd::ClosedByServer;
    m_socket->disconnectFromHost();
}

void TcpSession::close(ConnectionEnd reason)
{
    if (m_closing && m_socket->state() == QAbstractSocket::UnconnectedState)
        return;
    m_closing = true;
    m_end = reason;
    m_socket->abort();
    m_server->sessionClosed(this, m_end);
    deleteLater();
}

void TcpSession::resume()
{
    if (!m_paused)
        return;
    m_paused = false;
    processBuffer();
    if (!m_paused && m_socket->bytesAvailable() > 0)
        onReadyRead();
}

void TcpSession::onReadyRead()
{
    m_lastActivity = m_server->now();
    if (m_paused || m_closing)
        return;
    const qsizetype limit = m_server->config().maxBacklogBytes + m_decoder->info().maxFrameSize;
    while (m_socket->bytesAvailable() > 0 && !m_paused && !m_closing) {
        const qsizetype room = limit - (m_buffer.size() - m_consumed);
        if (room <= 0)
            break;
        // Straight into the session's buffer: no chunk of its own per read.
        const qint64 want = std::min<qint64>({ room, kReadChunk, m_socket->bytesAvailable() });
        const qsizetype before = m_buffer.size();
        m_buffer.resize(before + want);
        const qint64 got = m_socket->read(m_buffer.data() + before, want);
        m_buffer.resize(before + std::max<qint64>(got, 0));
        if (got <= 0)
            break;
        processBuffer();
    }
}

void TcpSession::processBuffer()
{
    processFrames();
    m_server->endOfInput(); // what this run of frames gathered goes to the store
}

void TcpSession::processFrames()
{
    const qsizetype maxFrame = m_decoder->info().maxFrameSize;
    while (m_consumed < m_buffer.size() && !m_paused && !m_closing) {
        const QByteArrayView rest = QByteArrayView(m_buffer).sliced(m_consumed);
        const FrameCut cut = m_decoder->cutFrame(rest);
        if (cut.kind == FrameCut::NeedMore) {
            if (rest.size() > maxFrame) {
                m_server->logRefused(this, rest,
                    QStringLiteral("%1: no frame within %2 bytes; connection "
                                   "closed")
                        .arg(m_decoder->info().name)
                        .arg(maxFrame));
                close(ConnectionEnd::ClosedByServer);
                return;
            }
            break;
        }
        const qsizetype len = std::clamp<qsizetype>(cut.length, 1, rest.size());
        if (cut.kind == FrameCut::Skip) {
            m_consumed += len;
            continue;
        }
        if (cut.kind == FrameCut::Garbage) {
            m_server->logRefused(this, rest.first(len),
                QStringLiteral("%1: %2 byte(s) do not start a frame; skipped")
                    .arg(m_decoder->info().name)
                    .arg(len));
            m_consumed += len;
            continue;
        }
        if (!m_server->handleFrame(this, rest.first(len))) {
            m_paused = true; // the store is full: keep the frame, try again on resume
            break;
        }
        m_consumed += len;
    }
    // Compact now and then so the buffer does not grow by what was already processed.
    if (m_consumed > 0 && m_consumed == m_buffer.size()) {
        // Everything was processed: a small buffer keeps its memory for the next frame (one
        // allocation less per frame), a big one gives it back (idle connections stay small).
        if (m_buffer.capacity() > kKeptCapacity)
            m_buffer.clear();
        else
            m_buffer.resize(0);
        m_consumed = 0;
    } else if (m_consumed > kReadChunk) {
        m_buffer.remove(0, m_consumed);
        m_consumed = 0;
    }
}

void TcpSession::onDisconnected()
{
    if (!m_closing)
        m_end = ConnectionEnd::ClosedByDevice;
    // Whatever complete frames are still buffered were sent before the FIN: process them.
    if (!m_paused && m_socket->bytesAvailable() > 0) {
        m_buffer.append(m_socket->readAll());
        processBuffer();
    }
    m_server->sessionClosed(this, m_end);
    deleteLater();
}

} // namespace fw
