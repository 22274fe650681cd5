#include "ReportBuilder.h"

#include "ReportsTr.h"
#include "TrackDecimator.h"
#include "TripDetector.h"
#include "VisitTracker.h"

#include "alerts/AlertStore.h"
#include "geo/GeofenceIndex.h"

#include "storage/AttributesJson.h"
#include "storage/Database.h"
#include "storage/HistoryReader.h"

#include <QDateTime>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <optional>

namespace fw {

namespace {
// The thinned track of one device when the request wants tracks (map, chart, PDF): its share of
// the budget, at least 50 positions.
std::optional<TrackDecimator> thinnedTrack(const ReportRequest &request, const QString &uniqueId)
{
    if (request.trackBudget <= 0)
        return std::nullopt;
    const qsizetype devices = std::max<qsizetype>(1, request.uniqueIds.size());
    return TrackDecimator(uniqueId, std::max<qsizetype>(50, request.trackBudget / devices / 2));
}

void keepTrack(std::optional<TrackDecimator> &track, const QString &uniqueId, ReportResult *result)
{
    if (!track)
        return;
    QList<Position> kept = track->take();
    if (!kept.isEmpty())
        result->tracks.insert(uniqueId, std::move(kept));
}

// The first millisecond of the local calendar day after the one `t` falls on.
TimeMs nextLocalMidnight(TimeMs t)
{
    const QDate day = QDateTime::fromMSecsSinceEpoch(t).date();
    return day.addDays(1).startOfDay().toMSecsSinceEpoch();
}
} // namespace

ReportBuilder::ReportBuilder(Database &database)
    : m_db(database)
{ }

ReportBuilder::~ReportBuilder() = default;

bool ReportBuilder::loadGeofences(ReportResult *result)
{
    AlertStore store(m_db);
    const std::optional<QList<Geofence>> fences = store.geofences();
    if (!fences) {
        m_error = store.lastError();
        return false;
    }
    m_geofences = std::make_unique<GeofenceIndex>();
    m_geofences->rebuild(*fences);
    result->hasGeofences = m_geofences->size() > 0;
    return true;
}

namespace {

// A report reads each page once, so on SQLite it reads through a small page cache: its memory then
// does not grow with the positions it reads (the mapped file and the OS cache serve the pages).
// The connection gets the session's cache back afterwards. PostgreSQL has no such cache per
// connection.
class ScanPageCache
{
public:
    explicit ScanPageCache(Database &db)
        : m_db(db.dialect().isPostgres() ? nullptr : &db)
    {
        set(SqlDialect::kSqliteScanPageCacheKiB);
    }
    ~ScanPageCache() { set(SqlDialect::kSqlitePageCacheKiB); }
    ScanPageCache(const ScanPageCache &) = delete;
    ScanPageCache &operator=(const ScanPageCache &) = delete;

private:
    void set(int kib)
    {
        if (m_db && m_db->isOpen())
            m_db->exec(QStringLiteral("PRAGMA cache_size = -%1").arg(kib));
    }

