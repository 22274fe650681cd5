#include "AprsIsClient.h"
#include "IngestTr.h"

#include "protocols/AprsDecoder.h"

#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcAprsIs, "fleetwatch.ingest.aprsis", QtInfoMsg)

namespace fw {

namespace {
constexpr int kMaxDelayMs = 60'000;
constexpr quint16 kDefaultPort = 14580;
} // namespace

AprsIsClient::AprsIsClient(QObject *parent)
    : QObject(parent)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &AprsIsClient::connectNow);
}

AprsIsClient::~AprsIsClient()
{
    stop();
}

QByteArray AprsIsClient::loginLine(const QString &callsign, const QString &filter)
{
    const QByteArray call = callsign.toUpper().toLatin1();
    // Receive-only logins (no callsign, or N0CALL) send passcode -1.
    const int passcode = callsign.isEmpty() || call == "N0CALL" ? -1 : AprsDecoder::passcode(call);
    QByteArray login = "user " + call + " pass " + QByteArray::number(passcode)
        + " vers FleetWatch " + QByteArray(FW_VERSION);
    if (!filter.isEmpty())
        login += " filter " + filter.toLatin1();
    return login + "\r\n";
}

void AprsIsClient::start(
    const QString &server, const QString &callsign, const QString &filter, int retryMs)
{
    stop();
    m_server = server;
    m_callsign = callsign;
    m_filter = filter;
    m_retryMs = std::max(1, retryMs);
    m_delayMs = m_retryMs;
    m_active = true;
    connectNow();
}

void AprsIsClient::stop()
{
    ++m_generation; // handlers of the old connection now do nothing
    m_active = false;
    m_retry.stop();
    delete m_connecting; // still connecting: nobody else holds it
}

void AprsIsClient::connectNow()
{
    if (!m_active)
        return;
    const qsizetype colon = m_server.lastIndexOf(QLatin1Char(':'));
    const QString host = colon > 0 ? m_server.left(colon) : m_server;
    const quint16 port = colon > 0 ? m_server.mid(colon + 1).toUShort() : kDefaultPort;
    auto *socket = new QTcpSocket(this);
    m_connecting = socket;
    const quint64 generation = m_generation;
    connect(socket, &QTcpSocket::connected, this, [this, socket, generation] {
        if (generation != m_generation) {
            socket->abort();
            socket->deleteLater();
            return;
        }
        socket->write(loginLine(m_callsign, m_filter));
        m_delayMs = m_retryMs;
        m_connecting = nullptr;
        socket->disconnect(this);
        socket->setParent(nullptr); // the receiver adopts it
        qCInfo(lcAprsIs).noquote() << "APRS-IS feed connected to" << m_server;
        emit loggedIn(socket, generation);
    });
    connect(socket, &QAbstractSocket::errorOccurred, this, [this, socket, generation] {
        if (socket->state() == QAbstractSocket::ConnectedState)
            return; // a live session handles its own end
        socket->deleteLater();
        if (generation == m_generation)
            scheduleReconnect(socket->errorString());
    });
    socket->connectToHost(host, port);
}

void AprsIsClient::connectionEnded(quint64 generation)
{
    if (generation == m_generation && m_active)
        scheduleReconnect(IngestTr::tr("connection to the APRS-IS server closed"));
}

void AprsIsClient::scheduleReconnect(const QString &why)
{
    m_connecting = nullptr;
    qCWarning(lcAprsIs).noquote() << "APRS-IS feed:" << why << "- retrying in" << m_delayMs << "ms";
    emit down(why, m_delayMs);
    m_retry.start(m_delayMs);
    m_delayMs = std::min(m_delayMs * 2, kMaxDelayMs);
}

} // namespace fw
