#include "OsmAndFrameEncoder.h"

#include <QUrl>

namespace fw {

namespace {

QByteArray query(const QString &uniqueId, const Position &p)
{
    QByteArray q;
    q.reserve(192);
    q += "id=" + QUrl::toPercentEncoding(uniqueId);
    if (p.deviceTime != kNoTime) {
        // Whole seconds unless the fix has milliseconds, then a fractional second.
        if (p.deviceTime % 1000 == 0)
            q += "&timestamp=" + QByteArray::number(p.deviceTime / 1000);
        else
            q += "&timestamp="
                + QByteArray::number(static_cast<double>(p.deviceTime) / 1000.0, 'f', 3);
    }
    q += "&lat=" + QByteArray::number(p.latitude, 'f', 7);
    q += "&lon=" + QByteArray::number(p.longitude, 'f', 7);
    q += "&speed=" + QByteArray::number(p.speedKph / kKnotsToKph, 'f', 2);
    q += "&bearing=" + QByteArray::number(p.course, 'f', 1);
    q += "&altitude=" + QByteArray::number(p.altitude, 'f', 1);
    if (p.accuracy > 0)
        q += "&accuracy=" + QByteArray::number(p.accuracy, 'f', 1);
    q += p.valid ? "&valid=true" : "&valid=false";
    const QVariant batt = p.attributes.value(attr::batteryLevel);
    if (batt.isValid())
        q += "&batt=" + QByteArray::number(batt.toDouble(), 'f', 0);
    return q;
}

QByteArray get(const QByteArray &q)
{
    return "GET /?" + q + " HTTP/1.1\r\nHost: fleetwatch\r\nUser-Agent: FleetWatchSim\r\n\r\n";
}

} // namespace

QByteArray OsmAndFrameEncoder::login(const QString &, quint32) const
{
    return {};
}

QByteArray OsmAndFrameEncoder::position(const QString &uniqueId, const Position &p, quint32) const
{
    return get(query(uniqueId, p));
}

QByteArray OsmAndFrameEncoder::heartbeat(const QString &, quint32) const
{
    return {};
}

QByteArray OsmAndFrameEncoder::alarm(
    const QString &uniqueId, const Position &p, const QString &alarm, quint32) const
{
    return get(query(uniqueId, p) + "&alarm=" + QUrl::toPercentEncoding(alarm));
}

QByteArray OsmAndFrameEncoder::positionPost(const QString &uniqueId, const Position &p) const
{
    const QByteArray body = query(uniqueId, p);
    return "POST / HTTP/1.1\r\nHost: fleetwatch\r\n"
           "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace fw
