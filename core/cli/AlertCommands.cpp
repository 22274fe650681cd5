#include "AlertCommands.h"

#include "AccessCommands.h"

#include "Arguments.h"
#include "CliTr.h"
#include "DatabaseOptions.h"
#include "alerts/AlertStore.h"
#include "geo/GeofenceImport.h"
#include "geo/GeofenceIndex.h"
#include "status/ConnectionStatus.h"
#include "storage/Database.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace fw::cli {

namespace {
QString compactJson(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// A number option; false with the reason printed when present and not a number >= minimum.
bool numberOption(QStringList &args, const QString &name, double *out, QTextStream &err,
                  double minimum = 0.0)
{
    bool present = false;
    const QString text = takeOption(args, name, &present);
    if (!present)
        return true;
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < minimum) {
        err << CliTr::tr("fleetwatch: %1 needs a number, got \"%2\"\n").arg(name, text);
        return false;
    }
    *out = v;
    return true;
}

QString osUser()
{
    for (const char *name : { "USER", "LOGNAME", "USERNAME" }) {
        const QString v = qEnvironmentVariable(name);
        if (!v.isEmpty())
            return v;
    }
    return CliTr::tr("unknown");
}

int geofenceAdd(QStringList &args, AlertStore &store, QTextStream &out, QTextStream &err)
{
    Geofence g;
    g.name = takeOption(args, QStringLiteral("--name"));
    bool hasCircle = false, hasPolygon = false, hasCorridor = false;
    const QString circle = takeOption(args, QStringLiteral("--circle"), &hasCircle);
    const QString polygon = takeOption(args, QStringLiteral("--polygon"), &hasPolygon);
    const QString corridor = takeOption(args, QStringLiteral("--corridor"), &hasCorridor);
    if (!numberOption(args, QStringLiteral("--width"), &g.widthM, err)
        || !numberOption(args, QStringLiteral("--speed-limit"), &g.speedLimitKph, err))
        return 2;
    g.group = takeOption(args, QStringLiteral("--group"));
    g.devices = takeOption(args, QStringLiteral("--devices"))
                    .split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString &d : g.devices)
        d = d.trimmed();
    if (rejectLeftovers(args, QStringLiteral("geofences add"), err))
        return 2;
    if (int(hasCircle) + int(hasPolygon) + int(hasCorridor) != 1) {
        err << CliTr::tr("fleetwatch geofences add: give one of --circle LAT,LON,RADIUS_M, "
                         "--polygon \"LAT LON, ...\" or --corridor \"LAT LON, ...\" --width M\n");
        return 2;
    }
    if (hasCircle) {
        const QStringList parts = circle.split(QLatin1Char(','));
        bool ok1 = false, ok2 = false, ok3 = false;
        if (parts.size() == 3) {
            g.points = { { parts.at(0).trimmed().toDouble(&ok1),
                           parts.at(1).trimmed().toDouble(&ok2) } };
            g.radiusM = parts.at(2).trimmed().toDouble(&ok3);
        }
        if (!ok1 || !ok2 || !ok3) {
            err << CliTr::tr("fleetwatch geofences add: --circle needs LAT,LON,RADIUS_M, got "
                             "\"%1\"\n")
                       .arg(circle);
            return 2;
        }
        g.kind = GeofenceKind::Circle;
    } else {
        const auto points = Geofence::parsePointList(hasPolygon ? polygon : corridor);
        if (!points) {
            err << CliTr::tr("fleetwatch geofences add: %1 needs \"LAT LON, LAT LON, ...\"\n")
                       .arg(hasPolygon ? QStringLiteral("--polygon")
                                       : QStringLiteral("--corridor"));
            return 2;
        }
        g.points = *points;
        g.kind = hasPolygon ? GeofenceKind::Polygon : GeofenceKind::Corridor;
    }
    // Built once here, so a polygon crossing itself is refused before it is stored.
    QString error;
    if (GeofenceIndex::geometryOf(g, &error).isEmpty()) {
        err << "fleetwatch geofences add: " << error << '\n';
        return 1;
    }
    if (!store.addGeofences({ g })) {
        err << "fleetwatch geofences add: " << store.lastError() << '\n';
        return 1;
    }
    out << CliTr::tr("added geofence %1\n").arg(g.name);
    return 0;
}

