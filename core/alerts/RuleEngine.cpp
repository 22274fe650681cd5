#include "RuleEngine.h"

#include "AlertsLog.h"
#include "AlertsTr.h"
#include "util/Clock.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace fw {

namespace {
constexpr int kTypeCount = static_cast<int>(RuleType::Maintenance) + 1;
const QString kBatteryLevel = QStringLiteral("batteryLevel");

QString slotKey(const QString &uniqueId, const QString &rule)
{
    return uniqueId + QLatin1Char('\n') + rule;
}

QString speedText(double kph)
{
    return QString::number(kph, 'f', 0);
}
} // namespace

RuleEngine::RuleEngine(Clock *clock, const RuleSettings &settings, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_settings(settings)
    , m_rulesByType(kTypeCount)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RuleEngine::checkDeadlines);
    connect(m_clock, &Clock::advanced, this, &RuleEngine::checkDeadlines);
}

RuleEngine::~RuleEngine() = default;

void RuleEngine::setRules(const QList<AlertRule> &rules)
{
    m_rules = rules;
    for (auto &list : m_rulesByType)
        list.clear();
    for (int i = 0; i < m_rules.size(); ++i)
        m_rulesByType[static_cast<std::size_t>(m_rules.at(i).type)].push_back(i);
    // Offline deadlines follow the rules: rebuild them from what each device last sent.
    m_deadlines = DeadlineHeap();
    m_slotByKey.clear();
    m_slotKeys.clear();
    for (auto &[uniqueId, st] : m_devices)
        armOffline(uniqueId, st);
    armTimer();
}

void RuleEngine::setGeofences(const QList<Geofence> &geofences, QStringList *errors)
{
    m_index.rebuild(geofences, errors);
    // The states follow their geofences by name; those of removed geofences go.
    for (auto &[uniqueId, st] : m_devices) {
        for (FenceState &f : st.fences)
            f.fence = m_index.indexOf(f.name);
        const auto gone = std::remove_if(st.fences.begin(), st.fences.end(),
                                         [](const FenceState &f) { return f.fence < 0; });
        if (gone != st.fences.end()) {
            st.fences.erase(gone, st.fences.end());
            st.dirty = true;
        }
    }
}

void RuleEngine::setDeviceGroups(const QHash<QString, QString> &groupByUniqueId)
{
    m_groups = groupByUniqueId;
}

RuleEngine::DeviceState &RuleEngine::stateOf(const QString &uniqueId)
{
    return m_devices[uniqueId];
}

bool RuleEngine::applies(const AlertRule &rule, const QString &uniqueId) const
{
    if (rule.devices.isEmpty() && rule.group.isEmpty())
        return true;
    return rule.appliesTo(uniqueId, m_groups.value(uniqueId));
}

void RuleEngine::raise(const AlertRule &rule, DeviceState &st, const QString &uniqueId,
                       TimeMs time, const QString &text, const QString &geofence,
                       const GeoPoint *at)
{
    RuleState &rs = st.rules[rule.name];
    st.dirty = true;
    if (rs.lastRaised != kNoTime && m_settings.rateLimit > 0
        && time - rs.lastRaised < m_settings.rateLimit && time >= rs.lastRaised) {
        ++m_stats.rateLimited;
        qCDebug(lcAlerts) << "rate-limited" << rule.name << uniqueId;
        return;
    }
    rs.lastRaised = time;
    Alert a;
    a.rule = rule.name;
    a.type = AlertRule::typeId(rule.type);
    a.uniqueId = uniqueId;
    a.time = time;
    a.text = text;
    a.geofence = geofence;
    if (at) {
        a.hasPosition = true;
        a.latitude = at->lat;
        a.longitude = at->lon;
    }
    a.targets = rule.targets;
    ++m_stats.raised;
    emit alertRaised(a);
}

