#include "Gt06FrameEncoder.h"

#include "protocols/Gt06Decoder.h"

#include <QDateTime>
#include <cmath>

namespace fw {

namespace {

void putU16(QByteArray &b, quint32 v)
{
    b.append(static_cast<char>((v >> 8) & 0xff));
    b.append(static_cast<char>(v & 0xff));
}

void putU32(QByteArray &b, quint32 v)
{
    putU16(b, v >> 16);
    putU16(b, v & 0xffff);
}

// Time, satellites, coordinates, speed, course/status word (18 bytes) + LBS block.
void putGps(QByteArray &b, const Position &p)
{
    const QDateTime dt = toDateTime(p.deviceTime == kNoTime ? 0 : p.deviceTime);
    const QDate d = dt.date();
    const QTime t = dt.time();
    b.append(static_cast<char>(qBound(0, d.year() - 2000, 255)));
    b.append(static_cast<char>(d.month()));
    b.append(static_cast<char>(d.day()));
    b.append(static_cast<char>(t.hour()));
    b.append(static_cast<char>(t.minute()));
    b.append(static_cast<char>(t.second()));
    const int sats = p.satellites < 0 ? 0 : qMin(p.satellites, 15);
    b.append(static_cast<char>(0xC0 | sats));
    putU32(b, static_cast<quint32>(std::llround(std::fabs(p.latitude) * 60.0 * 30000.0)));
    putU32(b, static_cast<quint32>(std::llround(std::fabs(p.longitude) * 60.0 * 30000.0)));
    b.append(static_cast<char>(qBound(0, static_cast<int>(std::lround(p.speedKph)), 255)));
    quint16 flags = static_cast<quint16>(static_cast<int>(std::lround(p.course)) % 360) & 0x3ff;
    if (p.valid)
        flags |= 0x1000;
    if (p.latitude >= 0)
        flags |= 0x0400;
    if (p.longitude < 0)
        flags |= 0x0800;
    const QVariant ignition = p.attributes.value(attr::ignition);
    if (ignition.isValid())
        flags |= 0x4000 | (ignition.toBool() ? 0x8000 : 0);
    putU16(b, flags);
}

void putLbs(QByteArray &b)
{
    putU16(b, 260); // MCC
    b.append(static_cast<char>(2)); // MNC
    putU16(b, 0x1c2b); // LAC
    b.append("\x00\x6a\x41", 3); // cell id
}

} // namespace

int Gt06FrameEncoder::alarmCode(const QString &value)
{
    if (value == alarm::sos)
        return 0x01;
    if (value == alarm::powerCut)
        return 0x02;
    if (value == alarm::vibration)
        return 0x03;
    if (value == alarm::geofenceEnter)
        return 0x04;
    if (value == alarm::geofenceExit)
        return 0x05;
    if (value == alarm::overspeed)
        return 0x06;
    if (value == alarm::lowBattery)
        return 0x0E;
    if (value == alarm::tampering)
        return 0x13;
    if (value == alarm::door)
        return 0x14;
    if (value == alarm::removing)
        return 0x16;
    if (value == alarm::fallDown)
        return 0x23;
    if (value == alarm::accident)
        return 0x2C;
    return -1;
}

QByteArray Gt06FrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    QByteArray digits;
    for (QChar c : uniqueId) {
        if (c.isDigit())
            digits.append(static_cast<char>(c.unicode()));
    }
    digits = digits.right(16).rightJustified(16, '0');
    QByteArray content;
    for (int i = 0; i < 16; i += 2)
        content.append(static_cast<char>((digits[i] - '0') << 4 | (digits[i + 1] - '0')));
    content.append("\x36\x08", 2); // type identification code
    return Gt06Decoder::buildFrame(false, 0x01, static_cast<quint16>(serial), content);
}

QByteArray Gt06FrameEncoder::position(const QString &, const Position &p, quint32 serial) const
{
    QByteArray content;
    content.reserve(32);
    putGps(content, p);
    putLbs(content);
    const QVariant ignition = p.attributes.value(attr::ignition);
    content.append(static_cast<char>(ignition.toBool() ? 1 : 0)); // ACC
    content.append(static_cast<char>(0)); // upload mode: fixed interval
    content.append(static_cast<char>(0)); // real time
    return Gt06Decoder::buildFrame(false, 0x22, static_cast<quint16>(serial), content);
}

QByteArray Gt06FrameEncoder::heartbeat(const QString &, quint32 serial) const
{
    // Terminal info (GPS on, charging), voltage level 4, GSM signal 4, alarm 0, language 2.
    return Gt06Decoder::buildFrame(
        false, 0x13, static_cast<quint16>(serial), QByteArrayView("\x44\x04\x04\x00\x02", 5));
}

QByteArray Gt06FrameEncoder::alarm(
    const QString &, const Position &p, const QString &value, quint32 serial) const
{
    const int code = alarmCode(value);
    if (code < 0)
        return {};
    QByteArray content;
    putGps(content, p);
    content.append(static_cast<char>(9)); // LBS length (counts itself)
    putLbs(content);
    content.append(static_cast<char>(0x44)); // terminal info
    content.append(static_cast<char>(0x04)); // voltage level
    content.append(static_cast<char>(0x04)); // GSM signal
    content.append(static_cast<char>(code));
    content.append(static_cast<char>(0x02)); // language
    return Gt06Decoder::buildFrame(false, 0x16, static_cast<quint16>(serial), content);
}

} // namespace fw
