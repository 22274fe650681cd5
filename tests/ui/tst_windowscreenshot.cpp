// The real window with the demo fleet, as an operator sees it after `fleetwatch --demo` on the
// screen it runs on (the ctest entries tst_window_xvfb_1366 and _1920 start X servers of
// 1366x768 and 1920x1080), in light and dark and in English and Russian. For each of the four
// pictures (saved to <build>/screenshots/window-<screen>-<theme>-<language>.png) it checks: the
// window fits the screen's available area, no dock is narrower or lower than its minimum, the
// device list shows its status, name, last-update and speed columns in full without scrolling
// sideways, every device name fits its column, the diagnosis panel's "Check now" button is on
// screen, every kind of status indicator shows up, and the dashboard counts equal what
// `fleetwatch status --json` reports for the same database.
#include "TestMain.h"

#include "app/DesktopSession.h"
#include "cli/StorageCommands.h"
#include "dashboard/DashboardWidget.h"
#include "details/DeviceDetailsPanel.h"
#include "devicelist/DeviceListModel.h"
#include "devicelist/DeviceListView.h"
#include "dialogs/FirstStartDialog.h"
#include "dialogs/ServerConnectionForm.h"
#include "ingest/FreePort.h"
#include "mainwindow/MainWindow.h"
#include "mainwindow/Theme.h"
#include "protocols/ProtocolRegistry.h"
#include "sim/DeviceFrameEncoder.h"

#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QHeaderView>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLibraryInfo>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QUdpSocket>

#include <memory>

using namespace fw;

namespace {

// The program's own translation and Qt's, as `fleetwatch` installs them for a Russian user.
class Language
{
public:
    explicit Language(const QString &name)
    {
        QLocale::setDefault(QLocale(name));
        if (name == u"en")
            return;
        if (m_qt.load(QLocale(name), QStringLiteral("qtbase"), QStringLiteral("_"),
                QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QCoreApplication::installTranslator(&m_qt);
        m_loaded = m_own.load(
            QStringLiteral(FW_BINARY_DIR "/app/fleetwatch_") + name + QStringLiteral(".qm"));
        if (m_loaded)
            QCoreApplication::installTranslator(&m_own);
    }
    ~Language()
    {
        QCoreApplication::removeTranslator(&m_own);
        QCoreApplication::removeTranslator(&m_qt);
        QLocale::setDefault(QLocale::c());
    }
    bool loaded() const { return m_loaded; }

private:
    QTranslator m_qt;
    QTranslator m_own;
    bool m_loaded = false;
};

bool agreesWithStatus(const QString &dbUrl, const DashboardWidget *dash, QString *last)
{
    QString outText, errText;
    QTextStream out(&outText), err(&errText);
    if (fw::cli::runStatus({ QStringLiteral("--db"), dbUrl, QStringLiteral("--json") }, out, err)
        != 0)
        return false;
    out.flush();
    const QJsonObject counts = QJsonDocument::fromJson(outText.toUtf8())
                                   .object()
                                   .value(QStringLiteral("counts"))
                                   .toObject();
    *last = QString::fromUtf8(QJsonDocument(counts).toJson(QJsonDocument::Compact));
    return counts.value(QStringLiteral("online")).toInt() == dash->count(StatusGroup::Online)
        && counts.value(QStringLiteral("gpsOutdated")).toInt()
        == dash->count(StatusGroup::GpsOutdated)
        && counts.value(QStringLiteral("offline")).toInt() == dash->count(StatusGroup::Offline)
        && counts.value(QStringLiteral("blocked")).toInt() == dash->count(StatusGroup::Blocked)
        && counts.value(QStringLiteral("notActivated")).toInt()
        == dash->count(StatusGroup::NotActivated)
        && counts.value(QStringLiteral("total")).toInt() == dash->total();
}
// Each device's status id in `status --json` for the same database.
QHash<QString, QString> cliStatuses(const QString &dbUrl)
{
    QString outText, errText;
    QTextStream out(&outText), err(&errText);
    QHash<QString, QString> statuses;
    if (fw::cli::runStatus({ QStringLiteral("--db"), dbUrl, QStringLiteral("--json") }, out, err)
        != 0)
        return statuses;
    out.flush();
    const QJsonArray devices
        = QJsonDocument::fromJson(outText.toUtf8()).object().value(QStringLiteral("devices")).toArray();
    for (const QJsonValue &d : devices) {
        statuses.insert(d.toObject().value(QStringLiteral("uniqueId")).toString(),
            d.toObject().value(QStringLiteral("status")).toString());
    }
    return statuses;
}

// The protocols of the demo fleet with no device green both in the window's list and in
// `status --json` (empty when every protocol has one).
QStringList protocolsNotGreen(const QString &dbUrl, const DeviceListModel *model)
{
    const QHash<QString, QString> cli = cliStatuses(dbUrl);
    QSet<QString> green;
    for (int row = 0; row < model->rowCount(); ++row) {
        const DeviceSnapshot &s = model->snapshotAt(row);
        if (s.status == ConnectionStatus::Online && cli.value(s.device.uniqueId) == u"online")
            green.insert(s.activity.protocol);
    }
    QStringList missing;
    for (const QString &p : simulatedProtocols()) {
        if (!green.contains(p))
            missing << p;
    }
    return missing;
}
} // namespace

class TstWindowScreenshot : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void demoWindowFitsAndAgreesWithStatus_data();
    void demoWindowFitsAndAgreesWithStatus();
    void cleanupTestCase();

private:
    void checkLayout(MainWindow *window);
    QTemporaryDir m_dir;
};

void TstWindowScreenshot::initTestCase()
{
    if (qEnvironmentVariable("FW_SCREENSHOT") != u"1")
        QSKIP("runs under xvfb-run as the tst_window_xvfb_* tests (FW_SCREENSHOT=1)");
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("WindowScreenshot"));
}

