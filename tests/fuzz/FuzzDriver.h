#pragma once
// The one way every decoder is fuzzed: the input is fed as a TCP stream (cutFrame/decode until
// NeedMore, checking the framing contract) and then as one whole frame over TCP and over UDP,
// each time with a fresh DecodeContext (anonymous, with a known device id, and with a known
// device of a model whose frames some decoders read differently).

#include "protocols/ProtocolDecoder.h"

#include <QByteArrayView>
#include <cstddef>
#include <cstdint>
#include <iterator>

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

    static const char *const models[] = { "NT20", "LW4G-4B", "R11", "SEEWORLD", "VL103",
        "QH302R", "JC371", "AL300", "C5", "MV810G", "G-360P" };
    for (const Transport transport : { Transport::Tcp, Transport::Udp }) {
        for (const int known : { 0, 1, 2 }) {
            DecodeContext single;
            single.now = kNow;
            single.transport = decoder.info().http ? Transport::Http : transport;
            if (known > 0)
                single.uniqueId = QStringLiteral("123456789012345");
            if (known > 1)
                single.model = QString::fromLatin1(models[size % std::size(models)]);
            out.clear();
            decoder.decode(input, single, out);
        }
    }
    return 0;
}

} // namespace fw::fuzz
