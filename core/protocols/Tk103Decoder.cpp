#include "Tk103Decoder.h"

#include "Tk103Bms.h"
#include "domain/Network.h"

#include <QDate>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QStringList>

Q_LOGGING_CATEGORY(lcTk103, "fleetwatch.protocols.tk103", QtWarningMsg)

namespace fw {

namespace {

const QString kName = QStringLiteral("tk103");

bool isUpper(QChar c)
{
    return c >= u'A' && c <= u'Z';
}

bool isCommandChar(QChar c)
{
    return isUpper(c) || (c >= u'0' && c <= u'9');
}

void setError(DecodeResult &out, const QString &what)
{
    out.error = QStringLiteral("tk103: ") + what;
}

DecodedMessage &newMessage(DecodeResult &out, MessageType type, const QString &id,
                           const DecodeContext &ctx)
{
    DecodedMessage &m = out.messages.emplaceBack();
    m.type = type;
    m.position.uniqueId = id;
    m.position.protocol = kName;
    m.position.serverTime = ctx.now;
    return m;
}

// A date whose month or day may be out of range (some firmwares count on the server to roll
// it over, as a lenient calendar does): Y-01-01 plus (month - 1) months plus (day - 1) days.
TimeMs lenientTime(int year, int month, int day, int h, int m, int s)
{
    const QDate date = QDate(year, 1, 1).addMonths(month - 1).addDays(day - 1);
    if (!date.isValid() || h > 23 || m > 59 || s > 59)
        return kNoTime;
    return QDateTime(date, QTime(h, m, s), Qt::UTC).toMSecsSinceEpoch();
}

// "(d+)(dd.d+)" degrees and minutes.
double degrees(const QString &deg, const QString &min, const QString &hemisphere)
{
    const double v = deg.toInt() + min.toDouble() / 60.0;
    return hemisphere == u"S" || hemisphere == u"W" ? -v : v;
}

struct Header
{
    QString id;
    QString command;
    QString rest; // everything after the command
    bool commaForm = false;
};

// "(ID,CMD,..." or "(IDCMD...": the id is the text before the first comma when a four-character
// command follows it; otherwise 12 characters, or the text before the first "XY.." command
// after the eighth character (11- and 15-digit ids).
bool parseHeader(const QString &body, Header &h)
{
    const qsizetype comma = body.indexOf(u',');
    const qsizetype after = comma + 5;
    if (comma > 0 && after <= body.size() && (after == body.size() || body[after] == u',')) {
        const QString cmd = body.mid(comma + 1, 4);
        if (std::all_of(cmd.begin(), cmd.end(), isCommandChar) && isUpper(cmd[0])) {
            h.id = body.left(comma);
            h.command = cmd;
            h.rest = body.mid(comma + 5);
            h.commaForm = true;
            return true;
        }
    }
    auto commandAt = [&](qsizetype k) {
        return k + 4 <= body.size() && isUpper(body[k]) && isUpper(body[k + 1])
            && isCommandChar(body[k + 2]) && isCommandChar(body[k + 3]);
    };
    qsizetype at = -1;
    if (commandAt(12)) {
        at = 12;
    } else {
        for (qsizetype k = 8; k < qMin<qsizetype>(body.size(), 21); ++k) {
            if (commandAt(k)) {
                at = k;
                break;
            }
        }
    }
    if (at < 0)
        return false;
    h.id = body.left(at);
    h.command = body.mid(at, 4);
    h.rest = body.mid(at + 4);
    return true;
}

QString alarmOfType(const QString &type, const QString &data)
{
    if (type == u"BQ81") {
        switch (data.toInt()) {
        case 0: return alarm::lowBattery;
        case 1: return alarm::overspeed;
        case 2: return QStringLiteral("idle");
        case 3: return QStringLiteral("hardAcceleration");
        case 4: return QStringLiteral("hardBraking");
        case 5: return QStringLiteral("temperature");
        default: return {};
        }
    }
    if (type == u"BO01") {
        switch (data.isEmpty() ? -1 : data[0].unicode() - '0') {
        case 1: return alarm::accident;
        case 2: return alarm::sos;
        case 3: return alarm::vibration;
        case 4: return QStringLiteral("lowspeed");
        case 5: return alarm::overspeed;
        case 6: return alarm::geofenceExit;
        default: return {};
        }
    }
    // ZCxx and the DW3x / DW5x codes of the watch-style firmwares say the same things.
    static const struct
    {
        const char16_t *zc, *dw3, *dw5;
        const char *alarm;
    } kEvents[] = {
        { u"ZC11", u"DW31", u"DW51", "movement" }, { u"ZC12", u"DW32", u"DW52", "lowBattery" },
        { u"ZC13", u"DW33", u"DW53", "powerCut" }, { u"ZC17", u"DW37", u"DW57", "removing" },
        { u"ZC25", u"DW3E", u"DW5E", "sos" },      { u"ZC26", u"DW3F", u"DW5F", "tampering" },
        { u"ZC27", u"DW40", u"DW60", "lowPower" },
    };
    for (const auto &e : kEvents) {
        if (type == QStringView(e.zc) || type == QStringView(e.dw3) || type == QStringView(e.dw5))
            return QString::fromLatin1(e.alarm);
    }
    return {};
}

void setIgnitionOfType(const QString &type, Attributes &a)
{
    if (type == u"ZC15" || type == u"DW35" || type == u"DW55" || type == u"ZC29"
        || type == u"DW42" || type == u"DW62")
        a.set(attr::ignition, true);
    else if (type == u"ZC16" || type == u"DW36" || type == u"DW56")
        a.set(attr::ignition, false);
}

void finishAlarm(DecodedMessage &m, const QString &alarmName)
{
    if (alarmName.isEmpty())
        return;
    m.position.attributes.set(attr::alarm, alarmName);
    m.type = MessageType::Event;
    m.text = QStringLiteral("alarm ") + alarmName;
}

// The position part, after the command. Own pattern; see the header for the layout.
const QRegularExpression &positionPattern()
{
    static const QRegularExpression re(QStringLiteral(
        "^,?(?:ALARM,(\\d),\\d+,|(\\d*))"                 // 1 alarm type | 2 data
        "(\\d\\d)(\\d\\d)(\\d\\d),?"                       // 3-5 date
        "([AV]),?"                                         // 6 validity
        " *(\\d*)(\\d\\d\\.\\d+)([NS]),?"                  // 7-9 latitude
        " *(\\d*)(\\d\\d\\.\\d+)([EW]),?"                  // 10-12 longitude
        "([ \\d.]{1,5})(?:\\d*,)?"                         // 13 speed, km/h
        "(\\d\\d)(\\d\\d)(\\d\\d),?"                       // 14-16 time
        "(?:(?:([ \\d.]{6})|(\\d\\d)),?"                   // 17 | 18 course
        "([01])([01])([0-9A-Fa-f])([0-9A-Fa-f])([0-9A-Fa-f])" // 19 charge, 20 ignition, 21-23 io
        "([0-9A-Fa-f]{3})L([0-9A-Fa-f]+)"                  // 24 fuel, 25 odometer
        "|(\\d+\\.\\d+))?"                                 // 26 course
        ".*?([+-]\\d{3}\\.\\d)?\\)?$"));                  // 27 temperature
    return re;
}

bool decodePosition(const Header &h, const QString &body, DecodeContext &ctx, DecodeResult &out)
{
    QRegularExpressionMatch m = positionPattern().match(h.rest);
    qsizetype dataShift = 0;
    if (!m.hasMatch()) {
        // Unusual data between the command and the date ("BP02,G,2,..."): find the date and fix.
        static const QRegularExpression start(QStringLiteral("\\d{6},?[AV],? *\\d*\\d\\d\\.\\d"));
        const QRegularExpressionMatch s = start.match(h.rest);
        if (!s.hasMatch())
            return false;
        dataShift = s.capturedStart();
        m = positionPattern().match(h.rest.mid(dataShift));
        if (!m.hasMatch())
            return false;
    }
    Q_UNUSED(body);
    DecodedMessage &msg = newMessage(out, MessageType::Position, h.id, ctx);
    Position &p = msg.position;
    Attributes &a = p.attributes;
    const int d1 = m.captured(3).toInt(), d2 = m.captured(4).toInt(), d3 = m.captured(5).toInt();
    // The comma form writes DDMMYY, the compact form YYMMDD.
    p.deviceTime = h.commaForm
        ? lenientTime(2000 + d3, d2, d1, m.captured(14).toInt(), m.captured(15).toInt(),
                      m.captured(16).toInt())
        : lenientTime(2000 + d1, d2, d3, m.captured(14).toInt(), m.captured(15).toInt(),
                      m.captured(16).toInt());
    if (p.deviceTime == kNoTime)
        p.deviceTime = ctx.now;
    p.valid = m.captured(6) == u"A";
    p.latitude = degrees(m.captured(7), m.captured(8), m.captured(9));
    p.longitude = degrees(m.captured(10), m.captured(11), m.captured(12));
    p.speedKph = m.captured(13).trimmed().toDouble();
    msg.hasLocation = true;
    const QString course = !m.captured(17).isEmpty() ? m.captured(17)
        : !m.captured(18).isEmpty()                  ? m.captured(18)
                                                     : m.captured(26);
    p.course = course.trimmed().toDouble();
    if (!m.captured(19).isEmpty()) {
        a.set(attr::charge, m.captured(19) == u"0");
        a.set(attr::ignition, m.captured(20) == u"1");
        const int io1 = m.captured(21).toInt(nullptr, 16);
        const int io2 = m.captured(22).toInt(nullptr, 16);
        a.set(QStringLiteral("in2"), (io1 & 1) ? 1 : 0);
        a.set(QStringLiteral("out2"), (io1 & 4) ? 1 : 0);
        if (io1 & 8)
            a.set(QStringLiteral("blocked"), 1);
        if (io2 & 8)
            a.set(QStringLiteral("door"), 1);
        a.set(QStringLiteral("fuel"), m.captured(24).toInt(nullptr, 16));
        a.set(attr::odometer, m.captured(25).toLongLong(nullptr, 16));
    }
    if (!m.captured(27).isEmpty())
        a.set(QStringLiteral("temp1"), m.captured(27).toDouble());
    const QString data = !m.captured(1).isEmpty() ? m.captured(1) : m.captured(2);
    setIgnitionOfType(h.command, a);
    finishAlarm(msg, alarmOfType(h.command, data));
    return true;
}

// "mcc,mnc,lac,cid,..." (hex LAC / cell id) or "{mcc,mnc,lac,cid}{...}" (decimal).
bool readBracedCells(const QString &text, Network &n)
{
    static const QRegularExpression cell(QStringLiteral("\\{(\\d+),(\\d+),(\\d+),(\\d+)\\}"));
    auto it = cell.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch c = it.next();
        n.addCell(c.captured(1).toInt(), c.captured(2).toInt(), c.captured(3).toLongLong(),
                  c.captured(4).toLongLong());
    }
    n.radioType = QStringLiteral("gsm");
    return !n.isEmpty();
}

void emitNetwork(const Header &h, Network &n, TimeMs time, DecodeContext &ctx,
                 DecodeResult &out, const QString &alarmName = {})
{
    DecodedMessage &m = newMessage(out, MessageType::Position, h.id, ctx);
    m.position.deviceTime = time != kNoTime ? time : ctx.now;
    m.text = QStringLiteral("cell / Wi-Fi report");
    n.storeIn(m.position.attributes);
    finishAlarm(m, alarmName);
}

void decodeBattery(const Header &h, const QStringList &f, DecodeContext &ctx, DecodeResult &out)
{
    // DDMMYY,hhmmss,level(0-6 or 255),battery(10 mV or 65535),power(100 mV or 65535),installed
    DecodedMessage &m = newMessage(out, MessageType::Status, h.id, ctx);
    m.text = QStringLiteral("battery");
    const QString &d = f.value(0), &t = f.value(1);
    if (d.size() == 6 && t.size() == 6)
        m.position.deviceTime = lenientTime(2000 + d.mid(4, 2).toInt(), d.mid(2, 2).toInt(),
                                            d.left(2).toInt(), t.left(2).toInt(),
                                            t.mid(2, 2).toInt(), t.mid(4, 2).toInt());
    Attributes &a = m.position.attributes;
    static constexpr int kLevels[] = { -1, -1, 10, 20, 50, 80, 100 };
    const int level = f.value(2).toInt();
    if (level >= 2 && level <= 6)
        a.set(attr::batteryLevel, kLevels[level]);
    const int battery = f.value(3).toInt();
    if (battery != 65535)
        a.set(attr::battery, battery * 0.01);
    const int power = f.value(4).toInt();
    if (power != 65535)
        a.set(attr::power, power * 0.1);
}

} // namespace

