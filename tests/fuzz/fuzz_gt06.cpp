// libFuzzer target for Gt06Decoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/Gt06Decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::Gt06Decoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
