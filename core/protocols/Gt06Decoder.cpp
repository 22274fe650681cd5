#include "Gt06Decoder.h"

#include "ByteReader.h"
#include "Checksums.h"
#include "Gt06Alarms.h"
#include "Gt06Extended.h"
#include "Gt06Fields.h"
#include "Gt06Location.h"
#include "Gt06MessageTypes.h"
#include "Gt06Network.h"

namespace fw {

using namespace gt06;

namespace {

const QString kProtocol = QStringLiteral("gt06");
const QString kIccid = QStringLiteral("iccid");
const QString kDriverUniqueId = QStringLiteral("driverUniqueId");
const QString kArmed = QStringLiteral("armed");
const QString kTemp1 = QStringLiteral("temp1");
const QString kInput = QStringLiteral("input");
const QString kOutput = QStringLiteral("output");

inline quint8 at(QByteArrayView v, qsizetype i)
{
    return static_cast<quint8>(v[i]);
}

inline bool stopAt(QByteArrayView v, qsizetype i)
{
    return i >= 0 && i + 1 < v.size() && v[i] == '\r' && v[i + 1] == '\n';
}

QString hex4(quint16 v)
{
    return QStringLiteral("%1").arg(v, 4, 16, QLatin1Char('0'));
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

void finishAlarmType(DecodedMessage &m)
{
    const QVariant alarmValue = m.position.attributes.value(attr::alarm);
    if (alarmValue.isValid()) {
        m.type = MessageType::Event;
        m.text = QStringLiteral("alarm: ") + alarmValue.toString();
    }
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
    QByteArray f;
    writeFrame(f, extended, type, serial, content);
    return f;
}

void Gt06Decoder::writeFrame(
    QByteArray &f, bool extended, quint8 type, quint16 serial, QByteArrayView content)
{
    const qsizetype length = 5 + content.size();
    f.resize(0);
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
    if (n < 6) {
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
    if (n < hdr + 1 + 4 + 2 && !(!ext && at(f, hdr) == kLogin))
        return; // no room for a serial and CRC (seen from some devices): nothing to answer
    const qsizetype declared = ext ? (qsizetype(at(f, 2)) << 8 | at(f, 3)) : at(f, 2);
    if (n > staticInfo().maxFrameSize) {
        out.error = QStringLiteral("gt06: frame of %1 bytes exceeds %2")
                        .arg(n)
                        .arg(staticInfo().maxFrameSize);
        return;
    }
    const bool standard = declared + hdr + 2 == n;
    const int utcOffset = ctx.state; // set by the login's time-zone field
    // The CRC is not checked: many devices (and clones) send a wrong one, and the frame is
    // already delimited by its header, length and stop bits over a reliable transport. Traccar
    // does not check it either.
    // Non-standard lengths are vendor variants without a usable CRC; they are parsed leniently.
    const quint8 type = at(f, hdr);
    const qsizetype bodyStart = hdr + 1;
    // Standard frames end with serial, CRC and stop bits; in vendor variants with a
    // non-standard length the body may run up to the stop bits.
    const qsizetype bodyEnd = standard ? n - 6 : n - 2;
    const quint16 serial = n - 6 >= bodyStart ? quint16(at(f, n - 6) << 8 | at(f, n - 5)) : 0;
    const QByteArrayView body = f.sliced(bodyStart, bodyEnd - bodyStart);
    ByteReader r(body);
    FrameInfo info;
    info.type = type;
    info.extended = ext;
    info.bodySize = body.size();
    info.tail = standard || bodyEnd - 4 < bodyStart ? 0 : 4;
    info.utcOffset = utcOffset;
    info.length = int(declared);
    info.variant = variantOf(ext, type, info.length);
    info.model = ctx.model.toUpper();
    const auto truncated = [&] {
        out.messages.clear();
        out.error = QStringLiteral("gt06: frame type %1 truncated (%2 bytes)")
                        .arg(type, 2, 16, QLatin1Char('0'))
                        .arg(n);
    };

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
        // After the IMEI: device type code, then (newer devices) the time zone: bits 4-15 hold
        // hours * 100 + minutes, bit 3 set means west of UTC.
        ctx.state = 0;
        if (body.size() >= 8 + 2 + 2) {
            const quint16 zone = quint16(at(body, 10) << 8 | at(body, 11));
            const int hhmm = zone >> 4;
            const int offset = ((hhmm / 100) * 60 + hhmm % 100) * 60;
            ctx.state = (zone & 0x08) ? -offset : offset;
        }
        DecodedMessage &m = addMessage(out, ctx, MessageType::Login);
        m.text = QStringLiteral("login ") + ctx.uniqueId;
        writeFrame(out.reply, false, kLogin, serial);
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
            writeFrame(out.reply, false, type, serial);
            return;
        }
        if (type == kStatus) {
            DecodedMessage &m = addMessage(out, ctx, MessageType::Heartbeat);
            Attributes &a = m.position.attributes;
            if (info.variant == Variant::Obd6) {
                readObd6Status(r, a);
            } else if (body.size() >= 14) {
                // Extended status (e.g. GT800): info, satellites, alarm, language, battery,
                // mode, voltage, ..., temperature in the last two bytes.
                a.set(attr::batteryLevel, int(at(body, 5)));
                const quint16 v
                    = quint16(at(body, body.size() - 2) << 8 | at(body, body.size() - 1));
                const double t = (v & 0x7fff) * 0.1;
                a.set(kTemp1, (v & 0x8000) ? -t : t);
            } else {
                // Status, battery, signal, alarm; some models put a voltage in their place.
                readStatusByte(r, a);
                if (info.model == u"R11")
                    a.set(attr::power, r.u16() / 100.0);
                else
                    readBatteryByte(r.u8(), a);
                a.set(attr::rssi, int(r.u8()));
                if (info.model.startsWith(QLatin1String("LW"))) {
                    a.set(attr::power, (r.u16() & 0x0fff) / 10.0);
                } else if (available(r, info) >= 1) {
                    const quint8 extension = r.u8();
                    if (info.model == u"SEEWORLD")
                        a.set(attr::power, double(extension));
                    else if (const QString *al = alarmFromByte(extension, info.model))
                        addAlarm(a, *al);
                }
                finishAlarmType(m);
            }
            writeFrame(out.reply, false, type, serial);
            return;
        }
        if (type == kInfo) {
            DecodedMessage &m = addMessage(out, ctx, MessageType::Status);
            m.position.attributes.set(attr::power, r.s16() * 0.01);
            writeFrame(out.reply, false, type, serial);
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
            writeFrame(out.reply, false, type, serial);
            return;
        }
        if (type == kTimeRequest) {
            const TimeMs now = ctx.now == kNoTime ? 0 : ctx.now;
            const QDateTime dt = toDateTime(now);
            const QDate d = dt.date();
            const QTime t = dt.time();
            const char content[6] = { char(d.year() - 2000), char(d.month()), char(d.day()),
                char(t.hour()), char(t.minute()), char(t.second()) };
            writeFrame(out.reply, false, type, serial, QByteArrayView(content, 6));
            return;
        }
        if (type == kAddressRequest) {
            static const QByteArray content
                = QByteArray("\x0b\x00\x00\x00\x00", 5) + QByteArray("NA&&NA&&0##");
            writeFrame(out.reply, true, kAddressResponse, 0, content);
            return;
        }
        if (type == kAlarm) {
            DecodedMessage &m = addMessage(out, ctx, MessageType::Event);
            if (!decodeAlarmFrame(info, r, m)) {
                truncated();
                return;
            }
            if (!m.position.attributes.contains(attr::alarm))
                m.type = m.hasLocation ? MessageType::Position : MessageType::Status;
            finishAlarmType(m);
            writeFrame(out.reply, false, type, serial);
            out.replyAcknowledgesData = true;
            return;
        }
        if (type == kX1Gps) {
            DecodedMessage &m = addMessage(out, ctx, MessageType::Position);
            Position &p = m.position;
            r.u32(); // data and alarm
            readGps(r, p, false, true, true, utcOffset);
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
                truncated();
                return;
            }
            m.hasLocation = true;
            writeFrame(out.reply, false, type, serial);
            out.replyAcknowledgesData = true;
            return;
        }
        if (type == kWifiAlarm || type == kIButton || type == kBms) {
            DecodedMessage &m = addMessage(out, ctx, MessageType::Position);
            const bool ok = type == kWifiAlarm ? decodeWifiAlarm(info, r, m)
                : type == kIButton            ? decodeIButton(info, r, m)
                                              : decodeBms(info, r, m);
            if (!ok) {
                truncated();
                return;
            }
            finishAlarmType(m);
            writeFrame(out.reply, false, type, serial);
            out.replyAcknowledgesData = true;
            return;
        }
        if (isNetworkOnly(type) && !isLocationFrame(info)) {
            // No fix: the cells and access points travel as the report's network.
            DecodedMessage &m = addMessage(out, ctx, MessageType::Position);
            const bool bcdTime = type == kWifi || type == kWifi2 || type == kWifi4;
            m.position.deviceTime = bcdTime ? readBcdDateTime(r) : readDateTime(r, utcOffset);
            m.text = QStringLiteral("cell / Wi-Fi report");
            // Cells cut short by the end of the frame are left out; the rest is kept.
            Network network;
            readNetwork(type, info.length, r, network);
            network.storeIn(m.position.attributes);
            if (type == kWifi || type == kWifi2) {
                // These devices expect the frame time echoed back.
                QByteArray reply("\x78\x78\x00", 3);
                reply.append(static_cast<char>(type));
                reply.append(body.first(qMin<qsizetype>(6, body.size())));
                reply.append("\r\n", 2);
                out.reply = reply;
            } else if (type != kWifi4) {
                writeFrame(out.reply, false, type, serial);
            }
            return;
        }
        if (isLocationFrame(info)) {
            if (info.variant == Variant::Space10x)
                return; // several cells and no fix: nothing we keep yet
            DecodedMessage &m = addMessage(out, ctx, MessageType::Position);
            if (!decodeLocationFrame(info, r, m)) {
                truncated();
                return;
            }
            finishAlarmType(m);
            writeFrame(out.reply, false, type, serial);
            out.replyAcknowledgesData = true;
            return;
        }
        // Unknown or unused frame: acknowledge it so the device does not resend (commands are
        // replies to us and need no ack).
        if (type != kCommand0 && type != kCommand1 && type != kCommand2)
            writeFrame(out.reply, false, type, serial);
        return;
    }

