// libFuzzer target for NmeaDecoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/NmeaDecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::NmeaDecoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
