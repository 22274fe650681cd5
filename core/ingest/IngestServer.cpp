#include "IngestServer.h"
#include "IngestTr.h"

#include "AprsIsClient.h"
#include "EventBacklog.h"
#include "FrameSummary.h"
#include "StoreSink.h"
#include "TcpSession.h"
#include "fleet/DeviceDirectory.h"
#include "protocols/ProtocolRegistry.h"
#include "util/Clock.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QNetworkDatagram>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUdpSocket>

Q_LOGGING_CATEGORY(lcIngest, "fleetwatch.ingest", QtInfoMsg)

namespace fw {

namespace {
constexpr qsizetype kMaxLoggedBytes = 4096; // raw log keeps at most this much of a frame
// Rows gathered before they go to the store without waiting for the end of the read (a read
// takes up to 64 KiB, over a thousand small frames): bounds a submission's size.
constexpr qsizetype kMaxGatheredRows = 1024;

QString peerString(const QHostAddress &address, quint16 port)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    const QString host = isV4 ? QHostAddress(v4).toString() : address.toString();
    return host + QLatin1Char(':') + QString::number(port);
}
} // namespace

IngestServer::IngestServer(const ProtocolRegistry *registry, FleetState *fleet, RawLog *rawLog,
    StoreSink *sink, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_fleet(fleet)
    , m_rawLog(rawLog)
    , m_sink(sink)
    , m_clock(clock)
{
    qRegisterMetaType<UnknownDeviceSighting>();
    qRegisterMetaType<IngestStats>();
    m_events = new EventBacklog(m_sink, EventBacklog::kDefaultCapacity, this);
    m_aprsIs = new AprsIsClient(this);
    connect(m_sink, &StoreSink::committed, this, &IngestServer::onCommitted);
    connect(m_sink, &StoreSink::healthChanged, this, &IngestServer::onHealthChanged);
    connect(m_sink, &StoreSink::drained, this, &IngestServer::resumePaused);
    m_sweepTimer.setInterval(5000);
    connect(&m_sweepTimer, &QTimer::timeout, this, &IngestServer::sweepIdle);
    connect(m_aprsIs, &AprsIsClient::loggedIn, this, &IngestServer::adoptAprsIsSocket);
    connect(m_aprsIs, &AprsIsClient::down, this, [this](const QString &why) {
        if (m_aprsIsListener < 0)
            return;
        Listener &l = *m_listeners[static_cast<std::size_t>(m_aprsIsListener)];
        l.state.listening = false;
        l.state.error = why;
    });
    m_statsTimer.setInterval(500);
    connect(&m_statsTimer, &QTimer::timeout, this, &IngestServer::publishStats);
}

IngestServer::~IngestServer()
{
    stop();
    // Closed sessions wait for deleteLater() and are still our children: delete them now, while
    // the members their destructor reports to (m_sessions, m_fleet) still exist.
    qDeleteAll(findChildren<TcpSession *>(Qt::FindDirectChildrenOnly));
}

TimeMs IngestServer::now() const
{
    return m_clock->now();
}

QList<ListenerConfig> IngestServer::wantedListeners(const IngestConfig &config) const
{
    QList<ListenerConfig> wanted = config.listeners;
    if (wanted.isEmpty()) {
        for (const auto &d : m_registry->decoders())
            wanted.append(ListenerConfig { d->info().name, d->info().defaultPort });
    }
    for (ListenerConfig &lc : wanted) {
        if (const ProtocolDecoder *decoder = m_registry->find(lc.protocol); decoder && !lc.port)
            lc.port = decoder->info().defaultPort;
    }
    return wanted;
}

int IngestServer::addListener(const ListenerConfig &lc)
{
    auto listener = std::make_unique<Listener>();
    listener->decoder = m_registry->find(lc.protocol);
    listener->state.protocol = lc.protocol;
    const int index = static_cast<int>(m_listeners.size());
    if (!listener->decoder) {
        listener->state.error = IngestTr::tr("unknown protocol");
        m_listeners.push_back(std::move(listener));
        return index;
    }
    const ProtocolInfo &info = listener->decoder->info();
    listener->state.port = lc.port ? lc.port : info.defaultPort;
    listener->state.transport = info.http ? Transport::Http : Transport::Tcp;
    m_listeners.push_back(std::move(listener));
    bindListener(index);
    return index;
}

bool IngestServer::bindListener(int index)
{
    Listener &l = *m_listeners[static_cast<std::size_t>(index)];
    const ProtocolInfo &info = l.decoder->info();
    QStringList errors;
    if (info.tcp) {
        l.tcp = new QTcpServer(this);
        l.tcp->setMaxPendingConnections(1024);
        // The default listen backlog (50) drops SYNs when thousands of devices reconnect at
        // once (after a restart or a network outage), delaying them by seconds.
        l.tcp->setListenBacklogSize(4096);
        if (l.tcp->listen(m_config.bind, l.state.port)) {
            l.state.port = l.tcp->serverPort();
            connect(
                l.tcp, &QTcpServer::newConnection, this, [this, index] { onNewConnection(index); });
        } else {
            errors << QStringLiteral("tcp: ") + l.tcp->errorString();
            delete l.tcp;
            l.tcp = nullptr;
        }
    }
    if (info.udp) {
        l.udp = new QUdpSocket(this);
        if (l.udp->bind(m_config.bind, l.state.port)) {
            l.udp->setReadBufferSize(qint64(4) * 1024 * 1024);
            connect(l.udp, &QUdpSocket::readyRead, this, [this, index] { onUdpReadyRead(index); });
        } else {
            errors << QStringLiteral("udp: ") + l.udp->errorString();
            delete l.udp;
            l.udp = nullptr;
        }
    }
    l.state.listening = l.tcp || l.udp;
    l.state.error = errors.join(QStringLiteral("; "));
    if (!l.state.error.isEmpty())
        qCWarning(lcIngest).noquote()
            << "port" << l.state.port << l.state.protocol << ":" << l.state.error;
    else
        qCInfo(lcIngest).noquote()
            << "listening for" << l.state.protocol << "on port" << l.state.port;
    return l.state.error.isEmpty();
}

void IngestServer::unbindListener(Listener &l)
{
    // Closing the listening sockets leaves accepted connections (and their held
    // acknowledgements) alone; UDP replies still owed go out through the new socket.
    delete l.tcp;
    l.tcp = nullptr;
    delete l.udp;
    l.udp = nullptr;
    l.state.listening = false;
}

void IngestServer::startAprsIsFeed()
{
    if (m_config.aprsIsServer.isEmpty() || !m_registry->find(u"aprs"))
        return;
    auto listener = std::make_unique<Listener>();
    listener->decoder = m_registry->find(u"aprs");
    listener->state.protocol = QStringLiteral("aprs-is");
    listener->state.outbound = true;
    listener->state.port = m_config.aprsIsServer.section(QLatin1Char(':'), -1).toUShort();
    listener->state.error = QStringLiteral("connecting to ") + m_config.aprsIsServer;
    m_aprsIsListener = static_cast<int>(m_listeners.size());
    m_listeners.push_back(std::move(listener));
    m_aprsIs->start(m_config.aprsIsServer, m_config.aprsIsCallsign, m_config.aprsIsFilter,
        m_config.aprsIsRetryMs);
}

int IngestServer::start(const IngestConfig &config)
{
    stop();
    m_config = config;
    for (const ListenerConfig &lc : wantedListeners(config))
        addListener(lc);
    startAprsIsFeed();
    m_sweepTimer.start();
    m_statsTimer.start();
    publishStats();
    return countListening();
}

int IngestServer::countListening() const
{
    return static_cast<int>(std::count_if(m_listeners.begin(), m_listeners.end(),
        [](const auto &l) { return !l->retired && !l->state.outbound && l->state.listening; }));
}

int IngestServer::reconfigure(const IngestConfig &config)
{
    if (m_listeners.empty() || config.bind != m_config.bind)
        return start(config);
    const IngestConfig previous = m_config;
    m_config = config; // limits and registration take effect for the next frame
    const QList<ListenerConfig> wanted = wantedListeners(config);
    QSet<int> kept;
    for (const ListenerConfig &lc : wanted) {
        int index = -1;
        for (std::size_t i = 0; i < m_listeners.size(); ++i) {
            const Listener &l = *m_listeners[i];
            if (!l.state.outbound && l.state.protocol == lc.protocol)
                index = static_cast<int>(i); // the newest entry for the protocol
        }
        if (index < 0) {
            kept.insert(addListener(lc));
            continue;
        }
        kept.insert(index);
        Listener &l = *m_listeners[static_cast<std::size_t>(index)];
        if (!l.decoder)
            continue;
        const bool healthy = !l.retired && l.state.listening && l.state.error.isEmpty();
        if (healthy && l.state.port == lc.port)
            continue; // unchanged: its connections and held acknowledgements stay as they are
        unbindListener(l);
        l.retired = false;
        l.state.port = lc.port;
        bindListener(index);
    }
    for (std::size_t i = 0; i < m_listeners.size(); ++i) {
        Listener &l = *m_listeners[i];
        if (!l.state.outbound && !l.retired && !kept.contains(static_cast<int>(i))) {
            // Disabled: accept no more; connections already open finish normally.
            unbindListener(l);
            l.retired = true;
            qCInfo(lcIngest).noquote() << "stopped listening for" << l.state.protocol;
        }
    }
    const bool feedChanged = previous.aprsIsServer != config.aprsIsServer
        || previous.aprsIsCallsign != config.aprsIsCallsign
        || previous.aprsIsFilter != config.aprsIsFilter;
    if (feedChanged) {
        stopAprsIsFeed();
        startAprsIsFeed();
    }
    publishStats();
    return countListening();
}

void IngestServer::stopAprsIsFeed()
{
    m_aprsIs->stop(); // a new generation: the old connection's late signals change nothing
    const int feed = m_aprsIsListener;
    m_aprsIsListener = -1;
    if (feed < 0)
        return;
    m_listeners[static_cast<std::size_t>(feed)]->retired = true;
    const QSet<TcpSession *> sessions = m_sessions;
    for (TcpSession *session : sessions) {
        if (session->listenerIndex() == feed)
            session->close(ConnectionEnd::ClosedByServer);
    }
}

void IngestServer::stop()
{
    stopAprsIsFeed();
    m_sweepTimer.stop();
    m_statsTimer.stop();
    for (auto &l : m_listeners) {
        if (l->tcp)
            l->tcp->close();
        if (l->udp)
            l->udp->close();
    }
    const QSet<TcpSession *> sessions = m_sessions;
    for (TcpSession *s : sessions)
        s->close(ConnectionEnd::ClosedByServer);
    for (auto &l : m_listeners) {
        delete l->tcp;
        delete l->udp;
    }
    m_listeners.clear();
}

QList<ListenerState> IngestServer::listeners() const
{
    QList<ListenerState> out;
    out.reserve(static_cast<qsizetype>(m_listeners.size()));
    for (const auto &l : m_listeners) {
        if (!l->retired)
            out.append(l->state);
    }
    return out;
}

TimeMs IngestServer::lastByteAt() const
{
    TimeMs last = kNoTime;
    for (const auto &l : m_listeners)
        last = std::max(last, l->state.lastByteAt);
    return last;
}

bool IngestServer::sendCommand(const QString &uniqueId, const QByteArray &bytes)
{
    TcpSession *session = m_sessionById.value(uniqueId);
    if (!session || !m_sessions.contains(session) || bytes.isEmpty())
        return false;
    session->send(bytes);
    const Listener &l = *m_listeners[static_cast<std::size_t>(session->listenerIndex())];
    RawFrame raw = rawFrameOf(l, l.state.transport, session->peer(), {}, m_clock->now());
    raw.uniqueId = uniqueId;
    raw.outcome = FrameOutcome::Decoded;
    raw.detail = QStringLiteral("command sent");
    raw.reply = bytes.first(std::min<qsizetype>(bytes.size(), kMaxLoggedBytes));
    m_rawLog->append(std::move(raw));
    qCInfo(lcIngest).noquote() << "command of" << bytes.size() << "byte(s) sent to" << uniqueId;
    emit commandSent(uniqueId, bytes);
    return true;
}

void IngestServer::adoptAprsIsSocket(QTcpSocket *socket, quint64 generation)
{
    if (m_aprsIsListener < 0 || generation != m_aprsIs->generation()) {
        socket->deleteLater();
        return;
    }
    Listener &l = *m_listeners[static_cast<std::size_t>(m_aprsIsListener)];
    l.state.listening = true;
    l.state.error.clear();
    auto *session = new TcpSession(socket, l.decoder, m_aprsIsListener, this);
    session->context().state = 1; // we are the logged-in client
    m_sessions.insert(session);
    m_stats.connections = static_cast<quint64>(m_sessions.size());
    AprsIsClient *client = m_aprsIs;
    connect(session, &QObject::destroyed, client,
        [client, generation] { client->connectionEnded(generation); });
}

void IngestServer::onNewConnection(int listenerIndex)
{
    Listener &l = *m_listeners[static_cast<std::size_t>(listenerIndex)];
    while (QTcpSocket *socket = l.tcp->nextPendingConnection()) {
        if (static_cast<int>(m_sessions.size()) >= m_config.maxConnections) {
            ++m_stats.refusedOversized;
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto *session = new TcpSession(socket, l.decoder, listenerIndex, this);
        m_sessions.insert(session);
        m_stats.connections = static_cast<quint64>(m_sessions.size());
        m_stats.connectionsPeak = std::max(m_stats.connectionsPeak, m_stats.connections);
    }
}

void IngestServer::sessionClosed(TcpSession *session, ConnectionEnd end)
{
    if (!m_sessions.remove(session))
        return;
    m_paused.remove(session);
    if (const auto it = m_idBySession.constFind(session); it != m_idBySession.cend()) {
        const auto byId = m_sessionById.constFind(it.value());
        if (byId != m_sessionById.cend() && byId.value() == session)
            m_sessionById.erase(byId);
        m_idBySession.erase(it);
    }
    m_stats.connections = static_cast<quint64>(m_sessions.size());
    const QString &id = session->context().uniqueId;
    if (!id.isEmpty() && m_fleet->access(id) != DeviceAccess::Unknown)
        m_fleet->connectionEnded(id, end);
}

bool IngestServer::handleFrame(TcpSession *session, QByteArrayView frame)
{
    const int index = session->listenerIndex();
    const Transport transport = m_listeners[static_cast<std::size_t>(index)]->state.transport;
    const FrameResult r
        = processFrame(index, transport, session->peer(), session->context(), frame, session, {});
    if (r == FrameResult::StoreFull) {
        submitGathered();
        m_paused.insert(session);
        return false;
    }
    return true;
}

RawFrame IngestServer::rawFrameOf(const Listener &l, Transport transport, const QString &peer,
    QByteArrayView bytes, TimeMs time) const
{
    RawFrame raw;
    raw.time = time;
    raw.localPort = l.state.port;
    raw.transport = transport;
    raw.protocol = l.state.protocol;
    raw.peer = peer;
    raw.bytes = m_rawLog->copyBytes(bytes.first(std::min<qsizetype>(bytes.size(), kMaxLoggedBytes)));
    raw.textual = l.decoder->info().textual;
    return raw;
}

void IngestServer::logUndecoded(Listener &l, RawFrame raw, const QString &why)
{
    raw.outcome = FrameOutcome::Undecoded;
    raw.detail = why;
    l.state.lastByteAt = raw.time;
    m_rawLog->append(std::move(raw));
    ++m_stats.undecoded;
    ++m_stats.frames;
    ++l.state.frames;
    ++l.state.undecoded;
}

void IngestServer::logRefused(TcpSession *session, QByteArrayView bytes, const QString &why)
{
    Listener &l = *m_listeners[static_cast<std::size_t>(session->listenerIndex())];
    RawFrame raw = rawFrameOf(l, l.state.transport, session->peer(), bytes, m_clock->now());
    raw.uniqueId = session->context().uniqueId;
    logUndecoded(l, std::move(raw), why);
}

IngestServer::FrameResult IngestServer::processFrame(int listenerIndex, Transport transport,
    const QString &peer, DecodeContext &ctx, QByteArrayView frame, TcpSession *session,
    const QString &udpPeer)
{
    Listener &l = *m_listeners[static_cast<std::size_t>(listenerIndex)];
    const TimeMs now = m_clock->now();
    // Back-pressure first, before anything of this frame is applied: a frame is either fully
    // taken (applied, queued for storage) or left for later.
    // Rows gathered for the next submission count as the store's (as one frame each did).
    const qsizetype gathered
        = m_held.hasOpen() ? m_gathered.positions.size() + m_gathered.events.size() + 1 : 0;
    if (!m_sink->hasRoomFor(gathered)) {
        submitGathered();
        return FrameResult::StoreFull;
    }

    ctx.now = now;
    ctx.transport = transport;
    ctx.peer = peer;
    m_result.clear();
    l.decoder->decode(frame, ctx, m_result);
    ++m_stats.frames;
    ++l.state.frames;
    l.state.lastByteAt = now;

    RawFrame raw = rawFrameOf(l, transport, peer, frame, now);

    const auto reply = [&](const QByteArray &bytes, bool closeAfter) {
        if (bytes.isEmpty() && !closeAfter)
            return;
        if (session) {
            session->send(bytes);
            if (closeAfter)
                session->closeAfterWrite();
        } else {
            sendUdp(listenerIndex, udpPeer, bytes);
        }
    };

    if (!m_result.ok()) {
        raw.outcome = FrameOutcome::Undecoded;
        raw.detail = m_result.error;
        raw.uniqueId = ctx.uniqueId;
        ++m_stats.undecoded;
        ++l.state.undecoded;
        m_rawLog->append(std::move(raw));
        return FrameResult::Done;
    }
    ++l.state.decoded;

    QString uniqueId = ctx.uniqueId;
    for (const DecodedMessage &m : std::as_const(m_result.messages)) {
        if (!m.position.uniqueId.isEmpty()) {
            uniqueId = m.position.uniqueId;
            break;
        }
    }
    if (!ctx.alternativeId.isEmpty() && uniqueId == ctx.uniqueId
        && m_fleet->access(uniqueId) == DeviceAccess::Unknown
        && m_fleet->access(ctx.alternativeId) != DeviceAccess::Unknown) {
        // The device is registered under the other form of its id (e.g. a JT/T 808 phone
        // number without its leading zeros): this connection speaks for that device.
        uniqueId = ctx.alternativeId;
        ctx.uniqueId = uniqueId;
        for (DecodedMessage &m : m_result.messages) {
            if (!m.position.uniqueId.isEmpty())
                m.position.uniqueId = uniqueId;
        }
    }
    raw.uniqueId = uniqueId;
    raw.summary = FrameSummary::of(m_result, uniqueId); // text only when someone looks
    if (session && !uniqueId.isEmpty() && m_idBySession.value(session) != uniqueId) {
        // This connection speaks for `uniqueId` now: commands for it go here.
        if (const auto old = m_idBySession.constFind(session);
            old != m_idBySession.cend() && m_sessionById.value(old.value()) == session)
            m_sessionById.remove(old.value());
        m_idBySession.insert(session, uniqueId);
        m_sessionById.insert(uniqueId, session);
    }

    const bool carriesData = std::any_of(
        m_result.messages.cbegin(), m_result.messages.cend(), [](const DecodedMessage &m) {
            return m.hasLocation || m.type == MessageType::Position || m.type == MessageType::Event
                || m.type == MessageType::Status;
        });
    if (uniqueId.isEmpty() && !carriesData) {
        // Connection-level traffic without a device (keep-alives, server comments): answered,
        // logged, not an unknown device.
        raw.outcome = FrameOutcome::Decoded;
        raw.reply = m_result.replyAcknowledgesData ? QByteArray() : m_result.reply;
        if (!m_result.replyAcknowledgesData)
            reply(m_result.reply, m_result.closeConnection);
        m_rawLog->append(std::move(raw));
        return FrameResult::Done;
    }
    if (uniqueId.isEmpty()) {
        // Decoded, but no id yet (e.g. data before the login frame): nobody to give it to.
        raw.outcome = FrameOutcome::UnknownDevice;
        raw.detail = QStringLiteral("no device id on this connection yet; ") + raw.summary.toText();
        raw.reply = m_result.replyAcknowledgesData ? QByteArray() : m_result.reply;
        if (!m_result.replyAcknowledgesData)
            reply(m_result.reply, m_result.closeConnection);
        ++m_stats.unknown;
        m_rawLog->append(std::move(raw));
        return FrameResult::Done;
    }

    DeviceAccess access = m_fleet->access(uniqueId);
    if (access == DeviceAccess::Unknown && m_config.registerUnknown
        && UnknownDevices::registerDevice(
            m_fleet, m_directory, uniqueId, l.state.protocol, peer, now))
        access = m_fleet->access(uniqueId);
    if (access == DeviceAccess::Unknown) {
        raw.outcome = FrameOutcome::UnknownDevice;
        ++m_stats.unknown;
        if (transport == Transport::Http) {
            // An HTTP client waits for an answer: tell it plainly it is not registered.
            raw.reply = QByteArrayLiteral("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
            reply(raw.reply, m_result.closeConnection);
        }
        if (const UnknownDeviceSighting *s
            = m_unknown.sighted(uniqueId, l.state.protocol, peer, l.state.port, now))
            emit unknownDevice(*s);
        m_rawLog->append(std::move(raw));
        return FrameResult::Done;
    }
    if (access == DeviceAccess::Blocked) {
        // Answered as usual so the device does not retry forever, then discarded.
        raw.outcome = FrameOutcome::DroppedBlocked;
        raw.reply = m_result.reply;
        reply(m_result.reply, m_result.closeConnection);
        ++m_stats.blockedDropped;
        m_rawLog->append(std::move(raw));
        return FrameResult::Done;
    }

    const FrameOrigin origin { l.state.protocol, peer, l.state.port };
    const qsizetype before = m_gathered.positions.size();
    m_fleet->applyMessages(uniqueId, m_result.messages, origin, m_gathered);
    m_unknown.forget(uniqueId);
    raw.outcome = FrameOutcome::Decoded;
    const int positions = static_cast<int>(m_gathered.positions.size() - before);
    m_stats.positions += static_cast<quint64>(positions);

    // The acknowledgement of stored data waits for the commit of the submission this frame
    // goes out in; any other reply goes now.
    raw.reply = m_rawLog->copyReply(m_result.reply); // leaves the decoder's buffer its own
    if (m_result.replyAcknowledgesData && positions > 0) {
        m_held.hold({ session, session ? -1 : listenerIndex, udpPeer, m_result.closeConnection },
            m_result.reply);
    } else {
        reply(m_result.reply, m_result.closeConnection);
    }
    m_held.addFrame(positions);
    m_rawLog->append(std::move(raw));
    if (m_gathered.positions.size() + m_gathered.events.size() >= kMaxGatheredRows)
        submitGathered();
    return FrameResult::Done;
}

void IngestServer::submitGathered()
{
    if (!m_held.hasOpen())
        return;
    const quint64 ticket = m_nextTicket++;
    m_held.close(ticket);
    m_fleet->completeActivities(m_gathered);
    if (!m_sink->submit(ticket, m_gathered)) {
        // Cannot happen after the room check with a single producer; never acknowledge.
        m_held.drop(ticket);
        qCCritical(lcIngest) << "store refused frames after reporting room; not acknowledged";
    }
    const qsizetype last = m_gathered.positions.size(); // sizes the next one
    m_gathered = StoreRequest();
    m_gathered.positions.reserve(last);
}

void IngestServer::onCommitted(const QList<quint64> &tickets)
{
    const auto sendUdpReply = [this](int listener, const QString &peer, QByteArrayView bytes) {
        sendUdp(listener, peer, bytes);
    };
    for (quint64 t : tickets) {
        const qint64 positions = m_held.commit(t, sendUdpReply);
        if (positions > 0)
            m_stats.stored += static_cast<quint64>(positions);
    }
    m_held.writeQueued();
    resumePaused();
}

void IngestServer::onHealthChanged(bool healthy, const QString &error)
{
    m_stats.databaseHealthy = healthy;
    m_stats.databaseError = error;
    if (healthy)
        qCInfo(lcIngest) << "store healthy again; acknowledgements resume";
    else
        qCCritical(lcIngest).noquote()
            << "store failing, acknowledgements held until it recovers:" << error;
    publishStats();
}

void IngestServer::resumePaused()
{
    if (m_paused.isEmpty())
        return;
    const QSet<TcpSession *> paused = std::exchange(m_paused, {});
    for (TcpSession *s : paused) {
        if (m_sessions.contains(s))
            s->resume();
    }
}

void IngestServer::onUdpReadyRead(int listenerIndex)
{
    Listener &l = *m_listeners[static_cast<std::size_t>(listenerIndex)];
    while (l.udp && l.udp->hasPendingDatagrams()) {
        const QNetworkDatagram datagram = l.udp->receiveDatagram(65536);
        if (!datagram.isValid())
            continue;
        const QString peer
            = peerString(datagram.senderAddress(), static_cast<quint16>(datagram.senderPort()));
        if (!l.udpContexts.contains(peer) && l.udpContexts.size() >= m_config.maxUdpPeers)
            l.udpContexts.erase(l.udpContexts.begin()); // bounded: forget an arbitrary peer
        DecodeContext &ctx = l.udpContexts[peer];
        const QByteArray data = datagram.data();
        QByteArrayView rest(data);
        while (!rest.isEmpty()) {
            FrameCut cut = l.decoder->cutFrame(rest);
            if (cut.kind == FrameCut::NeedMore)
                cut = FrameCut::frame(rest.size()); // a datagram is complete
            if (cut.kind == FrameCut::Garbage) {
                logUndecoded(l, rawFrameOf(l, Transport::Udp, peer, rest, m_clock->now()),
                    QStringLiteral("%1: datagram does not start a frame").arg(l.state.protocol));
                break;
            }
            const qsizetype len = std::clamp<qsizetype>(cut.length, 1, rest.size());
            if (cut.kind == FrameCut::Skip) {
                rest = rest.sliced(len);
                continue;
            }
            if (processFrame(
                    listenerIndex, Transport::Udp, peer, ctx, rest.first(len), nullptr, peer)
                == FrameResult::StoreFull) {
                ++m_stats.refusedOversized; // not acknowledged: the device resends it
                break;
            }
            rest = rest.sliced(len);
        }
    }
    submitGathered();
}

void IngestServer::sendUdp(int listenerIndex, const QString &peer, QByteArrayView bytes)
{
    if (bytes.isEmpty() || listenerIndex < 0
        || static_cast<std::size_t>(listenerIndex) >= m_listeners.size())
        return;
    Listener &l = *m_listeners[static_cast<std::size_t>(listenerIndex)];
    if (!l.udp)
        return;
    const qsizetype colon = peer.lastIndexOf(QLatin1Char(':'));
    l.udp->writeDatagram(bytes.data(), bytes.size(), QHostAddress(peer.left(colon)),
        peer.mid(colon + 1).toUShort());
}

void IngestServer::sweepIdle()
{
    const TimeMs limit = m_clock->now() - static_cast<TimeMs>(m_config.idleTimeoutSecs) * kSecond;
    const QSet<TcpSession *> sessions = m_sessions;
    for (TcpSession *s : sessions) {
        if (s->lastActivity() < limit)
            s->close(ConnectionEnd::TimedOut);
    }
}

void IngestServer::storeEvents(const QList<DeviceEvent> &events)
{
    m_events->store(events);
}

void IngestServer::fillEventStats(IngestStats &stats) const
{
    stats.eventsWaiting = static_cast<quint64>(m_events->pending());
    stats.eventsDropped = m_events->dropped();
}

void IngestServer::publishStats()
{
    m_stats.connections = static_cast<quint64>(m_sessions.size());
    m_stats.pendingWrites = m_held.pendingFrames();
    fillEventStats(m_stats);
    m_fleet->setStats(m_stats, listeners());
    emit statsUpdated(m_stats);
}

} // namespace fw
