#include "Jt808Decoder.h"

#include "ByteReader.h"
#include "Checksums.h"
#include "Jt808Fields.h"
#include "Jt808LocationReport.h"

#include <QVarLengthArray>

namespace fw {

using namespace jt808;

namespace {

constexpr qsizetype kMaxFrame = 4096;

constexpr int kMsgGeneralResponse = 0x8001;
constexpr int kMsgHeartbeat = 0x0002;
constexpr int kMsgHeartbeat2 = 0x0506;
constexpr int kMsgRegister = 0x0100;
constexpr int kMsgRegisterResponse = 0x8100;
constexpr int kMsgAuth = 0x0102;
constexpr int kMsgLocation = 0x0200;
constexpr int kMsgLocationBatch = 0x0704;
constexpr int kMsgLocationBatch2 = 0x0210;
constexpr int kMsgTransparent = 0x0900;
constexpr int kMsgTextResult = 0x0701;
constexpr int kMsgParameters = 0x0107;
constexpr int kMsgUnicodeResult = 0x1300;
constexpr int kMsgVersionResult = 0x6006;
constexpr int kMsgLocation2 = 0x5501;
constexpr int kMsgLocationBlind = 0x5502;

const QString kDriverUniqueId = QStringLiteral("driverUniqueId");
const QString kIccid = QStringLiteral("iccid");

QString error(const QString &what, qsizetype at)
{
    return QStringLiteral("jt808: ") + what + QStringLiteral(" at byte ") + QString::number(at);
}

// Device id from the BCD phone field; ids that are not BCD are an IMEI packed in binary.
QString decodeId(QByteArrayView id, bool version2019)
{
    char digits[20];
    int n = 0;
    bool numeric = true;
    for (char ch : id) {
        const auto b = static_cast<quint8>(ch);
        if ((b >> 4) > 9 || (b & 0x0f) > 9) {
            numeric = false;
            break;
        }
        digits[n++] = static_cast<char>('0' + (b >> 4));
        digits[n++] = static_cast<char>('0' + (b & 0x0f));
    }
    if (numeric) {
        int start = 0;
        if (version2019) {
            while (n - start > 12 && digits[start] == '0')
                ++start;
        }
        return QString::fromLatin1(digits + start, n - start);
    }
    quint64 imei = 0;
    for (qsizetype i = 0; i < id.size() && i < 6; ++i)
        imei = (imei << 8) | static_cast<quint8>(id[i]);
    // Luhn check digit
    const QByteArray body = QByteArray::number(imei);
    int sum = 0;
    for (qsizetype i = body.size() - 1, k = 0; i >= 0; --i, ++k) {
        int d = body[i] - '0';
        if (k % 2 == 0) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return QString::fromLatin1(body) + QString::number((10 - sum % 10) % 10);
}

struct Header
{
    int type = 0;
    int attributes = 0;
    bool version2019 = false;
    int version = 0;
    QByteArrayView phone;
    int serial = 0;
};

void put16(QByteArray &b, int v)
{
    b.append(static_cast<char>((v >> 8) & 0xff));
    b.append(static_cast<char>(v & 0xff));
}

QByteArray makeReply(const Header &h, int type, const QByteArray &body, DecodeContext &ctx)
{
    QByteArray content;
    content.reserve(body.size() + 20);
    put16(content, type);
    put16(content, (static_cast<int>(body.size()) & 0x3ff) | (h.version2019 ? 0x4000 : 0));
    if (h.version2019)
        content.append(static_cast<char>(h.version));
    content.append(h.phone.data(), h.phone.size());
    put16(content, static_cast<int>(ctx.serial++ & 0xffff));
    content.append(body);
    return Jt808Decoder::wrap(content);
}

QByteArray generalResponse(const Header &h, DecodeContext &ctx)
{
    QByteArray body;
    put16(body, h.serial);
    put16(body, h.type);
    body.append('\0'); // success
    return makeReply(h, kMsgGeneralResponse, body, ctx);
}

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

void decodeText(const QString &text, DecodeContext &ctx, DecodeResult &out)
{
    if (text.contains(QLatin1String("BASE,2"))) {
        const TimeMs now = ctx.now == kNoTime ? fromDateTime(QDateTime::currentDateTimeUtc())
                                              : ctx.now;
        const QString stamp = toDateTime(now).toString(QStringLiteral("yyyyMMddHHmmss"));
        QString reply = text;
        reply.replace(QLatin1String("TIME"), stamp);
        out.reply = reply.toLatin1();
        return;
    }
    if (ctx.uniqueId.isEmpty())
        return; // a result we cannot attribute to a device
    DecodedMessage m = baseMessage(MessageType::CommandResult, ctx.uniqueId, ctx.now);
    m.position.attributes.set(attr::result, text);
    m.text = text;
    out.messages.append(m);
}

void decodeTransparent(ByteReader &r, const QString &id, TimeMs now, DecodeResult &out)
{
    const int type = r.u8();
    if (type == 0x40 || type == 0x41) {
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

} // namespace

const ProtocolInfo &Jt808Decoder::staticInfo()
{
    static const ProtocolInfo info { QStringLiteral("jt808"), QStringLiteral("JT/T 808 / Huabao"),
                                     5015, true, false, false, false, kMaxFrame };
    return info;
}

QByteArray Jt808Decoder::wrap(QByteArrayView content)
{
    QByteArray out;
    out.reserve(content.size() + 8);
    out.append('\x7e');
    const auto put = [&out](quint8 b) {
        if (b == 0x7e) {
            out.append('\x7d');
            out.append('\x02');
        } else if (b == 0x7d) {
            out.append('\x7d');
            out.append('\x01');
        } else {
            out.append(static_cast<char>(b));
        }
    };
    for (char ch : content)
        put(static_cast<quint8>(ch));
    put(checksum::xor8(content));
    out.append('\x7e');
    return out;
}

FrameCut Jt808Decoder::cutFrame(QByteArrayView stream) const
{
    if (stream.isEmpty())
        return FrameCut::needMore();
    const char first = stream[0];
    if (first == '(' || first == '\x7e') {
        const char end = first == '(' ? ')' : '\x7e';
        const qsizetype limit = std::min(stream.size(), kMaxFrame);
        for (qsizetype i = 1; i < limit; ++i) {
            if (stream[i] == end) {
                if (first == '\x7e' && i == 1)
                    return FrameCut::garbage(1); // "7e7e": end of a lost frame
                return FrameCut::frame(i + 1);
            }
        }
        return stream.size() >= kMaxFrame ? FrameCut::garbage(1) : FrameCut::needMore();
    }
    qsizetype n = 1;
    while (n < stream.size() && stream[n] != '\x7e' && stream[n] != '(')
        ++n;
    return FrameCut::garbage(n);
}

void Jt808Decoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    if (frame.size() >= 2 && frame.front() == '(' && frame.back() == ')') {
        decodeText(QString::fromLatin1(frame), ctx, out);
        return;
    }
    if (frame.size() < 15 || frame.front() != '\x7e' || frame.back() != '\x7e') {
        out.error = error(QStringLiteral("not a 0x7e-delimited frame of at least 15 bytes"), 0);
        return;
    }
    QVarLengthArray<char, 1024> buf;
    buf.reserve(frame.size());
    for (qsizetype i = 1; i < frame.size() - 1; ++i) {
        const char c = frame[i];
        if (c == '\x7e') {
            out.error = error(QStringLiteral("unexpected 0x7e inside the frame"), i);
            return;
        }
        if (c == '\x7d') {
            const char next = i + 1 < frame.size() - 1 ? frame[i + 1] : '\0';
            if (next != 1 && next != 2) {
                out.error = error(QStringLiteral("bad escape sequence"), i);
                return;
            }
            buf.append(next == 1 ? '\x7d' : '\x7e');
            ++i;
        } else {
            buf.append(c);
        }
    }
    const QByteArrayView content(buf.constData(), buf.size() - 1);
    const quint8 expected = checksum::xor8(content);
    const auto got = static_cast<quint8>(buf.back());
    if (expected != got) {
        out.error = QStringLiteral("jt808: bad checksum (expected %1, got %2) at byte %3")
                        .arg(expected, 2, 16, QLatin1Char('0'))
                        .arg(got, 2, 16, QLatin1Char('0'))
                        .arg(frame.size() - 2);
        return;
    }
    ByteReader r(content);
    Header h;
    h.type = r.u16();
    h.attributes = r.u16();
    h.version2019 = bit(h.attributes, 14);
    if (h.version2019)
        h.version = r.u8();
    h.phone = r.bytes(h.version2019 ? 10 : 6);
    h.serial = h.type == kMsgLocation2 || h.type == kMsgLocationBlind ? r.u8() : r.u16();
    if (bit(h.attributes, 13))
        r.skip(4); // sub-package count and index
    if (r.overrun()) {
        out.error = error(QStringLiteral("truncated header"), 1);
        return;
    }
    const qsizetype bodyStart = r.position();
    const QByteArrayView body = content.sliced(bodyStart);
    const QString id = decodeId(h.phone, h.version2019);
    ctx.uniqueId = id;
    const TimeMs now = ctx.now;

    switch (h.type) {
    case kMsgRegister: {
        QByteArray reply;
        put16(reply, h.serial);
        reply.append('\0');
        reply.append(id.toLatin1()); // authentication code
        out.reply = makeReply(h, kMsgRegisterResponse, reply, ctx);
        out.messages.append(baseMessage(MessageType::Login, id, now));
        return;
    }
    case kMsgAuth:
        out.reply = generalResponse(h, ctx);
        out.messages.append(baseMessage(MessageType::Login, id, now));
        return;
    case kMsgHeartbeat:
    case kMsgHeartbeat2:
        out.reply = generalResponse(h, ctx);
        out.messages.append(baseMessage(MessageType::Heartbeat, id, now));
        return;
    case kMsgLocation: {
        DecodedMessage m;
        if (!Jt808LocationReport::decode(body, id, now, m)) {
            out.error = error(QStringLiteral("truncated location report"), bodyStart + 1);
            return;
        }
        out.messages.append(m);
        out.reply = generalResponse(h, ctx);
        out.replyAcknowledgesData = true;
        return;
    }
    case kMsgLocationBatch:
    case kMsgLocationBatch2: {
        ByteReader b(body);
        bool archive = false;
        if (h.type == kMsgLocationBatch) {
            const int count = b.u16();
            archive = b.u8() > 0;
            if (count * 30 > b.remaining()) {
                out.error = error(QStringLiteral("batch count larger than the data"), bodyStart);
                return;
            }
        }
        while (b.remaining() > 0) {
            const qsizetype at = b.position();
            const int length = h.type == kMsgLocationBatch2 ? b.u8() : b.u16();
            const QByteArrayView item = b.bytes(length);
            DecodedMessage m;
            if (b.overrun() || !Jt808LocationReport::decode(item, id, now, m)) {
                out.messages.clear();
                out.error = error(QStringLiteral("truncated batch item"), bodyStart + at + 1);
                return;
            }
            if (archive)
                m.position.attributes.set(attr::archive, true);
            out.messages.append(m);
        }
        out.reply = generalResponse(h, ctx);
        out.replyAcknowledgesData = true;
        return;
    }
    case kMsgTransparent: {
        ByteReader b(body);
        decodeTransparent(b, id, now, out);
        out.reply = generalResponse(h, ctx);
        return;
    }
    case kMsgTextResult: {
        ByteReader b(body);
        const quint32 length = b.u32();
        const QString text = latin(b.bytes(std::min<qsizetype>(length, b.remaining())));
        DecodedMessage m = baseMessage(MessageType::CommandResult, id, now);
        m.position.attributes.set(attr::result, text);
        m.text = text;
        out.messages.append(m);
        out.reply = generalResponse(h, ctx);
        return;
    }
    case kMsgUnicodeResult: {
        ByteReader b(body);
        b.skip(2);
        QString text;
        while (b.remaining() >= 2)
            text.append(QChar(b.u16()));
        text = text.trimmed();
        DecodedMessage m = baseMessage(MessageType::CommandResult, id, now);
        m.position.attributes.set(attr::result, text);
        m.text = text;
        out.messages.append(m);
        return;
    }
    case kMsgVersionResult: {
        const QString text = latin(body.sliced(std::min<qsizetype>(1, body.size())));
        DecodedMessage m = baseMessage(MessageType::CommandResult, id, now);
        m.position.attributes.set(attr::result, text);
        m.text = text;
        out.messages.append(m);
        return;
    }
    case kMsgParameters: {
        ByteReader b(body);
        b.skip(2 + 5 + (h.version2019 ? 30 : 20) + (h.version2019 ? 30 : 7));
        const QByteArrayView iccid = b.bytes(10);
        DecodedMessage m = baseMessage(MessageType::Status, id, now);
        if (!b.overrun())
            m.position.attributes.set(kIccid, hex(iccid));
        out.messages.append(m);
        out.reply = generalResponse(h, ctx);
        return;
    }
    default:
        return; // understood framing, nothing we interpret

    }
}

} // namespace fw
