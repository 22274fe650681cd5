#pragma once
// Times in the core are milliseconds since the Unix epoch (UTC) held in a plain integer: cheap to
// copy, compare and store, and free of time-zone surprises. These helpers convert at the edges
// (JSON, CLI, UI) and build times from broken-down UTC fields without allocating.

#include <QDateTime>
#include <QString>
#include <QtGlobal>

namespace fw {

using TimeMs = qint64;
inline constexpr TimeMs kNoTime = std::numeric_limits<qint64>::min();

inline constexpr TimeMs kSecond = 1000;
inline constexpr TimeMs kMinute = 60 * kSecond;
inline constexpr TimeMs kHour = 60 * kMinute;
inline constexpr TimeMs kDay = 24 * kHour;

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's civil algorithm).
constexpr qint64 daysFromCivil(int y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<qint64>(doe) - 719468;
}

// Returns kNoTime when a field is out of range, so decoders can reject nonsense dates.
constexpr TimeMs utcTime(int year, int month, int day, int hour, int minute, int second, int ms = 0)
{
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
        || minute > 59 || second < 0 || second > 60 || ms < 0 || ms > 999)
        return kNoTime;
    return daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * kDay
        + hour * kHour + minute * kMinute + second * kSecond + ms;
}

inline QDateTime toDateTime(TimeMs t)
{
    return t == kNoTime ? QDateTime() : QDateTime::fromMSecsSinceEpoch(t, Qt::UTC);
}

inline TimeMs fromDateTime(const QDateTime &dt)
{
    return dt.isValid() ? dt.toMSecsSinceEpoch() : kNoTime;
}

// ISO 8601 in UTC with a Z; milliseconds only when present. Empty for kNoTime.
QString toIso(TimeMs t);
// Accepts ISO 8601 with Z or an offset, and a plain date (midnight UTC). kNoTime when invalid.
TimeMs parseIso(const QString &text);

} // namespace fw
