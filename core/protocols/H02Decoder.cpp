#include "H02Decoder.h"

#include "ByteReader.h"
#include "domain/Network.h"

#include <QVarLengthArray>

namespace fw {

namespace {

const QString kProtocol = QStringLiteral("h02");
const QString kBatteryLevel = QStringLiteral("batteryLevel");
const QString kSat = QStringLiteral("sat");
const QString kSteps = QStringLiteral("steps");
const QString kTemp1 = QStringLiteral("temp1");
const QString kFuel = QStringLiteral("fuel");

constexpr qsizetype kShortBinary = 32;
constexpr qsizetype kMaxBinary = 64;

using Tokens = QVarLengthArray<QByteArrayView, 48>;

inline quint8 at(QByteArrayView v, qsizetype i)
{
    return static_cast<quint8>(v[i]);
}

inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

inline bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\r' || v.front() == '\n'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\r' || v.back() == '\n'))
        v.chop(1);
    return v;
}

bool allDigits(QByteArrayView v)
{
    if (v.isEmpty())
        return false;
    for (char c : v) {
        if (!isDigit(c))
            return false;
    }
    return true;
}

bool allHex(QByteArrayView v)
{
    if (v.isEmpty())
        return false;
    for (char c : v) {
        if (!isHex(c))
            return false;
    }
    return true;
}

// Unsigned decimal; -1 when empty, not a number or absurdly long.
qint64 parseUInt(QByteArrayView v)
{
    if (v.isEmpty() || v.size() > 18)
        return -1;
    qint64 r = 0;
    for (char c : v) {
        if (!isDigit(c))
            return -1;
        r = r * 10 + (c - '0');
    }
    return r;
}

qint64 parseHex(QByteArrayView v)
{
    if (v.isEmpty() || v.size() > 15)
        return -1;
    qint64 r = 0;
    for (char c : v) {
        int d;
        if (isDigit(c))
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        r = r * 16 + d;
    }
    return r;
}

// "123.45", "-7", "0.5"; false when not a plain decimal number.
bool parseDecimal(QByteArrayView v, double &out)
{
    v = trimmed(v);
    if (v.isEmpty() || v.size() > 24)
        return false;
    bool negative = false;
    if (v.front() == '-') {
        negative = true;
        v = v.sliced(1);
    }
    double value = 0;
    double scale = 0;
    bool any = false;
    for (char c : v) {
        if (c == '.') {
            if (scale != 0)
                return false;
            scale = 1;
        } else if (isDigit(c)) {
            any = true;
            if (scale != 0) {
                scale /= 10;
                value += (c - '0') * scale;
            } else {
                value = value * 10 + (c - '0');
            }
        } else {
            return false;
        }
    }
    if (!any)
        return false;
    out = negative ? -value : value;
    return true;
}

// Degrees from "DDMM.MMMM" (any number of degree digits), "-DD-MM.MMMM" or "DDDMMMMMM".
bool parseCoordinate(QByteArrayView v, QByteArrayView hemisphere, double &out)
{
    if (hemisphere.size() != 1)
        return false;
    const char h = hemisphere.front();
    if (h != 'N' && h != 'S' && h != 'E' && h != 'W')
        return false;
    double degrees = 0;
    double minutes = 0;
    if (!v.isEmpty() && v.front() == '-') {
        const qsizetype dash = v.indexOf('-', 1);
        if (dash < 0)
            return false;
        const qint64 d = parseUInt(v.sliced(1, dash - 1));
        if (d < 0 || !parseDecimal(v.sliced(dash + 1), minutes))
            return false;
        degrees = double(d);
    } else if (v.contains('.')) {
        const qsizetype dot = v.indexOf('.');
        if (dot < 1 || dot > 5)
            return false;
        const qint64 whole = parseUInt(v.first(dot));
        double frac = 0;
        if (whole < 0 || !parseDecimal(v.sliced(dot), frac))
            return false;
        degrees = double(whole / 100);
        minutes = double(whole % 100) + frac;
    } else {
        const qint64 whole = parseUInt(v);
        if (whole < 0 || v.size() < 7)
            return false;
        degrees = double(whole / 1000000);
        minutes = double(whole % 1000000) / 10000.0;
    }
    if (minutes >= 60.0)
        return false;
    double value = degrees + minutes / 60.0;
    if (h == 'S' || h == 'W')
        value = -value;
    out = value;
    return true;
}

