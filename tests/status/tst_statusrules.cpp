// Every rule and boundary of status-rules.md, as data-driven tables over the pure function.
#include "TestMain.h"

#include "status/StatusRules.h"

#include <QTest>

using namespace fw;

namespace {
constexpr TimeMs kNow = 1'700'000'000'000; // fixed instant; every case is relative to it
constexpr TimeMs kNone = kNoTime;
TimeMs ago(TimeMs d)
{
    return d == kNone ? kNone : kNow - d;
}
} // namespace

class TstStatusRules : public QObject
{
    Q_OBJECT
private slots:
    void evaluate_data();
    void evaluate();
    void deadlineKeepsStatusUntilThen_data() { evaluate_data(); }
    void deadlineKeepsStatusUntilThen();
    void exactDeadlines_data();
    void exactDeadlines();
};

void TstStatusRules::evaluate_data()
{
    QTest::addColumn<qint64>("registeredAgo"); // kNone = unknown registration time
    QTest::addColumn<qint64>("packetAgo"); // kNone = never
    QTest::addColumn<qint64>("fixAgo"); // negative = fix time in the future
    QTest::addColumn<qint64>("timeout"); // 0 = default (10 min)
    QTest::addColumn<bool>("blocked");
    QTest::addColumn<qint64>("blockedUntilIn"); // kNone = no end
    QTest::addColumn<bool>("autoActivation");
    QTest::addColumn<QString>("expected");

    const qint64 day = kDay, min = kMinute;
    // Rule 1: blocked.
    QTest::newRow("blocked, no end") << day << min << min << 0LL << true << kNone << true << "blocked";
    QTest::newRow("blocked until later") << day << min << min << 0LL << true << 1LL << true << "blocked";
    QTest::newRow("blocked until exactly now: block over") << day << min << min << 0LL << true << 0LL
                                                           << true << "online";
    QTest::newRow("blocked until passed") << day << min << min << 0LL << true << -1LL << true << "online";
    QTest::newRow("blocked beats never-sent") << day << kNone << kNone << 0LL << true << kNone << false
                                              << "blocked";
    QTest::newRow("blocked beats offline") << day << day << day << 0LL << true << kNone << true
                                           << "blocked";
    // Rule 2: needs manual activation.
    QTest::newRow("manual model, never sent") << 10 * min << kNone << kNone << 0LL << false << kNone
                                              << false << "needs-manual-activation";
    QTest::newRow("manual model, fresh registration") << 0LL << kNone << kNone << 0LL << false << kNone
                                                      << false << "needs-manual-activation";
    QTest::newRow("manual model that sent data is activated") << day << min << min << 0LL << false
                                                              << kNone << false << "online";
    // Rules 3 and 4: just registered / awaiting first data, exactly at 5 min.
    QTest::newRow("just registered now") << 0LL << kNone << kNone << 0LL << false << kNone << true
                                         << "just-registered";
    QTest::newRow("just registered 4:59.999") << 5 * min - 1 << kNone << kNone << 0LL << false << kNone
                                              << true << "just-registered";
    QTest::newRow("exactly 5 min: awaiting") << 5 * min << kNone << kNone << 0LL << false << kNone
                                             << true << "awaiting-first-data";
    QTest::newRow("awaiting a day") << day << kNone << kNone << 0LL << false << kNone << true
                                    << "awaiting-first-data";
    QTest::newRow("no registration time: awaiting") << kNone << kNone << kNone << 0LL << false << kNone
                                                   << true << "awaiting-first-data";
    QTest::newRow("identity replaced after last packet") << min << 2 * min << 2 * min << 0LL << false
                                                         << kNone << true << "just-registered";
    QTest::newRow("identity replaced 6 min ago, old packet") << 6 * min << 7 * min << 7 * min << 0LL
                                                             << false << kNone << true
                                                             << "awaiting-first-data";
    QTest::newRow("packet exactly at registration counts") << min << min << min << 0LL << false << kNone
                                                           << true << "online";
    // Rule 5: offline, exactly at the timeout.
    QTest::newRow("packet exactly 10 min ago: still connected") << day << 10 * min << 10 * min << 0LL
                                                                << false << kNone << true
                                                                << "gps-outdated";
    QTest::newRow("packet 10 min + 1 ms ago: offline") << day << 10 * min + 1 << min << 0LL << false
                                                       << kNone << true << "offline";
    QTest::newRow("per-device timeout 30 min keeps it connected") << day << 20 * min << 20 * min
                                                                  << 30 * min << false << kNone << true
                                                                  << "gps-outdated";
    QTest::newRow("per-device timeout 1 min makes it offline") << day << min + 1 << min << min << false
                                                               << kNone << true << "offline";
    QTest::newRow("per-device timeout exactly reached") << day << min << min << min << false << kNone
                                                        << true << "online";
    // Rules 6 and 7: GPS freshness and the future tolerance.
    QTest::newRow("fix exactly 5 min old: online") << day << 0LL << 5 * min << 0LL << false << kNone
                                                   << true << "online";
    QTest::newRow("fix 5 min + 1 ms old: outdated") << day << 0LL << 5 * min + 1 << 0LL << false << kNone
                                                    << true << "gps-outdated";
    QTest::newRow("no valid fix ever: outdated") << day << 0LL << kNone << 0LL << false << kNone << true
                                                 << "gps-outdated";
    QTest::newRow("fix exactly 2 min ahead: online") << day << 0LL << -2 * min << 0LL << false << kNone
                                                     << true << "online";
    QTest::newRow("fix 2 min + 1 ms ahead: outdated") << day << 0LL << -2 * min - 1 << 0LL << false
                                                      << kNone << true << "gps-outdated";
    QTest::newRow("fix 3 h ahead (clock not UTC): outdated") << day << 0LL << -3 * kHour << 0LL << false
                                                             << kNone << true << "gps-outdated";
    QTest::newRow("unknown model counts as auto") << day << 0LL << 0LL << 0LL << false << kNone << true
                                                  << "online";
}