void RuleEngine::evaluate(const Position &p)
{
    DeviceState &st = stateOf(p.uniqueId);
    if (m_clock) {
        st.lastSeen = m_clock->now();
        if (!m_rulesByType[static_cast<std::size_t>(RuleType::Offline)].empty())
            armOffline(p.uniqueId, st);
    }
    // Buffered positions are history: stored, never a current alert, never a state change.
    const bool archived = p.attributes.value(attr::archive).toBool();
    const bool late = p.serverTime != kNoTime && p.deviceTime != kNoTime
        && p.serverTime - p.deviceTime > m_settings.historicAge;
    const bool outOfOrder = st.lastTime != kNoTime && p.deviceTime <= st.lastTime;
    if (archived || late || outOfOrder || p.deviceTime == kNoTime) {
        ++m_stats.historic;
        return;
    }
    ++m_stats.positions;
    st.lastTime = p.deviceTime;
    const bool located = p.valid && p.hasCoordinates();
    const GeoPoint at { p.latitude, p.longitude };

    if (located) {
        m_transitions.clear();
        updateFences(st, p, m_transitions);
        for (const Transition &t : m_transitions) {
            const Geofence &fence = m_index.geofence(t.fence);
            if (!fence.appliesTo(p.uniqueId, m_groups.value(p.uniqueId)))
                continue;
            const RuleType type = t.entered ? RuleType::GeofenceEnter : RuleType::GeofenceExit;
            for (const int i : m_rulesByType[static_cast<std::size_t>(type)]) {
                const AlertRule &rule = m_rules.at(i);
                if ((!rule.geofence.isEmpty() && rule.geofence != fence.name)
                    || !applies(rule, p.uniqueId))
                    continue;
                raise(rule, st, p.uniqueId, t.time,
                      t.entered ? AlertsTr::tr("%1 entered %2").arg(p.uniqueId, fence.name)
                                : AlertsTr::tr("%1 left %2").arg(p.uniqueId, fence.name),
                      fence.name, &t.at);
            }
        }
    }
    evaluateDurations(st, p, at);
    evaluateAttributes(st, p, at);
    evaluateMaintenance(st, p, at);
    if (located) {
        st.last = at;
        st.hasLast = true;
    }
}

void RuleEngine::updateFences(DeviceState &st, const Position &p, std::vector<Transition> &out)
{
    const GeoPoint at { p.latitude, p.longitude };
    m_index.containing(at, m_inside);
    // Geofences seen inside now that the device is not tracked in yet.
    for (const int i : m_inside) {
        const bool tracked = std::any_of(st.fences.cbegin(), st.fences.cend(),
                                         [i](const FenceState &f) { return f.fence == i; });
        if (!tracked) {
            FenceState f;
            f.fence = i;
            f.name = m_index.geofence(i).name;
            st.fences.push_back(f);
        }
    }
    for (FenceState &fs : st.fences) {
        if (fs.fence < 0)
            continue; // dropped below
        const bool observed = std::binary_search(m_inside.begin(), m_inside.end(), fs.fence);
        if (observed == fs.inside) {
            if (fs.pending) {
                fs.pending = false;
                st.dirty = true;
            }
            continue;
        }
        if (!fs.pending) {
            fs.pending = true;
            fs.pendingSince = p.deviceTime;
            fs.pendingAt = at;
            st.dirty = true;
        }
        if (p.deviceTime - fs.pendingSince >= m_settings.dwell) {
            fs.inside = observed;
            fs.pending = false;
            st.dirty = true;
            out.push_back({ fs.fence, observed, fs.pendingSince, fs.pendingAt });
        }
    }
    const auto done = std::remove_if(st.fences.begin(), st.fences.end(), [](const FenceState &f) {
        return f.fence < 0 || (!f.inside && !f.pending);
    });
    st.fences.erase(done, st.fences.end());
}

double RuleEngine::speedLimitFor(const AlertRule &rule, const DeviceState &st,
                                 const QString &uniqueId) const
{
    if (rule.limitKph > 0)
        return rule.limitKph;
    double limit = 0.0;
    for (const FenceState &f : st.fences) {
        if (!f.inside || f.fence < 0 || (!rule.geofence.isEmpty() && f.name != rule.geofence))
            continue;
        const Geofence &fence = m_index.geofence(f.fence);
        if (!fence.appliesTo(uniqueId, m_groups.value(uniqueId)))
            continue; // the geofence (and its limit) is for other devices
        const double l = fence.speedLimitKph;
        if (l > 0 && (limit == 0.0 || l < limit))
            limit = l;
    }
    return limit;
}

