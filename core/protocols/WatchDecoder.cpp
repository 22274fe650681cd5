#include "WatchDecoder.h"

#include "TextFields.h"
#include "domain/Network.h"

#include <array>
#include <cmath>

namespace fw {

namespace {

using text::isDigit;
using text::two;

const QString kName = QStringLiteral("watch");
const QString kSteps = QStringLiteral("steps");
const QString kTemp1 = QStringLiteral("temp1");
const QString kHeartRate = QStringLiteral("heartRate");
constexpr qsizetype kMaxFields = 20;
constexpr qsizetype kMaxIdLength = 32;

bool isAlnum(char c)
{
    return isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
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

bool isHex4(QByteArrayView s)
{
    if (s.size() != 4)
        return false;
    for (const char c : s) {
        if (hexDigit(c) < 0)
            return false;
    }
    return true;
}

QByteArrayView trimSpaces(QByteArrayView s)
{
    while (!s.isEmpty() && s.front() == ' ')
        s = s.sliced(1);
    while (!s.isEmpty() && s.back() == ' ')
        s.chop(1);
    return s;
}

bool parseDouble(QByteArrayView s, double &out)
{
    return text::parseDouble(trimSpaces(s), out);
}

bool parseInt(QByteArrayView s, int &out)
{
    s = trimSpaces(s);
    qsizetype i = 0;
    bool neg = false;
    if (!s.isEmpty() && (s[0] == '-' || s[0] == '+'))
        neg = s[i++] == '-';
    if (i == s.size() || s.size() - i > 9)
        return false;
    int v = 0;
    for (; i < s.size(); ++i) {
        if (!isDigit(s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    out = neg ? -v : v;
    return true;
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

// Splits the first kMaxFields - 1 fields; the last one holds the rest (cells, wifi).
void split(QByteArrayView s, qsizetype base, Fields &f)
{
    qsizetype start = 0;
    f.n = 0;
    f.end = base + s.size();
    for (qsizetype i = 0; i <= s.size(); ++i) {
        if (i == s.size() || (s[i] == ',' && f.n < kMaxFields - 1)) {
            f.v[f.n] = s.sliced(start, i - start);
            f.at[f.n] = base + start;
            ++f.n;
            start = i + 1;
            if (i == s.size() || f.n == kMaxFields - 1) {
                if (i < s.size()) {
                    f.v[f.n] = s.sliced(start);
                    f.at[f.n] = base + start;
                    ++f.n;
                }
                break;
            }
        }
    }
}

void setError(DecodeResult &out, const char *what, qsizetype at)
{
    out.error = QStringLiteral("watch: ") % QLatin1String(what) % QStringLiteral(" at byte ")
        % QString::number(at);
}

QByteArray hex4(qsizetype v)
{
    static const char digits[] = "0123456789abcdef";
    QByteArray h(4, '0');
    for (int i = 3; i >= 0; --i) {
        h[i] = digits[v & 0xf];
        v >>= 4;
    }
    return h;
}

struct Header
{
    QByteArrayView vendor, id, index;
};

QByteArray reply(const Header &h, QByteArrayView content)
{
    QByteArray r;
    r.reserve(h.vendor.size() + h.id.size() + h.index.size() + content.size() + 12);
    r += '[';
    r += h.vendor;
    r += '*';
    r += h.id;
    r += '*';
    if (!h.index.isEmpty()) {
        r += h.index;
        r += '*';
    }
    r += hex4(content.size());
    r += '*';
    r += content;
    r += ']';
    return r;
}

QString alarmFromStatus(quint32 status)
{
    if (status & (1u << 0))
        return alarm::lowBattery;
    if (status & (1u << 1))
        return alarm::geofenceExit;
    if (status & (1u << 2))
        return alarm::geofenceEnter;
    if (status & (1u << 14))
        return alarm::powerCut;
    if (status & (1u << 16))
        return alarm::sos;
    if (status & (1u << 17))
        return alarm::lowBattery;
    if (status & (1u << 18))
        return alarm::geofenceExit;
    if (status & (1u << 19))
        return alarm::geofenceEnter;
    if (status & (1u << 20))
        return alarm::removing;
    if (status & ((1u << 21) | (1u << 22)))
        return alarm::fallDown;
    return {};
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
    m.position.deviceTime = ctx.now;
    return m;
}

// After the status: cell count, timing advance, MCC, MNC, (LAC, cell id, signal) per cell
// (the four only when there are cells), then Wi-Fi count and (name, MAC, signal) per access
// point. Whatever does not parse ends the reading; what was read is kept.
Network readNetwork(QByteArrayView rest)
{
    QList<QByteArrayView> v;
    for (qsizetype from = 0; from <= rest.size() && v.size() < 400;) {
        qsizetype comma = rest.indexOf(',', from);
        if (comma < 0)
            comma = rest.size();
        v.append(rest.sliced(from, comma - from));
        from = comma + 1;
    }
    Network n;
    qsizetype i = 0;
    const auto number = [&v, &i](qint64 &out) {
        if (i >= v.size())
            return false;
        const QByteArray text = trimSpaces(v[i++]).toByteArray();
        bool ok = false;
        out = text.toLongLong(&ok);
        return ok;
    };
    qint64 cells = 0, mcc = 0, mnc = 0, ta = 0;
    if (!number(cells) || cells < 0 || cells > 20)
        return n;
    if (cells > 0 && (!number(ta) || !number(mcc) || !number(mnc)))
        return n;
    for (qint64 c = 0; c < cells; ++c) {
        qint64 lac = 0, cid = 0, signal = 0;
        if (!number(lac) || !number(cid))
            return n;
        number(signal);
        n.addCell(int(mcc), int(mnc), lac, cid, int(signal));
    }
    qint64 wifis = 0;
    if (number(wifis) && wifis > 0 && wifis <= 30) {
        for (qint64 w = 0; w < wifis && i + 2 < v.size() + 1; ++w) {
            ++i; // network name
            const QByteArrayView mac = i < v.size() ? v[i++] : QByteArrayView();
            qint64 signal = 0;
            number(signal);
            n.addWifi(QString::fromLatin1(mac), int(signal));
        }
    }
    if (!n.cellTowers.isEmpty())
        n.radioType = QStringLiteral("gsm");
    return n;
}

bool decodePosition(QByteArrayView data, qsizetype base, bool isAlarm, const QString &id,
    const DecodeContext &ctx, DecodeResult &out)
{
    Fields f;
    split(data, base, f);
    if (f.n < 16) {
        setError(out, "truncated position", base + data.size());
        return false;
    }
    const QByteArrayView d = f[0], t = f[1];
    const TimeMs time = d.size() == 6 && t.size() == 6
        ? utcTime(2000 + two(d, 4), two(d, 2), two(d, 0), two(t, 0), two(t, 2), two(t, 4))
        : kNoTime;
    if (time == kNoTime) {
        setError(out, "bad date/time", f.pos(0));
        return false;
    }
    const QByteArrayView validity = f[2];
    if (validity != QByteArrayView("A") && validity != QByteArrayView("V")) {
        setError(out, "bad validity flag", f.pos(2));
        return false;
    }
    double lat = 0, lon = 0;
    if (!parseDouble(f[3], lat) || lat < -90.0 || lat > 90.0) {
        setError(out, "bad latitude", f.pos(3));
        return false;
    }
    if (!parseDouble(f[5], lon) || lon < -180.0 || lon > 180.0) {
        setError(out, "bad longitude", f.pos(5));
        return false;
    }
    if (f[4] == QByteArrayView("S"))
        lat = -std::abs(lat);
    if (f[6] == QByteArrayView("W"))
        lon = -std::abs(lon);
    quint32 status = 0;
    const QByteArrayView st = trimSpaces(f[15]);
    if (st.size() > 8) {
        setError(out, "bad status field", f.pos(15));
        return false;
    }
    for (const char c : st) {
        const int h = hexDigit(c);
        if (h < 0) {
            setError(out, "bad status field", f.pos(15));
            return false;
        }
        status = status * 16 + static_cast<quint32>(h);
    }

    QString alarm = alarmFromStatus(status);
    if (alarm.isEmpty() && isAlarm)
        alarm = alarm::general;
    DecodedMessage &m
        = newMessage(out, alarm.isEmpty() ? MessageType::Position : MessageType::Event, id, ctx);
    Position &p = m.position;
    m.hasLocation = !(lat == 0.0 && lon == 0.0); // 0,0 = no fix (cell/Wi-Fi data only)
    p.deviceTime = time;
    p.valid = validity[0] == 'A';
    p.latitude = lat;
    p.longitude = lon;
    double v = 0;
    int n = 0;
    if (parseDouble(f[7], v) && v >= 0)
        p.speedKph = v; // watches report km/h
    if (parseDouble(f[8], v))
        p.course = v;
    if (parseDouble(f[9], v))
        p.altitude = v;
    if (parseInt(f[10], n) && n >= 0)
        p.satellites = n;
    Attributes &a = p.attributes;
    if (parseInt(f[11], n))
        a.set(attr::rssi, n);
    if (parseInt(f[12], n))
        a.set(attr::batteryLevel, n);
    if (parseInt(f[13], n))
        a.set(kSteps, n);
    if (!alarm.isEmpty()) {
        a.set(attr::alarm, alarm);
        m.text = alarm;
    }
    if (status & (1u << 4))
        a.set(attr::motion, true);
    a.set(attr::status, static_cast<qint64>(status));
    if (f.n > 16)
        readNetwork(data.sliced(f.pos(16) - base)).storeIn(a);
    return true;
}

// Comma-separated values of a short health reading ("72", "120,79,73", "1,35.29").
struct Values
{
    std::array<QByteArrayView, 8> v;
    qsizetype n = 0;
};

Values values(QByteArrayView data)
{
    Values vs;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= data.size() && vs.n < 8; ++i) {
        if (i == data.size() || data[i] == ',') {
            vs.v[vs.n++] = data.sliced(start, i - start);
            start = i + 1;
        }
    }
    return vs;
}

bool decodeHealth(QByteArrayView type, QByteArrayView data, const QString &id,
    const DecodeContext &ctx, DecodeResult &out)
{
    auto is = [&type](const char *name) { return type.compare(name, Qt::CaseInsensitive) == 0; };
    const bool bp = is("BPHRT") || is("BLOOD");
    if (!(bp || is("PULSE") || is("HEART") || is("btemp2") || is("TEMP") || is("oxygen")))
        return false;
    const Values vs = values(data);
    Attributes a;
    int n = 0;
    double d = 0;
    if (is("btemp2")) {
        if (vs.n >= 2 && parseInt(vs.v[0], n) && n > 0 && parseDouble(vs.v[1], d))
            a.set(kTemp1, d);
    } else if (is("TEMP")) {
        if (vs.n >= 1 && parseDouble(vs.v[0], d))
            a.set(kTemp1, d);
    } else if (is("oxygen")) {
        if (parseInt(vs.v[vs.n > 1 ? 1 : 0], n))
            a.set(QStringLiteral("bloodOxygen"), n);
    } else {
        qsizetype i = 0;
        if (bp) {
            if (parseInt(vs.v[0], n))
                a.set(QStringLiteral("pressureHigh"), n);
            if (parseInt(vs.v[1], n))
                a.set(QStringLiteral("pressureLow"), n);
            i = 2;
        }
        if (i < vs.n && parseInt(vs.v[i], n))
            a.set(kHeartRate, n);
    }
    if (a.isEmpty())
        return true; // a reading without a value: nothing to record
    DecodedMessage &m = newMessage(out, MessageType::Status, id, ctx);
    m.position.attributes = std::move(a);
    m.text = QString::fromLatin1(type.data(), type.size()) % QStringLiteral(" reading");
    return true;
}

} // namespace

const ProtocolInfo &WatchDecoder::protocolInfo()
{
    static const ProtocolInfo info { kName, QStringLiteral("3G watch (SeTracker)"), 5093, true,
        false, false, true, 65536 };
    return info;
}

bool WatchDecoder::unescape(QByteArrayView in, QByteArray &out, qsizetype &badAt)
{
    static const char map[] = { 0x7d, 0x5b, 0x5d, 0x2c, 0x2a };
    out.clear();
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c != 0x7d) {
            out += c;
            continue;
        }
        const int k = i + 1 < in.size() ? static_cast<quint8>(in[i + 1]) : 0;
        if (k < 1 || k > 5) {
            badAt = i;
            return false;
        }
        out += map[k - 1];
        ++i;
    }
    return true;
}

// Whether s[at..] starts a frame header "[VV*ID*": 1 yes, 0 no, -1 cannot tell yet.
static int headerAt(QByteArrayView s, qsizetype at)
{
    qsizetype i = at + 1;
    const qsizetype n = s.size();
    while (i < n && i - at <= 5 && isAlnum(s[i]))
        ++i;
    if (i == n)
        return -1;
    if (i == at + 1 || i - at > 5 || s[i] != '*')
        return 0;
    const qsizetype idStart = ++i;
    while (i < n && i - idStart <= kMaxIdLength && isAlnum(s[i]))
        ++i;
    if (i == n)
        return -1;
    return i > idStart && s[i] == '*' ? 1 : 0;
}

FrameCut WatchDecoder::cutFrame(QByteArrayView s) const
{
    const qsizetype n = s.size();
    if (n == 0)
        return FrameCut::needMore();
    if (s[0] != '[' || headerAt(s, 0) == 0) {
        const qsizetype next = s.indexOf('[', 1);
        return FrameCut::garbage(next < 0 ? n : next);
    }
    // Text content may itself hold brackets (Wi-Fi names such as "[LG_Wall-Mount A/C]"), so
    // brackets are paired, and a ']' surely ends the frame where the next frame, a line end or
    // the end of the data follows it. A closing ']' followed by anything else is remembered and
    // used once the next frame header shows up.
    const qsizetype max = protocolInfo().maxFrameSize;
    const qsizetype limit = std::min(n, max);
    int depth = 1;
    qsizetype candidate = 0;
    for (qsizetype j = 1; j < limit; ++j) {
        if (s[j] == ']') {
            --depth;
            if (depth <= 0) {
                if (j + 1 == n || s[j + 1] == '[' || s[j + 1] == '\r' || s[j + 1] == '\n')
                    return FrameCut::frame(j + 1);
                if (candidate == 0)
                    candidate = j + 1;
            }
        } else if (s[j] == '[') {
            if (headerAt(s, j) == 1) { // the next frame starts
                if (s[j - 1] == ']')
                    return FrameCut::frame(j);
                return candidate > 0 ? FrameCut::frame(candidate) : FrameCut::garbage(j);
            }
            ++depth;
        }
    }
    if (n >= max)
        return candidate > 0 ? FrameCut::frame(candidate) : FrameCut::garbage(max);
    return FrameCut::needMore();
}

void WatchDecoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    if (frame.size() < 2 || frame.front() != '[') {
        setError(out, "frame does not start with '['", 0);
        return;
    }
    if (frame.back() != ']') {
        setError(out, "frame does not end with ']'", frame.size() - 1);
        return;
    }
    if (frame.size() > protocolInfo().maxFrameSize) {
        setError(out, "frame too long", protocolInfo().maxFrameSize);
        return;
    }
    QByteArrayView s = frame.sliced(1, frame.size() - 2);
    QByteArray unescaped;
    if (s.contains(char(0x7d))) {
        qsizetype badAt = 0;
        if (!unescape(s, unescaped, badAt)) {
            setError(out, "bad escape sequence", badAt + 1);
            return;
        }
        s = unescaped; // offsets below are then in the unescaped frame
    }

    // Header: VENDOR*ID*[INDEX*]LEN*
    Header h;
    qsizetype p = s.indexOf('*');
    if (p < 1 || p > 4) {
        setError(out, "bad vendor prefix", 1);
        return;
    }
    h.vendor = s.first(p);
    for (const char c : h.vendor) {
        if (!isAlnum(c)) {
            setError(out, "bad vendor prefix", 1);
            return;
        }
    }
    const qsizetype idStart = p + 1;
    p = s.indexOf('*', idStart);
    if (p < 0 || p == idStart || p - idStart > kMaxIdLength) {
        setError(out, "bad device id", idStart + 1);
        return;
    }
    h.id = s.sliced(idStart, p - idStart);
    for (qsizetype k = 0; k < h.id.size(); ++k) {
        if (!isAlnum(h.id[k])) {
            setError(out, "bad character in device id", idStart + k + 1);
            return;
        }
    }
    qsizetype at = p + 1;
    if (at + 10 <= s.size() && isHex4(s.sliced(at, 4)) && s[at + 4] == '*'
        && isHex4(s.sliced(at + 5, 4)) && s[at + 9] == '*') {
        h.index = s.sliced(at, 4);
        at += 5;
    }
    if (at + 5 > s.size() || !isHex4(s.sliced(at, 4)) || s[at + 4] != '*') {
        setError(out, "bad length field", at + 1);
        return;
    }
    // The length is not enforced: many firmwares count it wrong.
    const qsizetype contentAt = at + 5;
    const QByteArrayView content = s.sliced(contentAt);
    const qsizetype comma = content.indexOf(',');
    const QByteArrayView type = comma < 0 ? content : content.first(comma);
    const QByteArrayView data = comma < 0 ? QByteArrayView() : content.sliced(comma + 1);
    const qsizetype dataAt = contentAt + comma + 2;

    const QString id = QString::fromLatin1(h.id.data(), h.id.size());
    ctx.uniqueId = id;

    if (type == QByteArrayView("LK")) {
        out.reply = reply(h, "LK");
        DecodedMessage &m = newMessage(out, MessageType::Heartbeat, id, ctx);
        const Values vs = values(data);
        int n = 0;
        if (vs.n >= 1 && parseInt(vs.v[0], n))
            m.position.attributes.set(kSteps, n);
        if (vs.n >= 3 && parseInt(vs.v[2], n))
            m.position.attributes.set(attr::batteryLevel, n);
        return;
    }
    const bool isAlarm = type.startsWith("AL");
    if (type.startsWith("UD") || isAlarm || type.startsWith("WT")) {
        if (decodePosition(data, dataAt, isAlarm, id, ctx, out) && isAlarm)
            out.reply = reply(h, "AL");
        return;
    }
    if (type == QByteArrayView("TKQ") || type == QByteArrayView("TKQ2")) {
        out.reply = reply(h, type);
        return;
    }
    if (type == QByteArrayView("INIT")) {
        out.reply = reply(h, "INIT,1");
        return;
    }
    if (type == QByteArrayView("TK")) {
        if (data.size() <= 1)
            return; // the watch acknowledging a message we sent
        out.reply = reply(h, "TK,1");
        DecodedMessage &m = newMessage(out, MessageType::Status, id, ctx);
        m.position.attributes.set(QStringLiteral("audioBytes"), static_cast<int>(data.size()));
        m.text = QStringLiteral("voice message (%1 bytes)").arg(data.size());
        return;
    }
    if (type == QByteArrayView("JXTK")) {
        out.reply = reply(h, "JXTKR,1");
        return;
    }
    decodeHealth(type, data, id, ctx, out);
    // Other types (configuration acks, photos, ...) are valid frames with nothing to store.
}

} // namespace fw