// "hhmmss" + "ddmmyy" -> time; date missing -> server time; time missing -> midnight.
TimeMs makeTime(QByteArrayView hms, QByteArrayView dmy, TimeMs now)
{
    if (dmy.size() != 6 || !allDigits(dmy))
        return now;
    int h = 0, mi = 0, s = 0;
    if (hms.size() == 6 && allDigits(hms)) {
        h = (hms[0] - '0') * 10 + (hms[1] - '0');
        mi = (hms[2] - '0') * 10 + (hms[3] - '0');
        s = (hms[4] - '0') * 10 + (hms[5] - '0');
    }
    const int d = (dmy[0] - '0') * 10 + (dmy[1] - '0');
    const int mo = (dmy[2] - '0') * 10 + (dmy[3] - '0');
    const int y = (dmy[4] - '0') * 10 + (dmy[5] - '0');
    return utcTime(2000 + y, mo, d, h, mi, s);
}

// "*XX,ID,V4,TYPE,yyyyMMddHHmmss#" built without QDateTime (it is on the hot path of V1).
QByteArray ackReply(QByteArrayView manufacturer, QByteArrayView id, const char *type, TimeMs now)
{
    const qint64 t = now == kNoTime || now < 0 ? 0 : now / 1000;
    qint64 z = t / 86400 + 719468; // civil-from-days (Howard Hinnant)
    const qint64 secs = t % 86400;
    const qint64 era = z / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const int day = int(doy - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const int year = int(yoe + era * 400 + (month <= 2 ? 1 : 0));
    char stamp[14];
    const int fields[6]
        = { year / 100, year % 100, month, day, int(secs / 3600), int(secs / 60 % 60) };
    for (int i = 0; i < 6; ++i) {
        stamp[2 * i] = char('0' + fields[i] / 10 % 10);
        stamp[2 * i + 1] = char('0' + fields[i] % 10);
    }
    stamp[12] = char('0' + secs % 60 / 10);
    stamp[13] = char('0' + secs % 10);
    QByteArray r;
    r.reserve(32 + id.size());
    r.append('*').append(manufacturer).append(',').append(id).append(",V4,").append(type);
    r.append(',').append(stamp, 14).append('#');
    return r;
}

// Status word: active-low alarm bits, ignition.
void processStatus(Attributes &a, quint32 status)
{
    if (!(status & (1u << 0)))
        a.set(attr::alarm, alarm::vibration);
    else if (!(status & (1u << 1)) || !(status & (1u << 18)))
        a.set(attr::alarm, alarm::sos);
    else if (!(status & (1u << 2)))
        a.set(attr::alarm, alarm::overspeed);
    else if (!(status & (1u << 19)))
        a.set(attr::alarm, alarm::powerCut);
    a.set(attr::ignition, (status & (1u << 10)) != 0);
    a.set(attr::status, qint64(status));
}

int decodeBattery(int value)
{
    if (value == 0)
        return -1;
    if (value <= 3)
        return (value - 1) * 10;
    if (value <= 6)
        return (value - 1) * 20;
    if (value <= 100)
        return value;
    if (value >= 0xF1 && value <= 0xF6)
        return value - 0xF0;
    return -1;
}

DecodedMessage &addMessage(DecodeResult &out, const DecodeContext &ctx, MessageType type)
{
    out.messages.emplaceBack();
    DecodedMessage &m = out.messages.last();
    m.type = type;
    m.position.uniqueId = ctx.uniqueId;
    m.position.protocol = kProtocol;
    m.position.serverTime = ctx.now;
    return m;
}

void finishAlarm(DecodedMessage &m)
{
    const QVariant v = m.position.attributes.value(attr::alarm);
    if (v.isValid()) {
        m.type = MessageType::Event;
        m.text = QStringLiteral("alarm: ") + v.toString();
    }
}

bool isFrameStart(QByteArrayView s, qsizetype i)
{
    const char c = s[i];
    if (c == '*')
        return i + 3 >= s.size() || s[i + 3] == ',';
    if (c == '$')
        return i + 1 >= s.size() || bcd(at(s, i + 1)) >= 0;
    return false;
}

} // namespace

