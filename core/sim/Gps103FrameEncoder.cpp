#include "Gps103FrameEncoder.h"

#include "DegreesMinutes.h"

#include <QDateTime>

namespace fw {

namespace {

QByteArray pad2(int v)
{
    return QByteArray::number(v).rightJustified(2, '0');
}

// Degrees -> "ddmm.mmmmm" (latitude, 2 degree digits) or "dddmm.mmmmm" (longitude).
QByteArray degMin(double value, int degreeDigits)
{
    return degreesMinutes(value, degreeDigits, 5);
}

} // namespace

QByteArray Gps103FrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(serial);
    return "##,imei:" + uniqueId.toLatin1() + ",A;";
}

QByteArray Gps103FrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(serial);
    return uniqueId.toLatin1() + ';';
}

QByteArray Gps103FrameEncoder::report(
    const QString &uniqueId, const Position &p, QByteArrayView keyword)
{
    const TimeMs t = p.deviceTime == kNoTime ? QDateTime::currentMSecsSinceEpoch() : p.deviceTime;
    const QDateTime dt = toDateTime(t);
    const QDate d = dt.date();
    const QTime tm = dt.time();
    QByteArray out;
    out.reserve(128);
    out += "imei:" + uniqueId.toLatin1() + ',' + keyword.toByteArray() + ',';
    // The local clock is the UTC clock here: no time-zone correction for the server to make.
    out += pad2(d.year() % 100) + pad2(d.month()) + pad2(d.day()) + pad2(tm.hour())
        + pad2(tm.minute()) + pad2(tm.second());
    out += ",,F,";
    out += pad2(tm.hour()) + pad2(tm.minute()) + pad2(tm.second()) + '.'
        + QByteArray::number(tm.msec()).rightJustified(3, '0');
    out += p.valid ? ",A," : ",V,";
    out += degMin(p.latitude, 2) + (p.latitude < 0 ? ",S," : ",N,");
    out += degMin(p.longitude, 3) + (p.longitude < 0 ? ",W," : ",E,");
    out += QByteArray::number(p.speedKph / kKnotsToKph, 'f', 2) + ',';
    out += QByteArray::number(p.course, 'f', 2) + ',';
    out += QByteArray::number(p.altitude, 'f', 1) + ';';
    return out;
}

QByteArray Gps103FrameEncoder::position(
    const QString &uniqueId, const Position &p, quint32 serial) const
{
    Q_UNUSED(serial);
    return report(uniqueId, p, "tracker");
}

QByteArray Gps103FrameEncoder::alarm(
    const QString &uniqueId, const Position &p, const QString &alarmName, quint32 serial) const
{
    Q_UNUSED(serial);
    const char *keyword = nullptr;
    if (alarmName == alarm::sos)
        keyword = "help me";
    else if (alarmName == alarm::lowBattery)
        keyword = "low battery";
    else if (alarmName == alarm::powerCut)
        keyword = "ac alarm";
    else if (alarmName == alarm::movement)
        keyword = "move";
    else if (alarmName == alarm::overspeed)
        keyword = "speed";
    else if (alarmName == alarm::door)
        keyword = "door alarm";
    else if (alarmName == alarm::accident)
        keyword = "accident alarm";
    else if (alarmName == alarm::vibration)
        keyword = "sensor alarm";
    if (!keyword)
        return {};
    return report(uniqueId, p, keyword);
}

} // namespace fw