void RuleEngine::evaluateDurations(DeviceState &st, const Position &p, const GeoPoint &at)
{
    const bool located = p.valid && p.hasCoordinates();
    const auto run = [&](const AlertRule &rule, bool condition, const QString &text) {
        RuleState &rs = st.rules[rule.name];
        if (!condition) {
            if (rs.since != kNoTime || rs.raised) {
                rs.since = kNoTime;
                rs.raised = false;
                st.dirty = true;
            }
            return;
        }
        if (rs.since == kNoTime) {
            rs.since = p.deviceTime;
            st.dirty = true;
        }
        if (!rs.raised && p.deviceTime - rs.since >= rule.after) {
            rs.raised = true;
            raise(rule, st, p.uniqueId, p.deviceTime, text, rule.geofence,
                  located ? &at : nullptr);
        }
    };
    for (const int i : m_rulesByType[static_cast<std::size_t>(RuleType::Overspeed)]) {
        const AlertRule &rule = m_rules.at(i);
        if (!located || !applies(rule, p.uniqueId))
            continue;
        const double limit = speedLimitFor(rule, st, p.uniqueId);
        run(rule, limit > 0 && p.speedKph > limit,
            AlertsTr::tr("%1 at %2 km/h, over the limit of %3 km/h")
                .arg(p.uniqueId, speedText(p.speedKph), speedText(limit)));
    }
    for (const int i : m_rulesByType[static_cast<std::size_t>(RuleType::Idle)]) {
        const AlertRule &rule = m_rules.at(i);
        if (!applies(rule, p.uniqueId))
            continue;
        const QVariant ignition = p.attributes.value(attr::ignition);
        const bool on = ignition.isValid() ? ignition.toBool() : st.ignition == 1;
        run(rule, on && p.speedKph < m_settings.idleSpeedKph,
            AlertsTr::tr("%1 idle with the engine running for %2 min")
                .arg(p.uniqueId)
                .arg(rule.after / kMinute));
    }
}

void RuleEngine::evaluateAttributes(DeviceState &st, const Position &p, const GeoPoint &at)
{
    const bool located = p.valid && p.hasCoordinates();
    const GeoPoint *where = located ? &at : nullptr;
    const QVariant ignition = p.attributes.value(attr::ignition);
    if (ignition.isValid()) {
        const int now = ignition.toBool() ? 1 : 0;
        if (st.ignition != -1 && st.ignition != now) {
            const RuleType type = now ? RuleType::IgnitionOn : RuleType::IgnitionOff;
            for (const int i : m_rulesByType[static_cast<std::size_t>(type)]) {
                const AlertRule &rule = m_rules.at(i);
                if (applies(rule, p.uniqueId))
                    raise(rule, st, p.uniqueId, p.deviceTime,
                          now ? AlertsTr::tr("%1: ignition on").arg(p.uniqueId)
                              : AlertsTr::tr("%1: ignition off").arg(p.uniqueId),
                          {}, where);
            }
        }
        if (st.ignition != now)
            st.dirty = true;
        st.ignition = now;
    }
    const QVariant battery = p.attributes.value(kBatteryLevel);
    if (battery.isValid()) {
        bool ok = false;
        const double level = battery.toDouble(&ok);
        for (const int i : m_rulesByType[static_cast<std::size_t>(RuleType::LowBattery)]) {
            const AlertRule &rule = m_rules.at(i);
            if (!ok || !applies(rule, p.uniqueId))
                continue;
            RuleState &rs = st.rules[rule.name];
            if (level < rule.belowPercent && !rs.raised) {
                rs.raised = true;
                raise(rule, st, p.uniqueId, p.deviceTime,
                      AlertsTr::tr("%1: battery at %2%").arg(p.uniqueId).arg(level), {}, where);
            } else if (rs.raised
                       && level >= rule.belowPercent + m_settings.batteryHysteresisPercent) {
                rs.raised = false;
                st.dirty = true;
            }
        }
    }
    const QString alarmName = p.attributes.value(attr::alarm).toString();
    if (!alarmName.isEmpty()) {
        for (const int i : m_rulesByType[static_cast<std::size_t>(RuleType::Alarm)]) {
            const AlertRule &rule = m_rules.at(i);
            if ((rule.alarm == u"any" || rule.alarm == alarmName) && applies(rule, p.uniqueId))
                raise(rule, st, p.uniqueId, p.deviceTime,
                      AlertsTr::tr("%1: alarm %2").arg(p.uniqueId, alarmName), {}, where);
        }
    }
}

