#include "ReportsWindow.h"

#include "ReportChartWidget.h"
#include "ReportPdfWriter.h"
#include "ReportRunner.h"
#include "ReportTableModel.h"

#include "export/TrackExporter.h"
#include "fleet/DeviceDirectory.h"
#include "geocoding/ReverseGeocoder.h"
#include "map/MapWidget.h"
#include "map/ReplayBar.h"
#include "map/TrackLoader.h"
#include "reports/ReportAddresses.h"
#include "reports/ReportFormatter.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <set>

namespace fw {

namespace {
// The periods offered; "custom" leaves the two dates as the operator set them.
enum class Period { Today, Yesterday, Last24h, Last7d, Last30d, ThisMonth, Custom };

const QString kSettingsGroup = QStringLiteral("reports/");
constexpr qsizetype kTrackBudget = 20000; // thinned positions for the chart and map, all devices
const QString kDailySummary = QStringLiteral("summary-daily");
} // namespace

ReportsWindow::ReportsWindow(const Parts &parts, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_parts(parts)
    , m_runner(new ReportRunner(this))
    , m_tracks(new TrackLoader(this))
    , m_model(new ReportTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    setWindowTitle(tr("Reports - FleetWatch"));
    setAccessibleName(tr("Reports"));
    m_runner->setDatabaseConfig(parts.database);
    m_tracks->setDatabaseConfig(parts.database);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ReportTableModel::SortRole);
    buildUi();
    refreshDevices();
    restoreSettings();

    connect(m_runner, &ReportRunner::progressChanged, this,
        [this](double done) { m_progress->setValue(int(done * 1000)); });
    connect(m_runner, &ReportRunner::finished, this, &ReportsWindow::showResult);
    connect(m_runner, &ReportRunner::failed, this, [this](const QString &error) {
        setRunning(false);
        m_totals->setText(tr("The report failed: %1").arg(error));
        emit reportFailed(error);
    });
    connect(m_runner, &ReportRunner::cancelled, this, [this] {
        setRunning(false);
        m_totals->setText(tr("Cancelled."));
    });
    connect(m_tracks, &TrackLoader::loaded, this,
        [this](quint64, const QString &uniqueId, const QList<Position> &track) {
            const QModelIndex current = m_table->currentIndex();
            if (!current.isValid()
                || current.data(ReportTableModel::UniqueIdRole).toString() != uniqueId)
                return;
            m_map->setTrack(track);
            m_map->fitTimeSpan(current.data(ReportTableModel::StartTimeRole).toLongLong(),
                current.data(ReportTableModel::EndTimeRole).toLongLong());
        });
}

ReportsWindow::~ReportsWindow()
{
    m_runner->cancel();
}

void ReportsWindow::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    layout->addLayout(bar);

    m_kind = new QComboBox;
    m_kind->setAccessibleName(tr("Report"));
    m_kind->addItem(tr("Trips"), reportKindId(ReportKind::Trips));
    m_kind->addItem(tr("Stops"), reportKindId(ReportKind::Stops));
    m_kind->addItem(tr("Summary"), reportKindId(ReportKind::Summary));
    m_kind->addItem(tr("Summary per day"), kDailySummary);
    m_kind->addItem(tr("Events"), reportKindId(ReportKind::Events));
    m_kind->addItem(tr("Geofence visits"), reportKindId(ReportKind::Visits));
    auto *kindLabel = new QLabel(tr("&Report:"));
    kindLabel->setBuddy(m_kind);
    bar->addWidget(kindLabel);
    bar->addWidget(m_kind);

    m_devices = new QComboBox;
    m_devices->setAccessibleName(tr("Devices"));
    m_devices->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_devices->setMinimumContentsLength(16);
    auto *devicesLabel = new QLabel(tr("&Devices:"));
    devicesLabel->setBuddy(m_devices);
    bar->addWidget(devicesLabel);
    bar->addWidget(m_devices, 1);

