#include "ReportCommand.h"

#include "Arguments.h"
#include "CliTr.h"
#include "DatabaseOptions.h"
#include "geocoding/ReverseGeocoder.h"
#include "reports/ReportAddresses.h"
#include "reports/ReportBuilder.h"
#include "reports/ReportFormatter.h"
#include "storage/Database.h"
#include "util/Clock.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QSaveFile>
#include <QStandardPaths>

namespace fw::cli {

namespace {
constexpr qsizetype kPdfTrackBudget = 20000; // thinned positions for all devices together

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

// Fills in the addresses of stops and trip ends from a Nominatim-compatible service, at its pace
// of one request a second (answers already in the cache cost none).
bool lookUpAddresses(const QString &url, ReportResult *result, QTextStream &err)
{
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || (parsed.scheme() != u"http" && parsed.scheme() != u"https")) {
        err << CliTr::tr("fleetwatch report: --geocoder needs an http(s) URL, got \"%1\"\n").arg(url);
        return false;
    }
    QNetworkAccessManager network;
    SystemClock clock;
    ReverseGeocoderConfig config;
    config.baseUrl = url;
    config.cacheDirectory = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    ReverseGeocoder geocoder(config, &network, &clock);
    ReportAddresses addresses(geocoder);
    QEventLoop loop;
    QObject::connect(&addresses, &ReportAddresses::finished, &loop, &QEventLoop::quit);
    addresses.start(result);
    if (addresses.total() > 1) {
        err << CliTr::tr("fleetwatch report: looking up %n place(s), about one a second\n", nullptr,
                         addresses.total());
        err.flush();
    }
    loop.exec();
    return true;
}
} // namespace

int runReport(
    const QStringList &arguments, QTextStream &out, QTextStream &err, const Services &services)
{
    QStringList args = arguments;
    std::optional<ReportKind> kind;
    for (qsizetype i = 0; i < args.size() && !kind; ++i) {
        kind = reportKindFromId(args.at(i));
        if (kind)
            args.removeAt(i);
    }
    if (!kind) {
        err << CliTr::tr("fleetwatch report: say which report: trips, stops, summary, events or "
                         "geofences\n");
        return 2;
    }
    Database db;
    if (!openDatabase(args, db, err))
        return 1;
    const QString device = takeOption(args, QStringLiteral("--device"));
    const QString group = takeOption(args, QStringLiteral("--group"));
    const bool all = takeFlag(args, QStringLiteral("--all"));
    ReportRequest request;
    request.kind = *kind;
    request.daily = takeFlag(args, QStringLiteral("--daily"));
    if (!parseTimeOption(args, QStringLiteral("--from"), &request.from, err)
        || !parseTimeOption(args, QStringLiteral("--to"), &request.to, err))
        return 2;
    ReportOptions &options = request.options;
    double minStopS = double(options.minStopMs) / kSecond;
    if (!takeNumber(args, QStringLiteral("--speed-threshold"), &options.speedThresholdKph, err)
        || !takeNumber(args, QStringLiteral("--min-stop"), &minStopS, err)
        || !takeNumber(args, QStringLiteral("--min-trip-distance"), &options.minTripMeters, err))
        return 2;
    options.minStopMs = TimeMs(minStopS * kSecond);
    const QString format = takeOption(args, QStringLiteral("--format"));
    const QString output = takeOption(args, QStringLiteral("--output"));
    const QString geocoderUrl = takeOption(args, QStringLiteral("--geocoder"));
    if (rejectLeftovers(args, QStringLiteral("report"), err))
        return 2;
    if (int(!device.isEmpty()) + int(!group.isEmpty()) + int(all) != 1) {
        err << CliTr::tr("fleetwatch report: choose one of --device ID, --group G or --all\n");
        return 2;
    }
    if (request.from == kNoTime || request.to == kNoTime || request.to <= request.from) {
        err << CliTr::tr("fleetwatch report: --from and --to are needed, --to after --from\n");
        return 2;
    }
    if (!format.isEmpty() && format != u"json" && format != u"csv" && format != u"pdf") {
        err << CliTr::tr("fleetwatch report: --format json, csv or pdf, not \"%1\"\n").arg(format);
        return 2;
    }
    if (format == u"pdf" && output.isEmpty()) {
        err << CliTr::tr("fleetwatch report: a PDF report needs --output FILE\n");
        return 2;
    }
    if (format == u"pdf" && !services.writeReportPdf) {
        err << CliTr::tr("fleetwatch report: this build cannot write PDF\n");
        return 1;
    }

    for (const Device &d : db.devices()) {
        if (all || d.uniqueId == device || (!group.isEmpty() && d.group == group))
            request.uniqueIds << d.uniqueId;
    }
    if (!device.isEmpty() && request.uniqueIds.isEmpty()) {
        err << CliTr::tr("fleetwatch report: no device \"%1\"\n").arg(device);
        return 1;
    }
    if (format == u"pdf")
        request.trackBudget = kPdfTrackBudget; // the PDF's map picture and charts
    ReportBuilder builder(db);
    ReportResult result;
    if (!builder.run(request, &result)) {
        err << "fleetwatch report: " << builder.lastError() << '\n';
        return 1;
    }
    if (!geocoderUrl.isEmpty() && !lookUpAddresses(geocoderUrl, &result, err))
        return 1;
    if (format == u"pdf") {
        QString error;
        if (!services.writeReportPdf(result, output, &error)) {
            err << CliTr::tr("fleetwatch report: cannot write %1: %2\n").arg(output, error);
            return 1;
        }
        return 0;
    }
    const QByteArray bytes
        = format == u"csv" ? ReportFormatter::toCsv(result) : ReportFormatter::toJson(result);
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
