// libFuzzer target for the nmea decoder: the input goes through cutFrame/decode as a TCP stream
// (frames and garbage consumed until NeedMore) and whole as a single frame, each time with a
// fresh DecodeContext. Framing must always make progress and stay inside the buffer.
#include "protocols/NmeaDecoder.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::NmeaDecoder decoder;
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));

    fw::DecodeContext ctx;
    ctx.now = fw::utcTime(2024, 3, 10, 12, 0, 0);
    fw::DecodeResult out;
    QByteArrayView rest = input;
    while (!rest.isEmpty()) {
        const fw::FrameCut cut = decoder.cutFrame(rest);
        if (cut.kind == fw::FrameCut::NeedMore)
            break;
        if (cut.length < 1 || cut.length > rest.size())
            std::abort(); // no progress, or a cut past the end of the buffer
        if (cut.kind == fw::FrameCut::Frame) {
            out.clear();
            decoder.decode(rest.first(cut.length), ctx, out);
        }
        rest = rest.sliced(cut.length);
    }

    fw::DecodeContext single;
    single.transport = fw::Transport::Udp;
    out.clear();
    decoder.decode(input, single, out);
    if (!out.ok() && !out.messages.isEmpty())
        std::abort(); // an error never comes with messages
    return 0;
}
