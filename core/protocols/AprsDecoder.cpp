#include "AprsDecoder.h"

#include <cmath>

namespace fw {

namespace {

constexpr double kFeetToMetres = 0.3048;

inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
inline char upper(char c)
{
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
}

bool istartsWith(QByteArrayView text, QByteArrayView prefix)
{
    if (text.size() < prefix.size())
        return false;
    for (qsizetype i = 0; i < prefix.size(); ++i) {
        if (upper(text[i]) != upper(prefix[i]))
            return false;
    }
    return true;
}

bool iequals(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && istartsWith(a, b);
}

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty()
        && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r' || v.back() == '\n'))
        v.chop(1);
    return v;
}

int digits(QByteArrayView v, qsizetype pos, int count)
{
    if (pos < 0 || count < 1 || count > 9 || pos + count > v.size())
        return -1;
    int n = 0;
    for (int i = 0; i < count; ++i) {
        if (!isDigit(v[pos + i]))
            return -1;
        n = n * 10 + (v[pos + i] - '0');
    }
    return n;
}

// Digits where a space stands for position ambiguity (read as 0).
int ambiguousDigits(QByteArrayView v, qsizetype pos, int count)
{
    if (pos < 0 || pos + count > v.size())
        return -1;
    int n = 0;
    for (int i = 0; i < count; ++i) {
        const char c = v[pos + i];
        if (!isDigit(c) && c != ' ')
            return -1;
        n = n * 10 + (c == ' ' ? 0 : c - '0');
    }
    return n;
}

struct Civil
{
    int y;
    int m;
    int d;
};

// Inverse of daysFromCivil (Howard Hinnant's algorithm).
Civil civilFromDays(qint64 z)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 y = static_cast<qint64>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return { static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d) };
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// Time of day (ms since midnight) on the day nearest to `now` (yesterday, today or tomorrow).
TimeMs nearestDayTime(TimeMs now, TimeMs timeOfDay)
{
    if (now == kNoTime)
        return kNoTime;
    const TimeMs midnight = floorDiv(now, kDay) * kDay;
    TimeMs best = midnight + timeOfDay;
    for (const TimeMs c : { best - kDay, best + kDay }) {
        if (std::llabs(c - now) < std::llabs(best - now))
            best = c;
    }
    return best;
}

// Day of month + time on the month nearest to `now` (previous, this or next month).
TimeMs nearestMonthTime(TimeMs now, int day, int hour, int minute)
{
    if (now == kNoTime)
        return kNoTime;
    const Civil c = civilFromDays(floorDiv(now, kDay));
    TimeMs best = kNoTime;
    for (int delta = -1; delta <= 1; ++delta) {
        int y = c.y, m = c.m + delta;
        if (m < 1) {
            m = 12;
            --y;
        } else if (m > 12) {
            m = 1;
            ++y;
        }
        const TimeMs t = utcTime(y, m, day, hour, minute, 0);
        if (t == kNoTime || civilFromDays(floorDiv(t, kDay)).d != day) // e.g. 31 April
            continue;
        if (best == kNoTime || std::llabs(t - now) < std::llabs(best - now))
            best = t;
    }
    return best;
}

// "DDHHMMz", "DDHHMM/" (local time, read as UTC) or "HHMMSSh". kNoTime when malformed.
TimeMs parseTimestamp(QByteArrayView v, TimeMs now, bool &ok)
{
    ok = false;
    const int a = digits(v, 0, 2), b = digits(v, 2, 2), c = digits(v, 4, 2);
    if (a < 0 || b < 0 || c < 0 || v.size() < 7)
        return kNoTime;
    const char kind = v[6];
    if (kind == 'z' || kind == '/') {
        if (a < 1 || a > 31 || b > 23 || c > 59)
            return kNoTime;
        ok = true;
        return nearestMonthTime(now, a, b, c);
    }
    if (kind == 'h') {
        if (a > 23 || b > 59 || c > 59)
            return kNoTime;
        ok = true;
        return nearestDayTime(now, a * kHour + b * kMinute + c * kSecond);
    }
    return kNoTime;
}

