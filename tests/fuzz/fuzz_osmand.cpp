// libFuzzer target for OsmAndDecoder (see FuzzDriver.h for how the input is used).
#include "FuzzDriver.h"
#include "protocols/OsmAndDecoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fw::OsmAndDecoder decoder;
    return fw::fuzz::run(decoder, data, size);
}
