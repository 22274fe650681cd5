#pragma once
// RuleEngine: evaluates the alert rules against what the devices report, in each device's
// time order, and raises alerts. Geofence enter/exit use a minimum dwell (a new inside/outside
// state must hold that long, so GPS jitter at a boundary does not flap; the alert carries the
// time and place where the new state began); overspeed and idle need their condition for
// `--after`; offline is a deadline per device and rule in a DeadlineHeap with one timer on the
// injected Clock (never a scan of the fleet). Buffered positions (marked archive, older than
// historicAge on arrival, or older than one already evaluated) are skipped: they never raise a
// current alert and never change the state. A QObject for its signal and its deadline timer;
// the state worth keeping across a restart is handed out per device as JSON (takeDirtyStates)
// and given back by restoreState().

#include "Alert.h"
#include "AlertRule.h"
#include "domain/DeviceEvent.h"
#include "domain/Position.h"
#include "geo/GeofenceIndex.h"
#include "status/DeadlineHeap.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <unordered_map>
#include <vector>

namespace fw {

class Clock;

struct RuleSettings
{
    TimeMs dwell = 20 * kSecond; // geofence: a new state must hold this long (0 = at once)
    TimeMs rateLimit = 60 * kSecond; // least time between two alerts of one device and rule
    TimeMs historicAge = 5 * kMinute; // older than this on arrival: from the device's memory
    double idleSpeedKph = 3.0;
    double batteryHysteresisPercent = 5.0; // low-battery re-arms this far above --below
};

struct RuleEngineStats
{
    quint64 positions = 0; // evaluated
    quint64 historic = 0; // skipped as buffered or out of order
    quint64 raised = 0;
    quint64 rateLimited = 0;
};

class RuleEngine : public QObject
{
    Q_OBJECT
public:
    RuleEngine(Clock *clock, const RuleSettings &settings, QObject *parent = nullptr);
    ~RuleEngine() override;

    void setSettings(const RuleSettings &settings) { m_settings = settings; }
    const RuleSettings &settings() const { return m_settings; }
    void setRules(const QList<AlertRule> &rules);
    // Geofences that cannot be built are left out with their reasons in *errors.
    void setGeofences(const QList<Geofence> &geofences, QStringList *errors = nullptr);
    void setDeviceGroups(const QHash<QString, QString> &groupByUniqueId);
    const GeofenceIndex &geofences() const { return m_index; }
    const QList<AlertRule> &rules() const { return m_rules; }

    void evaluate(const Position &p);
    void evaluate(const DeviceEvent &e); // status changes and alarms
    // A device last heard at `at` (from the stored activity at start-up): arms its offline
    // deadlines as if that packet had just been received.
    void noteLastSeen(const QString &uniqueId, TimeMs at);

    // Persistence: states that changed since the last call, as JSON per device; and back.
    QHash<QString, QJsonObject> takeDirtyStates();
    void restoreState(const QString &uniqueId, const QJsonObject &state);

    const RuleEngineStats &stats() const { return m_stats; }
    TimeMs nextDeadline() const { return m_deadlines.topDeadline(); }

signals:
    void alertRaised(const fw::Alert &alert);

public slots:
    void checkDeadlines();

private:
    struct FenceState
    {
        int fence = -1; // index in m_index; -1 until the geofences are known
        QString name; // what survives a reload of the geofences and a restart
        bool inside = false;
        bool pending = false; // the other state has been seen since pendingSince
        TimeMs pendingSince = kNoTime;
        GeoPoint pendingAt;
    };
    struct RuleState
    {
        TimeMs since = kNoTime; // condition true since (overspeed, idle)
        bool raised = false; // raised for the current run (overspeed, idle, low-battery, offline)
        double accumulated = 0.0; // maintenance: metres or milliseconds since the last alert
        TimeMs lastRaised = kNoTime; // rate limit
    };
    struct DeviceState
    {
        TimeMs lastTime = kNoTime; // device time of the last evaluated position
        GeoPoint last;
        bool hasLast = false;
        int ignition = -1; // -1 unknown, 0 off, 1 on
        TimeMs lastSeen = kNoTime; // clock time of the last packet (offline)
        std::vector<FenceState> fences; // geofences inside or about to change (a few)
        QHash<QString, RuleState> rules;
        bool dirty = false;
    };
    struct Transition
    {
        int fence;
        bool entered;
        TimeMs time;
        GeoPoint at;
    };

    DeviceState &stateOf(const QString &uniqueId);
    bool applies(const AlertRule &rule, const QString &uniqueId) const;
    void raise(const AlertRule &rule, DeviceState &st, const QString &uniqueId, TimeMs time,
               const QString &text, const QString &geofence, const GeoPoint *at);
    void updateFences(DeviceState &st, const Position &p, std::vector<Transition> &out);
    void evaluateDurations(DeviceState &st, const Position &p, const GeoPoint &at);
    void evaluateAttributes(DeviceState &st, const Position &p, const GeoPoint &at);
    void evaluateMaintenance(DeviceState &st, const Position &p, const GeoPoint &at);
    void armOffline(const QString &uniqueId, DeviceState &st);
    void armTimer();
    double speedLimitFor(const AlertRule &rule, const DeviceState &st,
                         const QString &uniqueId) const;

    Clock *m_clock;
    RuleSettings m_settings;
    QList<AlertRule> m_rules;
    std::vector<std::vector<int>> m_rulesByType; // RuleType -> indices into m_rules
    GeofenceIndex m_index;
    QHash<QString, QString> m_groups;
    std::unordered_map<QString, DeviceState> m_devices;
    // Offline deadlines: one slot per (device, offline rule).
    DeadlineHeap m_deadlines;
    QHash<QString, int> m_slotByKey; // uniqueId + '\n' + rule name
    std::vector<std::pair<QString, QString>> m_slotKeys; // slot -> (uniqueId, rule name)
    QTimer m_timer;
    TimeMs m_timerDeadline = kNoTime; // the deadline m_timer is set for
    std::vector<int> m_inside; // scratch for the index lookup
    std::vector<Transition> m_transitions; // scratch
    RuleEngineStats m_stats;
};

} // namespace fw
