#include "RuptelaFrameEncoder.h"

#include "protocols/RuptelaDecoder.h"

#include <QDateTime>
#include <cmath>

namespace fw {

namespace {

constexpr quint8 kRecords = 1;
constexpr quint8 kIdentification = 15;
constexpr quint8 kHeartbeat = 16;
constexpr quint8 kExtendedRecords = 68;

void putBe(QByteArray &out, quint64 v, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i)
        out.append(static_cast<char>((v >> (8 * i)) & 0xff));
}

struct Io
{
    int id;
    int width;
    quint64 value;
};

// One record: time, fix (or none), event and the IO elements grouped by width.
QByteArray record(const Position &p, bool extended, int event, std::initializer_list<Io> io)
{
    QByteArray b;
    const TimeMs t = p.deviceTime == kNoTime ? QDateTime::currentMSecsSinceEpoch() : p.deviceTime;
    putBe(b, static_cast<quint64>(t / 1000), 4);
    b.append('\0'); // time extension
    if (extended)
        b.append('\0'); // not a merged record
    b.append('\0'); // priority
    if (p.valid) {
        putBe(b, static_cast<quint32>(static_cast<qint32>(std::lround(p.longitude * 1e7))), 4);
        putBe(b, static_cast<quint32>(static_cast<qint32>(std::lround(p.latitude * 1e7))), 4);
    } else {
        putBe(b, 0x80000000u, 4);
        putBe(b, 0x80000000u, 4);
    }
    putBe(b, static_cast<quint64>(std::clamp(std::lround(p.altitude * 10.0), 0L, 65535L)), 2);
    putBe(b, static_cast<quint64>(std::lround(std::fmod(p.course, 360.0) * 100.0)), 2);
    b.append(static_cast<char>(std::clamp(p.satellites, 0, 255)));
    putBe(b, static_cast<quint64>(std::clamp(std::lround(p.speedKph), 0L, 65535L)), 2);
    b.append(static_cast<char>(10)); // HDOP 1.0
    putBe(b, static_cast<quint64>(event), extended ? 2 : 1);
    for (const int width : { 1, 2, 4, 8 }) {
        QByteArray group;
        int count = 0;
        for (const Io &e : io) {
            if (e.width != width)
                continue;
            putBe(group, static_cast<quint64>(e.id), extended ? 2 : 1);
            putBe(group, e.value, width);
            ++count;
        }
        b.append(static_cast<char>(count));
        b.append(group);
    }
    return b;
}

QByteArray packet(const QString &uniqueId, quint8 command, const QByteArray &records)
{
    QByteArray data;
    data.append('\0'); // no more records waiting
    data.append('\x01'); // one record
    data.append(records);
    return RuptelaDecoder::devicePacket(uniqueId.toULongLong(), command, data);
}

} // namespace

QByteArray RuptelaFrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(serial);
    // Identification: firmware version and a few settings the server does not need.
    QByteArray data("FMPRO4-01.05.02");
    data.append(QByteArray(16, '\0'));
    return RuptelaDecoder::devicePacket(uniqueId.toULongLong(), kIdentification, data);
}

QByteArray RuptelaFrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(serial);
    return RuptelaDecoder::devicePacket(uniqueId.toULongLong(), kHeartbeat, {});
}

QByteArray RuptelaFrameEncoder::position(const QString &uniqueId, const Position &p,
                                         quint32 serial) const
{
    Q_UNUSED(serial);
    return packet(uniqueId, kRecords,
                  record(p, false, 0, { { 251, 1, 1 }, { 29, 2, 12800 }, { 65, 4, 1000 } }));
}

QByteArray RuptelaFrameEncoder::alarm(const QString &uniqueId, const Position &p,
                                      const QString &alarmName, quint32 serial) const
{
    Q_UNUSED(serial);
    if (alarmName == alarm::hardBraking)
        return packet(uniqueId, kRecords, record(p, false, 134, { { 134, 1, 1 } }));
    if (alarmName == alarm::hardAcceleration)
        return packet(uniqueId, kRecords, record(p, false, 136, { { 136, 1, 1 } }));
    if (alarmName == alarm::jamming)
        return packet(uniqueId, kRecords, record(p, false, 88, { { 88, 1, 1 } }));
    if (alarmName == alarm::tow)
        return packet(uniqueId, kExtendedRecords, record(p, true, 410, { { 410, 1, 1 } }));
    if (alarmName == alarm::accident)
        return packet(uniqueId, kExtendedRecords, record(p, true, 411, { { 411, 1, 1 } }));
    return {};
}

} // namespace fw
