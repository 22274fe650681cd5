#include "Gl200Decoder.h"

#include "Gl200Binary.h"
#include "Gl200Reports.h"
#include "MessageStart.h"
#include "domain/Network.h"

#include <QDateTime>
#include <QStringList>

namespace fw {

namespace {

const QString kName = QStringLiteral("gl200");
constexpr qsizetype kMaxFrame = 4096;

bool isTextStart(QByteArrayView s)
{
    // "+RESP:", "+BUFF:", "+ACK:", "+SACK:"
    const qsizetype colon = s.first(std::min<qsizetype>(s.size(), 7)).indexOf(':');
    if (colon < 4)
        return false;
    for (qsizetype i = 1; i < colon; ++i) {
        if (s[i] < 'A' || s[i] > 'Z')
            return false;
    }
    return true;
}

bool isDigits(const QString &s)
{
    return !s.isEmpty()
        && std::all_of(s.begin(), s.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

bool isHex(const QString &s)
{
    return !s.isEmpty()
        && std::all_of(s.begin(), s.end(), [](QChar c) { return isxdigit(c.unicode()) != 0; });
}

TimeMs parseTime(const QString &s)
{
    if (s.size() != 14 || !isDigits(s))
        return kNoTime;
    // By hand: QDateTime::fromString with a format costs more than the rest of the report.
    const auto num = [&s](int at, int n) { return QStringView(s).mid(at, n).toInt(); };
    const QDate date(num(0, 4), num(4, 2), num(6, 2));
    const int h = num(8, 2), m = num(10, 2), sec = num(12, 2);
    if (!date.isValid() || h > 23 || m > 59 || sec > 59)
        return kNoTime;
    constexpr qint64 kUnixEpochDay = 2440588; // Julian day of 1970-01-01
    return ((date.toJulianDay() - kUnixEpochDay) * 86400 + h * 3600 + m * 60 + sec) * 1000;
}

bool coordinate(const QString &s, double limit, double &out)
{
    if (!s.contains(u'.'))
        return false;
    bool ok = false;
    out = s.toDouble(&ok);
    return ok && std::abs(out) <= limit;
}

// mcc,mnc,lac,cell after a point, when given (decimal MCC/MNC, hex LAC/cell).
void readCell(const QStringList &f, qsizetype at, Attributes &a)
{
    if (at + 3 >= f.size() || !isDigits(f[at]) || !isDigits(f[at + 1]) || !isHex(f[at + 2])
        || !isHex(f[at + 3]))
        return;
    const int mcc = f[at].toInt();
    if (mcc <= 0)
        return;
    Network n;
    n.radioType = QStringLiteral("gsm");
    n.addCell(mcc, f[at + 1].toInt(), f[at + 2].toLongLong(nullptr, 16),
              f[at + 3].toLongLong(nullptr, 16));
    n.storeIn(a);
}

struct Point
{
    qsizetype timeAt = 0; // index of the point's time (or of its empty time field)
    bool fix = false;
};

// Points with a fix: "hdop,kph,course,alt,lon,lat,time". Without: seven empty fields and a cell.
QList<Point> findPoints(const QStringList &f)
{
    QList<Point> points;
    double v = 0;
    for (qsizetype i = 6; i < f.size(); ++i) {
        if (parseTime(f[i]) != kNoTime && coordinate(f[i - 1], 90, v)
            && coordinate(f[i - 2], 180, v)) {
            points.append({ i, true });
            continue;
        }
        if (i + 4 < f.size() && f[i].isEmpty() && isDigits(f[i + 1]) && f[i + 1].size() >= 3
            && isDigits(f[i + 2]) && isHex(f[i + 3]) && isHex(f[i + 4])) {
            bool empty = true;
            for (qsizetype k = i - 6; k <= i && empty; ++k)
                empty = f[k].isEmpty();
            if (empty)
                points.append({ i, false });
        }
    }
    return points;
}

QString hardEventAlarm(const QString &code)
{
    if (code.size() != 2)
        return {};
    switch (code[1].unicode()) {
    case u'0': return alarm::hardBraking;
    case u'1': return alarm::hardAcceleration;
    case u'2': return alarm::hardCornering;
    default: return {};
    }
}

// What the report type says beyond its points.
void applyType(const QString &type, const QStringList &f, DecodedMessage &m)
{
    Attributes &a = m.position.attributes;
    QString alarmName;
    if (type == u"GTIGN" || type == u"GTVGN")
        a.set(attr::ignition, true);
    else if (type == u"GTIGF" || type == u"GTVGF")
        a.set(attr::ignition, false);
    else if (type == u"GTSOS")
        alarmName = alarm::sos;
    else if (type == u"GTPFA")
        alarmName = alarm::powerOff;
    else if (type == u"GTPNA")
        alarmName = alarm::powerOn;
    else if (type == u"GTSPD")
        alarmName = alarm::overspeed;
    else if (type == u"GTTOW")
        alarmName = alarm::tow;
    else if (type == u"GTHBM")
        alarmName = hardEventAlarm(f.value(5));
    if (!alarmName.isEmpty()) {
        a.set(attr::alarm, alarmName);
        m.type = MessageType::Event;
        m.text = QStringLiteral("alarm ") + alarmName;
    }
}

// Reports without points: GTINF, GTCAN, GTVER, GTDTT; GTGSM: "fix type" then
// "mcc,mnc,lac,cell,signal,ta" x n.
void readStatus(const QString &type, const QStringList &f, const QString &model, Attributes &a)
{
    if (type == u"GTINF") {
        if (f.value(1).size() >= 14) { // the GT300 layout: id first, then state and ICCID
            const QString iccid = f.value(2);
            if (iccid.size() >= 19 && isHex(iccid))
                a.set(QStringLiteral("iccid"), iccid);
            bool ok = false;
            const int signal = f.value(3).toInt(&ok);
            if (ok)
                a.set(attr::rssi, signal);
        } else {
            gl200::decodeInf(f, model, a);
        }
    } else if (type == u"GTCAN") {
        gl200::decodeCan(f, model, a);
    } else if (type == u"GTVER") {
        gl200::decodeVer(f, a);
    } else if (type == u"GTDTT") {
        gl200::decodeDtt(f, a);
    } else if (type == u"GTGSM") {
        Network n;
        n.radioType = QStringLiteral("gsm");
        for (qsizetype i = 4; i + 5 < f.size(); i += 6) {
            if (!isDigits(f[i]) || !isDigits(f[i + 1]) || !isHex(f[i + 2]) || !isHex(f[i + 3]))
                continue;
            n.addCell(f[i].toInt(), f[i + 1].toInt(), f[i + 2].toLongLong(nullptr, 16),
                      f[i + 3].toLongLong(nullptr, 16), f[i + 4].toInt());
        }
        if (!n.cellTowers.isEmpty())
            n.storeIn(a);
    }
}

// What lies around the points, by report type; kept with the last point, as the device means.
void readReportFields(const QString &type, const QStringList &f, const QString &model,
                      const QList<Point> &points, DecodedMessage &m)
{
    Attributes &a = m.position.attributes;
    const QStringView kind = QStringView(type).mid(2);
    if (kind == u"ERI") {
        gl200::decodeEri(f, model, a);
    } else if (kind == u"FRI" || kind == u"CTN" || kind == u"GEO" || kind == u"RTL"
               || kind == u"DOG" || kind == u"STR") {
        gl200::decodeFri(f, points.first().timeAt, points.last().timeAt, a);
    } else if (kind == u"BAA" || kind == u"BID") {
        gl200::decodeAccessory(type, f, a);
    } else if (kind == u"DAR") {
        gl200::decodeDar(f, a);
        if (a.contains(attr::alarm)) {
            m.type = MessageType::Event;
            m.text = QStringLiteral("alarm ") + a.value(attr::alarm).toString();
        }
    } else if (kind == u"DAT") {
        gl200::decodeDat(f, a);
    } else if (kind == u"CAN") {
        gl200::decodeCan(f, model, a);
    } else if (points.last().fix && kind != u"IGN" && kind != u"IGF" && kind != u"VGN"
               && kind != u"VGF" && kind != u"LSW" && kind != u"TSW" && kind != u"IDA"
               && kind != u"WIF" && kind != u"LSA" && kind != u"LBS" && kind != u"OBD") {
        gl200::decodeBasic(f, a);
    }
}

DecodedMessage &newMessage(const QString &id, DecodeContext &ctx, DecodeResult &out)
{
    return startMessage(kName, id, ctx, out);
}

} // namespace

const ProtocolInfo &Gl200Decoder::protocolInfo()
{
    static const ProtocolInfo info { kName, QStringLiteral("Queclink (GL200)"), 5004, true,
        true, false, true, kMaxFrame };
    return info;
}

FrameCut Gl200Decoder::cutFrame(QByteArrayView s) const
{
    const qsizetype n = s.size();
    if (n == 0)
        return FrameCut::needMore();
    if (s[0] == '\r' || s[0] == '\n' || s[0] == ' ' || s[0] == '\0') {
        qsizetype i = 1;
        while (i < n && (s[i] == '\r' || s[i] == '\n' || s[i] == ' ' || s[i] == '\0'))
            ++i;
        return FrameCut::skip(i);
    }
    if (s[0] != '+')
        return FrameCut::garbage(std::max<qsizetype>(1, s.indexOf('+') < 0 ? n : s.indexOf('+')));
    if (n < 7)
        return FrameCut::needMore();
    if (gl200::isBinaryStart(s))
        return gl200::cutBinaryFrame(s, kMaxFrame);
    if (!isTextStart(s))
        return FrameCut::garbage(1);
    const qsizetype end = s.first(std::min(n, kMaxFrame)).indexOf('$');
    if (end >= 0)
        return FrameCut::frame(end + 1);
    return n >= kMaxFrame ? FrameCut::garbage(n) : FrameCut::needMore();
}

void Gl200Decoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    if (gl200::isBinaryStart(frame)) {
        gl200::decodeBinary(frame, ctx, out);
        return;
    }
    if (frame.size() < 7 || frame[0] != '+' || !isTextStart(frame)) {
        out.error = QStringLiteral("gl200: not a Queclink report");
        return;
    }
    for (const char c : frame) {
        if (static_cast<unsigned char>(c) >= 0x80 || c == '\0') {
            out.error = QStringLiteral("gl200: binary byte in a text report");
            return;
        }
    }
    QString text = QString::fromLatin1(frame).trimmed();
    if (text.endsWith(u'$'))
        text.chop(1);
    const QStringList f = text.split(u',');
    const qsizetype colon = f[0].indexOf(u':');
    const QString head = f[0].left(colon);
    const QString type = f[0].mid(colon + 1);
    if (f.size() < 3) {
        out.error = QStringLiteral("gl200: short report");
        return;
    }
    // "+RESP:GTTRI,IMEI,..." has no protocol version before the id.
    const QString id = f[1].size() >= 14 ? f[1] : f[2];
    if (id.isEmpty() || id.size() > 20 || !isHex(id)) {
        out.error = QStringLiteral("gl200: bad device id");
        return;
    }
    if (head == u"+ACK" || head == u"+SACK") {
        DecodedMessage &m = newMessage(id, ctx, out);
        m.type = MessageType::Heartbeat;
        if (head == u"+ACK" && type == u"GTHBD")
            out.reply = "+SACK:GTHBD," + f[1].toLatin1() + ',' + f.last().toLatin1() + '$';
        else
            m.type = MessageType::CommandResult;
        if (m.type == MessageType::CommandResult)
            m.position.attributes.set(attr::result, f[0]);
        return;
    }
    const QString model = !ctx.model.isEmpty() ? ctx.model.toUpper()
        : f[1].size() < 14                    ? gl200::modelFromVersion(f[1])
                                              : QString();
    const QList<Point> points = findPoints(f);
    TimeMs sendTime = kNoTime;
    for (qsizetype i = f.size() - 1; i >= 0 && sendTime == kNoTime; --i)
        sendTime = parseTime(f[i]);
    if (points.isEmpty()) {
        // Status reports (GTINF, GTPNA, GTPFA, ...): a sign of life with what the type says.
        DecodedMessage &m = newMessage(id, ctx, out);
        m.type = MessageType::Status;
        m.text = type;
        if (sendTime != kNoTime)
            m.position.deviceTime = sendTime;
        applyType(type, f, m);
        readStatus(type, f, model, m.position.attributes);
        if (head == u"+BUFF")
            m.position.attributes.set(attr::archive, true);
        return;
    }
    for (const Point &pt : points) {
        DecodedMessage &m = newMessage(id, ctx, out);
        Position &p = m.position;
        const qsizetype t = pt.timeAt;
        if (pt.fix) {
            p.deviceTime = parseTime(f[t]);
            p.latitude = f[t - 1].toDouble();
            p.longitude = f[t - 2].toDouble();
            p.altitude = f[t - 3].toDouble();
            p.course = f[t - 4].toDouble();
            p.speedKph = f[t - 5].toDouble();
            const int hdop = f[t - 6].toInt();
            p.valid = hdop > 0;
            p.attributes.set(attr::hdop, hdop);
            m.hasLocation = true;
        } else if (sendTime != kNoTime) {
            p.deviceTime = sendTime;
        }
        readCell(f, t + 1, p.attributes);
        if (!pt.fix) {
            m.text = QStringLiteral("cell report");
            if (!p.attributes.contains(attr::network))
                m.type = MessageType::Status;
        }
        applyType(type, f, m);
        if (head == u"+BUFF")
            p.attributes.set(attr::archive, true);
    }
    readReportFields(type, f, model, points, out.messages.last());
}

} // namespace fw
