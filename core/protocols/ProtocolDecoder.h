#pragma once
// ProtocolDecoder: the contract every tracker protocol implements. Plain classes over bytes with
// no sockets, so they are unit-tested, fuzzed and benchmarked directly, and the ingest layer
// treats every protocol the same way:
//
//   stream bytes --cutFrame--> one frame --decode--> messages + reply bytes
//
// Decoders are stateless and const; everything that lives across frames of one connection
// (the device id learnt from a login frame, sequence numbers) is in DecodeContext.
// Decoders never throw and never read outside the view they are given; bad input yields
// DecodeResult::error with a human-readable reason that names the protocol.

#include "domain/DeviceEvent.h"
#include "domain/Position.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace fw {

enum class Transport { Tcp, Udp, Http };
QString transportId(Transport t); // "tcp", "udp", "http"

enum class MessageType { Position, Heartbeat, Login, Status, Event, CommandResult };
QString messageTypeId(MessageType t); // "position", "heartbeat", ... (interfaces.md)

// One thing a frame said. `position` carries the time, attributes and, when hasLocation is true,
// the coordinates; for events (alarms) and status packets `text` holds a readable summary.
struct DecodedMessage
{
    MessageType type = MessageType::Position;
    bool hasLocation = false;
    Position position; // position.uniqueId is the device id (may be empty: use the context's)
    QString text;
};

struct DecodeResult
{
    QList<DecodedMessage> messages;
    QByteArray reply; // bytes the server sends back, if any
    // True when `reply` tells the device its data is safely stored (Teltonika record count,
    // HTTP 200 to OsmAnd, ...): the ingest layer holds it back until the data is committed.
    bool replyAcknowledgesData = false;
    bool closeConnection = false; // the protocol asks us to close (e.g. HTTP/1.0)
    QString error; // empty = the frame was understood (it may still hold no message)

    bool ok() const { return error.isEmpty(); }
    void clear()
    {
        messages.clear();
        // A reply buffer nobody else holds is kept, so a decoder that writes its answer in
        // place (Gt06Decoder::writeFrame) allocates nothing per frame.
        if (reply.isDetached())
            reply.resize(0);
        else
            reply = QByteArray();
        replyAcknowledgesData = false;
        closeConnection = false;
        error.clear();
    }
};

// Per-connection state a decoder may read and update.
struct DecodeContext
{
    Transport transport = Transport::Tcp;
    QString uniqueId; // device id learnt on this connection (login frame, IMEI packet, ...)
    // Another form of uniqueId the device may be registered under (JT/T 808: the phone number
    // without its leading zeros). Empty when there is none.
    QString alternativeId;
    TimeMs now = kNoTime; // server time of arrival; decoders use it to complete partial dates
    quint32 serial = 0; // protocol sequence number for replies, if the protocol has one
    int state = 0; // protocol-specific small state (e.g. APRS-IS logged in)
    QString peer; // remote address, for protocols that need it in replies
    // The device's model when known (Traccar's model names: "NT20", "VL103", "JC371", ...):
    // some vendors reuse a frame layout with model-specific fields. Set by the sample replayer
    // from a vector's modelOverride; the ingest layer does not fill it yet.
    QString model;
};

// How to cut the next frame from the start of a stream buffer.
struct FrameCut
{
    // Skip: separators between frames (e.g. a CRLF after a text frame), dropped silently;
    // Garbage: bytes that cannot start a frame, dropped and reported as undecoded.
    enum Kind { NeedMore, Frame, Garbage, Skip };
    Kind kind = NeedMore;
    qsizetype length = 0; // Frame: frame length; Garbage/Skip: bytes to discard before resyncing

    static FrameCut needMore() { return {}; }
    static FrameCut frame(qsizetype n) { return { Frame, n }; }
    static FrameCut garbage(qsizetype n) { return { Garbage, n }; }
    static FrameCut skip(qsizetype n) { return { Skip, n }; }
};

struct ProtocolInfo
{
    QString name; // stable id used on the command line ("gt06", "teltonika", ...)
    QString title; // human name ("GT06 / Concox")
    quint16 defaultPort = 0;
    bool tcp = true;
    bool udp = false;
    bool http = false; // the TCP port speaks HTTP
    bool textual = false; // frames are text (raw console shows text rather than hex)
    qsizetype maxFrameSize = 2048; // larger frames are refused as garbage
};

class ProtocolDecoder
{
public:
    virtual ~ProtocolDecoder() = default;

    virtual const ProtocolInfo &info() const = 0;

    // Stream framing (TCP). Must return NeedMore rather than guessing when the buffer ends
    // inside a frame, and Garbage (with a length >= 1) when the start cannot begin a frame.
    // UDP datagrams go through the same function; a datagram that is not exactly one frame is
    // handled by the caller.
    virtual FrameCut cutFrame(QByteArrayView stream) const = 0;

    // Decodes one frame cut by cutFrame. Appends to `out` (the caller clears it).
    virtual void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const = 0;
};

} // namespace fw
