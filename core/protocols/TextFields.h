#pragma once
// Small, allocation-free field parsers shared by the text protocols (GPS103, NMEA, Watch):
// decimal numbers and two-digit date/time fields straight from the received bytes, without
// locales or QString round trips.

#include <QByteArrayView>
#include <QtGlobal>

namespace fw::text {

inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

inline int two(QByteArrayView s, qsizetype at)
{
    if (at + 2 > s.size() || !isDigit(s[at]) || !isDigit(s[at + 1]))
        return -1;
    return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

inline constexpr double kPow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
    1e13, 1e14, 1e15, 1e16, 1e17, 1e18 };

// [+-]digits[.digits], the whole view; no allocation, no locale.
inline bool parseDouble(QByteArrayView s, double &out)
{
    qsizetype i = 0;
    const qsizetype n = s.size();
    bool neg = false;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    quint64 mant = 0;
    int digits = 0, frac = 0;
    bool dot = false, any = false;
    for (; i < n; ++i) {
        const char c = s[i];
        if (isDigit(c)) {
            any = true;
            if (digits < 18 && frac < 18) {
                mant = mant * 10 + static_cast<quint64>(c - '0');
                if (mant != 0)
                    ++digits;
                if (dot)
                    ++frac;
            } else if (!dot) {
                return false; // integer part too long to be a real value
            }
        } else if (c == '.' && !dot) {
            dot = true;
        } else {
            return false;
        }
    }
    if (!any)
        return false;
    const double v = static_cast<double>(mant) / kPow10[frac];
    out = neg ? -v : v;
    return true;
}

} // namespace fw::text
