#include "MeitrackFrameEncoder.h"

#include "protocols/MeitrackDecoder.h"

#include <QDateTime>

namespace fw {

QByteArray MeitrackFrameEncoder::packet(const QString &uniqueId, QByteArrayView content,
                                        quint32 serial)
{
    const char flag = static_cast<char>('A' + serial % 26);
    const QByteArray tail = ',' + uniqueId.toLatin1() + ',' + content.toByteArray() + '*';
    const QByteArray text = QByteArray("$$") + flag + QByteArray::number(tail.size() + 4) + tail;
    return text + MeitrackDecoder::checksum(text) + "\r\n";
}

QByteArray MeitrackFrameEncoder::report(const QString &uniqueId, const Position &p, int event,
                                        quint32 serial)
{
    const TimeMs t = p.deviceTime == kNoTime ? QDateTime::currentMSecsSinceEpoch() : p.deviceTime;
    QByteArray c = "AAA," + QByteArray::number(event) + ',';
    c += QByteArray::number(p.latitude, 'f', 6) + ',' + QByteArray::number(p.longitude, 'f', 6);
    c += ',' + toDateTime(t).toString(QStringLiteral("yyMMddHHmmss")).toLatin1();
    c += p.valid ? ",A," : ",V,";
    c += QByteArray::number(p.valid ? std::max(4, p.satellites) : 0) + ",20,";
    c += QByteArray::number(qRound(p.speedKph)) + ',' + QByteArray::number(qRound(p.course));
    c += ",1.0," + QByteArray::number(qRound(p.altitude)) + ",0,0,0|0|0|0,0000,"
        + "0000|0000|0000|019A|0514,";
    return packet(uniqueId, c, serial);
}

QByteArray MeitrackFrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(uniqueId);
    Q_UNUSED(serial);
    return {}; // every packet carries the IMEI
}

QByteArray MeitrackFrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    return packet(uniqueId, "AAC,1", serial);
}

QByteArray MeitrackFrameEncoder::position(const QString &uniqueId, const Position &p,
                                          quint32 serial) const
{
    return report(uniqueId, p, 35, serial);
}

QByteArray MeitrackFrameEncoder::alarm(const QString &uniqueId, const Position &p,
                                       const QString &alarmName, quint32 serial) const
{
    const int event = alarmName == alarm::sos ? 1
        : alarmName == alarm::lowBattery      ? 17
        : alarmName == alarm::overspeed       ? 19
        : alarmName == alarm::powerCut        ? 23
        : alarmName == alarm::accident        ? 78
                                              : -1;
    return event < 0 ? QByteArray() : report(uniqueId, p, event, serial);
}

} // namespace fw
