// Status events are never lost silently (issue #11, point 10). They used to be handed to the
// writer with the result ignored, so a full queue dropped them without a trace. Now a node keeps
// them while the store is full, hands them over when it drains, and counts (and logs) what a
// bounded wait had to drop.
#include "IngestTestSupport.h"
#include "TestMain.h"

#include "ingest/EventBacklog.h"
#include "node/IngestNode.h"

#include <QSignalSpy>
#include <QTest>

using namespace fw;
using namespace fw::test;

namespace {
QList<DeviceEvent> statusEvents(int count, int first = 0)
{
    QList<DeviceEvent> out;
    for (int i = first; i < first + count; ++i) {
        DeviceEvent e;
        e.uniqueId = QStringLiteral("dev%1").arg(i);
        e.time = 1'700'000'000'000 + i;
        e.type = EventType::StatusChange;
        e.text = QStringLiteral("offline");
        out.append(e);
    }
    return out;
}

QStringList idsOf(const QList<DeviceEvent> &events)
{
    QStringList ids;
    for (const DeviceEvent &e : events)
        ids << e.uniqueId;
    return ids;
}
} // namespace

class TstEventBacklog : public QObject
{
    Q_OBJECT
private slots:
    void nodeKeepsEventsWhileTheStoreIsFull();
    void overflowIsCountedOldestFirst();
};

void TstEventBacklog::nodeKeepsEventsWhileTheStoreIsFull()
{
    ManualClock clock(1'700'000'000'000);
    ProtocolRegistry registry;
    DeviceModelCatalog catalog;
    RawLog rawLog;
    MemoryStoreSink sink(2);
    sink.setAutoCommit(false);
    IngestNode::Parts parts;
    parts.clock = &clock;
    parts.registry = &registry;
    parts.catalog = &catalog;
    parts.rawLog = &rawLog;
    parts.sink = &sink;
    IngestNode node(parts);
    node.prepare(FleetSettings {});

    // The store takes one batch, then is full.
    emit node.fleet()->eventsToStore(statusEvents(3, 0));
    QVERIFY(!sink.hasRoom());
    emit node.fleet()->eventsToStore(statusEvents(4, 3));
    emit node.fleet()->eventsToStore(statusEvents(2, 7));
    QCOMPARE(sink.events().size(), 3);
    QCOMPARE(node.server()->stats().eventsWaiting, 6u);
    QCOMPARE(node.server()->stats().eventsDropped, 0u);

    // It commits and has room again: what waited goes out, in order.
    sink.commitPending();
    QTRY_COMPARE(sink.events().size(), 9);
    QCOMPARE(idsOf(sink.events()), idsOf(statusEvents(9)));
    QCOMPARE(node.server()->stats().eventsWaiting, 0u);
    QCOMPARE(node.server()->stats().eventsDropped, 0u);
}

void TstEventBacklog::overflowIsCountedOldestFirst()
{
    MemoryStoreSink sink(0); // never any room
    sink.setAutoCommit(false);
    EventBacklog backlog(&sink, 10);
    backlog.store(statusEvents(6, 0));
    backlog.store(statusEvents(7, 6));
    QCOMPARE(backlog.pending(), 10);
    QCOMPARE(backlog.dropped(), 3u);
    // Room again: the newest ten arrive (the retry timer or the drain hands them over).
    sink.setCapacity(1000);
    QTRY_COMPARE_WITH_TIMEOUT(sink.events().size(), 10, 3000);
    QCOMPARE(idsOf(sink.events()), idsOf(statusEvents(10, 3)));
    QCOMPARE(backlog.pending(), 0);
    QCOMPARE(backlog.dropped(), 3u);
}

FW_TEST_CLASS(TstEventBacklog)
#include "tst_eventbacklog.moc"
