#pragma once
// startMessage: how a decoder whose frames carry the device id begins each message. The first
// frame of a new id on a connection says "login" (the ingest layer registers the connection
// under it), then the message itself starts with the id, protocol and the arrival time as the
// device time (the decoder overwrites it with the frame's own time when it has one). Shared so
// that every such decoder logs in the same way.

#include "protocols/ProtocolDecoder.h"

namespace fw {

// Appends the next message from device `id`; when `id` differs from the connection's a Login
// message goes first and the context takes the id. An empty id neither logs in nor replaces
// the context's id (the message carries the empty id: the caller falls back to the context).
DecodedMessage &startMessage(const QString &protocol, const QString &id, DecodeContext &ctx,
                             DecodeResult &out);

} // namespace fw
