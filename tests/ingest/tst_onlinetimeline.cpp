// OnlineTimeline: the dashboard's 24-hour line rebuilt from stored status changes, walking back
// from the count online now. Compared with a brute-force replay of the same changes.
#include "TestMain.h"

#include "domain/DeviceEvent.h"
#include "fleet/OnlineTimeline.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <random>

using namespace fw;

namespace {
struct Change
{
    TimeMs at;
    ConnectionStatus from;
    ConnectionStatus to;
};

// Online count at `t`: start from `before` (online at the period's start) and apply every
// change up to and including `t`.
int replay(int before, const QList<Change> &changes, TimeMs t)
{
    int n = before;
    for (const Change &c : changes) {
        if (c.at <= t)
            n += int(OnlineTimeline::countsAsOnline(c.to))
                - int(OnlineTimeline::countsAsOnline(c.from));
    }
    return n;
}
} // namespace

class TstOnlineTimeline : public QObject
{
    Q_OBJECT
private slots:
    void matchesReplay_data()
    {
        QTest::addColumn<int>("seed");
        QTest::addColumn<int>("samples");
        QTest::newRow("hourly") << 1 << 25;
        QTest::newRow("quarter-hours") << 2 << 97;
        QTest::newRow("two samples") << 3 << 2;
    }

    void matchesReplay()
    {
        QFETCH(int, seed);
        QFETCH(int, samples);
        QRandomGenerator random { quint32(seed) };
        const TimeMs from = 1'700'000'000'000, to = from + kDay;
        // 50 devices: a random walk of statuses; the count at `from` is known by construction.
        QList<ConnectionStatus> state(50, ConnectionStatus::Offline);
        for (int d = 0; d < 20; ++d)
            state[d] = ConnectionStatus::Online;
        const int before = 20;
        QList<Change> changes;
        for (int i = 0; i < 600; ++i) {
            const int d = int(random.bounded(50));
            const ConnectionStatus next = kAllStatuses[random.bounded(kStatusCount)];
            const TimeMs at = from + TimeMs(1 + random.bounded(quint32(kDay / 1000 - 1))) * 1000;
            changes.append({ at, state[d], next });
            state[d] = next;
        }
        std::sort(changes.begin(), changes.end(),
            [](const Change &a, const Change &b) { return a.at < b.at; });
        // Statuses must chain per device in time order: rebuild `from` of each change.
        QList<ConnectionStatus> current(50, ConnectionStatus::Offline);
        for (int d = 0; d < 20; ++d)
            current[d] = ConnectionStatus::Online;
        QRandomGenerator pick { quint32(seed) + 100 };
        for (Change &c : changes) {
            const int d = int(pick.bounded(50));
            c.from = current[d];
            current[d] = c.to;
        }
        int onlineNow = 0;
        for (const ConnectionStatus s : current)
            onlineNow += OnlineTimeline::countsAsOnline(s);

        OnlineTimeline timeline(from, to, samples);
        // Fed in any order, some as stored events.
        QList<Change> shuffled = changes;
        std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(quint32(seed)));
        for (int i = 0; i < shuffled.size(); ++i) {
            const Change &c = shuffled.at(i);
            if (i % 2) {
                timeline.addChange(c.at, c.from, c.to);
            } else {
                DeviceEvent e;
                e.type = EventType::StatusChange;
                e.time = c.at;
                e.attributes.set(QStringLiteral("from"), statusId(c.from));
                e.attributes.set(QStringLiteral("to"), statusId(c.to));
                timeline.addEvent(e);
            }
        }
        const QList<int> counts = timeline.counts(onlineNow);
        QCOMPARE(counts.size(), samples);
        QCOMPARE(counts.constLast(), onlineNow);
        QCOMPARE(counts.constFirst(), before);
        for (int i = 0; i < samples; ++i)
            QCOMPARE(counts.at(i), replay(before, changes, timeline.sampleTime(i)));
    }

    // Changes after the period (a clock ahead) count before every sample; other events and
    // malformed status changes are ignored.
    void edges()
    {
        OnlineTimeline t(0, 100, 3);
        t.addChange(150, ConnectionStatus::Offline, ConnectionStatus::Online);
        DeviceEvent alarm;
        alarm.type = EventType::Alarm;
        alarm.time = 50;
        t.addEvent(alarm);
        DeviceEvent broken;
        broken.type = EventType::StatusChange;
        broken.time = 50;
        broken.attributes.set(QStringLiteral("from"), QStringLiteral("nonsense"));
        broken.attributes.set(QStringLiteral("to"), QStringLiteral("online"));
        t.addEvent(broken);
        QCOMPARE(t.counts(5), (QList<int> { 4, 4, 4 }));
        // Exactly at a sample: that sample already sees it.
        OnlineTimeline u(0, 100, 3);
        u.addChange(50, ConnectionStatus::Online, ConnectionStatus::Offline);
        QCOMPARE(u.counts(0), (QList<int> { 1, 0, 0 }));
    }
};

FW_TEST_CLASS(TstOnlineTimeline)
#include "tst_onlinetimeline.moc"
