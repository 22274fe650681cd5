// libFuzzer target for Jt808Decoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/Jt808Decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::Jt808Decoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
