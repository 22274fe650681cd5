#include "SuntechFrameEncoder.h"

#include <QDateTime>

namespace fw {

namespace {

QByteArray signedDegrees(double value, int intDigits)
{
    const QByteArray digits = QByteArray::number(std::abs(value), 'f', 6)
                                  .rightJustified(intDigits + 7, '0');
    return (value < 0 ? "-" : "+") + digits;
}

} // namespace

QByteArray SuntechFrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(uniqueId);
    Q_UNUSED(serial);
    return {}; // every report carries the id
}

QByteArray SuntechFrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(serial);
    return "ST300ALV;" + uniqueId.toLatin1() + '\r';
}

QByteArray SuntechFrameEncoder::report(const QString &uniqueId, const Position &p,
                                       QByteArrayView type, QByteArrayView tail)
{
    const TimeMs t = p.deviceTime == kNoTime ? QDateTime::currentMSecsSinceEpoch() : p.deviceTime;
    const QDateTime dt = toDateTime(t);
    QByteArray out = "ST300" + type.toByteArray() + ';' + uniqueId.toLatin1() + ";02;1097B;";
    out += dt.toString(QStringLiteral("yyyyMMdd;HH:mm:ss")).toLatin1() + ";00100;";
    out += signedDegrees(p.latitude, 2) + ';' + signedDegrees(p.longitude, 3) + ';';
    out += QByteArray::number(p.speedKph, 'f', 3).rightJustified(7, '0') + ';';
    out += QByteArray::number(p.course, 'f', 2).rightJustified(6, '0') + ';';
    out += QByteArray::number(std::max(0, p.satellites)) + ';' + (p.valid ? "1" : "0");
    out += ";0;12.50;100000;" + tail.toByteArray() + '\r';
    return out;
}

QByteArray SuntechFrameEncoder::position(const QString &uniqueId, const Position &p,
                                         quint32 serial) const
{
    const QByteArray tail = "1;" + QByteArray::number(serial % 10000);
    return report(uniqueId, p, "STT", tail);
}

QByteArray SuntechFrameEncoder::alarm(const QString &uniqueId, const Position &p,
                                      const QString &alarmName, quint32 serial) const
{
    Q_UNUSED(serial);
    const char *code = alarmName == alarm::sos ? "1"
        : alarmName == alarm::parking          ? "2"
        : alarmName == alarm::powerCut         ? "3"
        : alarmName == alarm::movement         ? "7"
                                               : nullptr;
    return code ? report(uniqueId, p, "EMG", code) : QByteArray();
}

} // namespace fw
