// libFuzzer target for AprsDecoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/AprsDecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::AprsDecoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
