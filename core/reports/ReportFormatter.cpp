#include "ReportFormatter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace fw {

namespace {
double rounded(double v, int decimals)
{
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}

QString num(double v, int decimals)
{
    return QString::number(v, 'f', decimals);
}

QJsonValue isoOrNull(TimeMs t)
{
    return t == kNoTime ? QJsonValue() : QJsonValue(toIso(t));
}

QJsonObject summaryJson(const SummaryRecord &s)
{
    QJsonObject o { { QStringLiteral("uniqueId"), s.uniqueId },
        { QStringLiteral("distanceKm"), rounded(s.distanceKm, 3) },
        { QStringLiteral("maxSpeedKph"), rounded(s.maxSpeedKph, 1) },
        { QStringLiteral("avgSpeedKph"), rounded(s.avgSpeedKph, 1) },
        { QStringLiteral("movingS"), s.movingS },
        { QStringLiteral("engineHoursS"), s.engineHoursS }, { QStringLiteral("trips"), s.trips } };
    if (s.day.isValid())
        o.insert(QStringLiteral("day"), s.day.toString(Qt::ISODate));
    return o;
}

QJsonArray rowsJson(const ReportResult &r)
{
    QJsonArray rows;
    switch (r.kind) {
    case ReportKind::Trips:
        for (const TripRecord &t : r.trips) {
            QJsonObject row { { QStringLiteral("uniqueId"), t.uniqueId },
                { QStringLiteral("start"), toIso(t.start) },
                { QStringLiteral("end"), toIso(t.end) }, { QStringLiteral("startLat"), t.startLat },
                { QStringLiteral("startLon"), t.startLon }, { QStringLiteral("endLat"), t.endLat },
                { QStringLiteral("endLon"), t.endLon },
                { QStringLiteral("distanceKm"), rounded(t.distanceKm, 3) },
                { QStringLiteral("maxSpeedKph"), rounded(t.maxSpeedKph, 1) },
                { QStringLiteral("avgSpeedKph"), rounded(t.avgSpeedKph, 1) },
                { QStringLiteral("durationS"), t.durationS() } };
            if (r.hasAddresses) {
                row.insert(QStringLiteral("startAddress"), t.startAddress);
                row.insert(QStringLiteral("endAddress"), t.endAddress);
            }
            rows.append(row);
        }
        break;
    case ReportKind::Stops:
        for (const StopRecord &s : r.stops) {
            QJsonObject row { { QStringLiteral("uniqueId"), s.uniqueId },
                { QStringLiteral("start"), toIso(s.start) },
                { QStringLiteral("end"), toIso(s.end) }, { QStringLiteral("lat"), s.lat },
                { QStringLiteral("lon"), s.lon }, { QStringLiteral("durationS"), s.durationS() } };
            if (r.hasAddresses)
                row.insert(QStringLiteral("address"), s.address);
            rows.append(row);
        }
        break;
    case ReportKind::Summary:
        for (const SummaryRecord &s : r.summary)
            rows.append(summaryJson(s));
        break;
    case ReportKind::Events:
        for (const DeviceEvent &e : r.events)
            rows.append(QJsonObject { { QStringLiteral("uniqueId"), e.uniqueId },
                { QStringLiteral("time"), toIso(e.time) },
                { QStringLiteral("type"), eventTypeId(e.type) }, { QStringLiteral("text"), e.text },
                { QStringLiteral("attributes"), e.attributes.toJson() } });
        break;
    case ReportKind::Visits:
        for (const VisitRecord &v : r.visits)
            rows.append(QJsonObject { { QStringLiteral("uniqueId"), v.uniqueId },
                { QStringLiteral("geofence"), v.geofence },
                { QStringLiteral("enter"), toIso(v.enter) },
                { QStringLiteral("exit"), isoOrNull(v.exit) },
                { QStringLiteral("durationS"), v.durationS() } });
        break;
    }
    return rows;
}
} // namespace

QString ReportFormatter::rootKey(ReportKind kind)
{
    return kind == ReportKind::Visits ? QStringLiteral("visits") : reportKindId(kind);
}

