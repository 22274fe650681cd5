#include "MessageStart.h"

namespace fw {

DecodedMessage &startMessage(const QString &protocol, const QString &id, DecodeContext &ctx,
                             DecodeResult &out)
{
    if (!id.isEmpty() && ctx.uniqueId != id) {
        ctx.uniqueId = id;
        DecodedMessage &login = out.messages.emplaceBack();
        login.type = MessageType::Login;
        login.position.uniqueId = id;
        login.position.protocol = protocol;
    }
    DecodedMessage &m = out.messages.emplaceBack();
    m.position.uniqueId = id;
    m.position.protocol = protocol;
    m.position.serverTime = ctx.now;
    m.position.deviceTime = ctx.now;
    return m;
}

} // namespace fw
