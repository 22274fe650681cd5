#include "OsmAndDecoder.h"

#include "domain/Network.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QVarLengthArray>

#include <charconv>
#include <cmath>

namespace fw {

namespace {

constexpr qsizetype kMaxMethod = 16;
constexpr int kMaxParams = 128;

const QByteArray kReply200 = QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
const QByteArray kReply200Close
    = QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
const QByteArray kReply400
    = QByteArrayLiteral("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
const QByteArray kReply400Close = QByteArrayLiteral(
    "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

inline char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

bool ieq(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

bool icontains(QByteArrayView hay, QByteArrayView needle)
{
    for (qsizetype i = 0; i + needle.size() <= hay.size(); ++i) {
        if (ieq(hay.sliced(i, needle.size()), needle))
            return true;
    }
    return false;
}

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty()
        && (v.front() == ' ' || v.front() == '\t' || v.front() == '\r' || v.front() == '\n'))
        v = v.sliced(1);
    while (!v.isEmpty()
        && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r' || v.back() == '\n'))
        v.chop(1);
    return v;
}

// Index just past the blank line that ends the header block, or -1. Accepts CRLF and bare LF.
qsizetype headerEnd(QByteArrayView s, qsizetype limit)
{
    const qsizetype n = qMin(s.size(), limit);
    for (qsizetype i = 0; i < n; ++i) {
        if (s[i] != '\n')
            continue;
        qsizetype j = i + 1;
        if (j < n && s[j] == '\r')
            ++j;
        if (j < n && s[j] == '\n')
            return j + 1;
    }
    return -1;
}

// Calls f(name, value) for each header line between the request line and the blank line.
template <typename F> void forEachHeader(QByteArrayView head, F &&f)
{
    qsizetype pos = head.indexOf('\n');
    if (pos < 0)
        return;
    ++pos;
    while (pos < head.size()) {
        qsizetype end = head.indexOf('\n', pos);
        if (end < 0)
            end = head.size();
        const QByteArrayView line = trimmed(head.sliced(pos, end - pos));
        pos = end + 1;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        f(trimmed(line.first(colon)), trimmed(line.sliced(colon + 1)));
    }
}

bool parseLength(QByteArrayView v, qsizetype &out)
{
    if (v.isEmpty() || v.size() > 12)
        return false;
    qsizetype n = 0;
    for (const char c : v) {
        if (c < '0' || c > '9')
            return false;
        n = n * 10 + (c - '0');
    }
    out = n;
    return true;
}

bool parseDouble(QByteArrayView v, double &out)
{
    v = trimmed(v);
    if (!v.isEmpty() && v.front() == '+')
        v = v.sliced(1);
    if (v.isEmpty())
        return false;
    double d = 0;
    const auto r = std::from_chars(v.data(), v.data() + v.size(), d);
    if (r.ec != std::errc() || r.ptr != v.data() + v.size() || !std::isfinite(d))
        return false;
    out = d;
    return true;
}

bool parseInt64(QByteArrayView v, qint64 &out)
{
    if (!v.isEmpty() && v.front() == '+')
        v = v.sliced(1);
    if (v.isEmpty())
        return false;
    qint64 n = 0;
    const auto r = std::from_chars(v.data(), v.data() + v.size(), n);
    if (r.ec != std::errc() || r.ptr != v.data() + v.size())
        return false;
    out = n;
    return true;
}

int digits(QByteArrayView v, qsizetype pos, int count)
{
    if (pos < 0 || pos + count > v.size())
        return -1;
    int n = 0;
    for (int i = 0; i < count; ++i) {
        const char c = v[pos + i];
        if (c < '0' || c > '9')
            return -1;
        n = n * 10 + (c - '0');
    }
    return n;
}

// "YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|+HH:MM|+HHMM]" without allocating; kNoTime otherwise.
TimeMs parseIsoFast(QByteArrayView v)
{
    const int y = digits(v, 0, 4), mo = digits(v, 5, 2), d = digits(v, 8, 2);
    const int h = digits(v, 11, 2), mi = digits(v, 14, 2), s = digits(v, 17, 2);
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || v[4] != '-' || v[7] != '-'
        || (v[10] != 'T' && v[10] != ' ') || v[13] != ':' || v[16] != ':')
        return kNoTime;
    qsizetype p = 19;
    int ms = 0;
    if (p < v.size() && v[p] == '.') {
        ++p;
        int scale = 100, n = 0;
        while (p < v.size() && v[p] >= '0' && v[p] <= '9') {
            ms += (v[p] - '0') * scale;
            scale /= 10;
            ++p;
            ++n;
        }
        if (n == 0)
            return kNoTime;
    }
    qint64 offset = 0;
    if (p < v.size()) {
        const char z = v[p];
        if (z == 'Z' || z == 'z') {
            ++p;
        } else if (z == '+' || z == '-') {
            const int oh = digits(v, p + 1, 2);
            const bool colon = p + 3 < v.size() && v[p + 3] == ':';
            const int om = digits(v, p + (colon ? 4 : 3), 2);
            if (oh < 0 || om < 0 || oh > 23 || om > 59)
                return kNoTime;
            offset = (oh * kHour + om * kMinute) * (z == '+' ? 1 : -1);
            p += colon ? 6 : 5;
        }
    }
    if (p != v.size())
        return kNoTime;
    const TimeMs t = utcTime(y, mo, d, h, mi, s, ms);
    return t == kNoTime ? kNoTime : t - offset;
}

TimeMs parseTimestamp(QByteArrayView v)
{
    v = trimmed(v);
    if (v.isEmpty())
        return kNoTime;
    bool numeric = true;
    for (const char c : v) {
        if ((c < '0' || c > '9') && c != '.') {
            numeric = false;
            break;
        }
    }
    if (numeric) {
        double n = 0;
        if (!parseDouble(v, n) || n < 0 || n > 1e15)
            return kNoTime;
        // Seconds while they fit in a signed 32-bit integer, milliseconds above (as Traccar).
        return n < 2147483647.0 ? static_cast<TimeMs>(std::llround(n * 1000.0))
                                : static_cast<TimeMs>(std::llround(n));
    }
    const TimeMs t = parseIsoFast(v);
    if (t != kNoTime)
        return t;
    return parseIso(QString::fromLatin1(v));
}

bool parseBool(QByteArrayView v)
{
    return ieq(v, "true") || v == "1";
}

// Percent-decoding ('+' is a space) into a small stack buffer.
using Buf = QVarLengthArray<char, 128>;
void urlDecode(QByteArrayView in, Buf &out)
{
    out.clear();
    const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    };
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '+') {
            out.append(' ');
        } else if (c == '%' && i + 2 < in.size() && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
            out.append(static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2])));
            i += 2;
        } else {
            out.append(c);
        }
    }
}

