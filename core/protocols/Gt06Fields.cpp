#include "Gt06Fields.h"

#include "Gt06Alarms.h"
#include "Gt06MessageTypes.h"

namespace fw::gt06 {

namespace {

const QString kSat = QStringLiteral("sat");
const QString kBlocked = QStringLiteral("blocked");
const QString kIccid = QStringLiteral("iccid");

} // namespace

TimeMs readDateTime(ByteReader &r, int utcOffset)
{
    const int y = r.u8(), mo = r.u8(), d = r.u8(), h = r.u8(), mi = r.u8(), s = r.u8();
    const TimeMs t = utcTime(2000 + y, mo, d, h, mi, s);
    return t == kNoTime ? kNoTime : t - TimeMs(utcOffset) * kSecond;
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

bool readGps(ByteReader &r, Position &p, bool hasLength, bool hasSatellites, bool hasSpeed,
             int utcOffset)
{
    p.deviceTime = readDateTime(r, utcOffset);
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

bool readLbs(ByteReader &r, quint8 type, bool hasLength, Variant variant)
{
    qsizetype length = 0;
    if (hasLength) {
        length = r.u8();
        if (length == 0) {
            // Some devices send an empty cell block as 45 zero bytes after the length.
            bool zeroed = r.remaining() >= 45;
            for (qsizetype i = 9; i < 45 && zeroed; ++i)
                zeroed = r.peek(i) == 0;
            if (zeroed)
                r.skip(45);
            return false;
        }
    }
    // 4G frames say the radio first; 3 and above (LTE, NB-IoT, ...) use the long layout.
    const int cellType = type == kGpsLbs8 || type == kAlarmModule ? r.u8() : 0;
    const bool longCell = cellType >= 3 || type == kLbsAlarm || type == kGps2
        || variant == Variant::Lw4g;
    const quint16 mcc = r.u16();
    // The MNC is two bytes when bit 15 of the MCC says so.
    if ((mcc & 0x8000) || type == kGpsLbs6 || variant == Variant::Sl4x)
        r.u16();
    else
        r.u8();
    if (longCell) {
        r.u32(); // LAC
        r.u64(); // cell id
    } else {
        r.u16(); // LAC
        if (variant == Variant::Sl4x)
            r.u64();
        else if (type == kGpsLbs6 || type == kIButton || type == kGpsLbsDriver
                 || variant == Variant::SeeWorld
                 || (variant == Variant::Trx16i && type == kStatus2))
            r.u32();
        else
            r.u24();
    }
    if (cellType >= 3)
        r.u16(); // signal
    else if (type == kGpsLbs8 || type == kAlarmModule)
        r.u8(); // signal
    // A length above 9 (the length byte and the 8 bytes of the classic block) announces that
    // many extra bytes after the block, whatever the widths above.
    if (hasLength && length > 9)
        r.skip(qMin<qsizetype>(length - 9, r.remaining()));
    return !r.overrun();
}

void readBatteryByte(quint8 value, Attributes &a)
{
    // Older devices send a level of 0-6, newer ones the charge in percent; larger values are
    // neither.
    if (value <= 6)
        a.set(attr::batteryLevel, value * 100 / 6);
    else if (value <= 100)
        a.set(attr::batteryLevel, int(value));
}

void readStatusByte(ByteReader &r, Attributes &a)
{
    const quint8 status = r.u8();
    a.set(attr::status, status);
    a.set(attr::ignition, (status & 0x02) != 0);
    a.set(attr::charge, (status & 0x04) != 0);
    a.set(kBlocked, (status & 0x80) != 0);
    if (const QString *al = alarmFromStatus(status))
        a.set(attr::alarm, *al);
}

void readStatusBlock(ByteReader &r, Position &p)
{
    readStatusByte(r, p.attributes);
    readBatteryByte(r.u8(), p.attributes);
    p.attributes.set(attr::rssi, r.u8());
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
        case 0x0a:
            p.attributes.set(QStringLiteral("satVisible"), int(d.u8()));
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
        case 0x2a: {
            const quint8 input = d.u8();
            p.attributes.set(QStringLiteral("door"), (input & 0x0f) > 0);
            p.attributes.set(QStringLiteral("tamper"), (input >> 4) > 0);
            break;
        }
        case 0x2b: // why the device started; not an alarm
            p.attributes.set(QStringLiteral("bootReason"), int(d.u8()));
            break;
        case 0x34: { // alarm module: event, time, content
            const quint8 event = d.u8();
            if (const QString *al = alarmFromModuleEvent(event))
                p.attributes.set(attr::alarm, *al);
            p.attributes.set(attr::event, int(event));
            break;
        }
        case 0x7f: // BLE tag
            if (length >= 14) {
                p.attributes.set(QStringLiteral("tag1Id"), hexString(d.bytes(6)));
                p.attributes.set(QStringLiteral("tag1Battery"), d.u16() / 1000.0);
                p.attributes.set(QStringLiteral("tag1BatteryLevel"), int(d.u8()));
                p.attributes.set(QStringLiteral("tag1Temp"), d.s16() / 10.0);
                p.attributes.set(QStringLiteral("tag1Humidity"), int(d.s16()));
                p.attributes.set(QStringLiteral("tag1Status"), int(d.u8()));
            }
            break;
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
