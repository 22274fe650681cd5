#include "Gt06MessageTypes.h"

namespace fw::gt06 {

bool hasGps(quint8 type)
{
    switch (type) {
    case kGps:
    case kGpsLbs1:
    case kGpsLbs2:
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
    case kLbsStatus:
    case kGpsLbsStatus1:
    case kGpsLbsStatus2:
    case kGpsLbsStatus3:
    case kGpsLbsStatus4:
    case kFenceSingle:
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
    case kGpsPhone:
    case kGpsLbsStatus3:
    case kFenceMulti:
        return true;
    default:
        return false;
    }
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
