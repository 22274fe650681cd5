#include "XexunFrameEncoder.h"

#include "DegreesMinutes.h"

#include <QDateTime>

namespace fw {

namespace {

QByteArray degMin(double value, int degreeDigits)
{
    return degreesMinutes(value, degreeDigits, 4);
}

} // namespace

QByteArray XexunFrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(uniqueId);
    Q_UNUSED(serial);
    return {}; // every report carries the id
}

QByteArray XexunFrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(uniqueId);
    Q_UNUSED(serial);
    return {}; // the protocol has no keep-alive
}

QByteArray XexunFrameEncoder::report(const QString &uniqueId, const Position &p,
                                     QByteArrayView status)
{
    const TimeMs t = p.deviceTime == kNoTime ? QDateTime::currentMSecsSinceEpoch() : p.deviceTime;
    const QDateTime dt = toDateTime(t);
    QByteArray sentence = "GPRMC,";
    sentence += dt.toString(QStringLiteral("HHmmss.zzz,")).toLatin1();
    sentence += p.valid ? "A," : "V,";
    sentence += degMin(p.latitude, 2) + (p.latitude < 0 ? ",S," : ",N,");
    sentence += degMin(p.longitude, 3) + (p.longitude < 0 ? ",W," : ",E,");
    sentence += QByteArray::number(p.speedKph / kKnotsToKph, 'f', 2) + ','
        + QByteArray::number(p.course, 'f', 2) + ',';
    sentence += dt.toString(QStringLiteral("ddMMyy")).toLatin1() + ",,,A";
    quint8 sum = 0;
    for (const char c : sentence)
        sum ^= static_cast<quint8>(c);
    return sentence + '*' + QByteArray::number(sum, 16).toUpper().rightJustified(2, '0') + ",F,"
        + status.toByteArray() + ", imei:" + uniqueId.toLatin1() + ",\r\n";
}

QByteArray XexunFrameEncoder::position(const QString &uniqueId, const Position &p,
                                       quint32 serial) const
{
    Q_UNUSED(serial);
    return report(uniqueId, p, {});
}

QByteArray XexunFrameEncoder::alarm(const QString &uniqueId, const Position &p,
                                    const QString &alarmName, quint32 serial) const
{
    Q_UNUSED(serial);
    const char *status = alarmName == alarm::sos ? "help me!"
        : alarmName == alarm::lowBattery         ? "low battery"
        : alarmName == alarm::movement           ? "move!"
                                                 : nullptr;
    return status ? report(uniqueId, p, status) : QByteArray();
}

} // namespace fw
