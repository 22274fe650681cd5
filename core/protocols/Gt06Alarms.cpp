#include "Gt06Alarms.h"

#include "domain/Attributes.h"

namespace fw::gt06 {

const QString *alarmFromByte(quint16 value, const QString &model)
{
    const bool lw = model.startsWith(QLatin1String("LW"));
    const bool seeWorld = model == u"SEEWORLD";
    const bool vl = model == u"VL103" || model == u"LL303" || model == u"VL512" || model == u"G18";
    switch (value) {
    case 0x09:
        return vl ? &alarm::tow : &alarm::vibration;
    case 0x18:
        return lw ? &alarm::accident : &alarm::removing;
    case 0x19:
        return lw ? &alarm::hardAcceleration : &alarm::lowBattery;
    case 0x28:
        return seeWorld ? &alarm::hardCornering : vl ? &alarm::powerOff : &alarm::hardBraking;
    case 0x29:
        return seeWorld ? &alarm::accident : &alarm::hardAcceleration;
    case 0x30:
        return vl ? &alarm::hardBraking : &alarm::jamming;
    default:
        break;
    }
    switch (value) {
    case 0x01:
        return &alarm::sos;
    case 0x02:
        return &alarm::powerCut;
    case 0x03:
    case 0x09:
        return &alarm::vibration;
    case 0x04:
        return &alarm::geofenceEnter;
    case 0x05:
        return &alarm::geofenceExit;
    case 0x06:
        return &alarm::overspeed;
    case 0x0E:
    case 0x0F:
    case 0x19:
        return &alarm::lowBattery;
    case 0x11:
        return &alarm::powerOff;
    case 0x0C:
    case 0x13:
    case 0x25:
    case 0x32:
        return &alarm::tampering;
    case 0x14:
        return &alarm::door;
    case 0x16:
    case 0x18:
        return &alarm::removing;
    case 0x1A:
    case 0x27:
    case 0x28:
    case 0xF1:
        return &alarm::hardBraking;
    case 0x1B:
    case 0x2A:
    case 0x2B:
    case 0x2E:
        return &alarm::hardCornering;
    case 0x23:
        return &alarm::fallDown;
    case 0x26:
    case 0x29:
    case 0xF0:
        return &alarm::hardAcceleration;
    case 0x2C:
    case 0xF2:
        return &alarm::accident;
    case 0x30:
    case 0x0107:
    case 0x010B:
        return &alarm::jamming;
    case 0x33:
        return &alarm::lock;
    case 0x34:
        return &alarm::unlock;
    case 0x53:
        return &alarm::fuelLeak;
    case 0x5B:
    case 0x5C:
        return &alarm::temperature;
    case 0xC9:
        return &alarm::idle;
    default:
        return nullptr;
    }
}

const QString *alarmFromStatus(quint8 status)
{
    switch ((status >> 3) & 0x07) {
    case 1:
        return &alarm::vibration;
    case 2:
        return &alarm::powerCut;
    case 3:
        return &alarm::lowBattery;
    case 4:
        return &alarm::sos;
    case 6:
        return &alarm::geofence;
    case 7:
        return &alarm::removing;
    default:
        return nullptr;
    }
}

const QString *alarmFromCode(quint8 code, bool extended)
{
    switch (code) {
    case 0x01:
        return extended ? &alarm::sos : &alarm::general;
    case 0x0E:
        return &alarm::lowPower;
    case 0x76:
        return &alarm::temperature;
    case 0x80:
        return &alarm::vibration;
    case 0x87:
        return &alarm::overspeed;
    case 0x88:
        return &alarm::powerCut;
    case 0x90:
        return &alarm::hardAcceleration;
    case 0x91:
        return &alarm::hardBraking;
    case 0x92:
        return &alarm::hardCornering;
    case 0x93:
        return &alarm::accident;
    default:
        return nullptr;
    }
}

const QString *alarmFromModuleEvent(quint8 event)
{
    switch (event) {
    case 0x10:
        return &alarm::door;
    case 0x12:
        return &alarm::removing;
    case 0x14:
        return &alarm::geofenceEnter;
    case 0x15:
        return &alarm::geofenceExit;
    case 0x16:
        return &alarm::temperature;
    case 0x1A:
        return &alarm::lowBattery;
    case 0x1B:
        return &alarm::overspeed;
    case 0x1C:
        return &alarm::powerOn;
    case 0x1D:
        return &alarm::powerOff;
    case 0x20:
        return &alarm::vibration;
    case 0x21:
        return &alarm::powerCut;
    case 0x23:
        return &alarm::tampering;
    default:
        return nullptr;
    }
}

} // namespace fw::gt06
