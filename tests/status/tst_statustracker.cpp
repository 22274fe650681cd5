// The StatusTracker against a manual clock: transitions at exact deadlines, one signal per
// transition, incremental counts, blocked data dropped, detected reasons, and a long randomized
// run compared step by step with the pure function evaluated from scratch.
#include "TestMain.h"

#include "status/StatusTracker.h"
#include "util/Clock.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace fw;

namespace {
constexpr TimeMs kStart = 1'700'000'000'000;

PacketObservation fix(TimeMs server, TimeMs fixTime, bool valid = true)
{
    PacketObservation p;
    p.serverTime = server;
    p.kind = PacketKind::Position;
    p.validFix = valid;
    p.fixTime = fixTime;
    return p;
}
PacketObservation heartbeat(TimeMs server)
{
    PacketObservation p;
    p.serverTime = server;
    p.kind = PacketKind::Heartbeat;
    return p;
}
StatusInputs registeredAt(TimeMs t, bool autoActivation = true)
{
    StatusInputs in;
    in.registeredAt = t;
    in.autoActivation = autoActivation;
    return in;
}
} // namespace

class TstStatusTracker : public QObject
{
    Q_OBJECT
private slots:
    void walksThroughTheLifecycle();
    void oneSignalPerTransitionAndExactCounts();
    void blockedDropsDataAndUntilPasses();
    void perDeviceTimeout();
    void identityReplacementResetsRegistration();
    void settingsChangeReevaluates();
    void slotsAreReused();
    void reasons_data();
    void reasons();
    void closedByDeviceVersusTimedOut();
    void reasonStateSurvivesEncoding();
    void randomizedEquivalence();
};

void TstStatusTracker::walksThroughTheLifecycle()
{
    ManualClock clock(kStart);
    StatusTracker tracker(&clock);
    QSignalSpy spy(&tracker, &StatusTracker::statusChanged);
    const int d = tracker.addDevice(registeredAt(kStart));
    QCOMPARE(tracker.status(d), ConnectionStatus::JustRegistered);
    QCOMPARE(spy.count(), 0);

    clock.advance(5 * kMinute - 1);
    QCOMPARE(tracker.status(d), ConnectionStatus::JustRegistered);
    clock.advance(1); // exactly 5 min
    QCOMPARE(tracker.status(d), ConnectionStatus::AwaitingFirstData);
    QCOMPARE(spy.count(), 1);

    const TimeMs t = clock.now();
    QVERIFY(tracker.recordPacket(d, fix(t, t)));
    QCOMPARE(tracker.status(d), ConnectionStatus::Online);
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.last().at(1).value<ConnectionStatus>(), ConnectionStatus::AwaitingFirstData);
    QCOMPARE(spy.last().at(2).value<ConnectionStatus>(), ConnectionStatus::Online);
    QCOMPARE(spy.last().at(3).toLongLong(), t);

    clock.setNow(t + 5 * kMinute); // exactly at freshness: still online
    QCOMPARE(tracker.status(d), ConnectionStatus::Online);
    clock.advance(1);
    QCOMPARE(tracker.status(d), ConnectionStatus::GpsOutdated);
    QCOMPARE(spy.count(), 3);

    QVERIFY(tracker.recordPacket(d, heartbeat(clock.now()))); // keeps it connected, never green
    QCOMPARE(tracker.status(d), ConnectionStatus::GpsOutdated);
    const TimeMs hb = clock.now();
    clock.setNow(hb + 10 * kMinute);
    QCOMPARE(tracker.status(d), ConnectionStatus::GpsOutdated);
    clock.advance(1);
    QCOMPARE(tracker.status(d), ConnectionStatus::Offline);
    QCOMPARE(spy.count(), 4);
    QCOMPARE(tracker.nextDeadline(), kNoTime);
}

