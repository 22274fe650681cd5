// libFuzzer target for CastelDecoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/CastelDecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::CastelDecoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