const ProtocolInfo &H02Decoder::staticInfo()
{
    static const ProtocolInfo info { QStringLiteral("h02"), QStringLiteral("H02"), 5013, true, true,
        false, true, 1024 };
    return info;
}

FrameCut H02Decoder::cutFrame(QByteArrayView s) const
{
    const qsizetype n = s.size();
    if (n == 0)
        return FrameCut::needMore();
    const char c = s[0];
    if (c == '\r' || c == '\n' || c == ' ') {
        qsizetype i = 1;
        while (i < n && (s[i] == '\r' || s[i] == '\n' || s[i] == ' '))
            ++i;
        return FrameCut::skip(i); // the line end some devices send after each frame
    }
    if (c != '*' && c != '$' && c != 'X') {
        qsizetype i = 1;
        while (i < n && s[i] != '*' && s[i] != '$' && s[i] != 'X')
            ++i;
        return FrameCut::garbage(i);
    }
    const qsizetype maxSize = staticInfo().maxFrameSize;
    if (c == '*') {
        const qsizetype limit = qMin(n, maxSize);
        for (qsizetype i = 1; i < limit; ++i) {
            if (s[i] == '#')
                return FrameCut::frame(i + 1);
            if (s[i] == '*' || s[i] == '$')
                return FrameCut::garbage(i); // a new frame starts before this one ended
        }
        return n >= maxSize ? FrameCut::garbage(1) : FrameCut::needMore();
    }
    if (c == 'X')
        return n >= kShortBinary ? FrameCut::frame(kShortBinary) : FrameCut::needMore();
    // '$' binary: 32 bytes for most devices, longer (42..64) for some; no terminator, so the
    // frame ends where the next one starts or where the buffer ends.
    if (n < kShortBinary)
        return FrameCut::needMore();
    const qsizetype limit = qMin(n, kMaxBinary + 1);
    for (qsizetype i = kShortBinary; i < limit; ++i) {
        if (isFrameStart(s, i) && (i + 1 < n))
            return FrameCut::frame(i);
    }
    if (n > kMaxBinary)
        return FrameCut::frame(kShortBinary);
    return FrameCut::frame(n);
}

void H02Decoder::decode(QByteArrayView f, DecodeContext &ctx, DecodeResult &out) const
{
    if (f.isEmpty()) {
        out.error = QStringLiteral("h02: empty frame");
        return;
    }
    if (f.size() > staticInfo().maxFrameSize) {
        out.error = QStringLiteral("h02: frame of %1 bytes exceeds %2")
                        .arg(f.size())
                        .arg(staticInfo().maxFrameSize);
        return;
    }
    switch (f[0]) {
    case '*':
        decodeText(f, ctx, out);
        return;
    case '$':
        decodeBinary(f, ctx, out);
        return;
    case 'X':
        return; // network-only report of some clones: nothing we keep
    default:
        out.error = QStringLiteral("h02: unknown frame marker 0x%1 at byte 0")
                        .arg(at(f, 0), 2, 16, QLatin1Char('0'));
    }
}

