#pragma once
// IngestServer: the network side of a node. One TCP listener per enabled protocol (plus UDP where
// the protocol has it, and HTTP for OsmAnd through the same framing path), sessions per
// connection, the decode -> identify -> apply -> store pipeline for every frame, the raw frame
// log, and data acknowledgements released only after the store has committed. Lives on the
// ingest thread; bind errors are reported per port and never stop the other ports.

#include "HeldReplies.h"
#include "IngestConfig.h"
#include "RawLog.h"
#include "UnknownDevices.h"
#include "fleet/DeviceSnapshot.h"
#include "fleet/FleetState.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <memory>
#include <vector>

class QTcpServer;
class QTcpSocket;
class QUdpSocket;

namespace fw {

class Clock;
class AprsIsClient;
class DeviceDirectory;
class EventBacklog;
class ProtocolRegistry;
class StoreSink;
class TcpSession;

class IngestServer : public QObject
{
    Q_OBJECT
public:
    IngestServer(const ProtocolRegistry *registry, FleetState *fleet, RawLog *rawLog,
        StoreSink *sink, Clock *clock, QObject *parent = nullptr);
    ~IngestServer() override;

    // Optional: where --register-unknown registers new devices (else only in memory).
    void setDeviceDirectory(DeviceDirectory *directory) { m_directory = directory; }

    // Binds every configured port; returns how many listeners are up. Errors are in listeners().
    int start(const IngestConfig &config);
    // Applies a changed configuration without disturbing what did not change: only listeners
    // whose port or enabled state changed (or that failed to bind) are re-opened, open
    // connections and their held acknowledgements are kept, a disabled protocol stops
    // accepting while its open connections finish. Returns how many listeners are up.
    int reconfigure(const IngestConfig &config);
    // Stops accepting and closes every connection (pending acknowledgements are dropped: the
    // devices will resend what they did not get acknowledged).
    void stop();

    IngestStats stats() const
    {
        // Live counts, so a final stats line after stop() is not a stale snapshot.
        IngestStats s = m_stats;
        s.connections = static_cast<quint64>(m_sessions.size());
        s.pendingWrites = m_held.pendingFrames();
        fillEventStats(s);
        return s;
    }
    QList<ListenerState> listeners() const;
    QList<UnknownDeviceSighting> unknownDevices() const { return m_unknown.sightings(); }
    // Frames taken whose commit has not been reported yet.
    quint64 pendingAcknowledgements() const { return m_held.pendingFrames(); }
    // Last byte received on any port (kNoTime when none yet).
    TimeMs lastByteAt() const;
    const RawLog *rawLog() const { return m_rawLog; }

    // Writes a command to the live TCP connection of `uniqueId` and logs it in the raw log as an
    // outgoing frame. False when the device has no open connection here.
    bool sendCommand(const QString &uniqueId, const QByteArray &bytes);
    bool hasLiveSession(const QString &uniqueId) const { return m_sessionById.contains(uniqueId); }
    // Status changes and other history nobody waits for: stored when the writer has room,
    // kept (bounded, counted in stats) while it has none.
    void storeEvents(const QList<fw::DeviceEvent> &events);

    // --- used by TcpSession ---
    // Handles one frame. Returns false when the store is full: the caller keeps the frame and
    // pauses until resume.
    bool handleFrame(TcpSession *session, QByteArrayView frame);
    // The end of a run of frames (one read from a connection): what was gathered goes to the
    // store as one submission.
    void endOfInput() { submitGathered(); }
    void logRefused(TcpSession *session, QByteArrayView bytes, const QString &why);
    void sessionClosed(TcpSession *session, ConnectionEnd end);
    const IngestConfig &config() const { return m_config; }
    TimeMs now() const;

signals:
    void unknownDevice(const fw::UnknownDeviceSighting &sighting);
    void commandSent(const QString &uniqueId, const QByteArray &bytes);
    void statsUpdated(const fw::IngestStats &stats);

private:
    struct Listener
    {
        const ProtocolDecoder *decoder = nullptr;
        ListenerState state;
        QTcpServer *tcp = nullptr;
        QUdpSocket *udp = nullptr;
        QHash<QString, DecodeContext> udpContexts; // per peer, bounded
        bool retired = false; // disabled by reconfigure(); kept so open sessions' index holds
    };
    enum class FrameResult { Done, StoreFull };

    FrameResult processFrame(int listenerIndex, Transport transport, const QString &peer,
        DecodeContext &ctx, QByteArrayView frame, TcpSession *session, const QString &udpPeer);
    QList<ListenerConfig> wantedListeners(const IngestConfig &config) const;
    int addListener(const ListenerConfig &config); // returns its index
    bool bindListener(int index);
    void unbindListener(Listener &listener);
    int countListening() const;
    void startAprsIsFeed();
    void stopAprsIsFeed();
    void onNewConnection(int listenerIndex);
    void onUdpReadyRead(int listenerIndex);
    void submitGathered();
    void onCommitted(const QList<quint64> &tickets);
    void onHealthChanged(bool healthy, const QString &error);
    void resumePaused();
    void sweepIdle();
    void publishStats();
    RawFrame rawFrameOf(const Listener &l, Transport transport, const QString &peer,
        QByteArrayView bytes, TimeMs time) const;
    void logUndecoded(Listener &l, RawFrame raw, const QString &why);
    void fillEventStats(IngestStats &stats) const;
    void sendUdp(int listenerIndex, const QString &peer, QByteArrayView bytes);
    void adoptAprsIsSocket(QTcpSocket *socket, quint64 generation);

    const ProtocolRegistry *m_registry;
    FleetState *m_fleet;
    RawLog *m_rawLog;
    StoreSink *m_sink;
    EventBacklog *m_events;
    Clock *m_clock;
    DeviceDirectory *m_directory = nullptr;
    IngestConfig m_config;
    std::vector<std::unique_ptr<Listener>> m_listeners;
    QSet<TcpSession *> m_sessions;
    QSet<TcpSession *> m_paused;
    QHash<QString, TcpSession *> m_sessionById; // live connections that told us their id
    QHash<TcpSession *, QString> m_idBySession;
    StoreRequest m_gathered; // frames taken since the last submission
    HeldReplies m_held;
    UnknownDevices m_unknown;
    quint64 m_nextTicket = 1;
    IngestStats m_stats;
    DecodeResult m_result; // reused between frames
    int m_aprsIsListener = -1; // index of the outbound APRS-IS feed in m_listeners
    AprsIsClient *m_aprsIs; // the outbound APRS-IS connection (child)
    QTimer m_sweepTimer;
    QTimer m_statsTimer;
};

} // namespace fw