void RuleEngine::evaluateMaintenance(DeviceState &st, const Position &p, const GeoPoint &at)
{
    const auto &rules = m_rulesByType[static_cast<std::size_t>(RuleType::Maintenance)];
    if (rules.empty())
        return;
    const bool located = p.valid && p.hasCoordinates();
    const double metres = located && st.hasLast ? greatCircleMetres(st.last, at) : 0.0;
    for (const int i : rules) {
        const AlertRule &rule = m_rules.at(i);
        if (!applies(rule, p.uniqueId))
            continue;
        RuleState &rs = st.rules[rule.name];
        double step = 0.0, period = 0.0;
        if (rule.everyKm > 0) {
            step = metres;
            period = rule.everyKm * 1000.0;
        } else {
            // Engine hours: time between reports with the ignition on.
            const bool running = st.ignition == 1;
            step = running && rs.since != kNoTime ? static_cast<double>(p.deviceTime - rs.since)
                                                  : 0.0;
            rs.since = p.deviceTime;
            period = rule.everyHours * static_cast<double>(kHour);
        }
        if (step <= 0)
            continue;
        rs.accumulated += step;
        st.dirty = true;
        if (rs.accumulated >= period) {
            rs.accumulated = std::fmod(rs.accumulated, period);
            raise(rule, st, p.uniqueId, p.deviceTime,
                  rule.everyKm > 0
                      ? AlertsTr::tr("%1: maintenance due (every %2 km)")
                            .arg(p.uniqueId)
                            .arg(rule.everyKm)
                      : AlertsTr::tr("%1: maintenance due (every %2 engine hours)")
                            .arg(p.uniqueId)
                            .arg(rule.everyHours),
                  {}, located ? &at : nullptr);
        }
    }
}

void RuleEngine::evaluate(const DeviceEvent &e)
{
    DeviceState &st = stateOf(e.uniqueId);
    const GeoPoint *where = st.hasLast ? &st.last : nullptr;
    if (e.type == EventType::StatusChange) {
        const QString to = e.attributes.value(QStringLiteral("to")).toString();
        for (const int i : m_rulesByType[static_cast<std::size_t>(RuleType::Status)]) {
            const AlertRule &rule = m_rules.at(i);
            if (rule.status == to && applies(rule, e.uniqueId))
                raise(rule, st, e.uniqueId, e.time,
                      AlertsTr::tr("%1 is now %2").arg(e.uniqueId, to), {}, where);
        }
    } else if (e.type == EventType::Alarm) {
        const bool late = m_clock && m_clock->now() - e.time > m_settings.historicAge;
        const QString name = e.attributes.value(attr::alarm, e.text).toString();
        for (const int i : m_rulesByType[static_cast<std::size_t>(RuleType::Alarm)]) {
            const AlertRule &rule = m_rules.at(i);
            if (!late && (rule.alarm == u"any" || rule.alarm == name)
                && applies(rule, e.uniqueId))
                raise(rule, st, e.uniqueId, e.time,
                      AlertsTr::tr("%1: alarm %2").arg(e.uniqueId, name), {}, where);
        }
    }
}

void RuleEngine::noteLastSeen(const QString &uniqueId, TimeMs at)
{
    DeviceState &st = stateOf(uniqueId);
    if (at == kNoTime || (st.lastSeen != kNoTime && st.lastSeen >= at))
        return;
    st.lastSeen = at;
    armOffline(uniqueId, st);
    armTimer();
}

void RuleEngine::armOffline(const QString &uniqueId, DeviceState &st)
{
    if (st.lastSeen == kNoTime)
        return;
    for (const int i : m_rulesByType[static_cast<std::size_t>(RuleType::Offline)]) {
        const AlertRule &rule = m_rules.at(i);
        if (!applies(rule, uniqueId))
            continue;
        const QString key = slotKey(uniqueId, rule.name);
        int slot = m_slotByKey.value(key, -1);
        if (slot < 0) {
            slot = static_cast<int>(m_slotKeys.size());
            m_slotKeys.emplace_back(uniqueId, rule.name);
            m_slotByKey.insert(key, slot);
        }
        RuleState &rs = st.rules[rule.name];
        const TimeMs deadline = st.lastSeen + rule.after;
        if (rs.raised && rs.since != st.lastSeen) {
            rs.raised = false; // heard from again: the next silence is a new alert
            st.dirty = true;
        }
        if (!rs.raised)
            m_deadlines.set(slot, deadline);
        rs.since = st.lastSeen;
    }
    if (m_deadlines.topDeadline() != kNoTime
        && (!m_timer.isActive() || m_deadlines.topDeadline() < m_timerDeadline))
        armTimer();
}

void RuleEngine::armTimer()
{
    if (!m_clock || m_deadlines.isEmpty()) {
        m_timer.stop();
        return;
    }
    m_timerDeadline = m_deadlines.topDeadline();
    const TimeMs wait = std::clamp<TimeMs>(m_timerDeadline - m_clock->now(), 0, kHour);
    m_timer.start(std::chrono::milliseconds(wait));
}