    // Extended (0x7979) frames.
    if (type == kInfo) {
        DecodedMessage &m = addMessage(out, ctx, MessageType::Status);
        if (!decodeInfoFrame(info, r, m))
            out.messages.removeLast(); // a sub-type we do not read, or text that does not parse
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
        const QByteArrayView data = r.bytes(available(r, info));
        QString value;
        if (encoding == 1) {
            value = QString::fromLatin1(data);
        } else {
            value.reserve(data.size() / 2);
            for (qsizetype i = 0; i + 1 < data.size(); i += 2)
                value.append(QChar(char16_t(at(data, i) << 8 | at(data, i + 1))));
        }
        DecodedMessage &m = addMessage(out, ctx, MessageType::CommandResult);
        if (readPositionText(value, m)) {
            m.type = MessageType::Position;
            return;
        }
        m.position.attributes.set(attr::result, value);
        m.text = value;
        return;
    }
    if (type == kModular) {
        DecodedMessage &m = addMessage(out, ctx, MessageType::Status);
        if (readModules(r, m.position)) {
            m.hasLocation = true;
            m.type = MessageType::Position;
        }
        finishAlarmType(m);
        writeFrame(out.reply, false, kModular, serial);
        out.replyAcknowledgesData = m.hasLocation;
        return;
    }
    if (type == kAz735Gps || type == kAz735Alarm || type == kGpsLbs8 || type == kDeviceStatus
        || type == kPeripheral || type == kObd) {
        DecodedMessage &m = addMessage(out, ctx, MessageType::Position);
        bool ok = false;
        if (type == kAz735Gps || type == kAz735Alarm)
            ok = decodeAz735(info, r, m);
        else if (type == kGpsLbs8)
            ok = decodeGpsLbs8(info, r, m);
        else if (type == kObd)
            ok = decodeObd(info, r, m);
        else
            ok = decodeDeviceStatus(info, r, m);
        if (!ok) {
            truncated();
            return;
        }
        finishAlarmType(m);
        // AZ735 frames are answered in the long (7979) form, status frames in the short one;
        // 4G locations (0x38) and OBD reports (0x8C) are not answered.
        if (type == kAz735Gps || type == kAz735Alarm)
            writeFrame(out.reply, true, type, serial);
        else if (type == kDeviceStatus || type == kPeripheral)
            writeFrame(out.reply, false, type, serial);
        out.replyAcknowledgesData = !out.reply.isEmpty();
        return;
    }
    if (type == kMultimedia) {
        // Photo and video chunks are not kept, but each is answered so the device goes on.
        writeFrame(out.reply, true, type, serial);
        return;
    }
    // Location frames in the long form share the short form's layout.
    if (isLocationFrame(info) && type != kGpsLbsStatus4 && type != kStatus2) {
        DecodedMessage &m = addMessage(out, ctx, MessageType::Position);
        if (!decodeLocationFrame(info, r, m)) {
            truncated();
            return;
        }
        finishAlarmType(m);
        writeFrame(out.reply, false, type, serial);
        out.replyAcknowledgesData = true;
        return;
    }
    // Other extended frames (photos of older devices, ...) are not kept.
}
 // namespace fw

} // namespace fw
