#include "MessageJson.h"

#include <QJsonArray>

namespace fw {

QJsonObject messageToJson(const DecodedMessage &m, const QString &fallbackUniqueId)
{
    QJsonObject o;
    o.insert(QStringLiteral("type"), messageTypeId(m.type));
    const QString id = m.position.uniqueId.isEmpty() ? fallbackUniqueId : m.position.uniqueId;
    if (!id.isEmpty())
        o.insert(QStringLiteral("uniqueId"), id);
    if (m.position.deviceTime != kNoTime)
        o.insert(QStringLiteral("time"), toIso(m.position.deviceTime));
    if (m.hasLocation) {
        o.insert(QStringLiteral("valid"), m.position.valid);
        o.insert(QStringLiteral("lat"), m.position.latitude);
        o.insert(QStringLiteral("lon"), m.position.longitude);
        o.insert(QStringLiteral("speedKph"), m.position.speedKph);
        o.insert(QStringLiteral("course"), m.position.course);
        o.insert(QStringLiteral("altitude"), m.position.altitude);
        if (m.position.satellites >= 0)
            o.insert(QStringLiteral("satellites"), m.position.satellites);
        if (m.position.accuracy > 0)
            o.insert(QStringLiteral("accuracy"), m.position.accuracy);
    }
    if (!m.text.isEmpty())
        o.insert(QStringLiteral("text"), m.text);
    if (!m.position.attributes.isEmpty())
        o.insert(QStringLiteral("attributes"), m.position.attributes.toJson());
    return o;
}

QJsonObject decodeResultToJson(const QString &protocol, const DecodeResult &result,
                               const QString &fallbackUniqueId)
{
    QJsonObject o;
    if (!result.ok()) {
        o.insert(QStringLiteral("ok"), false);
        o.insert(QStringLiteral("protocol"), protocol);
        o.insert(QStringLiteral("error"), result.error);
        return o;
    }
    o.insert(QStringLiteral("ok"), true);
    o.insert(QStringLiteral("protocol"), protocol);
    QJsonArray messages;
    for (const DecodedMessage &m : result.messages)
        messages.append(messageToJson(m, fallbackUniqueId));
    o.insert(QStringLiteral("messages"), messages);
    if (!result.reply.isEmpty())
        o.insert(QStringLiteral("reply"), QString::fromLatin1(result.reply.toHex()));
    return o;
}

QString messageSummary(const DecodedMessage &m, const QString &fallbackUniqueId)
{
    const QString id = m.position.uniqueId.isEmpty() ? fallbackUniqueId : m.position.uniqueId;
    QString s = messageTypeId(m.type);
    if (!id.isEmpty())
        s += QLatin1Char(' ') + id;
    if (m.hasLocation) {
        s += QStringLiteral(" %1,%2 %3 %4 km/h")
                 .arg(m.position.latitude, 0, 'f', 5)
                 .arg(m.position.longitude, 0, 'f', 5)
                 .arg(m.position.valid ? QStringLiteral("valid") : QStringLiteral("invalid"))
                 .arg(m.position.speedKph, 0, 'f', 0);
    }
    if (m.position.deviceTime != kNoTime)
        s += QLatin1Char(' ') + toIso(m.position.deviceTime);
    const QString alarm = m.position.attributes.value(attr::alarm).toString();
    if (!alarm.isEmpty())
        s += QStringLiteral(" alarm=") + alarm;
    if (!m.text.isEmpty())
        s += QStringLiteral(" \"") + m.text + QLatin1Char('"');
    return s;
}

} // namespace fw