static StatusInputs makeInputs()
{
    QFETCH(qint64, registeredAgo);
    QFETCH(qint64, packetAgo);
    QFETCH(qint64, fixAgo);
    QFETCH(qint64, timeout);
    QFETCH(bool, blocked);
    QFETCH(qint64, blockedUntilIn);
    QFETCH(bool, autoActivation);
    StatusInputs in;
    in.registeredAt = ago(registeredAgo);
    in.lastPacketAt = ago(packetAgo);
    in.lastFixAt = ago(fixAgo);
    in.offlineTimeout = timeout;
    in.blocked = blocked;
    in.blockedUntil = blockedUntilIn == kNone ? kNone : kNow + blockedUntilIn;
    in.autoActivation = autoActivation;
    return in;
}

void TstStatusRules::evaluate()
{
    QFETCH(QString, expected);
    const StatusInputs in = makeInputs();
    QCOMPARE(statusId(evaluateStatus(in, StatusSettings {}, kNow)), expected);
}

void TstStatusRules::deadlineKeepsStatusUntilThen()
{
    const StatusInputs in = makeInputs();
    const StatusSettings s;
    const ConnectionStatus now = evaluateStatus(in, s, kNow);
    const TimeMs deadline = nextStatusDeadline(in, s, kNow);
    if (deadline == kNoTime) {
        // Nothing may change for as long as we care to look.
        for (TimeMs step : { kMinute, kHour, kDay, 365 * kDay })
            QCOMPARE(evaluateStatus(in, s, kNow + step), now);
        return;
    }
    QVERIFY(deadline > kNow);
    QCOMPARE(evaluateStatus(in, s, deadline - 1), now);
    // Sample the interval too: the status must be constant before the deadline.
    for (int i = 1; i < 16; ++i)
        QCOMPARE(evaluateStatus(in, s, kNow + (deadline - kNow) * i / 16), now);
}

void TstStatusRules::exactDeadlines_data()
{
    QTest::addColumn<qint64>("registeredAgo");
    QTest::addColumn<qint64>("packetAgo");
    QTest::addColumn<qint64>("fixAgo");
    QTest::addColumn<qint64>("timeout");
    QTest::addColumn<bool>("blocked");
    QTest::addColumn<qint64>("blockedUntilIn");
    QTest::addColumn<bool>("autoActivation");
    QTest::addColumn<qint64>("deadlineIn");
    QTest::addColumn<QString>("after");

    const qint64 day = kDay, min = kMinute;
    QTest::newRow("online -> outdated at fix + 5 min")
        << day << 0LL << min << 0LL << false << kNone << true << 4 * min + 1 << "gps-outdated";
    QTest::newRow("outdated -> offline at packet + timeout")
        << day << 0LL << kNone << 0LL << false << kNone << true << 10 * min + 1 << "offline";
    QTest::newRow("per-device timeout deadline")
        << day << 0LL << kNone << 2 * min << false << kNone << true << 2 * min + 1 << "offline";
    QTest::newRow("just registered -> awaiting at 5 min")
        << 2 * min << kNone << kNone << 0LL << false << kNone << true << 3 * min
        << "awaiting-first-data";
    QTest::newRow("block ends at blockedUntil")
        << day << 0LL << 0LL << 0LL << true << 30 * kSecond << true << 30 * kSecond << "online";
    QTest::newRow("future fix becomes current")
        << day << 0LL << -(3 * min) << 0LL << false << kNone << true << min << "online";
}

void TstStatusRules::exactDeadlines()
{
    QFETCH(qint64, deadlineIn);
    QFETCH(QString, after);
    const StatusInputs in = makeInputs();
    const StatusSettings s;
    QCOMPARE(nextStatusDeadline(in, s, kNow), kNow + deadlineIn);
    QCOMPARE(statusId(evaluateStatus(in, s, kNow + deadlineIn)), after);
    QVERIFY(evaluateStatus(in, s, kNow + deadlineIn - 1) != evaluateStatus(in, s, kNow + deadlineIn));
}

FW_TEST_CLASS(TstStatusRules)
#include "tst_statusrules.moc"
