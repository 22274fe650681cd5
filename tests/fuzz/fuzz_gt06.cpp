// libFuzzer target for Gt06Decoder: the input is fed as a TCP stream (cutFrame/decode until
// NeedMore) and as one single frame, each time with a fresh DecodeContext.
#include "protocols/Gt06Decoder.h"

#include <QByteArrayView>
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::Gt06Decoder decoder;
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));

    fw::DecodeContext ctx;
    ctx.now = 1718000000000;
    fw::DecodeResult out;
    QByteArrayView rest = input;
    while (!rest.isEmpty()) {
        const fw::FrameCut cut = decoder.cutFrame(rest);
        if (cut.kind == fw::FrameCut::NeedMore)
            break;
        if (cut.length < 1 || cut.length > rest.size())
            __builtin_trap(); // framing contract broken
        if (cut.kind == fw::FrameCut::Frame) {
            out.clear();
            decoder.decode(rest.first(cut.length), ctx, out);
        }
        rest = rest.sliced(cut.length);
    }

    fw::DecodeContext single;
    single.uniqueId = QStringLiteral("123456789012345");
    out.clear();
    decoder.decode(input, single, out);
    return 0;
}
