#pragma once
// OsmAndDecoder: the OsmAnd / Traccar Client HTTP protocol. Phones send one HTTP request per fix
// (query parameters, a form body or, in newer Traccar Client versions, a JSON body); the server
// answers "200 OK" once the fix is stored, so the reply acknowledges data.
//
// Framing: a whole HTTP/1.x request (header block up to kMaxHeaderSize, then a Content-Length
// body up to kMaxBodySize; chunked bodies are refused with "400" and the connection closed).
// For diagnostics (`fleetwatch decode`, `identify`) a frame may also be just a request target
// such as "/?id=1&lat=..": it starts with '/' or '?' and ends at the first line end, or at the
// end of the buffer (no HTTP client ever starts a request that way, so nothing real is cut short).

#include "ProtocolDecoder.h"

namespace fw {

class OsmAndDecoder final : public ProtocolDecoder
{
public:
    static constexpr qsizetype kMaxHeaderSize = 16 * 1024;
    static constexpr qsizetype kMaxBodySize = 64 * 1024;

    OsmAndDecoder() = default;

    static const ProtocolInfo &staticInfo();
    const ProtocolInfo &info() const override { return staticInfo(); }
    FrameCut cutFrame(QByteArrayView stream) const override;
    void decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const override;
};

} // namespace fw