    m_period = new QComboBox;
    m_period->setAccessibleName(tr("Period"));
    m_period->addItem(tr("Today"), int(Period::Today));
    m_period->addItem(tr("Yesterday"), int(Period::Yesterday));
    m_period->addItem(tr("Last 24 hours"), int(Period::Last24h));
    m_period->addItem(tr("Last 7 days"), int(Period::Last7d));
    m_period->addItem(tr("Last 30 days"), int(Period::Last30d));
    m_period->addItem(tr("This month"), int(Period::ThisMonth));
    m_period->addItem(tr("Custom"), int(Period::Custom));
    auto *periodLabel = new QLabel(tr("&Period:"));
    periodLabel->setBuddy(m_period);
    bar->addWidget(periodLabel);
    bar->addWidget(m_period);
    const QString format = QStringLiteral("yyyy-MM-dd HH:mm");
    m_from = new QDateTimeEdit;
    m_from->setAccessibleName(tr("From"));
    m_to = new QDateTimeEdit;
    m_to->setAccessibleName(tr("To"));
    for (QDateTimeEdit *edit : { m_from, m_to }) {
        edit->setDisplayFormat(format);
        edit->setCalendarPopup(true);
        bar->addWidget(edit);
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, [this] {
            if (!m_period->signalsBlocked())
                m_period->setCurrentIndex(m_period->findData(int(Period::Custom)));
        });
    }
    connect(m_period, &QComboBox::currentIndexChanged, this, &ReportsWindow::applyPeriod);

    m_run = new QPushButton(tr("R&un"));
    m_run->setDefault(true);
    m_run->setToolTip(tr("Make the report (Ctrl+Return)"));
    connect(m_run, &QPushButton::clicked, this, &ReportsWindow::run);
    auto *runShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(runShortcut, &QShortcut::activated, this, &ReportsWindow::run);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setEnabled(false);
    connect(m_cancel, &QPushButton::clicked, this, &ReportsWindow::cancel);
    m_export = new QToolButton;
    m_export->setText(tr("E&xport"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto *exportMenu = new QMenu(m_export);
    const std::pair<QString, QString> formats[] = { { QStringLiteral("csv"), tr("CSV table...") },
        { QStringLiteral("pdf"), tr("PDF document...") },
        { QStringLiteral("gpx"), tr("GPX tracks...") },
        { QStringLiteral("kml"), tr("KML tracks...") } };
    for (const auto &[id, title] : formats)
        exportMenu->addAction(title, this, [this, id = id] { exportWithDialog(id); });
    m_export->setMenu(exportMenu);
    m_export->setEnabled(false);
    bar->addWidget(m_run);
    bar->addWidget(m_cancel);
    bar->addWidget(m_export);

    auto *status = new QHBoxLayout;
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setAccessibleName(tr("Report progress"));
    m_progress->setVisible(false);
    m_progress->setMaximumWidth(240);
    m_totals = new QLabel(tr("Choose a report, devices and a period, then Run."));
    m_totals->setWordWrap(true);
    m_addressStatus = new QLabel;
    m_addressStatus->setAccessibleName(tr("Address lookup progress"));
    m_addressStatus->setVisible(false);
    status->addWidget(m_progress);
    status->addWidget(m_totals, 1);
    status->addWidget(m_addressStatus);
    layout->addLayout(status);

    m_table = new QTableView;
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAccessibleName(tr("Report table"));
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &ReportsWindow::rowActivated);

    m_chart = new ReportChartWidget;
    connect(m_chart, &ReportChartWidget::hovered, this, &ReportsWindow::chartHovered);
    connect(m_chart, &ReportChartWidget::clicked, this, [this](qint64 t) {
        chartHovered(t);
        if (m_replay->hasTrack())
            m_replay->setCurrentTime(t);
    });

    m_map = new MapWidget;
    m_map->setTileSource(m_parts.tiles);
    m_map->setAccessibleName(tr("Report map"));
    m_replay = new ReplayBar;
    connect(m_replay, &ReplayBar::currentTimeChanged, this,
        [this](qint64 t) { replayMoved(TimeMs(t)); });

    m_leftSplit = new QSplitter(Qt::Vertical);
    m_leftSplit->addWidget(m_table);
    m_leftSplit->addWidget(m_chart);
    m_leftSplit->setStretchFactor(0, 3);
    m_leftSplit->setStretchFactor(1, 2);
    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_map, 1);
    rightLayout->addWidget(m_replay);
    m_split = new QSplitter(Qt::Horizontal);
    m_split->addWidget(m_leftSplit);
    m_split->addWidget(right);
    m_split->setStretchFactor(0, 1);
    m_split->setStretchFactor(1, 1);
    layout->addWidget(m_split, 1);

    auto *close = new QShortcut(QKeySequence::Close, this);
    connect(close, &QShortcut::activated, this, &QWidget::close);
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(escape, &QShortcut::activated, this, [this] {
        if (isRunning())
            cancel();
    });
}

