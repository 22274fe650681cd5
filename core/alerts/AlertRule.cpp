#include "AlertRule.h"

#include "AlertsTr.h"

#include <QJsonArray>
#include <QUrl>

#include <array>
#include <cmath>

namespace fw {

namespace {
struct TypeName
{
    RuleType type;
    const char *id;
};
constexpr std::array kTypes = {
    TypeName { RuleType::GeofenceEnter, "geofence-enter" },
    TypeName { RuleType::GeofenceExit, "geofence-exit" },
    TypeName { RuleType::Overspeed, "overspeed" },
    TypeName { RuleType::Offline, "offline" },
    TypeName { RuleType::Status, "status" },
    TypeName { RuleType::Alarm, "alarm" },
    TypeName { RuleType::IgnitionOn, "ignition-on" },
    TypeName { RuleType::IgnitionOff, "ignition-off" },
    TypeName { RuleType::Idle, "idle" },
    TypeName { RuleType::LowBattery, "low-battery" },
    TypeName { RuleType::Maintenance, "maintenance" },
};

QJsonArray stringArray(const QStringList &list)
{
    QJsonArray a;
    for (const QString &s : list)
        a.append(s);
    return a;
}

QStringList stringList(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &e : v.toArray())
        out.append(e.toString());
    return out;
}
} // namespace

QString AlertRule::typeId(RuleType type)
{
    for (const TypeName &t : kTypes) {
        if (t.type == type)
            return QString::fromLatin1(t.id);
    }
    return {};
}

std::optional<RuleType> AlertRule::typeFromId(const QString &id)
{
    for (const TypeName &t : kTypes) {
        if (id == QLatin1String(t.id))
            return t.type;
    }
    return std::nullopt;
}

QStringList AlertRule::typeIds()
{
    QStringList out;
    for (const TypeName &t : kTypes)
        out.append(QString::fromLatin1(t.id));
    return out;
}

bool AlertRule::appliesTo(const QString &uniqueId, const QString &deviceGroup) const
{
    if (!devices.isEmpty())
        return devices.contains(uniqueId);
    if (!group.isEmpty())
        return group == deviceGroup;
    return true;
}

bool AlertRule::validTarget(const QString &target)
{
    if (target == u"window")
        return true;
    if (target.startsWith(u"email:")) {
        const QString address = target.mid(6);
        return address.indexOf(QLatin1Char('@')) > 0 && !address.endsWith(QLatin1Char('@'))
            && !address.contains(QLatin1Char(' '));
    }
    if (target.startsWith(u"webhook:")) {
        const QUrl url(target.mid(8), QUrl::StrictMode);
        return url.isValid() && (url.scheme() == u"http" || url.scheme() == u"https")
            && !url.host().isEmpty();
    }
    return false;
}

QString AlertRule::validate() const
{
    if (name.trimmed().isEmpty())
        return AlertsTr::tr("a rule needs a name (--name)");
    for (const QString &t : targets) {
        if (!validTarget(t))
            return AlertsTr::tr("\"%1\" is not a notification target (window, email:ADDRESS or "
                                "webhook:URL)")
                .arg(t);
    }
    if (!devices.isEmpty() && !group.isEmpty())
        return AlertsTr::tr("--devices and --group exclude each other");
    if (after < 0)
        return AlertsTr::tr("--after needs a positive number of seconds");
    switch (type) {
    case RuleType::Offline:
    case RuleType::Idle:
        if (after <= 0)
            return AlertsTr::tr("a %1 rule needs --after SECONDS").arg(typeId(type));
        break;
    case RuleType::Overspeed:
        if (!std::isfinite(limitKph) || limitKph < 0)
            return AlertsTr::tr("--limit needs a speed in km/h");
        break;
    case RuleType::Status:
        if (status.isEmpty())
            return AlertsTr::tr("a status rule needs --status ID");
        break;
    case RuleType::Alarm:
        if (alarm.isEmpty())
            return AlertsTr::tr("an alarm rule needs --alarm NAME|any");
        break;
    case RuleType::LowBattery:
        if (!(belowPercent > 0 && belowPercent <= 100))
            return AlertsTr::tr("a low-battery rule needs --below PERCENT (1-100)");
        break;
    case RuleType::Maintenance:
        if (!(everyKm > 0) && !(everyHours > 0))
            return AlertsTr::tr("a maintenance rule needs --every-km N or --every-hours N");
        break;
    default:
        break;
    }
    return {};
}

QJsonObject AlertRule::toJson() const
{
    QJsonObject o { { QStringLiteral("name"), name }, { QStringLiteral("type"), typeId(type) } };
    if (!geofence.isEmpty())
        o.insert(QStringLiteral("geofence"), geofence);
    if (limitKph > 0)
        o.insert(QStringLiteral("limitKph"), limitKph);
    if (after > 0)
        o.insert(QStringLiteral("afterS"), static_cast<double>(after) / kSecond);
    if (!status.isEmpty())
        o.insert(QStringLiteral("status"), status);
    if (!alarm.isEmpty())
        o.insert(QStringLiteral("alarm"), alarm);
    if (belowPercent > 0)
        o.insert(QStringLiteral("belowPercent"), belowPercent);
    if (everyKm > 0)
        o.insert(QStringLiteral("everyKm"), everyKm);
    if (everyHours > 0)
        o.insert(QStringLiteral("everyHours"), everyHours);
    if (!devices.isEmpty())
        o.insert(QStringLiteral("devices"), stringArray(devices));
    if (!group.isEmpty())
        o.insert(QStringLiteral("group"), group);
    o.insert(QStringLiteral("notify"), stringArray(targets));
    return o;
}

std::optional<AlertRule> AlertRule::fromJson(const QJsonObject &o)
{
    const auto type = typeFromId(o.value(QStringLiteral("type")).toString());
    if (!type)
        return std::nullopt;
    AlertRule r;
    r.type = *type;
    r.name = o.value(QStringLiteral("name")).toString();
    r.geofence = o.value(QStringLiteral("geofence")).toString();
    r.limitKph = o.value(QStringLiteral("limitKph")).toDouble();
    r.after = std::llround(o.value(QStringLiteral("afterS")).toDouble() * kSecond);
    r.status = o.value(QStringLiteral("status")).toString();
    r.alarm = o.value(QStringLiteral("alarm")).toString();
    r.belowPercent = o.value(QStringLiteral("belowPercent")).toDouble();
    r.everyKm = o.value(QStringLiteral("everyKm")).toDouble();
    r.everyHours = o.value(QStringLiteral("everyHours")).toDouble();
    r.devices = stringList(o.value(QStringLiteral("devices")));
    r.group = o.value(QStringLiteral("group")).toString();
    r.targets = stringList(o.value(QStringLiteral("notify")));
    return r;
}

} // namespace fw