void TstWindowScreenshot::cleanupTestCase()
{
    applyTheme(QStringLiteral("light"));
}

void TstWindowScreenshot::demoWindowFitsAndAgreesWithStatus_data()
{
    QTest::addColumn<QString>("theme");
    QTest::addColumn<QString>("language");
    for (const char *language : { "en", "ru" }) {
        for (const char *theme : { "light", "dark" })
            QTest::addRow("%s-%s", theme, language)
                << QString::fromLatin1(theme) << QString::fromLatin1(language);
    }
}

void TstWindowScreenshot::demoWindowFitsAndAgreesWithStatus()
{
    QFETCH(QString, theme);
    QFETCH(QString, language);
    // A first start on this screen: no remembered layout, the demo on free ports.
    {
        QSettings settings;
        settings.clear();
        const ProtocolRegistry registry;
        for (const auto &d : registry.decoders()) {
            const quint16 port = freeTcpUdpPort();
            QVERIFY(port != 0);
            settings.setValue(
                QStringLiteral("ingest/") + d->info().name + QStringLiteral("/port"), port);
        }
        settings.setValue(QStringLiteral("ui/theme"), theme);
    }
    const Language translation(language);
    if (language != u"en")
        QVERIFY2(translation.loaded(), "the Russian translation was not built");
    applyTheme(theme);

    const QString dbUrl = QStringLiteral("sqlite:")
        + m_dir.filePath(QStringLiteral("demo-%1-%2.sqlite").arg(theme, language));
    DesktopSession::Options options;
    options.databaseUrl = dbUrl;
    options.demo = true;
    DesktopSession session(options);
    QString error;
    QVERIFY2(session.start(&error), qPrintable(error));
    MainWindow *window = session.window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    DashboardWidget *dash = window->dashboard();
    // Every kind of indicator: online, GPS outdated, offline, blocked, not activated.
    QTRY_VERIFY_WITH_TIMEOUT(dash->count(StatusGroup::Online) > 0
            && dash->count(StatusGroup::GpsOutdated) > 0 && dash->count(StatusGroup::Offline) > 0
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
    QTest::qWait(2000); // let markers, details, its chart and the 24-hour line settle

    const QSize screen = window->screen()->size();
    // High-DPI runs (QT_SCALE_FACTOR=2) have the same logical size: "@2x" keeps them apart.
    const QString scale = window->devicePixelRatio() > 1.0 ? QStringLiteral("@2x") : QString();
    const QString name = QStringLiteral("window-%1x%2-%3-%4%5.png")
                             .arg(screen.width())
                             .arg(screen.height())
                             .arg(theme, language, scale);
    const QImage shot = window->grab().toImage();
    QDir().mkpath(QStringLiteral(FW_BINARY_DIR "/screenshots"));
    const QString path = QStringLiteral(FW_BINARY_DIR "/screenshots/") + name;
    QVERIFY(shot.save(path));
    qInfo("window screenshot: %s", qPrintable(path));
    QSet<QRgb> colours;
    for (int y = 0; y < shot.height(); y += 7) {
        for (int x = 0; x < shot.width(); x += 7)
            colours.insert(shot.pixel(x, y));
    }
    QVERIFY2(colours.size() > 100, "the window looks blank");
    checkLayout(window);
    if (QTest::currentTestFailed())
        return;
    const QRect available = window->screen()->availableGeometry();
    // The theme is really applied: a dark window is mostly dark.
    const QColor background = shot.pixelColor(shot.width() / 2, shot.height() - 3);
    QVERIFY2(theme == u"dark" ? background.lightnessF() < 0.4 : background.lightnessF() > 0.6,
        qPrintable(background.name()));

    // The dashboard and `status --json` must agree on the same database. Statuses can move
    // between the two readings, so compare until both are read in the same state.
    bool agreed = false;
    QString last;
    for (int attempt = 0; attempt < 20 && !agreed; ++attempt) {
        QTest::qWait(300);
        agreed = agreesWithStatus(dbUrl, dash, &last);
    }
    QVERIFY2(agreed, qPrintable(QStringLiteral("dashboard disagrees with status: ") + last));
    // A tracker of every protocol the simulator speaks reached the embedded node over its own
    // socket, was answered, and shows green in the list and in `status --json`.
    QStringList notGreen;
    for (int attempt = 0; attempt < 20; ++attempt) {
        if ((notGreen = protocolsNotGreen(dbUrl, model)).isEmpty())
            break;
        QTest::qWait(300);
    }
    QVERIFY2(notGreen.isEmpty(),
        qPrintable(QStringLiteral("no green device of: ") + notGreen.join(u", ")));

    // For the user guide: the raw frame console and the troubleshooter of an offline device,
    // which must fit the screen as well.
    auto *console = window->findChild<QDockWidget *>(QStringLiteral("consoleDock"));
    QVERIFY(console);
    console->raise();
    QTest::qWait(1500); // the console polls the raw log
    const QString suffix = QStringLiteral("-%1x%2-%3-%4%5.png")
                               .arg(screen.width())
                               .arg(screen.height())
                               .arg(theme, language, scale);
    QVERIFY(window->grab().toImage().save(
        QStringLiteral(FW_BINARY_DIR "/screenshots/console") + suffix));
    QString offline;
    for (int row = 0; row < model->rowCount() && offline.isEmpty(); ++row) {
        if (model->snapshotAt(row).status == ConnectionStatus::Offline)
            offline = model->snapshotAt(row).device.uniqueId;
    }
    QVERIFY(!offline.isEmpty());
    emit window->troubleshootRequested(offline);
    QDialog *troubleshooter = nullptr;
    QTRY_VERIFY((troubleshooter = window->findChild<QDialog *>()) && troubleshooter->isVisible());
    QVERIFY(QTest::qWaitForWindowExposed(troubleshooter));
    QTest::qWait(1500); // its checks run against the live node
    QVERIFY2(available.contains(troubleshooter->frameGeometry()), "the troubleshooter is too big");
    QVERIFY(troubleshooter->grab().toImage().save(
        QStringLiteral(FW_BINARY_DIR "/screenshots/troubleshooter") + suffix));
    troubleshooter->close();

    // The first-start choice as a new user meets it, with the server fields of "Connect to a
    // FleetWatch server" showing: it must fit the screen too.
    FirstStartDialog firstStart(window);
    firstStart.form()->setMode(ServerConnectionForm::Mode::Connect);
    firstStart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&firstStart));
    QVERIFY2(available.contains(firstStart.frameGeometry()), "the first-start dialog is too big");
    QVERIFY(firstStart.grab().toImage().save(
        QStringLiteral(FW_BINARY_DIR "/screenshots/firststart") + suffix));
    firstStart.close();
    window->close();
}