void ReportsWindow::refreshDevices()
{
    if (!m_parts.directory)
        return;
    const QString chosen = m_devices->currentData().toString();
    QList<Device> devices = m_parts.directory->devices();
    std::sort(devices.begin(), devices.end(), [](const Device &a, const Device &b) {
        return QString::localeAwareCompare(a.name, b.name) < 0;
    });
    std::set<QString> groups;
    for (const Device &d : std::as_const(devices)) {
        if (!d.group.isEmpty())
            groups.insert(d.group);
    }
    const QSignalBlocker blocker(m_devices);
    m_devices->clear();
    m_devices->addItem(tr("All devices (%n)", nullptr, int(devices.size())), QStringLiteral("all:"));
    for (const QString &group : groups)
        m_devices->addItem(tr("Group: %1").arg(group), QString(QStringLiteral("group:") + group));
    for (const Device &d : std::as_const(devices))
        m_devices->addItem(d.name.isEmpty() ? d.uniqueId : QStringLiteral("%1 (%2)").arg(d.name, d.uniqueId),
            QString(QStringLiteral("device:") + d.uniqueId));
    const int index = m_devices->findData(chosen);
    m_devices->setCurrentIndex(std::max(0, index));
}

void ReportsWindow::selectDevice(const QString &uniqueId)
{
    const int index = m_devices->findData(QString(QStringLiteral("device:") + uniqueId));
    if (index >= 0)
        m_devices->setCurrentIndex(index);
}

namespace {
// The start and end of a preset period, as of `now`.
std::pair<QDateTime, QDateTime> periodRange(Period period, const QDateTime &now)
{
    const QDate today = now.date();
    switch (period) {
    case Period::Today:
        return { today.startOfDay(), now };
    case Period::Yesterday:
        return { today.addDays(-1).startOfDay(), today.startOfDay() };
    case Period::Last24h:
        return { now.addSecs(-24 * 3600), now };
    case Period::Last7d:
        return { now.addDays(-7), now };
    case Period::Last30d:
        return { now.addDays(-30), now };
    case Period::ThisMonth:
        return { QDate(today.year(), today.month(), 1).startOfDay(), now };
    case Period::Custom:
        break;
    }
    return {};
}
} // namespace

void ReportsWindow::applyPeriod()
{
    const auto period = Period(m_period->currentData().toInt());
    if (period == Period::Custom)
        return;
    const auto [from, to] = periodRange(period, QDateTime::currentDateTime());
    const QSignalBlocker blocker(m_period);
    m_from->setDateTime(from);
    m_to->setDateTime(to);
}

ReportRequest ReportsWindow::currentRequest() const
{
    ReportRequest request;
    const QString kind = m_kind->currentData().toString();
    request.daily = kind == kDailySummary;
    request.kind = request.daily ? ReportKind::Summary
                                 : reportKindFromId(kind).value_or(ReportKind::Trips);
    // A preset period is taken at the moment of the request, not of the choice.
    const auto period = Period(m_period->currentData().toInt());
    const auto [from, to] = period == Period::Custom
        ? std::pair(m_from->dateTime(), m_to->dateTime())
        : periodRange(period, QDateTime::currentDateTime());
    request.from = from.toMSecsSinceEpoch();
    request.to = to.toMSecsSinceEpoch();
    request.trackBudget = kTrackBudget;
    const QString choice = m_devices->currentData().toString();
    if (m_parts.directory) {
        for (const Device &d : m_parts.directory->devices()) {
            if (choice == u"all:" || choice == QStringLiteral("group:") + d.group
                || choice == QStringLiteral("device:") + d.uniqueId)
                request.uniqueIds << d.uniqueId;
        }
    }
    return request;
}

