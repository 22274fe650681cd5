#include "H02FrameEncoder.h"

#include <QDateTime>
#include <cmath>

namespace fw {

namespace {

// DDMM.MMMM / DDDMM.MMMM with hemisphere.
QString coordinate(double value, bool latitude)
{
    const double a = std::fabs(value);
    int degrees = static_cast<int>(a);
    double minutes = (a - degrees) * 60.0;
    if (std::lround(minutes * 10000) >= 600000) {
        ++degrees;
        minutes = 0;
    }
    const QString hemisphere = latitude ? (value < 0 ? QStringLiteral("S") : QStringLiteral("N"))
                                        : (value < 0 ? QStringLiteral("W") : QStringLiteral("E"));
    return QStringLiteral("%1%2,%3")
        .arg(degrees, latitude ? 2 : 3, 10, QLatin1Char('0'))
        .arg(minutes, 7, 'f', 4, QLatin1Char('0'))
        .arg(hemisphere);
}

QByteArray report(const QString &id, const Position &p, quint32 status)
{
    const QDateTime dt = toDateTime(p.deviceTime == kNoTime ? 0 : p.deviceTime);
    return QStringLiteral("*HQ,%1,V1,%2,%3,%4,%5,%6,%7,%8,%9#")
        .arg(id, dt.toString(QStringLiteral("HHmmss")),
            p.valid ? QStringLiteral("A") : QStringLiteral("V"), coordinate(p.latitude, true),
            coordinate(p.longitude, false), QString::number(p.speedKph / kKnotsToKph, 'f', 2),
            QString::number(std::lround(p.course) % 360), dt.toString(QStringLiteral("ddMMyy")),
            QStringLiteral("%1").arg(status, 8, 16, QLatin1Char('0')).toUpper())
        .toLatin1();
}

} // namespace

quint32 H02FrameEncoder::statusWord(bool ignition, const QString &value)
{
    quint32 status = 0xFFFFFBFF;
    if (ignition)
        status |= 1u << 10;
    if (value == alarm::vibration)
        status &= ~(1u << 0);
    else if (value == alarm::sos)
        status &= ~(1u << 1);
    else if (value == alarm::overspeed)
        status &= ~(1u << 2);
    else if (value == alarm::powerCut)
        status &= ~(1u << 19);
    return status;
}

QByteArray H02FrameEncoder::login(const QString &, quint32) const
{
    return {}; // H02 has no login frame: every frame carries the id
}

QByteArray H02FrameEncoder::position(const QString &uniqueId, const Position &p, quint32) const
{
    return report(uniqueId, p, statusWord(p.attributes.value(attr::ignition).toBool(), {}));
}

QByteArray H02FrameEncoder::heartbeat(const QString &uniqueId, quint32) const
{
    return QStringLiteral("*HQ,%1,HTBT#").arg(uniqueId).toLatin1();
}

QByteArray H02FrameEncoder::alarm(
    const QString &uniqueId, const Position &p, const QString &value, quint32) const
{
    if (value != alarm::sos && value != alarm::vibration && value != alarm::overspeed
        && value != alarm::powerCut)
        return {};
    return report(uniqueId, p, statusWord(p.attributes.value(attr::ignition).toBool(), value));
}

} // namespace fw
