// The fleet's deltas say what changed per device (issue #13, point 4): a position marks the last
// packet, location, speed and motion, never the identity or the status columns; an edit of the
// device record marks its identity, not its location. The list model then announces exactly
// those roles instead of comparing every field of every snapshot.
#include "TestMain.h"

#include "domain/DeviceModelCatalog.h"
#include "fleet/FleetState.h"
#include "util/Clock.h"

#include <QSignalSpy>
#include <QTest>

using namespace fw;

namespace {
const QString kId = QStringLiteral("864717003283581");

DeviceFields fieldsOf(const FleetDelta &delta, const QString &uniqueId)
{
    DeviceFields out;
    for (qsizetype i = 0; i < delta.changed.size(); ++i) {
        if (delta.changed.at(i).device.uniqueId == uniqueId)
            out |= delta.fields.value(i);
    }
    return out;
}

DecodedMessage position(TimeMs time, double lat, double speed)
{
    DecodedMessage m;
    m.type = MessageType::Position;
    m.hasLocation = true;
    m.position.deviceTime = time;
    m.position.valid = true;
    m.position.latitude = lat;
    m.position.longitude = 21.0;
    m.position.speedKph = speed;
    return m;
}
} // namespace

class TstFleetDelta : public QObject
{
    Q_OBJECT
private slots:
    void deltasCarryWhatChanged();
    void identityReplacedTwiceIsOneDevice();
};

void TstFleetDelta::deltasCarryWhatChanged()
{
    ManualClock clock(1'700'000'000'000);
    const DeviceModelCatalog catalog;
    FleetState fleet(&clock, &catalog, StatusSettings {});
    Device d;
    d.uniqueId = kId;
    d.name = QStringLiteral("Truck");
    d.registeredAt = clock.now() - kDay;
    fleet.load({ d }, {});
    QSignalSpy deltas(&fleet, &FleetState::delta);
    const FrameOrigin origin { QStringLiteral("gt06"), QStringLiteral("127.0.0.1:4000"), 5023 };

    // The first position: the device comes online (status), gets a location, speed, motion.
    StoreRequest store;
    QVERIFY(fleet.applyMessages(kId, { position(clock.now(), 52.2, 40) }, origin, store));
    fleet.publishNow();
    FleetDelta delta = deltas.takeLast().at(0).value<FleetDelta>();
    QCOMPARE(delta.fields.size(), delta.changed.size());
    DeviceFields f = fieldsOf(delta, kId);
    QVERIFY(f & DeviceField::LastPacket);
    QVERIFY(f & DeviceField::Location);
    QVERIFY(f & DeviceField::Speed);
    QVERIFY(f & DeviceField::Status);

    // The same place and speed a second later: only the packet time is new.
    clock.advance(kSecond);
    QVERIFY(fleet.applyMessages(kId, { position(clock.now(), 52.2, 40) }, origin, store));
    fleet.publishNow();
    f = fieldsOf(deltas.takeLast().at(0).value<FleetDelta>(), kId);
    QVERIFY(f & DeviceField::LastPacket);
    QVERIFY(!(f & DeviceField::Speed));
    QVERIFY(!(f & DeviceField::Identity));
    QVERIFY(!(f & DeviceField::Status));

    // A new speed: speed, not identity.
    clock.advance(kSecond);
    QVERIFY(fleet.applyMessages(kId, { position(clock.now(), 52.21, 80) }, origin, store));
    fleet.publishNow();
    f = fieldsOf(deltas.takeLast().at(0).value<FleetDelta>(), kId);
    QVERIFY(f & DeviceField::Speed);
    QVERIFY(f & DeviceField::Location);
    QVERIFY(!(f & DeviceField::Identity));

    // The operator renames it: identity, not location or speed.
    d.name = QStringLiteral("Truck 7");
    fleet.addOrUpdateDevice(d);
    fleet.publishNow();
    f = fieldsOf(deltas.takeLast().at(0).value<FleetDelta>(), kId);
    QVERIFY(f & DeviceField::Identity);
    QVERIFY(!(f & DeviceField::Location));
    QVERIFY(!(f & DeviceField::Speed));
    QVERIFY(!(f & DeviceField::LastPacket));
}

// A connected window hears of an identity replacement twice: from its follower (the old id's
// tombstone, then the row under the new id) and from its own directory (new id, previous id).
// Whichever comes second finds the device under its new id: still one device, counted once.
void TstFleetDelta::identityReplacedTwiceIsOneDevice()
{
    ManualClock clock(1'700'000'000'000);
    const DeviceModelCatalog catalog;
    FleetState fleet(&clock, &catalog, StatusSettings {});
    Device d;
    d.uniqueId = kId;
    d.name = QStringLiteral("Truck");
    d.registeredAt = clock.now() - kDay;
    fleet.load({ d }, {});
    Device replaced = d;
    replaced.uniqueId = QStringLiteral("864717003283599");
    replaced.registeredAt = clock.now();
    fleet.removeDevice(kId); // the follower: tombstone, then the new row
    fleet.addOrUpdateDevice(replaced);
    fleet.addOrUpdateDevice(replaced, kId); // the directory's own notice, late
    QCOMPARE(fleet.deviceCount(), 1);
    QCOMPARE(fleet.snapshots().size(), 1);
    int counted = 0;
    for (const int n : fleet.counts())
        counted += n;
    QCOMPARE(counted, 1);
    QVERIFY(fleet.snapshot(replaced.uniqueId).has_value());
    QVERIFY(!fleet.snapshot(kId).has_value());
}

FW_TEST_CLASS(TstFleetDelta)
#include "tst_fleetdelta.moc"