void ReportsWindow::run()
{
    applyPeriod(); // the edits show the period the report covers
    const ReportRequest request = currentRequest();
    if (request.to <= request.from) {
        m_totals->setText(tr("The period ends before it starts; choose another."));
        return;
    }
    if (request.uniqueIds.isEmpty()) {
        m_totals->setText(tr("There are no devices to report on."));
        return;
    }
    saveSettings();
    delete m_addresses; // the last report's addresses are no longer wanted
    m_addresses = nullptr;
    m_addressStatus->setVisible(false);
    setRunning(true);
    m_totals->setText(tr("Making the report..."));
    m_runner->start(request);
}

void ReportsWindow::cancel()
{
    m_runner->cancel();
}

bool ReportsWindow::isRunning() const
{
    return m_runner->isRunning();
}

void ReportsWindow::setRunning(bool running)
{
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_progress->setVisible(running);
    if (running)
        m_progress->setValue(0);
}

void ReportsWindow::showResult(const ReportResult &result)
{
    setRunning(false);
    m_result = result;
    m_model->setResult(result);
    // Oldest first where the rows have a time (the start, the event, the entry), else by device.
    int timeColumn = 0;
    if (result.kind == ReportKind::Trips || result.kind == ReportKind::Stops)
        timeColumn = 1;
    else if (result.kind == ReportKind::Visits)
        timeColumn = 2;
    m_table->sortByColumn(timeColumn, Qt::AscendingOrder);
    m_table->resizeColumnsToContents();
    m_export->setEnabled(true);
    QStringList totals = ReportPdfWriter::totalsLines(result);
    totals.prepend(tr("%n device(s)", nullptr, int(result.uniqueIds.size())));
    m_totals->setText(totals.join(QStringLiteral(" · ")));

    // Map: every device's track in its colour; the chart: the first device with positions.
    QList<QList<Position>> tracks;
    QList<QColor> colors;
    QList<Position> timeline;
    QString first;
    for (qsizetype i = 0; i < result.uniqueIds.size(); ++i) {
        const QList<Position> track = result.tracks.value(result.uniqueIds.at(i));
        if (track.isEmpty())
            continue;
        if (first.isEmpty())
            first = result.uniqueIds.at(i);
        tracks << track;
        colors << ReportPdfWriter::deviceColor(int(tracks.size() - 1));
        timeline << track;
    }
    m_map->clearTrack();
    FleetDelta noMarkers;
    noMarkers.reset = true;
    m_map->applyDelta(noMarkers);
    if (tracks.size() == 1)
        m_map->setTrack(tracks.first());
    else
        m_map->setOtherTracks(tracks, colors);
    m_map->fitTracks();
    std::stable_sort(timeline.begin(), timeline.end(),
        [](const Position &a, const Position &b) { return a.deviceTime < b.deviceTime; });
    m_replay->setTrack(timeline);
    showDeviceOnChart(first);
    startAddresses();
    emit reportReady();
}

void ReportsWindow::startAddresses()
{
    delete m_addresses;
    m_addresses = nullptr;
    m_addressStatus->setVisible(false);
    if (!m_parts.geocoder || !m_parts.geocoder->isEnabled()
        || (m_result.kind != ReportKind::Trips && m_result.kind != ReportKind::Stops))
        return;
    m_addresses = new ReportAddresses(*m_parts.geocoder, this);
    connect(m_addresses, &ReportAddresses::rowChanged, this,
        [this](int row) { m_model->updateAddresses(m_result, row); });
    connect(m_addresses, &ReportAddresses::progress, this, [this](int answered, int total) {
        m_addressStatus->setText(tr("Addresses: %1 of %2").arg(answered).arg(total));
    });
    connect(m_addresses, &ReportAddresses::finished, m_addressStatus, &QWidget::hide);
    m_addresses->start(&m_result);
    if (m_addresses->total() > 0) {
        m_addressStatus->setText(tr("Addresses: %1 of %2").arg(0).arg(m_addresses->total()));
        m_addressStatus->setVisible(true);
    }
}