QByteArray ReportFormatter::toJson(const ReportResult &r)
{
    QJsonObject root { { rootKey(r.kind), rowsJson(r) } };
    if (r.kind == ReportKind::Trips || r.kind == ReportKind::Stops) {
        // Periods without data: neither trips nor stops, listed so nothing is silently missing.
        QJsonArray gaps;
        for (const GapRecord &g : r.gaps)
            gaps.append(QJsonObject { { QStringLiteral("uniqueId"), g.uniqueId },
                { QStringLiteral("start"), toIso(g.start) },
                { QStringLiteral("end"), toIso(g.end) } });
        root.insert(QStringLiteral("gaps"), gaps);
    }
    if (r.kind == ReportKind::Summary && r.summary.size() > 1) {
        QJsonObject total = summaryJson(r.total());
        total.remove(QStringLiteral("uniqueId"));
        root.insert(QStringLiteral("total"), total);
    }
    if (r.kind == ReportKind::Visits)
        root.insert(QStringLiteral("hasGeofences"), r.hasGeofences);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray ReportFormatter::toCsv(const ReportResult &r)
{
    QStringList lines;
    const QLatin1Char comma(',');
    // Texts (event texts, geofence names) are quoted when they hold a separator or a quote.
    const auto field = [](const QString &text) -> QString {
        if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"'))
            && !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
            return text;
        QString quoted = text;
        quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        return QStringLiteral("\"") + quoted + QStringLiteral("\"");
    };
    switch (r.kind) {
    case ReportKind::Trips:
        lines << QStringLiteral("uniqueId,start,end,startLat,startLon,endLat,endLon,distanceKm,"
                                "maxSpeedKph,avgSpeedKph,durationS")
                + (r.hasAddresses ? QStringLiteral(",startAddress,endAddress") : QString());
        for (const TripRecord &t : r.trips) {
            QStringList row { field(t.uniqueId), toIso(t.start), toIso(t.end), num(t.startLat, 6),
                num(t.startLon, 6), num(t.endLat, 6), num(t.endLon, 6), num(t.distanceKm, 3),
                num(t.maxSpeedKph, 1), num(t.avgSpeedKph, 1), QString::number(t.durationS()) };
            if (r.hasAddresses)
                row << field(t.startAddress) << field(t.endAddress);
            lines << row.join(comma);
        }
        break;
    case ReportKind::Stops:
        lines << QStringLiteral("uniqueId,start,end,lat,lon,durationS")
                + (r.hasAddresses ? QStringLiteral(",address") : QString());
        for (const StopRecord &s : r.stops) {
            QStringList row { field(s.uniqueId), toIso(s.start), toIso(s.end), num(s.lat, 6),
                num(s.lon, 6), QString::number(s.durationS()) };
            if (r.hasAddresses)
                row << field(s.address);
            lines << row.join(comma);
        }
        break;
    case ReportKind::Summary: {
        const bool daily = !r.summary.isEmpty() && r.summary.first().day.isValid();
        lines << (daily ? QStringLiteral("uniqueId,day,") : QStringLiteral("uniqueId,"))
                + QStringLiteral("distanceKm,maxSpeedKph,avgSpeedKph,movingS,engineHoursS,trips");
        for (const SummaryRecord &s : r.summary) {
            QStringList row { field(s.uniqueId) };
            if (daily)
                row << s.day.toString(Qt::ISODate);
            row << num(s.distanceKm, 3) << num(s.maxSpeedKph, 1) << num(s.avgSpeedKph, 1)
                << QString::number(s.movingS) << QString::number(s.engineHoursS)
                << QString::number(s.trips);
            lines << row.join(comma);
        }
        break;
    }
    case ReportKind::Events:
        lines << QStringLiteral("uniqueId,time,type,text");
        for (const DeviceEvent &e : r.events)
            lines << QStringList { field(e.uniqueId), toIso(e.time), eventTypeId(e.type),
                field(e.text) }
                         .join(comma);
        break;
    case ReportKind::Visits:
        lines << QStringLiteral("uniqueId,geofence,enter,exit,durationS");
        for (const VisitRecord &v : r.visits)
            lines << QStringList { field(v.uniqueId), field(v.geofence), toIso(v.enter),
                v.exit == kNoTime ? QString() : toIso(v.exit), QString::number(v.durationS()) }
                         .join(comma);
        break;
    }
    return (lines.join(QStringLiteral("\r\n")) + QStringLiteral("\r\n")).toUtf8();
}

} // namespace fw
