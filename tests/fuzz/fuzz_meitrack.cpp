// libFuzzer target for MeitrackDecoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/MeitrackDecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::MeitrackDecoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