void ReportsWindow::showDeviceOnChart(const QString &uniqueId)
{
    if (uniqueId == m_chartDevice && !m_chart->chart().isEmpty())
        return;
    m_chartDevice = uniqueId;
    m_chart->setTrack(m_result.tracks.value(uniqueId));
    m_chart->setHighlight(kNoTime, kNoTime);
}

void ReportsWindow::rowActivated(const QModelIndex &proxyIndex)
{
    if (!proxyIndex.isValid())
        return;
    const QString id = proxyIndex.data(ReportTableModel::UniqueIdRole).toString();
    const TimeMs start = proxyIndex.data(ReportTableModel::StartTimeRole).toLongLong();
    const TimeMs end = proxyIndex.data(ReportTableModel::EndTimeRole).toLongLong();
    showDeviceOnChart(id);
    const bool period = m_result.kind != ReportKind::Summary;
    m_chart->setHighlight(period ? start : kNoTime, period ? end : kNoTime);
    switch (m_result.kind) {
    case ReportKind::Trips:
    case ReportKind::Visits:
        // The trip's own positions at full detail, read in the background.
        m_tracks->load(id, start, end);
        break;
    case ReportKind::Stops: {
        const QVariant lat = proxyIndex.data(ReportTableModel::LatitudeRole);
        const QVariant lon = proxyIndex.data(ReportTableModel::LongitudeRole);
        Position at;
        at.uniqueId = id;
        at.deviceTime = start;
        at.valid = true;
        at.latitude = lat.toDouble();
        at.longitude = lon.toDouble();
        m_map->setReplayPosition(at);
        m_map->setView(QGeoCoordinate(at.latitude, at.longitude), std::max(m_map->zoom(), 15.0));
        break;
    }
    case ReportKind::Summary:
    case ReportKind::Events:
        if (const auto pos = ReplayBar::interpolate(m_result.tracks.value(id), start))
            m_map->setReplayPosition(*pos);
        break;
    }
}

void ReportsWindow::chartHovered(TimeMs t)
{
    if (t == kNoTime)
        return;
    if (const auto pos = ReplayBar::interpolate(m_result.tracks.value(m_chartDevice), t))
        m_map->setReplayPosition(*pos);
}

void ReportsWindow::replayMoved(TimeMs t)
{
    // Every device of the report at that moment, as markers; the chart follows with its cursor.
    FleetDelta delta;
    for (const QString &id : std::as_const(m_result.uniqueIds)) {
        const QList<Position> &track = m_result.tracks[id];
        if (track.isEmpty() || t < track.first().deviceTime)
            continue;
        const auto pos = ReplayBar::interpolate(track, t);
        if (!pos)
            continue;
        DeviceSnapshot s;
        s.device.uniqueId = id;
        s.device.name = m_result.deviceName(id);
        s.status = t > track.last().deviceTime ? ConnectionStatus::Offline
                                               : ConnectionStatus::Online;
        s.activity.hasLocation = true;
        s.activity.latitude = pos->latitude;
        s.activity.longitude = pos->longitude;
        s.activity.course = pos->course;
        s.activity.lastPacketAt = pos->deviceTime;
        s.moving = pos->speedKph >= 3.0;
        delta.changed << s;
    }
    m_map->applyDelta(delta);
    m_chart->setCursorTime(t);
}

