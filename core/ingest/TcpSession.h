#pragma once
// TcpSession: one device connection. Owns the socket, the per-connection decode context and a
// bounded input buffer; cuts frames with the protocol's framing and hands each to the
// IngestServer. It pauses (and lets TCP push back on the device) while the store is full, and
// remembers who ended the connection: the device (FIN) or us (idle timeout, limits).

#include "domain/DeviceActivity.h"
#include "protocols/ProtocolDecoder.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>

namespace fw {

class IngestServer;
struct ListenerSlot;

class TcpSession : public QObject
{
    Q_OBJECT
public:
    TcpSession(QTcpSocket *socket, const ProtocolDecoder *decoder, int listenerIndex,
        IngestServer *server);
    ~TcpSession() override;

    DecodeContext &context() { return m_context; }
    const ProtocolDecoder *decoder() const { return m_decoder; }
    int listenerIndex() const { return m_listenerIndex; }
    const QString &peer() const { return m_peer; }
    quint16 localPort() const { return m_localPort; }
    TimeMs lastActivity() const { return m_lastActivity; }

    void send(const QByteArray &bytes);
    // Released acknowledgements are queued and written together by flushReplies() (one write
    // per commit instead of one per frame).
    void queueReply(QByteArrayView bytes) { m_outgoing.append(bytes); }
    bool hasQueuedReplies() const { return !m_outgoing.isEmpty(); }
    void flushReplies();
    void closeAfterWrite(); // e.g. HTTP with Connection: close
    void close(ConnectionEnd reason); // we end it
    void resume(); // the store has room again
    bool isPaused() const { return m_paused; }

private:
    void onReadyRead();
    void onDisconnected();
    void processBuffer(); // processFrames(), then the gathered frames go to the store
    void processFrames();

    QTcpSocket *m_socket;
    const ProtocolDecoder *m_decoder;
    IngestServer *m_server;
    int m_listenerIndex;
    DecodeContext m_context;
    QByteArray m_buffer;
    QByteArray m_outgoing; // queued replies (capacity kept between flushes)
    qsizetype m_consumed = 0; // bytes at the front of m_buffer already processed
    QString m_peer;
    quint16 m_localPort = 0;
    TimeMs m_lastActivity = kNoTime;
    bool m_paused = false;
    bool m_closing = false;
    ConnectionEnd m_end = ConnectionEnd::ClosedByDevice;
};

} // namespace fw