void TstStatusTracker::oneSignalPerTransitionAndExactCounts()
{
    ManualClock clock(kStart);
    StatusTracker tracker(&clock);
    QSignalSpy spy(&tracker, &StatusTracker::statusChanged);
    QList<int> ids;
    for (int i = 0; i < 10; ++i)
        ids << tracker.addDevice(registeredAt(kStart - kDay));
    QCOMPARE(tracker.count(ConnectionStatus::AwaitingFirstData), 10);
    for (int i = 0; i < 10; ++i)
        tracker.recordPacket(ids[i], fix(kStart, i < 6 ? kStart : kNoTime, i < 6));
    QCOMPARE(spy.count(), 10);
    QCOMPARE(tracker.count(ConnectionStatus::Online), 6);
    QCOMPARE(tracker.count(ConnectionStatus::GpsOutdated), 4);
    QCOMPARE(tracker.count(StatusGroup::NotActivated), 0);
    // A repeated packet that does not change the status emits nothing.
    tracker.recordPacket(ids[0], fix(kStart, kStart));
    QCOMPARE(spy.count(), 10);
    // Jump far ahead: each device transitions once to offline, even across two deadlines.
    clock.advance(kHour);
    QCOMPARE(spy.count(), 20);
    QCOMPARE(tracker.count(ConnectionStatus::Offline), 10);
    QCOMPARE(tracker.deviceCount(), 10);
}

void TstStatusTracker::blockedDropsDataAndUntilPasses()
{
    ManualClock clock(kStart);
    StatusTracker tracker(&clock);
    StatusInputs in = registeredAt(kStart - kDay);
    in.lastPacketAt = kStart - kHour;
    in.blocked = true;
    in.blockedUntil = kStart + 10 * kMinute;
    const int d = tracker.addDevice(in);
    QCOMPARE(tracker.status(d), ConnectionStatus::Blocked);
    QVERIFY(!tracker.recordPacket(d, fix(kStart, kStart)));
    QCOMPARE(tracker.inputs(d).lastPacketAt, kStart - kHour); // discarded
    QCOMPARE(tracker.count(ConnectionStatus::Blocked), 1);
    QCOMPARE(tracker.nextDeadline(), kStart + 10 * kMinute);
    QSignalSpy spy(&tracker, &StatusTracker::statusChanged);
    clock.setNow(kStart + 10 * kMinute - 1);
    QCOMPARE(tracker.status(d), ConnectionStatus::Blocked);
    clock.advance(1);
    QCOMPARE(tracker.status(d), ConnectionStatus::Offline); // the dropped packet does not count
    QCOMPARE(spy.count(), 1);
    QVERIFY(tracker.recordPacket(d, fix(clock.now(), clock.now())));
    QCOMPARE(tracker.status(d), ConnectionStatus::Online);
}

void TstStatusTracker::perDeviceTimeout()
{
    ManualClock clock(kStart);
    StatusTracker tracker(&clock);
    StatusInputs shortTimeout = registeredAt(kStart - kDay);
    shortTimeout.offlineTimeout = kMinute;
    StatusInputs longTimeout = registeredAt(kStart - kDay);
    longTimeout.offlineTimeout = kHour;
    const int a = tracker.addDevice(shortTimeout);
    const int b = tracker.addDevice(longTimeout);
    tracker.recordPacket(a, heartbeat(kStart));
    tracker.recordPacket(b, heartbeat(kStart));
    clock.advance(kMinute + 1);
    QCOMPARE(tracker.status(a), ConnectionStatus::Offline);
    QCOMPARE(tracker.status(b), ConnectionStatus::GpsOutdated);
    clock.setNow(kStart + kHour);
    QCOMPARE(tracker.status(b), ConnectionStatus::GpsOutdated);
    clock.advance(1);
    QCOMPARE(tracker.status(b), ConnectionStatus::Offline);
}

void TstStatusTracker::identityReplacementResetsRegistration()
{
    ManualClock clock(kStart);
    StatusTracker tracker(&clock);
    const int d = tracker.addDevice(registeredAt(kStart - kDay));
    tracker.recordPacket(d, fix(kStart, kStart));
    QCOMPARE(tracker.status(d), ConnectionStatus::Online);
    clock.advance(kMinute);
    StatusInputs in = tracker.inputs(d);
    in.registeredAt = clock.now(); // the IMEI was replaced
    tracker.updateInputs(d, in);
    QCOMPARE(tracker.status(d), ConnectionStatus::JustRegistered);
    clock.advance(5 * kMinute);
    QCOMPARE(tracker.status(d), ConnectionStatus::AwaitingFirstData);
}

