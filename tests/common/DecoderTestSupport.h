#pragma once
// The steps every protocol test repeats: decode one whole frame at a given time (on a fresh
// context, or on the caller's to follow a connection's state), pick the messages that carry a
// location, and the places a simulator round trip is tried at.

#include "protocols/ProtocolDecoder.h"

#include <QByteArray>
#include <QList>
#include <QTest>

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

// The rows of an encoder -> decoder round trip: columns lat, lon and valid; both hemispheres
// with a fix, and a report without one near the antimeridian.
inline void addRoundTripRows()
{
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<bool>("valid");
    QTest::newRow("north-east") << 52.520008 << 13.404954 << true;
    QTest::newRow("south-west") << -34.603722 << -58.381592 << true;
    QTest::newRow("no fix") << 0.5 << 179.99 << false;
}

} // namespace fw::test
