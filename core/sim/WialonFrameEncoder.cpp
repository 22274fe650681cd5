#include "WialonFrameEncoder.h"

#include "DegreesMinutes.h"

#include <QDateTime>

namespace fw {

namespace {

QByteArray degMin(double value, int degreeDigits)
{
    return degreesMinutes(value, degreeDigits, 5);
}

} // namespace

QByteArray WialonFrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(serial);
    return "#L#" + uniqueId.toLatin1() + ";NA\r\n";
}

QByteArray WialonFrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(uniqueId);
    Q_UNUSED(serial);
    return "#P#\r\n";
}

QByteArray WialonFrameEncoder::data(const Position &p, QByteArrayView params)
{
    const TimeMs t = p.deviceTime == kNoTime ? QDateTime::currentMSecsSinceEpoch() : p.deviceTime;
    const QDateTime dt = toDateTime(t);
    // The fix flag has no field of its own: fewer than three satellites is "no fix".
    const int satellites = p.valid ? std::max(3, p.satellites) : 0;
    QByteArray out = "#D#";
    out += dt.toString(QStringLiteral("ddMMyy;HHmmss;")).toLatin1();
    out += degMin(p.latitude, 2) + (p.latitude < 0 ? ";S;" : ";N;");
    out += degMin(p.longitude, 3) + (p.longitude < 0 ? ";W;" : ";E;");
    out += QByteArray::number(p.speedKph, 'f', 1) + ';' + QByteArray::number(p.course, 'f', 1)
        + ';' + QByteArray::number(p.altitude, 'f', 1) + ';' + QByteArray::number(satellites);
    out += ";1.0;NA;NA;;NA;" + (params.isEmpty() ? QByteArray("NA") : params.toByteArray());
    out += "\r\n";
    return out;
}

QByteArray WialonFrameEncoder::position(const QString &uniqueId, const Position &p,
                                        quint32 serial) const
{
    Q_UNUSED(uniqueId);
    Q_UNUSED(serial);
    return data(p, {});
}

QByteArray WialonFrameEncoder::alarm(const QString &uniqueId, const Position &p,
                                     const QString &alarmName, quint32 serial) const
{
    Q_UNUSED(uniqueId);
    Q_UNUSED(serial);
    if (alarmName != alarm::sos)
        return {};
    return data(p, "SOS:1:1");
}

} // namespace fw
