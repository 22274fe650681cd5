#include "Jt808AdditionalInfo.h"

#include "Jt808Fields.h"
#include "Jt808ItemBlocks.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace fw::jt808 {

namespace {

const QString kSat = QStringLiteral("sat");
const QString kBatteryLevel = QStringLiteral("batteryLevel");
const QString kDriverUniqueId = QStringLiteral("driverUniqueId");
const QString kIccid = QStringLiteral("iccid");
const QString kFuel = QStringLiteral("fuel");

QString trimmedText(QByteArrayView v)
{
    QString s = QString::fromLatin1(v);
    s.remove(QChar(0));
    return s.trimmed();
}

double temperatureWord(quint16 t)
{
    return (t & 0x8000 ? -(t & 0x7fff) : t) / 10.0;
}

} // namespace

void decodeAdditionalInfo(Attributes &a, Position &p, ByteReader &r, const QString &model)
{
    const bool aovx = model == u"AL300" || model == u"GL100";
    const bool doorModel = model == u"MV810G" || model == u"MV710G";
    QString scratch;
    while (r.remaining() >= 2) {
        const int id = r.u8();
        const int length = r.u8();
        const QByteArrayView raw = r.bytes(length);
        ByteReader v(raw);
        if (r.overrun())
            return;
        switch (id) {
        case 0x01:
            a.set(attr::odometer, static_cast<qint64>(v.u32()) * 100);
            break;
        case 0x02: {
            const quint16 fuel = v.u16();
            if (fuel & 0x8000)
                a.set(kFuel, static_cast<int>(fuel & 0x7fff));
            else
                a.set(kFuel, fuel * 0.1);
            break;
        }
        case 0x03:
            a.set(QStringLiteral("obdSpeed"), v.u16() / 10.0);
            break;
        case 0x06:
            if (length == 1)
                a.set(kBatteryLevel, static_cast<int>(v.u8()));
            break;
        case 0x0B:
            a.set(QStringLiteral("lockCommand"), static_cast<int>(v.u8()));
            if (length >= 5 && length <= 6)
                a.set(QStringLiteral("lockCard"), static_cast<qint64>(v.u32()));
            else if (length >= 7)
                a.set(QStringLiteral("lockPassword"), QString::fromLatin1(v.bytes(6)));
            if (length % 2 == 0)
                a.set(QStringLiteral("unlockResult"), static_cast<int>(v.u8()));
            break;
        case 0x14:
            a.set(QStringLiteral("videoAlarm"), static_cast<qint64>(v.u32()));
            break;
        case 0x25:
            a.set(QStringLiteral("input"), static_cast<qint64>(v.u32()));
            break;
        case 0x2B:
        case 0xA7:
            a.set(QStringLiteral("adc1"), v.u16() / 100.0);
            a.set(QStringLiteral("adc2"), v.u16() / 100.0);
            break;
        case 0x30:
            a.set(attr::rssi, static_cast<int>(v.u8()));
            break;
        case 0x31:
            p.satellites = v.u8();
            a.set(kSat, p.satellites);
            break;
        case 0x33:
            if (length == 1) {
                a.set(QStringLiteral("mode"), static_cast<int>(v.u8()));
            } else if (raw.startsWith("*M00") && raw.size() >= 15) {
                bool ok = false;
                const int level = raw.sliced(10, 3).toInt(&ok);
                if (ok)
                    a.set(attr::battery, level / 100.0);
            }
            break;
        case 0x51:
            if (length == 2 || length == 16) {
                for (int i = 1; i <= length / 2; ++i) {
                    const quint16 t = v.u16();
                    if (t != 0xffff) {
                        scratch = QStringLiteral("temp") + QString::number(i);
                        a.set(scratch, temperatureWord(t));
                    }
                }
            }
            break;
        case 0x56:
            a.set(kBatteryLevel, v.u8() * 10);
            break;
        case 0x57: {
            // Harsh driving bits, external switches, then more alarm bits.
            const quint16 harsh = v.u16();
            if (bit(harsh, 8))
                addAlarm(a, alarm::hardAcceleration);
            if (bit(harsh, 9))
                addAlarm(a, alarm::hardBraking);
            if (bit(harsh, 10))
                addAlarm(a, alarm::hardCornering);
            v.u16(); // external switches
            if (doorModel && bit(v.u32(), 16))
                addAlarm(a, alarm::door);
            break;
        }
        case 0x60: {
            const int event = v.u16();
            a.set(attr::event, event);
            if (event >= 0x0061 && event <= 0x0066 && length >= 16) {
                v.skip(6); // lock id
                a.set(kDriverUniqueId, QString::fromLatin1(v.bytes(8)));
            }
            break;
        }
        case 0x61:
            a.set(attr::power, v.u16() * 0.01);
            break;
        case 0x63:
            for (int i = 1; i <= length / 11; ++i) {
                const QString prefix = QStringLiteral("lock") + QString::number(i);
                a.set(prefix + QStringLiteral("Id"), hex(v.bytes(6)));
                a.set(prefix + QStringLiteral("Battery"), v.u16() * 0.001);
                a.set(prefix + QStringLiteral("Seal"), v.u8() == 0x31);
                v.skip(2);
            }
            break;
        case 0x64:
        case 0x65:
            // ADAS (0x64) and driver monitoring (0x65) alarms of JT/T 1078 dashcams: serial,
            // state, type; the alarm label (for the attachments) ends the item.
            v.u32();
            v.u8();
            a.set(id == 0x64 ? QStringLiteral("adasAlarm") : QStringLiteral("dmsAlarm"),
                  static_cast<int>(v.u8()));
            if (length >= 47)
                a.set(QStringLiteral("alarmLabel"), hex(raw.sliced(length - 16)));
            break;
        case 0x67:
            a.set(QStringLiteral("password"), QString::fromLatin1(v.bytes(qMin(8, length))));
            break;
        case 0x68:
            a.set(kBatteryLevel, v.u16() / 100.0);
            break;
        case 0x69:
            a.set(attr::battery, v.u16() * 0.01);
            break;
        case 0x70:
            // Harsh driving alarm: serial, state, type.
            v.u32();
            v.u8();
            switch (v.u8()) {
            case 0x01:
                addAlarm(a, alarm::hardAcceleration);
                break;
            case 0x02:
                addAlarm(a, alarm::hardBraking);
                break;
            case 0x03:
                addAlarm(a, alarm::hardCornering);
                break;
            case 0x16:
                addAlarm(a, alarm::accident);
                break;
            default:
                break;
            }
            break;
        case 0x77:
            // Tyre pressure monitoring: index, sensor id, pressure, temperature, status.
            while (v.remaining() >= 7) {
                const QString prefix = QStringLiteral("tire") + QString::number(v.u8());
                a.set(prefix + QStringLiteral("SensorId"), hex(v.bytes(3)));
                a.set(prefix + QStringLiteral("Pressure"), (v.u16() & 0x3ff) / 40.0);
                a.set(prefix + QStringLiteral("Temp"), v.u8() - 50);
                a.set(prefix + QStringLiteral("Status"), static_cast<int>(v.u8()));
            }
            break;
        case 0x80: {
            // OBD block: a content byte, then its own items, which run to the end of the
            // report whatever the declared length says.
            if (raw.isEmpty())
                break;
            ByteReader obd(QByteArrayView(raw.data() + 1, raw.size() - 1 + r.remaining()));
            decodeObd(a, obd);
            r.skip(r.remaining());
            break;
        }
        case 0x82:
            a.set(attr::power, v.u16() / 10.0);
            break;
        case 0x91:
            a.set(attr::battery, v.u16() / 10.0);
            a.set(QStringLiteral("rpm"), static_cast<int>(v.u16()));
            a.set(QStringLiteral("obdSpeed"), static_cast<int>(v.u8()));
            a.set(QStringLiteral("throttle"), v.u8() * 100 / 255);
            a.set(QStringLiteral("engineLoad"), v.u8() * 100 / 255);
            a.set(QStringLiteral("coolantTemp"), v.u8() - 40);
            v.u16();
            a.set(QStringLiteral("fuelConsumption"), v.u16() / 100.0);
            v.u16();
            v.u32();
            v.u16();
            a.set(QStringLiteral("fuelUsed"), v.u16() / 100.0);
            break;
        case 0x94:
            if (length > 0)
                a.set(QStringLiteral("vin"), QString::fromLatin1(raw));
            break;
        case 0xAC:
            a.set(attr::odometer, static_cast<qint64>(v.u32()));
            break;
        case 0xBC:
            a.set(QStringLiteral("driver"), trimmedText(raw));
            break;
        case 0xBD:
            a.set(kDriverUniqueId, QString::fromLatin1(raw));
            break;
        case 0xD0:
            if (bit(v.u32(), 3))
                addAlarm(a, alarm::vibration);
            break;
        case 0xD3:
            a.set(attr::power, v.u16() * 0.1);
            break;
        case 0xD4:
        case 0xE1:
        case 0xE9:
            if (length == 1) {
                const int level = v.u8();
                if (level == 0xff)
                    a.set(attr::charge, true);
                else
                    a.set(kBatteryLevel, level);
            } else if (id == 0xE1 && length >= 12 && (length - 4) % 8 == 0) {
                // cell towers, not kept
            } else if (id == 0xE1 && length == 2) {
                a.set(attr::power, v.u16() / 10.0);
            } else {
                a.set(kDriverUniqueId, QString::number(v.u32()));
            }
            break;
        case 0xD5:
            if (length == 2) {
                a.set(attr::battery, v.u16() * 0.01);
            } else {
                const int count = v.u8();
                for (int i = 1; i <= count && !v.overrun(); ++i) {
                    const QString prefix = QStringLiteral("lock") + QString::number(i);
                    a.set(prefix + QStringLiteral("Id"), hex(v.bytes(5)));
                    a.set(prefix + QStringLiteral("Card"), hex(v.bytes(5)));
                    a.set(prefix + QStringLiteral("Battery"), static_cast<int>(v.u8()));
                    a.set(prefix + QStringLiteral("Locked"), !bit(v.u16(), 5));
                }
            }
            break;
        case 0xDA: {
            v.u16(); // string cut count
            const int status = v.u8();
            a.set(QStringLiteral("string"), bit(status, 0));
            a.set(attr::motion, bit(status, 2));
            a.set(QStringLiteral("cover"), bit(status, 3));
            break;
        }
        case 0xE2:
            if (model != u"DT800")
                a.set(kFuel, v.u32() / 10.0);
            break;
        case 0xE3:
            v.u8();
            a.set(kBatteryLevel, static_cast<int>(v.u8()));
            a.set(attr::battery, v.u16() / 100.0);
            break;
        case 0xE4:
            if (v.u8() == 0)
                a.set(attr::charge, true);
            a.set(kBatteryLevel, static_cast<int>(v.u8()));
            break;
        case 0xE5:
            if (length == 1)
                a.set(attr::motion, v.u8() == 1);
            break;
        case 0xE6:
            if (raw.startsWith("$OBD-RT")) {
                decodeObdRt(a, QString::fromLatin1(raw));
            } else if (length >= 11 && length % 11 == 0) {
                // Wireless sensors: index, MAC, temperature and humidity as sign-magnitude
                // bytes with a 1/255 fraction.
                const auto value = [&v] {
                    const int whole = v.s8();
                    const int fraction = v.u8();
                    const int sign = whole < 0 ? -1 : 1;
                    return sign * (std::abs(whole) + fraction / 255.0);
                };
                while (v.remaining() >= 11) {
                    const int index = v.u8();
                    v.skip(6); // MAC
                    a.set(QStringLiteral("temp%1").arg(index), value());
                    a.set(QStringLiteral("humidity%1").arg(index), value());
                }
            }
            break;
        case 0xE8:
            if (model == u"JC371" || model == u"JC181" || model == u"JC182" || model == u"JC450"
                || model == u"JC451")
                decodeJimiExtension(a, v);
            else
                a.set(QStringLiteral("lockStatus"), static_cast<int>(v.u24()));
            break;
        case 0xE7:
            if (length == 8) {
                const quint16 alarms = v.u16();
                if (bit(alarms, 0))
                    addAlarm(a, alarm::vibration);
                if ((alarms >> 1) & 0x07)
                    addAlarm(a, alarm::sos);
            }
            break;
        case 0xEB:
            decodeExtended(a, v, raw);
            break;
        case 0xED:
            a.set(QStringLiteral("card"), latin(raw));
            break;
        case 0xEE:
            if (length == 6) {
                a.set(attr::rssi, static_cast<int>(v.u8()));
                a.set(attr::power, v.u16() * 0.001);
                a.set(attr::battery, v.u16() * 0.001);
                p.satellites = v.u8();
                a.set(kSat, p.satellites);
            }
            break;
        case 0xF1:
            a.set(attr::power, v.u32() * 0.001);
            break;
        case 0xF2:
            a.set(QStringLiteral("versionFw"), QString::fromLatin1(raw));
            break;
        case 0xF3:
            if (aovx)
                decodeTags(a, v);
            else
                decodeObd2(a, v);
            break;
        case 0xF5:
            if (length == 2)
                a.set(QStringLiteral("illuminance"), static_cast<int>(v.u16()));
            break;
        case 0xF6:
            if (!aovx && length == 2) {
                a.set(QStringLiteral("airPressure"), static_cast<int>(v.u16()));
            } else if (!aovx && length == 8) {
                a.set(QStringLiteral("imei"), hex(raw).mid(1));
            } else {
                // Sensor report: event, a mask of the values present, then the values.
                const int event = v.u8();
                a.set(attr::event, event);
                if (event == 2)
                    a.set(attr::motion, true);
                const int mask = v.u8();
                if (bit(mask, 0))
                    a.set(QStringLiteral("lightSensor"), static_cast<int>(v.u16()));
                if (bit(mask, 1))
                    a.set(QStringLiteral("temp1"), v.s16() / 10.0);
                if (bit(mask, 2))
                    a.set(QStringLiteral("humidity"), v.s16() / 10.0);
                if (bit(mask, 3)) {
                    const int x = v.s16(), y = v.s16(), z = v.s16();
                    a.set(QStringLiteral("gSensor"),
                          QStringLiteral("[%1,%2,%3]").arg(x).arg(y).arg(z));
                }
                if (bit(mask, 4))
                    v.skip(10); // thresholds
                if (bit(mask, 5))
                    a.set(QStringLiteral("airPressure"), static_cast<int>(v.u16()));
            }
            break;
        case 0xF7:
            if (length == 2) {
                a.set(QStringLiteral("humidity"), v.u16() / 10.0);
                break;
            }
            a.set(attr::battery, v.u32() * 0.001);
            if (length >= 5) {
                const int status = v.u8();
                if (status == 2 || status == 3)
                    a.set(attr::charge, true);
            }
            if (length >= 6)
                a.set(kBatteryLevel, static_cast<int>(v.u8()));
            break;
        case 0xF8:
            if (aovx) {
                v.u8(); // working mode
                v.skip(8); // IMEI
                a.set(kIccid, hex(v.bytes(10)));
            } else if (model == u"C5" || model == u"C5L") {
                a.set(QStringLiteral("steps"), static_cast<int>(v.u16()));
            } else {
                a.set(QStringLiteral("temp2"), v.u16() / 10.0 - 50);
            }
            break;
        case 0xF9: {
            const quint16 mask = v.u16();
            if (bit(mask, 0))
                v.skip(4); // GNSS age
            if (bit(mask, 1))
                v.skip(4); // ignition-on time
            if (bit(mask, 2))
                a.set(attr::hdop, v.u16() / 10.0);
            if (bit(mask, 3))
                v.skip(6); // GNSS time
            if (bit(mask, 5))
                v.skip(8); // sampling and report interval
            if (bit(mask, 6))
                a.set(QStringLiteral("temp3"), v.s16() / 10.0);
            break;
        }
        case 0xFB:
            a.set(QStringLiteral("container"), QString::fromLatin1(raw));
            break;
        case 0xFC:
            a.set(QStringLiteral("geofence"), static_cast<int>(v.u8()));
            break;
        case 0xFE:
            if (length == 1) {
                a.set(kBatteryLevel, static_cast<int>(v.u8()));
            } else if (length == 2) {
                a.set(attr::power, v.u16() * 0.1);
            } else if (length == 4) {
                a.set(attr::odometer, static_cast<qint64>(v.u32()));
            } else if (v.u8() == 0x7C) {
                // Driving behaviour: sub-items, the first a word of alarm bits; then the
                // battery level.
                ByteReader items(v.bytes(qMax<qsizetype>(0, v.remaining() - 1)));
                while (items.remaining() >= 2) {
                    const int sub = items.u8();
                    ByteReader d(items.bytes(items.u8()));
                    if (sub != 0x01)
                        continue;
                    const quint32 alarms = d.u32();
                    if (bit(alarms, 0))
                        addAlarm(a, alarm::hardAcceleration);
                    if (bit(alarms, 1))
                        addAlarm(a, alarm::hardBraking);
                    if (bit(alarms, 2))
                        addAlarm(a, alarm::hardCornering);
                    if (bit(alarms, 3))
                        addAlarm(a, alarm::accident);
                    if (bit(alarms, 4))
                        addAlarm(a, alarm::tampering);
                }
                a.set(kBatteryLevel, static_cast<int>(v.u8()));
            }
            break;
        default:
            break;
        }
    }
}

} // namespace fw::jt808
