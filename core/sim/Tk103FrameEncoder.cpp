#include "Tk103FrameEncoder.h"

#include "DegreesMinutes.h"

#include <QDateTime>

namespace fw {

namespace {

bool compactId(const QString &uniqueId)
{
    return uniqueId.size() == 12;
}

QByteArray pad2(int v)
{
    return QByteArray::number(v).rightJustified(2, '0');
}

// Degrees -> "ddmm.mmmm" (2 degree digits) or "dddmm.mmmm" (3).
QByteArray degMin(double value, int degreeDigits)
{
    return degreesMinutes(value, degreeDigits, 4);
}

QByteArray fixed(double v, int width, int decimals)
{
    return QByteArray::number(v, 'f', decimals).rightJustified(width, '0').right(width);
}

} // namespace

QByteArray Tk103FrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(serial);
    if (!compactId(uniqueId))
        return {}; // the comma form has no handshake: every frame carries the id
    return "(" + uniqueId.toLatin1() + "BP00" + uniqueId.toLatin1() + "HSO)";
}

QByteArray Tk103FrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(serial);
    if (!compactId(uniqueId))
        return "(" + uniqueId.toLatin1() + ",BP00,HSO)";
    return "(" + uniqueId.toLatin1() + "BP00HSO)";
}

QByteArray Tk103FrameEncoder::report(const QString &uniqueId, const Position &p,
                                     QByteArrayView command)
{
    const TimeMs t = p.deviceTime == kNoTime ? QDateTime::currentMSecsSinceEpoch() : p.deviceTime;
    const QDateTime dt = toDateTime(t);
    const QDate d = dt.date();
    const QTime tm = dt.time();
    const QByteArray time = pad2(tm.hour()) + pad2(tm.minute()) + pad2(tm.second());
    const QByteArray lat = degMin(p.latitude, 2) + (p.latitude < 0 ? "S" : "N");
    const QByteArray lon = degMin(p.longitude, 3) + (p.longitude < 0 ? "W" : "E");
    const QByteArray valid = p.valid ? "A" : "V";
    const bool ignition = p.attributes.value(attr::ignition).toBool();
    QByteArray out;
    out.reserve(100);
    if (compactId(uniqueId)) {
        // (IDCMD YYMMDD A lat lon speed(5) hhmmss course(6) charge ign io io io fuel L odometer)
        out += '(' + uniqueId.toLatin1() + command.toByteArray();
        out += pad2(d.year() % 100) + pad2(d.month()) + pad2(d.day()) + valid + lat + lon;
        out += fixed(p.speedKph, 5, 1) + time + fixed(p.course, 6, 2);
        out += QByteArray("0") + (ignition ? "1" : "0") + "000000L";
        out += QByteArray::number(p.attributes.value(attr::odometer).toLongLong(), 16)
                   .rightJustified(8, '0');
        out += ')';
    } else {
        // (ID,CMD,DDMMYY,A,lat,lon,speed,hhmmss,course)
        out += '(' + uniqueId.toLatin1() + ',' + command.toByteArray() + ',';
        out += pad2(d.day()) + pad2(d.month()) + pad2(d.year() % 100) + ',' + valid + ',';
        out += lat + ',' + lon + ',' + QByteArray::number(p.speedKph, 'f', 1) + ',' + time + ',';
        out += QByteArray::number(p.course, 'f', 2) + ')';
    }
    return out;
}

QByteArray Tk103FrameEncoder::position(const QString &uniqueId, const Position &p,
                                       quint32 serial) const
{
    Q_UNUSED(serial);
    return report(uniqueId, p, "BR00");
}

QByteArray Tk103FrameEncoder::alarm(const QString &uniqueId, const Position &p,
                                    const QString &alarmName, quint32 serial) const
{
    Q_UNUSED(serial);
    if (compactId(uniqueId)) {
        // BO01 and one digit.
        const char *digit = alarmName == alarm::accident ? "1"
            : alarmName == alarm::sos                    ? "2"
            : alarmName == alarm::vibration              ? "3"
            : alarmName == alarm::overspeed              ? "5"
            : alarmName == alarm::geofenceExit           ? "6"
                                                         : nullptr;
        if (digit)
            return report(uniqueId, p, QByteArray(QByteArray("BO01") + digit));
    }
    const char *command = alarmName == alarm::sos ? "ZC25"
        : alarmName == alarm::movement            ? "ZC11"
        : alarmName == alarm::lowBattery          ? "ZC12"
        : alarmName == alarm::powerCut            ? "ZC13"
        : alarmName == alarm::removing            ? "ZC17"
        : alarmName == alarm::tampering           ? "ZC26"
        : alarmName == alarm::lowPower            ? "ZC27"
                                                  : nullptr;
    if (!command)
        return {};
    return report(uniqueId, p, command);
}

} // namespace fw
