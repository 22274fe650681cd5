#include "TeltonikaFrameEncoder.h"

#include "protocols/Checksums.h"

#include <algorithm>
#include <cmath>

namespace fw {

namespace {
void put(QByteArray &b, quint64 v, int n)
{
    for (int i = n - 1; i >= 0; --i)
        b.append(static_cast<char>((v >> (8 * i)) & 0xff));
}
} // namespace

QString TeltonikaFrameEncoder::protocol() const
{
    return QStringLiteral("teltonika");
}

QByteArray TeltonikaFrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(serial);
    const QByteArray imei = uniqueId.toLatin1();
    QByteArray b;
    put(b, static_cast<quint64>(imei.size()), 2);
    b.append(imei);
    return b;
}

QByteArray TeltonikaFrameEncoder::avlPacket(const Position &p, int eventIo, int alarmIo)
{
    QByteArray data;
    data.reserve(64);
    data.append(char(0x08)); // codec 8
    data.append(char(1)); // one record
    put(data, static_cast<quint64>(p.deviceTime), 8);
    data.append(char(alarmIo ? 1 : 0)); // priority: high for alarms
    put(data, static_cast<quint32>(static_cast<qint32>(std::lround(p.longitude * 1e7))), 4);
    put(data, static_cast<quint32>(static_cast<qint32>(std::lround(p.latitude * 1e7))), 4);
    put(data, static_cast<quint16>(static_cast<qint16>(std::lround(p.altitude))), 2);
    put(data, static_cast<quint16>(std::lround(p.course)) % 360, 2);
    const int sats = p.valid ? (p.satellites > 0 ? p.satellites : 8) : 0;
    data.append(static_cast<char>(sats));
    put(data, static_cast<quint16>(std::lround(std::max(0.0, p.speedKph))), 2);
    data.append(static_cast<char>(eventIo));
    const bool ignition = p.attributes.value(attr::ignition, true).toBool();
    const int power = static_cast<int>(
        std::lround(p.attributes.value(attr::power, 12.6).toDouble() * 1000));
    const int battery = static_cast<int>(
        std::lround(p.attributes.value(attr::battery, 4.1).toDouble() * 1000));
    // 1-byte IOs: ignition, motion, gsm level (+ alarm); 2-byte: power, battery.
    const int oneByte = alarmIo ? 4 : 3;
    data.append(static_cast<char>(oneByte + 2));
    data.append(static_cast<char>(oneByte));
    data.append(char(239));
    data.append(char(ignition ? 1 : 0));
    data.append(char(240));
    data.append(char(p.speedKph > 1 ? 1 : 0));
    data.append(char(21));
    data.append(char(4));
    if (alarmIo) {
        data.append(static_cast<char>(alarmIo));
        data.append(char(1));
    }
    data.append(char(2));
    data.append(char(66));
    put(data, static_cast<quint16>(power), 2);
    data.append(char(67));
    put(data, static_cast<quint16>(battery), 2);
    data.append(char(0)); // 4-byte IOs
    data.append(char(0)); // 8-byte IOs
    data.append(char(1)); // record count again

    QByteArray b;
    b.reserve(data.size() + 12);
    put(b, 0, 4);
    put(b, static_cast<quint64>(data.size()), 4);
    b.append(data);
    put(b, checksum::crc16Ibm(data), 4);
    return b;
}

QByteArray TeltonikaFrameEncoder::position(const QString &uniqueId, const Position &p,
                                           quint32 serial) const
{
    Q_UNUSED(uniqueId);
    Q_UNUSED(serial);
    return avlPacket(p, 0, 0);
}

QByteArray TeltonikaFrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(uniqueId);
    Q_UNUSED(serial);
    return QByteArray(1, '\xff');
}

QByteArray TeltonikaFrameEncoder::alarm(const QString &uniqueId, const Position &p,
                                        const QString &alarm, quint32 serial) const
{
    Q_UNUSED(uniqueId);
    Q_UNUSED(serial);
    int io = 0;
    if (alarm == fw::alarm::general)
        io = 236;
    else if (alarm == fw::alarm::accident)
        io = 247;
    else if (alarm == fw::alarm::powerCut)
        io = 252;
    if (io == 0)
        return {};
    return avlPacket(p, io, io);
}

} // namespace fw