int base91(QByteArrayView v, qsizetype pos, int count)
{
    if (pos < 0 || pos + count > v.size())
        return -1;
    int n = 0;
    for (int i = 0; i < count; ++i) {
        const int c = static_cast<quint8>(v[pos + i]) - 33;
        if (c < 0 || c > 90)
            return -1;
        n = n * 91 + c;
    }
    return n;
}

// "/A=001234" (feet) anywhere in a comment.
bool commentAltitude(QByteArrayView comment, double &metres)
{
    const qsizetype i = comment.indexOf("/A=");
    if (i < 0 || i + 9 > comment.size())
        return false;
    const bool negative = comment[i + 3] == '-';
    const int n = digits(comment, i + (negative ? 4 : 3), negative ? 5 : 6);
    if (n < 0)
        return false;
    metres = (negative ? -n : n) * kFeetToMetres;
    return true;
}

// "Batt=4.12V" / "Bat=4.12V" voltage, as LoRa trackers append it to their comment.
void commentBattery(QByteArrayView comment, Attributes &attributes)
{
    qsizetype i = comment.indexOf("Batt=");
    qsizetype start = i + 5;
    if (i < 0) {
        i = comment.indexOf("Bat=");
        start = i + 4;
    }
    if (i < 0)
        return;
    double v = 0, scale = 0;
    qsizetype p = start;
    for (; p < comment.size() && p < start + 8; ++p) {
        const char c = comment[p];
        if (isDigit(c)) {
            if (scale == 0) {
                v = v * 10 + (c - '0');
            } else {
                v += (c - '0') * scale;
                scale /= 10;
            }
        } else if (c == '.' && scale == 0) {
            scale = 0.1;
        } else {
            break;
        }
    }
    if (p > start && p < comment.size() && (comment[p] == 'V' || comment[p] == 'v'))
        attributes.set(attr::batteryVoltage, v);
}

struct Packet
{
    QString source;
    QByteArrayView dest; // without SSID
    QByteArrayView info; // after ':'
};

class Decoder
{
public:
    Decoder(DecodeContext &ctx, DecodeResult &out)
        : m_ctx(ctx)
        , m_out(out)
    { }

    void line(QByteArrayView line);

private:
    void login(QByteArrayView line);
    void packet(QByteArrayView line, qsizetype base, int depth);
    bool position(const Packet &pk, QByteArrayView data, qsizetype at, TimeMs time);
    bool micE(const Packet &pk, qsizetype at);
    void status(const Packet &pk, qsizetype at);
    bool fail(const QString &what, qsizetype at)
    {
        m_out.error
            = QStringLiteral("aprs: ") + what + QStringLiteral(" at byte ") + QString::number(at);
        return false;
    }
    DecodedMessage &newMessage(const QString &source, MessageType type)
    {
        DecodedMessage &m = m_out.messages.emplaceBack();
        m.type = type;
        m.position.uniqueId = source;
        m.position.protocol = AprsDecoder::staticInfo().name;
        m.position.deviceTime = m_ctx.now;
        return m;
    }

    DecodeContext &m_ctx;
    DecodeResult &m_out;
};

void Decoder::line(QByteArrayView line)
{
    if (line.isEmpty())
        return;
    if (line[0] == '#') { // server comment / keep-alive
        DecodedMessage &m = newMessage(m_ctx.uniqueId, MessageType::Heartbeat);
        const QByteArrayView comment = trimmed(line.sliced(1));
        m.text = QString::fromUtf8(comment.first(qMin<qsizetype>(comment.size(), 200)));
        return;
    }
    if (istartsWith(line, "user "))
        return login(line);
    packet(line, 0, 0);
}