void TstWindowScreenshot::checkLayout(MainWindow *window)
{
    for (const QDockWidget *dock : window->findChildren<QDockWidget *>())
        qInfo("dock %s: %dx%d (content minimum %dx%d)", qPrintable(dock->objectName()),
            dock->width(), dock->height(), dock->widget()->minimumSizeHint().width(),
            dock->widget()->minimumSizeHint().height());
    qInfo("central: %dx%d (minimum %dx%d)", window->centralWidget()->width(),
        window->centralWidget()->height(), window->centralWidget()->minimumSizeHint().width(),
        window->centralWidget()->minimumSizeHint().height());
    // The window fits the available area of its screen.
    const QRect available = window->screen()->availableGeometry();
    QVERIFY2(available.contains(window->frameGeometry()),
        qPrintable(QStringLiteral("window %1,%2 %3x%4 on a screen of %5x%6")
                       .arg(window->frameGeometry().x())
                       .arg(window->frameGeometry().y())
                       .arg(window->frameGeometry().width())
                       .arg(window->frameGeometry().height())
                       .arg(available.width())
                       .arg(available.height())));
    // No visible dock is smaller than its contents allow.
    for (const QDockWidget *dock : window->findChildren<QDockWidget *>()) {
        if (!dock->isVisible() || dock->visibleRegion().isEmpty())
            continue; // a tab behind another
        const QWidget *content = dock->widget();
        const QSize minimum = content->minimumSize().expandedTo(content->minimumSizeHint());
        QVERIFY2(content->width() >= minimum.width() && content->height() >= minimum.height(),
            qPrintable(QStringLiteral("%1 is %2x%3, needs %4x%5")
                           .arg(dock->objectName())
                           .arg(content->width())
                           .arg(content->height())
                           .arg(minimum.width())
                           .arg(minimum.height())));
    }
    // The list: status, name, last update and speed in full, no sideways scrolling.
    QTableView *table = window->deviceList()->table();
    const QHeaderView *header = table->horizontalHeader();
    QVERIFY2(!table->horizontalScrollBar()->isVisible(), "the device list scrolls sideways");
    for (const int column : { int(DeviceListModel::StatusColumn), int(DeviceListModel::NameColumn),
             int(DeviceListModel::LastUpdateColumn), int(DeviceListModel::SpeedColumn) }) {
        QVERIFY(!header->isSectionHidden(column));
        const int left = header->sectionViewportPosition(column);
        const int width = header->sectionSize(column);
        QVERIFY2(left >= 0 && left + width <= table->viewport()->width(),
            qPrintable(QStringLiteral("column %1 is cut off").arg(column)));
        QVERIFY2(width >= header->sectionSizeHint(column),
            qPrintable(QStringLiteral("title of column %1 is cut off: %2 < %3")
                           .arg(column)
                           .arg(width)
                           .arg(header->sectionSizeHint(column))));
    }
    const QFontMetrics fm = table->fontMetrics();
    const int nameWidth = header->sectionSize(DeviceListModel::NameColumn);
    const DeviceListModel *model = window->deviceModel();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString name = model->snapshotAt(row).device.name;
        QVERIFY2(fm.horizontalAdvance(name) + 2 * fm.averageCharWidth() <= nameWidth,
            qPrintable(QStringLiteral("name \"%1\" does not fit %2 px").arg(name).arg(nameWidth)));
    }
    // The details panel's page takes the dock's width: nothing cut off at its right edge.
    for (const QScrollArea *area : window->details()->findChildren<QScrollArea *>()) {
        if (area->isVisible() && area->widget())
            QVERIFY2(area->widget()->width() <= area->viewport()->width(),
                qPrintable(QStringLiteral("details page %1 px in %2 px")
                               .arg(area->widget()->width())
                               .arg(area->viewport()->width())));
    }
    // The diagnosis panel is usable: raised, its "Check now" button is inside the window.
    auto *diagnosis = window->findChild<QDockWidget *>(QStringLiteral("diagnosisDock"));
    QVERIFY(diagnosis);
    diagnosis->raise();
    QTest::qWait(100);
    const auto buttons = diagnosis->findChildren<QPushButton *>();
    QVERIFY(!buttons.isEmpty());
    const QPushButton *check = buttons.first();
    QVERIFY(check->isVisible());
    const QRect inWindow(check->mapTo(window, QPoint(0, 0)), check->size());
    QVERIFY2(window->rect().contains(inWindow), "the diagnosis button is cut off");
    QVERIFY(check->width() >= check->sizeHint().width());
    // The event log goes back in front for the picture.
    if (auto *events = window->findChild<QDockWidget *>(QStringLiteral("eventsDock")))
        events->raise();
    QTest::qWait(100);
}

FW_TEST_CLASS(TstWindowScreenshot)
#include "tst_windowscreenshot.moc"
