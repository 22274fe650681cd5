#include "Jt808LocationReport.h"

#include "ByteReader.h"
#include "Jt808Decoder.h"
#include "Jt808Fields.h"

namespace fw {

using namespace jt808;

namespace {

const QString kSat = QStringLiteral("sat");
const QString kBatteryLevel = QStringLiteral("batteryLevel");
const QString kBlocked = QStringLiteral("blocked");
const QString kDriverUniqueId = QStringLiteral("driverUniqueId");
const QString kIccid = QStringLiteral("iccid");
const QString kFuel = QStringLiteral("fuel");

void addAlarm(Attributes &a, const QString &alarm)
{
    const QString existing = a.value(attr::alarm).toString();
    if (existing.isEmpty())
        a.set(attr::alarm, alarm);
    else if (!existing.split(QLatin1Char(',')).contains(alarm))
        a.set(attr::alarm, QString(existing + QLatin1Char(',') + alarm));
}

void decodeAlarmBits(Attributes &a, quint32 v)
{
    if (v == 0)
        return;
    if (bit(v, 0))
        addAlarm(a, alarm::sos);
    if (bit(v, 1))
        addAlarm(a, alarm::overspeed);
    if (bit(v, 2))
        addAlarm(a, QStringLiteral("fatigueDriving"));
    if (bit(v, 5))
        addAlarm(a, QStringLiteral("gpsAntennaCut"));
    if (bit(v, 4) || bit(v, 9) || bit(v, 10) || bit(v, 11))
        addAlarm(a, QStringLiteral("fault"));
    if (bit(v, 7) || bit(v, 18))
        addAlarm(a, alarm::lowBattery);
    if (bit(v, 8))
        addAlarm(a, alarm::powerCut);
    if (bit(v, 15))
        addAlarm(a, alarm::vibration);
    if (bit(v, 16) || bit(v, 17))
        addAlarm(a, alarm::tampering);
    if (bit(v, 20))
        addAlarm(a, QStringLiteral("geofence"));
    if (bit(v, 28))
        addAlarm(a, alarm::movement);
    if (bit(v, 29) || bit(v, 30))
        addAlarm(a, alarm::accident);
}

void decodeExtended(Attributes &a, ByteReader &r)
{
    // 0xEB: either a cell list (MCC first) or TLVs of u16 length + u16 type.
    if (r.remaining() >= 2 && ((r.peek(0) << 8) | r.peek(1)) > 200)
        return; // cell towers, not kept
    while (r.remaining() >= 4) {
        const int length = r.u16();
        const int type = r.u16();
        ByteReader v(r.bytes(length - 2));
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
            a.set(attr::battery, v.u16() * 0.001);
            break;
        case 0x0089: {
            const quint32 alarms = v.u32();
            if (!bit(alarms, 12))
                addAlarm(a, alarm::removing);
            break;
        }
        case 0x00C5: {
            const quint32 status = v.u32();
            if (!bit(status, 6))
                addAlarm(a, alarm::vibration);
            a.set(attr::motion, !bit(status, 23));
            break;
        }
        case 0x00B2: {
            QString iccid = hex(v.bytes(10));
            iccid.remove(QLatin1Char('f'));
            a.set(kIccid, iccid);
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

// Additional information items after the 28-byte basic location block.
void decodeItems(Attributes &a, Position &p, ByteReader &r)
{
    QString scratch;
    while (r.remaining() >= 2) {
        const int id = r.u8();
        const int length = r.u8();
        ByteReader v(r.bytes(length));
        if (r.overrun())
            return;
        switch (id) {
        case 0x01:
            a.set(attr::odometer, static_cast<qint64>(v.u32()) * 100);
            break;
        case 0x02:
            a.set(kFuel, v.u16() * 0.1);
            break;
        case 0x06:
            if (length == 1)
                a.set(kBatteryLevel, static_cast<int>(v.u8()));
            break;
        case 0x25:
            a.set(QStringLiteral("input"), static_cast<qint64>(v.u32()));
            break;
        case 0x2B:
        case 0xA7:
            a.set(QStringLiteral("adc1"), static_cast<int>(v.u16()));
            a.set(QStringLiteral("adc2"), static_cast<int>(v.u16()));
            break;
        case 0x30:
            a.set(attr::rssi, static_cast<int>(v.u8()));
            break;
        case 0x31:
            p.satellites = v.u8();
            a.set(kSat, p.satellites);
            break;
        case 0x51:
            if (length == 2 || length == 16) {
                for (int i = 1; i <= length / 2; ++i) {
                    const int t = v.u16();
                    if (t != 0xffff) {
                        scratch = QStringLiteral("temp") + QString::number(i);
                        a.set(scratch, (t & 0x8000 ? -(t & 0x7fff) : t) / 10.0);
                    }
                }
            }
            break;
        case 0x56:
            a.set(kBatteryLevel, v.u8() * 10);
            break;
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
        case 0x69:
            a.set(attr::battery, v.u16() * 0.01);
            break;
        case 0xBC:
            a.set(QStringLiteral("driver"), latin(v.bytes(length)));
            break;
        case 0xBD:
            a.set(kDriverUniqueId, QString::fromLatin1(v.bytes(length)));
            break;
        case 0xD3:
            a.set(attr::power, v.u16() * 0.1);
            break;
        case 0xD4:
        case 0xE1:
            if (length == 1)
                a.set(kBatteryLevel, static_cast<int>(v.u8()));
            else
                a.set(kDriverUniqueId, QString::number(v.u32()));
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
        case 0xE3:
            v.u8();
            a.set(kBatteryLevel, static_cast<int>(v.u8()));
            a.set(attr::battery, v.u16() / 100.0);
            break;
        case 0xE4:
            if (length == 2) {
                v.u8();
                a.set(kBatteryLevel, static_cast<int>(v.u8()));
            }
            break;
        case 0xEB:
            decodeExtended(a, v);
            break;
        case 0xED:
            a.set(QStringLiteral("card"), latin(v.bytes(length)));
            break;
        case 0xEE:
            a.set(attr::rssi, static_cast<int>(v.u8()));
            a.set(attr::power, v.u16() * 0.001);
            a.set(attr::battery, v.u16() * 0.001);
            p.satellites = v.u8();
            a.set(kSat, p.satellites);
            break;
        case 0xF1:
            a.set(attr::power, v.u32() * 0.001);
            break;
        case 0xF7:
            a.set(attr::battery, v.u32() * 0.001);
            if (length >= 5) {
                const int status = v.u8();
                if (status == 2 || status == 3)
                    a.set(attr::charge, true);
            }
            if (length >= 6)
                a.set(kBatteryLevel, static_cast<int>(v.u8()));
            break;
        case 0xFE:
            if (length == 1)
                a.set(kBatteryLevel, static_cast<int>(v.u8()));
            else if (length == 2)
                a.set(attr::power, v.u16() * 0.1);
            break;
        default:
            break;
        }
    }
}

} // namespace

bool Jt808LocationReport::decode(
    QByteArrayView body, const QString &uniqueId, TimeMs now, DecodedMessage &m)
{
    ByteReader r(body);
    Position &p = m.position;
    Attributes &a = p.attributes;
    p.uniqueId = uniqueId;
    p.protocol = Jt808Decoder::staticInfo().name;
    p.serverTime = now;
    a.reserve(10);
    const quint32 alarms = r.u32();
    const quint32 status = r.u32();
    const double lat = r.u32() * 0.000001;
    const double lon = r.u32() * 0.000001;
    p.altitude = r.s16();
    p.speedKph = r.u16() * 0.1;
    p.course = r.u16();
    p.deviceTime = readTime(r);
    if (r.overrun())
        return false;
    decodeAlarmBits(a, alarms);
    a.set(attr::ignition, bit(status, 0));
    a.set(kBlocked, bit(status, 10));
    a.set(attr::charge, bit(status, 26));
    p.valid = bit(status, 1);
    p.latitude = bit(status, 2) ? -lat : lat;
    p.longitude = bit(status, 3) ? -lon : lon;
    m.hasLocation = true;
    decodeItems(a, p, r);
    if (a.contains(attr::alarm)) {
        m.type = MessageType::Event;
        m.text = a.value(attr::alarm).toString();
    }
    return true;
}

} // namespace fw
