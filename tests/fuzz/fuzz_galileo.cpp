// libFuzzer target for GalileoDecoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/GalileoDecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::GalileoDecoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
