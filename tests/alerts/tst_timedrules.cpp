// Rules that need time: overspeed with --after 30 (a 20 s spike raises nothing, a 40 s run one
// alert), offline --after 7200 raised at the deadline by the engine's timer on an injected clock
// (nothing polls: the ManualClock only steps), ignition and low battery once per change, and a
// node restart (a new engine on the saved state and the same database) that raises nothing
// twice.
#include "AlertTestSupport.h"
#include "TestMain.h"

#include "alerts/AlertStore.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"
#include "util/Clock.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace fw;
using namespace fw::test;

namespace {
AlertRule rule(const QString &name, RuleType type, TimeMs after = 0)
{
    AlertRule r;
    r.name = name;
    r.type = type;
    r.after = after;
    return r;
}

void restore(RuleEngine &engine, AlertStore &store)
{
    const auto states = store.states();
    if (!states)
        return;
    for (auto it = states->cbegin(); it != states->cend(); ++it)
        engine.restoreState(it.key(), it.value());
}

Geofence circle()
{
    Geofence g;
    g.name = QStringLiteral("depot");
    g.kind = GeofenceKind::Circle;
    g.points = { { kLat0, kLon0 } };
    g.radiusM = 300;
    return g;
}
} // namespace

class TstTimedRules : public QObject
{
    Q_OBJECT
private slots:
    void overspeedNeedsItsDuration()
    {
        ManualClock clock(kT0);
        RuleEngine engine(&clock, RuleSettings());
        AlertRule r = rule(QStringLiteral("fast"), RuleType::Overspeed, 30 * kSecond);
        r.limitKph = 80;
        engine.setRules({ r });
        AlertCollector c(engine);
        TimeMs t = kT0;
        const auto drive = [&](double speed, TimeMs duration) {
            for (TimeMs end = t + duration; t < end; t += 5 * kSecond)
                engine.evaluate(positionAt(QStringLiteral("car"), t, kLat0, kLon0, speed));
        };
        drive(60, kMinute);
        drive(100, 25 * kSecond); // reports at 0, 5, ..., 20 s over the limit: a 20 s spike
        drive(60, kMinute);
        QVERIFY(c.alerts.isEmpty());
        const TimeMs runStart = t;
        drive(100, 45 * kSecond); // 0 ... 40 s over the limit
        drive(60, kMinute);
        QCOMPARE(c.alerts.size(), 1);
        QCOMPARE(c.alerts.first().type, QStringLiteral("overspeed"));
        QCOMPARE(c.alerts.first().time, runStart + 30 * kSecond);
    }

    void overspeedUsesTheGeofenceLimit()
    {
        ManualClock clock(kT0);
        RuleSettings settings;
        settings.dwell = 0;
        RuleEngine engine(&clock, settings);
        Geofence g = circle();
        g.speedLimitKph = 30;
        engine.setGeofences({ g });
        engine.setRules({ rule(QStringLiteral("depot-speed"), RuleType::Overspeed) });
        AlertCollector c(engine);
        engine.evaluate(positionAt(QStringLiteral("car"), kT0, latAt(1000), kLon0, 50)); // outside
        QVERIFY(c.alerts.isEmpty());
        engine.evaluate(positionAt(QStringLiteral("car"), kT0 + kMinute, kLat0, kLon0, 50));
        QCOMPARE(c.alerts.size(), 1);
        // A geofence for other devices: its limit is not the car's.
        g.devices = { QStringLiteral("bus") };
        engine.setGeofences({ g });
        engine.evaluate(
            positionAt(QStringLiteral("car"), kT0 + 2 * kMinute, latAt(1000), kLon0, 50));
        engine.evaluate(positionAt(QStringLiteral("car"), kT0 + 3 * kMinute, kLat0, kLon0, 50));
        engine.evaluate(positionAt(QStringLiteral("car"), kT0 + 5 * kMinute, kLat0, kLon0, 50));
        QCOMPARE(c.alerts.size(), 1);
        engine.evaluate(positionAt(QStringLiteral("bus"), kT0 + 3 * kMinute, kLat0, kLon0, 50));
        QCOMPARE(c.alerts.size(), 2);
    }

    void offlineAtTheDeadline()
    {
        ManualClock clock(kT0);
        RuleEngine engine(&clock, RuleSettings());
        engine.setRules({ rule(QStringLiteral("silent"), RuleType::Offline, 7200 * kSecond) });
        AlertCollector c(engine);
        engine.evaluate(positionAt(QStringLiteral("truck"), kT0, kLat0, kLon0));
        QCOMPARE(engine.nextDeadline(), kT0 + 7200 * kSecond);
        clock.advance(7200 * kSecond - 1);
        QVERIFY(c.alerts.isEmpty());
        clock.advance(1);
        QCOMPARE(c.alerts.size(), 1);
        QCOMPARE(c.alerts.first().type, QStringLiteral("offline"));
        QCOMPARE(c.alerts.first().time, kT0 + 7200 * kSecond);
        clock.advance(kDay);
        QCOMPARE(c.alerts.size(), 1); // once per silence
        // Heard from again, then silent again: a new alert at the new deadline.
        engine.evaluate(positionAt(QStringLiteral("truck"), clock.now(), kLat0, kLon0));
        clock.advance(7200 * kSecond);
        QCOMPARE(c.alerts.size(), 2);
    }

