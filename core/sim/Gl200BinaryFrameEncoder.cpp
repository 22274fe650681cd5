#include "Gl200BinaryFrameEncoder.h"

#include <QDateTime>

namespace fw {

namespace {

constexpr char kDeviceType = 0x45;

void put(QByteArray &out, quint64 v, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i)
        out.append(static_cast<char>((v >> (8 * i)) & 0xff));
}

// 15 digits: seven bytes of two digits, then one of the last digit. Non-digits count as 0.
void putImei(QByteArray &out, const QString &imei)
{
    const QString digits = imei.rightJustified(15, u'0').right(15);
    const auto digit = [&digits](int i) {
        const int d = digits[i].unicode() - u'0';
        return d >= 0 && d <= 9 ? d : 0;
    };
    for (int i = 0; i < 14; i += 2)
        out.append(static_cast<char>(digit(i) * 10 + digit(i + 1)));
    out.append(static_cast<char>(digit(14)));
}

void putTime(QByteArray &out, TimeMs t)
{
    const QDateTime dt = toDateTime(t);
    put(out, static_cast<quint64>(dt.date().year()), 2);
    put(out, static_cast<quint64>(dt.date().month()), 1);
    put(out, static_cast<quint64>(dt.date().day()), 1);
    put(out, static_cast<quint64>(dt.time().hour()), 1);
    put(out, static_cast<quint64>(dt.time().minute()), 1);
    put(out, static_cast<quint64>(dt.time().second()), 1);
}

// Send time, count number, check (not computed: 0) and "\r\n"; then the length is filled in.
QByteArray finish(QByteArray out, qsizetype lengthAt, int lengthBytes, quint32 serial)
{
    putTime(out, QDateTime::currentMSecsSinceEpoch());
    put(out, serial & 0xffff, 2);
    put(out, 0, 2);
    out.append("\r\n");
    for (int i = 0; i < lengthBytes; ++i)
        out[lengthAt + i] = static_cast<char>((out.size() >> (8 * (lengthBytes - 1 - i))) & 0xff);
    return out;
}

} // namespace

QByteArray Gl200BinaryFrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(uniqueId);
    Q_UNUSED(serial);
    return {}; // every report carries the id
}

QByteArray Gl200BinaryFrameEncoder::position(const QString &uniqueId, const Position &p,
                                             quint32 serial) const
{
    const TimeMs t = p.deviceTime == kNoTime ? QDateTime::currentMSecsSinceEpoch() : p.deviceTime;
    QByteArray out = "+RSP";
    put(out, 7, 1); // fixed report
    put(out, 0x00fc1fbf, 4); // report mask
    put(out, 0, 2); // length, filled in by finish()
    out.append(kDeviceType);
    put(out, 0x0102, 2); // protocol version
    put(out, 0x0209, 2); // firmware version
    putImei(out, uniqueId);
    put(out, 100, 1); // battery percent
    put(out, 12600, 2); // external power, mV
    put(out, 0x22, 1); // motion status: moving
    put(out, p.valid ? 9 : 0, 1); // satellites
    put(out, 0, 1); // report index
    put(out, 1, 1); // one point
    put(out, p.valid ? 1 : 0, 1); // hdop (0 = no fix)
    const int tenths = qRound(p.speedKph * 10);
    put(out, static_cast<quint64>(tenths / 10), 2);
    put(out, static_cast<quint64>(tenths % 10), 1);
    put(out, static_cast<quint64>(qRound(p.course)), 2);
    put(out, static_cast<quint16>(static_cast<qint16>(qRound(p.altitude))), 2);
    put(out, static_cast<quint32>(static_cast<qint32>(qRound(p.longitude * 1e6))), 4);
    put(out, static_cast<quint32>(static_cast<qint32>(qRound(p.latitude * 1e6))), 4);
    putTime(out, t);
    put(out, 0x0262, 2); // MCC 262, written in hex digits
    put(out, 0x0001, 2); // MNC
    put(out, 0x18d8, 2); // LAC
    put(out, 0x6141, 2); // cell
    put(out, 0, 1); // reserved
    return finish(out, 9, 2, serial);
}

QByteArray Gl200BinaryFrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    QByteArray out = "+HBD";
    put(out, 0xef, 1); // mask: count, send time, id, firmware, protocol, device type, length
    put(out, 0, 1); // length
    out.append(kDeviceType);
    put(out, 0x0102, 2);
    put(out, 0x0209, 2);
    putImei(out, uniqueId);
    return finish(out, 5, 1, serial);
}

} // namespace fw