const ProtocolInfo &Tk103Decoder::protocolInfo()
{
    static const ProtocolInfo info { kName, QStringLiteral("TK103 (bracket frames)"), 5002, true,
        true, false, true, 2048 };
    return info;
}

FrameCut Tk103Decoder::cutFrame(QByteArrayView s) const
{
    const qsizetype n = s.size();
    if (n == 0)
        return FrameCut::needMore();
    const auto blank = [](char c) { return c == '\r' || c == '\n' || c == ' ' || c == '\0'; };
    if (s[0] != '(') {
        // Line ends between frames are separators; anything else up to the next "(" or line
        // end is garbage.
        const bool separator = blank(s[0]);
        qsizetype i = 1;
        while (i < n && s[i] != '(' && blank(s[i]) == separator)
            ++i;
        return separator ? FrameCut::skip(i) : FrameCut::garbage(i);
    }
    const qsizetype max = protocolInfo().maxFrameSize;
    bool inText = false; // inside "$...$", where ")" does not end the frame
    for (qsizetype i = 1; i < n && i < max; ++i) {
        if (s[i] == '$')
            inText = !inText;
        else if (s[i] == ')' && !inText)
            return FrameCut::frame(i + 1);
    }
    return n >= max ? FrameCut::garbage(1) : FrameCut::needMore();
}

