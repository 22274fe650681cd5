#include "TimeUtil.h"

namespace fw {

QString toIso(TimeMs t)
{
    if (t == kNoTime)
        return {};
    const QDateTime dt = toDateTime(t);
    return dt.toString(t % 1000 == 0 ? QStringLiteral("yyyy-MM-ddTHH:mm:ssZ")
                                     : QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

TimeMs parseIso(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return kNoTime;
    QDateTime dt = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(trimmed, Qt::ISODate);
    if (!dt.isValid())
        return kNoTime;
    if (dt.timeSpec() == Qt::LocalTime && !trimmed.contains(QLatin1Char('T')))
        dt.setTimeSpec(Qt::UTC);
    else if (dt.timeSpec() == Qt::LocalTime)
        dt.setTimeSpec(Qt::UTC); // a time without zone is read as UTC, never as local time
    return dt.toMSecsSinceEpoch();
}

} // namespace fw
