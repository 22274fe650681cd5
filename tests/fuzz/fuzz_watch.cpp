// libFuzzer target for WatchDecoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/WatchDecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::WatchDecoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
