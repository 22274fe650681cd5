#pragma once
// FreePort: a port number free for both TCP and UDP on every interface at this moment, for a
// listener that must not collide with another program (the demo fleet when the configured port
// is taken; tests and benchmarks that run beside a real installation). Another program can take
// it before it is used: callers bind promptly and handle a failed bind.

#include <QtGlobal>

namespace fw {

// 0 when none was found after a few tries.
quint16 freeTcpUdpPort();

} // namespace fw
