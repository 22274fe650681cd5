// libFuzzer target for SuntechDecoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/SuntechDecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::SuntechDecoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