void Decoder::login(QByteArrayView line)
{
    // user CALL pass N vers SOFTWARE VERSION [filter ...]
    QByteArrayView call, pass;
    bool hasPass = false;
    qsizetype pos = 5, callAt = 5;
    int index = 0;
    QByteArrayView previous;
    while (pos < line.size()) {
        while (pos < line.size() && line[pos] == ' ')
            ++pos;
        qsizetype end = pos;
        while (end < line.size() && line[end] != ' ')
            ++end;
        if (end == pos)
            break;
        const QByteArrayView token = line.sliced(pos, end - pos);
        if (index == 0) {
            call = token;
            callAt = pos;
        } else if (iequals(previous, "pass") && !hasPass) {
            pass = token;
            hasPass = true;
        }
        previous = token;
        ++index;
        pos = end;
    }
    if (call.isEmpty() || call.size() > 15)
        return void(fail(QStringLiteral("login without a valid callsign"), callAt));
    for (const char c : call) {
        if (!(isDigit(c) || (upper(c) >= 'A' && upper(c) <= 'Z') || c == '-'))
            return void(fail(QStringLiteral("bad character in login callsign"), callAt));
    }
    const QString callsign = QString::fromLatin1(call).toUpper();
    int given = -2;
    if (hasPass) {
        const bool negative = pass.startsWith('-');
        const int n
            = digits(pass, negative ? 1 : 0, static_cast<int>(pass.size()) - (negative ? 1 : 0));
        if (n >= 0 && pass.size() <= 6)
            given = negative ? -n : n;
    }
    const bool verified = given == AprsDecoder::passcode(call);
    m_ctx.uniqueId = callsign;
    m_ctx.state = verified ? AprsDecoder::LoggedInVerified : AprsDecoder::LoggedInUnverified;
    m_out.reply = QByteArrayLiteral("# logresp ") + callsign.toLatin1()
        + (verified ? QByteArrayLiteral(" verified") : QByteArrayLiteral(" unverified"))
        + QByteArrayLiteral(", server FLEETWATCH\r\n");
    DecodedMessage &m = newMessage(callsign, MessageType::Login);
    m.text = QStringLiteral("APRS-IS login ") + callsign
        + (verified ? QStringLiteral(" (verified)") : QStringLiteral(" (unverified)"));
    m.position.attributes.set(QStringLiteral("verified"), verified);
}

void Decoder::packet(QByteArrayView line, qsizetype base, int depth)
{
    const qsizetype gt = line.indexOf('>');
    const qsizetype colon = line.indexOf(':');
    if (gt <= 0 || colon < gt)
        return void(fail(QStringLiteral("missing 'SOURCE>DEST:' header"), base));
    if (gt > 15)
        return void(fail(QStringLiteral("source callsign too long"), base));
    for (qsizetype i = 0; i < gt; ++i) {
        const char c = line[i];
        if (!(isDigit(c) || (upper(c) >= 'A' && upper(c) <= 'Z') || c == '-'))
            return void(fail(QStringLiteral("bad character in source callsign"), base + i));
    }
    Packet pk;
    QByteArray src = line.first(gt).toByteArray();
    for (char &c : src)
        c = upper(c);
    pk.source = QString::fromLatin1(src);
    QByteArrayView dest = line.sliced(gt + 1, colon - gt - 1);
    const qsizetype comma = dest.indexOf(',');
    if (comma >= 0)
        dest = dest.first(comma);
    const qsizetype dash = dest.indexOf('-');
    if (dash >= 0)
        dest = dest.first(dash);
    if (dest.isEmpty() || dest.size() > 9)
        return void(fail(QStringLiteral("bad destination field"), base + gt + 1));
    pk.dest = dest;
    const qsizetype at = base + colon + 1; // byte offset of the information field
    pk.info = line.sliced(colon + 1);
    if (pk.info.isEmpty())
        return void(fail(QStringLiteral("empty information field"), at));

    const QByteArrayView info = pk.info;
    switch (info[0]) {
    case '!':
    case '=':
        position(pk, info.sliced(1), at + 1, m_ctx.now);
        break;
    case '/':
    case '@': {
        bool ok = false;
        const TimeMs t = parseTimestamp(info.sliced(1), m_ctx.now, ok);
        if (!ok)
            return void(fail(QStringLiteral("bad timestamp"), at + 1));
        position(pk, info.sliced(qMin<qsizetype>(8, info.size())), at + 8, t);
        break;
    }
    case '`':
    case '\'':
    case 0x1c:
    case 0x1d:
        micE(pk, at);
        break;
    case '>':
        status(pk, at);
        break;
    case '}': // third-party packet: decode the inner one (one level deep)
        if (depth == 0)
            packet(info.sliced(1), at + 1, depth + 1);
        break;
    default:
        break; // messages, telemetry, weather, objects ...: valid APRS, nothing to track
    }
}

