#pragma once
// Feeds a byte stream to a decoder in chunks of a given size, the way a TCP connection delivers
// it, and decodes every frame it cuts. Shared by the protocol tests that check framing of split
// and coalesced segments; separators (FrameCut::Skip) are dropped, garbage is counted.

#include "protocols/ProtocolDecoder.h"

#include <QByteArray>
#include <QList>

namespace fw::test {

inline QList<DecodeResult> feedStream(const ProtocolDecoder &decoder, const QByteArray &bytes,
    int chunk, TimeMs now, int *garbageCuts = nullptr, qsizetype *garbageBytes = nullptr)
{
    QList<DecodeResult> results;
    DecodeContext ctx;
    ctx.now = now;
    QByteArray buffer;
    for (qsizetype at = 0; at < bytes.size(); at += chunk) {
        buffer += bytes.mid(at, chunk);
        for (;;) {
            const FrameCut cut = decoder.cutFrame(buffer);
            if (cut.kind == FrameCut::NeedMore)
                break;
            if (cut.kind == FrameCut::Garbage) {
                if (garbageCuts)
                    *garbageCuts += 1;
                if (garbageBytes)
                    *garbageBytes += cut.length;
            } else if (cut.kind == FrameCut::Frame) {
                DecodeResult r;
                decoder.decode(QByteArrayView(buffer).first(cut.length), ctx, r);
                results.append(r);
            }
            buffer.remove(0, cut.length);
        }
    }
    return results;
}

} // namespace fw::test
