#include "T800xFrameEncoder.h"

#include <QDateTime>
#include <cmath>
#include <cstring>

namespace fw {

namespace {

char bcd(int v)
{
    return static_cast<char>(((v / 10) % 10) << 4 | (v % 10));
}

void putFloatLe(QByteArray &out, float f)
{
    quint32 bits = 0;
    std::memcpy(&bits, &f, sizeof bits);
    for (int i = 0; i < 4; ++i)
        out.append(static_cast<char>((bits >> (8 * i)) & 0xff));
}

void putBe(QByteArray &out, quint32 v, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i)
        out.append(static_cast<char>((v >> (8 * i)) & 0xff));
}

QByteArray report(const Position &p, quint8 alarmCode)
{
    QByteArray b;
    b.append(QByteArray(7, '\0')); // intervals and compensations
    putBe(b, 20, 2); // signal
    const int status = 0x40 | (p.valid ? 0 : 0x80) | std::clamp(p.satellites, 0, 31);
    b.append(static_cast<char>(status));
    b.append(QByteArray(6, '\0'));
    putBe(b, 1u << 14, 2); // ignition on
    b.append("\xff\xff\xff\xff", 4); // no analog inputs
    b.append(static_cast<char>(alarmCode));
    b.append('\0');
    putBe(b, 0, 4); // odometer
    b.append(bcd(80)); // battery %
    const TimeMs t = p.deviceTime == kNoTime ? QDateTime::currentMSecsSinceEpoch() : p.deviceTime;
    const QDateTime dt = toDateTime(t);
    for (const int v : { dt.date().year() % 100, dt.date().month(), dt.date().day(),
                         dt.time().hour(), dt.time().minute(), dt.time().second() })
        b.append(bcd(v));
    putFloatLe(b, static_cast<float>(p.altitude));
    putFloatLe(b, static_cast<float>(p.longitude));
    putFloatLe(b, static_cast<float>(p.latitude));
    const int speed = std::clamp(static_cast<int>(std::lround(p.speedKph * 10.0)), 0, 9999);
    b.append(bcd(speed / 100));
    b.append(bcd(speed % 100));
    putBe(b, static_cast<quint32>(std::lround(p.course)) % 360, 2);
    return b;
}

} // namespace

QByteArray T800xFrameEncoder::frame(quint8 type, quint32 serial, const QString &uniqueId,
                                    const QByteArray &body)
{
    QByteArray out("%%");
    out.append(static_cast<char>(type));
    putBe(out, static_cast<quint32>(15 + body.size()), 2);
    putBe(out, serial & 0xffff, 2);
    const QByteArray digits = QByteArray("0") + uniqueId.toLatin1();
    out.append(QByteArray::fromHex(digits.right(16).rightJustified(16, '0')));
    out.append(body);
    return out;
}

QByteArray T800xFrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    return frame(0x01, serial, uniqueId, QByteArray::fromHex("1101"));
}

QByteArray T800xFrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    return frame(0x03, serial, uniqueId, {});
}

QByteArray T800xFrameEncoder::position(const QString &uniqueId, const Position &p,
                                       quint32 serial) const
{
    return frame(0x02, serial, uniqueId, report(p, 0));
}

QByteArray T800xFrameEncoder::alarm(const QString &uniqueId, const Position &p,
                                    const QString &alarmName, quint32 serial) const
{
    const quint8 code = alarmName == alarm::sos ? 3
        : alarmName == alarm::powerCut          ? 1
        : alarmName == alarm::lowBattery        ? 2
        : alarmName == alarm::overspeed         ? 4
                                                : 0;
    return code ? frame(0x04, serial, uniqueId, report(p, code)) : QByteArray();
}

} // namespace fw
