#include "GalileoDecoder.h"

#include "ByteReader.h"
#include "Checksums.h"
#include "GalileoTags.h"
#include "MessageStart.h"
#include "domain/Network.h"

#include <QDateTime>
#include <bitset>

namespace fw {

namespace {

const QString kName = QStringLiteral("galileo");
constexpr qsizetype kMaxFrame = 4096;
constexpr quint8 kMain = 0x01;
constexpr quint8 kPhoto = 0x07;
constexpr quint8 kCompressed = 0x08;
constexpr quint8 kConfirm = 0x02;

bool isIridium(QByteArrayView s)
{
    return s.size() >= 6 && quint8(s[0]) == kMain && s[3] == 0x01 && s[4] == 0x00
        && s[5] == 0x1c;
}

// The next message of device `id` (a login first when the id is new on the connection).
DecodedMessage &newMessage(const QString &id, DecodeContext &ctx, DecodeResult &out)
{
    return startMessage(kName, id, ctx, out);
}

// The device id alone (head packet): a login when it is new on the connection.
void announce(const QString &id, DecodeContext &ctx, DecodeResult &out)
{
    if (!id.isEmpty() && ctx.uniqueId != id) {
        newMessage(id, ctx, out);
        out.messages.removeLast();
    } else if (!ctx.uniqueId.isEmpty()) {
        newMessage(ctx.uniqueId, ctx, out).type = MessageType::Heartbeat;
    }
}

qint32 s32le(QByteArrayView v)
{
    return static_cast<qint32>(quint32(quint8(v[0])) | quint32(quint8(v[1])) << 8
                               | quint32(quint8(v[2])) << 16 | quint32(quint8(v[3])) << 24);
}

QString latin1Text(QByteArrayView v)
{
    QString s = QString::fromLatin1(v);
    s.remove(QChar(0));
    return s.trimmed();
}

// Coordinates tag 0x30: validity (high nibble 0 = valid) and satellites, latitude, longitude.
void applyCoordinates(QByteArrayView v, Position &p)
{
    const quint8 flags = static_cast<quint8>(v[0]);
    p.valid = (flags & 0xf0) == 0;
    p.satellites = flags & 0x0f;
    p.latitude = s32le(v.sliced(1)) / 1e6;
    p.longitude = s32le(v.sliced(5)) / 1e6;
}

struct Record
{
    Position position;
    bool hasFix = false;
    bool hasTime = false;
    QString result;
};

// Walks the tags of a main packet (or an Iridium data block) into records. False (with
// `error` set) when a tag cannot be sized or is cut short.
bool readTags(QByteArrayView body, QList<Record> &records, QString &imei, QString &error)
{
    std::bitset<256> seen;
    Record cur;
    ByteReader r(body);
    while (!r.atEnd()) {
        const quint8 tag = r.u8();
        if (seen.test(tag)) {
            records.append(std::move(cur));
            cur = Record();
            seen.reset();
        }
        seen.set(tag);
        switch (tag) {
        case 0x03:
            imei = latin1Text(r.bytes(15));
            break;
        case 0x30: {
            const QByteArrayView v = r.bytes(9);
            if (v.size() == 9) {
                applyCoordinates(v, cur.position);
                cur.hasFix = true;
            }
            break;
        }
        case 0xe1:
            cur.result = latin1Text(r.bytes(r.u8()));
            break;
        case 0xea:
            cur.position.attributes.set(QStringLiteral("userDataArray"),
                                        QString::fromLatin1(r.bytes(r.u8()).toByteArray().toHex()));
            break;
        case 0xfe:
            r.skip(r.u16le()); // extension tags
            break;
        default: {
            const int size = GalileoTags::size(tag);
            if (size == 0) {
                error = QStringLiteral("galileo: unknown tag 0x%1 at offset %2")
                            .arg(tag, 2, 16, QLatin1Char('0'))
                            .arg(r.position() - 1);
                return false;
            }
            const QByteArrayView v = r.bytes(size);
            if (tag == 0x20)
                cur.hasTime = true;
            if (v.size() == size)
                GalileoTags::apply(tag, v, cur.position);
            break;
        }
        }
        if (r.overrun()) {
            error = QStringLiteral("galileo: tag 0x%1 cut short").arg(tag, 2, 16, QLatin1Char('0'));
            return false;
        }
    }
    records.append(std::move(cur));
    return true;
}

// Records with a place and a time become positions; a command answer becomes a command result
// at the last known place. Returns how many messages were added.
int emitRecords(QList<Record> &records, const QString &id, DecodeContext &ctx, DecodeResult &out)
{
    int added = 0;
    for (Record &rec : records) {
        if (rec.hasFix && rec.hasTime) {
            DecodedMessage &m = newMessage(id, ctx, out);
            const TimeMs server = m.position.serverTime;
            m.position = std::move(rec.position);
            m.position.uniqueId = id;
            m.position.protocol = kName;
            m.position.serverTime = server;
            m.hasLocation = true;
            ++added;
        } else if (!rec.result.isEmpty()) {
            DecodedMessage &m = newMessage(id, ctx, out);
            m.type = MessageType::CommandResult;
            m.text = rec.result;
            m.position.attributes = std::move(rec.position.attributes);
            m.position.attributes.set(attr::result, rec.result);
            m.position.attributes.set(attr::outdated, true);
            ++added;
        }
    }
    return added;
}

// Reads `n` bits, most significant first, from a fixed block.
class BitReader
{
public:
    explicit BitReader(QByteArrayView data) : m_data(data) { }
    quint32 take(int n)
    {
        quint32 v = 0;
        for (int i = 0; i < n; ++i, ++m_bit) {
            const qsizetype byte = m_bit / 8;
            const int bit = byte < m_data.size() ? (quint8(m_data[byte]) >> (7 - m_bit % 8)) & 1 : 0;
            v = (v << 1) | static_cast<quint32>(bit);
        }
        return v;
    }

private:
    QByteArrayView m_data;
    int m_bit = 0;
};

bool decodeCompressed(QByteArrayView body, DecodeContext &ctx, DecodeResult &out,
                      QString &error)
{
    ByteReader r(body);
    const int year = QDateTime::fromMSecsSinceEpoch(ctx.now == kNoTime ? 0 : ctx.now, Qt::UTC)
                         .date()
                         .year();
    const TimeMs yearStart = QDateTime(QDate(year, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    while (!r.atEnd()) {
        BitReader bits(r.bytes(10));
        bits.take(1);
        const TimeMs time = yearStart + static_cast<TimeMs>(bits.take(25)) * 1000;
        const bool invalid = bits.take(1) != 0;
        const double lon = 360.0 * bits.take(22) / 4194304.0 - 180.0;
        const double lat = 180.0 * bits.take(21) / 2097152.0 - 90.0;
        const bool alarm = bits.take(1) != 0;
        const QByteArrayView tags = r.bytes(r.u8());
        if (r.overrun())
            break;
        DecodedMessage &m = newMessage(ctx.uniqueId, ctx, out);
        Position &p = m.position;
        p.deviceTime = time;
        p.valid = !invalid;
        p.latitude = lat;
        p.longitude = lon;
        m.hasLocation = true;
        if (alarm)
            p.attributes.set(attr::alarm, alarm::general);
        for (const char t : tags) {
            const quint8 tag = static_cast<quint8>(t);
            const int size = GalileoTags::size(tag);
            if (size == 0 || tag == 0x03 || tag == 0x30) {
                error = QStringLiteral("galileo: tag 0x%1 in a compressed record")
                            .arg(tag, 2, 16, QLatin1Char('0'));
                return false;
            }
            const QByteArrayView v = r.bytes(size);
            if (v.size() == size)
                GalileoTags::apply(tag, v, p);
        }
    }
    if (r.overrun()) {
        error = QStringLiteral("galileo: compressed record cut short");
        return false;
    }
    return true;
}

void decodeIridium(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out)
{
    ByteReader r(frame.sliced(6));
    r.skip(4); // message reference
    const QString imei = latin1Text(r.bytes(15));
    r.skip(1 + 4); // session status, message sequence numbers
    const TimeMs time = static_cast<TimeMs>(r.u32()) * 1000;
    r.skip(3); // location element header
    const quint8 flags = r.u8();
    const double lat = r.u8() + r.u16() / 60000.0;
    const double lon = r.u8() + r.u16() / 60000.0;
    r.skip(4); // accuracy
    r.skip(1); // payload element header
    const QByteArrayView data = r.bytes(r.u16());
    if (r.overrun() || imei.isEmpty()) {
        out.error = QStringLiteral("galileo: Iridium report shorter than its fields");
        return;
    }
    QList<Record> records;
    QString tagImei;
    QString error;
    if (!readTags(data, records, tagImei, error)) {
        out.error = error;
        return;
    }
    DecodedMessage &m = newMessage(imei, ctx, out);
    Position &p = m.position;
    p.deviceTime = time;
    p.latitude = (flags & 0x02) ? -lat : lat;
    p.longitude = (flags & 0x01) ? -lon : lon;
    p.valid = true;
    m.hasLocation = true;
    if (!records.isEmpty()) {
        Record &rec = records.first();
        for (const Attributes::Entry &e : std::as_const(rec.position.attributes))
            p.attributes.set(e.key, e.value);
        if (rec.hasTime)
            p.deviceTime = rec.position.deviceTime;
        if (rec.hasFix) {
            p.latitude = rec.position.latitude;
            p.longitude = rec.position.longitude;
            p.valid = rec.position.valid;
            p.satellites = rec.position.satellites;
        }
        p.speedKph = rec.position.speedKph;
        p.course = rec.position.course;
        p.altitude = rec.position.altitude;
    }
}

} // namespace

const ProtocolInfo &GalileoDecoder::protocolInfo()
{
    static const ProtocolInfo info { kName, QStringLiteral("Galileosky"), 5034, true, false,
        false, false, kMaxFrame };
    return info;
}

QByteArray GalileoDecoder::packet(quint8 header, QByteArrayView tags, bool archive)
{
    QByteArray out;
    out.append(static_cast<char>(header));
    const quint16 length = static_cast<quint16>((tags.size() & 0x7fff) | (archive ? 0x8000 : 0));
    out.append(static_cast<char>(length & 0xff));
    out.append(static_cast<char>(length >> 8));
    out.append(tags);
    const quint16 crc = checksum::crc16Modbus(out);
    out.append(static_cast<char>(crc & 0xff));
    out.append(static_cast<char>(crc >> 8));
    return out;
}

FrameCut GalileoDecoder::cutFrame(QByteArrayView s) const
{
    const qsizetype n = s.size();
    if (n == 0)
        return FrameCut::needMore();
    const quint8 header = static_cast<quint8>(s[0]);
    if (header != kMain && header != kPhoto && header != kCompressed)
        return FrameCut::garbage(1);
    if (n < 6)
        return FrameCut::needMore();
    const qsizetype length = isIridium(s) ? 3 + (quint8(s[1]) << 8 | quint8(s[2]))
                                          : 5 + ((quint8(s[1]) | quint8(s[2]) << 8) & 0x7fff);
    if (length < 6 || length > kMaxFrame)
        return FrameCut::garbage(1);
    return n >= length ? FrameCut::frame(length) : FrameCut::needMore();
}

void GalileoDecoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    if (isIridium(frame)) {
        if (frame.size() != 3 + (quint8(frame[1]) << 8 | quint8(frame[2]))) {
            out.error = QStringLiteral("galileo: length field does not match the frame");
            return;
        }
        decodeIridium(frame, ctx, out);
        return;
    }
    if (frame.size() < 6) {
        out.error = QStringLiteral("galileo: frame too short");
        return;
    }
    const quint8 header = static_cast<quint8>(frame[0]);
    const qsizetype length = (quint8(frame[1]) | quint8(frame[2]) << 8) & 0x7fff;
    if (length + 5 != frame.size()) {
        out.error = QStringLiteral("galileo: length field does not match the frame");
        return;
    }
    const QByteArrayView crcBytes = frame.last(2);
    const quint16 crc = quint16(quint8(crcBytes[0]) | quint8(crcBytes[1]) << 8);
    if (checksum::crc16Modbus(frame.first(frame.size() - 2)) != crc) {
        out.error = QStringLiteral("galileo: checksum mismatch");
        return;
    }
    const QByteArrayView body = frame.sliced(3, length);
    QString error;
    if (header == kPhoto) {
        out.reply = static_cast<char>(kPhoto) + crcBytes.toByteArray();
        announce(QString(), ctx, out);
        return;
    }
    if (header == kCompressed) {
        if (!decodeCompressed(body, ctx, out, error)) {
            out.messages.clear();
            out.error = error;
            return;
        }
    } else if (header == kMain) {
        QList<Record> records;
        QString imei;
        if (!readTags(body, records, imei, error)) {
            out.error = error;
            return;
        }
        const QString id = imei.isEmpty() ? ctx.uniqueId : imei;
        if (emitRecords(records, id, ctx, out) == 0)
            announce(imei, ctx, out);
    } else {
        out.error = QStringLiteral("galileo: unknown packet header");
        return;
    }
    out.reply = static_cast<char>(kConfirm) + crcBytes.toByteArray();
    out.replyAcknowledgesData = true;
}

} // namespace fw
