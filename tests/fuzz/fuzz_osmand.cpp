// libFuzzer target for the osmand decoder: the input is fed as a TCP stream (frames and garbage
// cut until NeedMore, on one connection context) and as a single frame with a fresh context.
// Build: clang++ -fsanitize=fuzzer,address,undefined (see the fuzz README / CMake option).

#include "protocols/OsmAndDecoder.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::OsmAndDecoder decoder;
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    fw::DecodeResult out;

    // As a stream on one connection.
    fw::DecodeContext ctx;
    ctx.now = 1767225600000; // 2026-01-01T00:00:00Z
    QByteArrayView rest = input;
    while (!rest.isEmpty()) {
        const fw::FrameCut cut = decoder.cutFrame(rest);
        if (cut.kind == fw::FrameCut::NeedMore)
            break;
        if (cut.length < 1 || cut.length > rest.size()
            || (cut.kind == fw::FrameCut::Frame && cut.length > decoder.info().maxFrameSize))
            std::abort(); // framing contract broken
        if (cut.kind == fw::FrameCut::Frame) {
            out.clear();
            decoder.decode(rest.first(cut.length), ctx, out);
            if (!out.ok() && !out.messages.isEmpty() && out.replyAcknowledgesData)
                std::abort(); // an error must never acknowledge data
        }
        rest = rest.sliced(cut.length);
    }

    // As a single frame with a fresh context.
    fw::DecodeContext fresh;
    fresh.now = 1767225600000;
    out.clear();
    decoder.decode(input, fresh, out);
    return 0;
}
