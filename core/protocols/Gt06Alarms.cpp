#include "Gt06Alarms.h"

#include "domain/Attributes.h"

namespace fw::gt06 {

namespace {

const QString kAlarmGeofence = QStringLiteral("geofence");
const QString kAlarmPowerOff = QStringLiteral("powerOff");
const QString kAlarmAcceleration = QStringLiteral("hardAcceleration");
const QString kAlarmBraking = QStringLiteral("hardBraking");
const QString kAlarmCornering = QStringLiteral("hardCornering");

} // namespace

const QString *alarmFromByte(quint8 value)
{
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
        return &kAlarmPowerOff;
    case 0x13:
        return &alarm::tampering;
    case 0x14:
        return &alarm::door;
    case 0x16:
        return &alarm::removing;
    case 0x23:
        return &alarm::fallDown;
    case 0x29:
        return &kAlarmAcceleration;
    case 0x30:
        return &kAlarmBraking;
    case 0x2A:
    case 0x2B:
        return &kAlarmCornering;
    case 0x2C:
        return &alarm::accident;
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
        return &kAlarmGeofence;
    case 7:
        return &alarm::removing;
    default:
        return nullptr;
    }
}

const QString &alarmFromCode(quint8 code, bool extended)
{
    switch (code) {
    case 0x01:
        return extended ? alarm::sos : alarm::general;
    case 0x80:
        return alarm::vibration;
    case 0x87:
        return alarm::overspeed;
    case 0x90:
        return kAlarmAcceleration;
    case 0x91:
        return kAlarmBraking;
    case 0x92:
        return kAlarmCornering;
    case 0x93:
        return alarm::accident;
    default:
        return alarm::general;
    }
}

const QString *alarmFromModuleEvent(quint8 event)
{
    if (event == 0x11)
        return &alarm::lowBattery;
    if (event == 0x12)
        return &alarm::lowPower;
    if (event == 0x13)
        return &alarm::powerCut;
    if (event == 0x14)
        return &alarm::removing;
    return nullptr;
}

} // namespace fw::gt06
