// libFuzzer target for XexunDecoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/XexunDecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::XexunDecoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
