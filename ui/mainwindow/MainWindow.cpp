#include "MainWindow.h"

#include "ProblemBanner.h"
#include "StatusNotifier.h"
#include "Theme.h"
#include "WindowLayout.h"
#include "about/AboutDialog.h"
#include "console/RawConsoleWidget.h"
#include "dashboard/DashboardWidget.h"
#include "dashboard/OnlineTimelineLoader.h"
#include "details/DeviceDetailsPanel.h"
#include "devicelist/DeviceFilterProxyModel.h"
#include "devicelist/DeviceListModel.h"
#include "devicelist/DeviceListView.h"
#include "devicelist/StatusIndicator.h"
#include "dialogs/BlockDialog.h"
#include "dialogs/DeviceEditDialog.h"
#include "dialogs/ImportDevicesDialog.h"
#include "dialogs/SettingsDialog.h"
#include "events/EventLogWidget.h"
#include "fleet/DeviceDirectory.h"
#include "fleet/HistorySource.h"
#include "protocols/ProtocolRegistry.h"
#include "util/Clock.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QScreen>
#include <QSettings>
#include <QShowEvent>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace fw {

namespace {
constexpr int kHistoryEvents = 200;
constexpr int kTrackPoints = 2000;
constexpr TimeMs kTrackWindow = 6 * kHour;
const QString kShowGeofencesKey = QStringLiteral("map/showGeofences");
} // namespace

