#include "Gt06Decoder.h"

#include "ByteReader.h"
#include "Checksums.h"

namespace fw {

namespace {

// Message types (Concox numbering; several vendors reuse the same frame with small changes).
enum : quint8 {
    kLogin = 0x01,
    kGps = 0x10,
    kGpsLbs6 = 0x11,
    kGpsLbs1 = 0x12,
    kStatus = 0x13,
    kString = 0x15,
    kGpsLbsStatus1 = 0x16,
    kWifi = 0x17,
    kLbsExtend = 0x18,
    kLbsStatus = 0x19,
    kGpsPhone = 0x1A,
    kGpsLbsExtend = 0x1E,
    kStringInfo = 0x21,
    kGpsLbs2 = 0x22,
    kHeartbeat = 0x23,
    kLbsMultiple3 = 0x24,
    kGpsLbsStatus2 = 0x26,
    kGpsLbsStatus3 = 0x27,
    kLbsMultiple1 = 0x28,
    kAddressRequest = 0x2A,
    kLbsWifi = 0x2C,
    kGpsLbs4 = 0x2D,
    kLbsMultiple2 = 0x2E,
    kGpsLbs5 = 0x31,
    kGpsLbsStatus4 = 0x32,
    kWifi5 = 0x33,
    kX1Gps = 0x34,
    kGpsLbs3 = 0x37,
    kWifi2 = 0x69,
    kModular = 0x70,
    kCommand0 = 0x80,
    kCommand1 = 0x81,
    kCommand2 = 0x82,
    kTimeRequest = 0x8A,
    kInfo = 0x94,
    kAlarm = 0x95,
    kAddressResponse = 0x97,
    kSerial = 0x9B,
    kGps2 = 0xA0,
    kLbs2 = 0xA1,
    kWifi3 = 0xA2,
    kFenceSingle = 0xA3,
    kFenceMulti = 0xA4,
    kLbsAlarm = 0xA5,
    kLbsAddress = 0xA7,
    kWifi4 = 0xF3,
};

const QString kProtocol = QStringLiteral("gt06");
const QString kSat = QStringLiteral("sat");
const QString kBlocked = QStringLiteral("blocked");
const QString kBatteryLevel = QStringLiteral("batteryLevel");
const QString kGeofence = QStringLiteral("geofence");
const QString kIccid = QStringLiteral("iccid");
const QString kDriverUniqueId = QStringLiteral("driverUniqueId");
const QString kArmed = QStringLiteral("armed");
const QString kTemp1 = QStringLiteral("temp1");
const QString kAdc1 = QStringLiteral("adc1");
const QString kDoor = QStringLiteral("door");
const QString kSerialKey = QStringLiteral("serial");
const QString kInput = QStringLiteral("input");
const QString kOutput = QStringLiteral("output");

const QString kAlarmGeofence = QStringLiteral("geofence");
const QString kAlarmPowerOff = QStringLiteral("powerOff");
const QString kAlarmAcceleration = QStringLiteral("hardAcceleration");
const QString kAlarmBraking = QStringLiteral("hardBraking");
const QString kAlarmCornering = QStringLiteral("hardCornering");

inline quint8 at(QByteArrayView v, qsizetype i)
{
    return static_cast<quint8>(v[i]);
}

inline bool stopAt(QByteArrayView v, qsizetype i)
{
    return i >= 0 && i + 1 < v.size() && v[i] == '\r' && v[i + 1] == '\n';
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

QString hex4(quint16 v)
{
    return QStringLiteral("%1").arg(v, 4, 16, QLatin1Char('0'));
}

// Alarm byte of status frames (0x16, 0x26, 0x27, 0x13, ...). nullptr = no alarm.
const QString *alarmFromByte(quint8 value)
{
    switch (value) {
    case 0x01:
        return &alarm::sos;
    case 0x02:
        return &alarm::powerCut;
    case 0x03:
    case 0x09:
        return &alarm::vibration;
    case 0x04:
        return &alarm::geofenceEnter;
    case 0x05:
        return &alarm::geofenceExit;
    case 0x06:
        return &alarm::overspeed;
    case 0x0E:
    case 0x0F:
    case 0x19:
        return &alarm::lowBattery;
    case 0x11:
        return &kAlarmPowerOff;
    case 0x13:
        return &alarm::tampering;
    case 0x14:
        return &alarm::door;
    case 0x16:
        return &alarm::removing;
    case 0x23:
        return &alarm::fallDown;
    case 0x29:
        return &kAlarmAcceleration;
    case 0x30:
        return &kAlarmBraking;
    case 0x2A:
    case 0x2B:
        return &kAlarmCornering;
    case 0x2C:
        return &alarm::accident;
    default:
        return nullptr;
    }
}

bool hasGps(quint8 type)
{
    switch (type) {
    case kGps:
    case kGpsLbs1:
    case kGpsLbs2:
    case kGpsLbs3:
    case kGpsLbs4:
    case kGpsLbs5:
    case kGpsLbs6:
    case kGpsLbsStatus1:
    case kGpsLbsStatus2:
    case kGpsLbsStatus3:
    case kGpsLbsStatus4:
    case kGpsPhone:
    case kGpsLbsExtend:
    case kGps2:
    case kFenceSingle:
    case kFenceMulti:
        return true;
    default:
        return false;
    }
}

bool hasLbs(quint8 type)
{
    switch (type) {
    case kLbsStatus:
    case kGpsLbs1:
    case kGpsLbs2:
    case kGpsLbs3:
    case kGpsLbs4:
    case kGpsLbs5:
    case kGpsLbs6:
    case kGpsLbsStatus1:
    case kGpsLbsStatus2:
    case kGpsLbsStatus3:
    case kGpsLbsStatus4:
    case kGps2:
    case kFenceSingle:
    case kFenceMulti:
    case kLbsAlarm:
    case kLbsAddress:
        return true;
    default:
        return false;
    }
}

bool hasStatus(quint8 type)
{
    switch (type) {
    case kLbsStatus:
    case kGpsLbsStatus1:
    case kGpsLbsStatus2:
    case kGpsLbsStatus3:
    case kGpsLbsStatus4:
    case kFenceSingle:
    case kFenceMulti:
    case kLbsAlarm:
        return true;
    default:
        return false;
    }
}

bool hasLanguage(quint8 type)
{
    switch (type) {
    case kGpsPhone:
    case kGpsLbsStatus3:
    case kFenceMulti:
        return true;
    default:
        return false;
    }
}

// Frames that carry cell towers / Wi-Fi lists and a time but no GPS fix.
bool isNetworkOnly(quint8 type)
{
    switch (type) {
    case kWifi:
    case kWifi2:
    case kWifi4:
    case kLbsMultiple1:
    case kLbsMultiple2:
    case kLbsMultiple3:
    case kLbsExtend:
    case kLbsWifi:
    case kLbs2:
    case kWifi3:
    case kWifi5:
        return true;
    default:
        return false;
    }
}

DecodedMessage &addMessage(DecodeResult &out, const DecodeContext &ctx, MessageType type)
{
    out.messages.emplaceBack();
    DecodedMessage &m = out.messages.last();
    m.type = type;
    m.position.uniqueId = ctx.uniqueId;
    m.position.protocol = kProtocol;
    m.position.serverTime = ctx.now;
    return m;
}

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

// Time, satellites, coordinates, speed and course/status word. Returns false when a GPS
// length byte says the block is empty.
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
    switch ((status >> 3) & 0x07) {
    case 1:
        a.set(attr::alarm, alarm::vibration);
        break;
    case 2:
        a.set(attr::alarm, alarm::powerCut);
        break;
    case 3:
        a.set(attr::alarm, alarm::lowBattery);
        break;
    case 4:
        a.set(attr::alarm, alarm::sos);
        break;
    case 6:
        a.set(attr::alarm, kAlarmGeofence);
        break;
    case 7:
        a.set(attr::alarm, alarm::removing);
        break;
    default:
        break;
    }
    a.set(kBatteryLevel, r.u8() * 100 / 6);
    a.set(attr::rssi, r.u8());
}

void finishAlarmType(DecodedMessage &m)
{
    const QVariant alarmValue = m.position.attributes.value(attr::alarm);
    if (alarmValue.isValid()) {
        m.type = MessageType::Event;
        m.text = QStringLiteral("alarm: ") + alarmValue.toString();
    }
}

// Printable ASCII (a trailing CR LF allowed) becomes text, anything else hex.
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

} // namespace

const ProtocolInfo &Gt06Decoder::staticInfo()
{
    static const ProtocolInfo info { QStringLiteral("gt06"), QStringLiteral("GT06 / Concox"), 5023,
        true, false, false, false, 2048 };
    return info;
}

QByteArray Gt06Decoder::buildFrame(
    bool extended, quint8 type, quint16 serial, QByteArrayView content)
{
    const qsizetype length = 5 + content.size();
    QByteArray f;
    f.reserve(length + 6);
    if (extended) {
        f.append("\x79\x79", 2);
        f.append(static_cast<char>((length >> 8) & 0xff));
        f.append(static_cast<char>(length & 0xff));
    } else {
        f.append("\x78\x78", 2);
        f.append(static_cast<char>(length & 0xff));
    }
    f.append(static_cast<char>(type));
    f.append(content.data(), content.size());
    f.append(static_cast<char>(serial >> 8));
    f.append(static_cast<char>(serial & 0xff));
    const quint16 crc = checksum::crc16X25(QByteArrayView(f).sliced(2));
    f.append(static_cast<char>(crc >> 8));
    f.append(static_cast<char>(crc & 0xff));
    f.append("\r\n", 2);
    return f;
}

FrameCut Gt06Decoder::cutFrame(QByteArrayView s) const
{
    const qsizetype n = s.size();
    if (n == 0)
        return FrameCut::needMore();
    const quint8 b0 = at(s, 0);
    if (b0 != 0x78 && b0 != 0x79) {
        qsizetype i = 1;
        while (i < n && at(s, i) != 0x78 && at(s, i) != 0x79)
            ++i;
        return FrameCut::garbage(i);
    }
    if (n < 2)
        return FrameCut::needMore();
    if (at(s, 1) != b0)
        return FrameCut::garbage(1);
    const bool ext = b0 == 0x79;
    const qsizetype hdr = ext ? 4 : 3;
    if (n < hdr)
        return FrameCut::needMore();
    const qsizetype declared = ext ? (qsizetype(at(s, 2)) << 8 | at(s, 3)) : at(s, 2);
    const qsizetype len = declared + hdr + 2;
    const qsizetype maxSize = staticInfo().maxFrameSize;
    if (len >= hdr + 3 && len <= maxSize && n >= len) {
        if (stopAt(s, len - 2))
            return FrameCut::frame(len);
        if (n < len + 2)
            return stopAt(s, n - 2) ? FrameCut::frame(n) : FrameCut::needMore();
        if (stopAt(s, len))
            return FrameCut::frame(len + 2);
    }
    if (len >= hdr + 3 && len <= maxSize && n < len) {
        // Some devices overstate the length; a buffer ending in 0d0a is taken as their frame.
        return stopAt(s, n - 2) && n >= hdr + 3 ? FrameCut::frame(n) : FrameCut::needMore();
    }
    // The length field does not describe the frame (some devices send 0, or count only part
    // of a Wi-Fi / LBS list): the frame then runs to the first 0d0a.
    const qsizetype limit = qMin(n, maxSize);
    for (qsizetype i = hdr; i + 1 < limit; ++i) {
        if (s[i] == '\r' && s[i + 1] == '\n')
            return FrameCut::frame(i + 2);
    }
    if (n >= maxSize)
        return FrameCut::garbage(2);
    return FrameCut::needMore();
}

void Gt06Decoder::decode(QByteArrayView f, DecodeContext &ctx, DecodeResult &out) const
{
    const qsizetype n = f.size();
    if (n < 7) {
        out.error = QStringLiteral("gt06: frame too short (%1 bytes)").arg(n);
        return;
    }
    const quint8 b0 = at(f, 0);
    if ((b0 != 0x78 && b0 != 0x79) || at(f, 1) != b0) {
        out.error = QStringLiteral("gt06: bad header %1 at byte 0")
                        .arg(hex4(quint16(b0 << 8 | at(f, 1))));
        return;
    }
    if (!stopAt(f, n - 2)) {
        out.error = QStringLiteral("gt06: missing stop bits 0d0a at byte %1").arg(n - 2);
        return;
    }
    const bool ext = b0 == 0x79;
    const qsizetype hdr = ext ? 4 : 3;
    const qsizetype declared = ext ? (qsizetype(at(f, 2)) << 8 | at(f, 3)) : at(f, 2);
    if (n > staticInfo().maxFrameSize) {
        out.error = QStringLiteral("gt06: frame of %1 bytes exceeds %2")
                        .arg(n)
                        .arg(staticInfo().maxFrameSize);
        return;
    }
    const bool standard = declared + hdr + 2 == n;
    if (standard) {
        const quint16 expected = checksum::crc16X25(f.sliced(2, n - 6));
        const quint16 got = quint16(at(f, n - 4) << 8 | at(f, n - 3));
        if (expected != got) {
            out.error = QStringLiteral("gt06: bad checksum (expected %1, got %2) at byte %3")
                            .arg(hex4(expected), hex4(got))
                            .arg(n - 4);
            return;
        }
    }
    // Non-standard lengths are vendor variants without a usable CRC; they are parsed leniently.
    const quint8 type = at(f, hdr);
    const qsizetype bodyStart = hdr + 1;
    // Standard frames end with serial, CRC and stop bits; in vendor variants with a
    // non-standard length the body may run up to the stop bits.
    const qsizetype bodyEnd = standard ? n - 6 : n - 2;
    const quint16 serial = n - 6 >= bodyStart ? quint16(at(f, n - 6) << 8 | at(f, n - 5)) : 0;
    const QByteArrayView body = f.sliced(bodyStart, bodyEnd - bodyStart);
    ByteReader r(body);

    if (!ext && type == kLogin) {
        if (n < bodyStart + 8 + 2) {
            out.error = QStringLiteral("gt06: login frame too short (%1 bytes)").arg(n);
            return;
        }
        static const char digits[] = "0123456789abcdef";
        char imei[16];
        for (int i = 0; i < 8; ++i) {
            const quint8 b = at(f, bodyStart + i);
            imei[2 * i] = digits[b >> 4];
            imei[2 * i + 1] = digits[b & 0x0f];
        }
        ctx.uniqueId = QString::fromLatin1(imei + 1, 15);
        DecodedMessage &m = addMessage(out, ctx, MessageType::Login);
        m.text = QStringLiteral("login ") + ctx.uniqueId;
        out.reply = buildFrame(false, kLogin, serial);
        return;
    }

    if (ctx.uniqueId.isEmpty())
        return; // no login on this connection yet: the device is unknown, nothing to report

    if (!ext) {
        if (type == kHeartbeat) {
            DecodedMessage &m = addMessage(out, ctx, MessageType::Heartbeat);
            Attributes &a = m.position.attributes;
            const quint8 status = r.u8();
            a.set(kArmed, (status & 0x01) != 0);
            a.set(attr::ignition, (status & 0x02) != 0);
            a.set(attr::charge, (status & 0x04) != 0);
            if (r.remaining() >= 2)
                a.set(attr::battery, r.u16() * 0.01);
            if (r.remaining() >= 1)
                a.set(attr::rssi, r.u8());
            out.reply = buildFrame(false, type, serial);
            return;
        }
        if (type == kStatus) {
            DecodedMessage &m = addMessage(out, ctx, MessageType::Heartbeat);
            Attributes &a = m.position.attributes;
            if (body.size() >= 14) {
                // Extended status (e.g. GT800): info, satellites, alarm, language, battery,
                // mode, voltage, ..., temperature in the last two bytes.
                a.set(kBatteryLevel, at(body, 5));
                const quint16 v
                    = quint16(at(body, body.size() - 2) << 8 | at(body, body.size() - 1));
                const double t = (v & 0x7fff) * 0.1;
                a.set(kTemp1, (v & 0x8000) ? -t : t);
            } else {
                readStatusBlock(r, m.position);
                if (r.remaining() >= 1) {
                    if (const QString *al = alarmFromByte(r.u8()))
                        a.set(attr::alarm, *al);
                }
                finishAlarmType(m);
            }
            out.reply = buildFrame(false, type, serial);
            return;
        }
        if (type == kInfo) {
            DecodedMessage &m = addMessage(out, ctx, MessageType::Status);
            m.position.attributes.set(attr::power, r.s16() * 0.01);
            out.reply = buildFrame(false, type, serial);
            return;
        }
        if (type == kString) {
            const int cmdLength = r.u8();
            QString key = attr::result;
            QString value;
            if (cmdLength > 4) {
                r.u32();
                const QByteArrayView data = r.bytes(qMin<qsizetype>(cmdLength - 4, r.remaining()));
                if (data.startsWith("<ICCID:") && data.size() >= 27) {
                    key = kIccid;
                    value = QString::fromLatin1(data.sliced(7, 20));
                } else {
                    value = textOrHex(data);
                }
            }
            DecodedMessage &m = addMessage(
                out, ctx, key == kIccid ? MessageType::Status : MessageType::CommandResult);
            if (!value.isNull())
                m.position.attributes.set(key, value);
            m.text = value;
            out.reply = buildFrame(false, type, serial);
            return;
        }
        if (type == kTimeRequest) {
            const TimeMs now = ctx.now == kNoTime ? 0 : ctx.now;
            const QDateTime dt = toDateTime(now);
            const QDate d = dt.date();
            const QTime t = dt.time();
            const char content[6] = { char(d.year() - 2000), char(d.month()), char(d.day()),
                char(t.hour()), char(t.minute()), char(t.second()) };
            out.reply = buildFrame(false, type, serial, QByteArrayView(content, 6));
            return;
        }
        if (type == kAddressRequest) {
            static const QByteArray content
                = QByteArray("\x0b\x00\x00\x00\x00", 5) + QByteArray("NA&&NA&&0##");
            out.reply = buildFrame(true, kAddressResponse, 0, content);
            return;
        }
        if (type == kAlarm) {
            DecodedMessage &m = addMessage(out, ctx, MessageType::Event);
            const bool extendedAlarm = body.size() > 7;
            if (extendedAlarm) {
                readGps(r, m.position, false, false, false);
                m.hasLocation = true;
            } else {
                m.position.deviceTime = readDateTime(r);
            }
            const quint8 code = r.u8();
            const QString *value = &alarm::general;
            switch (code) {
            case 0x01:
                value = extendedAlarm ? &alarm::sos : &alarm::general;
                break;
            case 0x80:
                value = &alarm::vibration;
                break;
            case 0x87:
                value = &alarm::overspeed;
                break;
            case 0x90:
                value = &kAlarmAcceleration;
                break;
            case 0x91:
                value = &kAlarmBraking;
                break;
            case 0x92:
                value = &kAlarmCornering;
                break;
            case 0x93:
                value = &alarm::accident;
                break;
            default:
                break;
            }
            m.position.attributes.set(attr::alarm, *value);
            m.text = QStringLiteral("alarm: ") + *value;
            if (r.overrun()) {
                out.messages.clear();
                out.error = QStringLiteral("gt06: alarm frame truncated at byte %1").arg(n - 6);
                return;
            }
            out.reply = buildFrame(false, type, serial);
            out.replyAcknowledgesData = true;
            return;
        }
        if (type == kX1Gps) {
            DecodedMessage &m = addMessage(out, ctx, MessageType::Position);
            Position &p = m.position;
            r.u32(); // data and alarm
            readGps(r, p, false, true, true);
            r.u16(); // terminal info
            p.attributes.set(attr::odometer, r.u32());
            r.skip(2 + 1 + 2 + 4); // cell
            const quint32 driverId = r.u32();
            if (driverId > 0)
                p.attributes.set(kDriverUniqueId, QString::number(driverId));
            p.attributes.set(attr::battery, r.u16() * 0.01);
            p.attributes.set(attr::power, r.u16() * 0.01);
            const quint32 portInfo = r.u32();
            p.attributes.set(kInput, r.u8());
            p.attributes.set(kOutput, r.u8());
            const int adcCount = (portInfo >> 20) & 0x0f;
            for (int i = 1; i <= adcCount && r.remaining() >= 2; ++i)
                p.attributes.set(QStringLiteral("adc%1").arg(i), r.u16() * 0.01);
            if (r.overrun()) {
                out.messages.clear();
                out.error = QStringLiteral("gt06: location frame truncated (%1 bytes)").arg(n);
                return;
            }
            m.hasLocation = true;
            out.reply = buildFrame(false, type, serial);
            out.replyAcknowledgesData = true;
            return;
        }
        if (isNetworkOnly(type)) {
            DecodedMessage &m = addMessage(out, ctx, MessageType::Status);
            const bool bcdTime = type == kWifi || type == kWifi2 || type == kWifi4;
            m.position.deviceTime = bcdTime ? readBcdDateTime(r) : readDateTime(r);
            m.text = QStringLiteral("cell / Wi-Fi report");
            if (type == kWifi || type == kWifi2) {
                // These devices expect the frame time echoed back.
                QByteArray reply("\x78\x78\x00", 3);
                reply.append(static_cast<char>(type));
                reply.append(body.first(qMin<qsizetype>(6, body.size())));
                reply.append("\r\n", 2);
                out.reply = reply;
            } else if (type != kWifi4) {
                out.reply = buildFrame(false, type, serial);
            }
            return;
        }
        if (hasGps(type) || hasLbs(type) || hasStatus(type)) {
            if (type == kLbsStatus && body.size() >= 0x17 - 5)
                return; // multi-cell variant (Space10X): nothing we keep
            DecodedMessage &m = addMessage(out, ctx, MessageType::Position);
            Position &p = m.position;
            p.attributes.reserve(8);
            if (hasGps(type)) {
                readGps(r, p, false, true, true);
                if (r.overrun()) {
                    out.messages.clear();
                    out.error = QStringLiteral("gt06: location frame type %1 truncated (%2 bytes)")
                                    .arg(type, 2, 16, QLatin1Char('0'))
                                    .arg(n);
                    return;
                }
                m.hasLocation = p.deviceTime != kNoTime;
            }
            // One byte more than the standard layout: 4-byte cell id and battery in percent.
            const bool wideCell = hasStatus(type) && hasGps(type) && body.size() == 18 + 9 + 5 + 1;
            if (hasLbs(type)) {
                if (wideCell) {
                    r.skip(1 + 2 + 1 + 2 + 4);
                } else {
                    readLbs(r, type, hasStatus(type));
                }
            }
            if (hasStatus(type) && r.remaining() >= 4) {
                readStatusBlock(r, p);
                if (wideCell)
                    p.attributes.set(kBatteryLevel, at(body, 18 + 10 + 1));
                if (const QString *al = alarmFromByte(r.u8()))
                    p.attributes.set(attr::alarm, *al);
            }
            if ((type == kGpsLbs2 || type == kGpsLbs3 || type == kGpsLbs4 || type == kGps2)
                && r.remaining() >= 3) {
                p.attributes.set(attr::ignition, r.u8() > 0);
                p.attributes.set(attr::event, r.u8());
                p.attributes.set(attr::archive, r.u8() > 0);
            }
            if (type == kGpsLbs3 && r.remaining() >= 3) {
                const quint16 module = r.u16();
                const quint8 subLength = r.u8();
                if (module == 0x0027)
                    p.attributes.set(attr::power, r.u16() * 0.01);
                else if (module == 0x002E)
                    p.attributes.set(attr::odometer, r.u32());
                else if (module == 0x003B)
                    p.accuracy = r.u16() * 0.01;
                else
                    r.skip(qMin<qsizetype>(subLength, r.remaining()));
            }
            if (standard && r.remaining() == 4)
                p.attributes.set(attr::odometer, r.u32());
            if (hasLanguage(type))
                r.u16();
            if ((type == kGpsLbsStatus3 || type == kFenceMulti) && r.remaining() >= 1)
                p.attributes.set(kGeofence, r.u8());
            if (r.overrun() && !hasGps(type)) {
                out.messages.clear();
                out.error = QStringLiteral("gt06: frame type %1 truncated (%2 bytes)")
                                .arg(type, 2, 16, QLatin1Char('0'))
                                .arg(n);
                return;
            }
            if (!hasGps(type))
                m.type = MessageType::Status;
            finishAlarmType(m);
            out.reply = buildFrame(false, type, serial);
            out.replyAcknowledgesData = true;
            return;
        }
        // Unknown or unused frame: acknowledge it so the device does not resend (commands are
        // replies to us and need no ack).
        if (type != kCommand0 && type != kCommand1 && type != kCommand2)
            out.reply = buildFrame(false, type, serial);
        return;
    }

    // Extended (0x7979) frames.
    if (type == kInfo) {
        const quint8 sub = r.u8();
        DecodedMessage &m = addMessage(out, ctx, MessageType::Status);
        Attributes &a = m.position.attributes;
        switch (sub) {
        case 0x00:
            a.set(kAdc1, r.u16() * 0.01);
            break;
        case 0x05: {
            if (r.remaining() >= 7)
                r.skip(6); // time
            const quint8 flags = r.u8();
            a.set(kDoor, (flags & 0x01) != 0);
            break;
        }
        case 0x0a:
            if (r.remaining() >= 26) {
                r.skip(16); // imei, imsi
                QString iccid = hexString(r.bytes(10));
                iccid.remove(QLatin1Char('f'));
                a.set(kIccid, iccid);
            }
            break;
        case 0x0b:
            if (r.remaining() >= 2)
                a.set(attr::power, r.u16() * 0.01);
            break;
        case 0x1b:
            if (r.peek() == 0x02 && r.remaining() >= 8) {
                r.skip(2); // header, type
                a.set(kDriverUniqueId, hexString(r.bytes(4)));
            } else if (r.remaining() > 0) {
                a.set(kSerialKey, textOrHex(r.bytes(r.remaining())));
            }
            break;
        default:
            break;
        }
        if (r.overrun()) {
            out.messages.clear();
            out.error = QStringLiteral("gt06: info frame truncated (%1 bytes)").arg(n);
        }
        return;
    }
    if (type == kSerial) {
        r.u8(); // external device type
        const QString value = textOrHex(r.bytes(r.remaining()));
        if (value.isEmpty())
            return;
        DecodedMessage &m = addMessage(out, ctx, MessageType::CommandResult);
        m.position.attributes.set(attr::result, value);
        m.text = value;
        return;
    }
    if (type == kStringInfo) {
        r.u32(); // server flag
        const quint8 encoding = r.u8();
        const QByteArrayView data = r.bytes(r.remaining());
        QString value;
        if (encoding == 1) {
            value = QString::fromLatin1(data);
        } else {
            value.reserve(data.size() / 2);
            for (qsizetype i = 0; i + 1 < data.size(); i += 2)
                value.append(QChar(char16_t(at(data, i) << 8 | at(data, i + 1))));
        }
        DecodedMessage &m = addMessage(out, ctx, MessageType::CommandResult);
        m.position.attributes.set(attr::result, value);
        m.text = value;
        return;
    }
    if (type == kModular) {
        DecodedMessage &m = addMessage(out, ctx, MessageType::Status);
        Position &p = m.position;
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
                const QString *al = nullptr;
                if (event == 0x11)
                    al = &alarm::lowBattery;
                else if (event == 0x12)
                    al = &alarm::lowPower;
                else if (event == 0x13)
                    al = &alarm::powerCut;
                else if (event == 0x14)
                    al = &alarm::removing;
                if (al)
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
                    m.hasLocation = true;
                    m.type = MessageType::Position;
                }
                break;
            default:
                break;
            }
        }
        finishAlarmType(m);
        out.reply = buildFrame(false, kModular, serial);
        out.replyAcknowledgesData = m.hasLocation;
        return;
    }
    // Other extended frames (photos, OBD, ...) are not kept.
}

} // namespace fw