int geofenceImport(QStringList &args, AlertStore &store, QTextStream &out, QTextStream &err)
{
    double width = GeofenceImport::kDefaultCorridorWidthM;
    if (!numberOption(args, QStringLiteral("--width"), &width, err))
        return 2;
    if (args.size() != 1) {
        err << CliTr::tr("fleetwatch geofences import FILE (GeoJSON, KML or GPX) [--width M]\n");
        return 2;
    }
    QFile file(args.first());
    if (!file.open(QIODevice::ReadOnly)) {
        err << "fleetwatch geofences import: "
            << CliTr::tr("cannot read %1: %2").arg(file.fileName(), file.errorString()) << '\n';
        return 1;
    }
    const GeofenceImportResult result
        = GeofenceImport::read(file.readAll(), QFileInfo(file).completeBaseName(), width);
    if (!result.ok()) {
        err << "fleetwatch geofences import: " << file.fileName() << ": " << result.error << '\n';
        return 1;
    }
    for (const Geofence &g : result.geofences) {
        QString error;
        if (GeofenceIndex::geometryOf(g, &error).isEmpty()) {
            err << "fleetwatch geofences import: " << file.fileName() << ": " << error << '\n';
            return 1;
        }
    }
    if (!store.addGeofences(result.geofences)) {
        err << "fleetwatch geofences import: " << store.lastError() << '\n';
        return 1;
    }
    out << CliTr::tr("imported %1 geofences\n").arg(result.geofences.size());
    return 0;
}
} // namespace

int runGeofences(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList args = arguments;
    Database db;
    if (!openDatabase(args, db, err))
        return 1;
    if (args.isEmpty()) {
        err << CliTr::tr("fleetwatch geofences: add|import|list|remove\n");
        return 2;
    }
    AlertStore store(db);
    const QString action = args.takeFirst();
    if ((action == u"add" || action == u"import" || action == u"remove")
        && refuseUnless(
            db.capabilities(), Right::EditGeofences, QStringLiteral("geofences ") + action, err))
        return 1;
    if (action == u"add")
        return geofenceAdd(args, store, out, err);
    if (action == u"import")
        return geofenceImport(args, store, out, err);
    if (action == u"list") {
        const bool json = takeFlag(args, QStringLiteral("--json"));
        if (rejectLeftovers(args, QStringLiteral("geofences list"), err))
            return 2;
        const auto fences = store.geofences();
        if (!fences) {
            err << "fleetwatch geofences list: " << store.lastError() << '\n';
            return 1;
        }
        QJsonArray list;
        for (const Geofence &g : *fences) {
            if (!json) {
                out << g.name << '\t' << Geofence::kindId(g.kind) << '\t'
                    << (g.speedLimitKph > 0 ? QString::number(g.speedLimitKph) : QString())
                    << '\t' << g.group << '\n';
                continue;
            }
            QJsonObject o { { QStringLiteral("name"), g.name },
                            { QStringLiteral("kind"), Geofence::kindId(g.kind) },
                            { QStringLiteral("area"), GeofenceIndex::geometryOf(g) },
                            { QStringLiteral("speedLimitKph"),
                              g.speedLimitKph > 0 ? QJsonValue(g.speedLimitKph)
                                                  : QJsonValue(QJsonValue::Null) } };
            if (!g.group.isEmpty())
                o.insert(QStringLiteral("group"), g.group);
            if (g.kind == GeofenceKind::Circle) {
                o.insert(QStringLiteral("center"),
                         QJsonObject { { QStringLiteral("lat"), g.points.first().lat },
                                       { QStringLiteral("lon"), g.points.first().lon } });
                o.insert(QStringLiteral("radiusM"), g.radiusM);
            } else if (g.kind == GeofenceKind::Corridor) {
                o.insert(QStringLiteral("widthM"), g.widthM);
            }
            list.append(o);
        }
        if (json)
            out << compactJson(QJsonObject { { QStringLiteral("geofences"), list } }) << '\n';
        return 0;
    }
    if (action == u"remove") {
        if (args.size() != 1) {
            err << CliTr::tr("fleetwatch geofences remove NAME\n");
            return 2;
        }
        bool found = false;
        if (!store.removeGeofence(args.first(), &found)) {
            err << "fleetwatch geofences remove: " << store.lastError() << '\n';
            return 1;
        }
        if (!found) {
            err << CliTr::tr("fleetwatch geofences remove: no geofence named \"%1\"\n")
                       .arg(args.first());
            return 1;
        }
        return 0;
    }
    err << CliTr::tr("fleetwatch geofences: unknown action \"%1\"\n").arg(action);
    return 2;
}

