#include "FrameSummary.h"

#include "protocols/MessageJson.h"

namespace fw {

FrameSummary FrameSummary::of(const DecodeResult &result, const QString &uniqueId)
{
    FrameSummary s;
    s.present = true;
    if (result.messages.isEmpty()) {
        s.noMessage = true;
        return s;
    }
    const DecodedMessage &m = result.messages.constFirst();
    s.type = m.type;
    s.hasLocation = m.hasLocation;
    s.valid = m.position.valid;
    s.latitude = m.position.latitude;
    s.longitude = m.position.longitude;
    s.speedKph = m.position.speedKph;
    s.deviceTime = m.position.deviceTime;
    s.moreMessages = result.messages.size() - 1;
    s.uniqueId = m.position.uniqueId.isEmpty() ? uniqueId : m.position.uniqueId;
    if (const QVariant value = m.position.attributes.value(attr::alarm); value.isValid())
        s.alarm = value.toString();
    s.text = m.text;
    return s;
}

QString FrameSummary::toText() const
{
    if (noMessage)
        return QStringLiteral("no message (acknowledged frame)");
    // The message again, with what messageSummary() reads, so both give the same line.
    DecodedMessage m;
    m.type = type;
    m.hasLocation = hasLocation;
    m.position.uniqueId = uniqueId;
    m.position.valid = valid;
    m.position.latitude = latitude;
    m.position.longitude = longitude;
    m.position.speedKph = speedKph;
    m.position.deviceTime = deviceTime;
    if (!alarm.isEmpty())
        m.position.attributes.set(attr::alarm, alarm);
    m.text = text;
    QString line = messageSummary(m, uniqueId);
    if (moreMessages > 0)
        line += QStringLiteral(" (+%1 more)").arg(moreMessages);
    return line;
}

} // namespace fw
