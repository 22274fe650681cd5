#include "Gt06Location.h"

#include "Gt06Alarms.h"
#include "Gt06Fields.h"
#include "Gt06MessageTypes.h"

#include <algorithm>

namespace fw::gt06 {

namespace {

const QString kGeofence = QStringLiteral("geofence");

} // namespace

void addAlarm(Attributes &a, const QString &alarm)
{
    const QString existing = a.value(attr::alarm).toString();
    if (existing.isEmpty())
        a.set(attr::alarm, alarm);
    else if (!existing.split(QLatin1Char(',')).contains(alarm))
        a.set(attr::alarm, QString(existing + QLatin1Char(',') + alarm));
}

void readStatusModules(const FrameInfo &f, ByteReader &r, Attributes &a)
{
    while (available(r, f) >= 3) {
        const quint16 module = r.u16();
        const quint8 length = r.u8();
        ByteReader d(r.bytes(qMin<qsizetype>(length, available(r, f))));
        switch (module) {
        case 0x0018:
            a.set(attr::battery, d.u16() * 0.01);
            break;
        case 0x0032:
            a.set(QStringLiteral("startupStatus"), int(d.u8()));
            break;
        case 0x006A:
            a.set(attr::batteryLevel, int(d.u8()));
            break;
        default:
            break;
        }
    }
}

bool FrameInfo::ntModel() const
{
    static const QStringList models = { QStringLiteral("NT11"), QStringLiteral("NT20"),
        QStringLiteral("NT26"), QStringLiteral("NT40"), QStringLiteral("NT46"),
        QStringLiteral("VL100"), QStringLiteral("XT40") };
    return !model.isEmpty() && models.contains(model);
}

namespace {

// 0x22 / 0x25 of the NT models: status block, device time, odometer and hours.
bool ntFrame(const FrameInfo &f)
{
    return (f.type == kGpsLbs2 || f.type == kGpsLbsDriver) && f.ntModel();
}

bool gpsBlock(const FrameInfo &f)
{
    if (f.type == kFenceSingle && f.variant == Variant::SeeWorld)
        return false;
    return hasGps(f.type) || f.variant == Variant::Rfid || f.variant == Variant::Lw4g
        || f.variant == Variant::Sr411Mini || f.variant == Variant::Trx16i;
}

// TRX16i location with an RFID card (0x36): no status block.
bool rfidLocation(const FrameInfo &f)
{
    return f.type == kStatus2 && f.variant == Variant::Trx16i;
}

// An RFID card number; all zeros = no card.
void setCard(Attributes &a, QByteArrayView card)
{
    if (std::any_of(card.begin(), card.end(), [](char c) { return c != 0; }))
        a.set(QStringLiteral("driverUniqueId"), hexString(card));
}

bool lbsBlock(const FrameInfo &f)
{
    if (f.type == kFenceSingle && f.variant == Variant::SeeWorld)
        return false;
    return hasLbs(f.type) || f.variant == Variant::Rfid || f.variant == Variant::Lw4g
        || f.variant == Variant::Sr411Mini || rfidLocation(f);
}

bool statusBlock(const FrameInfo &f)
{
    if (rfidLocation(f))
        return false;
    return hasStatus(f.type) || ntFrame(f) || f.variant == Variant::Lw4g
        || (f.type == kFenceSingle && f.variant == Variant::SeeWorld);
}

// Sign and magnitude in 15 bits.
int signedMagnitude(quint16 v)
{
    return (v & 0x8000) ? -(v & 0x7fff) : (v & 0x7fff);
}

// The status part: terminal status, battery, signal and the alarm byte, or a vendor's layout.
void readStatusPart(const FrameInfo &f, ByteReader &r, Position &p)
{
    Attributes &a = p.attributes;
    if (f.variant == Variant::Lw4g)
        r.u8(); // network indicator
    readStatusByte(r, a);
    if (f.variant == Variant::SeeWorld && f.length == 0x18) {
        r.u16(); // extension bits
        r.u8(); // voltage level
        a.set(attr::rssi, int(r.u8()));
        a.set(attr::power, double(r.u8()));
        r.skip(3); // language, sound, light
        a.set(QStringLiteral("steps"), qint64(r.u32()));
        a.set(attr::batteryLevel, int(r.u8()));
        a.set(attr::charge, r.u8() == 1);
        a.set(attr::motion, r.u8() == 1);
        return;
    }
    if (f.variant == Variant::Lw4g || ntFrame(f))
        a.set(attr::power, r.u16() / 100.0);
    if (ntFrame(f))
        a.set(attr::battery, r.u8() / 10.0);
    else
        readBatteryByte(r.u8(), a);
    a.set(attr::rssi, int(r.u8()));
    if (available(r, f) < 1)
        return;
    quint16 extension = r.u8();
    // The language byte's high nibble extends the alarm code in these frames.
    if (f.type == kGpsLbsStatus3 || f.type == kFenceMulti || f.type == kAlarmModule)
        extension |= quint16(r.peek() >> 4) << 8;
    if (f.variant == Variant::Vxt01)
        return; // its extension byte is not an alarm
    if (f.variant == Variant::Trx16i) {
        a.set(attr::event, int(extension));
        if (extension == 0x09) {
            addAlarm(a, alarm::geofence);
            return;
        }
        if (extension == 0x0E) {
            addAlarm(a, alarm::lowPower);
            return;
        }
    }
    if (const QString *al = alarmFromByte(extension, f.model))
        addAlarm(a, *al);
}

// What follows the cell block of 0x12 frames of some vendors.
void readGpsLbs1Trailer(const FrameInfo &f, ByteReader &r, Attributes &a)
{
    if (f.variant == Variant::Vxt01 || f.variant == Variant::S5) {
        readStatusByte(r, a);
        a.set(attr::power, r.u16() / 100.0);
        a.set(attr::rssi, int(r.u8()));
        const quint8 code = r.u8();
        if (f.variant == Variant::Vxt01)
            return;
        if (const QString *al = alarmFromByte(code))
            addAlarm(a, *al);
        a.set(QStringLiteral("oil"), int(r.u16()));
        const quint8 t = r.u8();
        a.set(QStringLiteral("temp1"), (t & 0x80) ? -(t & 0x7f) : int(t));
        a.set(attr::odometer, qint64(r.u32()) * 10);
    } else if (f.variant == Variant::WeTrust) {
        a.set(attr::odometer, qint64(r.u32()));
        a.set(QStringLiteral("card"), QString::fromLatin1(r.bytes(r.u8())));
        if (r.u8() > 0)
            addAlarm(a, alarm::general);
        a.set(QStringLiteral("cardStatus"), int(r.u8()));
        a.set(QStringLiteral("drivingTime"), int(r.u16()));
    }
}

} // namespace

bool isLocationFrame(const FrameInfo &f)
{
    return gpsBlock(f) || lbsBlock(f) || statusBlock(f);
}

bool decodeLocationFrame(const FrameInfo &f, ByteReader &r, DecodedMessage &m)
{
    const quint8 type = f.type;
    Position &p = m.position;
    Attributes &a = p.attributes;
    a.reserve(8);
    const bool gps = gpsBlock(f);
    if (ntFrame(f)) {
        r.u8(); // location source
        r.skip(8); // IMEI
        r.skip(6); // time of the report (the fix time follows)
    }
    if (type == kGpsLbs1 && f.model == u"QH302R")
        r.skip(8); // IMEI
    if (gps) {
        readGps(r, p, false, true, true, f.utcOffset);
        if (r.overrun())
            return false;
        m.hasLocation = p.deviceTime != kNoTime;
    }
    // One byte more than the standard layout: 4-byte cell id and battery in percent.
    const bool wideCell = hasStatus(type) && hasGps(type) && !hasLanguage(type)
        && f.bodySize == 18 + 9 + 5 + 1;
    if (lbsBlock(f) && available(r, f) > 0) {
        const bool hasLength = (lbsHasLength(type) || ntFrame(f)) && f.variant != Variant::Vxt01
            && f.variant != Variant::Lw4g && !rfidLocation(f);
        if (wideCell)
            r.skip(1 + 2 + 1 + 2 + 4);
        else
            readLbs(r, type, hasLength, f.variant);
    }
    if (statusBlock(f) && available(r, f) >= 3) {
        const qsizetype statusAt = r.position();
        readStatusPart(f, r, p);
        if (wideCell)
            a.set(attr::batteryLevel, int(r.peek(statusAt + 1 - r.position())));
    }
    const bool language = hasLanguage(type) && !rfidLocation(f);
    if ((language || f.variant == Variant::Lw4g || ntFrame(f)) && available(r, f) >= 1)
        r.u8();
    if (rfidLocation(f)) {
        a.set(attr::ignition, r.u8() > 0);
        a.set(QStringLiteral("uploadMode"), int(r.u8()));
        a.set(attr::archive, r.u8() > 0);
        a.set(attr::odometer, qint64(r.u32()));
        a.set(attr::power, r.u16() / 100.0);
        a.set(attr::battery, r.u8() / 10.0);
        a.set(QStringLiteral("hours"), qint64(r.u24()) * 60 * 1000);
        setCard(a, r.bytes(8));
    } else if (type == kStatus2 || type == kAlarmModule) {
        readStatusModules(f, r, a);
    }
    if (type == kGpsLbsStatus1 && f.variant == Variant::Trx16i) {
        r.u8(); // language
        setCard(a, r.bytes(8));
    }
    if (f.variant == Variant::Lw4g) {
        a.set(attr::odometer, qint64(r.u32()));
        a.set(QStringLiteral("hours"), qint64(r.u32()) * 1000);
        r.skip(8); // terminal id
        a.set(QStringLiteral("input"), int(r.u16()));
    }
    if (type == kGpsLbs1)
        readGpsLbs1Trailer(f, r, a);
    if (f.variant == Variant::Sr411Mini) {
        a.set(attr::ignition, r.u8() > 0);
        a.set(attr::power, r.u16() / 100.0);
        a.set(attr::battery, r.u16() / 100.0);
    }
    if (type == kGpsLbs2 && f.variant == Variant::SeeWorld) {
        a.set(attr::ignition, r.u8() > 0);
        r.skip(2); // reporting mode, supplementary transmission
        a.set(attr::odometer, qint64(r.u32()));
        r.u32(); // travel time
        a.set(QStringLiteral("temp1"), signedMagnitude(r.u16()) / 100.0);
        a.set(QStringLiteral("humidity"), r.u16() / 100.0);
    }
    if (type == kGpsLbsStatus4 && f.variant == Variant::Sl4x)
        p.altitude = r.s16();
    if (ntFrame(f)) {
        a.set(attr::odometer, qint64(r.u24()));
        a.set(QStringLiteral("hours"), qint64(r.u24()) * 60 * 1000);
        if (type == kGpsLbsDriver) {
            const int length = r.u8();
            if (length > 0) {
                r.u8(); // identifier type
                a.set(QStringLiteral("driverUniqueId"), hexString(r.bytes(length - 1)));
            }
        }
    }
    if ((type == kGpsLbs2 || type == kGpsLbs3 || type == kGpsLbs4 || type == kGpsLbs5)
        && !ntFrame(f) && available(r, f) >= 3) {
        a.set(attr::ignition, r.u8() > 0);
        a.set(attr::event, int(r.u8())); // reason of the report
        a.set(attr::archive, r.u8() > 0);
        if (f.variant == Variant::Sl4x) {
            if (available(r, f) > 2)
                a.set(attr::odometer, qint64(r.u32()));
            p.altitude = r.s16();
        }
    }
    if (type == kGpsLbs3 && available(r, f) >= 3) {
        const quint16 module = r.u16();
        const quint8 subLength = r.u8();
        if (module == 0x0027)
            a.set(attr::power, r.u16() * 0.01);
        else if (module == 0x002E)
            a.set(attr::odometer, qint64(r.u32()));
        else if (module == 0x003B)
            p.accuracy = r.u16() * 0.01;
        else
            r.skip(qMin<qsizetype>(subLength, available(r, f)));
    }
    if (f.variant == Variant::Rfid) {
        a.set(QStringLiteral("driverUniqueId"), hexString(r.bytes(8)));
        r.u8(); // validity
    }
    // Trailers recognised by their length: ignition, upload mode and re-upload flag, then
    // the odometer.
    if (available(r, f) == 3 || available(r, f) == 3 + 4) {
        a.set(attr::ignition, r.u8() > 0);
        r.u8(); // upload mode
        if (r.u8() > 0)
            a.set(attr::archive, true);
    }
    if (available(r, f) == 4)
        a.set(attr::odometer, qint64(r.u32()));
    if ((type == kGpsLbsStatus3 || type == kFenceMulti) && available(r, f) >= 1)
        a.set(kGeofence, int(r.u8()));
    if (r.overrun() && !gps)
        return false;
    if (!gps)
        m.type = MessageType::Status;
    return true;
}

// OBD6 status (0x13 of length 0x13): satellites and signal in one word, then alarm, battery,
// working mode, power and, in mode 4, a temperature.
void readObd6Status(ByteReader &r, Attributes &a)
{
    readStatusByte(r, a);
    const quint16 signal = r.u16();
    a.set(QStringLiteral("sat"), int(((signal >> 10) & 0x1f) + ((signal >> 5) & 0x1f)));
    a.set(attr::rssi, int(signal & 0x1f));
    if (const QString *al = alarmFromByte(r.u8()))
        addAlarm(a, *al);
    r.u8(); // language
    a.set(attr::batteryLevel, int(r.u8()));
    const quint8 mode = r.u8();
    a.set(attr::power, r.u16() / 100.0);
    r.u8(); // reserved
    r.u16(); // working time
    if (mode == 4)
        a.set(QStringLiteral("temp1"), r.s16() / 10.0);
}

} // namespace fw::gt06