    Database *m_db;
};

} // namespace

bool ReportBuilder::tick(double done)
{
    if (m_progress && !m_progress(std::clamp(done, 0.0, 1.0)))
        m_cancelled = true;
    return !m_cancelled;
}

bool ReportBuilder::run(
    const ReportRequest &request, ReportResult *result, const Progress &progress)
{
    m_progress = progress;
    m_error.clear();
    const ScanPageCache scanCache(m_db);
    m_cancelled = false;
    *result = ReportResult();
    result->kind = request.kind;
    result->from = request.from;
    result->to = request.to;
    result->uniqueIds = request.uniqueIds;
    m_groups.clear();
    for (const Device &d : m_db.devices()) {
        if (request.uniqueIds.contains(d.uniqueId)) {
            result->deviceNames.insert(d.uniqueId, d.name);
            m_groups.insert(d.uniqueId, d.group);
        }
    }
    if (request.kind == ReportKind::Visits && (!loadGeofences(result) || !result->hasGeofences))
        return result->hasGeofences || m_error.isEmpty();
    // More cores: slices of the devices on helper threads, each with a connection of its own
    // (SQLite in WAL mode and PostgreSQL both serve readers side by side).
    const int parts = m_mayUseHelper && request.kind != ReportKind::Events
            && m_db.config().path() != u":memory:"
        ? std::min<int>(parallelReaders(), int(request.uniqueIds.size() / kDevicesPerThread))
        : 1;
    if (parts > 1)
        return runSplit(request, result, parts);
    return runDevices(request, result);
}

int ReportBuilder::parallelReaders()
{
    // One per core: on this machine's 2 cores a third or fourth PostgreSQL connection was not
    // faster (report_bench), the server's own work competing for the same cores.
    return int(std::max(1U, std::thread::hardware_concurrency()));
}

bool ReportBuilder::runDevices(const ReportRequest &request, ReportResult *result)
{
    const qsizetype devices = request.uniqueIds.size();
    m_deviceShare = devices > 0 ? 1.0 / double(devices) : 1.0;
    for (qsizetype i = 0; i < devices; ++i) {
        m_doneBefore = double(i) * m_deviceShare;
        if (!tick(m_doneBefore))
            break;
        const QString &id = request.uniqueIds.at(i);
        bool ok = false;
        if (request.kind == ReportKind::Events)
            ok = runEvents(request, id, result);
        else if (request.kind == ReportKind::Visits)
            ok = runVisits(request, id, result);
        else
            ok = runPositions(request, id, result);
        if (!ok)
            return false;
        if (m_cancelled)
            break;
    }
    if (m_cancelled) {
        m_error = ReportsTr::tr("The report was cancelled.");
        return false;
    }
    tick(1.0);
    return true;
}

bool ReportBuilder::runSplit(const ReportRequest &request, ReportResult *result, int parts)
{
    // Consecutive slices of the devices: this thread takes the first, a helper each of the others,
    // and the results are joined in slice order, as one device at a time would give them.
    struct Helper
    {
        ReportRequest request;
        ReportResult result;
        QString error;
        bool ok = false;
        std::atomic<double> done { 0.0 };
        std::atomic<bool> finished { false };
        std::thread thread;
    };
    const qsizetype devices = request.uniqueIds.size();
    const auto slice = [&](int part) {
        ReportRequest r = request;
        const qsizetype from = devices * part / parts;
        r.uniqueIds = request.uniqueIds.mid(from, devices * (part + 1) / parts - from);
        r.trackBudget = request.trackBudget / parts;
        return r;
    };
    std::atomic<bool> stop { false };
    const DatabaseConfig config = m_db.config();
    std::vector<std::unique_ptr<Helper>> helpers;
    for (int part = 1; part < parts; ++part) {
        auto helper = std::make_unique<Helper>();
        helper->request = slice(part);
        Helper *h = helper.get();
        helper->thread = std::thread([h, &stop, &config] {
            Database db;
            if (db.open(config)) {
                ReportBuilder builder(db);
                builder.m_mayUseHelper = false;
                h->ok = builder.run(h->request, &h->result, [h, &stop](double done) {
                    h->done.store(done);
                    return !stop.load();
                });
                if (!h->ok)
                    h->error = builder.lastError();
            } else {
                h->error = db.lastError();
            }
            h->finished.store(true);
        });
        helpers.push_back(std::move(helper));
    }
    // Progress is the mean of all slices; a cancel reaches the helpers through `stop`.
    const Progress outer = m_progress;
    m_progress = [&](double done) {
        for (const auto &h : helpers)
            done += h->done.load();
        const bool go = !outer || outer(done / double(parts));
        if (!go)
            stop.store(true);
        return go;
    };
    const bool ok = runDevices(slice(0), result);
    if (!ok)
        stop.store(true);
    const auto allFinished = [&] {
        return std::all_of(helpers.cbegin(), helpers.cend(),
            [](const std::unique_ptr<Helper> &h) { return h->finished.load(); });
    };
    while (!allFinished()) { // this thread's slice is done: answer progress and cancel
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (ok && !tick(1.0))
            stop.store(true);
    }
    for (const auto &h : helpers)
        h->thread.join();
    m_progress = outer;
    if (!ok)
        return false;
    for (const auto &h : helpers) {
        if (!h->ok) {
            m_cancelled = m_cancelled || stop.load();
            m_error = m_cancelled ? ReportsTr::tr("The report was cancelled.") : h->error;
            return false;
        }
    }
    for (const auto &h : helpers) {
        ReportResult &part = h->result;
        result->trips << part.trips;
        result->stops << part.stops;
        result->gaps << part.gaps;
        result->summary << part.summary;
        result->visits << part.visits;
        result->events << part.events;
        result->positionsRead += part.positionsRead;
        for (auto it = part.tracks.begin(); it != part.tracks.end(); ++it)
            result->tracks.insert(it.key(), std::move(it.value()));
    }
    tick(1.0);
    return true;
}

bool ReportBuilder::runPositions(
    const ReportRequest &request, const QString &uniqueId, ReportResult *result)
{
    // A daily summary runs one detector per local day; the last position of the day before
    // starts the next day's, so the way driven across midnight counts on the day it ends.
    std::optional<TripDetector> detector(std::in_place, uniqueId, request.options);
    TimeMs dayEnd = kNoTime;
    QDate day;
    std::optional<TripDetector::Sample> last;
    // A summary keeps only its rows: the fleet's trips and stops would grow with the period.
    const bool keepTrips = request.kind == ReportKind::Trips;
    const bool keepStops = request.kind == ReportKind::Stops;
    const auto closeDetector = [&] {
        detector->finish();
        if (keepTrips)
            result->trips << detector->trips();
        if (keepStops)
            result->stops << detector->stops();
        if (keepTrips || keepStops)
            result->gaps << detector->gaps();
        SummaryRecord summary = detector->summary();
        summary.day = day;
        result->summary << summary;
    };
    const double span = request.to > request.from ? double(request.to - request.from) : 1.0;
    qint64 seen = 0;
    std::optional<TrackDecimator> track = thinnedTrack(request, uniqueId);
    static constexpr QByteArrayView kOdometer("odometer");
    static constexpr QByteArrayView kIgnition("ignition");
    const bool ok = HistoryReader(m_db).forEachSample(uniqueId, request.from, request.to,
        track ? SampleColumns::All : SampleColumns::Motion, [&](const TrackSample &s) {
            if (++seen % kProgressEvery == 0) {
                const double within
                    = s.time == kNoTime ? 0.0 : double(s.time - request.from) / span;
                if (!tick(m_doneBefore + m_deviceShare * within))
                    return false;
            }
            if (track)
                track->add(s);
            if (!s.hasCoordinates() || s.time == kNoTime)
                return true;
            TripDetector::Sample p;
            p.time = s.time;
            p.lat = s.latitude;
            p.lon = s.longitude;
            p.speedKph = s.speedKph;
            if (!s.attributes.isEmpty()) {
                p.odometer = AttributesJson::findNumber(s.attributes, kOdometer);
                p.ignition = AttributesJson::findBool(s.attributes, kIgnition);
            }
            if (request.daily) {
                if (dayEnd == kNoTime) {
                    day = QDateTime::fromMSecsSinceEpoch(p.time).date();
                    dayEnd = nextLocalMidnight(p.time);
                } else if (p.time >= dayEnd) {
                    closeDetector();
                    detector.emplace(uniqueId, request.options);
                    day = QDateTime::fromMSecsSinceEpoch(p.time).date();
                    dayEnd = nextLocalMidnight(p.time);
                    if (last)
                        detector->add(*last);
                }
                last = p;
            }
            detector->add(p);
            return true;
        });
    result->positionsRead += seen;
    if (!ok) {
        m_error = m_db.lastError();
        return false;
    }
    if (!m_cancelled && (!request.daily || dayEnd != kNoTime))
        closeDetector();
    keepTrack(track, uniqueId, result);
    return true;
}

bool ReportBuilder::runVisits(
    const ReportRequest &request, const QString &uniqueId, ReportResult *result)
{
    const QString group = m_groups.value(uniqueId);
    std::vector<bool> applies(static_cast<std::size_t>(m_geofences->size()));
    for (int i = 0; i < m_geofences->size(); ++i) {
        const QString &assigned = m_geofences->geofence(i).group;
        applies[static_cast<std::size_t>(i)] = assigned.isEmpty() || assigned == group;
    }
    VisitTracker tracker(uniqueId, *m_geofences, std::move(applies));
    std::optional<TrackDecimator> track = thinnedTrack(request, uniqueId);
    const double span = request.to > request.from ? double(request.to - request.from) : 1.0;
    qint64 seen = 0;
    const bool ok = HistoryReader(m_db).forEachSample(uniqueId, request.from, request.to,
        track ? SampleColumns::All : SampleColumns::Motion, [&](const TrackSample &s) {
            if (++seen % kProgressEvery == 0 && s.time != kNoTime
                && !tick(m_doneBefore + m_deviceShare * double(s.time - request.from) / span))
                return false;
            if (track)
                track->add(s);
            if (s.hasCoordinates())
                tracker.add(s.time, s.latitude, s.longitude);
            return true;
        });
    result->positionsRead += seen;
    if (!ok) {
        m_error = m_db.lastError();
        return false;
    }
    tracker.finish();
    result->visits << tracker.visits();
    keepTrack(track, uniqueId, result);
    return true;
}

bool ReportBuilder::runEvents(
    const ReportRequest &request, const QString &uniqueId, ReportResult *result)
{
    qint64 seen = 0;
    const bool ok
        = m_db.forEachEvent(uniqueId, request.from, request.to, [&](const DeviceEvent &e) {
              if (++seen % kProgressEvery == 0 && !tick(m_doneBefore))
                  return false;
              result->events << e;
              return true;
          });
    if (!ok) {
        m_error = m_db.lastError();
        return false;
    }
    return true;
}

} // namespace fw
