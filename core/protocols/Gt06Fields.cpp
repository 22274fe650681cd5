#include "Gt06Fields.h"

#include "Gt06Alarms.h"
#include "Gt06MessageTypes.h"

namespace fw::gt06 {

namespace {

const QString kSat = QStringLiteral("sat");
const QString kBlocked = QStringLiteral("blocked");
const QString kBatteryLevel = QStringLiteral("batteryLevel");
const QString kIccid = QStringLiteral("iccid");

} // namespace

TimeMs readDateTime(ByteReader &r)
{
    const int y = r.u8(), mo = r.u8(), d = r.u8(), h = r.u8(), mi = r.u8(), s = r.u8();
    return utcTime(2000 + y, mo, d, h, mi, s);
}

TimeMs readBcdDateTime(ByteReader &r)
{
    const int y = bcd(r.u8()), mo = bcd(r.u8()), d = bcd(r.u8());
    const int h = bcd(r.u8()), mi = bcd(r.u8()), s = bcd(r.u8());
    if (y < 0)
        return kNoTime;
    return utcTime(2000 + y, mo, d, h, mi, s);
}

void applyCourseFlags(Position &p, double lat, double lon, quint16 flags)
{
    p.course = flags & 0x3ff;
    p.valid = (flags & 0x1000) != 0;
    p.latitude = (flags & 0x0400) ? lat : -lat;
    p.longitude = (flags & 0x0800) ? -lon : lon;
    if (flags & 0x4000)
        p.attributes.set(attr::ignition, (flags & 0x8000) != 0);
}

bool readGps(ByteReader &r, Position &p, bool hasLength, bool hasSatellites, bool hasSpeed)
{
    p.deviceTime = readDateTime(r);
    if (hasLength && r.u8() == 0)
        return false;
    if (hasSatellites) {
        p.satellites = r.u8() & 0x0f;
        p.attributes.set(kSat, p.satellites);
    }
    const double lat = r.u32() / 60.0 / 30000.0;
    const double lon = r.u32() / 60.0 / 30000.0;
    if (hasSpeed)
        p.speedKph = r.u8();
    applyCourseFlags(p, lat, lon, r.u16());
    return true;
}

void readLbs(ByteReader &r, quint8 type, bool hasLength)
{
    qsizetype length = 0;
    if (hasLength) {
        length = r.u8();
        if (length == 0)
            return;
    }
    const qsizetype start = r.position();
    const quint16 mcc = r.u16();
    const bool longFormat = type == kGps2;
    if ((mcc & 0x8000) || type == kGpsLbs6 || longFormat)
        r.u16();
    else
        r.u8();
    if (longFormat) {
        r.u32();
        r.u64();
    } else {
        r.u16();
        if (type == kGpsLbs6)
            r.u32();
        else
            r.u24();
    }
    // The length byte counts itself.
    const qsizetype consumed = r.position() - start;
    if (hasLength && length - 1 > consumed)
        r.skip(length - 1 - consumed);
}

void readStatusBlock(ByteReader &r, Position &p)
{
    const quint8 status = r.u8();
    Attributes &a = p.attributes;
    a.set(attr::status, status);
    a.set(attr::ignition, (status & 0x02) != 0);
    a.set(attr::charge, (status & 0x04) != 0);
    a.set(kBlocked, (status & 0x80) != 0);
    if (const QString *al = alarmFromStatus(status))
        a.set(attr::alarm, *al);
    a.set(kBatteryLevel, r.u8() * 100 / 6);
    a.set(attr::rssi, r.u8());
}

bool readModules(ByteReader &r, Position &p)
{
    bool hasLocation = false;
    while (r.remaining() >= 4) {
        const quint16 module = r.u16();
        const quint16 length = r.u16();
        const QByteArrayView data = r.bytes(length);
        if (r.overrun())
            break;
        ByteReader d(data);
        switch (module) {
        case 0x03:
            p.attributes.set(kIccid, hexString(data.first(qMin<qsizetype>(10, length))));
            break;
        case 0x09:
            p.satellites = d.u8();
            p.attributes.set(kSat, p.satellites);
            break;
        case 0x18:
            p.attributes.set(attr::battery, d.u16() * 0.01);
            break;
        case 0x28:
            p.attributes.set(attr::hdop, d.u8() * 0.1);
            break;
        case 0x29:
            p.attributes.set(attr::index, d.u32());
            break;
        case 0x2b: {
            const quint8 event = d.u8();
            if (const QString *al = alarmFromModuleEvent(event))
                p.attributes.set(attr::alarm, *al);
            p.attributes.set(attr::event, event);
            break;
        }
        case 0x2e:
            p.attributes.set(attr::odometer, d.u32le());
            break;
        case 0x33:
            if (length >= 18) {
                p.deviceTime = TimeMs(d.u32()) * kSecond;
                p.satellites = d.u8();
                p.attributes.set(kSat, p.satellites);
                p.altitude = d.s16();
                const double lat = d.u32() / 60.0 / 30000.0;
                const double lon = d.u32() / 60.0 / 30000.0;
                p.speedKph = d.u8();
                applyCourseFlags(p, lat, lon, d.u16());
                hasLocation = true;
            }
            break;
        default:
            break;
        }
    }
    return hasLocation;
}

QString hexString(QByteArrayView v)
{
    static const char digits[] = "0123456789abcdef";
    QString s(v.size() * 2, Qt::Uninitialized);
    QChar *d = s.data();
    for (char c : v) {
        const auto b = static_cast<quint8>(c);
        *d++ = QLatin1Char(digits[b >> 4]);
        *d++ = QLatin1Char(digits[b & 0x0f]);
    }
    return s;
}

QString textOrHex(QByteArrayView data)
{
    QByteArrayView text = data;
    if (text.endsWith("\r\n"))
        text.chop(2);
    for (char c : text) {
        if (c < 0x20 || c > 0x7e)
            return hexString(data);
    }
    return QString::fromLatin1(text);
}

} // namespace fw::gt06
