#include "FleetState.h"

#include "domain/Network.h"
#include "util/Clock.h"

#include <QLoggingCategory>
#include <QMetaMethod>

Q_LOGGING_CATEGORY(lcFleet, "fleetwatch.fleet", QtInfoMsg)

namespace fw {

namespace {
constexpr int kPublishIntervalMs = 100; // at most ~10 deltas per second
constexpr double kMovingSpeedKph = 3.0;
constexpr qsizetype kMaxUiEventsPerDelta = 2000; // the window's log is a view, not the record

bool isLastGasp(const DecodedMessage &m)
{
    const Attributes &a = m.position.attributes;
    if (a.value(attr::lastGasp).toBool())
        return true;
    const QString alarm = a.value(attr::alarm).toString();
    return alarm == alarm::powerCut || alarm == alarm::lowBattery || alarm == alarm::lowPower;
}

// A report that names cell towers or Wi-Fi but has no fix of its own: the device's last known
// place, marked as not current and never valid, so that it cannot make the device look fresh.
Position outdatedPosition(const Position &report, const QString &uniqueId,
                          const DeviceActivity &a, const FrameOrigin &origin, TimeMs now)
{
    Position p = report;
    p.uniqueId = uniqueId;
    p.serverTime = now;
    if (p.deviceTime == kNoTime)
        p.deviceTime = now;
    if (p.protocol.isEmpty())
        p.protocol = origin.protocol;
    p.valid = false;
    p.latitude = a.hasLocation ? a.latitude : 0.0;
    p.longitude = a.hasLocation ? a.longitude : 0.0;
    p.speedKph = 0.0;
    p.course = a.hasLocation ? a.course : 0.0;
    p.attributes.set(attr::outdated, true);
    return p;
}

ReasonState reasonsFromActivity(const DeviceActivity &a)
{
    ReasonState r;
    r.lastPositionReceivedAt = a.lastFixReceivedAt;
    if (a.lastFixAt != kNoTime && a.lastFixReceivedAt != kNoTime)
        r.lastFixLag = a.lastFixReceivedAt - a.lastFixAt;
    r = ReasonState::decode(a.reasonState, r);
    r.lastGasp = a.lastGasp;
    r.connectionEnd = a.connectionEnd;
    return r;
}
} // namespace

FleetState::FleetState(Clock *clock, const DeviceModelCatalog *catalog,
    const StatusSettings &settings, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_catalog(catalog)
    , m_tracker(clock, settings, this)
{
    qRegisterMetaType<FleetDelta>();
    qRegisterMetaType<DeviceSnapshot>();
    qRegisterMetaType<StatusSettings>();
    qRegisterMetaType<Device>();
    qRegisterMetaType<QList<DeviceEvent>>();
    qRegisterMetaType<ConnectionStatus>();
    m_publishTimer.setSingleShot(true);
    m_publishTimer.setInterval(kPublishIntervalMs);
    connect(&m_publishTimer, &QTimer::timeout, this, &FleetState::publishNow);
    connect(&m_tracker, &StatusTracker::statusChanged, this, &FleetState::onStatusChanged);
}

StatusInputs FleetState::inputsFor(const Entry &e) const
{
    StatusInputs in;
    in.registeredAt = e.device.registeredAt;
    in.lastPacketAt = e.activity.lastPacketAt;
    in.lastFixAt = e.activity.lastFixAt;
    in.offlineTimeout = e.device.offlineTimeoutSecs * kSecond;
    in.blocked = e.device.blocked;
    in.blockedUntil = e.device.blockedUntil;
    in.autoActivation = m_catalog ? m_catalog->autoActivation(e.device.model) : true;
    return in;
}

void FleetState::load(const QList<Device> &devices, const QList<DeviceActivity> &activities)
{
    QHash<QString, const DeviceActivity *> activityById;
    activityById.reserve(activities.size());
    for (const DeviceActivity &a : activities)
        activityById.insert(a.uniqueId, &a);
    m_tracker.reserve(static_cast<std::size_t>(devices.size()));
    m_entries.reserve(static_cast<std::size_t>(devices.size()));
    m_byId.reserve(devices.size());
    for (const Device &d : devices) {
        if (m_byId.contains(d.uniqueId))
            continue;
        Entry e;
        e.device = d;
        if (const DeviceActivity *a = activityById.value(d.uniqueId))
            e.activity = *a;
        e.activity.uniqueId = d.uniqueId;
        e.slot = m_tracker.addDevice(inputsFor(e), reasonsFromActivity(e.activity));
        const int index = static_cast<int>(m_entries.size());
        m_entries.push_back(std::move(e));
        m_byId.insert(d.uniqueId, index);
        const auto slot = static_cast<std::size_t>(m_entries.back().slot);
        if (m_entryBySlot.size() <= slot)
            m_entryBySlot.resize(slot + 1, -1);
        m_entryBySlot[slot] = index;
    }
    m_changed.clear();
    m_removed.clear();
    publishFullSnapshot();
}

DeviceAccess FleetState::access(const QString &uniqueId) const
{
    const int index = m_byId.value(uniqueId, -1);
    if (index < 0)
        return DeviceAccess::Unknown;
    const Entry &e = m_entries[static_cast<std::size_t>(index)];
    return m_tracker.status(e.slot) == ConnectionStatus::Blocked ? DeviceAccess::Blocked
                                                                 : DeviceAccess::Known;
}

bool FleetState::applyMessages(const QString &uniqueId, const QList<DecodedMessage> &messages,
    const FrameOrigin &origin, StoreRequest &store)
{
    const int index = m_byId.value(uniqueId, -1);
    if (index < 0)
        return false;
    Entry &e = m_entries[static_cast<std::size_t>(index)];
    const TimeMs now = m_clock->now();
    if (m_tracker.status(e.slot) == ConnectionStatus::Blocked)
        return false;
    e.heldElsewhere = false; // the device talks to this node

    DeviceActivity &a = e.activity;
    // What this frame changes, for the window (compared here, once, instead of in every view).
    const DeviceActivity before = a;
    const bool movingBefore = e.moving;
    const TimeMs stoppedBefore = e.stoppedSince;
    const StatusReason reasonBefore = m_tracker.reason(e.slot);
    a.protocol = origin.protocol;
    a.peer = origin.peer;
    a.localPort = origin.localPort;
    a.connectionEnd = ConnectionEnd::None;

    const auto observe = [&](PacketObservation obs) {
        m_tracker.recordPacket(e.slot, obs);
        a.lastPacketAt = now;
        a.lastGasp = obs.lastGasp;
    };

    if (messages.isEmpty()) {
        PacketObservation obs;
        obs.serverTime = now;
        observe(obs);
    }
    for (const DecodedMessage &m : messages) {
        PacketObservation obs;
        obs.serverTime = now;
        obs.lastGasp = isLastGasp(m);
        // Cell towers / Wi-Fi and no fix: stored as the last known fix, marked as not current.
        // No fix of its own but cell towers / Wi-Fi, or a report its decoder places at the last
        // known place (Ruptela records without coordinates, Galileosky command answers).
        const bool networkOnly = !m.hasLocation
            && (m.position.attributes.contains(attr::network)
                || m.position.attributes.value(attr::outdated).toBool());
        if (m.hasLocation || networkOnly) {
            obs.kind = PacketKind::Position;
            obs.validFix = m.hasLocation && m.position.valid && m.position.deviceTime != kNoTime
                && m.position.hasCoordinates();
            obs.fixTime = m.position.deviceTime;
        } else if (m.type == MessageType::Heartbeat) {
            obs.kind = PacketKind::Heartbeat;
        }
        observe(obs);

        if (m.hasLocation) {
            Position p = m.position;
            p.uniqueId = uniqueId;
            p.serverTime = now;
            if (p.protocol.isEmpty())
                p.protocol = origin.protocol;
            if (obs.validFix) {
                a.lastFixAt = p.deviceTime;
                a.lastFixReceivedAt = now;
            }
            if (p.hasCoordinates()) {
                a.hasLocation = true;
                a.latitude = p.latitude;
                a.longitude = p.longitude;
                a.speedKph = p.speedKph;
                a.course = p.course;
                a.lastPositionAt = p.deviceTime;
                const bool movingNow = p.speedKph >= kMovingSpeedKph;
                if (movingNow)
                    e.stoppedSince = kNoTime;
                else if (e.moving || e.stoppedSince == kNoTime) // it has just stopped
                    e.stoppedSince = p.deviceTime != kNoTime ? p.deviceTime : now;
                e.moving = movingNow;
            }
            store.positions.append(std::move(p));
        } else if (networkOnly) {
            store.positions.append(outdatedPosition(m.position, uniqueId, a, origin, now));
        }
        if (m.type == MessageType::Event || m.type == MessageType::Status
            || m.type == MessageType::CommandResult) {
            DeviceEvent ev;
            ev.uniqueId = uniqueId;
            ev.time = m.position.deviceTime != kNoTime ? m.position.deviceTime : now;
            ev.type = m.type == MessageType::Event ? EventType::Alarm
                : m.type == MessageType::Status    ? EventType::StatusPacket
                                                   : EventType::CommandResult;
            ev.text
                = m.text.isEmpty() ? m.position.attributes.value(attr::alarm).toString() : m.text;
            ev.attributes = m.position.attributes;
            if (m_uiEvents.size() < kMaxUiEventsPerDelta)
                m_uiEvents.append(ev);
            store.events.append(std::move(ev));
        }
    }
    // a.reasonState is written by completeActivities(), once per device and submission.
    // Only the last activity of a device in one submission counts: frames of one connection
    // arrive in runs, so a run updates one entry instead of adding one per frame.
    if (!store.activities.isEmpty() && store.activities.constLast().uniqueId == a.uniqueId)
        store.activities.last() = a;
    else
        store.activities.append(a);
    DeviceFields fields = DeviceField::LastPacket;
    if (a.latitude != before.latitude || a.longitude != before.longitude
        || a.course != before.course || a.lastFixAt != before.lastFixAt
        || a.lastPositionAt != before.lastPositionAt || a.hasLocation != before.hasLocation)
        fields |= DeviceField::Location;
    if (a.speedKph != before.speedKph || a.hasLocation != before.hasLocation)
        fields |= DeviceField::Speed;
    if (e.moving != movingBefore || e.stoppedSince != stoppedBefore
        || a.hasLocation != before.hasLocation)
        fields |= DeviceField::Motion;
    if (!(m_tracker.reason(e.slot) == reasonBefore))
        fields |= DeviceField::Reason;
    if (a.protocol != before.protocol)
        fields |= DeviceField::Identity; // the protocol column shows what the device speaks
    markChanged(index, fields);
    return true;
}

void FleetState::completeActivities(StoreRequest &store)
{
    for (DeviceActivity &a : store.activities) {
        const int index = m_byId.value(a.uniqueId, -1);
        if (index < 0)
            continue;
        Entry &e = m_entries[static_cast<std::size_t>(index)];
        e.activity.reasonState = m_tracker.reasonState(e.slot).encode();
        a.reasonState = e.activity.reasonState;
    }
}

void FleetState::connectionEnded(const QString &uniqueId, ConnectionEnd end)
{
    const int index = m_byId.value(uniqueId, -1);
    if (index < 0)
        return;
    Entry &e = m_entries[static_cast<std::size_t>(index)];
    e.activity.connectionEnd = end;
    m_tracker.recordConnectionEnd(e.slot, end);
    markChanged(index, DeviceField::LastPacket | DeviceField::Reason);
}

std::array<int, kStatusCount> FleetState::counts() const
{
    std::array<int, kStatusCount> c {};
    for (ConnectionStatus s : kAllStatuses)
        c[static_cast<std::size_t>(s)] = m_tracker.count(s);
    return c;
}

DeviceSnapshot FleetState::makeSnapshot(const Entry &e) const
{
    DeviceSnapshot s;
    s.device = e.device;
    s.device.password.clear(); // secrets stay out of the window's copies
    s.activity = e.activity;
    s.status = m_tracker.status(e.slot);
    s.reason = m_tracker.reason(e.slot);
    s.statusSince = e.statusSince;
    s.moving = e.moving;
    s.stoppedSince = e.stoppedSince;
    return s;
}

std::optional<DeviceSnapshot> FleetState::snapshot(const QString &uniqueId) const
{
    const int index = m_byId.value(uniqueId, -1);
    if (index < 0)
        return std::nullopt;
    return makeSnapshot(m_entries[static_cast<std::size_t>(index)]);
}

QList<DeviceSnapshot> FleetState::snapshots() const
{
    QList<DeviceSnapshot> out;
    out.reserve(m_byId.size());
    for (const Entry &e : m_entries) {
        if (e.slot >= 0)
            out.append(makeSnapshot(e));
    }
    return out;
}

void FleetState::setStats(const IngestStats &stats, const QList<ListenerState> &listeners)
{
    m_stats = stats;
    m_listeners = listeners;
    schedulePublish();
}

void FleetState::addOrUpdateDevice(const Device &device, const QString &previousUniqueId)
{
    const QString oldId = previousUniqueId.isEmpty() ? device.uniqueId : previousUniqueId;
    int index = m_byId.value(oldId, -1);
    const bool renaming = index >= 0 && oldId != device.uniqueId;
    // Already under its new id (a connected window's follower read the change first): update
    // that entry instead of adding a second one with the same id.
    if (index < 0)
        index = m_byId.value(device.uniqueId, -1);
    if (index < 0) {
        Entry e;
        e.device = device;
        if (e.device.registeredAt == kNoTime)
            e.device.registeredAt = m_clock->now();
        e.activity.uniqueId = device.uniqueId;
        e.slot = m_tracker.addDevice(inputsFor(e));
        e.statusSince = m_clock->now();
        if (!m_freeEntries.empty()) {
            index = m_freeEntries.back();
            m_freeEntries.pop_back();
            m_entries[static_cast<std::size_t>(index)] = std::move(e);
        } else {
            index = static_cast<int>(m_entries.size());
            m_entries.push_back(std::move(e));
        }
        const auto slot = static_cast<std::size_t>(m_entries[static_cast<std::size_t>(index)].slot);
        if (m_entryBySlot.size() <= slot)
            m_entryBySlot.resize(slot + 1, -1);
        m_entryBySlot[slot] = index;
        m_byId.insert(device.uniqueId, index);
        m_removed.removeAll(device.uniqueId);
        markChanged(index, DeviceField::All);
        return;
    }
    Entry &e = m_entries[static_cast<std::size_t>(index)];
    if (renaming) {
        m_byId.remove(oldId);
        m_byId.insert(device.uniqueId, index);
        m_removed.append(oldId);
        e.activity.uniqueId = device.uniqueId;
    }
    const QString password = device.password.isEmpty() ? e.device.password : device.password;
    e.device = device;
    e.device.password = password;
    m_tracker.updateInputs(e.slot, inputsFor(e));
    markChanged(index, DeviceField::Identity | DeviceField::Reason);
}

void FleetState::removeDevice(const QString &uniqueId)
{
    const int index = m_byId.value(uniqueId, -1);
    if (index < 0)
        return;
    Entry &e = m_entries[static_cast<std::size_t>(index)];
    m_tracker.removeDevice(e.slot);
    m_entryBySlot[static_cast<std::size_t>(e.slot)] = -1;
    e = Entry {};
    m_freeEntries.push_back(index);
    m_byId.remove(uniqueId);
    m_changed.remove(index);
    m_removed.append(uniqueId);
    schedulePublish();
}

void FleetState::restoreActivity(const DeviceActivity &activity)
{
    const int index = m_byId.value(activity.uniqueId, -1);
    if (index < 0)
        return;
    Entry &e = m_entries[static_cast<std::size_t>(index)];
    e.activity = activity;
    m_tracker.restoreReasons(e.slot, reasonsFromActivity(activity));
    m_tracker.updateInputs(e.slot, inputsFor(e));
    markChanged(index,
        DeviceField::LastPacket | DeviceField::Location | DeviceField::Speed | DeviceField::Motion
            | DeviceField::Reason);
}

void FleetState::applyOtherNodesActivity(const DeviceActivity &activity)
{
    const int index = m_byId.value(activity.uniqueId, -1);
    if (index < 0)
        return;
    Entry &e = m_entries[static_cast<std::size_t>(index)];
    if (activity.lastPacketAt == kNoTime
        || (e.activity.lastPacketAt != kNoTime && activity.lastPacketAt <= e.activity.lastPacketAt))
        return; // this node's own, or older than what it has
    e.heldElsewhere = true; // before the state moves: a transition it causes is the holder's
    restoreActivity(activity);
}

void FleetState::setSettings(const StatusSettings &settings)
{
    m_tracker.setSettings(settings);
}

void FleetState::onStatusChanged(int slot, ConnectionStatus from, ConnectionStatus to, qint64 at)
{
    const int index = slot >= 0 && static_cast<std::size_t>(slot) < m_entryBySlot.size()
        ? m_entryBySlot[static_cast<std::size_t>(slot)]
        : -1;
    if (index < 0)
        return; // a device being added: not a transition yet
    Entry &e = m_entries[static_cast<std::size_t>(index)];
    e.statusSince = at;
    DeviceEvent ev;
    ev.uniqueId = e.device.uniqueId;
    ev.time = at;
    ev.type = EventType::StatusChange;
    ev.text = statusTitle(from) + QStringLiteral(" \u2192 ") + statusTitle(to);
    ev.attributes.set(QStringLiteral("from"), statusId(from));
    ev.attributes.set(QStringLiteral("to"), statusId(to));
    ev.attributes.set(QStringLiteral("reason"), m_tracker.reason(slot).id());
    if (m_uiEvents.size() < kMaxUiEventsPerDelta)
        m_uiEvents.append(ev);
    if (!e.heldElsewhere)
        m_pendingEvents.append(ev);
    emit statusChanged(e.device.uniqueId, from, to, at);
    markChanged(index, DeviceField::Status | DeviceField::Reason);
}

void FleetState::markChanged(int index, DeviceFields fields)
{
    m_changed[index] |= fields;
    schedulePublish();
}

void FleetState::schedulePublish()
{
    if (!m_publishTimer.isActive())
        m_publishTimer.start();
}

void FleetState::publishFullSnapshot()
{
    FleetDelta d;
    d.reset = true;
    d.changed = snapshots();
    d.counts = counts();
    d.stats = m_stats;
    d.listeners = m_listeners;
    d.at = m_clock->now();
    m_changed.clear();
    m_removed.clear();
    emit delta(d);
}

void FleetState::publishNow()
{
    m_publishTimer.stop();
    if (!m_pendingEvents.isEmpty()) {
        emit eventsToStore(m_pendingEvents);
        m_pendingEvents.clear();
    }
    if (!isSignalConnected(QMetaMethod::fromSignal(&FleetState::delta))) {
        m_changed.clear();
        m_removed.clear();
        m_uiEvents.clear();
        return;
    }
    FleetDelta d;
    d.changed.reserve(m_changed.size());
    d.fields.reserve(m_changed.size());
    for (auto it = m_changed.cbegin(); it != m_changed.cend(); ++it) {
        const Entry &e = m_entries[static_cast<std::size_t>(it.key())];
        if (e.slot < 0)
            continue;
        d.changed.append(makeSnapshot(e));
        d.fields.append(it.value());
    }
    d.removed = m_removed;
    d.events = std::exchange(m_uiEvents, {});
    d.counts = counts();
    d.stats = m_stats;
    d.listeners = m_listeners;
    d.at = m_clock->now();
    m_changed.clear();
    m_removed.clear();
    emit delta(d);
}

} // namespace fw