MainWindow::MainWindow(const WindowContext &context, QWidget *parent)
    : QMainWindow(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("FleetWatch"));
    setWindowIcon(AboutDialog::applicationIcon());
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);

    // Central area: a banner for problems that need attention, then the map.
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_banner = new ProblemBanner(central);
    layout->addWidget(m_banner);
    m_mapPlaceholder = new QLabel(tr("Map"), central);
    m_mapPlaceholder->setAlignment(Qt::AlignCenter);
    m_mapPlaceholder->setAccessibleName(tr("Map area"));
    layout->addWidget(m_mapPlaceholder, 1);
    setCentralWidget(central);

    m_model = new DeviceListModel(m_context.clock, this);
    m_list = new DeviceListView(m_model, this);
    m_list->setAccessibleName(tr("Device list"));
    m_dashboard = new DashboardWidget(this);
    m_dashboard->setAccessibleName(tr("Dashboard"));
    m_details = new DeviceDetailsPanel(m_context.catalog, m_context.clock, this);
    m_details->setAccessibleName(tr("Device details"));
    m_details->setServerAddress(m_context.serverAddress);
    if (DeviceDirectory *directory = m_context.directory) {
        m_details->setPasswordLookup(
            [directory](const QString &uniqueId) { return directory->devicePassword(uniqueId); });
    }
    m_events = new EventLogWidget(this);
    m_events->setAccessibleName(tr("Event log"));
    m_console = new RawConsoleWidget(this);
    m_console->setAccessibleName(tr("Raw frame console"));
    m_console->setRawLog(m_context.rawLog);

    // The dashboard strip spans the top; the list and the details run down the sides, so the
    // event log and the other bottom panels sit under the map only.
    setCorner(Qt::TopLeftCorner, Qt::TopDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::TopDockWidgetArea);
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    addDock(m_dashboard, tr("Dashboard"), QStringLiteral("dashboardDock"), Qt::TopDockWidgetArea);
    m_listDock
        = addDock(m_list, tr("Devices"), QStringLiteral("devicesDock"), Qt::LeftDockWidgetArea);
    m_detailsDock
        = addDock(m_details, tr("Details"), QStringLiteral("detailsDock"), Qt::RightDockWidgetArea);
    m_eventsDock
        = addDock(m_events, tr("Events"), QStringLiteral("eventsDock"), Qt::BottomDockWidgetArea);
    QDockWidget *consoleDock = addDock(
        m_console, tr("Raw frames"), QStringLiteral("consoleDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(m_eventsDock, consoleDock);
    m_eventsDock->raise();
    const QFontMetrics fm = fontMetrics();
    m_list->setMinimumWidth(fm.averageCharWidth() * 30);
    m_details->setMinimumWidth(fm.averageCharWidth() * 30);
    m_events->setMinimumHeight(fm.height() * 5);
    m_console->setMinimumHeight(fm.height() * 5);

    connect(m_dashboard, &DashboardWidget::groupFilterRequested, m_list,
        &DeviceListView::setStatusGroupFilter);
    connect(m_dashboard, &DashboardWidget::statusFilterRequested, m_list,
        &DeviceListView::setStatusFilter);
    connect(
        m_dashboard, &DashboardWidget::showAllRequested, m_list, &DeviceListView::showAllStatuses);
    connect(
        m_list, &DeviceListView::statusFilterCleared, m_dashboard, &DashboardWidget::markShowAll);
    connect(m_banner, &ProblemBanner::detailsRequested, this, &MainWindow::showProblemDetails);
    if (m_context.history) {
        m_timelineLoader = new OnlineTimelineLoader(m_context.history, m_context.clock, this);
        connect(
            m_timelineLoader, &OnlineTimelineLoader::loaded, this, [this](const OnlineTimeline &t) {
                m_dashboard->setOnlineTimeline(
                    t.from(), t.to(), t.counts(m_dashboard->count(StatusGroup::Online)));
            });
    }
    connect(m_dashboard, &DashboardWidget::addDeviceRequested, this, &MainWindow::registerDevice);
    connect(m_dashboard, &DashboardWidget::startDemoRequested, this, &MainWindow::demoRequested);
    connect(
        m_list, &DeviceListView::currentDeviceChanged, this, &MainWindow::onCurrentDeviceChanged);
    connect(m_list, &DeviceListView::edit, this, &MainWindow::editDevice);
    connect(m_list, &DeviceListView::block, this, &MainWindow::blockDevice);
    connect(m_list, &DeviceListView::unblock, this, &MainWindow::unblockDevice);
    connect(m_list, &DeviceListView::troubleshoot, this, &MainWindow::troubleshootRequested);
    connect(m_list, &DeviceListView::sendCommand, this, &MainWindow::sendCommandRequested);
    connect(m_list, &DeviceListView::showOnMap, this, &MainWindow::showOnMapRequested);
    connect(m_list, &DeviceListView::follow, this, &MainWindow::followRequested);
    connect(m_details, &DeviceDetailsPanel::editRequested, this, &MainWindow::editDevice);
    connect(m_details, &DeviceDetailsPanel::troubleshootRequested, this,
        &MainWindow::troubleshootRequested);
    connect(m_details, &DeviceDetailsPanel::sendCommandRequested, this,
        &MainWindow::sendCommandRequested);
    connect(m_events, &EventLogWidget::deviceActivated, this, &MainWindow::selectDevice);

    createActions();
    createStatusBar();
    restoreLayout();

    m_notifier = new StatusNotifier(m_context.clock, windowIcon(), this);
    connect(m_notifier, &StatusNotifier::messageWithoutTray, this,
        [this](const QString &title) { statusBar()->showMessage(title, 10'000); });
}

MainWindow::~MainWindow() = default;

QDockWidget *MainWindow::addDock(
    QWidget *widget, const QString &title, const QString &objectName, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(widget);
    dock->setAccessibleName(title);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::setMapWidget(QWidget *map)
{
    if (!map || !m_mapPlaceholder)
        return;
    centralWidget()->layout()->replaceWidget(m_mapPlaceholder, map);
    m_mapPlaceholder->deleteLater();
    m_mapPlaceholder = nullptr;
}

void MainWindow::addPanel(QDockWidget *dock, Qt::DockWidgetArea area)
{
    addDockWidget(area, dock);
    if (area == Qt::BottomDockWidgetArea) {
        tabifyDockWidget(m_eventsDock, dock); // a tab beside the events: full size when raised
        m_eventsDock->raise();
    }
    m_panels.append({ dock, area });
    if (m_viewMenu && !m_viewMenu->actions().isEmpty())
        m_viewMenu->insertAction(m_viewMenu->actions().first(), dock->toggleViewAction());
    restoreState(QSettings().value(layoutGroup() + QStringLiteral("/state")).toByteArray());
}

void MainWindow::createActions()
{
    QToolBar *toolbar = addToolBar(tr("Main toolbar"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));

    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *import
        = fileMenu->addAction(tr("&Import devices..."), this, &MainWindow::importDevices);
    import->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    import->setObjectName(QStringLiteral("importDevices")); // object names: AccessController
    fileMenu->addAction(tr("&Export device list..."), m_list, &DeviceListView::exportWithDialog);
    fileMenu->addSeparator();
    QAction *settings = fileMenu->addAction(tr("&Settings..."), this, &MainWindow::showSettings);
    settings->setShortcut(QKeySequence::Preferences);
    settings->setMenuRole(QAction::PreferencesRole);
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *devicesMenu = menuBar()->addMenu(tr("&Devices"));
    QAction *add
        = devicesMenu->addAction(tr("&Register device..."), this, &MainWindow::registerDevice);
    add->setShortcut(QKeySequence::New);
    add->setObjectName(QStringLiteral("registerDevice"));
    add->setIcon(style()->standardIcon(QStyle::SP_FileDialogNewFolder));
    QAction *edit
        = devicesMenu->addAction(tr("&Edit device..."), this, [this] { editDevice(m_currentId); });
    edit->setShortcut(QKeySequence(Qt::Key_F2));
    edit->setObjectName(QStringLiteral("editDevice"));
    devicesMenu->addAction(tr("&Block..."), this, [this] { blockDevice(m_currentId); })
        ->setObjectName(QStringLiteral("blockDevice"));
    devicesMenu->addAction(tr("&Unblock"), this, [this] { unblockDevice(m_currentId); })
        ->setObjectName(QStringLiteral("unblockDevice"));
    QAction *remove = devicesMenu->addAction(
        tr("Re&move device..."), this, [this] { removeDevice(m_currentId); });
    remove->setShortcut(QKeySequence::Delete);
    remove->setObjectName(QStringLiteral("removeDevice"));
    remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_list->addAction(remove);
    devicesMenu->addSeparator();
    m_watchAction = devicesMenu->addAction(
        tr("&Notify me about this device"), this, &MainWindow::toggleWatch);
    m_watchAction->setCheckable(true);
    devicesMenu->addAction(
        tr("&Troubleshoot..."), this, [this] { emit troubleshootRequested(m_currentId); });
    devicesMenu->addAction(
        tr("Send &command..."), this, [this] { emit sendCommandRequested(m_currentId); })
        ->setObjectName(QStringLiteral("sendCommand"));
    devicesMenu->addAction(tr("Start the &demo fleet"), this, &MainWindow::demoRequested);

    QMenu *reportsMenu = menuBar()->addMenu(tr("&Reports"));
    QAction *reports = reportsMenu->addAction(
        tr("&Reports..."), this, [this] { emit reportsRequested(m_currentId); });
    reports->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    reports->setToolTip(tr("Trips, stops, summaries and events with a chart beside the map"));

    QMenu *fencesMenu = menuBar()->addMenu(tr("&Geofences"));
    fencesMenu->addAction(tr("&Geofences..."), QKeySequence(Qt::CTRL | Qt::Key_G), this,
                  &MainWindow::geofencesRequested)->setObjectName(QStringLiteral("editGeofences"));
    fencesMenu->addAction(tr("Alert &rules..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                  this, &MainWindow::rulesRequested)->setObjectName(QStringLiteral("editRules"));
    m_geofencesAction = fencesMenu->addAction(tr("&Show geofences on the map"),
                                              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    m_geofencesAction->setCheckable(true);
    m_geofencesAction->setChecked(QSettings().value(kShowGeofencesKey, true).toBool());
    connect(m_geofencesAction, &QAction::toggled, this, [this](bool on) {
        QSettings().setValue(kShowGeofencesKey, on);
        emit geofencesShownChanged(on);
    });

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu = viewMenu;
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        viewMenu->addAction(dock->toggleViewAction());
    viewMenu->addSeparator();
    QMenu *themeMenu = viewMenu->addMenu(tr("&Theme"));
    auto *themes = new QActionGroup(this);
    const QString current
        = QSettings().value(QStringLiteral("ui/theme"), QStringLiteral("system")).toString();
    const std::pair<QString, QString> themeNames[] = {
        { QStringLiteral("system"), tr("Follow the &system") },
        { QStringLiteral("light"), tr("&Light") },
        { QStringLiteral("dark"), tr("&Dark") },
    };
    for (const auto &[id, title] : themeNames) {
        QAction *a = themeMenu->addAction(title);
        a->setCheckable(true);
        a->setChecked(id == current);
        themes->addAction(a);
        connect(a, &QAction::triggered, this, [id] {
            QSettings().setValue(QStringLiteral("ui/theme"), id);
            applyTheme(id);
        });
    }
    viewMenu->addAction(tr("&Reset layout"), this, &MainWindow::resetLayout);
    QAction *fullScreen = viewMenu->addAction(
        tr("&Full screen"), this, [this](bool on) { on ? showFullScreen() : showNormal(); });
    fullScreen->setCheckable(true);
    fullScreen->setShortcut(QKeySequence::FullScreen);

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *about
        = helpMenu->addAction(tr("&About FleetWatch"), this, [this] { AboutDialog(this).exec(); });
    about->setMenuRole(QAction::AboutRole);
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    toolbar->addAction(add);
    toolbar->addAction(import);
    toolbar->addAction(settings);
}

bool MainWindow::geofencesShown() const
{
    return m_geofencesAction->isChecked();
}

void MainWindow::createStatusBar()
{
    m_portsLabel = new QLabel(this);
    m_rateLabel = new QLabel(this);
    m_databaseLabel = new QLabel(this);
    m_devicesLabel = new QLabel(this);
    m_portsLabel->setAccessibleName(tr("Listening ports"));
    m_rateLabel->setAccessibleName(tr("Frames per second"));
    m_databaseLabel->setAccessibleName(tr("Database state"));
    m_devicesLabel->setAccessibleName(tr("Device count"));
    statusBar()->addWidget(m_devicesLabel);
    statusBar()->addPermanentWidget(m_portsLabel);
    statusBar()->addPermanentWidget(m_rateLabel);
    statusBar()->addPermanentWidget(m_databaseLabel);
    m_databaseLabel->setText(tr("Database: %1").arg(m_context.databaseDescription));
}

void MainWindow::applyDelta(const FleetDelta &delta)
{
    QElapsedTimer timer;
    timer.start();
    m_model->applyDelta(delta);
    m_dashboard->setCounts(delta.counts);
    if (m_timelineLoader && !m_timelineStarted) {
        m_timelineStarted = true; // then every few minutes
        m_timelineLoader->refresh();
    }
    if (!delta.events.isEmpty())
        m_events->appendEvents(delta.events);
    if (!m_currentId.isEmpty()) {
        for (const DeviceSnapshot &s : delta.changed) {
            if (s.device.uniqueId == m_currentId) {
                m_details->setSnapshot(s);
                break;
            }
        }
        if (delta.removed.contains(m_currentId))
            m_details->clear();
    }
    m_notifier->notify(delta);
    updateStatusBar(delta);
    emit deltaApplied(delta, timer.nsecsElapsed());
}

void MainWindow::updateStatusBar(const FleetDelta &delta)
{
    int up = 0, down = 0;
    QStringList problems, failedPorts;
    QHash<QString, quint16> ports;
    for (const ListenerState &l : delta.listeners) {
        if (l.listening) {
            ++up;
            ports.insert(l.protocol, l.port);
        } else {
            ++down;
            problems << tr("%1 port %2: %3").arg(l.protocol).arg(l.port).arg(l.error);
            failedPorts << tr("%1 %2").arg(l.protocol).arg(l.port);
        }
    }
    if (!delta.listeners.isEmpty()) {
        m_details->setListeningPorts(ports);
        m_portsLabel->setText(down == 0 ? tr("%n port(s) listening", "", up)
                                        : tr("%1 listening, %2 failed").arg(up).arg(down));
        m_portsLabel->setToolTip(problems.join(QLatin1Char('\n')));
    }
    if (m_lastFramesAt != kNoTime && delta.at > m_lastFramesAt) {
        const double seconds = static_cast<double>(delta.at - m_lastFramesAt) / 1000.0;
        if (seconds >= 1.0) {
            const double rate = static_cast<double>(delta.stats.frames - m_lastFrames) / seconds;
            m_rateLabel->setText(tr("%1 frames/s").arg(rate, 0, 'f', rate < 10 ? 1 : 0));
            m_lastFrames = delta.stats.frames;
            m_lastFramesAt = delta.at;
        }
    } else {
        m_lastFrames = delta.stats.frames;
        m_lastFramesAt = delta.at;
    }
    int total = 0;
    for (int c : delta.counts)
        total += c;
    m_devicesLabel->setText(tr("%n device(s)", "", total));
    if (delta.stats.databaseHealthy) {
        m_databaseLabel->setText(tr("Database OK"));
        m_databaseLabel->setToolTip(m_context.databaseDescription);
    } else {
        m_databaseLabel->setText(tr("Database failing"));
        m_databaseLabel->setToolTip(delta.stats.databaseError);
    }
    QStringList bannerLines;
    if (!delta.stats.databaseHealthy)
        bannerLines << tr("The database cannot be written (%1). Data is held in memory and "
                          "devices are not acknowledged until it recovers.")
                           .arg(delta.stats.databaseError);
    if (down > 0) // the errors themselves are in the tooltip and the diagnosis panel
        bannerLines << tr("%n port(s) could not be opened (%1)", "", down)
                           .arg(failedPorts.join(QStringLiteral(", ")));
    m_bannerLines = bannerLines;
    showBanner();
}

void MainWindow::setDiagnosisBanner(const QString &text)
{
    m_diagnosisBanner = text;
    showBanner();
}

void MainWindow::showRawFrames(const QString &uniqueId)
{
    m_console->setDeviceFilter(uniqueId);
    for (QWidget *w = m_console->parentWidget(); w; w = w->parentWidget()) {
        if (auto *dock = qobject_cast<QDockWidget *>(w)) {
            dock->show();
            dock->raise();
            break;
        }
    }
}

void MainWindow::setSettingsProblem(const QString &text)
{
    m_settingsProblem = text;
    showBanner();
}

void MainWindow::showBanner()
{
    QStringList lines = m_bannerLines;
    if (!m_settingsProblem.isEmpty())
        lines << m_settingsProblem;
    if (!m_diagnosisBanner.isEmpty())
        lines << m_diagnosisBanner;
    m_banner->setProblems(lines);
}

void MainWindow::toggleWatch()
{
    if (m_currentId.isEmpty())
        return;
    const std::optional<DeviceSnapshot> s = snapshotOf(m_currentId);
    m_notifier->setWatched(m_currentId, !m_notifier->isWatched(m_currentId),
        s ? s->status : ConnectionStatus::Offline);
    m_watchAction->setChecked(m_notifier->isWatched(m_currentId));
}

std::optional<DeviceSnapshot> MainWindow::snapshotOf(const QString &uniqueId) const
{
    const int row = m_model->rowOf(uniqueId);
    if (row < 0)
        return std::nullopt;
    return m_model->snapshotAt(row);
}

void MainWindow::selectDevice(const QString &uniqueId)
{
    m_list->selectDevice(uniqueId);
}

void MainWindow::onCurrentDeviceChanged(const QString &uniqueId)
{
    m_currentId = uniqueId;
    m_watchAction->setChecked(m_notifier->isWatched(uniqueId));
    const std::optional<DeviceSnapshot> s = snapshotOf(uniqueId);
    if (!s) {
        m_details->clear();
        return;
    }
    m_details->setSnapshot(*s);
    loadHistory(uniqueId);
}

void MainWindow::loadHistory(const QString &uniqueId)
{
    if (!m_context.history)
        return;
    const int request = ++m_historyRequest;
    const std::shared_ptr<const HistorySource> history = m_context.history;
    const TimeMs now = m_context.clock->now();
    using Result = std::pair<QList<DeviceEvent>, QList<Position>>;
    auto *watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, request, uniqueId] {
        watcher->deleteLater();
        if (request != m_historyRequest || uniqueId != m_currentId)
            return; // the operator moved on
        const Result r = watcher->result();
        m_details->setHistory(r.first);
        m_details->setTrack(r.second);
    });
    watcher->setFuture(QtConcurrent::run([history, uniqueId, now] {
        return Result { history->events(uniqueId, now - 7 * kDay, kHistoryEvents),
            history->track(uniqueId, now - kTrackWindow, now + kHour, kTrackPoints) };
    }));
}

void MainWindow::registerDevice()
{
    DeviceEditDialog dialog(m_context.directory, m_context.catalog, this);
    if (dialog.exec() == QDialog::Accepted)
        statusBar()->showMessage(tr("Registered %1").arg(dialog.device().name), 5000);
}

void MainWindow::editDevice(const QString &uniqueId)
{
    const std::optional<DeviceSnapshot> s = snapshotOf(uniqueId);
    if (!s)
        return;
    DeviceEditDialog dialog(m_context.directory, m_context.catalog, this);
    dialog.setDevice(s->device);
    if (dialog.exec() == QDialog::Accepted && m_details->uniqueId() == uniqueId)
        m_details->refreshPassword();
}

void MainWindow::blockDevice(const QString &uniqueId)
{
    const std::optional<DeviceSnapshot> s = snapshotOf(uniqueId);
    if (!s)
        return;
    BlockDialog dialog(m_context.directory, m_context.clock, this);
    dialog.setDevice(s->device);
    dialog.exec();
}

void MainWindow::unblockDevice(const QString &uniqueId)
{
    if (uniqueId.isEmpty())
        return;
    const QString error = m_context.directory->setBlocked(uniqueId, false, kNoTime);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Unblock device"), error);
}

void MainWindow::removeDevice(const QString &uniqueId)
{
    const std::optional<DeviceSnapshot> s = snapshotOf(uniqueId);
    if (!s)
        return;
    if (QMessageBox::question(this, tr("Remove device"),
            tr("Remove %1 (%2) and all its stored positions and events?")
                .arg(s->device.name, uniqueId))
        != QMessageBox::Yes)
        return;
    const QString error = m_context.directory->removeDevice(uniqueId);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Remove device"), error);
    else
        statusBar()->showMessage(tr("Removing %1 and its stored data…").arg(uniqueId));
}

void MainWindow::deviceRemovalFinished(const QString &uniqueId, const QString &error)
{
    if (error.isEmpty()) {
        statusBar()->showMessage(tr("%1 and its stored data were removed.").arg(uniqueId), 10'000);
        return;
    }
    statusBar()->clearMessage();
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Remove device"),
        tr("The stored data of %1 could not be removed completely: %2").arg(uniqueId, error),
        QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // does not block the window
}

void MainWindow::importDevices()
{
    ImportDevicesDialog dialog(m_context.directory, m_context.catalog, this);
    dialog.exec();
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_context.registry, this);
    dialog.setFleetSettings(m_fleetSettings);
    dialog.setFleetSettingsRefused(m_fleetSettingsRefused);
    dialog.setStoredServerPassword(m_context.serverSecret ? m_context.serverSecret() : QString());
    connect(&dialog, &SettingsDialog::settingsChanged, this, &MainWindow::settingsChanged);
    connect(&dialog, &SettingsDialog::fleetSettingsChanged, this, &MainWindow::fleetSettingsEdited);
    connect(&dialog, &SettingsDialog::secretsEntered, this, &MainWindow::secretsEntered);
    dialog.exec();
}

void MainWindow::showProblemDetails()
{
    // The diagnosis panel lists every problem with its details and what to do.
    auto *dock = findChild<QDockWidget *>(QStringLiteral("diagnosisDock"));
    if (!dock)
        dock = m_eventsDock;
    dock->show();
    dock->raise();
    dock->setFocus(Qt::OtherFocusReason);
}

QString MainWindow::layoutGroup() const
{
    const QScreen *s = screen();
    return WindowLayout::settingsGroup(s ? s->size() : QSize());
}

QRect MainWindow::availableArea() const
{
    const QScreen *s = screen();
    return s ? s->availableGeometry() : QRect(0, 0, 1366, 768);
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    const QString group = layoutGroup();
    const QByteArray saved = settings.value(group + QStringLiteral("/geometry")).toByteArray();
    if (saved.isEmpty() || !restoreGeometry(saved)) {
        const DockSizes sizes
            = WindowLayout::defaults(availableArea(), m_list->defaultColumnsWidth());
        setGeometry(sizes.geometry);
        if (sizes.maximized)
            setWindowState(windowState() | Qt::WindowMaximized);
        m_pendingDefaultSizes = true; // the docks are sized once the window is shown
        return;
    }
    if (!isMaximized() && !isFullScreen())
        setGeometry(WindowLayout::fitted(geometry(), availableArea()));
    restoreState(settings.value(group + QStringLiteral("/state")).toByteArray());
}

void MainWindow::arrangeDefaultDocks()
{
    const auto place = [this](QDockWidget *dock, Qt::DockWidgetArea area) {
        dock->setFloating(false);
        addDockWidget(area, dock);
        dock->show();
    };
    place(qobject_cast<QDockWidget *>(m_dashboard->parentWidget()), Qt::TopDockWidgetArea);
    place(m_listDock, Qt::LeftDockWidgetArea);
    place(m_detailsDock, Qt::RightDockWidgetArea);
    place(m_eventsDock, Qt::BottomDockWidgetArea);
    QDockWidget *consoleDock = qobject_cast<QDockWidget *>(m_console->parentWidget());
    place(consoleDock, Qt::BottomDockWidgetArea);
    tabifyDockWidget(m_eventsDock, consoleDock);
    for (const auto &[dock, area] : std::as_const(m_panels)) {
        place(dock, area);
        if (area == Qt::BottomDockWidgetArea)
            tabifyDockWidget(m_eventsDock, dock);
    }
    m_eventsDock->raise();
    applyDefaultSizes();
}

void MainWindow::applyDefaultSizes()
{
    const DockSizes sizes
        = WindowLayout::defaults(QRect(QPoint(), size()), m_list->defaultColumnsWidth());
    resizeDocks(
        { m_listDock, m_detailsDock }, { sizes.listWidth, sizes.detailsWidth }, Qt::Horizontal);
    QDockWidget *dashboardDock = qobject_cast<QDockWidget *>(m_dashboard->parentWidget());
    resizeDocks({ dashboardDock, m_eventsDock },
        { m_dashboard->sizeHint().height(), sizes.bottomHeight }, Qt::Vertical);
}

void MainWindow::resetLayout()
{
    if (!isMaximized() && !isFullScreen()) {
        const DockSizes sizes
            = WindowLayout::defaults(availableArea(), m_list->defaultColumnsWidth());
        setGeometry(sizes.geometry);
    }
    m_list->applyDefaultColumns();
    arrangeDefaultDocks();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!m_pendingDefaultSizes)
        return;
    m_pendingDefaultSizes = false;
    // After the first layout pass, so the proportions are of the real window size.
    QTimer::singleShot(0, this, &MainWindow::applyDefaultSizes);
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    const QString group = layoutGroup();
    settings.setValue(group + QStringLiteral("/geometry"), saveGeometry());
    settings.setValue(group + QStringLiteral("/state"), saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    m_list->saveHeaderState();
    event->accept();
}

} // namespace fw
