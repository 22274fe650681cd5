// libFuzzer target for Gl200Decoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/Gl200Decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::Gl200Decoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
