#include "RuptelaDecoder.h"

#include "ByteReader.h"
#include "Checksums.h"
#include "MessageStart.h"
#include "RuptelaIoElements.h"
#include "domain/Network.h"

#include <limits>

namespace fw {

namespace {

const QString kName = QStringLiteral("ruptela");
constexpr qsizetype kMaxFrame = 4096;
constexpr qsizetype kMinBody = 8 + 1; // IMEI, command
constexpr quint8 kAnswerOffset = 100; // server packets: 100 + the command they answer
constexpr quint8 kRecords = 1;
constexpr quint8 kDeviceConfiguration = 2;
constexpr quint8 kDeviceVersion = 3;
constexpr quint8 kFirmwareUpdate = 4;
constexpr quint8 kSmsViaGprsResponse = 7;
constexpr quint8 kTroubleCodes = 9;
constexpr quint8 kIdentification = 15;
constexpr quint8 kHeartbeat = 16;
constexpr quint8 kSetIo = 17;
constexpr quint8 kExtendedRecords = 68;
constexpr qint32 kNoFix = std::numeric_limits<qint32>::min();

// The next message of device `id` (a login first when the id is new on the connection).
DecodedMessage &newMessage(const QString &id, DecodeContext &ctx, DecodeResult &out)
{
    return startMessage(kName, id, ctx, out);
}

// A record without a fix of its own: the fleet shows the last known place, marked outdated.
void markWithoutFix(DecodedMessage &m)
{
    if (!m.hasLocation)
        m.position.attributes.set(attr::outdated, true);
}

void readRecords(ByteReader &r, bool extended, const QString &id, DecodeContext &ctx,
                 DecodeResult &out)
{
    r.skip(1); // records left in the device
    const int count = r.u8();
    bool merging = false;
    for (int i = 0; i < count && !r.overrun(); ++i) {
        const TimeMs time = static_cast<TimeMs>(r.u32()) * 1000;
        r.skip(1); // time extension (sub-second order)
        int parts = 0, part = 0;
        if (extended) {
            const quint8 merge = r.u8();
            parts = merge >> 4;
            part = merge & 0x0f;
        }
        r.skip(1); // priority
        const qint32 lon = r.s32();
        const qint32 lat = r.s32();
        const int altitude = r.u16();
        const int course = r.u16();
        const int satellites = r.u8();
        const int speed = r.u16();
        const int hdop = r.u8();
        const int event = extended ? r.u16() : r.u8();

        const bool continues = extended && merging && part > 0 && part <= parts;
        DecodedMessage &m = continues ? out.messages.last() : newMessage(id, ctx, out);
        merging = extended && parts > 0;
        Position &p = m.position;
        Attributes &a = p.attributes;
        if (!continues) {
            p.deviceTime = time;
            a.set(attr::event, event);
        }
        if (lon != kNoFix && lat != kNoFix && !m.hasLocation) {
            m.hasLocation = true;
            p.valid = true;
            p.longitude = lon / 1e7;
            p.latitude = lat / 1e7;
            p.altitude = altitude / 10.0;
            p.course = course / 100.0;
            p.satellites = satellites;
            p.speedKph = speed;
            a.set(attr::hdop, hdop / 10.0);
            a.remove(attr::outdated);
        }
        markWithoutFix(m);
        for (const int width : { 1, 2, 4, 8 }) {
            const int values = r.u8();
            for (int k = 0; k < values && !r.overrun(); ++k) {
                const int io = extended ? r.u16() : r.u8();
                const QByteArrayView value = r.bytes(width);
                if (value.size() == width)
                    RuptelaIoElements::decode(a, io, value);
            }
        }
    }
    for (DecodedMessage &m : out.messages)
        RuptelaIoElements::finish(m.position.attributes);
}

void readTroubleCodes(ByteReader &r, const QString &id, DecodeContext &ctx, DecodeResult &out)
{
    const int count = r.u8();
    for (int i = 0; i < count && r.remaining() >= 19; ++i) {
        r.skip(1); // reserved
        const TimeMs time = static_cast<TimeMs>(r.u32()) * 1000;
        const qint32 lon = r.s32();
        const qint32 lat = r.s32();
        const bool archive = r.u8() == 2;
        const QByteArrayView code = r.bytes(5);
        DecodedMessage &m = newMessage(id, ctx, out);
        Position &p = m.position;
        p.deviceTime = time;
        if (lon != kNoFix && lat != kNoFix) {
            m.hasLocation = true;
            p.valid = true;
            p.longitude = lon / 1e7;
            p.latitude = lat / 1e7;
        }
        markWithoutFix(m);
        if (archive)
            p.attributes.set(attr::archive, true);
        p.attributes.set(QStringLiteral("dtcs"), QString::fromLatin1(code).trimmed());
    }
}

QString text(QByteArrayView data)
{
    QString s = QString::fromLatin1(data);
    s.remove(QChar(0));
    return s.trimmed();
}

} // namespace

const ProtocolInfo &RuptelaDecoder::protocolInfo()
{
    static const ProtocolInfo info { kName, QStringLiteral("Ruptela"), 5046, true, false, false,
        false, kMaxFrame };
    return info;
}

QByteArray RuptelaDecoder::serverPacket(quint8 command, QByteArrayView content)
{
    QByteArray out;
    const qsizetype length = 1 + content.size();
    out.append(static_cast<char>((length >> 8) & 0xff));
    out.append(static_cast<char>(length & 0xff));
    out.append(static_cast<char>(command));
    out.append(content);
    const quint16 crc = checksum::crc16Kermit(QByteArrayView(out).sliced(2));
    out.append(static_cast<char>(crc >> 8));
    out.append(static_cast<char>(crc & 0xff));
    return out;
}

QByteArray RuptelaDecoder::devicePacket(quint64 imei, quint8 command, QByteArrayView data)
{
    QByteArray body;
    for (int shift = 56; shift >= 0; shift -= 8)
        body.append(static_cast<char>((imei >> shift) & 0xff));
    body.append(static_cast<char>(command));
    body.append(data);
    QByteArray out;
    out.append(static_cast<char>((body.size() >> 8) & 0xff));
    out.append(static_cast<char>(body.size() & 0xff));
    out.append(body);
    const quint16 crc = checksum::crc16Kermit(body);
    out.append(static_cast<char>(crc >> 8));
    out.append(static_cast<char>(crc & 0xff));
    return out;
}

FrameCut RuptelaDecoder::cutFrame(QByteArrayView s) const
{
    if (s.size() < 2)
        return FrameCut::needMore();
    const qsizetype length = quint8(s[0]) << 8 | quint8(s[1]);
    if (length < kMinBody || length + 4 > kMaxFrame)
        return FrameCut::garbage(1);
    return s.size() >= length + 4 ? FrameCut::frame(length + 4) : FrameCut::needMore();
}

void RuptelaDecoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    if (frame.size() < 2 + kMinBody + 2) {
        out.error = QStringLiteral("ruptela: frame too short");
        return;
    }
    const qsizetype length = quint8(frame[0]) << 8 | quint8(frame[1]);
    if (length + 4 != frame.size()) {
        out.error = QStringLiteral("ruptela: length field does not match the frame");
        return;
    }
    const QByteArrayView body = frame.sliced(2, length);
    const quint16 crc = quint16(quint8(frame[length + 2]) << 8 | quint8(frame[length + 3]));
    if (checksum::crc16Kermit(body) != crc) {
        out.error = QStringLiteral("ruptela: checksum mismatch");
        return;
    }
    ByteReader r(body);
    const quint64 imei = r.u64();
    if (imei == 0 || imei > 999999999999999ULL) {
        out.error = QStringLiteral("ruptela: bad IMEI");
        return;
    }
    const QString id = QString::number(imei).rightJustified(15, u'0');
    const quint8 command = r.u8();
    switch (command) {
    case kRecords:
    case kExtendedRecords: {
        readRecords(r, command == kExtendedRecords, id, ctx, out);
        if (r.overrun()) {
            out.messages.clear();
            out.error = QStringLiteral("ruptela: records shorter than their fields");
            return;
        }
        out.reply = serverPacket(kAnswerOffset, QByteArrayView("\x01", 1));
        out.replyAcknowledgesData = true;
        return;
    }
    case kTroubleCodes:
        readTroubleCodes(r, id, ctx, out);
        out.reply = serverPacket(kAnswerOffset + kTroubleCodes, QByteArrayView("\x01", 1));
        out.replyAcknowledgesData = true;
        return;
    case kIdentification:
    case kHeartbeat: {
        out.reply = serverPacket(kAnswerOffset + command, QByteArrayView("\x01", 1));
        if (command == kHeartbeat) {
            newMessage(id, ctx, out).type = MessageType::Heartbeat;
        } else if (ctx.uniqueId != id) {
            newMessage(id, ctx, out);
            out.messages.removeLast(); // the login alone
        }
        return;
    }
    case kDeviceConfiguration:
    case kDeviceVersion:
    case kFirmwareUpdate:
    case kSmsViaGprsResponse:
    case kSetIo: {
        DecodedMessage &m = newMessage(id, ctx, out);
        m.type = MessageType::CommandResult;
        m.text = command == kSetIo ? QString::number(r.u8()) : text(r.bytes(r.remaining()));
        m.position.attributes.set(attr::result, m.text);
        return;
    }
    default:
        // Files (photos) and other packets: understood, not kept.
        if (ctx.uniqueId != id) {
            newMessage(id, ctx, out);
            out.messages.removeLast();
        }
        return;
    }
}

} // namespace fw
