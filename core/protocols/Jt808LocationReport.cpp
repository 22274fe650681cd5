#include "Jt808LocationReport.h"

#include "ByteReader.h"
#include "Jt808AdditionalInfo.h"
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

void decodeAlarmBits(Attributes &a, quint32 v, const QString &model)
{
    if (v == 0)
        return;
    if (model == u"G-360P" || model == u"G-508P") { // padlocks
        if (bit(v, 0) || bit(v, 4))
            addAlarm(a, alarm::removing);
        if (bit(v, 1))
            addAlarm(a, alarm::tampering);
        return;
    }
    if (model == u"AL300" || model == u"GL100") {
        if (bit(v, 16))
            addAlarm(a, alarm::movement);
        return;
    }
    if (bit(v, 0))
        addAlarm(a, alarm::sos);
    if (bit(v, 1))
        addAlarm(a, alarm::overspeed);
    if (bit(v, 2))
        addAlarm(a, alarm::fatigueDriving);
    if (bit(v, 5) || bit(v, 6))
        addAlarm(a, alarm::gpsAntennaCut);
    if (bit(v, 4) || bit(v, 9) || bit(v, 10) || bit(v, 11))
        addAlarm(a, alarm::fault);
    if (bit(v, 7) || bit(v, 18))
        addAlarm(a, alarm::lowBattery);
    if (bit(v, 8))
        addAlarm(a, alarm::powerCut);
    if (bit(v, 15))
        addAlarm(a, alarm::vibration);
    if (bit(v, 16) || bit(v, 17))
        addAlarm(a, alarm::tampering);
    if (bit(v, 19))
        addAlarm(a, alarm::parking);
    if (bit(v, 20))
        addAlarm(a, alarm::geofence);
    if (bit(v, 26))
        addAlarm(a, alarm::general);
    if (bit(v, 28))
        addAlarm(a, alarm::movement);
    if ((bit(v, 29) || bit(v, 30)) && model != u"VL300")
        addAlarm(a, alarm::accident);
}

} // namespace

bool Jt808LocationReport::decode(
    QByteArrayView body, const QString &uniqueId, TimeMs now, DecodedMessage &m,
    const QString &model)
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
    decodeAlarmBits(a, alarms, model);
    a.set(attr::ignition, bit(status, 0));
    if (model == u"G1C Pro")
        a.set(attr::motion, bit(status, 4));
    if (model == u"MV810G" || model == u"MV710G")
        a.set(QStringLiteral("door"), bit(status, 16));
    a.set(kBlocked, bit(status, 10));
    a.set(attr::charge, bit(status, 26));
    p.valid = bit(status, 1);
    p.latitude = bit(status, 2) ? -lat : lat;
    p.longitude = bit(status, 3) ? -lon : lon;
    m.hasLocation = true;
    jt808::decodeAdditionalInfo(a, p, r, model);
    if (a.contains(attr::alarm)) {
        m.type = MessageType::Event;
        m.text = a.value(attr::alarm).toString();
    }
    return true;
}

