#include "NmeaFrameEncoder.h"

#include "DegreesMinutes.h"
#include "protocols/Checksums.h"

#include <QDateTime>

namespace fw {

namespace {

QByteArray pad2(int v)
{
    return QByteArray::number(v).rightJustified(2, '0');
}

QByteArray degMin(double value, int degreeDigits)
{
    return degreesMinutes(value, degreeDigits, 5);
}

QDateTime fixTime(const Position &p)
{
    const TimeMs now = QDateTime::currentMSecsSinceEpoch();
    return toDateTime(p.deviceTime == kNoTime ? now : p.deviceTime);
}

QByteArray timeOfDay(const QTime &t)
{
    return pad2(t.hour()) + pad2(t.minute()) + pad2(t.second()) + '.'
        + QByteArray::number(t.msec()).rightJustified(3, '0');
}

} // namespace

QByteArray NmeaFrameEncoder::sentence(QByteArrayView body)
{
    const QByteArray sum
        = QByteArray::number(checksum::xor8(body), 16).toUpper().rightJustified(2, '0');
    return '$' + body.toByteArray() + '*' + sum + "\r\n";
}

QByteArray NmeaFrameEncoder::rmc(const Position &p)
{
    const QDateTime dt = fixTime(p);
    const QDate d = dt.date();
    QByteArray body = "GPRMC," + timeOfDay(dt.time());
    body += p.valid ? ",A," : ",V,";
    body += degMin(p.latitude, 2) + (p.latitude < 0 ? ",S," : ",N,");
    body += degMin(p.longitude, 3) + (p.longitude < 0 ? ",W," : ",E,");
    body += QByteArray::number(p.speedKph / kKnotsToKph, 'f', 2) + ',';
    body += QByteArray::number(p.course, 'f', 2) + ',';
    body += pad2(d.day()) + pad2(d.month()) + pad2(d.year() % 100);
    body += p.valid ? ",,,A" : ",,,N";
    return sentence(body);
}

QByteArray NmeaFrameEncoder::gga(const Position &p)
{
    QByteArray body = "GPGGA," + timeOfDay(fixTime(p).time()) + ',';
    body += degMin(p.latitude, 2) + (p.latitude < 0 ? ",S," : ",N,");
    body += degMin(p.longitude, 3) + (p.longitude < 0 ? ",W," : ",E,");
    body += p.valid ? "1," : "0,";
    body += pad2(std::max(0, p.satellites)) + ',';
    body += QByteArray::number(p.attributes.value(attr::hdop, 1.0).toDouble(), 'f', 1) + ',';
    body += QByteArray::number(p.altitude, 'f', 1) + ",M,0.0,M,,";
    return sentence(body);
}

QByteArray NmeaFrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(serial);
    return sentence(QByteArray("PFWID," + uniqueId.toLatin1()));
}

QByteArray NmeaFrameEncoder::position(
    const QString &uniqueId, const Position &p, quint32 serial) const
{
    Q_UNUSED(uniqueId);
    Q_UNUSED(serial);
    return rmc(p);
}

QByteArray NmeaFrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(uniqueId);
    Q_UNUSED(serial);
    return {};
}

} // namespace fw
