#include "ReportCommand.h"

#include "Arguments.h"
#include "CliTr.h"
#include "DatabaseOptions.h"
#include "reports/TripDetector.h"
#include "storage/Database.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace fw::cli {

namespace {
const QStringList kKinds
    = { QStringLiteral("trips"), QStringLiteral("stops"), QStringLiteral("summary") };

struct Results
{
    QList<TripRecord> trips;
    QList<StopRecord> stops;
    QList<GapRecord> gaps;
    QList<SummaryRecord> summary;
};

double rounded(double v, int decimals)
{
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}

QByteArray asJson(const QString &kind, const Results &r)
{
    QJsonArray rows;
    if (kind == u"trips") {
        for (const TripRecord &t : r.trips)
            rows.append(QJsonObject { { QStringLiteral("uniqueId"), t.uniqueId },
                { QStringLiteral("start"), toIso(t.start) },
                { QStringLiteral("end"), toIso(t.end) }, { QStringLiteral("startLat"), t.startLat },
                { QStringLiteral("startLon"), t.startLon }, { QStringLiteral("endLat"), t.endLat },
                { QStringLiteral("endLon"), t.endLon },
                { QStringLiteral("distanceKm"), rounded(t.distanceKm, 3) },
                { QStringLiteral("maxSpeedKph"), rounded(t.maxSpeedKph, 1) },
                { QStringLiteral("avgSpeedKph"), rounded(t.avgSpeedKph, 1) },
                { QStringLiteral("durationS"), t.durationS() } });
    } else if (kind == u"stops") {
        for (const StopRecord &s : r.stops)
            rows.append(QJsonObject { { QStringLiteral("uniqueId"), s.uniqueId },
                { QStringLiteral("start"), toIso(s.start) },
                { QStringLiteral("end"), toIso(s.end) }, { QStringLiteral("lat"), s.lat },
                { QStringLiteral("lon"), s.lon }, { QStringLiteral("durationS"), s.durationS() } });
    } else {
        for (const SummaryRecord &s : r.summary)
            rows.append(QJsonObject { { QStringLiteral("uniqueId"), s.uniqueId },
                { QStringLiteral("distanceKm"), rounded(s.distanceKm, 3) },
                { QStringLiteral("maxSpeedKph"), rounded(s.maxSpeedKph, 1) },
                { QStringLiteral("avgSpeedKph"), rounded(s.avgSpeedKph, 1) },
                { QStringLiteral("movingS"), s.movingS },
                { QStringLiteral("engineHoursS"), s.engineHoursS },
                { QStringLiteral("trips"), s.trips } });
    }
    QJsonObject root { { kind, rows } };
    if (kind != u"summary") {
        // Periods without data: neither trips nor stops, listed so nothing is silently missing.
        QJsonArray gaps;
        for (const GapRecord &g : r.gaps)
            gaps.append(QJsonObject { { QStringLiteral("uniqueId"), g.uniqueId },
                { QStringLiteral("start"), toIso(g.start) },
                { QStringLiteral("end"), toIso(g.end) } });
        root.insert(QStringLiteral("gaps"), gaps);
    }
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray asCsv(const QString &kind, const Results &r)
{
    QStringList lines;
    const auto num = [](double v, int decimals) { return QString::number(v, 'f', decimals); };
    if (kind == u"trips") {
        lines << QStringLiteral("uniqueId,start,end,startLat,startLon,endLat,endLon,distanceKm,"
                                "maxSpeedKph,avgSpeedKph,durationS");
        for (const TripRecord &t : r.trips)
            lines << QStringList { t.uniqueId, toIso(t.start), toIso(t.end), num(t.startLat, 6),
                num(t.startLon, 6), num(t.endLat, 6), num(t.endLon, 6), num(t.distanceKm, 3),
                num(t.maxSpeedKph, 1), num(t.avgSpeedKph, 1), QString::number(t.durationS()) }
                         .join(QLatin1Char(','));
    } else if (kind == u"stops") {
        lines << QStringLiteral("uniqueId,start,end,lat,lon,durationS");
        for (const StopRecord &s : r.stops)
            lines << QStringList { s.uniqueId, toIso(s.start), toIso(s.end), num(s.lat, 6),
                num(s.lon, 6), QString::number(s.durationS()) }
                         .join(QLatin1Char(','));
    } else {
        lines << QStringLiteral(
            "uniqueId,distanceKm,maxSpeedKph,avgSpeedKph,movingS,engineHoursS,trips");
        for (const SummaryRecord &s : r.summary)
            lines << QStringList { s.uniqueId, num(s.distanceKm, 3), num(s.maxSpeedKph, 1),
                num(s.avgSpeedKph, 1), QString::number(s.movingS), QString::number(s.engineHoursS),
                QString::number(s.trips) }
                         .join(QLatin1Char(','));
    }
    return (lines.join(QStringLiteral("\r\n")) + QStringLiteral("\r\n")).toUtf8();
}

bool takeNumber(QStringList &args, const QString &name, double *out, QTextStream &err)
{
    bool present = false;
    const QString text = takeOption(args, name, &present);
    if (!present)
        return true;
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || v < 0) {
        err << CliTr::tr("fleetwatch report: %1 needs a number of at least 0, not \"%2\"\n")
                   .arg(name, text);
        return false;
    }
    *out = v;
    return true;
}
} // namespace

