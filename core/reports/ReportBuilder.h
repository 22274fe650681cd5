#pragma once
// ReportBuilder: runs a ReportRequest over the stored history. One device at a time, its
// positions streamed in device-time order through a TripDetector, so memory follows the number
// of trips and stops and never the number of positions (a month of a thousand devices is ten
// million rows). With enough devices, a helper thread with its own connection takes the second
// half of them, so both cores read. Reports progress as it goes and stops when the progress
// callback says so; the window runs it on a worker thread with that thread's own Database, the
// command line directly.

#include "ReportResult.h"

#include <QHash>

#include <functional>
#include <memory>

namespace fw {

class Database;
class GeofenceIndex;

class ReportBuilder
{
public:
    // Called now and then with the share done (0..1); returning false cancels the report.
    using Progress = std::function<bool(double done)>;

    explicit ReportBuilder(Database &database);
    ~ReportBuilder();
    ReportBuilder(const ReportBuilder &) = delete;
    ReportBuilder &operator=(const ReportBuilder &) = delete;

    // Fills *result; false on a database error or when cancelled (see cancelled()).
    bool run(const ReportRequest &request, ReportResult *result, const Progress &progress = {});
    QString lastError() const { return m_error; }
    bool cancelled() const { return m_cancelled; }

    static constexpr int kProgressEvery = 16384; // positions between two progress calls
    static constexpr int kDevicesPerThread = 2; // fewer devices are not worth a second thread
    // How many connections read side by side (one per core).
    static int parallelReaders();

private:
    bool runDevices(const ReportRequest &request, ReportResult *result);
    bool runSplit(const ReportRequest &request, ReportResult *result, int parts);
    bool runPositions(const ReportRequest &request, const QString &uniqueId, ReportResult *result);
    bool runVisits(const ReportRequest &request, const QString &uniqueId, ReportResult *result);
    bool loadGeofences(ReportResult *result);
    bool runEvents(const ReportRequest &request, const QString &uniqueId, ReportResult *result);
    bool tick(double done);

    Database &m_db;
    Progress m_progress;
    std::unique_ptr<GeofenceIndex> m_geofences; // a visits report's
    QHash<QString, QString> m_groups; // uniqueId -> group, for geofences assigned to a group
    QString m_error;
    bool m_cancelled = false;
    bool m_mayUseHelper = true; // false in the helper itself
    double m_deviceShare = 1.0; // the share of the whole report one device is
    double m_doneBefore = 0.0; // the share of the devices already done
};

} // namespace fw
