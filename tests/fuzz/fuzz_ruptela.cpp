// libFuzzer target for RuptelaDecoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/RuptelaDecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::RuptelaDecoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
