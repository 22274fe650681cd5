#pragma once
// The two steps every protocol test repeats: decode one whole frame at a given time (on a fresh
// context, or on the caller's to follow a connection's state), and pick the messages that carry
// a location.

#include "protocols/ProtocolDecoder.h"

#include <QByteArray>
#include <QList>

namespace fw::test {

inline DecodeResult decodeFrame(const ProtocolDecoder &decoder, const QByteArray &frame,
    TimeMs now, DecodeContext *context = nullptr)
{
    DecodeContext local;
    DecodeContext &ctx = context ? *context : local;
    ctx.now = now;
    DecodeResult out;
    decoder.decode(frame, ctx, out);
    return out;
}

inline QList<const DecodedMessage *> located(const DecodeResult &r)
{
    QList<const DecodedMessage *> list;
    for (const DecodedMessage &m : r.messages) {
        if (m.hasLocation)
            list << &m;
    }
    return list;
}

} // namespace fw::test