QVariant typedValue(QByteArrayView v)
{
    qint64 n = 0;
    if (parseInt64(v, n))
        return n;
    double d = 0;
    if (parseDouble(v, d))
        return d;
    if (v == "true")
        return true;
    if (v == "false")
        return false;
    return QString::fromUtf8(v);
}

// What one request said, filled from query, form or JSON fields.
struct Fix
{
    QString id;
    TimeMs time = kNoTime;
    bool valid = true;
    bool hasLat = false;
    bool hasLon = false;
    double lat = 0;
    double lon = 0;
    double speedKph = 0;
    double course = 0;
    double altitude = 0;
    double accuracy = 0;
    Attributes attributes;
    QByteArray error; // first bad value
};

void badValue(Fix &fix, QByteArrayView key, QByteArrayView value)
{
    if (fix.error.isEmpty()) {
        fix.error = QByteArray("bad value for '") + key.first(qMin<qsizetype>(key.size(), 40))
            + "': '" + value.first(qMin<qsizetype>(value.size(), 40)) + '\'';
    }
}

void applyParam(Fix &fix, QByteArrayView key, QByteArrayView value)
{
    double d = 0;
    const auto number = [&](double &target) {
        if (parseDouble(value, d))
            target = d;
        else
            badValue(fix, key, value);
    };
    if (key == "id" || key == "deviceid") {
        const QByteArrayView id = trimmed(value);
        if (id.isEmpty() || id.size() > 64)
            badValue(fix, key, value);
        else
            fix.id = QString::fromUtf8(id);
    } else if (key == "timestamp") {
        fix.time = parseTimestamp(value);
        if (fix.time == kNoTime)
            badValue(fix, key, value);
    } else if (key == "lat") {
        number(fix.lat);
        fix.hasLat = true;
    } else if (key == "lon") {
        number(fix.lon);
        fix.hasLon = true;
    } else if (key == "location") {
        const qsizetype comma = value.indexOf(',');
        double la = 0, lo = 0;
        if (comma < 0 || !parseDouble(value.first(comma), la)
            || !parseDouble(value.sliced(comma + 1), lo)) {
            badValue(fix, key, value);
        } else {
            fix.lat = la;
            fix.lon = lo;
            fix.hasLat = fix.hasLon = true;
        }
    } else if (key == "valid") {
        fix.valid = parseBool(trimmed(value));
    } else if (key == "speed") {
        double knots = 0;
        number(knots);
        fix.speedKph = knots * kKnotsToKph;
    } else if (key == "bearing" || key == "heading") {
        number(fix.course);
    } else if (key == "altitude") {
        number(fix.altitude);
    } else if (key == "accuracy") {
        number(fix.accuracy);
    } else if (key == "hdop") {
        if (parseDouble(value, d))
            fix.attributes.set(attr::hdop, d);
        else
            badValue(fix, key, value);
    } else if (key == "batt") {
        if (parseDouble(value, d))
            fix.attributes.set(attr::batteryLevel, d);
        else
            badValue(fix, key, value);
    } else if (key == "charge") {
        fix.attributes.set(attr::charge, parseBool(trimmed(value)));
    } else if (key == "driverUniqueId") {
        fix.attributes.set(QStringLiteral("driverUniqueId"), QString::fromUtf8(value));
    } else if (key == "cell" || key == "wifi") {
        // Repeatable: cell=mcc,mnc,lac,cid[,signal] and wifi=mac,signal.
        Network network = Network::of(fix.attributes);
        const QString text = QString::fromLatin1(value);
        if (!(key == "cell" ? network.addCellText(text) : network.addWifiText(text)))
            return badValue(fix, key, value);
        network.storeIn(fix.attributes);
    } else if (!key.isEmpty()) {
        fix.attributes.set(QString::fromUtf8(key), typedValue(value));
    }
}

