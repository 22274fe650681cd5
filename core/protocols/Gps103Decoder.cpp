#include "Gps103Decoder.h"

#include "TextFields.h"

#include <array>
#include <cmath>

namespace fw {

namespace {

using text::isDigit;
using text::two;
using text::parseDouble;

const QString kName = QStringLiteral("gps103");
const QString kTemp1 = QStringLiteral("temp1");
const QString kFuel = QStringLiteral("fuel");
const QString kFuel1 = QStringLiteral("fuel1");
const QString kFuel2 = QStringLiteral("fuel2");
const QString kDoor = QStringLiteral("door");
const QString kDriver = QStringLiteral("driverUniqueId");
const QString kLac = QStringLiteral("lac");
const QString kCid = QStringLiteral("cid");

constexpr qsizetype kMaxFields = 40;

bool isBlank(char c)
{
    return c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\0';
}

bool isDelimiter(char c)
{
    return c == ';' || c == '*' || c == '\n' || c == '\r';
}

bool canStartFrame(char c)
{
    return c == '#' || c == 'i' || c == 'I' || isDigit(c);
}

bool parseInt(QByteArrayView s, int &out)
{
    qsizetype i = 0;
    const qsizetype n = s.size();
    bool neg = false;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    if (i == n || n - i > 9)
        return false;
    int v = 0;
    for (; i < n; ++i) {
        if (!isDigit(s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    out = neg ? -v : v;
    return true;
}

bool parseHex(QByteArrayView s, int &out)
{
    if (s.isEmpty() || s.size() > 7)
        return false;
    int v = 0;
    for (const char c : s) {
        int d;
        if (isDigit(c))
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return false;
        v = v * 16 + d;
    }
    out = v;
    return true;
}

// ddmm.mmmm / dddmm.mmmm -> degrees, without floating-point drift on the minutes split.
bool parseDegMin(QByteArrayView s, double &out)
{
    const qsizetype dot = s.indexOf('.');
    const qsizetype intLen = dot < 0 ? s.size() : dot;
    if (intLen < 3 || intLen > 5)
        return false;
    int whole = 0;
    if (!parseInt(s.first(intLen), whole) || whole < 0 || s[0] == '+' || s[0] == '-')
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

struct Fields
{
    std::array<QByteArrayView, kMaxFields> v;
    std::array<qsizetype, kMaxFields> at {}; // offset of each field in the frame
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

QString latin1(QByteArrayView v)
{
    return QString::fromLatin1(v.data(), v.size());
}

// Keyword -> alarm value (Traccar names, so exports look familiar); empty when not an alarm.
QString alarmFor(QByteArrayView kw)
{
    if (kw.startsWith("T:"))
        return QStringLiteral("temperature");
    if (kw.startsWith("oil"))
        return QStringLiteral("fuelLeak");
    struct Map
    {
        const char *keyword;
        const QString *alarm;
    };
    static const QString geofence = QStringLiteral("geofence");
    static const QString bonnet = QStringLiteral("bonnet");
    static const QString footBrake = QStringLiteral("footBrake");
    static const QString fault = QStringLiteral("fault");
    static const Map map[] = {
        { "help me", &alarm::sos },
        { "low battery", &alarm::lowBattery },
        { "stockade", &geofence },
        { "move", &alarm::movement },
        { "speed", &alarm::overspeed },
        { "door alarm", &alarm::door },
        { "ac alarm", &alarm::powerCut },
        { "power alarm", &alarm::powerCut },
        { "accident alarm", &alarm::accident },
        { "sensor alarm", &alarm::vibration },
        { "shock alarm", &alarm::vibration },
        { "bonnet alarm", &bonnet },
        { "footbrake alarm", &footBrake },
        { "DTC", &fault },
    };
    for (const Map &m : map) {
        if (kw == QByteArrayView(m.keyword))
            return *m.alarm;
    }
    return {};
}

// Local date/time of the report: "YYMMDDhhmm[ss]" or "YY/MM/DD hh:mm".
struct LocalTime
{
    bool ok = false;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0;
};

LocalTime parseLocal(QByteArrayView s)
{
    char d[12];
    int n = 0;
    for (const char c : s) {
        if (isDigit(c)) {
            if (n == 12)
                return {};
            d[n++] = c;
        } else if (c != '/' && c != ' ' && c != ':') {
            return {};
        }
    }
    if (n != 10 && n != 12)
        return {};
    const QByteArrayView v(d, n);
    LocalTime t;
    t.year = 2000 + two(v, 0);
    t.month = two(v, 2);
    t.day = two(v, 4);
    t.hour = two(v, 6);
    t.minute = two(v, 8);
    t.ok = utcTime(t.year, t.month, t.day, t.hour, t.minute, 0) != kNoTime;
    return t;
}

// "hhmmss[.sss]" -> fields; false for anything else (some firmwares put junk like "31.0" here).
bool parseUtc(QByteArrayView s, int &h, int &m, int &sec, int &ms)
{
    if (s.size() < 6)
        return false;
    h = two(s, 0);
    m = two(s, 2);
    sec = two(s, 4);
    if (h < 0 || m < 0 || sec < 0 || h > 23 || m > 59 || sec > 60)
        return false;
    ms = 0;
    if (s.size() == 6)
        return true;
    if (s[6] != '.' || s.size() == 7)
        return false;
    int scale = 100;
    for (qsizetype i = 7; i < s.size(); ++i) {
        if (!isDigit(s[i]))
            return false;
        ms += (s[i] - '0') * scale;
        scale /= 10;
    }
    return true;
}

// Time of day completed with the date of `now`, choosing the day that puts it nearest to now.
TimeMs nearNow(TimeMs now, int h, int m, int s, int ms)
{
    if (now == kNoTime)
        return kNoTime;
    const TimeMs day = (now >= 0 ? now / kDay : (now - kDay + 1) / kDay) * kDay;
    TimeMs t = day + h * kHour + m * kMinute + s * kSecond + ms;
    if (t - now > 12 * kHour)
        t -= kDay;
    else if (now - t > 12 * kHour)
        t += kDay;
    return t;
}

void setError(DecodeResult &out, const char *what, qsizetype at)
{
    out.error = QStringLiteral("gps103: ") % QLatin1String(what) % QStringLiteral(" at byte ")
        % QString::number(at);
}

DecodedMessage &newMessage(
    DecodeResult &out, MessageType type, const QString &id, const DecodeContext &ctx)
{
    out.messages.append(DecodedMessage {});
    DecodedMessage &m = out.messages.last();
    m.type = type;
    m.position.uniqueId = id;
    m.position.protocol = kName;
    m.position.serverTime = ctx.now;
    return m;
}

void decodeObd(const Fields &f, const QString &id, DecodeContext &ctx, DecodeResult &out)
{
    if (f.n < 13) {
        setError(out, "truncated OBD record", f.pos(f.n - 1));
        return;
    }
    const QByteArrayView dt = f[2];
    TimeMs time = kNoTime;
    if (dt.size() == 12)
        time = utcTime(
            2000 + two(dt, 0), two(dt, 2), two(dt, 4), two(dt, 6), two(dt, 8), two(dt, 10));
    DecodedMessage &m = newMessage(out, MessageType::Status, id, ctx);
    m.position.deviceTime = time == kNoTime ? ctx.now : time;
    m.text = QStringLiteral("OBD report");
    Attributes &a = m.position.attributes;
    int i = 0;
    double d = 0;
    if (parseInt(f[3], i))
        a.set(attr::odometer, i);
    if (parseDouble(f[5], d))
        a.set(QStringLiteral("fuelConsumption"), d);
    if (parseInt(f[6], i))
        a.set(QStringLiteral("hours"), static_cast<qint64>(i) * kHour);
    if (parseInt(f[7], i))
        a.set(QStringLiteral("obdSpeed"), i);
    if (!f[8].isEmpty())
        a.set(QStringLiteral("engineLoad"), latin1(f[8]));
    if (parseInt(f[9], i))
        a.set(QStringLiteral("coolantTemp"), i);
    if (!f[10].isEmpty())
        a.set(QStringLiteral("throttle"), latin1(f[10]));
    if (parseInt(f[11], i))
        a.set(QStringLiteral("rpm"), i);
    if (parseDouble(f[12], d))
        a.set(attr::battery, d);
    QString dtcs;
    for (qsizetype k = 13; k < f.n; ++k) {
        if (f[k].isEmpty())
            continue;
        if (!dtcs.isEmpty())
            dtcs += QLatin1Char(' ');
        dtcs += latin1(f[k]);
    }
    if (!dtcs.isEmpty())
        a.set(QStringLiteral("dtcs"), dtcs);
}

bool isDashes(QByteArrayView v)
{
    if (v.isEmpty())
        return true;
    for (const char c : v) {
        if (c != '-')
            return false;
    }
    return true;
}

// imei:ID,NAME,EVENT,SENSOR,VOLTAGE,hhmmss,ddmmyy,RSSI,FIX,LAT,LON,KPH,COURSE,ALT,HDOP,SATS,
// IGN,CHARGE,ERROR,*  (decimal degrees; a firmware variant that ends its frames with '*')
void decodeAlternative(const Fields &f, const QString &id, DecodeContext &ctx, DecodeResult &out)
{
    if (f.n < 19) {
        setError(out, "truncated record", f.pos(f.n - 1));
        return;
    }
    const QByteArrayView t = f[5], d = f[6];
    const TimeMs time = t.size() == 6 && d.size() == 6
        ? utcTime(2000 + two(d, 4), two(d, 2), two(d, 0), two(t, 0), two(t, 2), two(t, 4))
        : kNoTime;
    if (time == kNoTime) {
        setError(out, "bad date/time", f.pos(5));
        return;
    }
    double lat = 0, lon = 0, v = 0;
    if (!parseDouble(f[9], lat) || lat < -90 || lat > 90) {
        setError(out, "bad latitude", f.pos(9));
        return;
    }
    if (!parseDouble(f[10], lon) || lon < -180 || lon > 180) {
        setError(out, "bad longitude", f.pos(10));
        return;
    }
    DecodedMessage &m = newMessage(out, MessageType::Position, id, ctx);
    m.hasLocation = true;
    Position &p = m.position;
    p.deviceTime = time;
    p.latitude = lat;
    p.longitude = lon;
    int i = 0;
    p.valid = parseInt(f[8], i) && i > 0;
    if (parseDouble(f[11], v))
        p.speedKph = v;
    if (parseDouble(f[12], v))
        p.course = v;
    if (parseDouble(f[13], v))
        p.altitude = v;
    if (parseInt(f[15], i))
        p.satellites = i;
    Attributes &a = p.attributes;
    if (!isDashes(f[2]))
        a.set(attr::event, latin1(f[2]));
    if (!isDashes(f[3]))
        a.set(QStringLiteral("sensorId"), latin1(f[3]));
    if (parseDouble(f[4], v))
        a.set(QStringLiteral("sensorVoltage"), v);
    if (parseInt(f[7], i))
        a.set(attr::rssi, i);
    if (parseDouble(f[14], v))
        a.set(attr::hdop, v);
    if (parseInt(f[16], i))
        a.set(attr::ignition, i > 0);
    if (parseInt(f[17], i))
        a.set(attr::charge, i > 0);
    if (!isDashes(f[18]))
        a.set(QStringLiteral("error"), latin1(f[18]));
}

void decodeRegular(const Fields &f, const QString &id, DecodeContext &ctx, DecodeResult &out)
{
    const QByteArrayView kw = f[1];
    const QString alarm = alarmFor(kw);
    const LocalTime local = parseLocal(f[2]);
    const bool fix = f[4] == QByteArrayView("F");

    DecodedMessage m;
    m.type = alarm.isEmpty() ? (fix ? MessageType::Position : MessageType::Status)
                             : MessageType::Event;
    Position &p = m.position;
    p.uniqueId = id;
    p.protocol = kName;
    p.serverTime = ctx.now;
    Attributes &a = p.attributes;
    if (!alarm.isEmpty()) {
        a.set(attr::alarm, alarm);
        m.text = latin1(kw);
    }
    double d = 0;
    if (kw == QByteArrayView("acc on")) {
        a.set(attr::ignition, true);
    } else if (kw == QByteArrayView("acc off")) {
        a.set(attr::ignition, false);
    } else if (kw.startsWith("T:")) {
        if (parseDouble(kw.sliced(2), d))
            a.set(kTemp1, d);
    } else if (kw.startsWith("oil ")) {
        if (parseDouble(kw.sliced(4), d))
            a.set(kFuel, d);
    } else if (alarm.isEmpty() && !kw.isEmpty() && kw != QByteArrayView("tracker")
        && !kw.startsWith("vt")) {
        a.set(attr::event, latin1(kw));
    }
    if (kw == QByteArrayView("rfid") && !f[3].isEmpty())
        a.set(kDriver, latin1(f[3]));

    if (!fix) {
        // No GPS fix: the device reports the serving cell instead.
        int lac = 0, cid = 0;
        if (parseHex(f[7], lac) && parseHex(f[9], cid)) {
            a.set(kLac, lac);
            a.set(kCid, cid);
        }
        if (m.text.isEmpty())
            m.text = QStringLiteral("no GPS fix");
        p.deviceTime = ctx.now != kNoTime || !local.ok
            ? ctx.now
            : utcTime(local.year, local.month, local.day, local.hour, local.minute, 0);
        out.messages.append(std::move(m));
        return;
    }

    // Time: the UTC time of day from the GPS, dated by the device's local date and corrected
    // by the offset between the local and the UTC clock (the device sends no time zone).
    int uh = 0, um = 0, us = 0, ums = 0;
    const bool utc = parseUtc(f[5], uh, um, us, ums);
    if (local.ok && utc) {
        int delta = (local.hour - uh) * 60 + (local.minute - um);
        if (delta <= -12 * 60)
            delta += 24 * 60;
        else if (delta > 12 * 60)
            delta -= 24 * 60;
        p.deviceTime
            = utcTime(local.year, local.month, local.day, local.hour, local.minute, us, ums)
            - delta * kMinute;
    } else if (local.ok) {
        p.deviceTime = utcTime(local.year, local.month, local.day, local.hour, local.minute, 0);
    } else if (utc) {
        p.deviceTime = nearNow(ctx.now, uh, um, us, ums);
    } else {
        p.deviceTime = ctx.now;
    }

    const QByteArrayView validity = f[6];
    if (validity != QByteArrayView("A") && validity != QByteArrayView("V")) {
        setError(out, "bad validity flag", f.pos(6));
        return;
    }
    p.valid = validity == QByteArrayView("A");

    // Coordinates; a hemisphere may stand before or after its number, or be missing.
    qsizetype i = 7;
    bool south = false, west = false;
    auto isHem = [&f](qsizetype k, char a1, char a2) {
        return f[k].size() == 1 && (f[k][0] == a1 || f[k][0] == a2);
    };
    if (isHem(i, 'N', 'S'))
        south = f[i++][0] == 'S';
    const qsizetype latAt = i;
    double lat = 0, lon = 0;
    if (!parseDegMin(f[i++], lat) || lat > 90.0) {
        setError(out, "bad latitude", f.pos(latAt));
        return;
    }
    if (isHem(i, 'N', 'S'))
        south = f[i++][0] == 'S';
    if (isHem(i, 'E', 'W'))
        west = f[i++][0] == 'W';
    const qsizetype lonAt = i;
    if (!parseDegMin(f[i++], lon) || lon > 180.0) {
        setError(out, "bad longitude", f.pos(lonAt));
        return;
    }
    if (i < f.n && (isHem(i, 'E', 'W') || f[i].isEmpty()))
        west = f[i++] == QByteArrayView("W") || west;
    p.latitude = south ? -lat : lat;
    p.longitude = west ? -lon : lon;
    m.hasLocation = true;

    if (parseDouble(f[i], d) && d >= 0)
        p.speedKph = d * kKnotsToKph;
    if (parseDouble(f[i + 1], d))
        p.course = d;
    if (parseDouble(f[i + 2], d))
        p.altitude = d;
    int n = 0;
    if (parseInt(f[i + 3], n) && (n == 0 || n == 1))
        a.set(attr::ignition, n == 1);
    if (parseInt(f[i + 4], n) && (n == 0 || n == 1))
        a.set(kDoor, n == 1);
    const QByteArrayView f1 = f[i + 5], f2 = f[i + 6];
    if (f1.endsWith('%') && parseDouble(f1.chopped(1), d))
        a.set(kFuel1, d);
    if (f2.endsWith('%') && parseDouble(f2.chopped(1), d))
        a.set(kFuel2, d);
    if (parseInt(f[i + 7], n))
        a.set(kTemp1, n);
    out.messages.append(std::move(m));
}

} // namespace

const ProtocolInfo &Gps103Decoder::protocolInfo()
{
    static const ProtocolInfo info { kName, QStringLiteral("GPS103 / TK103 / Coban"), 5001, true,
        true, false, true, 2048 };
    return info;
}

FrameCut Gps103Decoder::cutFrame(QByteArrayView s) const
{
    const qsizetype n = s.size();
    const qsizetype max = protocolInfo().maxFrameSize;
    qsizetype i = 0;
    // Blank bytes (the CR/LF after a ';') stay in front of the next frame; decode skips them.
    while (i < n && isBlank(s[i]))
        ++i;
    if (i == n)
        return n > max ? FrameCut::garbage(n) : FrameCut::needMore();
    if (!canStartFrame(s[i])) {
        qsizetype j = i + 1;
        while (j < n && !canStartFrame(s[j]) && !isBlank(s[j]))
            ++j;
        return FrameCut::garbage(j);
    }
    const qsizetype limit = std::min(n, max + 1);
    for (qsizetype j = i; j < limit; ++j) {
        if (isDelimiter(s[j])) {
            qsizetype end = j + 1;
            while (end < n && end <= max && (s[end] == '\r' || s[end] == '\n'))
                ++end;
            return end > max ? FrameCut::garbage(end) : FrameCut::frame(end);
        }
    }
    return n > max ? FrameCut::garbage(n) : FrameCut::needMore();
}

void Gps103Decoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    qsizetype b = 0, e = frame.size();
    while (b < e && isBlank(frame[b]))
        ++b;
    bool starEnd = false;
    while (e > b && (isDelimiter(frame[e - 1]) || isBlank(frame[e - 1]))) {
        starEnd = starEnd || frame[e - 1] == '*';
        --e;
    }
    if (b == e)
        return; // only delimiters: nothing to say
    if (e - b > protocolInfo().maxFrameSize) {
        setError(out, "frame too long", protocolInfo().maxFrameSize);
        return;
    }
    QByteArrayView s = frame.sliced(b, e - b);

    // Login "##,imei:ID,A;" (and any short frame naming the IMEI) -> "LOAD".
    const qsizetype imeiAt = s.indexOf("imei:");
    if (s.startsWith("##") || (imeiAt >= 0 && s.size() < 30)) {
        if (imeiAt < 0) {
            setError(out, "login without imei:", b);
            return;
        }
        qsizetype k = imeiAt + 5;
        while (k < s.size() && isDigit(s[k]))
            ++k;
        if (k == imeiAt + 5) {
            setError(out, "login without device id", b + imeiAt + 5);
            return;
        }
        const QString id = latin1(s.sliced(imeiAt + 5, k - imeiAt - 5));
        ctx.uniqueId = id;
        newMessage(out, MessageType::Login, id, ctx);
        out.reply = QByteArrayLiteral("LOAD");
        return;
    }

    // Heartbeat "ID;" -> "ON". Some firmwares glue the IMEI in front of a report.
    if (isDigit(s[0])) {
        out.reply = QByteArrayLiteral("ON");
        if (imeiAt < 0) {
            if (s.size() > 32) {
                setError(out, "heartbeat id too long", b);
                return;
            }
            for (qsizetype k = 0; k < s.size(); ++k) {
                if (!isDigit(s[k]) && !(s[k] >= 'A' && s[k] <= 'Z')
                    && !(s[k] >= 'a' && s[k] <= 'z')) {
                    out.reply.clear();
                    setError(out, "bad character in heartbeat", b + k);
                    return;
                }
            }
            const QString id = latin1(s);
            if (ctx.uniqueId.isEmpty())
                ctx.uniqueId = id;
            DecodedMessage &m = newMessage(out, MessageType::Heartbeat, id, ctx);
            m.position.deviceTime = ctx.now;
            return;
        }
        b += imeiAt;
        s = s.sliced(imeiAt);
    } else if (imeiAt != 0) {
        setError(out, "frame does not start with imei:", b);
        return;
    }

    Fields f;
    split(s, b, f);
    const QByteArrayView idView = f[0].sliced(5);
    if (idView.isEmpty() || idView.size() > 32) {
        setError(out, "bad device id", b + 5);
        return;
    }
    for (qsizetype k = 0; k < idView.size(); ++k) {
        if (!isDigit(idView[k])) {
            setError(out, "bad character in device id", b + 5 + k);
            return;
        }
    }
    if (f.n < 3) {
        setError(out, "truncated frame", b + s.size());
        return;
    }
    const QString id = latin1(idView);
    if (ctx.uniqueId.isEmpty())
        ctx.uniqueId = id;

    const QByteArrayView kw = f[1];
    if (kw == QByteArrayView("vr"))
        return; // photo chunk: pictures are not stored
    if (kw == QByteArrayView("OBD")) {
        decodeObd(f, id, ctx, out);
        return;
    }
    if (starEnd) {
        decodeAlternative(f, id, ctx, out);
        return;
    }
    if (f.n < 5) {
        setError(out, "truncated frame", b + s.size());
        return;
    }
    decodeRegular(f, id, ctx, out);
    if (out.ok() && kw == QByteArrayView("help me"))
        out.reply = "**,imei:" % idView.toByteArray() % QByteArrayLiteral(",E;");
}

} // namespace fw
