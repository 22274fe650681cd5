#pragma once
// Position: one report from a device, as decoded and as stored. A plain value type; times are
// UTC milliseconds (see TimeUtil.h). `valid` is the device's own fix flag: an invalid fix still
// tells us the device is connected, but never makes it green.

#include "Attributes.h"
#include "util/TimeUtil.h"

namespace fw {

struct Position
{
    QString uniqueId;
    TimeMs deviceTime = kNoTime; // fix time reported by the device
    TimeMs serverTime = kNoTime; // arrival time at the server
    bool valid = false;
    double latitude = 0.0;
    double longitude = 0.0;
    double altitude = 0.0; // metres
    double speedKph = 0.0;
    double course = 0.0; // degrees from north
    int satellites = -1; // -1 = not reported
    double accuracy = 0.0; // metres, 0 = unknown
    QString protocol;
    Attributes attributes;

    bool hasCoordinates() const
    {
        return latitude >= -90.0 && latitude <= 90.0 && longitude >= -180.0 && longitude <= 180.0
            && !(latitude == 0.0 && longitude == 0.0);
    }
};

inline constexpr double kKnotsToKph = 1.852;
inline constexpr double kMphToKph = 1.609344;

} // namespace fw
