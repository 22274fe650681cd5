#include "GalileoFrameEncoder.h"

#include "protocols/GalileoDecoder.h"

#include <QDateTime>
#include <cmath>

namespace fw {

namespace {

constexpr quint8 kMain = 0x01;
constexpr quint16 kDeviceId = 50;

void putLe(QByteArray &out, quint32 v, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out.append(static_cast<char>((v >> (8 * i)) & 0xff));
}

void tag(QByteArray &out, quint8 t, quint32 v, int bytes)
{
    out.append(static_cast<char>(t));
    putLe(out, v, bytes);
}

QByteArray imeiTag(const QString &uniqueId)
{
    QByteArray out("\x03", 1);
    QByteArray imei = uniqueId.toLatin1().left(15);
    imei = imei.rightJustified(15, '0');
    out.append(imei);
    return out;
}

QByteArray head(const QString &uniqueId)
{
    QByteArray tags;
    tag(tags, 0x01, 0x82, 1); // hardware version
    tag(tags, 0x02, 0x13, 1); // firmware version
    tags.append(imeiTag(uniqueId));
    tag(tags, 0x04, kDeviceId, 2);
    return GalileoDecoder::packet(kMain, tags);
}

} // namespace

QByteArray GalileoFrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(serial);
    return head(uniqueId);
}

QByteArray GalileoFrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(serial);
    return head(uniqueId);
}

QByteArray GalileoFrameEncoder::position(const QString &uniqueId, const Position &p,
                                         quint32 serial) const
{
    QByteArray tags = imeiTag(uniqueId);
    tag(tags, 0x04, kDeviceId, 2);
    tag(tags, 0x10, serial & 0xffff, 2);
    const TimeMs t = p.deviceTime == kNoTime ? QDateTime::currentMSecsSinceEpoch() : p.deviceTime;
    tag(tags, 0x20, static_cast<quint32>(t / 1000), 4);
    tags.append('\x30');
    const int satellites = std::clamp(p.satellites, 0, 15);
    tags.append(static_cast<char>((p.valid ? 0x00 : 0x10) | satellites));
    putLe(tags, static_cast<quint32>(static_cast<qint32>(std::lround(p.latitude * 1e6))), 4);
    putLe(tags, static_cast<quint32>(static_cast<qint32>(std::lround(p.longitude * 1e6))), 4);
    const quint32 speed = static_cast<quint32>(std::clamp(std::lround(p.speedKph * 10.0), 0L, 65535L));
    const quint32 course = static_cast<quint32>(std::lround(std::fmod(p.course, 360.0) * 10.0));
    tag(tags, 0x33, speed | course << 16, 4);
    tag(tags, 0x34, static_cast<quint16>(static_cast<qint16>(std::lround(p.altitude))), 2);
    tag(tags, 0x35, 10, 1); // HDOP 1.0
    tag(tags, 0x40, 0x0100, 2); // status: ignition
    tag(tags, 0x41, 12800, 2); // power, mV
    tag(tags, 0x42, 4100, 2); // battery, mV
    tag(tags, 0xd4, 1000, 4); // odometer, m
    return GalileoDecoder::packet(kMain, tags);
}

} // namespace fw
