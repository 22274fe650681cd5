// libFuzzer target for Tlt2hDecoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/Tlt2hDecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::Tlt2hDecoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