void H02Decoder::decodeText(QByteArrayView f, DecodeContext &ctx, DecodeResult &out) const
{
    QByteArrayView s = trimmed(f);
    if (s.size() < 2 || s.back() != '#') {
        out.error
            = QStringLiteral("h02: text frame does not end with '#' at byte %1").arg(f.size());
        return;
    }
    s = s.sliced(1, s.size() - 2);
    Tokens tok;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == ',') {
            if (tok.size() == 48)
                break;
            tok.append(s.sliced(start, i - start));
            start = i + 1;
        }
    }
    if (tok.size() < 3 || tok[0].size() != 2) {
        if (tok.size() == 2)
            return; // "*HQ,ID#": nothing but the id
        out.error = QStringLiteral("h02: text frame without manufacturer, id and type");
        return;
    }
    const QByteArrayView id = tok[1];
    if (!id.isEmpty()) {
        if (!allDigits(id) || id.size() > 20) {
            out.error = QStringLiteral("h02: bad device id at byte 4");
            return;
        }
        ctx.uniqueId = QString::fromLatin1(id);
    }
    const QByteArrayView type = tok[2];

    if (type == "V0" || type == "HTBT") {
        out.reply = f.first(type.data() + type.size() - f.data()).toByteArray() + '#';
        DecodedMessage &m = addMessage(out, ctx, MessageType::Heartbeat);
        if (tok.size() > 3) {
            const qint64 level = parseUInt(tok[3]);
            if (level >= 0 && level <= 100)
                m.position.attributes.set(kBatteryLevel, int(level));
        }
        return;
    }
    if (type == "SMS") {
        const QByteArrayView text
            = s.sliced(type.data() + type.size() - s.data() + (tok.size() > 3 ? 1 : 0));
        DecodedMessage &m = addMessage(out, ctx, MessageType::CommandResult);
        m.text = QString::fromLatin1(text);
        m.position.attributes.set(attr::result, m.text);
        return;
    }
    if (type == "NBR" || type == "LINK" || type == "V3") {
        // Cell tower / link reports: time, status, a few counters; no coordinates.
        QByteArrayView date, status;
        DecodedMessage &m = addMessage(out, ctx, MessageType::Status);
        Attributes &a = m.position.attributes;
        if (type == "NBR") {
            const qint64 count = tok.size() > 7 ? parseUInt(tok[7]) : -1;
            if (count >= 0 && 9 + 3 * count < tok.size()) {
                date = tok[8 + 3 * count];
                status = tok[9 + 3 * count];
                // mcc, mnc, timing advance, count, (lac, cell id, signal) per cell
                Network network;
                const qint64 mcc = parseUInt(tok[4]), mnc = parseUInt(tok[5]);
                for (qint64 k = 0; k < count && mcc >= 0 && mnc >= 0; ++k) {
                    const qint64 lac = parseUInt(tok[8 + 3 * k]), cid = parseUInt(tok[9 + 3 * k]);
                    if (lac >= 0 && cid >= 0)
                        network.addCell(int(mcc), int(mnc), lac, cid,
                                        tok[10 + 3 * k].toByteArray().toInt());
                }
                if (!network.isEmpty()) {
                    // Cells and no fix: the fleet keeps the last fix, marked outdated.
                    network.radioType = QStringLiteral("gsm");
                    network.storeIn(a);
                    m.type = MessageType::Position;
                }
            }
            if (!id.isEmpty())
                out.reply = ackReply(tok[0], id, "NBR", ctx.now);
        } else if (type == "LINK") {
            if (tok.size() > 10) {
                a.set(attr::rssi, int(parseUInt(tok[4])));
                a.set(kSat, int(parseUInt(tok[5])));
                a.set(kBatteryLevel, int(parseUInt(tok[6])));
                a.set(kSteps, int(parseUInt(tok[7])));
                date = tok[9];
                status = tok[10];
            }
        } else {
            for (qsizetype i = 6; i + 2 < tok.size(); ++i) {
                if (tok[i] == "X") {
                    a.set(attr::battery, int(parseHex(tok[i - 2])));
                    date = tok[i + 1];
                    status = tok[i + 2];
                    break;
                }
            }
        }
        m.position.deviceTime = makeTime(tok.size() > 3 ? tok[3] : QByteArrayView(), date, kNoTime);
        if (status.size() == 8 && allHex(status))
            processStatus(a, quint32(parseHex(status)));
        finishAlarm(m);
        return;
    }
    if (type == "VP1") {
        if (tok.size() > 3 && tok[3] != "V" && tok.size() >= 11) {
            DecodedMessage &m = addMessage(out, ctx, MessageType::Position);
            Position &p = m.position;
            double speed = 0, course = 0;
            if (!parseCoordinate(tok[4], tok[5], p.latitude)
                || !parseCoordinate(tok[6], tok[7], p.longitude) || !parseDecimal(tok[8], speed)
                || !parseDecimal(tok[9], course)) {
                out.messages.clear();
                out.error = QStringLiteral("h02: bad VP1 position");
                return;
            }
            p.valid = true;
            p.speedKph = speed * kKnotsToKph;
            p.course = course;
            p.deviceTime = makeTime(QByteArrayView(), tok[10], ctx.now);
            m.hasLocation = true;
        } else {
            addMessage(out, ctx, MessageType::Status).text = QStringLiteral("cell report");
        }
        return;
    }

    // Position report: [V4,<result...>,]time,validity,lat,NS,lon,EW,speed,course,[battery,]date,
    // [sim info x3,]status[,extras].
    qsizetype i = 3;
    QString result;
    if (type == "V4") {
        i = -1;
        for (qsizetype k = 4; k + 5 < tok.size(); ++k) {
            if (tok[k + 3].size() == 1 && (tok[k + 3] == "N" || tok[k + 3] == "S")
                && (tok[k + 5] == "E" || tok[k + 5] == "W")) {
                i = k;
                break;
            }
        }
        if (i < 0) {
            // Plain command reply without a position.
            DecodedMessage &m = addMessage(out, ctx, MessageType::CommandResult);
            m.text = QString::fromLatin1(s.sliced(type.data() + type.size() - s.data()));
            if (m.text.startsWith(u','))
                m.text.remove(0, 1);
            m.position.attributes.set(attr::result, m.text);
            return;
        }
        result = QString::fromLatin1(s.sliced(
            tok[3].data() - s.data(), tok[i - 1].data() + tok[i - 1].size() - tok[3].data()));
    }
    if (type.isEmpty() || type.front() != 'V' || i + 7 >= tok.size())
        return; // a frame we do not use (BS, BASE, XT, ...): accepted, nothing to report

    if (type == "V1" && !id.isEmpty())
        out.reply = ackReply(tok[0], id, "V1", ctx.now);

    const QByteArrayView time = tok[i], validity = tok[i + 1];
    if (tok[i + 2].isEmpty() || tok[i + 4].isEmpty() || tok[i + 3] == "0" || tok[i + 5] == "0")
        return; // no fix yet (empty or zero coordinates)

    DecodedMessage &m = addMessage(out, ctx, MessageType::Position);
    Position &p = m.position;
    if (!parseCoordinate(tok[i + 2], tok[i + 3], p.latitude)
        || !parseCoordinate(tok[i + 4], tok[i + 5], p.longitude)) {
        out.messages.clear();
        out.error
            = QStringLiteral("h02: bad coordinates in %1 report").arg(QString::fromLatin1(type));
        return;
    }
    if (validity == "A")
        p.valid = true;
    else if (allDigits(validity))
        p.valid = true; // coding scheme instead of a validity letter
    double speed = 0, course = 0;
    if (!parseDecimal(tok[i + 6], speed)) {
        out.messages.clear();
        out.error = QStringLiteral("h02: bad speed in %1 report").arg(QString::fromLatin1(type));
        return;
    }
    parseDecimal(tok[i + 7], course);
    p.speedKph = speed * kKnotsToKph;
    p.course = course;

    qsizetype j = i + 8;
    QByteArrayView date;
    if (j < tok.size() && tok[j].size() == 6 && allDigits(tok[j])) {
        date = tok[j];
    } else if (j + 1 < tok.size() && allDigits(tok[j]) && tok[j].size() < 6
        && tok[j + 1].size() == 6 && allDigits(tok[j + 1])) {
        date = tok[++j]; // battery before the date
    } else if (j < tok.size() && !tok[j].isEmpty()) {
        out.messages.clear();
        out.error = QStringLiteral("h02: bad date in %1 report").arg(QString::fromLatin1(type));
        return;
    }
    p.deviceTime = makeTime(time, date, ctx.now);
    if (p.deviceTime == kNoTime) {
        out.messages.clear();
        out.error
            = QStringLiteral("h02: bad date/time in %1 report").arg(QString::fromLatin1(type));
        return;
    }
    qsizetype k = j + 1;
    if (k < tok.size() && !(tok[k].size() == 8 && allHex(tok[k])) && k + 3 < tok.size()
        && tok[k + 3].size() == 8 && allHex(tok[k + 3]))
        k += 3; // sim info
    if (k < tok.size() && tok[k].size() == 8 && allHex(tok[k])) {
        processStatus(p.attributes, quint32(parseHex(tok[k])));
        // odometer, temperature, fuel, altitude, lac, cid
        if (tok.size() == k + 7) {
            double fuel = 0, altitude = 0;
            const qint64 odometer = parseUInt(tok[k + 1]);
            double temp = 0;
            if (odometer >= 0 && parseDecimal(tok[k + 2], temp) && tok[k + 3].contains('.')
                && parseDecimal(tok[k + 3], fuel) && parseDecimal(tok[k + 4], altitude)) {
                p.attributes.set(attr::odometer, odometer);
                p.attributes.set(kTemp1, int(temp));
                p.attributes.set(kFuel, fuel);
                p.altitude = altitude;
            }
        }
    }
    if (!result.isEmpty())
        p.attributes.set(attr::result, result);
    m.hasLocation = true;
    finishAlarm(m);
}

