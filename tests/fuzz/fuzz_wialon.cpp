// libFuzzer target for WialonDecoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/WialonDecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::WialonDecoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