// Parses "a=1&b=2" (query string or form body). Returns false when there are too many fields.
bool parseForm(QByteArrayView form, Fix &fix)
{
    Buf key, value;
    int count = 0;
    qsizetype pos = 0;
    while (pos < form.size()) {
        qsizetype end = form.indexOf('&', pos);
        if (end < 0)
            end = form.size();
        const QByteArrayView pair = form.sliced(pos, end - pos);
        pos = end + 1;
        if (pair.isEmpty())
            continue;
        if (++count > kMaxParams)
            return false;
        const qsizetype eq = pair.indexOf('=');
        urlDecode(eq < 0 ? pair : pair.first(eq), key);
        urlDecode(eq < 0 ? QByteArrayView() : pair.sliced(eq + 1), value);
        applyParam(fix, QByteArrayView(key.constData(), key.size()),
            QByteArrayView(value.constData(), value.size()));
    }
    return true;
}

QVariant jsonToVariant(const QJsonValue &v)
{
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (std::floor(d) == d && std::fabs(d) < 9.0e15)
            return static_cast<qint64>(d);
        return d;
    }
    if (v.isBool())
        return v.toBool();
    if (v.isString())
        return v.toString();
    if (v.isNull() || v.isUndefined())
        return {};
    const QJsonDocument doc
        = v.isObject() ? QJsonDocument(v.toObject()) : QJsonDocument(v.toArray());
    return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
}

