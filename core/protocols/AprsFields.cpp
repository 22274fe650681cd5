#include "AprsFields.h"

#include <cstdlib>

namespace fw::aprs {

namespace {

struct Civil
{
    int y;
    int m;
    int d;
};

// Inverse of daysFromCivil (Howard Hinnant's algorithm).
Civil civilFromDays(qint64 z)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 y = static_cast<qint64>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return { static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d) };
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// Day of month + time on the month nearest to `now` (previous, this or next month).
TimeMs nearestMonthTime(TimeMs now, int day, int hour, int minute)
{
    if (now == kNoTime)
        return kNoTime;
    const Civil c = civilFromDays(floorDiv(now, kDay));
    TimeMs best = kNoTime;
    for (int delta = -1; delta <= 1; ++delta) {
        int y = c.y, m = c.m + delta;
        if (m < 1) {
            m = 12;
            --y;
        } else if (m > 12) {
            m = 1;
            ++y;
        }
        const TimeMs t = utcTime(y, m, day, hour, minute, 0);
        if (t == kNoTime || civilFromDays(floorDiv(t, kDay)).d != day) // e.g. 31 April
            continue;
        if (best == kNoTime || std::llabs(t - now) < std::llabs(best - now))
            best = t;
    }
    return best;
}

} // namespace

bool istartsWith(QByteArrayView text, QByteArrayView prefix)
{
    if (text.size() < prefix.size())
        return false;
    for (qsizetype i = 0; i < prefix.size(); ++i) {
        if (upper(text[i]) != upper(prefix[i]))
            return false;
    }
    return true;
}

bool iequals(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && istartsWith(a, b);
}

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty()
        && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r' || v.back() == '\n'))
        v.chop(1);
    return v;
}

int digits(QByteArrayView v, qsizetype pos, int count)
{
    if (pos < 0 || count < 1 || count > 9 || pos + count > v.size())
        return -1;
    int n = 0;
    for (int i = 0; i < count; ++i) {
        if (!isDigit(v[pos + i]))
            return -1;
        n = n * 10 + (v[pos + i] - '0');
    }
    return n;
}

int ambiguousDigits(QByteArrayView v, qsizetype pos, int count)
{
    if (pos < 0 || pos + count > v.size())
        return -1;
    int n = 0;
    for (int i = 0; i < count; ++i) {
        const char c = v[pos + i];
        if (!isDigit(c) && c != ' ')
            return -1;
        n = n * 10 + (c == ' ' ? 0 : c - '0');
    }
    return n;
}

int base91(QByteArrayView v, qsizetype pos, int count)
{
    if (pos < 0 || pos + count > v.size())
        return -1;
    int n = 0;
    for (int i = 0; i < count; ++i) {
        const int c = static_cast<quint8>(v[pos + i]) - 33;
        if (c < 0 || c > 90)
            return -1;
        n = n * 91 + c;
    }
    return n;
}

TimeMs nearestDayTime(TimeMs now, TimeMs timeOfDay)
{
    if (now == kNoTime)
        return kNoTime;
    const TimeMs midnight = floorDiv(now, kDay) * kDay;
    TimeMs best = midnight + timeOfDay;
    for (const TimeMs c : { best - kDay, best + kDay }) {
        if (std::llabs(c - now) < std::llabs(best - now))
            best = c;
    }
    return best;
}

TimeMs parseTimestamp(QByteArrayView v, TimeMs now, bool &ok)
{
    ok = false;
    const int a = digits(v, 0, 2), b = digits(v, 2, 2), c = digits(v, 4, 2);
    if (a < 0 || b < 0 || c < 0 || v.size() < 7)
        return kNoTime;
    const char kind = v[6];
    if (kind == 'z' || kind == '/') {
        if (a < 1 || a > 31 || b > 23 || c > 59)
            return kNoTime;
        ok = true;
        return nearestMonthTime(now, a, b, c);
    }
    if (kind == 'h') {
        if (a > 23 || b > 59 || c > 59)
            return kNoTime;
        ok = true;
        return nearestDayTime(now, a * kHour + b * kMinute + c * kSecond);
    }
    return kNoTime;
}

bool commentAltitude(QByteArrayView comment, double &metres)
{
    const qsizetype i = comment.indexOf("/A=");
    if (i < 0 || i + 9 > comment.size())
        return false;
    const bool negative = comment[i + 3] == '-';
    const int n = digits(comment, i + (negative ? 4 : 3), negative ? 5 : 6);
    if (n < 0)
        return false;
    metres = (negative ? -n : n) * kFeetToMetres;
    return true;
}

void commentBattery(QByteArrayView comment, Attributes &attributes)
{
    qsizetype i = comment.indexOf("Batt=");
    qsizetype start = i + 5;
    if (i < 0) {
        i = comment.indexOf("Bat=");
        start = i + 4;
    }
    if (i < 0)
        return;
    double v = 0, scale = 0;
    qsizetype p = start;
    for (; p < comment.size() && p < start + 8; ++p) {
        const char c = comment[p];
        if (isDigit(c)) {
            if (scale == 0) {
                v = v * 10 + (c - '0');
            } else {
                v += (c - '0') * scale;
                scale /= 10;
            }
        } else if (c == '.' && scale == 0) {
            scale = 0.1;
        } else {
            break;
        }
    }
    if (p > start && p < comment.size() && (comment[p] == 'V' || comment[p] == 'v'))
        attributes.set(attr::battery, v);
}

} // namespace fw::aprs
