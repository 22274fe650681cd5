#include "DeviceEvent.h"

namespace fw {

namespace {
struct TypeName
{
    EventType type;
    const char *id;
};
constexpr TypeName kTypeNames[] = {
    { EventType::StatusChange, "status-change" }, { EventType::Alarm, "alarm" },
    { EventType::StatusPacket, "status-packet" }, { EventType::CommandResult, "command-result" },
    { EventType::Connection, "connection" },
};
} // namespace

QString eventTypeId(EventType type)
{
    for (const TypeName &t : kTypeNames) {
        if (t.type == type)
            return QString::fromLatin1(t.id);
    }
    return QStringLiteral("unknown");
}

EventType eventTypeFromId(const QString &id, bool *ok)
{
    for (const TypeName &t : kTypeNames) {
        if (id == QLatin1String(t.id)) {
            if (ok)
                *ok = true;
            return t.type;
        }
    }
    if (ok)
        *ok = false;
    return EventType::StatusChange;
}

} // namespace fw
