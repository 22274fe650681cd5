// libFuzzer target for H02Decoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/H02Decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::H02Decoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
