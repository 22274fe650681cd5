#include "WatchFrameEncoder.h"

#include <QDateTime>
#include <cmath>

namespace fw {

namespace {

QByteArray pad2(int v)
{
    return QByteArray::number(v).rightJustified(2, '0');
}

} // namespace

QByteArray WatchFrameEncoder::escape(QByteArrayView binary)
{
    QByteArray out;
    out.reserve(binary.size() + binary.size() / 8);
    for (const char c : binary) {
        switch (static_cast<quint8>(c)) {
        case 0x7d:
            out += "\x7d\x01";
            break;
        case 0x5b:
            out += "\x7d\x02";
            break;
        case 0x5d:
            out += "\x7d\x03";
            break;
        case 0x2c:
            out += "\x7d\x04";
            break;
        case 0x2a:
            out += "\x7d\x05";
            break;
        default:
            out += c;
        }
    }
    return out;
}

QByteArray WatchFrameEncoder::frame(
    const QString &uniqueId, QByteArrayView content, qsizetype rawLength) const
{
    const qsizetype len = rawLength < 0 ? content.size() : rawLength;
    const QByteArray lenHex = QByteArray::number(len, 16).toUpper().rightJustified(4, '0');
    return '[' + m_vendor + '*' + uniqueId.toLatin1() + '*' + lenHex + '*' + content.toByteArray()
        + ']';
}

QByteArray WatchFrameEncoder::positionData(const Position &p, quint32 status)
{
    const TimeMs t = p.deviceTime == kNoTime ? QDateTime::currentMSecsSinceEpoch() : p.deviceTime;
    const QDateTime dt = toDateTime(t);
    const QDate d = dt.date();
    const QTime tm = dt.time();
    QByteArray out;
    out.reserve(120);
    out += pad2(d.day()) + pad2(d.month()) + pad2(d.year() % 100) + ',';
    out += pad2(tm.hour()) + pad2(tm.minute()) + pad2(tm.second()) + ',';
    out += p.valid ? "A," : "V,";
    out += QByteArray::number(std::fabs(p.latitude), 'f', 6) + (p.latitude < 0 ? ",S," : ",N,");
    out += QByteArray::number(std::fabs(p.longitude), 'f', 6) + (p.longitude < 0 ? ",W," : ",E,");
    out += QByteArray::number(p.speedKph, 'f', 2) + ',';
    out += QByteArray::number(p.course, 'f', 1) + ',';
    out += QByteArray::number(p.altitude, 'f', 1) + ',';
    out += QByteArray::number(std::max(0, p.satellites)) + ",100,";
    out += QByteArray::number(p.attributes.value(attr::batteryLevel, 100).toInt()) + ",0,0,";
    out += QByteArray::number(status, 16).rightJustified(8, '0') + ",0,0";
    return out;
}

QByteArray WatchFrameEncoder::login(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(serial);
    return frame(uniqueId, "LK");
}

QByteArray WatchFrameEncoder::heartbeat(const QString &uniqueId, quint32 serial) const
{
    Q_UNUSED(serial);
    return frame(uniqueId, "LK,0,0,100");
}

QByteArray WatchFrameEncoder::position(
    const QString &uniqueId, const Position &p, quint32 serial) const
{
    Q_UNUSED(serial);
    return frame(uniqueId, QByteArray("UD," + positionData(p, 0)));
}

QByteArray WatchFrameEncoder::alarm(
    const QString &uniqueId, const Position &p, const QString &alarmName, quint32 serial) const
{
    Q_UNUSED(serial);
    int bit = -1;
    if (alarmName == alarm::sos)
        bit = 16;
    else if (alarmName == alarm::lowBattery)
        bit = 17;
    else if (alarmName == alarm::geofenceExit)
        bit = 18;
    else if (alarmName == alarm::geofenceEnter)
        bit = 19;
    else if (alarmName == alarm::removing)
        bit = 20;
    else if (alarmName == alarm::fallDown)
        bit = 21;
    else if (alarmName == alarm::powerCut)
        bit = 14;
    if (bit < 0)
        return {};
    return frame(uniqueId, QByteArray("AL," + positionData(p, 1u << bit)));
}

} // namespace fw