bool Decoder::position(const Packet &pk, QByteArrayView p, qsizetype at, TimeMs time)
{
    double lat = 0, lon = 0, course = 0, speedKnots = 0, altitude = 0;
    bool hasCourse = false, hasAltitude = false;
    QByteArrayView comment;
    char symbolCode = 0;
    if (!p.isEmpty() && (isDigit(p[0]) || p[0] == ' ')) {
        if (p.size() < 19)
            return fail(QStringLiteral("truncated position"), at + p.size());
        const int latDeg = ambiguousDigits(p, 0, 2), latMin = ambiguousDigits(p, 2, 2);
        const int latHun = ambiguousDigits(p, 5, 2);
        const char ns = upper(p[7]);
        if (latDeg < 0 || latMin < 0 || latHun < 0 || p[4] != '.' || latDeg > 90 || latMin > 59
            || (ns != 'N' && ns != 'S'))
            return fail(QStringLiteral("bad latitude"), at);
        const int lonDeg = ambiguousDigits(p, 9, 3), lonMin = ambiguousDigits(p, 12, 2);
        const int lonHun = ambiguousDigits(p, 15, 2);
        const char ew = upper(p[17]);
        if (lonDeg < 0 || lonMin < 0 || lonHun < 0 || p[14] != '.' || lonDeg > 180 || lonMin > 59
            || (ew != 'E' && ew != 'W'))
            return fail(QStringLiteral("bad longitude"), at + 9);
        lat = latDeg + (latMin + latHun / 100.0) / 60.0;
        lon = lonDeg + (lonMin + lonHun / 100.0) / 60.0;
        if (ns == 'S')
            lat = -lat;
        if (ew == 'W')
            lon = -lon;
        if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
            return fail(QStringLiteral("coordinates out of range"), at);
        symbolCode = p[18];
        comment = p.sliced(19);
        // Course/speed extension "CCC/SSS" (not for weather reports, where it is wind).
        if (symbolCode != '_' && comment.size() >= 7 && comment[3] == '/') {
            const int c = digits(comment, 0, 3), s = digits(comment, 4, 3);
            if (c >= 0 && s >= 0) {
                course = c == 360 ? 0 : c;
                speedKnots = s;
                hasCourse = c <= 360;
                comment = comment.sliced(7);
            }
        }
    } else {
        if (p.size() < 13)
            return fail(QStringLiteral("truncated compressed position"), at + p.size());
        const char table = p[0];
        if (!(table == '/' || table == '\\' || (table >= 'A' && table <= 'Z')
                || (table >= 'a' && table <= 'j')))
            return fail(QStringLiteral("bad symbol table in compressed position"), at);
        const int y = base91(p, 1, 4), x = base91(p, 5, 4);
        if (y < 0 || x < 0)
            return fail(QStringLiteral("bad base-91 coordinates"), at + 1);
        lat = 90.0 - y / 380926.0;
        lon = -180.0 + x / 190463.0;
        if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
            return fail(QStringLiteral("coordinates out of range"), at + 1);
        symbolCode = p[9];
        const int c = static_cast<quint8>(p[10]) - 33, s = static_cast<quint8>(p[11]) - 33;
        const int t = static_cast<quint8>(p[12]) - 33;
        if (p[10] != ' ' && c >= 0 && c <= 90 && s >= 0 && s <= 90 && t >= 0) {
            if ((t & 0x18) == 0x10) {
                altitude = std::pow(1.002, c * 91 + s) * kFeetToMetres;
                hasAltitude = true;
            } else if (c <= 89) {
                course = c * 4;
                speedKnots = std::pow(1.08, s) - 1.0;
                hasCourse = true;
            }
        }
        comment = p.sliced(13);
    }
    if (!hasAltitude)
        hasAltitude = commentAltitude(comment, altitude);

    DecodedMessage &m = newMessage(pk.source, MessageType::Position);
    m.hasLocation = true;
    Position &pos = m.position;
    pos.deviceTime = time;
    pos.valid = true;
    pos.latitude = lat;
    pos.longitude = lon;
    if (hasCourse) {
        pos.course = course;
        pos.speedKph = speedKnots * kKnotsToKph;
    }
    if (hasAltitude)
        pos.altitude = altitude;
    comment = trimmed(comment);
    if (!comment.isEmpty()) {
        commentBattery(comment, pos.attributes);
        pos.attributes.set(QStringLiteral("comment"), QString::fromUtf8(comment));
    }
    Q_UNUSED(symbolCode);
    return true;
}