void TstStatusTracker::settingsChangeReevaluates()
{
    ManualClock clock(kStart);
    StatusTracker tracker(&clock);
    const int d = tracker.addDevice(registeredAt(kStart - kDay));
    tracker.recordPacket(d, fix(kStart, kStart - 4 * kMinute));
    QCOMPARE(tracker.status(d), ConnectionStatus::Online);
    StatusSettings s;
    s.gpsFreshness = 3 * kMinute;
    QSignalSpy spy(&tracker, &StatusTracker::statusChanged);
    tracker.setSettings(s);
    QCOMPARE(tracker.status(d), ConnectionStatus::GpsOutdated);
    QCOMPARE(spy.count(), 1);
}

void TstStatusTracker::slotsAreReused()
{
    ManualClock clock(kStart);
    StatusTracker tracker(&clock);
    const int a = tracker.addDevice(registeredAt(kStart));
    tracker.addDevice(registeredAt(kStart));
    tracker.removeDevice(a);
    QCOMPARE(tracker.deviceCount(), 1);
    QCOMPARE(tracker.count(ConnectionStatus::JustRegistered), 1);
    QCOMPARE(tracker.addDevice(registeredAt(kStart - kDay)), a);
    QCOMPARE(tracker.count(ConnectionStatus::AwaitingFirstData), 1);
}

void TstStatusTracker::reasons_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("reason");
    QTest::newRow("buffered") << "buffered" << "gps-outdated" << "buffered";
    QTest::newRow("no fix") << "nofix" << "gps-outdated" << "no-fix";
    QTest::newRow("heartbeats only") << "heartbeats" << "gps-outdated" << "heartbeats-only";
    QTest::newRow("clock +3 h") << "clock+3" << "gps-outdated" << "clock-not-utc";
    QTest::newRow("clock -5 h") << "clock-5" << "gps-outdated" << "clock-not-utc";
    QTest::newRow("single future fix is not a clock offset") << "future1" << "gps-outdated"
                                                             << "fix-in-future";
    QTest::newRow("last gasp") << "lastgasp" << "offline" << "last-gasp";
    QTest::newRow("silence") << "silence" << "offline" << "no-data";
    QTest::newRow("current") << "current" << "online" << "fix-current";
    QTest::newRow("never fixed") << "neverfixed" << "gps-outdated" << "never-fixed";
}

void TstStatusTracker::reasons()
{
    QFETCH(QString, scenario);
    QFETCH(QString, status);
    QFETCH(QString, reason);
    ManualClock clock(kStart);
    StatusTracker tracker(&clock);
    const int d = tracker.addDevice(registeredAt(kStart - kDay));
    TimeMs t = kStart;
    const auto at = [&](TimeMs next) {
        t = next;
        clock.setNow(t);
    };
    if (scenario == u"buffered") {
        tracker.recordPacket(d, fix(t, t - 2 * kHour - 17 * kMinute));
        at(t + 10 * kSecond);
        tracker.recordPacket(d, fix(t, t - 2 * kHour - 9 * kMinute));
    } else if (scenario == u"nofix") {
        tracker.recordPacket(d, fix(t, t));
        at(t + 6 * kMinute);
        tracker.recordPacket(d, fix(t, kNoTime, false));
    } else if (scenario == u"heartbeats") {
        tracker.recordPacket(d, fix(t, t));
        for (int i = 0; i < 4; ++i) {
            at(t + 2 * kMinute);
            tracker.recordPacket(d, heartbeat(t));
        }
    } else if (scenario == u"clock+3" || scenario == u"clock-5") {
        const TimeMs offset = scenario == u"clock+3" ? 3 * kHour : -5 * kHour;
        for (int i = 0; i < 3; ++i) {
            tracker.recordPacket(d, fix(t, t + offset + 3 * kSecond));
            at(t + 30 * kSecond);
        }
        QCOMPARE(tracker.reasonState(d).clockOffsetHours, offset / kHour);
        QVERIFY(tracker.reason(d).text().contains(offset > 0 ? QStringLiteral("+3")
                                                             : QStringLiteral("-5")));
    } else if (scenario == u"future1") {
        tracker.recordPacket(d, fix(t, t + 3 * kHour));
    } else if (scenario == u"lastgasp") {
        tracker.recordPacket(d, fix(t, t));
        PacketObservation gasp = heartbeat(t + kSecond);
        gasp.kind = PacketKind::Other;
        gasp.lastGasp = true;
        tracker.recordPacket(d, gasp);
        at(t + kHour);
    } else if (scenario == u"silence") {
        tracker.recordPacket(d, fix(t, t));
        at(t + kHour);
    } else if (scenario == u"current") {
        tracker.recordPacket(d, fix(t, t - kSecond));
    } else if (scenario == u"neverfixed") {
        PacketObservation login;
        login.serverTime = t;
        tracker.recordPacket(d, login);
    }
    QCOMPARE(statusId(tracker.status(d)), status);
    QCOMPARE(tracker.reason(d).id(), reason);
    QVERIFY(!tracker.reason(d).text().isEmpty());
}

