#pragma once
// AprsIsClient: a node's outbound connection to an APRS-IS server. It connects, logs in with the
// callsign, passcode and filter, and hands the logged-in socket to the IngestServer, which reads
// it like any device connection. When the connection fails or ends it reconnects with a doubling
// back-off. Every start() and stop() begins a new generation, so the late signals of an earlier
// connection (a socket still connecting, a session closing after a restart) change nothing.

#include <QObject>
#include <QPointer>
#include <QTimer>

class QTcpSocket;

namespace fw {

class AprsIsClient : public QObject
{
    Q_OBJECT
public:
    explicit AprsIsClient(QObject *parent = nullptr);
    ~AprsIsClient() override;

    // `server` is "host:port" (port 14580 when missing); `retryMs` the first reconnect delay.
    void start(const QString &server, const QString &callsign, const QString &filter, int retryMs);
    void stop();
    quint64 generation() const { return m_generation; }

    // The line sent after connecting ("user CALL pass N vers FleetWatch X filter F").
    static QByteArray loginLine(const QString &callsign, const QString &filter);

public slots:
    // The session reading the socket of `generation` ended (ignored for an older generation).
    void connectionEnded(quint64 generation);

signals:
    // Logged in: `socket` (no parent any more) is the receiver's to read and to delete.
    void loggedIn(QTcpSocket *socket, quint64 generation);
    // Not connected now; another attempt follows in `retryInMs`.
    void down(const QString &why, int retryInMs);

private:
    void connectNow();
    void scheduleReconnect(const QString &why);

    QString m_server;
    QString m_callsign;
    QString m_filter;
    int m_retryMs = 5000;
    int m_delayMs = 0;
    quint64 m_generation = 0;
    bool m_active = false;
    QPointer<QTcpSocket> m_connecting;
    QTimer m_retry;
};

} // namespace fw
