#include "CastelFrameEncoder.h"

#include "protocols/CastelDecoder.h"

#include <QDateTime>
#include <cmath>

namespace fw {

namespace {

constexpr quint8 kVersion = 4;

void putLe(QByteArray &out, quint32 v, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out.append(static_cast<char>((v >> (8 * i)) & 0xff));
}

QByteArray paddedId(const QString &uniqueId)
{
    QByteArray id = uniqueId.toLatin1().left(20);
    id.append(QByteArray(20 - id.size(), '\0'));
    return id;
}

// Ignition-on time, device time, odometer, trip, fuel used, current fuel use, state, reserved.
QByteArray stat(TimeMs t)
{
    QByteArray out;
    const quint32 secs = static_cast<quint32>(t / 1000);
    putLe(out, secs, 4);
    putLe(out, secs, 4);
    putLe(out, 0, 4 + 4 + 4 + 2);
    putLe(out, 1u << 18, 4); // ignition on
    out.append(QByteArray(8, '\0'));
    return out;
}

} // namespace

QByteArray CastelFrameEncoder::fix(const Position &p)
{
    const TimeMs t = p.deviceTime == kNoTime ? QDateTime::currentMSecsSinceEpoch() : p.deviceTime;
    const QDateTime dt = toDateTime(t);
    QByteArray out;
    out.append(static_cast<char>(dt.date().day()));
    out.append(static_cast<char>(dt.date().month()));
    out.append(static_cast<char>(dt.date().year() - 2000));
    out.append(static_cast<char>(dt.time().hour()));
    out.append(static_cast<char>(dt.time().minute()));
    out.append(static_cast<char>(dt.time().second()));
    putLe(out, static_cast<quint32>(std::llround(std::fabs(p.latitude) * 3600000.0)), 4);
    putLe(out, static_cast<quint32>(std::llround(std::fabs(p.longitude) * 3600000.0)), 4);
    putLe(out, static_cast<quint32>(std::lround(p.speedKph / 0.036)), 2);
    putLe(out, static_cast<quint32>(std::lround(p.course * 10.0)), 2);
    int flags = (p.latitude >= 0 ? 0x02 : 0) | (p.longitude >= 0 ? 0x01 : 0);
    flags |= p.valid ? 0x0c : 0;
    flags |= std::clamp(p.satellites, 0, 15) << 4;
    out.append(static_cast<char>(flags));
    return out;
}

QByteArray CastelFrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(serial);
    const QByteArray body = stat(QDateTime::currentMSecsSinceEpoch()) + '\0'; // no fix
    return CastelDecoder::response(kVersion, paddedId(uniqueId), 0x1001, body);
}

QByteArray CastelFrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(serial);
    return CastelDecoder::response(kVersion, paddedId(uniqueId), 0x1003);
}

QByteArray CastelFrameEncoder::position(const QString &uniqueId, const Position &p,
                                        quint32 serial) const
{
    Q_UNUSED(serial);
    const QByteArray body = '\0' + stat(p.deviceTime) + '\x01' + fix(p);
    return CastelDecoder::response(kVersion, paddedId(uniqueId), 0x4001, body);
}

QByteArray CastelFrameEncoder::alarm(const QString &uniqueId, const Position &p,
                                     const QString &alarmName, quint32 serial) const
{
    Q_UNUSED(serial);
    const char code = alarmName == alarm::overspeed ? '\x01'
        : alarmName == alarm::lowPower             ? '\x02'
        : alarmName == alarm::tow                  ? '\x07'
        : alarmName == alarm::powerOff             ? '\x0e'
                                                   : '\0';
    if (code == '\0')
        return {};
    QByteArray body(4, '\0'); // alarm bits
    body += stat(p.deviceTime) + '\x01' + fix(p);
    body += QByteArray("\x01\x01", 2) + code + QByteArray(4, '\0');
    return CastelDecoder::response(kVersion, paddedId(uniqueId), 0x4007, body);
}

} // namespace fw
