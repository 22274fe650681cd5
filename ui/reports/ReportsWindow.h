#pragma once
// ReportsWindow: the operator's reports: pick a report, devices (one, a group, all) and a period;
// the table, a chart of speed (and altitude, battery, fuel) over time, and a map of the tracks
// side by side. Hovering the chart moves a marker along the track; choosing a trip or a stop
// shows it on the map; the replay bar plays every device of the report on one timeline. Reports
// run on a worker thread with progress and Cancel; the result exports as CSV, PDF, GPX or KML.

#include "reports/ReportResult.h"
#include "storage/DatabaseConfig.h"

#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QToolButton;

namespace fw {

class DeviceDirectory;
class MapWidget;
class ReportAddresses;
class ReverseGeocoder;
class ReplayBar;
class ReportChartWidget;
class ReportRunner;
class ReportTableModel;
class TileSource;
class TrackLoader;

class ReportsWindow : public QWidget
{
    Q_OBJECT
public:
    struct Parts
    {
        DatabaseConfig database;
        const DeviceDirectory *directory = nullptr; // the devices to choose from
        TileSource *tiles = nullptr; // the main map's tiles; null = the built-in basemap
        ReverseGeocoder *geocoder = nullptr; // addresses of stops and trip ends; null = none
    };

    explicit ReportsWindow(const Parts &parts, QWidget *parent = nullptr);
    ~ReportsWindow() override;

    void refreshDevices(); // the pickers follow the fleet
    void selectDevice(const QString &uniqueId); // preselects it in the device picker
    ReportRequest currentRequest() const; // what Run would ask for now
    void run();
    void cancel();
    bool isRunning() const;
    bool exportTo(const QString &path, const QString &format, QString *error = nullptr) const;

    // For tests and the screenshots.
    ReportTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    ReportChartWidget *chart() const { return m_chart; }
    MapWidget *map() const { return m_map; }
    ReplayBar *replay() const { return m_replay; }
    QComboBox *kindBox() const { return m_kind; }
    QComboBox *devicesBox() const { return m_devices; }
    QComboBox *periodBox() const { return m_period; }
    QProgressBar *progressBar() const { return m_progress; }
    const ReportResult &result() const { return m_result; }
    QLabel *addressStatus() const { return m_addressStatus; }
    // The service asked for addresses from the next report on; null: none.
    void setGeocoder(ReverseGeocoder *geocoder) { m_parts.geocoder = geocoder; }

signals:
    void reportReady(); // a result is shown
    void reportFailed(const QString &error);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildUi();
    void applyPeriod();
    void showResult(const ReportResult &result);
    void startAddresses();
    void setRunning(bool running);
    void rowActivated(const QModelIndex &proxyIndex);
    void showDeviceOnChart(const QString &uniqueId);
    void chartHovered(TimeMs t);
    void replayMoved(TimeMs t);
    void exportWithDialog(const QString &format);
    void saveSettings() const;
    void restoreSettings();

    Parts m_parts;
    ReportRunner *m_runner = nullptr;
    TrackLoader *m_tracks = nullptr;
    ReportTableModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    ReportResult m_result;
    QString m_chartDevice; // whose track the chart shows
    QComboBox *m_kind = nullptr;
    QComboBox *m_devices = nullptr;
    QComboBox *m_period = nullptr;
    QDateTimeEdit *m_from = nullptr;
    QDateTimeEdit *m_to = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_cancel = nullptr;
    QToolButton *m_export = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_totals = nullptr;
    QLabel *m_addressStatus = nullptr;
    ReportAddresses *m_addresses = nullptr; // this report's lookups; deleting it drops them
    QTableView *m_table = nullptr;
    ReportChartWidget *m_chart = nullptr;
    MapWidget *m_map = nullptr;
    ReplayBar *m_replay = nullptr;
    QSplitter *m_split = nullptr;
    QSplitter *m_leftSplit = nullptr;
};

} // namespace fw