void H02Decoder::decodeBinary(QByteArrayView f, DecodeContext &ctx, DecodeResult &out) const
{
    const bool longId = f.size() == 42;
    const qsizetype idBytes = longId ? 8 : 5;
    const qsizetype o = 1 + idBytes + 6;
    if (f.size() < o + 17) {
        out.error = QStringLiteral("h02: binary frame too short (%1 bytes, need %2)")
                        .arg(f.size())
                        .arg(o + 17);
        return;
    }
    // Every field up to the status word is BCD; the flags nibble and status are not.
    const qsizetype bcdEnd = o + 13;
    for (qsizetype i = 1; i < bcdEnd; ++i) {
        if (i == o + 4 || i == o + 9 || i == o + 11)
            continue; // battery byte, flags nibble, course hundreds nibble
        if (bcd(at(f, i)) < 0 && !(longId && i <= idBytes)) {
            out.error = QStringLiteral("h02: bad BCD digit at byte %1").arg(i);
            return;
        }
    }
    char idText[16];
    for (qsizetype i = 0; i < idBytes && 2 * i + 1 < 16; ++i) {
        static const char digits[] = "0123456789abcdef";
        idText[2 * i] = digits[at(f, 1 + i) >> 4];
        idText[2 * i + 1] = digits[at(f, 1 + i) & 0x0f];
    }
    ctx.uniqueId = QString::fromLatin1(idText, longId ? 15 : 10);

    auto nib = [&f, o](qsizetype index) { // nibble `index` counted from f[o]
        return int(index % 2 == 0 ? at(f, o + index / 2) >> 4 : at(f, o + index / 2) & 0x0f);
    };
    const qsizetype t = 1 + idBytes;
    const int hh = bcd(at(f, t)), mi = bcd(at(f, t + 1)), ss = bcd(at(f, t + 2));
    const int dd = bcd(at(f, t + 3)), mo = bcd(at(f, t + 4)), yy = bcd(at(f, t + 5));

    DecodedMessage &m = addMessage(out, ctx, MessageType::Position);
    Position &p = m.position;
    p.deviceTime = utcTime(2000 + yy, mo, dd, hh, mi, ss);
    double lat = bcd(at(f, o))
        + (nib(2) * 100000 + nib(3) * 10000 + nib(4) * 1000 + nib(5) * 100 + nib(6) * 10 + nib(7))
            / 10000.0 / 60.0;
    const int battery = decodeBattery(at(f, o + 4));
    if (battery >= 0)
        p.attributes.set(kBatteryLevel, battery);
    double lon = nib(10) * 100 + nib(11) * 10 + nib(12)
        + (nib(13) * 100000 + nib(14) * 10000 + nib(15) * 1000 + nib(16) * 100 + nib(17) * 10
              + nib(18))
            / 10000.0 / 60.0;
    const int flags = nib(19);
    p.valid = (flags & 0x02) != 0;
    p.latitude = (flags & 0x04) ? lat : -lat;
    p.longitude = (flags & 0x08) ? lon : -lon;
    p.speedKph = (nib(20) * 100 + nib(21) * 10 + nib(22)) * kKnotsToKph;
    p.course = nib(23) * 100 + nib(24) * 10 + nib(25);
    ByteReader r(f.sliced(o + 13));
    processStatus(p.attributes, r.u32());
    if (p.deviceTime == kNoTime) {
        out.messages.clear();
        out.error = QStringLiteral("h02: bad date/time in binary frame at byte %1").arg(t);
        return;
    }
    m.hasLocation = true;
    finishAlarm(m);
}

} // namespace fw