    void ignitionAndBatteryOncePerChange()
    {
        ManualClock clock(kT0);
        RuleSettings settings;
        settings.rateLimit = 0;
        RuleEngine engine(&clock, settings);
        AlertRule low = rule(QStringLiteral("low"), RuleType::LowBattery);
        low.belowPercent = 20;
        engine.setRules({ rule(QStringLiteral("on"), RuleType::IgnitionOn),
                          rule(QStringLiteral("off"), RuleType::IgnitionOff), low });
        AlertCollector c(engine);
        const QList<std::pair<bool, int>> reports
            = { { false, 50 }, { true, 30 }, { true, 19 }, { true, 18 }, { false, 22 },
                { false, 30 }, { true, 10 } };
        TimeMs t = kT0;
        for (const auto &[ignition, battery] : reports) {
            Position p = positionAt(QStringLiteral("van"), t, kLat0, kLon0, 0);
            p.attributes.set(attr::ignition, ignition);
            p.attributes.set(QStringLiteral("batteryLevel"), battery);
            engine.evaluate(p);
            t += kMinute;
        }
        QCOMPARE(c.ofType(QStringLiteral("ignition-on")).size(), 2);
        QCOMPARE(c.ofType(QStringLiteral("ignition-off")).size(), 1);
        QCOMPARE(c.ofType(QStringLiteral("low-battery")).size(), 2); // 19, then 10 after 30
    }

    void idleStatusAlarmAndMaintenance()
    {
        ManualClock clock(kT0);
        RuleSettings settings;
        settings.rateLimit = 0;
        RuleEngine engine(&clock, settings);
        AlertRule idle = rule(QStringLiteral("idle"), RuleType::Idle, 5 * kMinute);
        AlertRule offline = rule(QStringLiteral("went-offline"), RuleType::Status);
        offline.status = QStringLiteral("offline");
        AlertRule sos = rule(QStringLiteral("sos"), RuleType::Alarm);
        sos.alarm = QStringLiteral("sos");
        AlertRule any = rule(QStringLiteral("any-alarm"), RuleType::Alarm);
        any.alarm = QStringLiteral("any");
        AlertRule service = rule(QStringLiteral("service"), RuleType::Maintenance);
        service.everyKm = 10;
        service.devices = { QStringLiteral("van") };
        engine.setRules({ idle, offline, sos, any, service });
        AlertCollector c(engine);
        TimeMs t = kT0;
        // Engine on, standing for 6 minutes: one idle alert after 5.
        for (int i = 0; i <= 6; ++i, t += kMinute) {
            Position p = positionAt(QStringLiteral("van"), t, kLat0, kLon0, 0);
            p.attributes.set(attr::ignition, true);
            engine.evaluate(p);
        }
        QCOMPARE(c.ofType(QStringLiteral("idle")).size(), 1);
        QCOMPARE(c.ofType(QStringLiteral("idle")).first().time, kT0 + 5 * kMinute);
        // 25 km north in 1 km steps: two maintenance alerts (10 and 20 km); "car" is not covered.
        for (int km = 1; km <= 25; ++km, t += kMinute) {
            engine.evaluate(positionAt(QStringLiteral("van"), t, latAt(km * 1000.0), kLon0, 60));
            engine.evaluate(positionAt(QStringLiteral("car"), t, latAt(km * 1000.0), kLon0, 60));
        }
        QCOMPARE(c.ofType(QStringLiteral("maintenance")).size(), 2);
        // An alarm on a position and one as an event; a status change to offline.
        Position alarm = positionAt(QStringLiteral("van"), t, kLat0, kLon0, 0);
        alarm.attributes.set(attr::alarm, alarm::sos);
        engine.evaluate(alarm);
        DeviceEvent cut;
        cut.uniqueId = QStringLiteral("van");
        cut.time = t + kSecond;
        cut.type = EventType::Alarm;
        cut.attributes.set(attr::alarm, alarm::powerCut);
        clock.setNow(t + kSecond);
        engine.evaluate(cut);
        QCOMPARE(c.ofType(QStringLiteral("alarm")).size(), 3); // sos twice (two rules), powerCut
        DeviceEvent status;
        status.uniqueId = QStringLiteral("van");
        status.time = t + 2 * kSecond;
        status.type = EventType::StatusChange;
        status.attributes.set(QStringLiteral("to"), QStringLiteral("offline"));
        engine.evaluate(status);
        status.attributes.set(QStringLiteral("to"), QStringLiteral("online"));
        engine.evaluate(status);
        QCOMPARE(c.ofType(QStringLiteral("status")).size(), 1);
    }

