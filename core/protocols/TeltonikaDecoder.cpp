#include "TeltonikaDecoder.h"

#include "ByteReader.h"
#include "Checksums.h"
#include "TeltonikaIoElements.h"

#include <cstring>

namespace fw {

namespace {

constexpr int kCodecGh3000 = 0x07;
constexpr int kCodec8 = 0x08;
constexpr int kCodec8Ext = 0x8E;
constexpr int kCodec12 = 0x0C;
constexpr int kCodec13 = 0x0D;
constexpr int kCodec16 = 0x10;

constexpr qsizetype kMaxFrame = 4096;
constexpr qsizetype kMaxImei = 32;

const QString kPriority = QStringLiteral("priority");
const QString kSat = QStringLiteral("sat");
const QString kType = QStringLiteral("type");
const QString kDriverUniqueId = QStringLiteral("driverUniqueId");
const QString kOperator = QStringLiteral("operator");

QString error(const char *what, qsizetype at)
{
    return QStringLiteral("teltonika: ") + QLatin1String(what) + QStringLiteral(" at byte ")
        + QString::number(at);
}

QString hex(QByteArrayView v)
{
    return QString::fromLatin1(v.toByteArray().toHex());
}

bool isPrintable(QByteArrayView v)
{
    for (char ch : v) {
        const auto c = static_cast<quint8>(ch);
        if (c < 32 && c != '\r' && c != '\n')
            return false;
    }
    return true;
}

struct RecordContext
{
    int codec = 0;
    TimeMs now = kNoTime;
    bool sixteenByteGroup = false; // "extended" firmware option: a group of 16-byte values
    // Codec 13 size field without the 4-byte timestamp (some senders; the usual one counts it).
    bool sizeWithoutTime = false;
};

// One AVL record of Codec 8 / 8E / 16 / GH3000. Returns false on a truncated record.
bool decodeLocationRecord(ByteReader &r, const RecordContext &rc, DecodedMessage &m)
{
    Position &p = m.position;
    Attributes &a = p.attributes;
    const int codec = rc.codec;
    const bool ext = codec == kCodec8Ext;
    const bool wideId = ext || codec == kCodec16;
    int globalMask = 0x0f;

    if (codec == kCodecGh3000) {
        const qint64 seconds = (r.u32() & 0x3fffffff) + 1167609600LL; // since 2007-01-01
        globalMask = r.u8();
        p.deviceTime = seconds * kSecond;
        p.valid = true;
        if (globalMask & 0x01) {
            const int locationMask = r.u8();
            if (locationMask & 0x01) {
                const quint32 latBits = r.u32();
                const quint32 lonBits = r.u32();
                float lat = 0, lon = 0;
                static_assert(sizeof(float) == 4);
                std::memcpy(&lat, &latBits, 4);
                std::memcpy(&lon, &lonBits, 4);
                p.latitude = lat;
                p.longitude = lon;
                m.hasLocation = true;
            }
            if (locationMask & 0x02)
                p.altitude = r.u16();
            if (locationMask & 0x04)
                p.course = r.u8() * 360.0 / 256;
            if (locationMask & 0x08)
                p.speedKph = r.u8();
            if (locationMask & 0x10) {
                p.satellites = r.u8();
                a.set(kSat, p.satellites);
            }
            if (locationMask & 0x20) {
                a.set(QStringLiteral("lac"), static_cast<int>(r.u16()));
                a.set(QStringLiteral("cid"), static_cast<int>(r.u16()));
            }
            if (locationMask & 0x40)
                a.set(attr::rssi, static_cast<int>(r.u8()));
            if (locationMask & 0x80)
                a.set(kOperator, static_cast<qint64>(r.u32()));
        }
    } else {
        p.deviceTime = static_cast<qint64>(r.u64());
        a.set(kPriority, static_cast<int>(r.u8()));
        p.longitude = r.s32() / 10000000.0;
        p.latitude = r.s32() / 10000000.0;
        p.altitude = r.s16();
        p.course = r.u16();
        p.satellites = r.u8();
        a.set(kSat, p.satellites);
        p.valid = p.satellites != 0;
        p.speedKph = r.u16();
        a.set(attr::event, static_cast<int>(wideId ? r.u16() : r.u8()));
        if (codec == kCodec16)
            r.u8(); // generation type
        if (ext)
            r.u16(); // total IO count
        else
            r.u8();
        m.hasLocation = true;
    }

    const int idSize = wideId ? 2 : 1;
    const int countSize = ext ? 2 : 1;
    static constexpr int kWidths[4] = { 1, 2, 4, 8 };
    for (int group = 0; group < 4; ++group) {
        if (group < 3 && !(globalMask & (2 << group)))
            continue;
        if (group == 3 && codec == kCodecGh3000)
            break;
        const int width = kWidths[group];
        const int count = static_cast<int>(r.be(countSize));
        if (static_cast<qsizetype>(count) * (idSize + width) > r.remaining())
            return false;
        for (int i = 0; i < count; ++i) {
            const int id = static_cast<int>(r.be(idSize));
            TeltonikaIoElements::decode(a, id, width, r.be(width), codec == kCodecGh3000);
        }
    }
    if (rc.sixteenByteGroup) {
        const int count = static_cast<int>(r.be(countSize));
        if (static_cast<qsizetype>(count) * (idSize + 16) > r.remaining())
            return false;
        for (int i = 0; i < count; ++i) {
            const int id = static_cast<int>(r.be(idSize));
            TeltonikaIoElements::decodeRaw(a, id, r.bytes(16));
        }
    }
    if (ext) {
        const int count = r.u16();
        if (static_cast<qsizetype>(count) * 4 > r.remaining())
            return false;
        for (int i = 0; i < count && !r.overrun(); ++i) {
            const int id = r.u16();
            const int length = r.u16();
            const QByteArrayView v = r.bytes(length);
            if (!r.overrun())
                TeltonikaIoElements::decodeVariable(a, id, v);
        }
    }
    if (a.contains(attr::alarm)) {
        m.type = MessageType::Event;
        m.text = a.value(attr::alarm).toString();
    }
    return !r.overrun();
}

// Codec 12 (command response) and Codec 13 (timestamped response) records.
bool decodeCommandRecord(ByteReader &r, const RecordContext &rc, DecodedMessage &m, bool &photo)
{
    Position &p = m.position;
    m.type = MessageType::CommandResult;
    const int type = r.u8();
    qint64 length = static_cast<qint64>(r.u32());
    p.deviceTime = rc.now;
    if (rc.codec == kCodec13) {
        if (!rc.sizeWithoutTime)
            length -= 4;
        p.deviceTime = static_cast<qint64>(r.u32()) * kSecond;
    } else if (type == 0x0D) {
        photo = true; // camera transfer: parts are requested by the server, not decoded here
        r.skip(length);
        return !r.overrun();
    } else {
        p.attributes.set(kType, type);
    }
    if (length < 0 || length > r.remaining())
        return false;
    const QByteArrayView data = r.bytes(length);
    if (isPrintable(data)) {
        const QString text = QString::fromLatin1(data).trimmed();
        if (rc.codec == kCodec13 && text.startsWith(QLatin1String("GTSL"))) {
            const QStringList parts = text.split(QLatin1Char('|'));
            if (parts.size() > 4)
                p.attributes.set(kDriverUniqueId, parts.at(4));
        } else {
            p.attributes.set(attr::result, text);
        }
        m.text = text;
    } else {
        p.attributes.set(attr::result, hex(data));
    }
    return true;
}

bool isLocationCodec(int codec)
{
    return codec == kCodec8 || codec == kCodec8Ext || codec == kCodec16;
}

// The part shared by TCP and UDP: codec, count, records, count. Returns the record count or -1.
// `used` (when given) receives the bytes the records and both counts took.
struct ParseOptions
{
    bool sixteenByteGroup = false;
    bool sizeWithoutTime = false;
    // The checksum did not vouch for the data: the records and closing count must end exactly
    // where the data does.
    bool exactEnd = false;
};

int parseData(QByteArrayView data, qsizetype offset, DecodeContext &ctx, const QString &uniqueId,
              DecodeResult &out, int &codecOut, ParseOptions options = {})
{
    const bool sixteenByteGroup = options.sixteenByteGroup;
    ByteReader r(data);
    const int codec = r.u8();
    const int count = r.u8();
    codecOut = codec;
    if (codec != kCodec8 && codec != kCodec8Ext && codec != kCodec16 && codec != kCodecGh3000
        && codec != kCodec12 && codec != kCodec13) {
        out.error = QStringLiteral("teltonika: unknown codec 0x")
            + QString::number(codec, 16).rightJustified(2, QLatin1Char('0'))
            + QStringLiteral(" at byte ") + QString::number(offset);
        return -1;
    }
    if (count * 5 > r.remaining()) { // every record needs at least a few bytes
        out.error = error("record count larger than the data", offset + 1);
        return -1;
    }
    const qsizetype first = out.messages.size();
    out.messages.reserve(first + count);
    const RecordContext rc { codec, ctx.now, sixteenByteGroup, options.sizeWithoutTime };
    for (int i = 0; i < count; ++i) {
        const qsizetype at = r.position();
        out.messages.append(DecodedMessage {});
        DecodedMessage &m = out.messages.last();
        m.position.uniqueId = uniqueId;
        m.position.protocol = TeltonikaDecoder::staticInfo().name;
        m.position.serverTime = ctx.now;
        m.position.attributes.reserve(12);
        bool ok;
        bool photo = false;
        if (codec == kCodec12 || codec == kCodec13)
            ok = decodeCommandRecord(r, rc, m, photo);
        else
            ok = decodeLocationRecord(r, rc, m);
        if (!ok) {
            out.messages.resize(first);
            // Devices with the 16-byte IO group enabled only parse with that group.
            if (!sixteenByteGroup && codec != kCodecGh3000 && isLocationCodec(codec)) {
                options.sixteenByteGroup = true;
                return parseData(data, offset, ctx, uniqueId, out, codecOut, options);
            }
            out.error = error("truncated AVL record", offset + at);
            return -1;
        }
        if (photo)
            out.messages.removeLast();
    }
    const int count2 = r.u8();
    if (r.overrun() || count2 != count || (options.exactEnd && !r.atEnd())) {
        out.messages.resize(first);
        if (codec == kCodec13 && !options.sizeWithoutTime) {
            options.sizeWithoutTime = true;
            return parseData(data, offset, ctx, uniqueId, out, codecOut, options);
        }
        out.error = QStringLiteral("teltonika: record counts differ (%1 and %2) at byte %3")
                        .arg(count)
                        .arg(count2)
                        .arg(offset + r.position() - 1);
        return -1;
    }
    return count;
}

bool isDataCodec(int codec)
{
    return codec != kCodec12 && codec != kCodec13;
}

void decodeUdp(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out)
{
    ByteReader r(frame);
    const int length = r.u16();
    const int packetId = r.u16();
    r.u8(); // packet type
    const int avlPacketId = r.u8();
    const int imeiLength = r.u16();
    const QByteArrayView imei = r.bytes(imeiLength);
    if (r.overrun() || length + 2 != frame.size() || imeiLength == 0 || imeiLength > kMaxImei) {
        out.error = error("malformed UDP header", 0);
        return;
    }
    for (char ch : imei) {
        if (ch < '0' || ch > '9') {
            out.error = error("IMEI is not numeric", 8);
            return;
        }
    }
    const QString uniqueId = QString::fromLatin1(imei);
    ctx.uniqueId = uniqueId;
    int codec = 0;
    const qsizetype start = r.position();
    const int count = parseData(frame.sliced(start), start, ctx, uniqueId, out, codec);
    if (count < 0)
        return;
    if (isDataCodec(codec)) {
        out.reply = QByteArray(7, '\0');
        out.reply[1] = 5;
        out.reply[2] = static_cast<char>(packetId >> 8);
        out.reply[3] = static_cast<char>(packetId);
        out.reply[4] = 0x01;
        out.reply[5] = static_cast<char>(avlPacketId);
        out.reply[6] = static_cast<char>(count);
        out.replyAcknowledgesData = true;
    }
}

} // namespace

const ProtocolInfo &TeltonikaDecoder::staticInfo()
{
    static const ProtocolInfo info { QStringLiteral("teltonika"), QStringLiteral("Teltonika"),
                                     5027,
                                     true, true, false, false, kMaxFrame };
    return info;
}

FrameCut TeltonikaDecoder::cutFrame(QByteArrayView stream) const
{
    if (stream.isEmpty())
        return FrameCut::needMore();
    const auto at = [&](qsizetype i) { return static_cast<quint8>(stream[i]); };
    if (at(0) == 0xff)
        return FrameCut::frame(1); // keep-alive ping
    if (stream.size() < 2)
        return at(0) == 0 ? FrameCut::needMore() : FrameCut::garbage(1);
    const qsizetype prefix = (at(0) << 8) | at(1);
    if (at(0) != 0) {
        // Only a UDP datagram (length-prefixed, delivered whole) can start this way.
        if (prefix + 2 == stream.size() && prefix >= 8)
            return FrameCut::frame(stream.size());
        qsizetype n = 1;
        while (n < stream.size() && at(n) != 0 && at(n) != 0xff)
            ++n;
        return FrameCut::garbage(n);
    }
    if (prefix > 0) { // IMEI packet, or a short UDP datagram
        if (prefix + 2 > kMaxFrame)
            return FrameCut::garbage(1);
        return stream.size() >= prefix + 2 ? FrameCut::frame(prefix + 2) : FrameCut::needMore();
    }
    if (stream.size() < 8) {
        for (qsizetype i = 2; i < stream.size() && i < 4; ++i) {
            if (at(i) != 0)
                return FrameCut::garbage(1);
        }
        return FrameCut::needMore();
    }
    if (at(2) != 0 || at(3) != 0)
        return FrameCut::garbage(1);
    const quint64 length = (quint64(at(4)) << 24) | (quint64(at(5)) << 16) | (quint64(at(6)) << 8)
        | at(7);
    if (length < 3 || length + 12 > static_cast<quint64>(kMaxFrame))
        return FrameCut::garbage(1);
    const auto total = static_cast<qsizetype>(length + 12);
    return stream.size() >= total ? FrameCut::frame(total) : FrameCut::needMore();
}

void TeltonikaDecoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    if (frame.isEmpty()) {
        out.error = QStringLiteral("teltonika: empty frame");
        return;
    }
    if (ctx.transport == Transport::Udp) {
        decodeUdp(frame, ctx, out);
        return;
    }
    const auto at = [&](qsizetype i) { return static_cast<quint8>(frame[i]); };
    if (frame.size() == 1 && at(0) == 0xff) {
        DecodedMessage m;
        m.type = MessageType::Heartbeat;
        m.position.uniqueId = ctx.uniqueId;
        m.position.protocol = staticInfo().name;
        m.position.serverTime = ctx.now;
        out.messages.append(m);
        return;
    }
    if (frame.size() < 2) {
        out.error = error("frame too short", 0);
        return;
    }
    const int prefix = (at(0) << 8) | at(1);
    if (prefix > 0) {
        if (prefix + 2 != frame.size() || prefix > kMaxImei) {
            out.error = error("bad IMEI packet length", 0);
            out.reply = QByteArray(1, '\0');
            return;
        }
        for (qsizetype i = 2; i < frame.size(); ++i) {
            if (at(i) < '0' || at(i) > '9') {
                out.error = error("IMEI is not numeric", i);
                out.reply = QByteArray(1, '\0');
                return;
            }
        }
        ctx.uniqueId = QString::fromLatin1(frame.sliced(2));
        DecodedMessage m;
        m.type = MessageType::Login;
        m.position.uniqueId = ctx.uniqueId;
        m.position.protocol = staticInfo().name;
        m.position.serverTime = ctx.now;
        out.messages.append(m);
        out.reply = QByteArray(1, '\x01');
        return;
    }
    if (frame.size() < 15) {
        out.error = error("AVL packet too short", 0);
        return;
    }
    if (at(2) != 0 || at(3) != 0) {
        out.error = error("bad preamble", 2);
        return;
    }
    const quint64 length = (quint64(at(4)) << 24) | (quint64(at(5)) << 16) | (quint64(at(6)) << 8)
        | at(7);
    const auto frameSize = static_cast<quint64>(frame.size());
    // A frame handed over whole may end in a checksum cut short (fewer than its 4 bytes); on a
    // stream cutFrame always waits for all of them.
    const bool shortTrailer = length + 8 <= frameSize && frameSize < length + 12;
    const auto lengthError = [&] {
        return QStringLiteral("teltonika: data length %1 does not match frame size %2 at byte 4")
            .arg(length)
            .arg(frame.size());
    };
    if (length + 12 != frameSize && !shortTrailer) {
        out.error = lengthError();
        return;
    }
    const QByteArrayView data = frame.sliced(8, static_cast<qsizetype>(length));
    QString checksumError;
    if (shortTrailer) {
        checksumError = lengthError();
    } else {
        const quint16 expected = checksum::crc16Ibm(data);
        const qsizetype end = frame.size();
        const quint32 got = (quint32(at(end - 4)) << 24) | (quint32(at(end - 3)) << 16)
            | (quint32(at(end - 2)) << 8) | at(end - 1);
        if (got != expected) {
            checksumError = QStringLiteral("teltonika: bad checksum (expected %1, got %2) at "
                                           "byte %3")
                                .arg(expected, 4, 16, QLatin1Char('0'))
                                .arg(got, 4, 16, QLatin1Char('0'))
                                .arg(frame.size() - 4);
        }
    }
    if (ctx.uniqueId.isEmpty()) {
        out.error = QStringLiteral("teltonika: AVL data before the IMEI packet at byte 0");
        return;
    }
    // A checksum that does not match (or is cut short) alone does not reject the data, as
    // Traccar's decoder never reads it and some firmware (and test tools) send a wrong one:
    // TCP already guards the bytes, so a mismatch is almost always a sender that computes it
    // differently. The frame must then prove itself by its structure instead: a known codec,
    // every record parsed, the closing record count equal to the opening one and ending
    // exactly at the end of the data the length field gives. Anything less is rejected as
    // before (no reply: the device keeps the data and sends it again). A Codec 13 response
    // whose size field leaves out its timestamp (Traccar's sample 14) is read that way when the
    // usual reading does not end at the closing count. Accepted data is
    // acknowledged with its record count like any other, so the device does not resend
    // records that are stored.
    int codec = 0;
    ParseOptions options;
    options.exactEnd = !checksumError.isEmpty();
    const int count = parseData(data, 8, ctx, ctx.uniqueId, out, codec, options);
    if (count < 0) {
        if (!checksumError.isEmpty())
            out.error = checksumError;
        return;
    }
    if (isDataCodec(codec)) {
        out.reply = QByteArray(4, '\0');
        out.reply[2] = static_cast<char>(count >> 8);
        out.reply[3] = static_cast<char>(count);
        out.replyAcknowledgesData = true;
    }
}

} // namespace fw