bool Decoder::micE(const Packet &pk, qsizetype at)
{
    const QByteArrayView d = pk.dest;
    const QByteArrayView info = pk.info;
    if (d.size() < 6)
        return fail(QStringLiteral("Mic-E destination shorter than 6 characters"), 0);
    int latDigits[6];
    int bits[3] = { 0, 0, 0 };
    bool custom = false;
    bool north = false, lonOffset = false, west = false;
    for (int i = 0; i < 6; ++i) {
        const char c = d[i];
        bool high = false;
        if (isDigit(c)) {
            latDigits[i] = c - '0';
        } else if (c >= 'A' && c <= 'J') {
            latDigits[i] = c - 'A';
            custom = custom || i < 3;
            high = true;
        } else if (c == 'K') {
            latDigits[i] = 0;
            custom = custom || i < 3;
            high = true;
        } else if (c == 'L') {
            latDigits[i] = 0;
        } else if (c >= 'P' && c <= 'Y') {
            latDigits[i] = c - 'P';
            high = true;
        } else if (c == 'Z') {
            latDigits[i] = 0;
            high = true;
        } else {
            return fail(QStringLiteral("bad Mic-E destination character"), 0);
        }
        const bool upperGroup = c >= 'P' && c <= 'Z';
        if (i < 3)
            bits[i] = high ? 1 : 0;
        else if (i == 3)
            north = upperGroup;
        else if (i == 4)
            lonOffset = upperGroup;
        else
            west = upperGroup;
    }
    if (info.size() < 9)
        return fail(QStringLiteral("truncated Mic-E information field"), at + info.size());
    const int latDeg = latDigits[0] * 10 + latDigits[1];
    const int latMin = latDigits[2] * 10 + latDigits[3];
    const int latHun = latDigits[4] * 10 + latDigits[5];
    if (latDeg > 89 || latMin > 59)
        return fail(QStringLiteral("bad Mic-E latitude"), 0);
    int lonDeg = static_cast<quint8>(info[1]) - 28;
    int lonMin = static_cast<quint8>(info[2]) - 28;
    const int lonHun = static_cast<quint8>(info[3]) - 28;
    if (lonOffset)
        lonDeg += 100;
    if (lonDeg >= 180 && lonDeg <= 189)
        lonDeg -= 80;
    else if (lonDeg >= 190 && lonDeg <= 199)
        lonDeg -= 190;
    if (lonMin >= 60)
        lonMin -= 60;
    if (lonDeg < 0 || lonDeg > 179 || lonMin < 0 || lonMin > 59 || lonHun < 0 || lonHun > 99)
        return fail(QStringLiteral("bad Mic-E longitude"), at + 1);
    const int sp = static_cast<quint8>(info[4]) - 28, dc = static_cast<quint8>(info[5]) - 28;
    const int se = static_cast<quint8>(info[6]) - 28;
    if (sp < 0 || dc < 0 || se < 0)
        return fail(QStringLiteral("bad Mic-E speed/course"), at + 4);
    int speed = sp * 10 + dc / 10;
    int course = (dc % 10) * 100 + se;
    if (speed >= 800)
        speed -= 800;
    if (course >= 400)
        course -= 400;

    double lat = latDeg + (latMin + latHun / 100.0) / 60.0;
    double lon = lonDeg + (lonMin + lonHun / 100.0) / 60.0;
    if (!north)
        lat = -lat;
    if (west)
        lon = -lon;

    QByteArrayView comment = info.sliced(9);
    double altitude = 0;
    bool hasAltitude = false;
    for (const qsizetype skip : { 0, 1 }) {
        if (comment.size() >= skip + 4 && comment[skip + 3] == '}') {
            const int n = base91(comment, skip, 3);
            if (n >= 0) {
                altitude = n - 10000;
                hasAltitude = true;
                comment = comment.sliced(skip + 4);
                break;
            }
        }
    }
    if (!hasAltitude)
        hasAltitude = commentAltitude(comment, altitude);

    static const char *const kMessages[8] = { "Emergency", "Priority", "Special", "Committed",
        "Returning", "In Service", "En Route", "Off Duty" };
    const int code = bits[0] * 4 + bits[1] * 2 + bits[2];
    const bool emergency = !custom && code == 0;
    DecodedMessage &m
        = newMessage(pk.source, emergency ? MessageType::Event : MessageType::Position);
    m.hasLocation = true;
    Position &pos = m.position;
    pos.valid = true;
    pos.latitude = lat;
    pos.longitude = lon;
    pos.speedKph = speed * kKnotsToKph;
    pos.course = course >= 360 ? 0 : course;
    if (hasAltitude)
        pos.altitude = altitude;
    pos.attributes.set(QStringLiteral("micE"),
        custom ? QStringLiteral("Custom-%1").arg(7 - code) : QString::fromLatin1(kMessages[code]));
    if (emergency) {
        pos.attributes.set(attr::alarm, alarm::sos);
        m.text = QStringLiteral("Mic-E emergency");
    }
    comment = trimmed(comment);
    if (!comment.isEmpty()) {
        commentBattery(comment, pos.attributes);
        pos.attributes.set(QStringLiteral("comment"), QString::fromUtf8(comment));
    }
    return true;
}

