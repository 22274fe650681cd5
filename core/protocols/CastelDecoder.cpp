#include "CastelDecoder.h"

#include "Checksums.h"
#include "MessageStart.h"
#include "domain/Network.h"

#include <QDateTime>

namespace fw {

namespace {

const QString kName = QStringLiteral("castel");
constexpr qsizetype kMaxFrame = 4096;
constexpr qsizetype kFixSize = 19;
constexpr qsizetype kStatSize = 34;

// Little-endian reads that say when the body is too short.
class Reader
{
public:
    explicit Reader(QByteArrayView s) : m_s(s) { }
    bool has(qsizetype n) const { return m_at + n <= m_s.size(); }
    qsizetype left() const { return m_s.size() - m_at; }
    qsizetype pos() const { return m_at; }
    void skip(qsizetype n) { m_at = std::min(m_s.size(), m_at + n); }
    quint32 le(int n)
    {
        if (!has(n)) {
            m_at = m_s.size();
            m_short = true;
            return 0;
        }
        quint32 v = 0;
        for (int i = n - 1; i >= 0; --i)
            v = (v << 8) | static_cast<quint8>(m_s[m_at + i]);
        m_at += n;
        return v;
    }
    QByteArrayView take(qsizetype n)
    {
        if (!has(n)) {
            m_short = true;
            m_at = m_s.size();
            return {};
        }
        const QByteArrayView v = m_s.sliced(m_at, n);
        m_at += n;
        return v;
    }
    bool isShort() const { return m_short; }

private:
    QByteArrayView m_s;
    qsizetype m_at = 0;
    bool m_short = false;
};

// The next message of device `id` (a login first when the id is new on the connection).
DecodedMessage &newMessage(const QString &id, DecodeContext &ctx, DecodeResult &out)
{
    return startMessage(kName, id, ctx, out);
}

// One fix; false (and nothing located) when its date or coordinates are not real.
bool readFix(Reader &r, DecodedMessage &m)
{
    const QByteArrayView b = r.take(kFixSize);
    if (b.size() != kFixSize)
        return false;
    const auto u8 = [&b](int i) { return static_cast<int>(static_cast<quint8>(b[i])); };
    const auto u32 = [&b](int i) {
        return quint32(quint8(b[i])) | quint32(quint8(b[i + 1])) << 8
            | quint32(quint8(b[i + 2])) << 16 | quint32(quint8(b[i + 3])) << 24;
    };
    const QDate date(2000 + u8(2), u8(1), u8(0));
    const QTime time(u8(3), u8(4), u8(5));
    const int flags = u8(18);
    double lat = u32(6) / 3600000.0;
    double lon = u32(10) / 3600000.0;
    if (!date.isValid() || !time.isValid() || lat > 90.0 || lon > 180.0)
        return false;
    Position &p = m.position;
    p.deviceTime = QDateTime(date, time, Qt::UTC).toMSecsSinceEpoch();
    p.latitude = (flags & 0x02) ? lat : -lat;
    p.longitude = (flags & 0x01) ? lon : -lon;
    p.speedKph = (u8(14) | u8(15) << 8) * 0.036; // cm/s
    p.course = (u8(16) | u8(17) << 8) * 0.1;
    p.valid = (flags & 0x0c) != 0;
    p.satellites = flags >> 4;
    p.attributes.set(QStringLiteral("sat"), p.satellites);
    m.hasLocation = true;
    return true;
}

struct Stat
{
    qint64 odometer = 0;
    qint64 trip = 0;
    qint64 fuelUsed = 0;
    quint32 state = 0;
};

// The trip statistics most SC messages start with.
Stat readStat(Reader &r)
{
    Stat s;
    r.skip(8); // ignition-on time, device time
    s.odometer = r.le(4);
    s.trip = r.le(4);
    s.fuelUsed = r.le(4);
    r.skip(2); // current fuel use
    s.state = r.le(4);
    r.skip(8);
    return s;
}

void applyStat(const Stat &s, Attributes &a)
{
    a.set(attr::odometer, s.odometer);
    a.set(QStringLiteral("tripOdometer"), s.trip);
    a.set(QStringLiteral("fuelUsed"), s.fuelUsed);
    a.set(attr::status, static_cast<qint64>(s.state));
    a.set(attr::ignition, ((s.state >> 18) & 1u) != 0);
}

QString alarmName(int code)
{
    switch (code) {
    case 0x01: return alarm::overspeed;
    case 0x02: return alarm::lowPower;
    case 0x03: return alarm::temperature;
    case 0x04: return alarm::hardAcceleration;
    case 0x05: return alarm::hardBraking;
    case 0x06: return alarm::idle;
    case 0x07: return alarm::tow;
    case 0x09: return alarm::powerOn;
    case 0x0c: return alarm::hardCornering;
    case 0x0e: return alarm::powerOff;
    default: return {};
    }
}

// "P0326": little-endian 16-bit codes, the top two bits give the system. Commercial-vehicle
// entries (`stride` 4) carry two more bytes each.
QString troubleCodes(QByteArrayView raw, qsizetype stride)
{
    static const char kSystem[] = { 'P', 'C', 'B', 'U' };
    QStringList codes;
    for (qsizetype i = 0; i + 1 < raw.size(); i += stride) {
        const quint16 v = quint16(quint8(raw[i + 1]) << 8 | quint8(raw[i]));
        if (v == 0)
            continue;
        codes << QLatin1Char(kSystem[v >> 14])
                + QString::number(v & 0x3fff, 16).toUpper().rightJustified(4, u'0');
    }
    return codes.join(u' ');
}

// SC messages with a statistics block and a list of fixes (login, logout, GPS, alarm).
void decodeFixList(Reader &r, quint16 type, const QString &id, DecodeContext &ctx,
                   DecodeResult &out)
{
    if (type == 0x4001)
        r.skip(1); // history flag
    if (type == 0x4007)
        r.skip(4); // alarm bits; the alarm list after the fixes says more
    if (type == 0x401f)
        r.skip(5);
    const Stat stat = readStat(r);
    const int count = static_cast<int>(r.le(1));
    const qsizetype first = out.messages.size();
    for (int i = 0; i < count && r.has(kFixSize); ++i) {
        DecodedMessage &m = newMessage(id, ctx, out);
        if (!readFix(r, m))
            out.messages.removeLast();
        else
            applyStat(stat, m.position.attributes);
    }
    if (out.messages.size() == first) {
        DecodedMessage &m = newMessage(id, ctx, out);
        m.type = type == 0x1002 ? MessageType::Status : MessageType::Heartbeat;
        applyStat(stat, m.position.attributes);
    }
    if (type == 0x401f) {
        // Tagged values (tag, length, value; 16-bit little-endian): 0x21 is the battery in 10 mV.
        while (r.has(4)) {
            const quint32 tag = r.le(2);
            const qsizetype len = r.le(2);
            const QByteArrayView value = r.take(len);
            if (tag == 0x21 && value.size() == 2) {
                const double volts = (quint8(value[0]) | quint8(value[1]) << 8) * 0.01;
                for (qsizetype k = first; k < out.messages.size(); ++k)
                    out.messages[k].position.attributes.set(attr::battery, volts);
            }
        }
    }
    if (type == 0x4007 && r.has(1)) {
        const int alarms = static_cast<int>(r.le(1));
        for (int i = 0; i < alarms && r.has(6); ++i) {
            const bool on = r.le(1) != 0;
            const QString name = alarmName(static_cast<int>(r.le(1)));
            r.skip(4); // description, threshold
            if (!on || name.isEmpty())
                continue;
            for (qsizetype k = first; k < out.messages.size(); ++k) {
                out.messages[k].position.attributes.set(attr::alarm, name);
                out.messages[k].type = MessageType::Event;
                out.messages[k].text = QStringLiteral("alarm ") + name;
            }
        }
    }
}

void decodeSc(Reader &r, quint8 version, QByteArrayView rawId, quint16 type, const QString &id,
              DecodeContext &ctx, DecodeResult &out)
{
    switch (type) {
    case 0x1003:
        out.reply = CastelDecoder::response(version, rawId, 0x9003);
        newMessage(id, ctx, out).type = MessageType::Heartbeat;
        return;
    case 0x1001: {
        QByteArray content(6, '\0');
        content[0] = content[1] = content[2] = content[3] = '\xff';
        const quint32 now = static_cast<quint32>(ctx.now / 1000);
        for (int i = 0; i < 4; ++i)
            content.append(static_cast<char>((now >> (8 * i)) & 0xff));
        out.reply = CastelDecoder::response(version, rawId, 0x9001, content);
        decodeFixList(r, type, id, ctx, out);
        return;
    }
    case 0x1002:
    case 0x4001:
    case 0x4007:
    case 0x401f:
        decodeFixList(r, type, id, ctx, out);
        return;
    case 0xa002: {
        DecodedMessage &m = newMessage(id, ctx, out);
        m.type = MessageType::CommandResult;
        r.skip(4); // index, answer count and number
        r.skip(2 * r.le(1)); // failed tags
        const int ok = static_cast<int>(r.le(1));
        for (int i = 0; i < ok && r.has(4); ++i) {
            r.skip(2); // tag
            const QByteArrayView text = r.take(r.le(2));
            m.text = QString::fromLatin1(text);
            m.position.attributes.set(attr::result, m.text);
        }
        return;
    }
    default:
        break;
    }
    // Statistics first, then what the type carries: OBD values, trouble codes, a cell.
    DecodedMessage &m = newMessage(id, ctx, out);
    m.type = MessageType::Status;
    Attributes &a = m.position.attributes;
    applyStat(readStat(r), a);
    if (type == 0x4006 || type == 0x400b) {
        r.skip(1); // flag
        const qsizetype stride = type == 0x400b ? 4 : 2;
        const QString codes = troubleCodes(r.take(stride * r.le(1)), stride);
        if (!codes.isEmpty())
            a.set(QStringLiteral("dtcs"), codes);
    }
    // 0x4008 ends with a LAC and cell id but no MCC/MNC, which cannot be located: not kept.
}

void decodeFixFirst(Reader &r, quint8 version, QByteArrayView rawId, quint16 type,
                    const QString &id, DecodeContext &ctx, DecodeResult &out)
{
    if (type == 0x4206) {
        // CC heartbeat: history flag, count, then fix + status, battery, odometer, fence, cell.
        out.reply = CastelDecoder::response(version, rawId, 0x8206);
        r.skip(1);
        const int count = static_cast<int>(r.le(1));
        for (int i = 0; i < count && r.has(kFixSize + 16); ++i) {
            DecodedMessage &m = newMessage(id, ctx, out);
            const bool ok = readFix(r, m);
            Attributes &a = m.position.attributes;
            a.set(attr::status, static_cast<qint64>(r.le(4)));
            a.set(attr::batteryLevel, static_cast<int>(r.le(1)));
            a.set(attr::odometer, static_cast<qint64>(r.le(4)));
            r.skip(7); // fence id and flags, extra flags, cell
            if (!ok)
                out.messages.removeLast();
        }
        if (count == 0)
            newMessage(id, ctx, out).type = MessageType::Heartbeat;
        return;
    }
    if (type == 0x2001)
        r.skip(9); // index, unix time, a flag
    if (type == 0x4001 && version != 0xff && version != 5)
        out.reply = CastelDecoder::response(version, rawId, 0x8001); // CC login
    DecodedMessage &m = newMessage(id, ctx, out);
    if (!readFix(r, m)) {
        m.type = MessageType::Heartbeat;
        m.hasLocation = false;
    }
}

} // namespace

const ProtocolInfo &CastelDecoder::protocolInfo()
{
    static const ProtocolInfo info { kName, QStringLiteral("Castel / IDD"), 5086, true, true,
        false, false, kMaxFrame };
    return info;
}

QByteArray CastelDecoder::response(quint8 version, QByteArrayView id, quint16 type,
                                   QByteArrayView content)
{
    QByteArray out("@@");
    const qsizetype length = 2 + 2 + 1 + id.size() + 2 + content.size() + 2 + 2;
    out.append(static_cast<char>(length & 0xff));
    out.append(static_cast<char>((length >> 8) & 0xff));
    out.append(static_cast<char>(version));
    out.append(id);
    out.append(static_cast<char>(type >> 8));
    out.append(static_cast<char>(type & 0xff));
    out.append(content);
    const quint16 crc = checksum::crc16X25(out);
    out.append(static_cast<char>(crc & 0xff));
    out.append(static_cast<char>(crc >> 8));
    out.append("\r\n");
    return out;
}

FrameCut CastelDecoder::cutFrame(QByteArrayView s) const
{
    const qsizetype n = s.size();
    if (n == 0)
        return FrameCut::needMore();
    const bool sc = s[0] == '@';
    if ((s[0] != '@' && s[0] != '$') || (n >= 2 && s[1] != s[0])) {
        const qsizetype next = [&s] {
            for (qsizetype i = 1; i + 1 < s.size(); ++i) {
                if ((s[i] == '@' || s[i] == '$') && s[i + 1] == s[i])
                    return i;
            }
            return s.size();
        }();
        return FrameCut::garbage(std::max<qsizetype>(1, next));
    }
    if (n < 4)
        return FrameCut::needMore();
    const qsizetype length = quint8(s[2]) | quint8(s[3]) << 8;
    const qsizetype minimum = sc ? 2 + 2 + 1 + 20 + 2 + 2 + 2 : 2 + 2 + 20 + 2 + 2 + 2;
    if (length < minimum || length > kMaxFrame)
        return FrameCut::garbage(1);
    return n >= length ? FrameCut::frame(length) : FrameCut::needMore();
}

void CastelDecoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    const bool sc = frame.startsWith("@@");
    const qsizetype header = sc ? 5 : 4;
    if ((!sc && !frame.startsWith("$$")) || frame.size() < header + 20 + 2 + 4) {
        out.error = QStringLiteral("castel: not a Castel frame");
        return;
    }
    const quint8 version = sc ? static_cast<quint8>(frame[4]) : 0xff;
    const QByteArrayView rawId = frame.sliced(header, 20);
    QByteArray idBytes = rawId.toByteArray();
    const qsizetype nul = idBytes.indexOf('\0');
    if (nul >= 0)
        idBytes.truncate(nul);
    const QString id = QString::fromLatin1(idBytes).trimmed();
    if (id.isEmpty() || !std::all_of(id.begin(), id.end(), [](QChar c) {
            return c.isLetterOrNumber() || c == u'-';
        })) {
        out.error = QStringLiteral("castel: bad device id");
        return;
    }
    const quint16 type = quint16(quint8(frame[header + 20]) << 8 | quint8(frame[header + 21]));
    // The body ends before the CRC and CR LF (some devices leave out the line end).
    const qsizetype tail = frame.endsWith("\r\n") ? 4 : 2;
    Reader r(frame.sliced(header + 22, frame.size() - header - 22 - tail));
    if (version == 3 || version == 4)
        decodeSc(r, version, rawId, type, id, ctx, out);
    else
        decodeFixFirst(r, version, rawId, type, id, ctx, out);
}

} // namespace fw