void TstStatusTracker::closedByDeviceVersusTimedOut()
{
    ManualClock clock(kStart);
    StatusTracker tracker(&clock);
    const int a = tracker.addDevice(registeredAt(kStart - kDay));
    const int b = tracker.addDevice(registeredAt(kStart - kDay));
    tracker.recordPacket(a, fix(kStart, kStart));
    tracker.recordPacket(b, fix(kStart, kStart));
    tracker.recordConnectionEnd(a, ConnectionEnd::ClosedByDevice);
    tracker.recordConnectionEnd(b, ConnectionEnd::TimedOut);
    clock.advance(kHour);
    QCOMPARE(tracker.reason(a).id(), QStringLiteral("closed-by-device"));
    QCOMPARE(tracker.reason(b).id(), QStringLiteral("timed-out"));
    tracker.recordPacket(a, heartbeat(clock.now())); // back again: the old ending no longer applies
    clock.advance(kHour);
    QCOMPARE(tracker.reason(a).id(), QStringLiteral("no-data"));
}

void TstStatusTracker::reasonStateSurvivesEncoding()
{
    ReasonState r;
    r.lastFixLag = 3 * kHour + 17;
    r.lastPositionReceivedAt = kStart;
    r.noFixStreak = 4;
    r.heartbeatStreak = 9;
    r.clockOffsetHours = -5;
    r.clockOffsetStreak = 3;
    const ReasonState back = ReasonState::decode(r.encode());
    QCOMPARE(back.lastFixLag, r.lastFixLag);
    QCOMPARE(back.lastPositionReceivedAt, r.lastPositionReceivedAt);
    QCOMPARE(back.noFixStreak, r.noFixStreak);
    QCOMPARE(back.heartbeatStreak, r.heartbeatStreak);
    QCOMPARE(back.clockOffsetHours, r.clockOffsetHours);
    QCOMPARE(back.clockOffsetStreak, r.clockOffsetStreak);
    ReasonState fallback;
    fallback.noFixStreak = 7;
    for (const QString &bad : { QString(), QStringLiteral("garbage"), QStringLiteral("1;x;;0;0;0;0"),
                                QStringLiteral("2;0;;0;0;0;0") })
        QCOMPARE(ReasonState::decode(bad, fallback).noFixStreak, 7);
}