void Decoder::status(const Packet &pk, qsizetype at)
{
    QByteArrayView text = pk.info.sliced(1);
    TimeMs time = m_ctx.now;
    if (text.size() >= 7 && text[6] == 'z') {
        bool ok = false;
        const TimeMs t = parseTimestamp(text, m_ctx.now, ok);
        if (ok) {
            time = t;
            text = text.sliced(7);
        }
    }
    text = trimmed(text);
    DecodedMessage &m = newMessage(pk.source, MessageType::Status);
    m.position.deviceTime = time;
    m.text = QString::fromUtf8(text);
    Attributes &a = m.position.attributes;
    const auto event = [&a](const char *name) { a.set(attr::event, QString::fromLatin1(name)); };
    if (istartsWith(text, "System booted")) {
        event("boot");
        QByteArrayView rest = text.sliced(13);
        qsizetype pos = 0;
        QByteArrayView previous;
        while (pos < rest.size()) {
            while (pos < rest.size() && rest[pos] == ' ')
                ++pos;
            qsizetype end = pos;
            while (end < rest.size() && rest[end] != ' ')
                ++end;
            if (end == pos)
                break;
            QByteArrayView tok = rest.sliced(pos, end - pos);
            pos = end;
            const QByteArrayView prev = previous;
            previous = tok;
            if (iequals(prev, "at") && tok.size() == 9 && upper(tok[8]) == 'Z' && tok[2] == ':'
                && tok[5] == ':') {
                const int h = digits(tok, 0, 2), mi = digits(tok, 3, 2), s = digits(tok, 6, 2);
                if (h >= 0 && h < 24 && mi >= 0 && mi < 60 && s >= 0 && s < 61) {
                    TimeMs boot = nearestDayTime(time, h * kHour + mi * kMinute + s * kSecond);
                    if (boot != kNoTime && time != kNoTime && boot > time)
                        boot -= kDay; // a boot announced now happened before now
                    if (boot != kNoTime)
                        a.set(QStringLiteral("bootTime"), toIso(boot));
                }
                continue;
            }
            if (iequals(tok, "at"))
                continue;
            if (iequals(tok, "TX&RX")) {
                a.set(QStringLiteral("radio"), QStringLiteral("txrx"));
                continue;
            }
            if (iequals(tok, "TX") || iequals(tok, "RX")) {
                a.set(QStringLiteral("radio"),
                    iequals(tok, "TX") ? QStringLiteral("tx") : QStringLiteral("rx"));
                continue;
            }
            if (tok.size() > 3 && istartsWith(tok.sliced(tok.size() - 3), "MHz")) {
                bool ok = false;
                const double f = tok.first(tok.size() - 3).toByteArray().toDouble(&ok);
                if (ok)
                    a.set(QStringLiteral("frequency"), f);
                continue;
            }
            if (tok.size() > 3 && istartsWith(tok.sliced(tok.size() - 3), "bps")) {
                const int n = digits(tok, 0, static_cast<int>(tok.size()) - 3);
                if (n >= 0 && tok.size() <= 10)
                    a.set(QStringLiteral("bitrate"), n);
                continue;
            }
            // Mode flags, possibly run together: Ws / W1 / W2 (digipeater), WX / WX+ / WX-.
            while (tok.size() >= 2 && tok[0] == 'W') {
                if (tok[1] == 'X') {
                    const char state = tok.size() > 2 ? tok[2] : 0;
                    a.set(QStringLiteral("wx"),
                        state == '+'       ? QStringLiteral("working")
                            : state == '-' ? QStringLiteral("notDetected")
                                           : QStringLiteral("enabled"));
                    tok = tok.sliced(state == '+' || state == '-' ? 3 : 2);
                } else if (tok[1] == 's' || tok[1] == '1' || tok[1] == '2') {
                    a.set(QStringLiteral("digipeater"),
                        tok[1] == 's'       ? QStringLiteral("self")
                            : tok[1] == '1' ? QStringLiteral("wide1")
                                            : QStringLiteral("wide2"));
                    tok = tok.sliced(2);
                } else {
                    break;
                }
            }
        }
    } else if (istartsWith(text, "Remote update failed")) {
        event("remoteUpdateFailed");
    } else if (istartsWith(text, "Remote update")) {
        event("remoteUpdate");
        if (text.indexOf("(query)") >= 0)
            a.set(QStringLiteral("query"), true);
    } else if (istartsWith(text, "Local update started")) {
        event("localUpdateStarted");
    } else if (istartsWith(text, "Local update finished")) {
        event("localUpdateFinished");
    } else if (istartsWith(text, "User reboot")) {
        event("userReboot");
    } else if (istartsWith(text, "Scheduled reboot")) {
        event("scheduledReboot");
    } else if (istartsWith(text, "Low battery - sleeping")) {
        event("lowBatterySleep");
        a.set(attr::lastGasp, true);
        a.set(attr::alarm, alarm::lowBattery);
    }
    Q_UNUSED(at);
}

} // namespace