void applyJsonLocation(const QJsonObject &loc, Fix &fix)
{
    const QJsonValue ts = loc.value(QLatin1String("timestamp"));
    if (ts.isString()) {
        const QByteArray t = ts.toString().toLatin1();
        fix.time = parseTimestamp(t);
        if (fix.time == kNoTime)
            badValue(fix, "timestamp", t);
    } else if (ts.isDouble()) {
        fix.time = parseTimestamp(QByteArray::number(ts.toDouble(), 'f', 3));
    }
    const QJsonObject coords = loc.value(QLatin1String("coords")).toObject();
    const QJsonValue la = coords.value(QLatin1String("latitude"));
    const QJsonValue lo = coords.value(QLatin1String("longitude"));
    if (la.isDouble() && lo.isDouble()) {
        fix.lat = la.toDouble();
        fix.lon = lo.toDouble();
        fix.hasLat = fix.hasLon = true;
    } else if (!la.isUndefined() || !lo.isUndefined()) {
        badValue(fix, "coords", "latitude/longitude");
    }
    const double speed = coords.value(QLatin1String("speed")).toDouble(-1);
    if (speed >= 0)
        fix.speedKph = speed * 3.6; // metres per second
    const double heading = coords.value(QLatin1String("heading")).toDouble(-1);
    if (heading >= 0)
        fix.course = heading;
    fix.altitude = coords.value(QLatin1String("altitude")).toDouble(0);
    const double accuracy = coords.value(QLatin1String("accuracy")).toDouble(-1);
    if (accuracy > 0)
        fix.accuracy = accuracy;

    const QJsonValue moving = loc.value(QLatin1String("is_moving"));
    if (moving.isBool())
        fix.attributes.set(attr::motion, moving.toBool());
    const QJsonValue odometer = loc.value(QLatin1String("odometer"));
    if (odometer.isDouble())
        fix.attributes.set(attr::odometer, odometer.toDouble());
    const QJsonValue event = loc.value(QLatin1String("event"));
    if (event.isString())
        fix.attributes.set(attr::event, event.toString());
    const QJsonObject battery = loc.value(QLatin1String("battery")).toObject();
    const double level = battery.value(QLatin1String("level")).toDouble(-1);
    if (level >= 0)
        fix.attributes.set(attr::batteryLevel, std::round(level * 1000.0) / 10.0);
    const QJsonValue charging = battery.value(QLatin1String("is_charging"));
    if (charging.isBool())
        fix.attributes.set(attr::charge, charging.toBool());
    const QJsonValue activity
        = loc.value(QLatin1String("activity")).toObject().value(QLatin1String("type"));
    if (activity.isString())
        fix.attributes.set(QStringLiteral("activity"), activity.toString());
    const QJsonObject extras = loc.value(QLatin1String("extras")).toObject();
    int count = 0;
    for (auto it = extras.begin(); it != extras.end() && ++count <= kMaxParams; ++it) {
        const QVariant v = jsonToVariant(it.value());
        if (v.isValid())
            fix.attributes.set(it.key(), v);
    }
}

} // namespace

const ProtocolInfo &OsmAndDecoder::staticInfo()
{
    static const ProtocolInfo info { QStringLiteral("osmand"),
        QStringLiteral("OsmAnd / Traccar Client (HTTP)"), 5055, true, false, true, true,
        kMaxHeaderSize + kMaxBodySize };
    return info;
}

