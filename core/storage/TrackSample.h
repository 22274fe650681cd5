#pragma once
// TrackSample: one stored position as the reports read it: time, place, speed, fix flag and the
// stored attributes as raw JSON bytes (not parsed), so a month of a fleet (ten million rows)
// streams without building a Position, a QString or an attribute list per row. The bytes are
// valid only during the callback; AttributesJson::findNumber()/findBool() pick single values.

#include "util/TimeUtil.h"

#include <QByteArrayView>

namespace fw {

// What a read needs: every column for a track that is drawn and charted, or only the motion
// (time, place, speed, attributes) for trips, stops and summaries. Leaving the altitude and the
// fix flag out is a fifth less work for a PostgreSQL server sending ten million rows.
enum class SampleColumns { All, Motion };

struct TrackSample
{
    TimeMs time = kNoTime; // device time
    bool valid = false; // false when read as Motion
    double latitude = 0.0;
    double longitude = 0.0;
    double altitude = 0.0; // 0 when read as Motion
    double speedKph = 0.0;
    QByteArrayView attributes; // the stored JSON object, UTF-8; empty when none

    bool hasCoordinates() const
    {
        return latitude >= -90.0 && latitude <= 90.0 && longitude >= -180.0 && longitude <= 180.0
            && !(latitude == 0.0 && longitude == 0.0);
    }
};

} // namespace fw