int runRules(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList args = arguments;
    Database db;
    if (!openDatabase(args, db, err))
        return 1;
    if (args.isEmpty()) {
        err << CliTr::tr("fleetwatch rules: add|list|remove\n");
        return 2;
    }
    AlertStore store(db);
    const QString action = args.takeFirst();
    if ((action == u"add" || action == u"remove")
        && refuseUnless(
            db.capabilities(), Right::EditRules, QStringLiteral("rules ") + action, err))
        return 1;
    if (action == u"add") {
        AlertRule r;
        r.name = takeOption(args, QStringLiteral("--name"));
        const QString type = takeOption(args, QStringLiteral("--type"));
        const auto t = AlertRule::typeFromId(type);
        if (!t) {
            err << CliTr::tr("fleetwatch rules add: --type must be one of %1\n")
                       .arg(AlertRule::typeIds().join(QStringLiteral(", ")));
            return 2;
        }
        r.type = *t;
        r.geofence = takeOption(args, QStringLiteral("--geofence"));
        double after = 0;
        if (!numberOption(args, QStringLiteral("--limit"), &r.limitKph, err)
            || !numberOption(args, QStringLiteral("--after"), &after, err)
            || !numberOption(args, QStringLiteral("--below"), &r.belowPercent, err)
            || !numberOption(args, QStringLiteral("--every-km"), &r.everyKm, err)
            || !numberOption(args, QStringLiteral("--every-hours"), &r.everyHours, err))
            return 2;
        r.after = std::llround(after * kSecond);
        r.status = takeOption(args, QStringLiteral("--status"));
        r.alarm = takeOption(args, QStringLiteral("--alarm"));
        const QString devices = takeOption(args, QStringLiteral("--devices"));
        r.devices = devices.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (QString &d : r.devices)
            d = d.trimmed();
        r.group = takeOption(args, QStringLiteral("--group"));
        r.targets = takeOptions(args, QStringLiteral("--notify"));
        if (rejectLeftovers(args, QStringLiteral("rules add"), err))
            return 2;
        QString error = r.validate();
        ConnectionStatus status;
        if (error.isEmpty() && r.type == RuleType::Status && !statusFromId(r.status, &status))
            error = CliTr::tr("\"%1\" is not a status id").arg(r.status);
        if (error.isEmpty() && !r.geofence.isEmpty()) {
            const auto fences = store.geofences();
            const bool known = fences && std::any_of(fences->cbegin(), fences->cend(),
                                                     [&](const Geofence &g) {
                                                         return g.name == r.geofence;
                                                     });
            if (!known)
                error = CliTr::tr("no geofence named \"%1\"").arg(r.geofence);
        }
        if (!error.isEmpty()) {
            err << "fleetwatch rules add: " << error << '\n';
            return 2;
        }
        if (!store.addRule(r)) {
            err << "fleetwatch rules add: " << store.lastError() << '\n';
            return 1;
        }
        out << CliTr::tr("added rule %1\n").arg(r.name);
        return 0;
    }
    if (action == u"list") {
        const bool json = takeFlag(args, QStringLiteral("--json"));
        if (rejectLeftovers(args, QStringLiteral("rules list"), err))
            return 2;
        const auto rules = store.rules();
        if (!rules) {
            err << "fleetwatch rules list: " << store.lastError() << '\n';
            return 1;
        }
        QJsonArray list;
        for (const AlertRule &r : *rules) {
            if (json)
                list.append(r.toJson());
            else
                out << r.name << '\t' << AlertRule::typeId(r.type) << '\t'
                    << r.targets.join(QLatin1Char(' ')) << '\n';
        }
        if (json)
            out << compactJson(QJsonObject { { QStringLiteral("rules"), list } }) << '\n';
        return 0;
    }
    if (action == u"remove") {
        if (args.size() != 1) {
            err << CliTr::tr("fleetwatch rules remove NAME\n");
            return 2;
        }
        bool found = false;
        if (!store.removeRule(args.first(), &found)) {
            err << "fleetwatch rules remove: " << store.lastError() << '\n';
            return 1;
        }
        if (!found) {
            err << CliTr::tr("fleetwatch rules remove: no rule named \"%1\"\n").arg(args.first());
            return 1;
        }
        return 0;
    }
    err << CliTr::tr("fleetwatch rules: unknown action \"%1\"\n").arg(action);
    return 2;
}

