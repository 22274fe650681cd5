// libFuzzer target for EelinkDecoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/EelinkDecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::EelinkDecoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