const ProtocolInfo &AprsDecoder::staticInfo()
{
    static const ProtocolInfo info = [] {
        ProtocolInfo i;
        i.name = QStringLiteral("aprs");
        i.title = QStringLiteral("APRS (APRS-IS, TNC2)");
        i.defaultPort = 14580;
        i.tcp = true;
        i.textual = true;
        i.maxFrameSize = kMaxLine;
        return i;
    }();
    return info;
}

int AprsDecoder::passcode(QByteArrayView callsign)
{
    int hash = 0x73e2;
    qsizetype n = callsign.indexOf('-');
    if (n < 0)
        n = callsign.size();
    n = qMin<qsizetype>(n, 10);
    for (qsizetype i = 0; i < n; i += 2) {
        hash ^= static_cast<quint8>(upper(callsign[i])) << 8;
        if (i + 1 < n)
            hash ^= static_cast<quint8>(upper(callsign[i + 1]));
    }
    return hash & 0x7fff;
}

FrameCut AprsDecoder::cutFrame(QByteArrayView s) const
{
    if (s.isEmpty())
        return FrameCut::needMore();
    if (s[0] == '\r' || s[0] == '\n') {
        qsizetype n = 1;
        while (n < s.size() && (s[n] == '\r' || s[n] == '\n'))
            ++n;
        return FrameCut::garbage(n);
    }
    const qsizetype limit = qMin(s.size(), kMaxLine);
    for (qsizetype i = 0; i < limit; ++i) {
        const char c = s[i];
        if (c == '\n')
            return FrameCut::frame(i + 1);
        if (c == '\r') {
            if (i + 1 == s.size())
                return FrameCut::needMore(); // an LF may follow
            const qsizetype n = s[i + 1] == '\n' ? i + 2 : i + 1;
            return n > kMaxLine ? FrameCut::garbage(kMaxLine) : FrameCut::frame(n);
        }
    }
    return s.size() >= kMaxLine ? FrameCut::garbage(kMaxLine) : FrameCut::needMore();
}

void AprsDecoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    QByteArrayView line = frame;
    while (!line.isEmpty() && (line.back() == '\n' || line.back() == '\r'))
        line.chop(1);
    if (line.size() > kMaxLine) {
        out.error = QStringLiteral("aprs: line longer than %1 bytes").arg(kMaxLine);
        return;
    }
    Decoder d(ctx, out);
    d.line(line);
}

} // namespace fw
