#include "Gt06MessageTypes.h"

namespace fw::gt06 {

Variant variantOf(bool extended, quint8 type, int length)
{
    if (extended)
        return Variant::Standard;
    switch (type) {
    case kGpsLbs1:
        if (length == 0x24)
            return Variant::Vxt01;
        if (length == 0x2b)
            return Variant::S5;
        if (length == 0x29)
            return Variant::WeTrust;
        break;
    case kGpsLbsStatus1:
        if (length == 0x24)
            return Variant::Vxt01;
        if (length == 0x26)
            return Variant::SeeWorld;
        if (length == 0x2d)
            return Variant::Trx16i;
        break;
    case kStatus2:
        if (length == 0x35)
            return Variant::Trx16i;
        break;
    case kLbsMultiple3:
        if (length == 0x31)
            return Variant::WanwayS20;
        if (length == 0x2e)
            return Variant::Sr411Mini;
        break;
    case kLbsStatus:
        if (length >= 0x17)
            return Variant::Space10x;
        break;
    case kStatus:
        if (length == 0x13)
            return Variant::Obd6;
        break;
    case kX1Gps:
        if (length == 0x37)
            return Variant::Sl4x;
        break;
    case kGpsLbs5:
        if (length == 0x2a)
            return Variant::Sl4x;
        break;
    case kGpsLbsStatus4:
        if (length == 0x27 || length == 0x29)
            return Variant::Sl4x;
        break;
    case kGpsLbs2:
        if (length == 0x2f)
            return Variant::SeeWorld;
        break;
    case kFenceSingle:
        if (length == 0x0c || length == 0x18)
            return Variant::SeeWorld;
        break;
    case kWifi:
        if (length == 0x28)
            return Variant::Rfid;
        break;
    case kWifi3:
        if (length == 0x40)
            return Variant::Lw4g;
        break;
    default:
        break;
    }
    return Variant::Standard;
}

bool hasGps(quint8 type)
{
    switch (type) {
    case kGps:
    case kGpsLbs1:
    case kGpsLbs2:
    case kGpsLbsDriver:
    case kGpsLbs3:
    case kGpsLbs4:
    case kGpsLbs5:
    case kGpsLbs6:
    case kGpsLbsStatus1:
    case kGpsLbsStatus2:
    case kGpsLbsStatus3:
    case kGpsLbsStatus4:
    case kGpsPhone:
    case kGpsLbsExtend:
    case kGps2:
    case kFenceSingle:
    case kFenceMulti:
    case kAlarmModule:
        return true;
    default:
        return false;
    }
}

bool hasLbs(quint8 type)
{
    switch (type) {
    case kLbsStatus:
    case kGpsLbs1:
    case kGpsLbs2:
    case kGpsLbsDriver:
    case kGpsLbs3:
    case kGpsLbs4:
    case kGpsLbs5:
    case kGpsLbs6:
    case kGpsLbsStatus1:
    case kGpsLbsStatus2:
    case kGpsLbsStatus3:
    case kGpsLbsStatus4:
    case kGps2:
    case kFenceSingle:
    case kFenceMulti:
    case kAlarmModule:
    case kLbsAlarm:
    case kLbsAddress:
        return true;
    default:
        return false;
    }
}

bool hasStatus(quint8 type)
{
    switch (type) {
    case kStatus2:
    case kAlarmModule:
    case kLbsStatus:
    case kGpsLbsStatus1:
    case kGpsLbsStatus2:
    case kGpsLbsStatus3:
    case kGpsLbsStatus4:
    case kFenceMulti:
    case kLbsAlarm:
        return true;
    default:
        return false;
    }
}

bool hasLanguage(quint8 type)
{
    switch (type) {
    case kStatus2:
    case kAlarmModule:
    case kGpsLbsStatus3:
    case kFenceMulti:
        return true;
    default:
        return false;
    }
}

bool lbsHasLength(quint8 type)
{
    return hasStatus(type) && type != kLbsStatus && type != kLbsAlarm && type != kAlarmModule;
}

bool isNetworkOnly(quint8 type)
{
    switch (type) {
    case kWifi:
    case kWifi2:
    case kWifi4:
    case kLbsMultiple1:
    case kLbsMultiple2:
    case kLbsMultiple3:
    case kLbsExtend:
    case kLbsWifi:
    case kLbs2:
    case kWifi3:
    case kWifi5:
        return true;
    default:
        return false;
    }
}

} // namespace fw::gt06
