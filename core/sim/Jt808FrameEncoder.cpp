#include "Jt808FrameEncoder.h"

#include "protocols/Jt808Decoder.h"

#include <algorithm>
#include <cmath>

namespace fw {

namespace {
void put(QByteArray &b, quint64 v, int n)
{
    for (int i = n - 1; i >= 0; --i)
        b.append(static_cast<char>((v >> (8 * i)) & 0xff));
}

char bcdByte(int v)
{
    return static_cast<char>(((v / 10) << 4) | (v % 10));
}
} // namespace

QString Jt808FrameEncoder::protocol() const
{
    return QStringLiteral("jt808");
}

QByteArray Jt808FrameEncoder::message(int type, const QString &uniqueId, quint32 serial,
                                      const QByteArray &body)
{
    QByteArray digits;
    for (QChar c : uniqueId) {
        if (c.isDigit())
            digits.append(static_cast<char>(c.unicode()));
    }
    const bool v2019 = digits.size() > 12;
    const int width = v2019 ? 20 : 12;
    digits = digits.right(width).rightJustified(width, '0');
    QByteArray content;
    put(content, static_cast<quint64>(type), 2);
    put(content, static_cast<quint64>((body.size() & 0x3ff) | (v2019 ? 0x4000 : 0)), 2);
    if (v2019)
        content.append(char(1)); // protocol version
    for (qsizetype i = 0; i < digits.size(); i += 2)
        content.append(static_cast<char>(((digits[i] - '0') << 4) | (digits[i + 1] - '0')));
    put(content, serial & 0xffff, 2);
    content.append(body);
    return Jt808Decoder::wrap(content);
}

QByteArray Jt808FrameEncoder::locationBody(const Position &p, quint32 alarmBits)
{
    QByteArray b;
    b.reserve(48);
    put(b, alarmBits, 4);
    quint32 status = 0;
    if (p.attributes.value(attr::ignition, true).toBool())
        status |= 1;
    if (p.valid)
        status |= 2;
    if (p.latitude < 0)
        status |= 4;
    if (p.longitude < 0)
        status |= 8;
    put(b, status, 4);
    put(b, static_cast<quint32>(std::llround(std::fabs(p.latitude) * 1e6)), 4);
    put(b, static_cast<quint32>(std::llround(std::fabs(p.longitude) * 1e6)), 4);
    put(b, static_cast<quint16>(static_cast<qint16>(std::lround(p.altitude))), 2);
    put(b, static_cast<quint16>(std::lround(std::max(0.0, p.speedKph) * 10)), 2);
    put(b, static_cast<quint16>(std::lround(p.course)) % 360, 2);
    const QDateTime t = toDateTime(p.deviceTime + 8 * kHour); // terminals send GMT+8
    b.append(bcdByte(t.date().year() % 100));
    b.append(bcdByte(t.date().month()));
    b.append(bcdByte(t.date().day()));
    b.append(bcdByte(t.time().hour()));
    b.append(bcdByte(t.time().minute()));
    b.append(bcdByte(t.time().second()));
    // Additional items: mileage (0.1 km), signal strength, satellites.
    b.append(char(0x01));
    b.append(char(4));
    put(b, static_cast<quint32>(p.attributes.value(attr::odometer, 0).toLongLong() / 100), 4);
    b.append(char(0x30));
    b.append(char(1));
    b.append(char(25));
    b.append(char(0x31));
    b.append(char(1));
    b.append(static_cast<char>(p.satellites >= 0 ? p.satellites : (p.valid ? 8 : 0)));
    return b;
}

QByteArray Jt808FrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    QByteArray body;
    put(body, 44, 2); // province
    put(body, 300, 2); // city
    body.append("FLTWC", 5); // manufacturer
    body.append(QByteArray("FW-SIM").leftJustified(20, '\0'));
    body.append(QByteArray("SIM0001").leftJustified(7, '\0'));
    body.append(char(1)); // plate colour
    body.append("SIM123");
    return message(0x0100, uniqueId, serial, body);
}

QByteArray Jt808FrameEncoder::position(const QString &uniqueId, const Position &p,
                                       quint32 serial) const
{
    return message(0x0200, uniqueId, serial, locationBody(p, 0));
}

QByteArray Jt808FrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    return message(0x0002, uniqueId, serial, {});
}

QByteArray Jt808FrameEncoder::alarm(const QString &uniqueId, const Position &p,
                                    const QString &alarm, quint32 serial) const
{
    quint32 bits = 0;
    if (alarm == fw::alarm::sos)
        bits = 1u << 0;
    else if (alarm == fw::alarm::overspeed)
        bits = 1u << 1;
    else if (alarm == fw::alarm::lowBattery)
        bits = 1u << 7;
    else if (alarm == fw::alarm::powerCut)
        bits = 1u << 8;
    else if (alarm == fw::alarm::vibration)
        bits = 1u << 15;
    else if (alarm == fw::alarm::tampering)
        bits = 1u << 16;
    else if (alarm == fw::alarm::movement)
        bits = 1u << 28;
    else if (alarm == fw::alarm::accident)
        bits = 1u << 29;
    if (bits == 0)
        return {};
    return message(0x0200, uniqueId, serial, locationBody(p, bits));
}

} // namespace fw
