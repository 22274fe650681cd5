#include "Gl200FrameEncoder.h"

#include <QDateTime>

namespace fw {

namespace {

QByteArray count(quint32 serial)
{
    return QByteArray::number(serial & 0xffff, 16).toUpper().rightJustified(4, '0');
}

QByteArray stamp(TimeMs t)
{
    return toDateTime(t).toString(QStringLiteral("yyyyMMddHHmmss")).toLatin1();
}

} // namespace

QByteArray Gl200FrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(uniqueId);
    Q_UNUSED(serial);
    return {}; // every report carries the id
}

QByteArray Gl200FrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    return "+ACK:GTHBD,1A0401," + uniqueId.toLatin1() + ",GL300,"
        + stamp(QDateTime::currentMSecsSinceEpoch()) + ',' + count(serial) + '$';
}

QByteArray Gl200FrameEncoder::report(const QString &uniqueId, const Position &p,
                                     QByteArrayView type, QByteArrayView before, quint32 serial)
{
    const TimeMs t = p.deviceTime == kNoTime ? QDateTime::currentMSecsSinceEpoch() : p.deviceTime;
    QByteArray out = "+RESP:" + type.toByteArray() + ",1A0401," + uniqueId.toLatin1() + ",GL300,"
        + before.toByteArray() + ',';
    out += (p.valid ? "1," : "0,") + QByteArray::number(p.speedKph, 'f', 1) + ','
        + QByteArray::number(qRound(p.course)) + ',' + QByteArray::number(p.altitude, 'f', 1)
        + ',';
    out += QByteArray::number(p.longitude, 'f', 6) + ',' + QByteArray::number(p.latitude, 'f', 6)
        + ',' + stamp(t) + ",0262,0001,18d8,6141,00,";
    out += stamp(t) + ',' + count(serial) + '$';
    return out;
}

QByteArray Gl200FrameEncoder::position(const QString &uniqueId, const Position &p,
                                       quint32 serial) const
{
    return report(uniqueId, p, "GTFRI", ",10,1", serial);
}

QByteArray Gl200FrameEncoder::alarm(const QString &uniqueId, const Position &p,
                                    const QString &alarmName, quint32 serial) const
{
    if (alarmName == alarm::sos)
        return report(uniqueId, p, "GTSOS", ",00,1", serial);
    if (alarmName == alarm::overspeed)
        return report(uniqueId, p, "GTSPD", ",00,1", serial);
    return {};
}

} // namespace fw
