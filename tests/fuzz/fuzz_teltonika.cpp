// libFuzzer target for the teltonika decoder: the input is fed as a TCP stream (cut frames and
// garbage until NeedMore), as one frame on TCP and on UDP, each with a fresh DecodeContext.
#include "protocols/TeltonikaDecoder.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::TeltonikaDecoder decoder;
    const QByteArrayView input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    fw::DecodeResult out;

    fw::DecodeContext stream;
    stream.now = 1718000000000;
    QByteArrayView rest = input;
    for (int guard = 0; guard < 100000 && !rest.isEmpty(); ++guard) {
        const fw::FrameCut cut = decoder.cutFrame(rest);
        if (cut.kind == fw::FrameCut::NeedMore)
            break;
        if (cut.length < 1 || cut.length > rest.size())
            __builtin_trap(); // contract: a cut is never empty nor past the buffer
        if (cut.kind == fw::FrameCut::Frame) {
            out.clear();
            decoder.decode(rest.first(cut.length), stream, out);
        }
        rest = rest.sliced(cut.length);
    }

    for (const fw::Transport t : { fw::Transport::Tcp, fw::Transport::Udp }) {
        fw::DecodeContext single;
        single.transport = t;
        single.now = 1718000000000;
        single.uniqueId = QStringLiteral("123456789012345");
        out.clear();
        decoder.decode(input, single, out);
    }
    return 0;
}
