// libFuzzer target for Tk103Decoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/Tk103Decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::Tk103Decoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
