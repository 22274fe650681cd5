#include "EelinkFrameEncoder.h"

#include <QDateTime>
#include <cmath>

namespace fw {

namespace {

void put16(QByteArray &b, quint32 v)
{
    b.append(char((v >> 8) & 0xff)).append(char(v & 0xff));
}

void put32(QByteArray &b, quint32 v)
{
    put16(b, v >> 16);
    put16(b, v & 0xffff);
}

// Time, fix flag, position, altitude, km/h, course, satellites.
QByteArray fix(const Position &p)
{
    const TimeMs t = p.deviceTime == kNoTime ? QDateTime::currentMSecsSinceEpoch() : p.deviceTime;
    QByteArray b;
    put32(b, quint32(t / 1000));
    b.append('\x01');
    put32(b, quint32(qint32(std::lround(p.latitude * 1800000.0))));
    put32(b, quint32(qint32(std::lround(p.longitude * 1800000.0))));
    put16(b, quint16(qint16(std::lround(p.altitude))));
    put16(b, quint16(std::lround(p.speedKph)));
    put16(b, quint16(std::lround(p.course)));
    b.append(char(p.satellites > 0 ? p.satellites : 8));
    return b;
}

// Bit 0: fix valid; bits 1-2: ignition known and on.
quint16 status(const Position &p)
{
    quint16 s = p.valid ? 0x01 : 0x00;
    if (p.attributes.contains(attr::ignition))
        s |= 0x02 | (p.attributes.value(attr::ignition).toBool() ? 0x04 : 0);
    return s;
}

} // namespace

QByteArray EelinkFrameEncoder::packet(quint8 type, quint32 serial, const QByteArray &content)
{
    QByteArray b("\x67\x67", 2);
    b.append(char(type));
    put16(b, quint32(content.size() + 2));
    put16(b, serial & 0xffff);
    return b + content;
}

QByteArray EelinkFrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    // The IMEI as BCD behind a pad nibble, then the time zone (quarter hours) and language.
    QByteArray content = QByteArray::fromHex(uniqueId.rightJustified(16, u'0').left(16).toLatin1());
    content.append('\0').append('\x01');
    return packet(0x01, serial, content);
}

QByteArray EelinkFrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(uniqueId);
    QByteArray content;
    put16(content, 0);
    return packet(0x03, serial, content);
}

QByteArray EelinkFrameEncoder::position(const QString &uniqueId, const Position &p,
                                        quint32 serial) const
{
    Q_UNUSED(uniqueId);
    QByteArray content = fix(p);
    put16(content, status(p));
    put16(content, 4100); // battery, mV
    return packet(0x12, serial, content);
}

QByteArray EelinkFrameEncoder::alarm(const QString &uniqueId, const Position &p,
                                     const QString &alarmName, quint32 serial) const
{
    Q_UNUSED(uniqueId);
    const int code = alarmName == alarm::sos ? 0x02
        : alarmName == alarm::lowBattery     ? 0x03
        : alarmName == alarm::vibration      ? 0x04
        : alarmName == alarm::overspeed      ? 0x82
        : alarmName == alarm::accident       ? 0x85
                                             : -1;
    if (code < 0)
        return {};
    QByteArray content = fix(p);
    content.append(char(code));
    put16(content, status(p));
    return packet(0x14, serial, content);
}

} // namespace fw
