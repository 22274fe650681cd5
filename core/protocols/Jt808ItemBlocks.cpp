#include "Jt808ItemBlocks.h"

#include "Jt808Fields.h"
#include "domain/Network.h"

#include <algorithm>
#include <iterator>

namespace fw::jt808 {

namespace {

const QString kBatteryLevel = QStringLiteral("batteryLevel");
const QString kIccid = QStringLiteral("iccid");
const QString kFuel = QStringLiteral("fuel");

bool printable(QByteArrayView v)
{
    return !v.isEmpty() && std::all_of(v.begin(), v.end(), [](char c) {
        return c >= 0x20 && c <= 0x7e;
    });
}

} // namespace

// 0xEB: a cell list (MCC first), a time-zone text, or items of u16 length + u16 type.
void decodeExtended(Attributes &a, ByteReader &r, QByteArrayView raw)
{
    if (raw.size() >= 3 && ((r.peek(0) << 8) | r.peek(1)) > 200 && (raw.size() - 3) % 5 == 0) {
        // Cell towers: MCC (2), MNC (1), then LAC (2), cell id (2), signal (1) per cell.
        Network network;
        const int mcc = r.u16();
        const int mnc = r.u8();
        while (r.remaining() >= 5) {
            const int lac = r.u16();
            const int cid = r.u16();
            network.addCell(mcc, mnc, lac, cid, r.u8());
        }
        network.radioType = QStringLiteral("gsm");
        network.storeIn(a);
        return;
    }
    if (printable(raw)) {
        a.set(QStringLiteral("timezone"), QString::fromLatin1(raw));
        return;
    }
    while (r.remaining() >= 4) {
        const int length = r.u16();
        const int type = r.u16();
        ByteReader v(r.bytes(qMax(length - 2, 0)));
        if (r.overrun() || length < 2)
            return;
        switch (type) {
        case 0x0001:
            a.set(QStringLiteral("fuel1"), v.u16() * 0.1);
            break;
        case 0x0023:
            a.set(QStringLiteral("fuel2"), latin(v.bytes(6)).toDouble());
            break;
        case 0x002D:
            if (length == 6)
                a.set(attr::power, v.u32() * 0.001);
            else
                a.set(attr::battery, v.u16() * 0.001);
            break;
        case 0x0089: {
            const quint32 alarms = v.u32();
            if (!bit(alarms, 0))
                addAlarm(a, alarm::powerOff);
            if (!bit(alarms, 12))
                addAlarm(a, alarm::removing);
            break;
        }
        case 0x00C5: {
            const quint32 status = v.u32();
            if (!bit(status, 6))
                addAlarm(a, alarm::vibration);
            const int motion = (status >> 23) & 0x03;
            if (motion == 0 || motion == 1)
                a.set(attr::motion, motion == 0);
            break;
        }
        case 0x00B2: {
            QString iccid = hex(v.bytes(10));
            iccid.remove(QLatin1Char('f'));
            a.set(kIccid, iccid);
            break;
        }
        case 0x00C6: {
            const int batteryAlarm = v.u8();
            if (batteryAlarm == 0x03 || batteryAlarm == 0x04)
                a.set(attr::alarm, alarm::lowBattery);
            a.set(QStringLiteral("batteryAlarm"), batteryAlarm);
            break;
        }
        case 0x00CE:
            a.set(attr::power, v.u16() * 0.01);
            break;
        case 0x00A8:
        case 0x00E1:
            a.set(kBatteryLevel, static_cast<int>(v.u8()));
            break;
        default:
            break;
        }
    }
}


// The OBD block of item 0x80: items of id, length, value.
void decodeObd(Attributes &a, ByteReader &v)
{
    while (v.remaining() >= 2) {
        const int id = v.u8();
        const int length = v.u8();
        ByteReader d(v.bytes(length));
        if (v.overrun())
            return;
        switch (id) {
        case 0x01:
            a.set(attr::odometer, static_cast<qint64>(d.u32()) * 100);
            break;
        case 0x02:
            a.set(kFuel, d.u16() / 10.0);
            break;
        case 0x03:
        case 0x80:
            a.set(QStringLiteral("obdSpeed"), length == 1 ? double(d.u8()) : d.u16() / 10.0);
            break;
        case 0x81:
            a.set(QStringLiteral("rpm"), static_cast<int>(d.u16()));
            break;
        case 0x82:
            a.set(attr::power, d.u16() / 10.0);
            break;
        case 0x83:
            a.set(QStringLiteral("engineLoad"), static_cast<int>(d.u8()));
            break;
        case 0x84:
            a.set(QStringLiteral("coolantTemp"), d.u8() - 40);
            break;
        case 0x85:
            a.set(QStringLiteral("fuelConsumption"), static_cast<int>(d.u16()));
            break;
        case 0x86:
            a.set(QStringLiteral("intakeTemp"), d.u8() - 40);
            break;
        case 0x87:
            a.set(QStringLiteral("intakeFlow"), static_cast<int>(d.u16()));
            break;
        case 0x88:
            a.set(QStringLiteral("intakePressure"), static_cast<int>(d.u8()));
            break;
        case 0x89:
            a.set(QStringLiteral("throttle"), static_cast<int>(d.u8()));
            break;
        case 0x8B:
            a.set(QStringLiteral("vin"), QString::fromLatin1(d.bytes(qMin(17, length))));
            break;
        case 0x8C:
            a.set(QStringLiteral("obdOdometer"), static_cast<qint64>(d.u32()) * 100);
            break;
        case 0x8D:
            a.set(QStringLiteral("tripOdometer"), static_cast<qint64>(d.u16()) * 1000);
            break;
        case 0x8E:
            a.set(kFuel, static_cast<int>(d.u8()));
            break;
        case 0xA0:
            a.set(QStringLiteral("dtcs"),
                  QString::fromLatin1(d.bytes(length)).replace(QLatin1Char(','), QLatin1Char(' ')));
            break;
        case 0xCC:
            a.set(kIccid, QString::fromLatin1(d.bytes(qMin(20, length))));
            break;
        default:
            break;
        }
    }
}

// Item 0xF3: OBD values as u16 id, u8 length, value.
void decodeObd2(Attributes &a, ByteReader &v)
{
    while (v.remaining() >= 3) {
        const int id = v.u16();
        const int length = v.u8();
        ByteReader d(v.bytes(length));
        if (v.overrun())
            return;
        switch (id) {
        case 0x0002:
            a.set(QStringLiteral("obdSpeed"), d.u16() / 10.0);
            break;
        case 0x0003:
            a.set(QStringLiteral("rpm"), static_cast<int>(d.u16()));
            break;
        case 0x0004:
            a.set(attr::power, d.u16() / 1000.0);
            break;
        case 0x0005:
            a.set(QStringLiteral("obdOdometer"), static_cast<qint64>(d.u32()) * 100);
            break;
        case 0x0007:
            a.set(QStringLiteral("fuelConsumption"), d.u16() / 10.0);
            break;
        case 0x0008:
            a.set(QStringLiteral("engineLoad"), d.u16() / 10.0);
            break;
        case 0x0009:
            a.set(QStringLiteral("coolantTemp"), d.u16() - 40);
            break;
        case 0x000B:
            a.set(QStringLiteral("intakePressure"), static_cast<int>(d.u16()));
            break;
        case 0x000C:
            a.set(QStringLiteral("intakeTemp"), d.u16() - 40);
            break;
        case 0x000D:
            a.set(QStringLiteral("intakeFlow"), static_cast<int>(d.u16()));
            break;
        case 0x000E:
            a.set(QStringLiteral("throttle"), d.u16() * 100 / 255);
            break;
        case 0x0050:
            a.set(QStringLiteral("vin"), latin(d.bytes(qMin(17, length))));
            break;
        case 0x0100:
            a.set(QStringLiteral("tripOdometer"), d.u16() / 10.0);
            break;
        case 0x0102:
            a.set(QStringLiteral("tripFuel"), d.u16() / 10.0);
            break;
        case 0x0112:
            a.set(QStringLiteral("hardAccelerationCount"), static_cast<int>(d.u16()));
            break;
        case 0x0113:
            a.set(QStringLiteral("hardDecelerationCount"), static_cast<int>(d.u16()));
            break;
        case 0x0114:
            a.set(QStringLiteral("hardCorneringCount"), static_cast<int>(d.u16()));
            break;
        default:
            break;
        }
    }
}

// Item 0xF3 of AL300 / GL100: BLE tags; a mask says which values each tag carries.
void decodeTags(Attributes &a, ByteReader &v)
{
    const int mask = v.u8();
    int index = 0;
    while (v.remaining() >= 7 && !v.overrun()) {
        const QString prefix = QStringLiteral("tag%1").arg(++index);
        a.set(prefix + QStringLiteral("Mac"), hex(v.bytes(6)));
        a.set(prefix + QStringLiteral("Rssi"), static_cast<int>(v.s8()));
        if (bit(mask, 0))
            a.set(prefix + QStringLiteral("Name"), latin(v.bytes(10)));
        if (bit(mask, 1))
            v.skip(2); // firmware version
        if (bit(mask, 2))
            a.set(prefix + QStringLiteral("Battery"), v.u16() / 1000.0);
        if (bit(mask, 3))
            a.set(prefix + QStringLiteral("Temp"), v.s16() / 10.0);
        if (bit(mask, 4))
            a.set(prefix + QStringLiteral("Humidity"), v.s16() / 10.0);
        if (bit(mask, 5))
            v.skip(6); // accelerometer
        if (bit(mask, 6))
            v.skip(2);
        if (bit(mask, 7))
            v.skip(2);
    }
}

// Item 0xE8 of Jimi JC dashcams: an extended type, then status items or an event.
void decodeJimiExtension(Attributes &a, ByteReader &v)
{
    const int type = v.u16();
    switch (type) {
    case 0x2002:
        v.u8(); // length
        a.set(QStringLiteral("uploadMode"), static_cast<int>(v.u8()));
        a.set(QStringLiteral("buffered"), v.u8() == 1);
        break;
    case 0x2003: {
        v.u8(); // length
        a.set(attr::charge, v.u8() == 1);
        const int level = v.u8();
        if (level >= 1 && level <= 6)
            a.set(kBatteryLevel, level * 100 / 6);
        a.set(attr::battery, v.u16() / 100.0);
        a.set(attr::rssi, static_cast<int>(v.u8()));
        a.set(attr::power, v.u16() / 100.0);
        break;
    }
    case 0x2005:
        v.u8(); // length
        while (v.remaining() >= 3) {
            const int id = v.u16();
            ByteReader d(v.bytes(v.u8()));
            switch (id) {
            case 0x0001:
                a.set(attr::battery, d.u16() / 100.0);
                break;
            case 0x0002:
                a.set(QStringLiteral("dataUsage"), static_cast<qint64>(d.u32()));
                break;
            case 0x0003:
                a.set(kBatteryLevel, static_cast<int>(d.u8()));
                break;
            case 0x0004:
                a.set(attr::charge, d.u8() == 0);
                break;
            case 0x0005:
                a.set(kIccid, hex(d.bytes(10)).left(19));
                break;
            case 0x0007:
                a.set(attr::hdop, d.u16() / 10.0);
                break;
            case 0x2001:
                a.set(attr::power, d.u16() / 10.0);
                break;
            default:
                break;
            }
        }
        break;
    case 0x0001:
        addAlarm(a, alarm::fault);
        break;
    case 0x0400:
    case 0x0412:
        addAlarm(a, alarm::hardAcceleration);
        break;
    case 0x0401:
    case 0x0413:
        addAlarm(a, alarm::hardBraking);
        break;
    case 0x0402:
    case 0x0414:
        addAlarm(a, alarm::hardCornering);
        break;
    case 0x0403:
        addAlarm(a, alarm::overspeed);
        break;
    case 0x0405:
    case 0x0416:
    case 0x0417:
        addAlarm(a, alarm::accident);
        break;
    case 0x0406:
        addAlarm(a, alarm::vibration);
        break;
    case 0x0407:
        addAlarm(a, alarm::tow);
        break;
    case 0x0408:
        addAlarm(a, alarm::geofenceEnter);
        break;
    case 0x0409:
        addAlarm(a, alarm::geofenceExit);
        break;
    case 0x040C:
        addAlarm(a, alarm::door);
        break;
    case 0x0C01:
        addAlarm(a, alarm::sos);
        break;
    case 0x0C02:
        addAlarm(a, alarm::lowPower);
        break;
    case 0x0C03:
    case 0x0C04:
        a.set(attr::ignition, type == 0x0C03);
        break;
    case 0x0C05:
        addAlarm(a, alarm::general);
        break;
    case 0x0C0E:
        addAlarm(a, alarm::powerCut);
        break;
    case 0x0C0F:
        addAlarm(a, alarm::lowBattery);
        break;
    case 0x0C10:
        addAlarm(a, alarm::powerOff);
        break;
    case 0x0C12:
        addAlarm(a, alarm::tampering);
        break;
    default:
        break;
    }
}

// "$OBD-RT,power,rpm,speed,throttle,load,coolant,instant,average,trip,odometer,tripFuel,fuel"
void decodeObdRt(Attributes &a, const QString &data)
{
    static const char *const keys[] = { "power", "rpm", "obdSpeed", "throttle", "engineLoad",
        "coolantTemp", "fuelConsumption", "fuelConsumption", "tripOdometer", "obdOdometer",
        "tripFuelUsed", "fuelUsed" };
    const QStringList values = data.split(QLatin1Char(','));
    for (qsizetype i = 1; i < values.size() && i <= qsizetype(std::size(keys)); ++i) {
        const QString key = QLatin1String(keys[i - 1]);
        bool ok = false;
        if (key == u"coolantTemp") {
            const int v = values.at(i).toInt(&ok);
            if (ok)
                a.set(key, v);
        } else {
            const double v = values.at(i).toDouble(&ok);
            if (ok)
                a.set(key, v);
        }
    }
}

} // namespace fw::jt808