bool ReportsWindow::exportTo(const QString &path, const QString &format, QString *error) const
{
    if (format == u"pdf") {
        ReportPdfWriter writer;
        writer.setTileSource(m_map->tileSource());
        return writer.write(m_result, path, error);
    }
    QByteArray bytes;
    if (format == u"csv") {
        bytes = ReportFormatter::toCsv(m_result);
    } else if (format == u"json") {
        bytes = ReportFormatter::toJson(m_result);
    } else {
        // GPX/KML: each trip its own track; other reports, each device's whole track.
        ExportFormat exportFormat = ExportFormat::Gpx;
        exportFormatFromName(format, &exportFormat);
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            if (error)
                *error = file.errorString();
            return false;
        }
        TrackExporter exporter(&file, exportFormat);
        exporter.begin();
        if (m_result.kind == ReportKind::Trips) {
            for (const TripRecord &trip : m_result.trips) {
                exporter.startTrack(tr("%1, %2 - %3")
                        .arg(m_result.deviceName(trip.uniqueId),
                            ReportTableModel::timeText(trip.start),
                            ReportTableModel::timeText(trip.end)));
                for (const Position &p : m_result.tracks.value(trip.uniqueId)) {
                    if (p.deviceTime >= trip.start && p.deviceTime <= trip.end)
                        exporter.add(p);
                }
            }
        } else {
            for (const QString &id : m_result.uniqueIds) {
                exporter.startTrack(m_result.deviceName(id));
                for (const Position &p : m_result.tracks.value(id))
                    exporter.add(p);
            }
        }
        exporter.end();
        if (!file.commit()) {
            if (error)
                *error = file.errorString();
            return false;
        }
        return true;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void ReportsWindow::exportWithDialog(const QString &format)
{
    QSettings settings;
    const QString dir = settings.value(kSettingsGroup + QStringLiteral("exportDir")).toString();
    const QString suggested = dir + QLatin1Char('/') + reportKindId(m_result.kind)
        + QStringLiteral(".") + format;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export report"), suggested,
        tr("%1 files (*.%2)").arg(format.toUpper(), format));
    if (path.isEmpty())
        return;
    settings.setValue(kSettingsGroup + QStringLiteral("exportDir"), QFileInfo(path).absolutePath());
    QString error;
    if (!exportTo(path, format, &error))
        QMessageBox::warning(this, tr("Export report"),
            tr("The report could not be saved to %1: %2").arg(path, error));
}

void ReportsWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(kSettingsGroup + QStringLiteral("kind"), m_kind->currentData());
    settings.setValue(kSettingsGroup + QStringLiteral("devices"), m_devices->currentData());
    settings.setValue(kSettingsGroup + QStringLiteral("period"), m_period->currentData());
    settings.setValue(kSettingsGroup + QStringLiteral("from"), m_from->dateTime());
    settings.setValue(kSettingsGroup + QStringLiteral("to"), m_to->dateTime());
    settings.setValue(kSettingsGroup + QStringLiteral("geometry"), saveGeometry());
    settings.setValue(kSettingsGroup + QStringLiteral("split"), m_split->saveState());
    settings.setValue(kSettingsGroup + QStringLiteral("leftSplit"), m_leftSplit->saveState());
}

void ReportsWindow::restoreSettings()
{
    QSettings settings;
    const auto pick = [&settings](QComboBox *box, const QString &key) {
        const int i = box->findData(settings.value(kSettingsGroup + key));
        if (i >= 0)
            box->setCurrentIndex(i);
    };
    pick(m_kind, QStringLiteral("kind"));
    pick(m_devices, QStringLiteral("devices"));
    m_period->setCurrentIndex(m_period->findData(int(Period::Today)));
    pick(m_period, QStringLiteral("period"));
    if (Period(m_period->currentData().toInt()) == Period::Custom) {
        const QSignalBlocker blocker(m_period);
        m_from->setDateTime(settings.value(kSettingsGroup + QStringLiteral("from")).toDateTime());
        m_to->setDateTime(settings.value(kSettingsGroup + QStringLiteral("to")).toDateTime());
    } else {
        applyPeriod();
    }
    if (!restoreGeometry(settings.value(kSettingsGroup + QStringLiteral("geometry")).toByteArray()))
        resize(1200, 720);
    m_split->restoreState(settings.value(kSettingsGroup + QStringLiteral("split")).toByteArray());
    m_leftSplit->restoreState(
        settings.value(kSettingsGroup + QStringLiteral("leftSplit")).toByteArray());
}

void ReportsWindow::closeEvent(QCloseEvent *event)
{
    m_runner->cancel();
    m_replay->setPlaying(false);
    saveSettings();
    QWidget::closeEvent(event);
}

} // namespace fw