int runReport(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList args = arguments;
    QString kind;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (kKinds.contains(args.at(i))) {
            kind = args.takeAt(i);
            break;
        }
    }
    if (kind.isEmpty()) {
        err << CliTr::tr("fleetwatch report: say which report: trips, stops or summary\n");
        return 2;
    }
    Database db;
    if (!openDatabase(args, db, err))
        return 1;
    const QString device = takeOption(args, QStringLiteral("--device"));
    const QString group = takeOption(args, QStringLiteral("--group"));
    const bool all = takeFlag(args, QStringLiteral("--all"));
    TimeMs from = kNoTime, to = kNoTime;
    if (!parseTimeOption(args, QStringLiteral("--from"), &from, err)
        || !parseTimeOption(args, QStringLiteral("--to"), &to, err))
        return 2;
    ReportOptions options;
    double minStopS = double(options.minStopMs) / kSecond;
    if (!takeNumber(args, QStringLiteral("--speed-threshold"), &options.speedThresholdKph, err)
        || !takeNumber(args, QStringLiteral("--min-stop"), &minStopS, err)
        || !takeNumber(args, QStringLiteral("--min-trip-distance"), &options.minTripMeters, err))
        return 2;
    options.minStopMs = TimeMs(minStopS * kSecond);
    const QString format = takeOption(args, QStringLiteral("--format"));
    const QString output = takeOption(args, QStringLiteral("--output"));
    if (rejectLeftovers(args, QStringLiteral("report"), err))
        return 2;
    if (int(!device.isEmpty()) + int(!group.isEmpty()) + int(all) != 1) {
        err << CliTr::tr("fleetwatch report: choose one of --device ID, --group G or --all\n");
        return 2;
    }
    if (from == kNoTime || to == kNoTime || to <= from) {
        err << CliTr::tr("fleetwatch report: --from and --to are needed, --to after --from\n");
        return 2;
    }
    if (!format.isEmpty() && format != u"json" && format != u"csv") {
        err << CliTr::tr("fleetwatch report: --format json or csv (PDF reports come with the "
                         "window's Reports view)\n");
        return 2;
    }

    QStringList ids;
    for (const Device &d : db.devices()) {
        if (all || d.uniqueId == device || (!group.isEmpty() && d.group == group))
            ids << d.uniqueId;
    }
    if (!device.isEmpty() && ids.isEmpty()) {
        err << CliTr::tr("fleetwatch report: no device \"%1\"\n").arg(device);
        return 1;
    }
    Results results;
    for (const QString &id : std::as_const(ids)) {
        // One device at a time, its positions streamed in device-time order: memory follows the
        // number of trips and stops, not of positions.
        TripDetector detector(id, options);
        const bool ok = db.forEachPosition(id, from, to, [&detector](const Position &p) {
            detector.add(p);
            return true;
        });
        if (!ok) {
            err << "fleetwatch report: " << db.lastError() << '\n';
            return 1;
        }
        detector.finish();
        results.trips << detector.trips();
        results.stops << detector.stops();
        results.gaps << detector.gaps();
        results.summary << detector.summary();
    }
    const QByteArray bytes = format == u"csv" ? asCsv(kind, results) : asJson(kind, results);
    if (output.isEmpty()) {
        out << QString::fromUtf8(bytes);
        return 0;
    }
    QSaveFile file(output);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        err << CliTr::tr("fleetwatch report: cannot write %1: %2\n")
                   .arg(output, file.errorString());
        return 1;
    }
    return 0;
}

} // namespace fw::cli
