#include "Gt06Extended.h"

#include "Gt06Alarms.h"
#include "Gt06Fields.h"
#include "Gt06MessageTypes.h"

#include <QRegularExpression>

namespace fw::gt06 {

namespace {

QString trimmedText(QByteArrayView v)
{
    return QString::fromLatin1(v).trimmed();
}

} // namespace

bool decodeAlarmFrame(const FrameInfo &f, ByteReader &r, DecodedMessage &m)
{
    Position &p = m.position;
    Attributes &a = p.attributes;
    const bool jc400 = r.peek(0) == 0xff && r.peek(1) == 0xff;
    const bool extended = available(r, f) > 7;
    if (jc400) {
        r.skip(3); // marker, version
        p.deviceTime = readDateTime(r, f.utcOffset);
        p.satellites = r.u8() & 0x0f;
        a.set(QStringLiteral("sat"), p.satellites);
        const double lat = r.u32() / 60.0 / 30000.0;
        const double lon = r.u32() / 60.0 / 30000.0;
        const quint16 flags = r.u16();
        p.speedKph = r.u16();
        applyCourseFlags(p, lat, lon, flags);
        a.set(attr::power, r.u16() / 10.0);
        m.hasLocation = true;
    } else if (extended) {
        readGps(r, p, false, false, false, f.utcOffset);
        m.hasLocation = true;
    } else {
        p.deviceTime = readDateTime(r, f.utcOffset);
    }
    if (r.overrun() || available(r, f) < 1)
        return false;
    const quint8 code = r.u8();
    a.set(attr::event, int(code));
    if (available(r, f) >= 2)
        a.set(QStringLiteral("eventData"), int(r.u16()));
    if (const QString *al = alarmFromCode(code, extended || jc400))
        a.set(attr::alarm, *al);
    if (available(r, f) > 0)
        a.set(QStringLiteral("eventFiles"), QString::fromLatin1(r.bytes(available(r, f))));
    return !r.overrun();
}

bool decodeInfoFrame(const FrameInfo &f, ByteReader &r, DecodedMessage &m)
{
    Attributes &a = m.position.attributes;
    const quint8 sub = r.u8();
    switch (sub) {
    case 0x00:
        a.set(QStringLiteral("adc1"), r.u16() * 0.01);
        break;
    case 0x04: {
        // "ALM1=C5;ALM2=CC;...;STA1=C0;DYD=01;..." (hex values)
        const QString text = QString::fromLatin1(r.bytes(available(r, f)));
        for (const QString &item : text.split(QLatin1Char(';'))) {
            const qsizetype eq = item.indexOf(QLatin1Char('='));
            if (eq < 0)
                continue;
            bool ok = false;
            const int value = item.mid(eq + 1).toInt(&ok, 16);
            const QString key = item.left(eq);
            if (!ok)
                continue;
            if (key.size() == 4 && key.startsWith(QLatin1String("ALM")))
                a.set(QStringLiteral("alarm%1Status").arg(key.at(3)), value);
            else if (key == u"STA1")
                a.set(QStringLiteral("otherStatus"), value);
            else if (key == u"DYD")
                a.set(QStringLiteral("engineStatus"), value);
        }
        break;
    }
    case 0x05: {
        if (available(r, f) >= 7)
            r.skip(6); // time
        const quint8 flags = r.u8();
        a.set(QStringLiteral("door"), (flags & 0x01) != 0);
        a.set(QStringLiteral("io1"), (flags & 0x04) != 0);
        break;
    }
    case 0x0a:
        if (available(r, f) >= 26) {
            r.skip(16); // IMEI, IMSI
            QString iccid = hexString(r.bytes(10));
            while (iccid.endsWith(QLatin1Char('f')))
                iccid.chop(1);
            a.set(QStringLiteral("iccid"), iccid);
        }
        break;
    case 0x0b:
        if (available(r, f) == 1)
            a.set(QStringLiteral("networkTechnology"),
                  r.u8() > 0 ? QStringLiteral("4G") : QStringLiteral("2G"));
        else if (available(r, f) >= 2)
            a.set(attr::power, r.u16() * 0.01);
        break;
    case 0x0d: {
        // Fuel sensor: "!AIOIL,address,output,temperature,version,status,measured,moving,
        // waves,checksum", after a time when it does not start at once.
        if (r.peek() != '!')
            r.skip(6);
        const QList<QByteArray> fields = r.bytes(available(r, f)).toByteArray().split(',');
        if (fields.size() < 8 || fields.at(0) != "!AIOIL")
            return false;
        bool okTemp = false, okFuel = false;
        const double temperature = fields.at(3).toDouble(&okTemp);
        const double fuel = fields.at(6).toDouble(&okFuel);
        if (!okTemp || !okFuel)
            return false;
        a.set(QStringLiteral("temp1"), temperature);
        a.set(QStringLiteral("fuel"), fuel);
        break;
    }
    case 0x1b:
        if (r.peek() == 0x02 && available(r, f) >= 8) {
            r.skip(2); // header, type
            a.set(QStringLiteral("driverUniqueId"), hexString(r.bytes(4)));
        } else if (available(r, f) > 0) {
            a.set(QStringLiteral("serial"), textOrHex(r.bytes(available(r, f))).trimmed());
        }
        break;
    case 0x1e:
        a.set(QStringLiteral("temp1"), r.s32() / 10.0);
        a.set(QStringLiteral("humidity"), r.s32() / 10.0);
        break;
    default:
        return false;
    }
    return !r.overrun() && !a.isEmpty();
}

bool readPositionText(const QString &text, DecodedMessage &m)
{
    static const QRegularExpression pattern(QStringLiteral(
        "Current position!Lat:([NS])(\\d+\\.\\d+),Lon:([EW])(\\d+\\.\\d+),"
        "Course:(\\d+\\.\\d+),Speed:(\\d+\\.\\d+),"
        "DateTime:(\\d{4})-(\\d\\d)-(\\d\\d) +(\\d\\d):(\\d\\d):(\\d\\d)"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return false;
    Position &p = m.position;
    const auto number = [&match](int i) { return match.captured(i).toDouble(); };
    p.valid = true;
    p.latitude = match.captured(1) == u"S" ? -number(2) : number(2);
    p.longitude = match.captured(3) == u"W" ? -number(4) : number(4);
    p.course = number(5);
    p.speedKph = number(6) * kKnotsToKph; // knots
    p.deviceTime = utcTime(int(number(7)), int(number(8)), int(number(9)), int(number(10)),
                           int(number(11)), int(number(12)));
    m.hasLocation = p.deviceTime != kNoTime;
    return m.hasLocation;
}

bool decodeWifiAlarm(const FrameInfo &f, ByteReader &r, DecodedMessage &m)
{
    Attributes &a = m.position.attributes;
    m.position.deviceTime = readDateTime(r, f.utcOffset);
    const quint16 mcc = r.u16();
    if (mcc & 0x8000)
        r.u16();
    else
        r.u8();
    const bool cell4g = r.u8() > 0;
    const int cells = r.u8();
    r.skip(qsizetype(cells) * (cell4g ? 4 + 8 + 1 : 2 + 3 + 1)); // LAC, cell id, signal
    r.u8(); // timing advance
    const int wifis = r.u8();
    r.skip(qsizetype(wifis) * 7); // MAC, signal
    const quint8 code = r.u8();
    const quint8 language = r.u8();
    if (r.overrun())
        return false;
    if (const QString *al = alarmFromByte(quint16(language >> 4) << 8 | code))
        addAlarm(a, *al);
    m.type = MessageType::Status;
    return true;
}

bool decodeIButton(const FrameInfo &f, ByteReader &r, DecodedMessage &m)
{
    r.skip(8); // IMEI
    readGps(r, m.position, false, true, true, f.utcOffset);
    readLbs(r, f.type, false);
    const quint64 high = r.u32();
    const quint64 id = (high << 16) | r.u16();
    if (r.overrun())
        return false;
    m.position.attributes.set(QStringLiteral("driverUniqueId"), QString::number(id));
    m.hasLocation = m.position.deviceTime != kNoTime;
    return true;
}

bool decodeBms(const FrameInfo &, ByteReader &r, DecodedMessage &m)
{
    Attributes &a = m.position.attributes;
    r.skip(8); // serial number
    m.position.deviceTime = TimeMs(r.u32()) * kSecond;
    a.set(QStringLiteral("relativeCapacity"), int(r.u8()));
    a.set(QStringLiteral("remainingCapacity"), int(r.u16()));
    a.set(QStringLiteral("absoluteCapacity"), int(r.u8()));
    a.set(QStringLiteral("fullCapacity"), int(r.u16()));
    a.set(QStringLiteral("batteryHealth"), int(r.u8()));
    a.set(QStringLiteral("batteryTemp"), r.u16() / 10.0 - 273.1);
    a.set(QStringLiteral("current"), int(r.u16()));
    a.set(attr::battery, r.u16() / 1000.0);
    a.set(QStringLiteral("cycleIndex"), int(r.u16()));
    for (int i = 1; i <= 14; ++i)
        a.set(QStringLiteral("batteryCell%1").arg(i), r.u16() / 1000.0);
    a.set(QStringLiteral("currentChargeInterval"), int(r.u16()));
    a.set(QStringLiteral("maxChargeInterval"), int(r.u16()));
    a.set(QStringLiteral("barcode"), trimmedText(r.bytes(16)));
    a.set(QStringLiteral("batteryVersion"), int(r.u16()));
    a.set(QStringLiteral("manufacturer"), trimmedText(r.bytes(16)));
    a.set(QStringLiteral("batteryStatus"), qint64(r.u32()));
    a.set(QStringLiteral("controllerStatus"), qint64(r.u32()));
    a.set(QStringLiteral("controllerFault"), qint64(r.u32()));
    m.type = MessageType::Status;
    return !r.overrun();
}

bool decodeAz735(const FrameInfo &f, ByteReader &r, DecodedMessage &m)
{
    Position &p = m.position;
    Attributes &a = p.attributes;
    // The GPS block has a length byte; 0 = no fix in this report.
    m.hasLocation = readGps(r, p, true, true, true, f.utcOffset);
    if (!m.hasLocation)
        m.type = MessageType::Status;
    if (readLbs(r, f.type, true))
        a.set(attr::rssi, int(r.u8()));
    r.skip(r.u8()); // more cells
    r.skip(r.u8()); // Wi-Fi access points
    const quint8 status = r.u8();
    a.set(attr::status, int(status));
    if (f.type == kAz735Alarm) {
        switch (status) {
        case 0xA0:
            a.set(QStringLiteral("armed"), true);
            break;
        case 0xA1:
            a.set(QStringLiteral("armed"), false);
            break;
        case 0xA2:
        case 0xA3:
            addAlarm(a, alarm::lowBattery);
            break;
        case 0xA4:
            addAlarm(a, alarm::general);
            break;
        case 0xA5:
            addAlarm(a, alarm::door);
            break;
        default:
            break;
        }
    }
    r.skip(r.u8()); // reserved extension
    return !r.overrun();
}

bool decodeGpsLbs8(const FrameInfo &f, ByteReader &r, DecodedMessage &m)
{
    readGps(r, m.position, false, true, true, f.utcOffset);
    r.u8(); // upload mode
    r.u8(); // re-upload
    readLbs(r, f.type, false);
    m.hasLocation = !r.overrun() && m.position.deviceTime != kNoTime;
    return m.hasLocation;
}

bool decodeDeviceStatus(const FrameInfo &f, ByteReader &r, DecodedMessage &m)
{
    Attributes &a = m.position.attributes;
    m.position.deviceTime = TimeMs(r.u32()) * kSecond;
    m.type = MessageType::Status;
    while (available(r, f) >= 3 && !r.overrun()) {
        const quint16 id = r.u16();
        if (f.type == kPeripheral) {
            if (id == 0x000A) {
                const quint16 length = r.u16();
                ByteReader d(r.bytes(qMin<qsizetype>(length, available(r, f))));
                d.u8(); // MAC address type
                a.set(QStringLiteral("mac"), hexString(d.bytes(6)));
                const quint8 event = d.u8();
                a.set(attr::event, int(event));
                const quint8 eventData = d.u8();
                if (event > 0)
                    a.set(QStringLiteral("eventData"), int(eventData));
                a.set(QStringLiteral("dataType"), int(d.u8()));
                a.set(QStringLiteral("dataDetails"), hexString(d.bytes(d.remaining())));
            } else if (id == 0x000C) {
                ByteReader d(r.bytes(qMin<qsizetype>(r.u8(), available(r, f))));
                a.set(QStringLiteral("externalBatteryLevel"), int(d.u8()));
                if (d.u8() > 0)
                    a.set(QStringLiteral("externalBatteryCharge"), true);
                a.set(QStringLiteral("externalBatteryCycles"), int(d.u16()));
            } else {
                const quint8 length = r.u8();
                r.skip(qMin<qsizetype>(length == 0 ? r.u8() : length, available(r, f)));
            }
            continue;
        }
        ByteReader d(r.bytes(qMin<qsizetype>(r.u8(), available(r, f))));
        switch (id) {
        case 0x0001: {
            const quint8 motion = d.u8();
            a.set(attr::motion, motion == 0x02 || motion == 0x04);
            break;
        }
        case 0x0002:
            a.set(QStringLiteral("armed"), d.u8() > 0);
            break;
        case 0x0004:
            a.set(attr::ignition, d.u8() > 0);
            break;
        case 0x0005:
            a.set(attr::power, d.u16() / 100.0);
            break;
        case 0x0007:
            a.set(attr::charge, d.u8() > 0);
            break;
        case 0x000A:
            a.set(QStringLiteral("chargeVoltage"), int(d.u16()));
            break;
        case 0x000B:
            a.set(QStringLiteral("batteryTemp"), d.u16() / 10.0);
            break;
        default:
            break;
        }
    }
    return !r.overrun();
}

bool decodeObd(const FrameInfo &f, ByteReader &r, DecodedMessage &m)
{
    Attributes &a = m.position.attributes;
    m.position.deviceTime = readDateTime(r, f.utcOffset);
    a.set(attr::ignition, r.u8() > 0);
    // "PPxx=hex" pairs; the last 12 bytes of the body are not part of the text.
    const QByteArrayView text = r.bytes(qMax<qsizetype>(0, available(r, f) - 12));
    if (r.overrun())
        return false;
    m.type = MessageType::Status;
    for (QByteArrayView pair : QByteArray(text.data(), text.size()).split(',')) {
        const qsizetype eq = pair.indexOf('=');
        if (eq < 2)
            continue;
        bool ok = false;
        const int pid = pair.first(2).toInt(&ok, 16);
        const QByteArrayView value = pair.sliced(eq + 1);
        if (!ok)
            continue;
        if (pid == 74) {
            a.set(QStringLiteral("vin"), QString::fromLatin1(value));
            continue;
        }
        const qlonglong raw = value.toLongLong(&ok, 16);
        if (!ok)
            continue;
        switch (pid) {
        case 40:
            a.set(attr::odometer, raw / 100.0);
            break;
        case 43:
            a.set(QStringLiteral("fuel"), raw / 100.0);
            break;
        case 45:
            a.set(QStringLiteral("coolantTemp"), raw / 100.0);
            break;
        case 53:
            a.set(QStringLiteral("obdSpeed"), raw / 100.0);
            break;
        case 54:
            a.set(QStringLiteral("rpm"), raw / 100.0);
            break;
        case 71:
            a.set(QStringLiteral("fuelUsed"), raw / 100.0);
            break;
        case 73:
            a.set(QStringLiteral("hours"), raw / 100.0);
            break;
        default:
            break;
        }
    }
    return true;
}

} // namespace fw::gt06