void TstStatusTracker::randomizedEquivalence()
{
    // At every step the tracker's incremental statuses and counts must equal the pure function
    // evaluated from scratch over the same inputs.
    const int steps = qEnvironmentVariableIntValue("FW_RANDOM_STEPS") > 0
        ? qEnvironmentVariableIntValue("FW_RANDOM_STEPS")
        : 100000;
    QRandomGenerator rng(20261122);
    ManualClock clock(kStart);
    StatusSettings settings;
    StatusTracker tracker(&clock, settings);
    QList<int> live;
    int transitions = 0;
    connect(&tracker, &StatusTracker::statusChanged, this,
            [&](int, ConnectionStatus from, ConnectionStatus to) {
                QVERIFY(from != to);
                ++transitions;
            });
    const auto randomSpan = [&](TimeMs max) { return static_cast<TimeMs>(rng.bounded(max)); };
    for (int step = 0; step < steps; ++step) {
        const int op = static_cast<int>(rng.bounded(100));
        const TimeMs now = clock.now();
        if (live.size() < 40 && (op < 6 || live.isEmpty())) {
            StatusInputs in;
            in.registeredAt = now - randomSpan(10 * kMinute);
            in.autoActivation = rng.bounded(5) != 0;
            in.offlineTimeout = rng.bounded(3) == 0 ? randomSpan(20 * kMinute) + kSecond : 0;
            live << tracker.addDevice(in);
        } else if (op < 8) {
            tracker.removeDevice(live.takeAt(static_cast<qsizetype>(rng.bounded(live.size()))));
        } else if (op < 55) {
            const int d = live.at(static_cast<qsizetype>(rng.bounded(live.size())));
            PacketObservation p;
            p.serverTime = now;
            const int kind = static_cast<int>(rng.bounded(10));
            p.kind = kind < 6 ? PacketKind::Position : kind < 9 ? PacketKind::Heartbeat : PacketKind::Other;
            p.validFix = p.kind == PacketKind::Position && rng.bounded(4) != 0;
            if (p.validFix)
                p.fixTime = now - randomSpan(12 * kMinute) + (rng.bounded(6) == 0 ? randomSpan(4 * kMinute) + 4 * kMinute : 0);
            const StatusInputs before = tracker.inputs(d);
            const bool accepted = tracker.recordPacket(d, p);
            QCOMPARE(accepted, evaluateStatus(before, settings, now) != ConnectionStatus::Blocked);
        } else if (op < 85) {
            clock.advance(randomSpan(rng.bounded(10) == 0 ? 30 * kMinute : kMinute) + 1);
        } else if (op < 92) {
            const int d = live.at(static_cast<qsizetype>(rng.bounded(live.size())));
            StatusInputs in = tracker.inputs(d);
            const int edit = static_cast<int>(rng.bounded(4));
            if (edit == 0) {
                in.blocked = !in.blocked;
                in.blockedUntil = rng.bounded(2) ? now + randomSpan(20 * kMinute) + 1 : kNoTime;
            } else if (edit == 1) {
                in.offlineTimeout = rng.bounded(2) ? randomSpan(30 * kMinute) + 1 : 0;
            } else if (edit == 2) {
                in.registeredAt = now; // identity replaced
            } else {
                in.autoActivation = !in.autoActivation;
            }
            tracker.updateInputs(d, in);
        } else if (op < 94) {
            settings.gpsFreshness = (rng.bounded(8) + 1) * kMinute;
            settings.defaultOfflineTimeout = (rng.bounded(15) + 1) * kMinute;
            settings.futureTolerance = rng.bounded(3) * kMinute;
            tracker.setSettings(settings);
        } else {
            clock.advance(0); // a clock step with no time passing changes nothing
        }
        // Compare with the pure function evaluated from scratch.
        std::array<int, kStatusCount> counts {};
        for (int d : std::as_const(live)) {
            const ConnectionStatus expected = evaluateStatus(tracker.inputs(d), settings, clock.now());
            if (tracker.status(d) != expected) {
                QFAIL(qPrintable(QStringLiteral("step %1: device %2 is %3, rules say %4")
                                     .arg(step).arg(d).arg(statusId(tracker.status(d)),
                                                           statusId(expected))));
            }
            ++counts[static_cast<std::size_t>(expected)];
        }
        for (ConnectionStatus s : kAllStatuses) {
            if (tracker.count(s) != counts[static_cast<std::size_t>(s)])
                QFAIL(qPrintable(QStringLiteral("step %1: count of %2 is %3, expected %4")
                                     .arg(step).arg(statusId(s)).arg(tracker.count(s))
                                     .arg(counts[static_cast<std::size_t>(s)])));
        }
        QCOMPARE(tracker.deviceCount(), live.size());
    }
    QVERIFY(transitions > steps / 20); // the run really exercised transitions
    qInfo("randomized equivalence: %d steps, %d transitions", steps, transitions);
}

FW_TEST_CLASS(TstStatusTracker)
#include "tst_statustracker.moc"
