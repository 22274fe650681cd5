// libFuzzer target for TeltonikaDecoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/TeltonikaDecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::TeltonikaDecoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
