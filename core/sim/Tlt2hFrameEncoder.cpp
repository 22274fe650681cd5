#include "Tlt2hFrameEncoder.h"

#include "DegreesMinutes.h"

#include <QDateTime>

namespace fw {

namespace {

QByteArray degMin(double value, int degreeDigits)
{
    return degreesMinutes(value, degreeDigits, 4);
}

} // namespace

QByteArray Tlt2hFrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(uniqueId);
    Q_UNUSED(serial);
    return {}; // every report names the device
}

QByteArray Tlt2hFrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(uniqueId);
    Q_UNUSED(serial);
    return {};
}

QByteArray Tlt2hFrameEncoder::report(const QString &uniqueId, const Position &p,
                                     QByteArrayView status)
{
    const TimeMs t = p.deviceTime == kNoTime ? QDateTime::currentMSecsSinceEpoch() : p.deviceTime;
    const QDateTime dt = toDateTime(t);
    QByteArray rmc = "GPRMC," + dt.toString(QStringLiteral("HHmmss.zz,")).toLatin1();
    rmc += p.valid ? "A," : "V,";
    rmc += degMin(p.latitude, 2) + (p.latitude < 0 ? ",S," : ",N,");
    rmc += degMin(p.longitude, 3) + (p.longitude < 0 ? ",W," : ",E,");
    rmc += QByteArray::number(p.speedKph / kKnotsToKph, 'f', 2) + ','
        + QByteArray::number(p.course, 'f', 2) + ',';
    rmc += dt.toString(QStringLiteral("ddMMyy")).toLatin1() + ",,,A";
    quint8 sum = 0;
    for (const char c : rmc)
        sum ^= static_cast<quint8>(c);
    const double volts = p.attributes.value(attr::battery, 4.1).toDouble();
    return '#' + uniqueId.toLatin1() + "#MT600#0000#" + status.toByteArray() + "#1\r\n#"
        + QByteArray::number(qRound(volts * 1000)).rightJustified(4, '0') + '$' + rmc + '*'
        + QByteArray::number(sum, 16).toUpper().rightJustified(2, '0') + "\r\n##\r\n";
}

QByteArray Tlt2hFrameEncoder::position(const QString &uniqueId, const Position &p,
                                       quint32 serial) const
{
    Q_UNUSED(serial);
    return report(uniqueId, p, "AUTO");
}

QByteArray Tlt2hFrameEncoder::alarm(const QString &uniqueId, const Position &p,
                                    const QString &alarmName, quint32 serial) const
{
    Q_UNUSED(serial);
    const char *status = alarmName == alarm::sos ? "SOS"
        : alarmName == alarm::powerCut           ? "DEF"
        : alarmName == alarm::lowBattery         ? "BLP"
        : alarmName == alarm::overspeed          ? "OVERSPEED"
        : alarmName == alarm::vibration          ? "SHAKE"
                                                 : nullptr;
    return status ? report(uniqueId, p, status) : QByteArray();
}

} // namespace fw
