#include "Jt808Decoder.h"

#include "ByteReader.h"
#include "Checksums.h"
#include "Jt808Fields.h"
#include "Jt808LocationReport.h"
#include "Jt808Transparent.h"

#include <QVarLengthArray>

namespace fw {

using namespace jt808;

namespace {

constexpr qsizetype kMaxFrame = 4096;

constexpr int kMsgGeneralResponse = 0x8001;
constexpr int kMsgGeneralResponse2 = 0x4401; // answer to 0x5501 / 0x5502
constexpr int kMsgHeartbeat = 0x0002;
constexpr int kMsgLogout = 0x0003;
constexpr int kMsgTimeSyncRequest = 0x0109;
constexpr int kMsgTimeSyncResponse = 0x8109;
constexpr int kMsgTimezoneSync = 0x1007;
constexpr int kMsgPhoto = 0x8888;
constexpr int kMsgDriverIdentity = 0x0702;
constexpr int kMsgAcceleration = 0x2070;
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

QByteArray makeReply(const Header &h, int type, const QByteArray &body, DecodeContext &ctx,
                     bool shortSerial = false)
{
    QByteArray content;
    content.reserve(body.size() + 20);
    put16(content, type);
    put16(content, (static_cast<int>(body.size()) & 0x3ff) | (h.version2019 ? 0x4000 : 0));
    if (h.version2019)
        content.append(static_cast<char>(h.version));
    content.append(h.phone.data(), h.phone.size());
    if (shortSerial)
        content.append(static_cast<char>(ctx.serial++ & 0xff));
    else
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

// 0x4401: the type answered and a result; 0x5501 / 0x5502 ask for it with bit 15 of the
// attributes.
QByteArray generalResponse2(const Header &h, DecodeContext &ctx)
{
    QByteArray body;
    put16(body, h.type);
    body.append('\0'); // success
    return makeReply(h, kMsgGeneralResponse2, body, ctx, true);
}

// 0x8109: the server's UTC time (year as two bytes, then month, day, hour, minute and second)
// and a result byte, the answer devices wait for after a 0x0109 time request.
QByteArray timeSyncResponse(const Header &h, DecodeContext &ctx)
{
    const TimeMs now = ctx.now == kNoTime ? fromDateTime(QDateTime::currentDateTimeUtc())
                                          : ctx.now;
    const QDateTime t = toDateTime(now);
    QByteArray body;
    put16(body, t.date().year());
    body.append(static_cast<char>(t.date().month()));
    body.append(static_cast<char>(t.date().day()));
    body.append(static_cast<char>(t.time().hour()));
    body.append(static_cast<char>(t.time().minute()));
    body.append(static_cast<char>(t.time().second()));
    body.append('\0'); // success
    return makeReply(h, kMsgTimeSyncResponse, body, ctx);
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
    // The check byte is not enforced: devices with a wrong one are common and the frame is
    // already delimited (Traccar does not check it either).
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
    // Users often register the SIM number without the leading zeros of the BCD field.
    qsizetype zeros = 0;
    while (zeros + 1 < id.size() && id.at(zeros) == QLatin1Char('0'))
        ++zeros;
    ctx.alternativeId = zeros > 0 ? id.mid(zeros) : QString();
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
    case kMsgLogout:
    case kMsgTimezoneSync:
    case kMsgPhoto:
        out.reply = generalResponse(h, ctx);
        return;
    case kMsgDriverIdentity:
        decodeDriverIdentity(body, id, now, out);
        return;
    case kMsgAcceleration:
        decodeAcceleration(body, id, now, out);
        return;
    case kMsgTimeSyncRequest:
        out.reply = timeSyncResponse(h, ctx);
        return;
    case kMsgLocation2:
    case kMsgLocationBlind: {
        DecodedMessage m;
        if (!Jt808LocationReport::decodeCompact(body, h.type == kMsgLocationBlind, id, now, m)) {
            out.error = error(QStringLiteral("truncated location report"), bodyStart + 1);
            return;
        }
        out.messages.append(m);
        if (bit(h.attributes, 15)) {
            out.reply = generalResponse2(h, ctx);
            out.replyAcknowledgesData = true;
        }
        return;
    }
    case kMsgHeartbeat:
    case kMsgHeartbeat2:
        out.reply = generalResponse(h, ctx);
        out.messages.append(baseMessage(MessageType::Heartbeat, id, now));
        return;
    case kMsgLocation: {
        DecodedMessage m;
        if (!Jt808LocationReport::decode(body, id, now, m, ctx.model)) {
            out.error = error(QStringLiteral("truncated location report"), bodyStart + 1);
            return;
        }
        out.messages.append(m);
        out.reply = generalResponse(h, ctx);
        out.replyAcknowledgesData = true;
        return;
    }
    case kMsgLocationBatch2:
        if ((h.attributes & 0x3ff) == 7 && body.size() == 7) {
            // Battery report: level in percent and the time it was measured.
            ByteReader b(body);
            DecodedMessage m = baseMessage(MessageType::Status, id, now);
            m.position.attributes.set(attr::batteryLevel, static_cast<int>(b.u8()));
            m.position.deviceTime = readTime(b);
            out.messages.append(m);
            out.reply = generalResponse(h, ctx);
            out.replyAcknowledgesData = true;
            return;
        }
        Q_FALLTHROUGH();
    case kMsgLocationBatch: {
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
            if (b.overrun() || !Jt808LocationReport::decode(item, id, now, m, ctx.model)) {
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
        decodeTransparent(body, id, now, out);
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
        // Text report: an encoding byte, then the text.
        const QString text = latin(body.sliced(std::min<qsizetype>(1, body.size())));
        DecodedMessage m = baseMessage(MessageType::CommandResult, id, now);
        m.position.attributes.set(attr::result, text);
        m.text = text;
        out.messages.append(m);
        out.reply = generalResponse(h, ctx);
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
