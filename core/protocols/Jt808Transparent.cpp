#include "Jt808Transparent.h"

#include "ByteReader.h"
#include "Jt808ItemBlocks.h"
#include "Jt808Decoder.h"
#include "Jt808Fields.h"

namespace fw::jt808 {

namespace {

const QString kDriverUniqueId = QStringLiteral("driverUniqueId");

// Status word and coordinates, as in a location report (no alarm, altitude or speed).
void readCoordinates(ByteReader &r, Position &p)
{
    const quint32 status = r.u32();
    const double lat = r.u32() * 0.000001;
    const double lon = r.u32() * 0.000001;
    p.attributes.set(attr::ignition, bit(status, 0));
    p.attributes.set(QStringLiteral("blocked"), bit(status, 10));
    p.attributes.set(attr::charge, bit(status, 26));
    p.valid = bit(status, 1);
    p.latitude = bit(status, 2) ? -lat : lat;
    p.longitude = bit(status, 3) ? -lon : lon;
}

// 0xF0: an OBD box report; subtype 1 = values, 2 = trouble codes, 3 = alarms, each followed
// by the coordinates.
bool decodeObdBox(ByteReader &r, DecodedMessage &m)
{
    Position &p = m.position;
    Attributes &a = p.attributes;
    p.deviceTime = readTime(r);
    if (r.u8() > 0)
        a.set(attr::archive, true);
    r.u8(); // vehicle type
    const int subtype = r.u8();
    if (subtype == 0x01) {
        const int count = r.u8();
        for (int i = 0; i < count && !r.overrun(); ++i) {
            const int id = r.u16();
            const int length = r.u8();
            ByteReader v(r.bytes(length));
            switch (id) {
            case 0x0102:
            case 0x0528:
            case 0x0546:
                a.set(attr::odometer, qint64(v.u32()) * 100);
                break;
            case 0x0103:
                a.set(QStringLiteral("fuel"), v.u32() / 100.0);
                break;
            case 0x052A:
                a.set(QStringLiteral("fuel"), v.u16() / 100.0);
                break;
            case 0x0105:
            case 0x052C:
                a.set(QStringLiteral("fuelUsed"), v.u32() / 100.0);
                break;
            case 0x052D:
                a.set(QStringLiteral("coolantTemp"), v.u8() - 40);
                break;
            case 0x0530:
                a.set(attr::power, v.u16() / 1000.0);
                break;
            case 0x0535:
                a.set(QStringLiteral("obdSpeed"), v.u16() / 10.0);
                break;
            case 0x0536:
                a.set(QStringLiteral("rpm"), int(v.u16()));
                break;
            case 0xFEEC:
                a.set(QStringLiteral("vin"), QString::fromLatin1(v.bytes(length)));
                break;
            default:
                if (length == 1 || length == 2 || length == 4)
                    a.set(QStringLiteral("io%1").arg(id), qint64(v.be(length)));
                break;
            }
        }
    } else if (subtype == 0x02) {
        QStringList codes;
        const int count = r.u16();
        for (int i = 0; i < count && !r.overrun(); ++i) {
            r.u32(); // system id
            const int codeCount = r.u16();
            for (int j = 0; j < codeCount && !r.overrun(); ++j) {
                r.u32(); // code
                r.u32(); // status
                codes << latin(r.bytes(r.u16())).remove(QChar(0));
            }
        }
        a.set(QStringLiteral("dtcs"), codes.join(QLatin1Char(' ')));
    } else if (subtype == 0x03) {
        const int count = r.u8();
        for (int i = 0; i < count && !r.overrun(); ++i) {
            const int id = r.u8();
            r.skip(r.u8());
            switch (id) {
            case 0x02:
                addAlarm(a, alarm::powerCut);
                break;
            case 0x0E:
                addAlarm(a, alarm::idle);
                break;
            case 0x1A:
                addAlarm(a, alarm::hardAcceleration);
                break;
            case 0x1B:
                addAlarm(a, alarm::hardBraking);
                break;
            case 0x1C:
                addAlarm(a, alarm::hardCornering);
                break;
            case 0x23:
                addAlarm(a, alarm::fatigueDriving);
                break;
            case 0x25:
                addAlarm(a, alarm::overspeed);
                break;
            case 0x26:
            case 0x27:
            case 0x28:
                addAlarm(a, alarm::accident);
                break;
            case 0x31:
            case 0x32:
                addAlarm(a, alarm::door);
                break;
            default:
                break;
            }
        }
    } else {
        return false;
    }
    readCoordinates(r, p);
    m.hasLocation = !r.overrun() && p.deviceTime != kNoTime;
    return !r.overrun();
}

} // namespace

DecodedMessage baseMessage(MessageType type, const QString &uniqueId, TimeMs now)
{
    DecodedMessage m;
    m.type = type;
    m.position.uniqueId = uniqueId;
    m.position.protocol = Jt808Decoder::staticInfo().name;
    m.position.serverTime = now;
    m.position.deviceTime = now;
    return m;
}

void decodeTransparent(QByteArrayView body, const QString &id, TimeMs now, DecodeResult &out)
{
    ByteReader r(body);
    const int type = r.u8();
    if (type == 0x41 && r.peek() == '$') {
        DecodedMessage m = baseMessage(MessageType::Status, id, now);
        decodeObdRt(m.position.attributes, latin(r.bytes(r.remaining())));
        if (!m.position.attributes.isEmpty())
            out.messages.append(m);
    } else if (type == 0x40 || type == 0x41) {
        QString text = latin(r.bytes(r.remaining()));
        if (type == 0x40 && text.size() >= 2 && text.at(0).unicode() < 0x20)
            text = text.mid(1).trimmed();
        DecodedMessage m = baseMessage(MessageType::Status, id, now);
        const qsizetype gtsl = text.indexOf(QLatin1String("GTSL"));
        if (gtsl >= 0) {
            const QStringList parts = text.mid(gtsl).split(QLatin1Char('|'));
            if (parts.size() > 4)
                m.position.attributes.set(kDriverUniqueId, parts.at(4));
        } else {
            m.position.attributes.set(attr::result, text);
        }
        m.text = text;
        out.messages.append(m);
    } else if (type == 0xF0) {
        DecodedMessage m = baseMessage(MessageType::Position, id, now);
        if (decodeObdBox(r, m)) {
            if (!m.hasLocation)
                m.type = MessageType::Status;
            out.messages.append(m);
        }
    } else if (type == 0x53 || type == 0x54) {
        // Location, then BLE tags (0x53) or sensor samples (0x54).
        DecodedMessage m = baseMessage(MessageType::Position, id, now);
        Position &p = m.position;
        Attributes &a = p.attributes;
        readCoordinates(r, p);
        p.altitude = r.s16();
        p.speedKph = r.u16() * 0.1;
        p.course = r.u16();
        p.deviceTime = readTime(r);
        if (type == 0x53) {
            r.u8(); // node count over all packets
            while (r.remaining() >= 9) {
                const QString prefix = QStringLiteral("tag%1").arg(r.u8() + 1);
                a.set(prefix + QStringLiteral("Mac"), hex(r.bytes(6)));
                a.set(prefix + QStringLiteral("Rssi"), int(r.s8()));
                a.set(prefix + QStringLiteral("Data"), hex(r.bytes(r.u8())));
            }
        } else {
            while (r.remaining() >= 8 && !r.overrun()) {
                const quint16 mask = r.u16();
                r.skip(6); // sample time
                if (bit(mask, 0))
                    a.set(QStringLiteral("lightSensor"), int(r.u16()));
                if (bit(mask, 1)) {
                    a.set(QStringLiteral("deviceTemp"), r.s16() / 10.0);
                    a.set(QStringLiteral("humidity"), r.s16() / 10.0);
                }
                if (bit(mask, 2))
                    a.set(QStringLiteral("temp3"), r.s16() / 10.0);
                if (bit(mask, 3))
                    r.skip(6); // acceleration
                if (bit(mask, 4))
                    a.set(QStringLiteral("airPressure"), int(r.u16()));
            }
        }
        m.hasLocation = p.deviceTime != kNoTime;
        if (!m.hasLocation)
            m.type = MessageType::Status;
        out.messages.append(m);
    } else if (type == 0xFF) {
        DecodedMessage m = baseMessage(MessageType::Position, id, now);
        Position &p = m.position;
        p.deviceTime = readTime(r);
        p.valid = true;
        p.latitude = r.s32() * 0.000001;
        p.longitude = r.s32() * 0.000001;
        p.altitude = r.s16();
        p.speedKph = r.u16() * 0.1;
        p.course = r.u16();
        m.hasLocation = !r.overrun();
        if (m.hasLocation)
            out.messages.append(m);
    }
}

void decodeDriverIdentity(QByteArrayView body, const QString &id, TimeMs now, DecodeResult &out)
{
    ByteReader r(body);
    DecodedMessage m = baseMessage(MessageType::Status, id, now);
    Attributes &a = m.position.attributes;
    a.set(QStringLiteral("cardStatus"), int(r.u8()));
    const TimeMs time = readTime(r);
    if (time != kNoTime)
        m.position.deviceTime = time;
    a.set(QStringLiteral("cardResult"), int(r.u8()));
    a.set(QStringLiteral("driver"), latin(r.bytes(r.u8())));
    a.set(QStringLiteral("cardCode"), latin(r.bytes(20)).remove(QChar(0)));
    if (r.remaining() > 0) {
        a.set(QStringLiteral("cardAgency"), latin(r.bytes(r.u8())));
        a.set(QStringLiteral("cardValidity"), hex(r.bytes(4)));
    }
    out.messages.append(m);
}

void decodeAcceleration(QByteArrayView body, const QString &id, TimeMs now, DecodeResult &out)
{
    ByteReader r(body);
    DecodedMessage m = baseMessage(MessageType::Status, id, now);
    const auto axis = [&r] {
        const int v = r.u16();
        return (v & 0x8000) ? -(v & 0x7fff) : v;
    };
    QStringList samples;
    while (r.remaining() >= 6 + 6) {
        r.skip(6); // time
        const int x = axis(), y = axis(), z = axis();
        samples << QStringLiteral("[%1,%2,%3]").arg(x).arg(y).arg(z);
    }
    m.position.attributes.set(QStringLiteral("gSensor"),
                              QStringLiteral("[%1]").arg(samples.join(QLatin1Char(','))));
    out.messages.append(m);
}

} // namespace fw::jt808
