#include "NmeaDecoder.h"

#include "TextFields.h"

#include "protocols/Checksums.h"

#include <array>

namespace fw {

namespace {

using text::isDigit;
using text::two;
using text::parseDouble;

const QString kName = QStringLiteral("nmea");
constexpr int kSeenSentence = 1; // ctx.state bit: a '$' sentence arrived on this connection
constexpr qsizetype kMaxFields = 24;
constexpr qsizetype kMaxIdLength = 64;

bool isBlank(char c)
{
    return c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\0';
}

bool isIdChar(char c)
{
    return isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == '_'
        || c == '-';
}

int hexDigit(char c)
{
    if (isDigit(c))
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

bool parseInt(QByteArrayView s, int &out)
{
    if (s.isEmpty() || s.size() > 9)
        return false;
    int v = 0;
    for (const char c : s) {
        if (!isDigit(c))
            return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

// ddmm.mmmm (latitude, 2 degree digits) / dddmm.mmmm (longitude, 3).
bool parseDegMin(QByteArrayView s, int degreeDigits, double &out)
{
    const qsizetype dot = s.indexOf('.');
    const qsizetype intLen = dot < 0 ? s.size() : dot;
    if (intLen != degreeDigits + 2)
        return false;
    int whole = 0;
    if (!parseInt(s.first(intLen), whole))
        return false;
    double frac = 0;
    if (dot >= 0 && dot + 1 < s.size() && !parseDouble(s.sliced(dot), frac))
        return false;
    const double minutes = (whole % 100) + frac;
    if (minutes >= 60.0)
        return false;
    out = (whole / 100) + minutes / 60.0;
    return true;
}

// "hhmmss[.s...]" -> milliseconds into the day, or -1.
qint64 parseTimeOfDay(QByteArrayView s)
{
    if (s.size() < 6)
        return -1;
    const int h = two(s, 0), m = two(s, 2), sec = two(s, 4);
    if (h < 0 || m < 0 || sec < 0 || h > 23 || m > 59 || sec > 60)
        return -1;
    int ms = 0;
    if (s.size() > 6) {
        if (s[6] != '.')
            return -1;
        int scale = 100;
        for (qsizetype i = 7; i < s.size(); ++i) {
            if (!isDigit(s[i]))
                return -1;
            ms += (s[i] - '0') * scale;
            scale /= 10;
        }
    }
    return h * kHour + m * kMinute + sec * kSecond + ms;
}

struct Fields
{
    std::array<QByteArrayView, kMaxFields> v;
    std::array<qsizetype, kMaxFields> at {};
    qsizetype n = 0;
    qsizetype end = 0; // offset just past the last field

    QByteArrayView operator[](qsizetype i) const { return i < n ? v[i] : QByteArrayView(); }
    qsizetype pos(qsizetype i) const { return i < n ? at[i] : end; }
};

void split(QByteArrayView s, qsizetype base, Fields &f)
{
    qsizetype start = 0;
    f.n = 0;
    f.end = base + s.size();
    for (qsizetype i = 0; i <= s.size() && f.n < kMaxFields; ++i) {
        if (i == s.size() || s[i] == ',') {
            f.v[f.n] = s.sliced(start, i - start);
            f.at[f.n] = base + start;
            ++f.n;
            start = i + 1;
        }
    }
}

void setError(DecodeResult &out, const QString &what, qsizetype at)
{
    const QString where = QString::number(at);
    out.error = QStringLiteral("nmea: ") % what % QStringLiteral(" at byte ") % where;
}

bool validId(QByteArrayView id)
{
    if (id.isEmpty() || id.size() > kMaxIdLength)
        return false;
    for (const char c : id) {
        if (!isIdChar(c))
            return false;
    }
    return true;
}

void login(QByteArrayView id, DecodeContext &ctx, DecodeResult &out)
{
    ctx.uniqueId = QString::fromLatin1(id.data(), id.size());
    out.messages.append(DecodedMessage {});
    DecodedMessage &m = out.messages.last();
    m.type = MessageType::Login;
    m.position.uniqueId = ctx.uniqueId;
    m.position.protocol = kName;
    m.position.serverTime = ctx.now;
}

DecodedMessage &newMessage(DecodeResult &out, const DecodeContext &ctx)
{
    out.messages.append(DecodedMessage {});
    DecodedMessage &m = out.messages.last();
    m.position.uniqueId = ctx.uniqueId;
    m.position.protocol = kName;
    m.position.serverTime = ctx.now;
    return m;
}

// Coordinates from four fields (lat, N/S, lon, E/W). Returns false with out.error set when they
// are malformed; `present` is false when all four are empty (no fix yet).
bool coordinates(const Fields &f, qsizetype i, Position &p, bool &present, DecodeResult &out)
{
    present = !(f[i].isEmpty() && f[i + 2].isEmpty());
    if (!present)
        return true;
    double lat = 0, lon = 0;
    const QByteArrayView ns = f[i + 1], ew = f[i + 3];
    if (!parseDegMin(f[i], 2, lat) || lat > 90.0
        || !(ns == QByteArrayView("N") || ns == QByteArrayView("S"))) {
        setError(out, QStringLiteral("bad latitude"), f.pos(i));
        return false;
    }
    if (!parseDegMin(f[i + 2], 3, lon) || lon > 180.0
        || !(ew == QByteArrayView("E") || ew == QByteArrayView("W"))) {
        setError(out, QStringLiteral("bad longitude"), f.pos(i + 2));
        return false;
    }
    p.latitude = ns[0] == 'S' ? -lat : lat;
    p.longitude = ew[0] == 'W' ? -lon : lon;
    return true;
}

void decodeRmc(const Fields &f, DecodeContext &ctx, DecodeResult &out)
{
    // $GPRMC,hhmmss.ss,A,ddmm.mm,N,dddmm.mm,E,knots,course,ddmmyy,magvar,E,mode*hh
    Position p;
    bool present = false;
    if (!coordinates(f, 3, p, present, out))
        return;
    const qint64 tod = parseTimeOfDay(f[1]);
    const QByteArrayView date = f[9];
    TimeMs time = kNoTime;
    if (tod >= 0 && date.size() == 6) {
        const int yy = two(date, 4);
        const TimeMs day
            = utcTime(yy < 80 ? 2000 + yy : 1900 + yy, two(date, 2), two(date, 0), 0, 0, 0);
        if (day != kNoTime)
            time = day + tod;
    }
    if (present && time == kNoTime) {
        setError(out, QStringLiteral("bad date/time"), f.pos(tod < 0 ? 1 : 9));
        return;
    }
    DecodedMessage &m = newMessage(out, ctx);
    m.position.deviceTime = time == kNoTime ? ctx.now : time;
    if (!present) {
        m.type = MessageType::Heartbeat;
        m.text = QStringLiteral("no fix");
        return;
    }
    m.type = MessageType::Position;
    m.hasLocation = true;
    Position &q = m.position;
    q.latitude = p.latitude;
    q.longitude = p.longitude;
    const QByteArrayView mode = f[12];
    q.valid = f[2] == QByteArrayView("A") && !mode.startsWith('N');
    double d = 0;
    if (parseDouble(f[7], d) && d >= 0)
        q.speedKph = d * kKnotsToKph;
    if (parseDouble(f[8], d))
        q.course = d;
}

// A time of day (ms) placed on the day that puts it nearest to the arrival time.
TimeMs nearestDay(qint64 tod, TimeMs now)
{
    if (tod < 0 || now == kNoTime)
        return now;
    const TimeMs day = (now >= 0 ? now / kDay : (now - kDay + 1) / kDay) * kDay;
    TimeMs time = day + tod;
    if (time - now > 12 * kHour)
        time -= kDay;
    else if (now - time > 12 * kHour)
        time += kDay;
    return time;
}

void decodeGll(const Fields &f, DecodeContext &ctx, DecodeResult &out)
{
    // $GPGLL,ddmm.mm,N,dddmm.mm,E,hhmmss.ss,A,mode*hh
    Position p;
    bool present = false;
    if (!coordinates(f, 1, p, present, out))
        return;
    const qint64 tod = parseTimeOfDay(f[5]);
    if (present && tod < 0) {
        setError(out, QStringLiteral("bad time"), f.pos(5));
        return;
    }
    DecodedMessage &m = newMessage(out, ctx);
    m.position.deviceTime = nearestDay(tod, ctx.now);
    if (!present) {
        m.type = MessageType::Heartbeat;
        m.text = QStringLiteral("no fix");
        return;
    }
    m.type = MessageType::Position;
    m.hasLocation = true;
    m.position.latitude = p.latitude;
    m.position.longitude = p.longitude;
    // Status A = valid; mode N = not valid (NMEA 2.3 and later).
    m.position.valid = f[6] == QByteArrayView("A") && f[7] != QByteArrayView("N");
}

void decodeTxt(const Fields &f, DecodeContext &ctx, DecodeResult &out)
{
    // $GPTXT,total,number,identifier,text*hh: a message from the receiver.
    if (ctx.uniqueId.isEmpty() || f[4].isEmpty())
        return;
    DecodedMessage &m = newMessage(out, ctx);
    m.type = MessageType::Status;
    m.position.deviceTime = ctx.now;
    m.text = QString::fromLatin1(f[4].data(), f[4].size());
    m.position.attributes.set(attr::result, m.text);
}

void decodeGga(const Fields &f, DecodeContext &ctx, DecodeResult &out)
{
    // $GPGGA,hhmmss.ss,ddmm.mm,N,dddmm.mm,E,quality,sats,hdop,alt,M,geoid,M,age,station*hh
    Position p;
    bool present = false;
    if (!coordinates(f, 2, p, present, out))
        return;
    const qint64 tod = parseTimeOfDay(f[1]);
    if (present && tod < 0) {
        setError(out, QStringLiteral("bad time"), f.pos(1));
        return;
    }
    DecodedMessage &m = newMessage(out, ctx);
    // Only the time of day is sent: take the day that puts it nearest to the arrival time.
    m.position.deviceTime = nearestDay(tod, ctx.now);
    if (!present) {
        m.type = MessageType::Heartbeat;
        m.text = QStringLiteral("no fix");
        return;
    }
    m.type = MessageType::Position;
    m.hasLocation = true;
    Position &q = m.position;
    q.latitude = p.latitude;
    q.longitude = p.longitude;
    int quality = 0, sats = 0;
    q.valid = parseInt(f[6], quality) && quality > 0 && quality != 6; // 6 = dead reckoning
    if (parseInt(f[7], sats))
        q.satellites = sats;
    double d = 0;
    if (parseDouble(f[8], d))
        q.attributes.set(attr::hdop, d);
    if (parseDouble(f[9], d))
        q.altitude = d;
}

} // namespace

const ProtocolInfo &NmeaDecoder::protocolInfo()
{
    static const ProtocolInfo info { kName, QStringLiteral("NMEA 0183 over TCP"), 10110, true,
        false, false, true, 256 };
    return info;
}

FrameCut NmeaDecoder::cutFrame(QByteArrayView s) const
{
    const qsizetype n = s.size();
    const qsizetype max = protocolInfo().maxFrameSize;
    qsizetype i = 0;
    while (i < n && isBlank(s[i]) && s[i] != '\n')
        ++i;
    if (i < n && s[i] != '\n' && s[i] != '$' && !isIdChar(s[i])) {
        // Not a sentence nor an id line: drop up to the next '$' or past the next newline.
        qsizetype j = i + 1;
        while (j < n && s[j] != '$' && s[j] != '\n')
            ++j;
        return FrameCut::garbage(j < n && s[j] == '\n' ? j + 1 : j);
    }
    const qsizetype limit = std::min(n, max);
    for (qsizetype j = i; j < limit; ++j) {
        if (s[j] == '\n')
            return FrameCut::frame(j + 1);
    }
    return n >= max ? FrameCut::garbage(max) : FrameCut::needMore();
}

void NmeaDecoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    qsizetype b = 0, e = frame.size();
    while (b < e && isBlank(frame[b]))
        ++b;
    while (e > b && isBlank(frame[e - 1]))
        --e;
    if (b == e)
        return; // blank line
    if (e - b > protocolInfo().maxFrameSize) {
        setError(out, QStringLiteral("sentence too long"), protocolInfo().maxFrameSize);
        return;
    }
    QByteArrayView s = frame.sliced(b, e - b);

    // Streamers that put their id in front of every sentence: "<id>,$GPRMC,..." (also with a
    // space, ':' or ';' between, or nothing).
    if (s[0] != '$') {
        const qsizetype dollar = s.indexOf('$');
        if (dollar > 0) {
            qsizetype idEnd = dollar;
            while (idEnd > 0
                   && (s[idEnd - 1] == ',' || s[idEnd - 1] == ' ' || s[idEnd - 1] == ':'
                       || s[idEnd - 1] == ';'))
                --idEnd;
            const QByteArrayView id = s.first(idEnd);
            if (validId(id)) {
                if (ctx.uniqueId != QLatin1String(id))
                    login(id, ctx, out);
                b += dollar;
                s = s.sliced(dollar);
            }
        }
    }

    if (s[0] != '$') {
        // A bare id line, allowed only before the first sentence.
        if (ctx.state & kSeenSentence) {
            setError(out, QStringLiteral("text line after NMEA sentences"), b);
            return;
        }
        for (qsizetype k = 0; k < s.size(); ++k) {
            if (!isIdChar(s[k])) {
                setError(out, QStringLiteral("bad character in device id line"), b + k);
                return;
            }
        }
        if (s.size() > kMaxIdLength) {
            setError(out, QStringLiteral("device id line too long"), b);
            return;
        }
        login(s, ctx, out);
        return;
    }

    QByteArrayView body = s.sliced(1);
    const qsizetype star = body.indexOf('*');
    if (star >= 0) {
        const QByteArrayView sum = body.sliced(star + 1);
        const int hi = sum.size() == 2 ? hexDigit(sum[0]) : -1;
        const int lo = sum.size() == 2 ? hexDigit(sum[1]) : -1;
        if (hi < 0 || lo < 0) {
            setError(out, QStringLiteral("malformed checksum"), b + 1 + star);
            return;
        }
        body = body.first(star);
        const int expected = checksum::xor8(body);
        const int got = hi * 16 + lo;
        if (expected != got) {
            setError(out,
                QStringLiteral("bad checksum (expected %1, got %2)")
                    .arg(expected, 2, 16, QLatin1Char('0'))
                    .arg(got, 2, 16, QLatin1Char('0')),
                b + 1 + star);
            return;
        }
    }
    Fields f;
    split(body, b + 1, f);
    const QByteArrayView type = f[0];
    // Sentences that name the device: our $PFWID, and the $PGID / $IMEI / $ID of common
    // streamer apps and gateways.
    if (type == QByteArrayView("PFWID") || type == QByteArrayView("PGID")
        || type == QByteArrayView("IMEI") || type == QByteArrayView("ID")) {
        if (!validId(f[1])) {
            setError(out,
                     QStringLiteral("bad device id in $%1")
                         .arg(QString::fromLatin1(type.data(), type.size())),
                     f.pos(1));
            return;
        }
        login(f[1], ctx, out);
        return;
    }
    if (type.size() < 3) {
        setError(out, QStringLiteral("bad sentence type"), b + 1);
        return;
    }
    ctx.state |= kSeenSentence;
    const QByteArrayView kind = type.last(3);
    if (kind == QByteArrayView("RMC"))
        decodeRmc(f, ctx, out);
    else if (kind == QByteArrayView("GGA"))
        decodeGga(f, ctx, out);
    else if (kind == QByteArrayView("GLL"))
        decodeGll(f, ctx, out);
    else if (kind == QByteArrayView("TXT"))
        decodeTxt(f, ctx, out);
    // Anything else (GSA, GSV, VTG, ...) is valid NMEA that carries no position for us.
}

} // namespace fw