bool Jt808LocationReport::decodeCompact(
    QByteArrayView body, bool blind, const QString &uniqueId, TimeMs now, DecodedMessage &m)
{
    ByteReader r(body);
    Position &p = m.position;
    Attributes &a = p.attributes;
    p.uniqueId = uniqueId;
    p.protocol = Jt808Decoder::staticInfo().name;
    p.serverTime = now;
    // BCD day, month, year, hour, minute, second (UTC).
    int f[6];
    for (int &v : f)
        v = bcd(r.u8());
    // BCD coordinates: ddmm.mmmm, and dddmm.mmmm whose last nibble is shared with the flags.
    const auto coordinate = [](quint64 raw) {
        return double(raw / 1000000) + (raw % 1000000) / 10000.0 / 60.0;
    };
    quint64 lat = 0, lon = 0;
    bool digits = true;
    for (int i = 0; i < 4; ++i) {
        const int v = bcd(r.u8());
        digits = digits && v >= 0;
        lat = lat * 100 + quint64(qMax(v, 0));
    }
    for (int i = 0; i < 4; ++i) {
        const int v = bcd(r.u8());
        digits = digits && v >= 0;
        lon = lon * 100 + quint64(qMax(v, 0));
    }
    const quint8 flags = r.u8();
    lon = lon * 10 + (flags >> 4);
    const int speed = bcd(r.u8());
    p.course = r.u8() * 2.0;
    a.set(attr::rssi, static_cast<int>(r.u8()));
    p.satellites = r.u8();
    a.set(QStringLiteral("sat"), p.satellites);
    a.set(attr::odometer, static_cast<qint64>(r.u32()) * 1000);
    const quint8 battery = r.u8();
    if (battery <= 100)
        a.set(attr::batteryLevel, static_cast<int>(battery));
    else if (battery == 0xAA || battery == 0xAB)
        a.set(attr::charge, true);
    r.u32(); // cell id
    r.u16(); // LAC
    const quint8 product = r.u8();
    const quint16 status = r.u16();
    const quint16 alarms = r.u16();
    if (r.overrun())
        return false;
    for (int v : f) {
        if (v < 0)
            digits = false;
    }
    p.deviceTime = digits ? utcTime(2000 + f[2], f[1], f[0], f[3], f[4], f[5]) : kNoTime;
    p.valid = !blind && (flags & 0x01);
    p.latitude = (flags & 0x02) ? coordinate(lat) : -coordinate(lat);
    p.longitude = (flags & 0x04) ? coordinate(lon) : -coordinate(lon);
    p.speedKph = qMax(speed, 0) * kKnotsToKph;
    if (product == 1 || product == 2) {
        if (alarms & 0x01)
            addAlarm(a, alarm::lowPower);
    } else if (product == 3) {
        a.set(QStringLiteral("blocked"), bit(status, 5));
        if (bit(alarms, 0))
            addAlarm(a, alarm::overspeed);
        if (bit(alarms, 1))
            addAlarm(a, alarm::lowPower);
        if (bit(alarms, 2))
            addAlarm(a, alarm::vibration);
        if (bit(alarms, 3))
            addAlarm(a, alarm::lowBattery);
        if (bit(alarms, 5))
            addAlarm(a, alarm::geofenceEnter);
        if (bit(alarms, 6))
            addAlarm(a, alarm::geofenceExit);
    }
    a.set(attr::status, static_cast<int>(status));
    while (r.remaining() >= 2) {
        const int id = r.u8();
        const int length = r.u8();
        ByteReader v(r.bytes(length));
        if (r.overrun())
            break;
        switch (id) {
        case 0x02:
            p.altitude = v.s16();
            break;
        case 0x10:
            a.set(QStringLiteral("wakeSource"), static_cast<int>(v.u8()));
            break;
        case 0x0B: // lock: command, card or password, result
            a.set(QStringLiteral("lockCommand"), static_cast<int>(v.u8()));
            if (length >= 5 && length <= 6)
                a.set(QStringLiteral("lockCard"), static_cast<qint64>(v.u32()));
            else if (length >= 7)
                a.set(QStringLiteral("lockPassword"), QString::fromLatin1(v.bytes(6)));
            if (length % 2 == 0)
                a.set(QStringLiteral("unlockResult"), static_cast<int>(v.u8()));
            break;
        case 0x0C: {
            const auto axis = [&v] {
                const int x = v.u16();
                return x > 0x8000 ? x - 0x10000 : x;
            };
            const int x = axis(), y = axis(), z = axis();
            a.set(QStringLiteral("tilt"), QStringLiteral("[%1,%2,%3]").arg(x).arg(y).arg(z));
            break;
        }
        case 0xFC:
            a.set(QStringLiteral("geofence"), static_cast<int>(v.u8()));
            break;
        default:
            break;
        }
    }
    m.hasLocation = p.deviceTime != kNoTime;
    if (a.contains(attr::alarm)) {
        m.type = MessageType::Event;
        m.text = a.value(attr::alarm).toString();
    }
    return true;
}

} // namespace fw
