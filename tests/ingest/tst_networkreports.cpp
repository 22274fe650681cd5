// Reports with cell towers or Wi-Fi and no fix (issue #15, d): the fleet stores them as the
// device's last known place, marked as outdated and not valid, with the network kept; such a
// report never makes a device green, and a device that never had a fix is not given one.
// A report its decoder marks `outdated` (a Ruptela record without coordinates) is kept the same
// way, without a network.
#include "TestMain.h"

#include "domain/DeviceModelCatalog.h"
#include "domain/Network.h"
#include "fleet/FleetState.h"
#include "util/Clock.h"

#include <QTest>

using namespace fw;

namespace {
const QString kId = QStringLiteral("864717003283581");
const FrameOrigin kOrigin { QStringLiteral("gt06"), QStringLiteral("127.0.0.1:4000"), 5023 };

DecodedMessage fix(TimeMs time)
{
    DecodedMessage m;
    m.type = MessageType::Position;
    m.hasLocation = true;
    m.position.deviceTime = time;
    m.position.valid = true;
    m.position.latitude = 52.23;
    m.position.longitude = 21.01;
    m.position.speedKph = 30;
    return m;
}

DecodedMessage cellReport(TimeMs time)
{
    DecodedMessage m;
    m.type = MessageType::Position;
    m.position.deviceTime = time;
    Network n;
    n.radioType = QStringLiteral("gsm");
    n.addCell(260, 2, 4711, 12345, -70);
    n.addWifi(u"00:1a:2b:3c:4d:5e", -55);
    n.storeIn(m.position.attributes);
    return m;
}

struct Fleet
{
    ManualClock clock { 1'700'000'000'000 };
    DeviceModelCatalog catalog;
    FleetState fleet { &clock, &catalog, StatusSettings {} };

    Fleet()
    {
        Device d;
        d.uniqueId = kId;
        d.name = QStringLiteral("Van");
        d.registeredAt = clock.now() - kDay;
        fleet.load({ d }, {});
    }
};
} // namespace

class TstNetworkReports : public QObject
{
    Q_OBJECT
private slots:
    void cellReportKeepsLastFix();
    void cellReportNeverMakesGreen();
    void cellReportWithoutEarlierFix();
    void reportMarkedWithoutFix();
};

void TstNetworkReports::cellReportKeepsLastFix()
{
    Fleet f;
    StoreRequest store;
    QVERIFY(f.fleet.applyMessages(kId, { fix(f.clock.now()) }, kOrigin, store));
    const TimeMs fixAt = f.clock.now();
    f.clock.advance(60 * kSecond);
    QVERIFY(f.fleet.applyMessages(kId, { cellReport(f.clock.now()) }, kOrigin, store));

    QCOMPARE(store.positions.size(), 2);
    const Position &p = store.positions.last();
    QCOMPARE(p.uniqueId, kId);
    QVERIFY(!p.valid);
    QCOMPARE(p.latitude, 52.23);
    QCOMPARE(p.longitude, 21.01);
    QCOMPARE(p.speedKph, 0.0);
    QCOMPARE(p.deviceTime, f.clock.now());
    QCOMPARE(p.attributes.value(attr::outdated), QVariant(true));
    const Network n = Network::of(p.attributes);
    QCOMPARE(n.cellTowers.size(), 1);
    QCOMPARE(n.cellTowers[0], (CellTower { 260, 2, 4711, 12345, -70 }));
    QCOMPARE(n.wifiAccessPoints.size(), 1);

    // The last valid fix is still the GPS one.
    const auto snap = f.fleet.snapshot(kId);
    QVERIFY(snap.has_value());
    QCOMPARE(snap->activity.lastFixAt, fixAt);
    QCOMPARE(snap->activity.lastPositionAt, fixAt);
}

void TstNetworkReports::cellReportNeverMakesGreen()
{
    Fleet f;
    StoreRequest store;
    // Only cell reports, every minute for ten minutes: connected, but no fresh GPS.
    for (int i = 0; i < 10; ++i) {
        QVERIFY(f.fleet.applyMessages(kId, { cellReport(f.clock.now()) }, kOrigin, store));
        f.clock.advance(60 * kSecond);
    }
    const auto snap = f.fleet.snapshot(kId);
    QVERIFY(snap.has_value());
    QVERIFY(snap->status != ConnectionStatus::Online);
    QCOMPARE(snap->activity.lastFixAt, kNoTime);

    // A real fix makes it green; cell reports after it do not keep it so past the freshness.
    QVERIFY(f.fleet.applyMessages(kId, { fix(f.clock.now()) }, kOrigin, store));
    QCOMPARE(f.fleet.snapshot(kId)->status, ConnectionStatus::Online);
    for (int i = 0; i < 10; ++i) {
        f.clock.advance(60 * kSecond);
        QVERIFY(f.fleet.applyMessages(kId, { cellReport(f.clock.now()) }, kOrigin, store));
    }
    QCOMPARE(f.fleet.snapshot(kId)->status, ConnectionStatus::GpsOutdated);
}

void TstNetworkReports::cellReportWithoutEarlierFix()
{
    Fleet f;
    StoreRequest store;
    QVERIFY(f.fleet.applyMessages(kId, { cellReport(f.clock.now()) }, kOrigin, store));
    QCOMPARE(store.positions.size(), 1);
    const Position &p = store.positions.first();
    QVERIFY(!p.valid);
    QVERIFY(!p.hasCoordinates());
    QVERIFY(!Network::of(p.attributes).isEmpty());
    const auto snap = f.fleet.snapshot(kId);
    QVERIFY(!snap->activity.hasLocation);
}

void TstNetworkReports::reportMarkedWithoutFix()
{
    Fleet f;
    StoreRequest store;
    QVERIFY(f.fleet.applyMessages(kId, { fix(f.clock.now()) }, kOrigin, store));
    const TimeMs fixAt = f.clock.now();
    f.clock.advance(60 * kSecond);
    DecodedMessage m;
    m.type = MessageType::Position;
    m.position.deviceTime = f.clock.now();
    m.position.attributes.set(attr::outdated, true);
    m.position.attributes.set(attr::ignition, true);
    QVERIFY(f.fleet.applyMessages(kId, { m }, kOrigin, store));

    QCOMPARE(store.positions.size(), 2);
    const Position &p = store.positions.last();
    QVERIFY(!p.valid);
    QCOMPARE(p.latitude, 52.23);
    QCOMPARE(p.longitude, 21.01);
    QCOMPARE(p.attributes.value(attr::outdated), QVariant(true));
    QCOMPARE(p.attributes.value(attr::ignition), QVariant(true));
    QCOMPARE(f.fleet.snapshot(kId)->activity.lastFixAt, fixAt);

    // Without the mark, a report with neither fix nor network stores no position.
    m.position.attributes.remove(attr::outdated);
    QVERIFY(f.fleet.applyMessages(kId, { m }, kOrigin, store));
    QCOMPARE(store.positions.size(), 2);
}

FW_TEST_CLASS(TstNetworkReports)
#include "tst_networkreports.moc"
