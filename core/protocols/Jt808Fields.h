#pragma once
// Small field readers shared by Jt808Decoder and Jt808LocationReport: bit tests, the hex and
// Latin-1 text of raw bytes, and the BCD date and time (sent in GMT+8) of reports and replies.

#include "ByteReader.h"
#include "domain/Attributes.h"
#include "util/TimeUtil.h"

#include <QByteArrayView>
#include <QString>

namespace fw::jt808 {

inline bool bit(quint64 v, int n)
{
    return (v >> n) & 1;
}

// Appends an alarm to those already set ("sos,overspeed"), once.
inline void addAlarm(Attributes &a, const QString &alarm)
{
    const QString existing = a.value(attr::alarm).toString();
    if (existing.isEmpty())
        a.set(attr::alarm, alarm);
    else if (!existing.split(QLatin1Char(',')).contains(alarm))
        a.set(attr::alarm, QString(existing + QLatin1Char(',') + alarm));
}

inline QString hex(QByteArrayView v)
{
    return QString::fromLatin1(v.toByteArray().toHex());
}

inline QString latin(QByteArrayView v)
{
    return QString::fromLatin1(v).trimmed();
}

inline TimeMs readTime(ByteReader &r)
{
    int f[6];
    for (int &v : f)
        v = bcd(r.u8());
    for (int v : f) {
        if (v < 0)
            return kNoTime;
    }
    const TimeMs t = utcTime(2000 + f[0], f[1], f[2], f[3], f[4], f[5]);
    return t == kNoTime ? kNoTime : t - 8 * kHour; // JT/T 808 times are GMT+8
}

} // namespace fw::jt808
