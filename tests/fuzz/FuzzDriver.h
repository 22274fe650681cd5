#pragma once
// The one way every decoder is fuzzed: the input is fed as a TCP stream (cutFrame/decode until
// NeedMore, checking the framing contract) and then as one whole frame over TCP and over UDP,
// each time with a fresh DecodeContext (once anonymous, once with a known device id).

#include "protocols/ProtocolDecoder.h"

#include <QByteArrayView>
#include <cstddef>
#include <cstdint>

namespace fw::fuzz {

inline int run(const ProtocolDecoder &decoder, const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    constexpr TimeMs kNow = 1'767'225'600'000; // 2026-01-01T00:00:00Z
    DecodeResult out;

    DecodeContext stream;
    stream.now = kNow;
    QByteArrayView rest = input;
    while (!rest.isEmpty()) {
        const FrameCut cut = decoder.cutFrame(rest);
        if (cut.kind == FrameCut::NeedMore)
            break;
        if (cut.length < 1 || cut.length > rest.size())
            __builtin_trap(); // framing contract broken
        if (cut.kind == FrameCut::Frame) {
            out.clear();
            decoder.decode(rest.first(cut.length), stream, out);
        }
        rest = rest.sliced(cut.length);
    }

    for (const Transport transport : { Transport::Tcp, Transport::Udp }) {
        for (const bool known : { false, true }) {
            DecodeContext single;
            single.now = kNow;
            single.transport = decoder.info().http ? Transport::Http : transport;
            if (known)
                single.uniqueId = QStringLiteral("123456789012345");
            out.clear();
            decoder.decode(input, single, out);
        }
    }
    return 0;
}

} // namespace fw::fuzz