void Tk103Decoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    if (frame.size() < 2 || frame.front() != '(' || frame.back() != ')') {
        setError(out, QStringLiteral("frame is not enclosed in ( )"));
        return;
    }
    for (const char c : frame) {
        if (static_cast<unsigned char>(c) >= 0x80 || (c < 0x20 && c != '\r' && c != '\n')) {
            setError(out, QStringLiteral("binary byte in a text frame"));
            return;
        }
    }
    const QString body = QString::fromLatin1(frame.sliced(1, frame.size() - 2));
    Header h;
    if (!parseHeader(body, h)) {
        setError(out, QStringLiteral("no device id and command"));
        return;
    }
    if (h.id.isEmpty() || h.id.size() > 20) {
        setError(out, QStringLiteral("bad device id"));
        return;
    }
    const bool newId = ctx.uniqueId != h.id;
    ctx.uniqueId = h.id;

    // Handshake and login get an answer in the compact form only (12-character id).
    if (!h.commaForm && h.id.size() == 12) {
        if (h.command == u"BP00")
            out.reply = "(" + h.id.toLatin1() + "AP01HSO)";
        else if (h.command == u"BP05")
            out.reply = "(" + h.id.toLatin1() + "AP05)";
    }
    if (h.command == u"BP00") {
        // The handshake, repeated as the keep-alive.
        newMessage(out, newId ? MessageType::Login : MessageType::Heartbeat, h.id, ctx);
        return;
    }
    if (h.command == u"BP05" || newId)
        newMessage(out, MessageType::Login, h.id, ctx);

    const QStringList f = h.rest.startsWith(u',') ? h.rest.mid(1).split(u',') : h.rest.split(u',');
    if (h.command == u"ZC20") {
        decodeBattery(h, f, ctx, out);
        return;
    }
    if (h.command == u"ZC03") {
        // DDMMYY,hhmmss,$text$
        const qsizetype open = h.rest.indexOf(u'$');
        const qsizetype close = open < 0 ? -1 : h.rest.indexOf(u'$', open + 1);
        DecodedMessage &m = newMessage(out, MessageType::CommandResult, h.id, ctx);
        m.text = open < 0 ? QString() : h.rest.mid(open + 1, close < 0 ? -1 : close - open - 1);
        m.position.attributes.set(attr::result, m.text);
        return;
    }
    if (h.command == u"BS50" || h.command == u"BS51") {
        DecodedMessage &m = newMessage(out, MessageType::Status, h.id, ctx);
        m.text = QStringLiteral("battery management");
        if (!tk103::decodeBms(h.command, h.rest, m.position.attributes)) {
            out.messages.removeLast();
            setError(out, QStringLiteral("unreadable battery management data"));
        }
        return;
    }
    if (h.command == u"BV00") {
        DecodedMessage &m = newMessage(out, MessageType::Status, h.id, ctx);
        m.text = h.rest.left(17);
        m.position.attributes.set(QStringLiteral("vin"), m.text);
        return;
    }
    if (h.command == u"BZ00") {
        Network n;
        if (!readBracedCells(h.rest, n) && f.size() >= 4) {
            bool ok[4] = {};
            const int mcc = f[0].toInt(&ok[0]);
            const int mnc = f[1].toInt(&ok[1]);
            const qint64 lac = f[2].toLongLong(&ok[2], 16);
            const qint64 cid = f[3].toLongLong(&ok[3], 16);
            if (ok[0] && ok[1] && ok[2] && ok[3])
                n.addCell(mcc, mnc, lac, cid);
        }
        if (n.isEmpty()) {
            setError(out, QStringLiteral("BZ00 without a cell"));
            return;
        }
        emitNetwork(h, n, kNoTime, ctx, out);
        return;
    }
    if (h.command.startsWith(u"DW5")) {
        // mcc,mnc,lac,cid,count,{mac*rssi*channel,}DDMMYY,hhmmss
        if (f.size() < 7) {
            setError(out, QStringLiteral("short cell / Wi-Fi report"));
            return;
        }
        Network n;
        n.radioType = QStringLiteral("gsm");
        n.addCell(f[0].toInt(), f[1].toInt(), f[2].toLongLong(), f[3].toLongLong());
        const int count = f[4].toInt();
        for (int i = 0; i < count && 5 + i < f.size() - 2; ++i) {
            const QStringList w = f[5 + i].split(u'*');
            n.addWifi(w.value(0), w.value(1).toInt());
        }
        const QString &d = f[f.size() - 2], &t = f[f.size() - 1];
        TimeMs time = kNoTime;
        if (d.size() == 6 && t.size() >= 6)
            time = lenientTime(2000 + d.mid(4, 2).toInt(), d.mid(2, 2).toInt(), d.left(2).toInt(),
                               t.left(2).toInt(), t.mid(2, 2).toInt(), t.mid(4, 2).toInt());
        emitNetwork(h, n, time, ctx, out, alarmOfType(h.command, QString()));
        return;
    }
    if (h.rest.contains(u'{')) {
        // A login or report with the cells instead of a fix: "{mcc,mnc,lac,cid}" each.
        Network n;
        if (readBracedCells(h.rest, n)) {
            emitNetwork(h, n, kNoTime, ctx, out);
            return;
        }
    }
    if (decodePosition(h, body, ctx, out))
        return;
    // Status and keep-alive frames (BP04, BQ86, ...) that carry no position.
    if (out.messages.isEmpty())
        newMessage(out, MessageType::Heartbeat, h.id, ctx);
    qCDebug(lcTk103) << "no position in" << h.command;
}

} // namespace fw
