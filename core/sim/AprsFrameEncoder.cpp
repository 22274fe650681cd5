#include "AprsFrameEncoder.h"

#include "protocols/AprsDecoder.h"

#include <cmath>

namespace fw {

namespace {

QByteArray header(const QString &uniqueId, const char *dest = "APFWSM")
{
    return AprsFrameEncoder::callsign(uniqueId) + '>' + dest + ",WIDE1-1,qAR,FWIGATE:";
}

QByteArray pad(int value, int width)
{
    return QByteArray::number(value).rightJustified(width, '0');
}

// Degrees as whole degrees, minutes and hundredths of a minute, rounded once.
void split(double value, int &deg, int &min, int &hun)
{
    const qint64 total = std::llround(std::fabs(value) * 6000.0);
    deg = static_cast<int>(total / 6000);
    min = static_cast<int>(total % 6000 / 100);
    hun = static_cast<int>(total % 100);
}

QByteArray base91(qint64 value, int width)
{
    QByteArray out(width, '!');
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>(33 + value % 91);
        value /= 91;
    }
    return out;
}

QByteArray uncompressed(const Position &p)
{
    int d = 0, m = 0, h = 0;
    split(p.latitude, d, m, h);
    QByteArray out = pad(d, 2) + pad(m, 2) + '.' + pad(h, 2) + (p.latitude < 0 ? 'S' : 'N') + '/';
    split(p.longitude, d, m, h);
    out += pad(d, 3) + pad(m, 2) + '.' + pad(h, 2) + (p.longitude < 0 ? 'W' : 'E') + '>';
    const int course = static_cast<int>(std::lround(p.course)) % 360;
    const int speed = qBound(0, static_cast<int>(std::lround(p.speedKph / kKnotsToKph)), 999);
    out += pad(course == 0 ? 360 : course, 3) + '/' + pad(speed, 3);
    out += "/A=" + pad(qBound(0, static_cast<int>(std::lround(p.altitude / 0.3048)), 999999), 6);
    return out;
}

} // namespace

QByteArray AprsFrameEncoder::callsign(const QString &uniqueId)
{
    QByteArray out;
    for (const QChar c : uniqueId) {
        const char l = c.toUpper().toLatin1();
        if ((l >= 'A' && l <= 'Z') || (l >= '0' && l <= '9') || l == '-')
            out += l;
        if (out.size() == 15)
            break;
    }
    return out.isEmpty() ? QByteArrayLiteral("N0CALL") : out;
}

QByteArray AprsFrameEncoder::login(const QString &uniqueId, quint32) const
{
    const QByteArray call = callsign(uniqueId);
    return "user " + call + " pass " + QByteArray::number(AprsDecoder::passcode(call))
        + " vers FleetWatchSim 0.1\r\n";
}

QByteArray AprsFrameEncoder::position(const QString &uniqueId, const Position &p, quint32) const
{
    QByteArray ts = "000000z";
    if (p.deviceTime != kNoTime) {
        const QDateTime dt = toDateTime(p.deviceTime);
        ts = pad(dt.date().day(), 2) + pad(dt.time().hour(), 2) + pad(dt.time().minute(), 2) + 'z';
    }
    return header(uniqueId) + '@' + ts + uncompressed(p) + " FleetWatch\r\n";
}

QByteArray AprsFrameEncoder::heartbeat(const QString &, quint32) const
{
    return QByteArrayLiteral("# FleetWatchSim keepalive\r\n");
}

QByteArray AprsFrameEncoder::alarm(
    const QString &uniqueId, const Position &p, const QString &alarm, quint32) const
{
    if (alarm == alarm::sos)
        return positionMicE(uniqueId, p, true);
    if (alarm == alarm::lowBattery)
        return status(uniqueId, QStringLiteral("Low battery - sleeping"));
    return {};
}

QByteArray AprsFrameEncoder::positionCompressed(const QString &uniqueId, const Position &p) const
{
    const qint64 y = std::llround(380926.0 * (90.0 - p.latitude));
    const qint64 x = std::llround(190463.0 * (180.0 + p.longitude));
    const int c = static_cast<int>(std::lround(p.course / 4.0)) % 90;
    const double knots = qMax(0.0, p.speedKph / kKnotsToKph);
    const int s
        = qBound(0, static_cast<int>(std::lround(std::log(knots + 1) / std::log(1.08))), 90);
    return header(uniqueId) + "!/" + base91(y, 4) + base91(x, 4) + '>' + static_cast<char>(33 + c)
        + static_cast<char>(33 + s) + "G LoRa\r\n";
}

QByteArray AprsFrameEncoder::positionMicE(
    const QString &uniqueId, const Position &p, bool emergency) const
{
    int d = 0, m = 0, h = 0;
    split(p.latitude, d, m, h);
    const int latDigits[6] = { d / 10, d % 10, m / 10, m % 10, h / 10, h % 10 };
    int ld = 0, lm = 0, lh = 0;
    split(p.longitude, ld, lm, lh);
    const bool offset = ld < 10 || ld >= 100;
    // Message bits A, B, C: En Route = 110, Emergency = 000.
    const bool bits[3] = { !emergency, !emergency, false };
    QByteArray dest(6, '0');
    for (int i = 0; i < 6; ++i) {
        bool high = false;
        if (i < 3)
            high = bits[i];
        else if (i == 3)
            high = p.latitude >= 0;
        else if (i == 4)
            high = offset;
        else
            high = p.longitude < 0;
        dest[i] = static_cast<char>((high ? 'P' : '0') + latDigits[i]);
    }
    int degByte = 0;
    if (ld < 10)
        degByte = ld + 118;
    else if (ld < 100)
        degByte = ld + 28;
    else if (ld < 110)
        degByte = ld + 8;
    else
        degByte = ld - 72;
    const int minByte = lm < 10 ? lm + 88 : lm + 28;
    const int speed = qBound(0, static_cast<int>(std::lround(p.speedKph / kKnotsToKph)), 799);
    const int course = static_cast<int>(std::lround(p.course)) % 360;
    QByteArray info = "`";
    info += static_cast<char>(degByte);
    info += static_cast<char>(minByte);
    info += static_cast<char>(lh + 28);
    info += static_cast<char>(speed / 10 + 28);
    info += static_cast<char>((speed % 10) * 10 + course / 100 + 28);
    info += static_cast<char>(course % 100 + 28);
    info += ">/";
    const qint64 alt = qBound<qint64>(0, std::llround(p.altitude) + 10000, 91LL * 91 * 91 - 1);
    info += base91(alt, 3) + '}';
    return header(uniqueId, dest.constData()) + info + "\r\n";
}

QByteArray AprsFrameEncoder::status(const QString &uniqueId, const QString &text) const
{
    return header(uniqueId) + '>' + text.toUtf8() + "\r\n";
}

} // namespace fw
