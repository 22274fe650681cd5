#pragma once
// SimulatorReplyReader: the server's replies as a simulated device reads them. Per protocol it
// cuts complete replies off the received bytes and says what they acknowledge, knowing nothing
// of the simulator's queues; DeviceSimulator applies the events to the frames it has in flight.

#include <QByteArray>
#include <QList>

namespace fw {

// How the server of a protocol acknowledges what a device sends.
enum class AckModel : quint8 {
    None, // nothing to wait for
    Gt06, // replies name the frame: type + serial
    Jt808, // general and registration replies name the frame: message id + serial
    Teltonika, // in order: the IMEI accepted or refused, then a record count per packet
    TeltonikaUdp, // one acknowledgement datagram per packet id
    OsmAnd, // in order: one HTTP response per request
};

// What one reply says.
struct SimulatorReply
{
    enum class Kind : quint8 {
        ByTag, // answers the frame in flight sent with `tag`; those before it went unanswered
        InOrder, // answers the oldest frame in flight
        Login, // Teltonika: answers the IMEI, the oldest frame in flight
    };
    enum class Outcome : quint8 {
        Accepted,
        Rejected, // a negative acknowledgement (count 0, HTTP 4xx); Login: the IMEI refused
        Retry, // InOrder only: neither (HTTP 5xx, say): send the fix again after reconnecting
    };

    Kind kind = Kind::InOrder;
    Outcome outcome = Outcome::Accepted;
    quint32 tag = 0; // ByTag

    bool operator==(const SimulatorReply &o) const = default;
};

class SimulatorReplyReader
{
public:
    // The tags of a Teltonika TCP device's frames in flight: the IMEI, then every data packet.
    static constexpr quint32 kTeltonikaLoginTag = 1;
    static constexpr quint32 kTeltonikaDataTag = 2;

    explicit SimulatorReplyReader(AckModel model);

    AckModel model() const { return m_model; }

    // Takes every complete reply off the front of `received` (TeltonikaUdp: one datagram, taken
    // whole; None: everything) and says what they answer, oldest first. Teltonika needs the
    // number of frames in flight (`inFlight`, the oldest the IMEI when `loginFirst`): bytes
    // beyond their replies are dropped (commands are not simulated), and reading stops at a
    // refused IMEI.
    QList<SimulatorReply> read(
        QByteArray &received, qsizetype inFlight = 0, bool loginFirst = false) const;

    // The tag a reply to `frame` will name, kept with the frame in flight: the GT06 type and
    // `serial`, `jt808Type` and `serial`, the Teltonika data tag, the UDP `packetId`; 0 when
    // replies come in order or not at all.
    quint32 tagFor(
        const QByteArray &frame, quint16 jt808Type, quint16 serial, quint16 packetId) const;

private:
    AckModel m_model;
};

} // namespace fw
