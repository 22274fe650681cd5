// libFuzzer target for T800xDecoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/T800xDecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::T800xDecoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
