#pragma once
// DeviceEvent: something that happened to a device and is worth keeping in its history: a status
// change computed by the status engine, an alarm the device raised, a text status packet (APRS),
// or a reply to a command.

#include "Attributes.h"
#include "util/TimeUtil.h"

namespace fw {

enum class EventType {
    StatusChange,
    Alarm,
    StatusPacket,
    CommandResult,
    Connection, // connected / disconnected, with how the connection ended
};

QString eventTypeId(EventType type); // "status-change", "alarm", ...
EventType eventTypeFromId(const QString &id, bool *ok = nullptr);

struct DeviceEvent
{
    QString uniqueId;
    TimeMs time = kNoTime;
    EventType type = EventType::StatusChange;
    QString text;
    Attributes attributes;
};

} // namespace fw
