#include "SuntechZip.h"

#include <QDate>

namespace fw::suntech {

namespace {

int bcd(quint8 b)
{
    const int hi = b >> 4, lo = b & 0x0f;
    return hi > 9 || lo > 9 ? -1 : hi * 10 + lo;
}

quint8 u8(QByteArrayView s, qsizetype at)
{
    return static_cast<quint8>(s[at]);
}

quint32 be(QByteArrayView s, qsizetype at, int bytes)
{
    quint32 v = 0;
    for (int i = 0; i < bytes; ++i)
        v = (v << 8) | u8(s, at + i);
    return v;
}

// Whole part, then `bytes` BCD bytes of fraction (two decimal digits each); < 0 when not BCD.
double withBcdFraction(double whole, QByteArrayView s, qsizetype at, int bytes)
{
    int fraction = 0;
    for (int i = 0; i < bytes; ++i) {
        const int v = bcd(u8(s, at + i));
        if (v < 0)
            return -1;
        fraction = fraction * 100 + v;
    }
    double scale = 1;
    for (int i = 0; i < bytes; ++i)
        scale *= 100;
    return whole + fraction / scale;
}

} // namespace

QString zipReportId(QByteArrayView s)
{
    if (s.size() < kZipReportSize || u8(s, 0) != 0x02 || u8(s, 3) != 0x10)
        return {};
    const QString id = QString::fromLatin1(s.sliced(4, 5).toByteArray().toHex()).left(9);
    return std::all_of(id.begin(), id.end(), [](QChar c) { return c.isDigit(); }) ? id
                                                                                  : QString();
}

void decodeZipReport(QByteArrayView s, DecodedMessage &m)
{
    Position &p = m.position;
    Attributes &a = p.attributes;
    // 9: model, 10-11: firmware version; 12-17: date and time; 18-20: LAC and cell.
    const QDate date(2000 + u8(s, 12), u8(s, 13), u8(s, 14));
    const int h = u8(s, 15), min = u8(s, 16), sec = u8(s, 17);
    if (date.isValid() && h < 24 && min < 60 && sec < 60) {
        constexpr qint64 kUnixEpochDay = 2440588;
        p.deviceTime =
            ((date.toJulianDay() - kUnixEpochDay) * 86400 + h * 3600 + min * 60 + sec) * 1000;
    }
    const double latAbs = withBcdFraction(u8(s, 21), s, 22, 3);
    const double lonAbs = withBcdFraction(u8(s, 25), s, 26, 3);
    const double speed = withBcdFraction(be(s, 29, 2), s, 31, 1);
    const double course = withBcdFraction(be(s, 32, 2), s, 34, 1);
    const quint8 flags = u8(s, 35);
    if (latAbs >= 0 && latAbs <= 90 && lonAbs >= 0 && lonAbs <= 180) {
        p.latitude = flags & 0x40 ? -latAbs : latAbs;
        p.longitude = flags & 0x20 ? -lonAbs : lonAbs;
        p.valid = (flags & 0x80) != 0;
        p.speedKph = speed >= 0 ? speed * kKnotsToKph : 0.0; // sent in knots
        p.course = course >= 0 && course <= 360 ? course : 0.0;
        m.hasLocation = true;
    }
    a.set(attr::odometer, static_cast<qint64>(be(s, 36, 4)));
    const double power = withBcdFraction(u8(s, 40), s, 41, 1);
    if (power >= 0)
        a.set(attr::power, power);
    const quint8 io = u8(s, 42);
    a.set(attr::ignition, (io & 0x01) != 0);
    for (int i = 1; i <= 3; ++i)
        a.set(QStringLiteral("in%1").arg(i), ((io >> i) & 1) != 0);
    for (int i = 1; i <= 2; ++i)
        a.set(QStringLiteral("out%1").arg(i), ((io >> (i + 3)) & 1) != 0);
    a.set(attr::event, static_cast<int>(u8(s, 43)));
}

} // namespace fw::suntech
