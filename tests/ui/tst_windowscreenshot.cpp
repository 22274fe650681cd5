// The real window with the demo fleet, as an operator sees it after `fleetwatch --demo`: every
// kind of status indicator must show up on the dashboard, the dashboard counts must equal what
// `fleetwatch status --json` reports for the same database, and the picture (saved to
// <build>/screenshots/window.png) must not be blank. Runs under xvfb-run (ctest entry
// tst_window_xvfb) where a picture is the evidence.
#include "TestMain.h"

#include "app/DesktopSession.h"
#include "cli/StorageCommands.h"
#include "dashboard/DashboardWidget.h"
#include "devicelist/DeviceListModel.h"
#include "mainwindow/MainWindow.h"
#include "protocols/ProtocolRegistry.h"

#include <QDir>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

using namespace fw;

namespace {
quint16 freePort()
{
    for (int attempt = 0; attempt < 50; ++attempt) {
        QTcpServer tcp;
        if (!tcp.listen(QHostAddress::Any, 0))
            continue;
        const quint16 port = tcp.serverPort();
        QUdpSocket udp;
        if (udp.bind(QHostAddress::Any, port))
            return port;
    }
    return 0;
}
} // namespace

class TstWindowScreenshot : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void demoFleetShowsEveryIndicatorAndAgreesWithStatus();

private:
    QTemporaryDir m_dir;
};

void TstWindowScreenshot::initTestCase()
{
    if (qEnvironmentVariable("FW_SCREENSHOT") != u"1")
        QSKIP("runs under xvfb-run as the tst_window_xvfb test (FW_SCREENSHOT=1)");
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("WindowScreenshot"));
    QSettings settings;
    settings.clear();
    const ProtocolRegistry registry;
    for (const auto &d : registry.decoders()) {
        const quint16 port = freePort();
        QVERIFY(port != 0);
        settings.setValue(QStringLiteral("ingest/") + d->info().name + QStringLiteral("/port"),
                          port);
    }
}

void TstWindowScreenshot::demoFleetShowsEveryIndicatorAndAgreesWithStatus()
{
    const QString dbUrl = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("demo.sqlite"));
    {
        DesktopSession::Options options;
        options.databaseUrl = dbUrl;
        options.demo = true;
        DesktopSession session(options);
        QString error;
        QVERIFY2(session.start(&error), qPrintable(error));
        MainWindow *window = session.window();
        window->resize(1600, 1000);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        DashboardWidget *dash = window->dashboard();
        // Every kind of indicator: online, GPS outdated, offline, blocked, not activated.
        QTRY_VERIFY_WITH_TIMEOUT(dash->count(StatusGroup::Online) > 0
                                     && dash->count(StatusGroup::GpsOutdated) > 0
                                     && dash->count(StatusGroup::Offline) > 0
                                     && dash->count(StatusGroup::Blocked) > 0
                                     && dash->count(ConnectionStatus::JustRegistered) > 0
                                     && dash->count(ConnectionStatus::AwaitingFirstData) > 0
                                     && dash->count(ConnectionStatus::NeedsManualActivation) > 0,
                                 60000);
        // Then let the simulated trackers all report once (only the demo's own never-sending
        // devices stay not activated) so the picture shows the fleet at work.
        QTRY_VERIFY_WITH_TIMEOUT(dash->count(ConnectionStatus::AwaitingFirstData) <= 1
                                     && dash->count(ConnectionStatus::NeedsManualActivation) <= 1,
                                 60000);
        QSet<int> kinds;
        DeviceListModel *model = window->deviceModel();
        for (int row = 0; row < model->rowCount(); ++row)
            kinds.insert(static_cast<int>(model->snapshotAt(row).status));
        QCOMPARE(kinds.size(), kStatusCount);
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->snapshotAt(row).status == ConnectionStatus::Online) {
                window->selectDevice(model->snapshotAt(row).device.uniqueId);
                break;
            }
        }
        QVERIFY(!window->currentDevice().isEmpty());
        QTest::qWait(2000); // let markers, details and its chart settle for the picture

        const QImage shot = window->grab().toImage();
        QDir().mkpath(QStringLiteral(FW_BINARY_DIR "/screenshots"));
        const QString path = QStringLiteral(FW_BINARY_DIR "/screenshots/window.png");
        QVERIFY(shot.save(path));
        qInfo("window screenshot: %s", qPrintable(path));
        QSet<QRgb> colours;
        for (int y = 0; y < shot.height(); y += 7) {
            for (int x = 0; x < shot.width(); x += 7)
                colours.insert(shot.pixel(x, y));
        }
        QVERIFY2(colours.size() > 100, "the window looks blank");

        // The dashboard and `status --json` must agree on the same database. Statuses can move
        // between the two readings, so compare until both are read in the same state.
        bool agreed = false;
        QString last;
        for (int attempt = 0; attempt < 20 && !agreed; ++attempt) {
            QTest::qWait(300);
            QString outText, errText;
            QTextStream out(&outText), err(&errText);
            QCOMPARE(fw::cli::runStatus({ QStringLiteral("--db"), dbUrl, QStringLiteral("--json") },
                                        out, err),
                     0);
            out.flush();
            const QJsonObject counts =
                QJsonDocument::fromJson(outText.toUtf8()).object().value(QStringLiteral("counts")).toObject();
            last = QString::fromUtf8(QJsonDocument(counts).toJson(QJsonDocument::Compact));
            agreed = counts.value(QStringLiteral("online")).toInt() == dash->count(StatusGroup::Online)
                && counts.value(QStringLiteral("gpsOutdated")).toInt() == dash->count(StatusGroup::GpsOutdated)
                && counts.value(QStringLiteral("offline")).toInt() == dash->count(StatusGroup::Offline)
                && counts.value(QStringLiteral("blocked")).toInt() == dash->count(StatusGroup::Blocked)
                && counts.value(QStringLiteral("notActivated")).toInt() == dash->count(StatusGroup::NotActivated)
                && counts.value(QStringLiteral("total")).toInt() == dash->total();
        }
        QVERIFY2(agreed, qPrintable(QStringLiteral("dashboard disagrees with status: ") + last));
        window->close();
    }
}

FW_TEST_CLASS(TstWindowScreenshot)
#include "tst_windowscreenshot.moc"