void RuleEngine::checkDeadlines()
{
    if (!m_clock)
        return;
    const TimeMs now = m_clock->now();
    while (!m_deadlines.isEmpty() && m_deadlines.topDeadline() <= now) {
        const int slot = m_deadlines.topSlot();
        const TimeMs deadline = m_deadlines.topDeadline();
        m_deadlines.remove(slot);
        // Named references, not a structured binding: the lambda below captures the name, and
        // clang before C++20 support cannot capture bindings.
        const QString &uniqueId = m_slotKeys[static_cast<std::size_t>(slot)].first;
        const QString &ruleName = m_slotKeys[static_cast<std::size_t>(slot)].second;
        const auto rule = std::find_if(m_rules.cbegin(), m_rules.cend(),
                                       [&](const AlertRule &r) { return r.name == ruleName; });
        if (rule == m_rules.cend())
            continue;
        DeviceState &st = stateOf(uniqueId);
        RuleState &rs = st.rules[ruleName];
        if (rs.raised)
            continue;
        rs.raised = true;
        st.dirty = true;
        raise(*rule, st, uniqueId, deadline,
              AlertsTr::tr("%1 offline: nothing received for %2 min")
                  .arg(uniqueId)
                  .arg(rule->after / kMinute),
              {}, st.hasLast ? &st.last : nullptr);
    }
    armTimer();
}

QHash<QString, QJsonObject> RuleEngine::takeDirtyStates()
{
    QHash<QString, QJsonObject> out;
    for (auto &[uniqueId, st] : m_devices) {
        if (!st.dirty)
            continue;
        st.dirty = false;
        QJsonObject fences;
        for (const FenceState &f : st.fences) {
            fences.insert(f.name, QJsonArray { f.inside, f.pending,
                                                 static_cast<double>(f.pendingSince),
                                                 f.pendingAt.lat, f.pendingAt.lon });
        }
        QJsonObject rules;
        for (auto it = st.rules.cbegin(); it != st.rules.cend(); ++it) {
            const RuleState &r = it.value();
            rules.insert(it.key(), QJsonArray { static_cast<double>(r.since), r.raised,
                                                r.accumulated,
                                                static_cast<double>(r.lastRaised) });
        }
        out.insert(uniqueId,
                   QJsonObject { { QStringLiteral("time"), static_cast<double>(st.lastTime) },
                                 { QStringLiteral("ignition"), st.ignition },
                                 { QStringLiteral("hasLast"), st.hasLast },
                                 { QStringLiteral("lat"), st.last.lat },
                                 { QStringLiteral("lon"), st.last.lon },
                                 { QStringLiteral("seen"), static_cast<double>(st.lastSeen) },
                                 { QStringLiteral("fences"), fences },
                                 { QStringLiteral("rules"), rules } });
    }
    return out;
}

void RuleEngine::restoreState(const QString &uniqueId, const QJsonObject &state)
{
    const auto time = [](const QJsonValue &v) {
        return v.isDouble() ? static_cast<TimeMs>(v.toDouble()) : kNoTime;
    };
    DeviceState &st = stateOf(uniqueId);
    st.lastTime = time(state.value(QStringLiteral("time")));
    st.ignition = state.value(QStringLiteral("ignition")).toInt(-1);
    st.hasLast = state.value(QStringLiteral("hasLast")).toBool();
    st.last = { state.value(QStringLiteral("lat")).toDouble(),
                state.value(QStringLiteral("lon")).toDouble() };
    const QJsonObject fences = state.value(QStringLiteral("fences")).toObject();
    for (auto it = fences.begin(); it != fences.end(); ++it) {
        const QJsonArray a = it.value().toArray();
        FenceState f;
        f.name = it.key();
        f.fence = m_index.indexOf(f.name); // -1 until setGeofences() when not loaded yet
        f.inside = a.at(0).toBool();
        f.pending = a.at(1).toBool();
        f.pendingSince = time(a.at(2));
        f.pendingAt = { a.at(3).toDouble(), a.at(4).toDouble() };
        st.fences.push_back(f);
    }
    const QJsonObject rules = state.value(QStringLiteral("rules")).toObject();
    for (auto it = rules.begin(); it != rules.end(); ++it) {
        const QJsonArray a = it.value().toArray();
        RuleState r;
        r.since = time(a.at(0));
        r.raised = a.at(1).toBool();
        r.accumulated = a.at(2).toDouble();
        r.lastRaised = time(a.at(3));
        st.rules.insert(it.key(), r);
    }
    const TimeMs seen = time(state.value(QStringLiteral("seen")));
    if (seen != kNoTime && (st.lastSeen == kNoTime || seen > st.lastSeen)) {
        st.lastSeen = seen;
        armOffline(uniqueId, st);
        armTimer();
    }
}

} // namespace fw
