// Issue #7's window acceptance: a red device's context menu leads to the troubleshooter, and its
// answers match what the raw console shows for that device (same frames, same port, same peer).
#include "TestMain.h"

#include "app/DesktopSession.h"
#include "commands/CommandDialog.h"
#include "console/RawConsoleWidget.h"
#include "console/RawFrameModel.h"
#include "devicelist/DeviceListModel.h"
#include "devicelist/DeviceListView.h"
#include "diagnostics/TroubleshooterDialog.h"
#include "dialogs/SettingsDialog.h"
#include "ingest/FreePort.h"
#include "mainwindow/MainWindow.h"
#include "protocols/ProtocolRegistry.h"
#include "sim/Gt06FrameEncoder.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

using namespace fw;

namespace {
const QString kImei = QStringLiteral("864717003283581");
} // namespace

class TstTroubleshootWindow : public QObject
{
    Q_OBJECT
private slots:
    void redDeviceTroubleshooterMatchesRawConsole();
    void smsSendingIsASetting();
};

void TstTroubleshootWindow::redDeviceTroubleshooterMatchesRawConsole()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("TroubleshootWindow"));
    QSettings settings;
    settings.clear();
    const ProtocolRegistry registry;
    quint16 gt06Port = 0;
    for (const auto &d : registry.decoders()) {
        const quint16 port = freeTcpUdpPort();
        QVERIFY(port != 0);
        if (d->info().name == u"gt06")
            gt06Port = port;
        settings.setValue(
            QStringLiteral("ingest/") + d->info().name + QStringLiteral("/port"), port);
    }
    const QString dbUrl = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("t.sqlite"));
    {
        Database db;
        QVERIFY(db.open(*DatabaseConfig::parse(dbUrl)));
        Device d;
        d.uniqueId = kImei;
        d.name = QStringLiteral("Red truck");
        d.model = QStringLiteral("Concox GT06N");
        d.protocol = QStringLiteral("gt06");
        d.offlineTimeoutSecs = 2; // goes red two seconds after it falls silent
        d.registeredAt = QDateTime::currentMSecsSinceEpoch() - kDay;
        QVERIFY2(db.addDevice(d), qPrintable(db.lastError()));
    }

    DesktopSession::Options options;
    options.databaseUrl = dbUrl;
    DesktopSession session(options);
    QString error;
    QVERIFY2(session.start(&error), qPrintable(error));
    MainWindow *window = session.window();
    window->show();

    // The device logs in and reports once, then falls silent.
    const Gt06FrameEncoder encoder;
    Position p;
    p.deviceTime = QDateTime::currentMSecsSinceEpoch();
    p.valid = true;
    p.latitude = 52.2297;
    p.longitude = 21.0122;
    p.speedKph = 30;
    QTcpSocket device;
    device.connectToHost(QHostAddress::LocalHost, gt06Port);
    QVERIFY(device.waitForConnected(5000));
    device.write(encoder.login(kImei, 1));
    device.write(encoder.position(kImei, p, 2));
    QTRY_VERIFY(device.bytesAvailable() >= 10); // login acknowledged
    DeviceListModel *model = window->deviceModel();
    QTRY_VERIFY(model->rowOf(kImei) >= 0
        && model->snapshotAt(model->rowOf(kImei)).status == ConnectionStatus::Online);
    const quint16 peerPort = device.localPort();
    device.disconnectFromHost();
    QTRY_VERIFY_WITH_TIMEOUT(
        model->snapshotAt(model->rowOf(kImei)).status == ConnectionStatus::Offline, 15000);

    // The red device's context menu leads to the troubleshooter.
    std::unique_ptr<QMenu> menu(window->deviceList()->createContextMenu(kImei));
    QAction *troubleshoot = nullptr;
    for (QAction *a : menu->actions()) {
        if (a->text().remove(QLatin1Char('&')).startsWith(QStringLiteral("Troubleshoot")))
            troubleshoot = a;
    }
    QVERIFY(troubleshoot);
    troubleshoot->trigger();
    TroubleshooterDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window->findChild<TroubleshooterDialog *>()) != nullptr);
    QCOMPARE(dialog->uniqueId(), kImei);
    QTRY_COMPARE(dialog->steps().size(), 6); // read from the node without blocking the window

    // What the raw console shows for the device.
    auto *console = window->findChild<RawConsoleWidget *>();
    QVERIFY(console);
    console->setDeviceFilter(kImei);
    console->model()->poll();
    const int consoleRows = console->model()->rowCount();
    QCOMPARE(consoleRows, 2); // login + position
    const RawFrame last = console->model()->frameAt(consoleRows - 1);

    const TroubleshootStep &received = dialog->steps().at(0);
    QCOMPARE(received.verdict, TroubleshootStep::Pass);
    QCOMPARE(received.evidence.value(QStringLiteral("framesById")).toInt(), consoleRows);
    const QJsonObject lastFrame = received.evidence.value(QStringLiteral("lastFrame")).toObject();
    QVERIFY(received.answer.contains(QString::number(last.localPort)));
    QVERIFY(received.answer.contains(last.peer));
    QVERIFY(last.peer.endsWith(QLatin1Char(':') + QString::number(peerPort)));
    QCOMPARE(last.localPort, gt06Port);
    QVERIFY(!lastFrame.isEmpty());
    // Step 2: decoded, as the console's outcome column says.
    QCOMPARE(last.outcome, FrameOutcome::Decoded);
    QCOMPARE(dialog->steps().at(1).verdict, TroubleshootStep::Pass);
    // Step 4: the fix was valid, as the decoded column shows a valid position.
    QVERIFY(last.detail.contains(QStringLiteral("valid")));
    QCOMPARE(dialog->steps().at(3).verdict, TroubleshootStep::Pass);
    window->close();
}

void TstTroubleshootWindow::smsSendingIsASetting()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("SmsSettings"));
    QSettings().clear();
    const ProtocolRegistry registry;
    {
        SettingsDialog dialog(&registry);
        auto *kind = dialog.findChild<QComboBox *>(QStringLiteral("smsKind"));
        auto *port = dialog.findChild<QLineEdit *>(QStringLiteral("smsPort"));
        QVERIFY(kind && port);
        kind->setCurrentIndex(kind->findData(QStringLiteral("modem")));
        QVERIFY(port->isEnabled());
        port->setText(QStringLiteral("/dev/fleetwatch-no-such-modem"));
        dialog.save();
    }
    QCOMPARE(QSettings().value(QStringLiteral("sms/gateway")).toString(), QStringLiteral("modem"));
    // The command dialog's sender follows the setting; a missing modem is reported clearly.
    QString note;
    QObject owner;
    QVERIFY(!CommandDialog::smsSenderFromSettings(&owner, &note));
    QVERIFY2(note.contains(QStringLiteral("/dev/fleetwatch-no-such-modem")), qPrintable(note));
    {
        SettingsDialog dialog(&registry);
        auto *kind = dialog.findChild<QComboBox *>(QStringLiteral("smsKind"));
        auto *url = dialog.findChild<QLineEdit *>(QStringLiteral("smsUrl"));
        QCOMPARE(kind->currentData().toString(), QStringLiteral("modem")); // loaded back
        kind->setCurrentIndex(kind->findData(QStringLiteral("http")));
        url->setText(QStringLiteral("http://127.0.0.1:9/send?to={phone}&text={text}"));
        dialog.save();
    }
    QVERIFY(CommandDialog::smsSenderFromSettings(&owner, &note) != nullptr);
}

FW_TEST_CLASS(TstTroubleshootWindow)
#include "tst_troubleshootwindow.moc"