FrameCut OsmAndDecoder::cutFrame(QByteArrayView s) const
{
    if (s.isEmpty())
        return FrameCut::needMore();
    const char c0 = s[0];
    if (c0 == '\r' || c0 == '\n') { // blank lines between requests
        qsizetype n = 1;
        while (n < s.size() && (s[n] == '\r' || s[n] == '\n'))
            ++n;
        return FrameCut::garbage(n);
    }
    const auto skipLine = [&s]() {
        const qsizetype nl = s.indexOf('\n');
        return FrameCut::garbage(nl < 0 ? s.size() : nl + 1);
    };
    if (c0 == '/' || c0 == '?') { // bare request target (diagnostic input)
        const qsizetype limit = qMin(s.size(), kMaxHeaderSize);
        for (qsizetype i = 0; i < limit; ++i) {
            if (s[i] == '\r' || s[i] == '\n') {
                qsizetype n = i + 1;
                if (s[i] == '\r' && n < s.size() && s[n] == '\n')
                    ++n;
                return FrameCut::frame(n);
            }
        }
        return s.size() > kMaxHeaderSize ? FrameCut::garbage(kMaxHeaderSize)
                                         : FrameCut::frame(s.size());
    }
    // Request line starts with a method token: upper-case letters then a space.
    qsizetype i = 0;
    while (i < s.size() && i <= kMaxMethod && s[i] >= 'A' && s[i] <= 'Z')
        ++i;
    if (i == s.size())
        return i > kMaxMethod ? skipLine() : FrameCut::needMore();
    if (i == 0 || i > kMaxMethod || s[i] != ' ')
        return skipLine();

    const qsizetype end = headerEnd(s, kMaxHeaderSize);
    if (end < 0)
        return s.size() >= kMaxHeaderSize ? FrameCut::garbage(kMaxHeaderSize)
                                          : FrameCut::needMore();
    qsizetype length = 0;
    bool badLength = false, chunked = false;
    forEachHeader(s.first(end), [&](QByteArrayView name, QByteArrayView value) {
        if (ieq(name, "content-length")) {
            qsizetype n = 0;
            if (!parseLength(value, n) || (length != 0 && n != length))
                badLength = true;
            else
                length = n;
        } else if (ieq(name, "transfer-encoding") && !ieq(value, "identity")) {
            chunked = true;
        }
    });
    if (chunked)
        return FrameCut::frame(end); // decode refuses it and closes the connection
    if (badLength || length > kMaxBodySize)
        return FrameCut::garbage(end);
    if (s.size() < end + length)
        return FrameCut::needMore();
    return FrameCut::frame(end + length);
}

void OsmAndDecoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    bool close = false;
    const auto fail = [&](const QByteArray &what, qsizetype at, bool forceClose = false) {
        close = close || forceClose;
        out.reply = close ? kReply400Close : kReply400;
        out.closeConnection = close;
        out.error = QStringLiteral("osmand: ") + QString::fromUtf8(what)
            + (at >= 0 ? QStringLiteral(" at byte ") + QString::number(at) : QString());
    };
    if (frame.isEmpty())
        return fail("empty request", 0);

    QByteArrayView target, body, contentType;
    if (frame[0] == '/' || frame[0] == '?') {
        target = trimmed(frame);
    } else {
        const qsizetype lineEnd = frame.indexOf('\n');
        const QByteArrayView line = trimmed(lineEnd < 0 ? frame : frame.first(lineEnd));
        const qsizetype sp1 = line.indexOf(' ');
        const qsizetype sp2 = sp1 < 0 ? -1 : line.lastIndexOf(' ');
        if (sp1 <= 0 || sp2 <= sp1)
            return fail("malformed request line", 0, true);
        const QByteArrayView method = line.first(sp1);
        const QByteArrayView version = line.sliced(sp2 + 1);
        target = trimmed(line.sliced(sp1 + 1, sp2 - sp1 - 1));
        if (version == "HTTP/1.0")
            close = true;
        else if (version != "HTTP/1.1")
            return fail("unsupported HTTP version '"
                    + version.first(qMin<qsizetype>(version.size(), 16)).toByteArray() + '\'',
                sp2 + 1, true);
        const qsizetype end = headerEnd(frame, kMaxHeaderSize);
        if (end < 0)
            return fail("truncated header block", frame.size(), true);
        qsizetype length = 0;
        bool chunked = false, badLength = false;
        forEachHeader(frame.first(end), [&](QByteArrayView name, QByteArrayView value) {
            if (ieq(name, "content-length"))
                badLength = !parseLength(value, length) || badLength;
            else if (ieq(name, "transfer-encoding") && !ieq(value, "identity"))
                chunked = true;
            else if (ieq(name, "connection") && icontains(value, "close"))
                close = true;
            else if (ieq(name, "content-type"))
                contentType = value;
        });
        if (chunked)
            return fail("chunked request bodies are not supported", end, true);
        if (badLength || length > kMaxBodySize)
            return fail("bad Content-Length", end, true);
        if (frame.size() - end < length)
            return fail("truncated body (" + QByteArray::number(frame.size() - end) + " of "
                    + QByteArray::number(length) + " bytes)",
                frame.size(), true);
        body = frame.sliced(end, length);
        if (method != "GET" && method != "POST" && method != "PUT")
            return fail("unsupported method '" + method.toByteArray() + '\'', 0);
    }

    Fix fix;
    QList<Fix> fixes; // JSON bodies may carry a batch of locations
    const qsizetype q = target.indexOf('?');
    if (q >= 0) {
        QByteArrayView query = target.sliced(q + 1);
        const qsizetype hash = query.indexOf('#');
        if (hash >= 0)
            query = query.first(hash);
        if (!parseForm(query, fix))
            return fail("too many parameters", q);
    }
    const QByteArrayView trimmedBody = trimmed(body);
    if (!trimmedBody.isEmpty()) {
        if (trimmedBody.front() == '{' || icontains(contentType, "json")) {
            QJsonParseError err;
            const QJsonDocument doc = QJsonDocument::fromJson(trimmedBody.toByteArray(), &err);
            if (err.error != QJsonParseError::NoError || !doc.isObject())
                return fail("bad JSON body (" + err.errorString().toUtf8() + ')',
                    frame.size() - body.size() + err.offset);
            const QJsonObject root = doc.object();
            const QJsonValue id = root.value(QLatin1String("device_id"));
            if (id.isString() && !id.toString().isEmpty())
                fix.id = id.toString().left(64);
            else if (id.isDouble())
                fix.id = QString::number(static_cast<qint64>(id.toDouble()));
            const QJsonValue loc = root.value(QLatin1String("location"));
            if (loc.isArray()) {
                const QJsonArray list = loc.toArray();
                for (qsizetype i = 0; i < list.size() && i < kMaxParams; ++i) {
                    Fix item;
                    item.id = fix.id;
                    applyJsonLocation(list.at(i).toObject(), item);
                    fixes.append(item);
                }
            } else if (loc.isObject()) {
                applyJsonLocation(loc.toObject(), fix);
            }
        } else if (!parseForm(trimmedBody, fix)) {
            return fail("too many parameters", frame.size() - body.size());
        }
    }
    if (fixes.isEmpty())
        fixes.append(fix);

    for (const Fix &f : std::as_const(fixes)) {
        if (!f.error.isEmpty())
            return fail(f.error, -1);
        if (f.id.isEmpty())
            return fail("request has no device id (id or deviceid parameter)", -1);
        if (f.hasLat != f.hasLon)
            return fail(f.hasLat ? "lat without lon" : "lon without lat", -1);
        if (f.hasLat && (f.lat < -90 || f.lat > 90 || f.lon < -180 || f.lon > 180))
            return fail("coordinates out of range (" + QByteArray::number(f.lat) + ", "
                    + QByteArray::number(f.lon) + ')',
                -1);
    }

    for (const Fix &f : std::as_const(fixes)) {
        DecodedMessage m;
        m.hasLocation = f.hasLat && f.hasLon;
        Position &p = m.position;
        p.uniqueId = f.id;
        p.protocol = staticInfo().name;
        p.deviceTime = f.time != kNoTime ? f.time : ctx.now;
        p.valid = f.valid && m.hasLocation;
        p.latitude = f.lat;
        p.longitude = f.lon;
        p.speedKph = f.speedKph;
        p.course = f.course;
        p.altitude = f.altitude;
        p.accuracy = f.accuracy;
        p.attributes = f.attributes;
        if (p.attributes.contains(attr::alarm)) {
            m.type = MessageType::Event;
            m.text = QStringLiteral("alarm ") + p.attributes.value(attr::alarm).toString();
        }
        out.messages.append(std::move(m));
    }
    ctx.uniqueId = fixes.constLast().id;
    out.reply = close ? kReply200Close : kReply200;
    out.closeConnection = close;
    out.replyAcknowledgesData = true;
}

} // namespace fw
