#include "XexunDecoder.h"

#include "MessageStart.h"
#include "domain/Network.h"

#include <QDateTime>
#include <QStringList>

#include <cctype>

namespace fw {

namespace {

const QString kName = QStringLiteral("xexun");
constexpr qsizetype kTailScan = 240; // bytes after the id where a line end may still come

void setError(DecodeResult &out, const QString &what)
{
    out.error = QStringLiteral("xexun: ") + what;
}

// "RMC," of GPRMC / GNRMC.
qsizetype findRmc(QByteArrayView s, qsizetype from = 0)
{
    for (qsizetype i = s.indexOf("RMC,", from); i >= 0; i = s.indexOf("RMC,", i + 1)) {
        if (i >= 2 && s[i - 2] == 'G' && (s[i - 1] == 'P' || s[i - 1] == 'N'))
            return i - 2;
    }
    return -1;
}

// ddmm.mmmm with any number of degree digits, even none ("6.7907" is 6.79 minutes).
bool coordinate(const QString &value, const QString &hemisphere, bool latitude, double &out)
{
    const qsizetype dot = value.indexOf(u'.');
    const qsizetype intDigits = dot < 0 ? value.size() : dot;
    const qsizetype degreeDigits = std::max<qsizetype>(0, intDigits - 2);
    bool ok1 = false, ok2 = true;
    const double minutes = value.mid(degreeDigits).toDouble(&ok1);
    const int degrees = degreeDigits > 0 ? value.left(degreeDigits).toInt(&ok2) : 0;
    if (!ok1 || !ok2 || minutes < 0 || minutes >= 60)
        return false;
    out = degrees + minutes / 60.0;
    if (out > (latitude ? 90.0 : 180.0))
        return false;
    if (hemisphere == u"S" || hemisphere == u"W")
        out = -out;
    return true;
}

void applyStatus(const QString &status, DecodedMessage &m)
{
    const QString s = status.trimmed().toLower();
    Attributes &a = m.position.attributes;
    QString alarmName;
    if (s == u"acc on" || s == u"accstart")
        a.set(attr::ignition, true);
    else if (s == u"acc off" || s == u"accstop")
        a.set(attr::ignition, false);
    else if (s == u"help me!" || s == u"help me")
        alarmName = alarm::sos;
    else if (s == u"low battery")
        alarmName = alarm::lowBattery;
    else if (s == u"move!" || s == u"moved!")
        alarmName = alarm::movement;
    else if (!s.isEmpty())
        a.set(attr::status, status.trimmed());
    if (!alarmName.isEmpty()) {
        a.set(attr::alarm, alarmName);
        m.type = MessageType::Event;
        m.text = QStringLiteral("alarm ") + alarmName;
    }
}

// satellites,altitude,F:4.15V[/ADC1=..],charging,signal,?,MCC,MNC,LAC,CID[,odometer]
void readExtendedTail(const QStringList &t, Position &p)
{
    Attributes &a = p.attributes;
    bool ok = false;
    const int satellites = t.value(0).toInt(&ok);
    if (ok) {
        p.satellites = satellites;
        a.set(QStringLiteral("sat"), satellites);
    }
    const double altitude = t.value(1).toDouble(&ok);
    if (ok)
        p.altitude = altitude;
    const QString power = t.value(2);
    if (power.size() > 3 && power[1] == u':') {
        const qsizetype v = power.indexOf(u'V');
        const double volts = power.mid(2, v < 0 ? -1 : v - 2).toDouble(&ok);
        if (ok)
            a.set(attr::power, volts);
    }
    if (t.size() >= 10) {
        bool m1 = false, m2 = false, l = false, c = false;
        const int mcc = t[6].toInt(&m1);
        const int mnc = t[7].toInt(&m2);
        const qint64 lac = t[8].toLongLong(&l, 16);
        const qint64 cid = t[9].toLongLong(&c, 16);
        if (m1 && m2 && l && c && mcc > 0) {
            Network n;
            n.radioType = QStringLiteral("gsm");
            n.addCell(mcc, mnc, lac, cid);
            n.storeIn(a);
        }
    }
    if (t.size() >= 11 && t[10].endsWith(u"km")) {
        const double km = t[10].chopped(2).toDouble(&ok);
        // A billion kilometres is beyond any vehicle: larger (or negative, or not a number) is
        // a corrupt field, and would not even fit the odometer's metres.
        if (ok && km >= 0.0 && km < 1e9)
            a.set(attr::odometer, static_cast<qint64>(km * 1000.0));
    }
}

// The id (after "imei:") and its end; empty when there is none.
QString deviceId(const QString &text, qsizetype imeiAt, qsizetype &idEnd)
{
    idEnd = imeiAt + 5;
    while (idEnd < text.size() && text[idEnd].isDigit())
        ++idEnd;
    return text.mid(imeiAt + 5, idEnd - imeiAt - 5);
}

// The next message of device `id` (a login first when the id is new on the connection).
DecodedMessage &newMessage(const QString &id, DecodeContext &ctx, DecodeResult &out)
{
    return startMessage(kName, id, ctx, out);
}

// A report without a GPS sentence (",PHONE,,L,, imei:ID,,,F:4.28V,...,MCC,MNC,LAC,CID"): the
// device is alive; its cell, if given, goes into the network model.
void decodeWithoutFix(const QString &text, DecodeContext &ctx, DecodeResult &out)
{
    const qsizetype imeiAt = text.indexOf(QLatin1String("imei:"));
    qsizetype idEnd = 0;
    const QString id = imeiAt < 0 ? QString() : deviceId(text, imeiAt, idEnd);
    if (id.isEmpty() || id.size() > 20) {
        out.error = QStringLiteral("xexun: no GPRMC sentence and no imei:");
        return;
    }
    DecodedMessage &m = newMessage(id, ctx, out);
    m.type = MessageType::Heartbeat;
    m.position.deviceTime = ctx.now;
    const QString rest = text.mid(idEnd).trimmed();
    if (rest.startsWith(u','))
        readExtendedTail(rest.mid(1).split(u','), m.position);
    if (m.position.attributes.contains(attr::network)) {
        m.type = MessageType::Position; // cell only: the fleet keeps the last fix, outdated
        m.text = QStringLiteral("cell report");
    }
}

} // namespace

const ProtocolInfo &XexunDecoder::protocolInfo()
{
    static const ProtocolInfo info { kName, QStringLiteral("Xexun"), 5006, true, false, false,
        true, 1024 };
    return info;
}

FrameCut XexunDecoder::cutFrame(QByteArrayView s) const
{
    const qsizetype n = s.size();
    if (n == 0)
        return FrameCut::needMore();
    if (s[0] == '\r' || s[0] == '\n' || s[0] == ' ') {
        qsizetype i = 1;
        while (i < n && (s[i] == '\r' || s[i] == '\n' || s[i] == ' '))
            ++i;
        return FrameCut::skip(i);
    }
    const qsizetype max = protocolInfo().maxFrameSize;
    const QByteArrayView window = s.first(std::min(n, max));
    const qsizetype rmc = findRmc(window);
    const qsizetype firstNl = window.indexOf('\n');
    if (rmc < 0 || (firstNl >= 0 && firstNl < rmc)) {
        // A line without a sentence: a report without a fix when it names the device,
        // garbage otherwise.
        if (firstNl >= 0)
            return window.first(firstNl).contains("imei:") ? FrameCut::frame(firstNl + 1)
                                                           : FrameCut::garbage(firstNl + 1);
        return n >= max ? FrameCut::garbage(n) : FrameCut::needMore();
    }
    const qsizetype imei = s.indexOf("imei:", rmc);
    if (imei < 0)
        return n >= max ? FrameCut::garbage(rmc + 1) : FrameCut::needMore();
    const qsizetype comma = s.indexOf(',', imei);
    if (comma < 0)
        return n >= max ? FrameCut::garbage(rmc + 1) : FrameCut::needMore();
    // The basic form ends at the comma after the id. The extended one goes on with digits
    // (satellites, altitude, power, cell) to its line end.
    const qsizetype after = comma + 1;
    if (after == n || !std::isdigit(static_cast<unsigned char>(s[after])))
        return FrameCut::frame(after);
    const qsizetype scanEnd = std::min(n, after + kTailScan);
    const QByteArrayView tail = s.sliced(after, scanEnd - after);
    const qsizetype nl = tail.indexOf('\n');
    const qsizetype next = findRmc(tail);
    if (nl >= 0 && (next < 0 || nl < next))
        return FrameCut::frame(std::min(after + nl + 1, max));
    if (next >= 0 || tail.size() >= kTailScan)
        return FrameCut::frame(after); // no line end: leave the rest to the next cut
    return FrameCut::needMore();
}

void XexunDecoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    for (const char c : frame) {
        if (static_cast<unsigned char>(c) >= 0x80 || c == '\0') {
            setError(out, QStringLiteral("binary byte in a text frame"));
            return;
        }
    }
    const QString text = QString::fromLatin1(frame);
    const qsizetype rmc = findRmc(frame);
    if (rmc < 0) {
        decodeWithoutFix(text, ctx, out);
        return;
    }
    const QStringList prefix = text.left(rmc).split(u',', Qt::SkipEmptyParts);
    const qsizetype star = text.indexOf(u'*', rmc);
    const qsizetype imeiAt = text.indexOf(QLatin1String("imei:"), rmc);
    if (star < 0 || imeiAt < star) {
        setError(out, QStringLiteral("no checksum or no imei: after the sentence"));
        return;
    }
    const QStringList f = text.mid(rmc, star - rmc).split(u',');
    if (f.size() < 10) {
        setError(out, QStringLiteral("short GPRMC sentence"));
        return;
    }
    qsizetype idEnd = 0;
    const QString id = deviceId(text, imeiAt, idEnd);
    if (id.isEmpty() || id.size() > 20) {
        setError(out, QStringLiteral("bad device id"));
        return;
    }
    DecodedMessage &m = newMessage(id, ctx, out);
    Position &p = m.position;
    // f: GPRMC, time, A/V, lat, N/S, lon, E/W, knots, course, DDMMYY, ...
    const QTime time = QTime::fromString(f[1].left(6), QStringLiteral("HHmmss"));
    const QDate date = QDate::fromString(f[9], QStringLiteral("ddMMyy")).addYears(100);
    if (date.isValid()) {
        p.deviceTime = QDateTime(date, time.isValid() ? time : QTime(0, 0), Qt::UTC)
                           .toMSecsSinceEpoch();
        const qsizetype dot = f[1].indexOf(u'.');
        if (time.isValid() && dot == 6)
            p.deviceTime += static_cast<int>(f[1].mid(7, 3).leftJustified(3, u'0').toInt());
    } else {
        p.deviceTime = ctx.now;
    }
    p.valid = f[2] == u"A";
    if (!coordinate(f[3], f[4], true, p.latitude) || !coordinate(f[5], f[6], false, p.longitude)) {
        out.messages.removeLast();
        setError(out, QStringLiteral("bad coordinates"));
        return;
    }
    m.hasLocation = true;
    p.speedKph = f[7].toDouble() * kKnotsToKph;
    p.course = f[8].toDouble();

    // After "*hh": [\r\n],F|L,[status,] ... imei:ID
    QStringList after = text.mid(star + 3, imeiAt - star - 3).trimmed().split(u',');
    if (!after.isEmpty() && after.first().isEmpty())
        after.removeFirst();
    if (!after.isEmpty() && (after.first() == u"F" || after.first() == u"L"))
        p.attributes.set(QStringLiteral("signal"), after.takeFirst());
    if (!after.isEmpty())
        applyStatus(after.first(), m);
    if (prefix.size() >= 1) {
        p.attributes.set(QStringLiteral("serial"), prefix.value(0));
        if (prefix.size() >= 2)
            p.attributes.set(QStringLiteral("number"), prefix.value(1));
    }
    const QString rest = text.mid(idEnd).trimmed();
    if (rest.startsWith(u',') && rest.size() > 1)
        readExtendedTail(rest.mid(1).split(u','), p);
}

} // namespace fw