int runAlerts(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList args = arguments;
    Database db;
    if (!openDatabase(args, db, err))
        return 1;
    AlertStore store(db);
    if (!args.isEmpty() && args.first() == u"ack") {
        args.removeFirst();
        if (refuseUnless(
                db.capabilities(), Right::AcknowledgeAlerts, QStringLiteral("alerts ack"), err))
            return 1;
        bool hasNote = false;
        const QString note = takeOption(args, QStringLiteral("--note"), &hasNote);
        if (args.size() != 1) {
            err << CliTr::tr("fleetwatch alerts ack ID [--note TEXT]\n");
            return 2;
        }
        bool ok = false;
        const qint64 id = args.first().toLongLong(&ok);
        if (!ok || id <= 0) {
            err << CliTr::tr("fleetwatch alerts ack: \"%1\" is not an alert id\n")
                       .arg(args.first());
            return 2;
        }
        bool found = false;
        if (!store.acknowledge(id, osUser(), QDateTime::currentMSecsSinceEpoch(), note,
                               &found)) {
            err << "fleetwatch alerts ack: " << store.lastError() << '\n';
            return 1;
        }
        if (!found) {
            err << CliTr::tr("fleetwatch alerts ack: no alert %1\n").arg(id);
            return 1;
        }
        return 0;
    }
    TimeMs from = kNoTime, to = kNoTime;
    if (!parseTimeOption(args, QStringLiteral("--from"), &from, err)
        || !parseTimeOption(args, QStringLiteral("--to"), &to, err))
        return 2;
    const QString device = takeOption(args, QStringLiteral("--device"));
    const bool json = takeFlag(args, QStringLiteral("--json"));
    if (rejectLeftovers(args, QStringLiteral("alerts"), err))
        return 2;
    const auto alerts = store.alerts(device, from, to);
    if (!alerts) {
        err << "fleetwatch alerts: " << store.lastError() << '\n';
        return 1;
    }
    for (const Alert &a : *alerts) {
        if (json)
            out << compactJson(a.toJson()) << '\n';
        else
            out << a.id << '\t' << toIso(a.time) << '\t' << a.uniqueId << '\t' << a.type << '\t'
                << a.text
                << (a.acknowledgedBy.isEmpty()
                        ? QString()
                        : QLatin1Char('\t') + CliTr::tr("acknowledged by %1").arg(a.acknowledgedBy))
                << '\n';
    }
    return 0;
}

} // namespace fw::cli
