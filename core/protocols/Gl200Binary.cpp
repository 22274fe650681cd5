#include "Gl200Binary.h"

#include "ByteReader.h"
#include "MessageStart.h"
#include "domain/Network.h"

#include <algorithm>
#include <cmath>

namespace fw::gl200 {

namespace {

const QString kName = QStringLiteral("gl200");
constexpr qsizetype kMinFrame = 11;

enum class Kind { None, Location, Event, Info, Heartbeat, Ack, Other, Tagged, TaggedHeartbeat };

Kind kindOf(QByteArrayView s)
{
    if (s.size() < 2 || s[0] != '+')
        return Kind::None;
    if (s[1] == '\0')
        return Kind::Tagged;
    if (s[1] == '\x10')
        return Kind::TaggedHeartbeat;
    if (s.size() < 4)
        return Kind::None;
    const QByteArrayView h = s.first(4);
    if (h == "+RSP" || h == "+BSP")
        return Kind::Location;
    if (h == "+EVT" || h == "+BVT")
        return Kind::Event;
    if (h == "+INF" || h == "+BNF")
        return Kind::Info;
    if (h == "+HBD")
        return Kind::Heartbeat;
    if (h == "+CRD" || h == "+BRD" || h == "+LGN")
        return Kind::Other;
    if (h == "+ACK" && s.size() >= 5 && s[4] != ':')
        return Kind::Ack;
    return Kind::None;
}

// Where each kind keeps its frame length (offset, bytes).
struct LengthField
{
    qsizetype at = 0;
    int size = 0;
};

LengthField lengthField(Kind k)
{
    switch (k) {
    case Kind::Tagged: return { 2, 2 };
    case Kind::TaggedHeartbeat: return { 2, 1 };
    case Kind::Ack: return { 6, 1 };
    case Kind::Info: return { 7, 2 };
    case Kind::Heartbeat: return { 5, 1 };
    case Kind::Other: return { 6, 2 };
    case Kind::Location:
    case Kind::Event: return { 9, 2 };
    case Kind::None: break;
    }
    return {};
}

// The 8-byte unique id: the IMEI two digits a byte (the last byte one digit), or the device
// name in ASCII padded with zero bytes when the device is set to report its name instead.
QString uniqueIdFrom(QByteArrayView b)
{
    if (b.size() != 8)
        return {};
    QString imei;
    imei.reserve(15);
    bool digits = true;
    for (qsizetype i = 0; i < 8 && digits; ++i) {
        const int v = static_cast<quint8>(b[i]);
        if (i < 7 && v < 100) {
            imei.append(QChar(u'0' + v / 10)).append(QChar(u'0' + v % 10));
        } else if (i == 7 && v < 10) {
            imei.append(QChar(u'0' + v));
        } else {
            digits = false;
        }
    }
    if (digits)
        return imei;
    QString name;
    for (const char c : b) {
        if (c == '\0')
            break;
        if (c < 0x20 || c > 0x7e)
            return {};
        name.append(QLatin1Char(c));
    }
    return name;
}

// A decimal number written in hex digits (0x0460 = MCC 460), as the text form writes it.
int bcdOrRaw(quint16 v)
{
    int out = 0;
    for (int shift = 12; shift >= 0; shift -= 4) {
        const int d = (v >> shift) & 0xf;
        if (d > 9)
            return v;
        out = out * 10 + d;
    }
    return out;
}

TimeMs readTime(ByteReader &r)
{
    const int year = r.u16();
    const int month = r.u8(), day = r.u8(), hour = r.u8(), minute = r.u8(), second = r.u8();
    if (year < 2000 || year > 2099)
        return kNoTime;
    return utcTime(year, month, day, hour, minute, second);
}

// The send time closes every frame of the first generation: time (7), count (2), check (2),
// "\r\n".
TimeMs sendTime(QByteArrayView frame)
{
    if (frame.size() < 13 + 20)
        return kNoTime;
    ByteReader r(frame.sliced(frame.size() - 13, 7));
    return readTime(r);
}

struct Header
{
    int type = 0;
    QString id;
    int firmware = 0;
    int battery = -1; // percent
    int power = -1; // millivolts
    int satellites = -1;
};

void applyHeader(const Header &h, DecodedMessage &m)
{
    Attributes &a = m.position.attributes;
    if (h.battery >= 0)
        a.set(attr::batteryLevel, h.battery);
    if (h.power >= 0)
        a.set(attr::power, h.power / 1000.0);
    if (h.satellites >= 0) {
        m.position.satellites = h.satellites;
        a.set(QStringLiteral("sat"), h.satellites);
    }
}

// hdop, speed (whole km/h in 2 bytes, tenths in 1), course, altitude, lon, lat, fix time,
// mcc, mnc, lac, cell, reserved.
void readPoint(ByteReader &r, DecodedMessage &m)
{
    Position &p = m.position;
    const int hdop = r.u8();
    const int whole = r.u16();
    const int tenths = r.u8();
    p.speedKph = whole + tenths / 10.0;
    p.course = r.u16();
    p.altitude = r.s16();
    const double lon = r.s32() / 1e6;
    const double lat = r.s32() / 1e6;
    const TimeMs time = readTime(r);
    const int mcc = bcdOrRaw(r.u16());
    const int mnc = bcdOrRaw(r.u16());
    const int lac = r.u16();
    const int cell = r.u16();
    r.u8(); // reserved
    p.valid = hdop > 0;
    p.attributes.set(attr::hdop, hdop);
    if (time != kNoTime && std::abs(lat) <= 90 && std::abs(lon) <= 180 && (lat != 0 || lon != 0)) {
        p.latitude = lat;
        p.longitude = lon;
        p.deviceTime = time;
        m.hasLocation = true;
    }
    if (mcc > 0) {
        Network n;
        n.radioType = QStringLiteral("gsm");
        n.addCell(mcc, mnc, lac, cell);
        n.storeIn(p.attributes);
    }
}

// The low `bits` bits of v as a two's complement number.
qint64 signedBits(quint64 v, int bits)
{
    const quint64 sign = quint64(1) << (bits - 1);
    v &= (sign << 1) - 1;
    return (v & sign) ? static_cast<qint64>(v) - static_cast<qint64>(sign << 1)
                      : static_cast<qint64>(v);
}

// Compressed location report (type 100): a full point (speed 12 bits, heading 9 bits, lon,
// lat and, for the first, the Unix time), then 5-byte deltas from it; points one second apart.
bool readCompressed(ByteReader &r, const Header &h, DecodeContext &ctx, DecodeResult &out,
                    bool archive)
{
    const int count = r.u16();
    if (count > r.remaining())
        return false;
    int speed = 0, heading = 0;
    qint64 lon = 0, lat = 0, time = 0;
    bool started = false;
    for (int i = 0; i < count && !r.overrun(); ++i) {
        if (time > 0)
            time += 1;
        const int kind = r.peek() >> 6;
        if (kind == 1) {
            const quint64 bits = r.be(3);
            speed = static_cast<int>((bits >> 9) & 0xfff);
            heading = static_cast<int>(bits & 0x1ff);
            lon = r.s32();
            lat = r.s32();
            if (time == 0)
                time = r.u32();
            started = true;
        } else if (kind == 2) {
            const quint64 bits = r.be(5);
            speed += static_cast<int>(signedBits(bits >> 30, 7));
            heading += static_cast<int>(signedBits(bits >> 23, 7));
            lon += signedBits(bits >> 11, 12);
            lat += signedBits(bits, 11);
        } else {
            r.u8(); // no fix, or the same point as before
            continue;
        }
        if (!started || r.overrun())
            continue; // a delta with nothing to add it to
        DecodedMessage &m = startMessage(kName, h.id, ctx, out);
        applyHeader(h, m);
        Position &p = m.position;
        p.valid = true;
        p.speedKph = std::max(0, speed) / 10.0;
        p.course = heading;
        const double la = lat / 1e6, lo = lon / 1e6;
        if (std::abs(la) <= 90 && std::abs(lo) <= 180 && time > 0) {
            p.latitude = la;
            p.longitude = lo;
            p.deviceTime = time * 1000;
            m.hasLocation = true;
        }
        if (archive)
            p.attributes.set(attr::archive, true);
    }
    return !r.overrun();
}

// Bytes an event type carries between the satellites and the point.
int eventExtra(int type)
{
    switch (type) {
    case 6: return 2; // backup battery voltage
    case 45: // ignition on
    case 46: return 7; // ignition off: reserved, report type, duration
    case 15: return 3; // firmware update: code, retry
    case 17: return 4; // idling duration
    case 21: return 5; // GPS signal status
    case 26: return 12; // geofence settings
    case 31: return 2; // GPS jamming
    case 33: // jamming state
    case 35: // roaming state
    case 23: return 1; // crash counter
    case 34: return 3; // configuration update: command, result
    default: return 0;
    }
}

void decodeReport(QByteArrayView frame, Kind kind, DecodeContext &ctx, DecodeResult &out)
{
    ByteReader r(frame);
    r.skip(4);
    Header h;
    h.type = r.u8();
    r.u32(); // report mask
    r.u16(); // length, checked by the caller
    r.u8(); // device type
    r.u16(); // protocol version
    h.firmware = r.u16();
    h.id = uniqueIdFrom(r.bytes(8));
    h.battery = r.u8();
    h.power = r.u16();
    if (h.id.isEmpty()) {
        out.error = QStringLiteral("gl200: bad device id in a binary report");
        return;
    }
    const bool archive = frame[1] == 'B';
    if (kind == Kind::Location && h.type == 8)
        r.skip(2); // reserved (geofence reports)
    r.u8(); // motion status
    h.satellites = r.u8();
    const qsizetype first = out.messages.size();
    if (kind == Kind::Location) {
        if (h.type == 100) {
            if (!readCompressed(r, h, ctx, out, archive)) {
                out.messages.resize(first);
                out.error = QStringLiteral("gl200: compressed report cut short");
            }
            return;
        }
        r.u8(); // report index
        if (h.type == 3) { // last call: the number in BCD up to a 0xF nibble
            r.u8(); // number length
            for (int i = 0; i < 16; ++i) {
                const quint8 b = r.u8();
                if (r.overrun() || (b & 0x0f) == 0x0f || (b & 0xf0) == 0xf0)
                    break;
            }
        }
    } else {
        r.skip(eventExtra(h.type));
    }
    const int count = r.u8();
    if (r.overrun() || count * 32 > r.remaining()) {
        out.error = QStringLiteral("gl200: binary report shorter than its %1 point(s)").arg(count);
        return;
    }
    for (int i = 0; i < count; ++i) {
        DecodedMessage &m = startMessage(kName, h.id, ctx, out);
        applyHeader(h, m);
        readPoint(r, m);
        Attributes &a = m.position.attributes;
        if (kind == Kind::Event) {
            a.set(attr::event, h.type);
            if (h.type == 45 || h.type == 46)
                a.set(attr::ignition, h.type == 45);
        }
        if (archive)
            a.set(attr::archive, true);
        if (!m.hasLocation && !a.contains(attr::network))
            m.type = MessageType::Status;
    }
    if (count == 0) {
        DecodedMessage &m = startMessage(kName, h.id, ctx, out);
        m.type = MessageType::Status;
        applyHeader(h, m);
        m.position.deviceTime = sendTime(frame);
    }
    if (r.overrun()) {
        out.messages.resize(first);
        out.error = QStringLiteral("gl200: binary report cut short");
    }
}

// +INF: mask (2), length, then the id before the device type. The details behind it vary by
// information type and firmware; the report is kept as a sign of life with its version.
void decodeInfo(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out)
{
    ByteReader r(frame);
    r.skip(4);
    const int type = r.u8();
    r.u16(); // mask
    r.u16(); // length
    const QString id = uniqueIdFrom(r.bytes(8));
    r.u8(); // device type
    r.u16(); // protocol version
    const int firmware = r.u16();
    if (r.overrun() || id.isEmpty()) {
        out.error = QStringLiteral("gl200: bad binary information report");
        return;
    }
    DecodedMessage &m = startMessage(kName, id, ctx, out);
    m.type = MessageType::Status;
    m.text = QStringLiteral("information report %1").arg(type);
    m.position.deviceTime = sendTime(frame);
    m.position.attributes.set(QStringLiteral("versionFw"), firmware);
}

// +HBD: the mask says which fields follow. The device waits for +SACK:GTHBD with its protocol
// version (device type and version, in hex as the text form writes them) and count number.
void decodeHeartbeat(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out)
{
    ByteReader r(frame);
    r.skip(4);
    const int mask = r.u8();
    r.u8(); // length
    const int deviceType = (mask & 0x02) ? r.u8() : 0;
    const int protocol = (mask & 0x04) ? r.u16() : 0;
    if (mask & 0x08)
        r.u16(); // firmware version
    QString id = ctx.uniqueId;
    if (mask & 0x80)
        id = uniqueIdFrom(r.bytes(8));
    TimeMs time = kNoTime;
    if (mask & 0x20)
        time = readTime(r);
    const int count = (mask & 0x40) ? r.u16() : 0;
    if (r.overrun() || id.isEmpty()) {
        out.error = QStringLiteral("gl200: bad binary heartbeat");
        return;
    }
    DecodedMessage &m = startMessage(kName, id, ctx, out);
    m.type = MessageType::Heartbeat;
    if (time != kNoTime)
        m.position.deviceTime = time;
    out.reply = "+SACK:GTHBD,"
        + QByteArray::number(deviceType, 16).rightJustified(2, '0').toUpper()
        + QByteArray::number(protocol, 16).rightJustified(4, '0').toUpper() + ','
        + QByteArray::number(count, 16).rightJustified(4, '0').toUpper() + '$';
}

// +ACK: the device confirms a command; device type, versions and id as in reports.
void decodeAck(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out)
{
    ByteReader r(frame);
    r.skip(4);
    const int type = r.u8();
    r.u8(); // mask
    r.u8(); // length
    r.u8(); // device type
    r.u16(); // protocol version
    r.u16(); // firmware version
    const QString id = uniqueIdFrom(r.bytes(8));
    if (r.overrun() || id.isEmpty()) {
        out.error = QStringLiteral("gl200: bad binary acknowledgement");
        return;
    }
    DecodedMessage &m = startMessage(kName, id, ctx, out);
    m.type = MessageType::CommandResult;
    m.position.deviceTime = sendTime(frame);
    m.position.attributes.set(attr::result, QStringLiteral("+ACK %1").arg(type));
}

// Second generation: header, 0x00, length (2), flags (+2 when split in packets), IMEI (BCD,
// 16 digits with a leading 0), device type (2), protocol (2), custom version (1), reserved
// (length-prefixed), then records up to the count (2), check (1) and '$' closing the frame.
// Record: length, generated time (4), count (2), id, event, then items of id and length (both
// one byte, two when the top bit is set); item 0x52 is the GNSS fix.
int varLength(ByteReader &r)
{
    int v = r.u8();
    if (v & 0x80)
        v = ((v & 0x7f) << 8) | r.u8();
    return v;
}

void decodeTagged(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out)
{
    ByteReader r(frame);
    r.skip(4);
    if (r.u8() & 0x80)
        r.u16(); // packet count and number
    const QByteArray imeiHex = r.bytes(8).toByteArray().toHex();
    const QString id = QString::fromLatin1(imeiHex.mid(1));
    r.skip(5); // device type, protocol and custom versions
    r.skip(r.u8()); // reserved
    if (r.overrun() || !std::all_of(imeiHex.begin(), imeiHex.end(), [](char c) {
            return c >= '0' && c <= '9';
        })) {
        out.error = QStringLiteral("gl200: bad binary frame header");
        return;
    }
    const qsizetype recordsEnd = frame.size() - 4;
    const qsizetype first = out.messages.size();
    bool any = false;
    while (r.position() < recordsEnd && !r.overrun()) {
        const qsizetype recordStart = r.position();
        const qsizetype recordEnd = recordStart + varLength(r);
        if (recordEnd <= recordStart || recordEnd > recordsEnd)
            break;
        r.skip(8); // generated time, count, record id, event code
        while (r.position() < recordEnd && !r.overrun()) {
            const int itemId = varLength(r);
            const qsizetype itemLength = varLength(r);
            const qsizetype itemEnd = r.position() + itemLength;
            if (itemEnd > recordEnd)
                break;
            if (itemId == 0x52 && itemLength >= 22) {
                DecodedMessage &m = startMessage(kName, id, ctx, out);
                Position &p = m.position;
                p.valid = ((r.u8() >> 2) & 0x3) == 0x2;
                const double lon = r.s32() / 1e6;
                const double lat = r.s32() / 1e6;
                const qint64 time = r.u32();
                p.speedKph = r.u16() / 10.0;
                p.attributes.set(attr::hdop, r.u8() / 10.0);
                p.course = r.u16();
                p.altitude = signedBits(r.u24(), 24) / 10.0;
                p.satellites = r.u8();
                p.attributes.set(QStringLiteral("sat"), p.satellites);
                if (std::abs(lat) <= 90 && std::abs(lon) <= 180 && time > 0) {
                    p.latitude = lat;
                    p.longitude = lon;
                    p.deviceTime = time * 1000;
                    m.hasLocation = true;
                } else {
                    m.type = MessageType::Status;
                }
                any = true;
            }
            r = ByteReader(frame);
            r.skip(itemEnd);
        }
        r = ByteReader(frame);
        r.skip(recordEnd);
    }
    if (r.overrun()) {
        out.messages.resize(first);
        out.error = QStringLiteral("gl200: binary record cut short");
        return;
    }
    if (!any) {
        DecodedMessage &m = startMessage(kName, id, ctx, out);
        m.type = MessageType::Status;
    }
}

void decodeTaggedHeartbeat(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out)
{
    ByteReader r(frame);
    r.skip(3);
    const QByteArray imeiHex = r.bytes(8).toByteArray().toHex();
    if (r.overrun() || !std::all_of(imeiHex.begin(), imeiHex.end(), [](char c) {
            return c >= '0' && c <= '9';
        })) {
        out.error = QStringLiteral("gl200: bad binary heartbeat");
        return;
    }
    DecodedMessage &m = startMessage(kName, QString::fromLatin1(imeiHex.mid(1)), ctx, out);
    m.type = MessageType::Heartbeat;
}

} // namespace

bool isBinaryStart(QByteArrayView s)
{
    return kindOf(s) != Kind::None;
}

FrameCut cutBinaryFrame(QByteArrayView s, qsizetype maxFrame)
{
    const LengthField f = lengthField(kindOf(s));
    if (f.size == 0)
        return FrameCut::garbage(1);
    if (s.size() < f.at + f.size)
        return FrameCut::needMore();
    ByteReader r(s.sliced(f.at, f.size));
    const qsizetype length = static_cast<qsizetype>(r.be(f.size));
    if (length < kMinFrame || length > maxFrame || length < f.at + f.size)
        return FrameCut::garbage(1);
    return s.size() >= length ? FrameCut::frame(length) : FrameCut::needMore();
}

void decodeBinary(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out)
{
    const Kind kind = kindOf(frame);
    const LengthField f = lengthField(kind);
    if (f.size == 0 || frame.size() < f.at + f.size) {
        out.error = QStringLiteral("gl200: not a binary report");
        return;
    }
    ByteReader lr(frame.sliced(f.at, f.size));
    const qsizetype length = static_cast<qsizetype>(lr.be(f.size));
    if (length != frame.size()) {
        out.error = QStringLiteral("gl200: binary length field %1 does not match the frame's %2 "
                                   "bytes")
                        .arg(length)
                        .arg(frame.size());
        return;
    }
    switch (kind) {
    case Kind::Location:
    case Kind::Event: decodeReport(frame, kind, ctx, out); break;
    case Kind::Info: decodeInfo(frame, ctx, out); break;
    case Kind::Heartbeat: decodeHeartbeat(frame, ctx, out); break;
    case Kind::Ack: decodeAck(frame, ctx, out); break;
    case Kind::Tagged: decodeTagged(frame, ctx, out); break;
    case Kind::TaggedHeartbeat: decodeTaggedHeartbeat(frame, ctx, out); break;
    case Kind::Other: // card, login: no layout known here; accepted and not decoded further
    case Kind::None: break;
    }
}

} // namespace fw::gl200