    // A node restart: the first engine's alerts and state are stored; a second engine (the
    // restarted node) reads the state back and, fed the rest of the track (still inside, then
    // out), raises only the exit. Raising the same occurrence again is refused by its key.
    void restartDoesNotRaiseAgain()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        Database db;
        QVERIFY2(db.open(*DatabaseConfig::parse(QStringLiteral("sqlite:") + dir.filePath(
                                                    QStringLiteral("alerts.sqlite")))),
                 qPrintable(db.lastError()));
        AlertStore store(db);
        QVERIFY2(store.addGeofences({ circle() }), qPrintable(store.lastError()));
        QVERIFY(store.addRule(rule(QStringLiteral("in"), RuleType::GeofenceEnter)));
        QVERIFY(store.addRule(rule(QStringLiteral("out"), RuleType::GeofenceExit)));
        AlertRule silent = rule(QStringLiteral("silent"), RuleType::Offline, kHour);
        QVERIFY(store.addRule(silent));

        QList<Position> track;
        for (int i = 0; i < 12; ++i) // 1000 m north of the depot to 1200 m south of it
            track.append(positionAt(QStringLiteral("dev"), kT0 + i * kMinute,
                                    latAt(1000 - i * 200), kLon0));
        ManualClock clock(kT0);
        QList<Alert> stored;
        const auto run = [&](int from, int to) {
            RuleEngine engine(&clock, RuleSettings());
            engine.setGeofences(*store.geofences());
            engine.setRules(*store.rules());
            restore(engine, store);
            AlertCollector c(engine);
            for (int i = from; i < to; ++i) {
                clock.setNow(track.at(i).deviceTime);
                engine.evaluate(track.at(i));
            }
            QList<Alert> fresh = c.alerts;
            if (!store.insertAlerts(fresh)
                || !store.saveStates(engine.takeDirtyStates(), clock.now()))
                return qsizetype(-1);
            stored += fresh;
            return c.alerts.size();
        };
        // Inside from i = 4 (200 m north); the 20 s dwell is met at i = 5.
        QCOMPARE(run(0, 7), qsizetype(1));
        QCOMPARE(stored.first().type, QStringLiteral("geofence-enter"));
        QCOMPARE(stored.first().time, kT0 + 4 * kMinute);
        // Restarted; outside again from i = 7 (400 m south).
        QCOMPARE(run(7, 12), qsizetype(1));
        QCOMPARE(stored.last().type, QStringLiteral("geofence-exit"));
        QCOMPARE(stored.last().time, kT0 + 7 * kMinute);
        // The same occurrence raised again is one row.
        QList<Alert> again = { stored.first() };
        QVERIFY(store.insertAlerts(again));
        QVERIFY(again.isEmpty());
        QCOMPARE(store.alerts({}, kNoTime, kNoTime)->size(), qsizetype(2));

        // Offline across a restart: raised by the first engine, not again by the next one.
        {
            RuleEngine engine(&clock, RuleSettings());
            engine.setRules(*store.rules());
            restore(engine, store);
            AlertCollector c(engine);
            clock.advance(kHour);
            QCOMPARE(c.ofType(QStringLiteral("offline")).size(), 1);
            QVERIFY(store.saveStates(engine.takeDirtyStates(), clock.now()));
        }
        RuleEngine restarted(&clock, RuleSettings());
        restarted.setRules(*store.rules());
        restore(restarted, store);
        AlertCollector c(restarted);
        clock.advance(kHour);
        QVERIFY(c.alerts.isEmpty());
    }

    void alertJsonIsTheContract()
    {
        Alert a;
        a.id = 7;
        a.rule = QStringLiteral("in");
        a.type = QStringLiteral("geofence-enter");
        a.uniqueId = QStringLiteral("123");
        a.time = kT0;
        a.text = QStringLiteral("123 entered depot");
        a.geofence = QStringLiteral("depot");
        a.hasPosition = true;
        a.latitude = 50.5;
        a.longitude = 14.25;
        a.targets = { QStringLiteral("email:ops@example.com") };
        QCOMPARE(QJsonDocument(a.toJson()).toJson(QJsonDocument::Compact),
                 QByteArray(R"({"acknowledgedBy":null,"geofence":"depot","id":7,)"
                            R"("position":{"lat":50.5,"lon":14.25},"rule":"in",)"
                            R"("text":"123 entered depot","time":"2023-11-14T22:13:20Z",)"
                            R"("type":"geofence-enter","uniqueId":"123"})"));
    }
};

FW_TEST_CLASS(TstTimedRules)
#include "tst_timedrules.moc"
